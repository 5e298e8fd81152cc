"""Browser test (b) of stage 4: no signal, nothing lost.

At 360 px the RT head opens his attendance form online (the service worker keeps it), the
phone loses its signal, he fills the form in, step by step, chooses two photos and sends:
the outbox keeps it on the phone and the page says "Menunggu sinyal". He reloads the page
(still offline: the worker serves it) and the state still shows 1 form, 2 photos. The
signal returns: the outbox sends it by itself, and the server then holds exactly one
attendance record with its two photos, and the outbox is empty. Replaying the outbox
afterwards (the same entry sent again) keeps one record and two photos.
"""

import re

import pytest
from playwright.sync_api import expect

from kegiatan.models import Kehadiran, Pelaksanaan, PelaksanaanStatus
from sigoro.models import Photo, Role
from tests.e2e.helpers import sign_in
from tests.factories import KelurahanFactory, RTFactory, RWFactory, UserFactory
from tests.kegiatan.factories import execution_in
from tests.photo_samples import camera_jpeg
from tests.stakeholder.factories import StakeholderFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WAITING = re.compile(r"Menunggu sinyal|Waiting for signal")
OUTBOX_SIZE = "window.SigoroOutbox.list().then(entries => entries.length)"
KEPT_PAGES = "caches.open('sigoro-pages').then(c => c.keys()).then(k => k.map(r => r.url))"


@pytest.fixture
def ampui():
    kelurahan = KelurahanFactory(nama="Ampui")
    rt = RTFactory(rw=RWFactory(kelurahan=kelurahan, nomor=2), nomor=3)
    UserFactory(username="pakrt", first_name="Sahrul", role=Role.KETUA_RT, rt=rt)
    for name in ["Bank Sampah Melati", "Puskesmas Ampui", "Koramil 02", "PT Timah Tbk",
                 "Karang Taruna RW 002", "PKK Ampui", "Polsek Pangkalbalam"]:  # fmt: skip
        StakeholderFactory(kecamatan=kelurahan.kecamatan, nama=name)
    return execution_in(rt).plan, rt


@pytest.fixture
def photos(tmp_path):
    paths = []
    for n in (1, 2):
        path = tmp_path / f"daftar-hadir-{n}.jpg"
        path.write_bytes(camera_jpeg(orientation=1, width=1600, height=1200))
        paths.append(str(path))
    return paths


def open_form_online(page, plan, rt) -> str:
    """Open the form once, with signal: the worker installs and keeps the page."""
    sign_in(page, "pakrt")
    url = f"/rencana/{plan.pk}/pelaksanaan/rt/{rt.pk}/"
    page.goto(url)
    page.wait_for_function(f"{KEPT_PAGES}.then(urls => urls.some(u => u.endsWith('{url}')))")
    return url


def fill_and_send_offline(page, photos):
    form = page.get_by_test_id("attendance-form")
    progress = page.get_by_test_id("stepper-progress")
    expect(progress).to_have_attribute("data-step", "1")
    expect(page.get_by_test_id("step-stakeholders")).to_be_hidden()
    form.locator("input[name=hadir_warga]").fill("34")
    form.locator("input[name=hadir_rt_rw]").fill("3")
    form.locator("input[name=hadir_tni_polri]").fill("2")
    form.locator("[data-stepper-next]").click()
    expect(progress).to_have_attribute("data-step", "2")
    page.locator("#stakeholder-filter").fill("bank")
    expect(page.get_by_label("Bank Sampah Melati")).to_be_visible()
    expect(page.get_by_label("Koramil 02")).to_be_hidden()
    page.get_by_label("Bank Sampah Melati").check()
    form.locator("[data-stepper-next]").click()
    expect(progress).to_have_attribute("data-step", "3")
    form.locator("input[name=foto]").set_input_files(photos)
    form.locator("[data-stepper-next]").click()
    expect(progress).to_have_attribute("data-step", "4")
    expect(page.locator("[data-stepper-summary]")).to_contain_text("34")
    expect(page.locator("[data-stepper-summary]")).to_contain_text("Bank Sampah Melati")
    form.locator("button[type=submit]").click()


def expect_waiting(page, forms: int, photos: int):
    status = page.get_by_test_id("outbox-status")
    expect(status).to_be_visible()
    expect(status).to_have_attribute("data-forms", str(forms))
    expect(status).to_have_attribute("data-photos", str(photos))
    expect(status).to_contain_text(WAITING)
    expect(status).to_contain_text(f"{photos} ")


