"""Back, then send again: a report form sent a second time files one report, not two.

Going back reloads the form's address, which carries its one-time key (``?kunci=``); the
browser puts back what was typed and the chosen photo, and the second send finds the first
report instead of making another (issue 9, §6.1).
"""

import re

import pytest
from playwright.sync_api import expect

from permasalahan.defaults import ensure_default_categories
from permasalahan.models import Problem, ProblemCategory, ProblemPhoto
from sigoro.models import Photo, Role
from tests.factories import TEST_PASSWORD, KelurahanFactory, RTFactory, RWFactory, UserFactory
from tests.photo_samples import camera_jpeg

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def ampui():
    # A transactional test elsewhere may have flushed the migrated rows: put them back.
    ensure_default_categories(ProblemCategory)
    kelurahan = KelurahanFactory(nama="Ampui")
    rt = RTFactory(rw=RWFactory(kelurahan=kelurahan, nomor=2), nomor=3)
    UserFactory(username="ketuart", role=Role.KETUA_RT, rt=rt)
    return rt


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "got.jpg"
    path.write_bytes(camera_jpeg(orientation=1, width=800, height=600))
    return str(path)


def fill_problem(page, photo):
    page.get_by_label("Jenis masalah").select_option(label="Drainase / got tersumbat")
    page.get_by_label("RT", exact=True).select_option(label="RT 003 / RW 002")
    page.get_by_label("Alamat atau patokan").fill("Gg. Melati dekat masjid")
    page.get_by_label("Apa masalahnya?").fill("Got tersumbat plastik, air meluap ke jalan.")
    page.locator("input[name=foto]").set_input_files(photo)


def test_public_report_sent_again_after_going_back_is_one_report(phone_page, ampui, photo):
    page = phone_page
    page.goto("/lapor/")
    fill_problem(page, photo)
    page.get_by_role("button", name="Kirim laporan").click()
    first = page.get_by_test_id("tracking-code").inner_text()
    assert re.fullmatch(r"SGR-[2-9A-Z]{6}", first)

    page.go_back()
    expect(page.get_by_test_id("form-sent")).to_contain_text(first)
    assert page.locator("input[name=foto]").evaluate("input => input.files.length") == 1
    page.get_by_role("button", name="Kirim laporan").click()

    expect(page.get_by_test_id("tracking-code")).to_have_text(first)
    assert Problem.objects.count() == 1
    assert ProblemPhoto.objects.count() == 1 and Photo.objects.count() == 1
    assert page.evaluate("document.documentElement.scrollWidth") <= 360


def test_staff_problem_sent_again_after_going_back_is_one_problem(phone_page, ampui, photo):
    page = phone_page
    page.goto("/akun/masuk/")
    page.get_by_label("Nama pengguna atau nomor HP").fill("ketuart")
    page.get_by_label("Kata sandi").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_label("Kata sandi")).to_have_count(0)
    page.goto("/permasalahan/baru/")
    fill_problem(page, photo)
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_test_id("status")).to_be_visible()
    first = Problem.objects.get().kode
    assert first in page.url

    page.go_back()
    expect(page.get_by_test_id("form-sent")).to_contain_text(first)
    page.get_by_role("button", name="Simpan").click()

    expect(page.get_by_test_id("status")).to_be_visible()
    assert first in page.url
    assert Problem.objects.count() == 1
    assert ProblemPhoto.objects.count() == 1 and Photo.objects.count() == 1
