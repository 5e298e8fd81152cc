"""A resident reports from a phone, follows the code; the lurah verifies; the resident sees it.
Only the reporter's browser is shown the private link; internal notes stay internal."""

import re

import pytest
from playwright.sync_api import expect

from sigoro.models import Role
from tests.factories import TEST_PASSWORD, KelurahanFactory, RTFactory, RWFactory, UserFactory
from tests.photo_samples import camera_jpeg

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def ampui():
    kelurahan = KelurahanFactory(nama="Ampui")
    rt = RTFactory(rw=RWFactory(kelurahan=kelurahan, nomor=2), nomor=3)
    RTFactory(rw=RWFactory(kelurahan=KelurahanFactory(nama="Ketapang"), nomor=1), nomor=1)
    UserFactory(username="lurah", first_name="Hendra", role=Role.LURAH, kelurahan=kelurahan)
    return rt


def test_resident_reports_lurah_verifies_resident_sees_it(browser, live_server, ampui, tmp_path):
    photo = tmp_path / "got.jpg"
    photo.write_bytes(camera_jpeg(orientation=6, lat=-2.0921, lon=106.1389, width=1200, height=900))

    warga = browser.new_context(viewport={"width": 360, "height": 740}, base_url=live_server.url)
    page = warga.new_page()
    page.goto("/lapor/")
    expect(page.get_by_role("heading", name="Laporkan masalah kebersihan")).to_be_visible()
    page.get_by_label("Jenis masalah").select_option(label="Drainase / got tersumbat")
    page.locator("[data-kelurahan-filter]").select_option("Ampui")
    page.get_by_label("RT", exact=True).select_option(label="RT 003 / RW 002")
    page.get_by_label("Alamat atau patokan").fill("Gg. Melati dekat masjid")
    page.get_by_label("Apa masalahnya?").fill("Got tersumbat plastik, air meluap ke jalan.")
    page.locator("input[name=foto]").set_input_files(str(photo))
    page.get_by_role("button", name="Kirim laporan").click()

    code = page.get_by_test_id("tracking-code")
    expect(code).to_have_text(re.compile(r"^SGR-[2-9A-Z]{6}$"))
    kode = code.inner_text()
    private = page.get_by_test_id("private-link")
    expect(private).to_be_visible()
    expect(private.get_by_role("link")).to_have_text(re.compile(rf"/lacak/{kode}/pelapor/"))
    expect(page.get_by_test_id("status")).to_contain_text("dilaporkan")
    image = page.get_by_test_id("public-photo").first
    expect(image).to_be_visible()
    # The photo is lazily loaded: wait until the browser has it.
    image.page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=image.element_handle()
    )
    width, height = image.evaluate("img => [img.naturalWidth, img.naturalHeight]")
    assert width > height  # stored upright: the EXIF rotation was applied
    assert page.evaluate("document.documentElement.scrollWidth") <= 360

    lurah = browser.new_context(viewport={"width": 1366, "height": 900}, base_url=live_server.url)
    office = lurah.new_page()
    office.goto("/akun/masuk/")
    office.get_by_label("Nama pengguna atau nomor HP").fill("lurah")
    office.get_by_label("Kata sandi").fill(TEST_PASSWORD)
    office.get_by_role("button", name="Masuk").click()
    expect(office.get_by_text("1 laporan menunggu verifikasi.")).to_be_visible()
    office.goto(f"/permasalahan/{kode}/")
    office.get_by_test_id("actions").get_by_label("Catatan").fill("Sudah dicek ke lokasi.")
    office.get_by_test_id("actions").get_by_label("Tampilkan ke publik").check()
    office.get_by_role("button", name="Verifikasi", exact=True).click()
    expect(office.get_by_text("Laporan sudah diverifikasi.")).to_be_visible()
    office.get_by_test_id("actions").get_by_label("Catatan").fill("Pelapor bisa dihubungi sore.")
    office.get_by_role("button", name="Tambah catatan").click()
    expect(office.get_by_test_id("note-internal")).to_have_count(1)

    page.goto(f"/lacak/{kode}/")
    expect(page.get_by_test_id("status")).to_contain_text("diverifikasi")
    expect(page.get_by_text("Sudah dicek ke lokasi.")).to_be_visible()
    expect(page.get_by_text("Hendra")).to_have_count(0)
    expect(page.get_by_text("Pelapor bisa dihubungi sore.")).to_have_count(0)

    stranger = browser.new_context(base_url=live_server.url).new_page()
    stranger.goto(f"/lacak/{kode}/?baru=1")
    expect(stranger.get_by_test_id("tracking-code")).to_have_text(kode)
    expect(stranger.get_by_test_id("private-link")).to_have_count(0)
    stranger.context.close()
    warga.close()
    lurah.close()