def test_offline_attendance_is_kept_and_sent_once_when_the_signal_returns(
    phone_page, live_server, ampui, photos
):
    plan, rt = ampui
    page = phone_page
    url = open_form_online(page, plan, rt)
    staged = []
    page.on("request", lambda r: staged.append(r) if r.url.endswith("/foto/unggah/") else 0)

    page.context.set_offline(True)
    fill_and_send_offline(page, photos)
    # The staged upload could not send them: kept on the phone with the form.
    expect(page.locator("[data-testid=staged-upload][data-state=kept]")).to_have_count(2)
    expect_waiting(page, forms=1, photos=2)
    expect(page.get_by_test_id("outbox-notice")).to_be_visible()
    assert page.evaluate(OUTBOX_SIZE) == 1
    assert not Kehadiran.objects.exists()

    # Still no signal: the worker serves the page again, the state is still there.
    page.reload()
    expect(page.get_by_test_id("attendance-form")).to_be_visible()
    assert page.url.endswith(url)
    expect_waiting(page, forms=1, photos=2)
    assert not Kehadiran.objects.exists()

    page.context.set_offline(False)
    expect(page.get_by_test_id("outbox-status")).to_be_hidden(timeout=30_000)
    assert page.evaluate(OUTBOX_SIZE) == 0
    kehadiran = Kehadiran.objects.get()
    assert (kehadiran.rt, kehadiran.hadir_warga, kehadiran.total) == (rt, 34, 39)
    assert [s.nama for s in kehadiran.stakeholders.all()] == ["Bank Sampah Melati"]
    assert kehadiran.foto.count() == 2
    # Sent ahead one at a time through the staged upload, each once: no other photo.
    assert Photo.objects.count() == 2
    assert len([r for r in staged if r.method == "POST"]) == 2


def test_sending_the_outbox_twice_keeps_one_record(phone_page, live_server, ampui, photos):
    """The same outbox entry sent again after it went through: the form's idempotency key
    (and each photo's key) make the second sending change nothing."""
    plan, rt = ampui
    page = phone_page
    open_form_online(page, plan, rt)
    page.context.set_offline(True)
    fill_and_send_offline(page, photos)
    expect_waiting(page, forms=1, photos=2)
    page.evaluate("window.SigoroOutbox.list().then(entries => { window.kept = entries[0]; })")

    page.context.set_offline(False)
    expect(page.get_by_test_id("outbox-status")).to_be_hidden(timeout=30_000)
    assert Kehadiran.objects.count() == 1
    assert Kehadiran.objects.get().foto.count() == 2

    # Replay: the very same entry back in the outbox, sent again.
    page.evaluate("window.SigoroOutbox.put(window.kept).then(() => window.SigoroOutbox.flush())")
    page.wait_for_function(f"{OUTBOX_SIZE}.then(n => n === 0)")
    assert page.evaluate(OUTBOX_SIZE) == 0
    assert Kehadiran.objects.count() == 1
    assert Kehadiran.objects.get().foto.count() == 2
    assert Photo.objects.count() == 2


def test_a_form_the_server_refuses_waits_to_be_checked_and_reopens_filled_in(
    phone_page, live_server, ampui, photos
):
    """Sent offline with no head count at all: when the signal returns the server refuses
    it (400). It stays on the phone marked for checking, with a link that opens the form
    filled in again (with the server's error); corrected and sent, it is saved once, with
    its photo, and the RT head sees the usual confirmation."""
    plan, rt = ampui
    page = phone_page
    open_form_online(page, plan, rt)
    page.context.set_offline(True)
    form = page.get_by_test_id("attendance-form")
    form.locator("[data-stepper-next]").click()
    page.get_by_label("PKK Ampui").check()
    form.locator("[data-stepper-next]").click()
    form.locator("input[name=foto]").set_input_files(photos[0])
    form.locator("[data-stepper-next]").click()
    form.locator("button[type=submit]").click()
    expect_waiting(page, forms=1, photos=1)

    page.context.set_offline(False)
    status = page.get_by_test_id("outbox-status")
    expect(status).to_have_attribute("data-review", "1", timeout=30_000)
    expect(status).to_have_attribute("data-forms", "0")
    assert not Kehadiran.objects.exists()
    assert page.evaluate(OUTBOX_SIZE) == 1

    status.get_by_test_id("outbox-review-link").click()
    notice = page.get_by_test_id("outbox-notice")
    expect(notice).to_be_visible()
    expect(notice.locator("li")).to_have_count(1)
    form.locator("[data-stepper-next]").click()
    expect(page.get_by_label("PKK Ampui")).to_be_checked()
    form.locator("[data-stepper-back]").click()
    form.locator("input[name=hadir_warga]").fill("12")
    for _step in range(3):
        form.locator("[data-stepper-next]").click()
    form.locator("button[type=submit]").click()

    page.wait_for_url(f"**/rencana/{plan.pk}/")
    expect(page.locator("main .alert-success")).to_be_visible()
    assert page.evaluate(OUTBOX_SIZE) == 0
    kehadiran = Kehadiran.objects.get()
    assert kehadiran.hadir_warga == 12
    assert [s.nama for s in kehadiran.stakeholders.all()] == ["PKK Ampui"]
    assert kehadiran.foto.count() == 1


