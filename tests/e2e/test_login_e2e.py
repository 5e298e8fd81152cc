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


def test_too_many_wrong_passwords_lock_the_sign_in_with_an_explanation(phone_page, settings):
    UserFactory(username="siti", role=Role.KETUA_RT, rt=RTFactory())
    page = phone_page
    page.goto("/akun/masuk/")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.get_by_label("Nama pengguna atau nomor HP").fill("siti")
        page.get_by_label("Kata sandi").fill("salah-sandi")
        page.get_by_role("button", name="Masuk").click()
    # Locked: the right password is refused too, and the form says why and for how long.
    page.get_by_label("Nama pengguna atau nomor HP").fill("siti")
    page.get_by_label("Kata sandi").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_test_id("login-locked")).to_contain_text("15")
    expect(page.get_by_label("Nama pengguna atau nomor HP")).to_have_value("siti")
    expect(page).to_have_url(re.compile(r"/akun/masuk/"))


SERVICE_WORKER_READY = """() => Promise.race([
  navigator.serviceWorker ? navigator.serviceWorker.ready.then(() => true) : false,
  new Promise((resolve) => setTimeout(() => resolve(false), 5000)),
])"""


def test_sign_out_of_all_other_devices_keeps_this_one(phone_page, browser, live_server):
    UserFactory(username="siti", first_name="Siti", role=Role.KETUA_RT, rt=RTFactory())
    other = browser.new_context(base_url=live_server.url, locale="id-ID").new_page()
    for page in (phone_page, other):
        page.goto("/akun/masuk/")
        page.get_by_label("Nama pengguna atau nomor HP").fill("siti")
        page.get_by_label("Kata sandi").fill(TEST_PASSWORD)
        page.get_by_role("button", name="Masuk").click()
        expect(page.get_by_role("heading", name="Halo, Siti")).to_be_visible()

    # On a first visit the service worker fetches the page again in the background to keep it
    # offline; that read may still be on its way with the old session when the sessions end.
    # Its answer must not sign this device out (sigoro.middleware.SessionMiddleware): click
    # at once, without waiting for it.
    phone_page.goto("/akun/ganti-sandi/")
    phone_page.evaluate(SERVICE_WORKER_READY)
    phone_page.get_by_test_id("sessions-end").click()
    expect(phone_page.get_by_role("alert")).to_be_visible()

    other.goto("/")
    expect(other).to_have_url(re.compile(r"/akun/masuk/"))
    phone_page.goto("/")
    expect(phone_page.get_by_role("heading", name="Halo, Siti")).to_be_visible()
    other.context.close()
