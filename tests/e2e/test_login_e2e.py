import re

import pytest
from playwright.sync_api import expect

from sigoro.models import Role
from tests.factories import TEST_PASSWORD, RTFactory, RWFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_rt_head_signs_in_on_a_phone_and_sees_their_rt(phone_page):
    rw = RWFactory(kelurahan__nama="Ampui", nomor=2)
    rt = RTFactory(rw=rw, nomor=3, jumlah_kk=112, jumlah_jiwa=401)
    UserFactory(
        username="siti", first_name="Siti", role=Role.KETUA_RT, rt=rt, phone="6281271000005"
    )
    page = phone_page

    page.goto("/")
    expect(page).to_have_url(re.compile(r"/akun/masuk/"))
    expect(page.get_by_role("heading", name="Masuk ke SIGORO")).to_be_visible()
    page.get_by_label("Nama pengguna atau nomor HP").fill("0812-7100-0005")
    page.get_by_label("Kata sandi").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Masuk").click()

    expect(page.get_by_role("heading", name="Halo, Siti")).to_be_visible()
    expect(page.get_by_test_id("area")).to_have_text("RT 003 / RW 002 / Kelurahan Ampui")
    expect(page.get_by_text("112", exact=True)).to_be_visible()
    expect(page.get_by_text("401", exact=True)).to_be_visible()
    # Nothing overflows sideways on a 360 px screen.
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 360


def test_wrong_password_shows_an_indonesian_error_and_keeps_the_username(phone_page):
    UserFactory(username="siti", role=Role.KETUA_RT, rt=RTFactory())
    page = phone_page
    page.goto("/akun/masuk/")
    page.get_by_label("Nama pengguna atau nomor HP").fill("siti")
    page.get_by_label("Kata sandi").fill("salah-sandi")
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("alert")).to_contain_text("salah")
    expect(page.get_by_label("Nama pengguna atau nomor HP")).to_have_value("siti")