def test_with_signal_the_form_is_sent_at_once_and_confirmed(phone_page, live_server, ampui):
    """Online, the outbox is only a safety net: the form goes straight to the server and
    the plan page shows the server's confirmation and warning."""
    plan, rt = ampui
    rt.jumlah_kk, rt.jumlah_jiwa = 6, 20
    rt.save()
    page = phone_page
    sign_in(page, "pakrt")
    page.goto(f"/rencana/{plan.pk}/pelaksanaan/rt/{rt.pk}/")
    form = page.get_by_test_id("attendance-form")
    form.locator("input[name=hadir_warga]").fill("25")
    form.locator("input[name=hadir_warga]").press("Enter")  # Enter = next step, not send
    expect(page.get_by_test_id("stepper-progress")).to_have_attribute("data-step", "2")
    assert not Kehadiran.objects.exists()
    for _step in range(2):
        form.locator("[data-stepper-next]").click()
    form.locator("button[type=submit]").click()
    page.wait_for_url(f"**/rencana/{plan.pk}/")
    expect(page.locator("main .alert-success")).to_be_visible()
    expect(page.locator("main .alert-warning")).to_contain_text("25")
    assert Kehadiran.objects.get().total == 25
    assert page.evaluate(OUTBOX_SIZE) == 0


def test_without_javascript_the_form_is_one_page_and_works(browser, live_server, ampui):
    """No stepper, no outbox: every part on one page, no Back/Next, a plain POST."""
    plan, rt = ampui
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        base_url=live_server.url,
        locale="id-ID",
        java_script_enabled=False,
    )
    page = context.new_page()
    sign_in(page, "pakrt")
    page.goto(f"/rencana/{plan.pk}/pelaksanaan/rt/{rt.pk}/")
    for step in ("step-counts", "step-stakeholders", "step-photos", "step-check"):
        expect(page.get_by_test_id(step)).to_be_visible()
    expect(page.locator("[data-stepper-buttons]")).to_be_hidden()
    expect(page.get_by_test_id("stepper-progress")).to_be_hidden()
    expect(page.get_by_test_id("outbox-status")).to_be_hidden()
    page.locator("input[name=hadir_warga]").fill("17")
    page.get_by_label("Koramil 02").check()
    page.locator("form[data-outbox-form] button[type=submit]").click()
    page.wait_for_url(f"**/rencana/{plan.pk}/")
    assert Kehadiran.objects.get().total == 17
    context.close()


def test_signing_out_forgets_the_pages_kept_for_the_user(phone_page, live_server, ampui):
    """The next person on the phone never gets the RT head's pages from the worker."""
    plan, rt = ampui
    page = phone_page
    open_form_online(page, plan, rt)
    assert page.evaluate(KEPT_PAGES)
    # The sign-out button of the user menu (as a tap on it would send it).
    page.locator("form[data-logout-form]").evaluate("form => form.requestSubmit()")
    page.wait_for_url(re.compile(r"/akun/(masuk|keluar)/"))
    assert page.evaluate(KEPT_PAGES) == []
    page.context.set_offline(True)
    page.goto(f"/rencana/{plan.pk}/pelaksanaan/rt/{rt.pk}/")
    expect(page.get_by_test_id("offline-page")).to_be_visible()
    expect(page.get_by_test_id("attendance-form")).to_have_count(0)


def test_a_form_sent_back_with_an_error_is_not_taken_for_sent(phone_page, live_server, ampui):
    """While the phone had no signal the plan was marked as not held: the server answers
    the form with a redirect to the plan and an error. The outbox keeps the form, marked
    for checking, instead of dropping it as if it had been saved."""
    plan, rt = ampui
    page = phone_page
    open_form_online(page, plan, rt)
    page.context.set_offline(True)
    form = page.get_by_test_id("attendance-form")
    form.locator("input[name=hadir_warga]").fill("8")
    for _step in range(3):
        form.locator("[data-stepper-next]").click()
    form.locator("button[type=submit]").click()
    expect_waiting(page, forms=1, photos=0)
    Pelaksanaan.objects.filter(plan=plan).update(status=PelaksanaanStatus.TIDAK_TERLAKSANA)

    page.context.set_offline(False)
    status = page.get_by_test_id("outbox-status")
    expect(status).to_have_attribute("data-review", "1", timeout=30_000)
    assert page.evaluate(OUTBOX_SIZE) == 1
    assert not Kehadiran.objects.exists()
