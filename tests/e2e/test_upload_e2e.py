"""Browser test (a) of the execution day on a poor network: at 360 px, with the network
throttled through CDP to about 400 kbps each way and 400 ms latency, an RT head records
the attendance with two 12 MP photos, then a result. The photos are downscaled in the
browser before they are sent (the server receives about 1600 px, upright), one at a time
with a progress bar, and the server holds one Kehadiran with both photos."""

import time

import pytest
from playwright.sync_api import expect

from kegiatan.models import HasilKegiatan, Kehadiran
from sigoro.models import Photo, Role
from tests.e2e.helpers import sign_in
from tests.factories import UserFactory
from tests.kegiatan.factories import execution_in, indicator
from tests.photo_samples import camera_12mp_jpeg

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

KBPS_400 = 400_000 / 8  # bytes per second


def throttle(page, *, latency_ms=400, bytes_per_second=KBPS_400):
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send(
        "Network.emulateNetworkConditions",
        {
            "offline": False,
            "latency": latency_ms,
            "downloadThroughput": bytes_per_second,
            "uploadThroughput": bytes_per_second,
        },
    )
    return cdp


def test_an_rt_head_records_attendance_with_two_12mp_photos_on_a_slow_network(phone_page, tmp_path):
    from sigoro.models import RT

    pelaksanaan = execution_in(_rt())
    plan, rt = pelaksanaan.plan, RT.objects.get()
    UserFactory(username="ketuart", role=Role.KETUA_RT, rt=rt)
    photos = []
    for seed in (1, 2):
        path = tmp_path / f"IMG_2026120{seed}_071500.jpg"
        path.write_bytes(camera_12mp_jpeg(orientation=6, seed=seed))
        photos.append(path)
    original_bytes = sum(p.stat().st_size for p in photos)
    assert original_bytes > 6_000_000  # two real-sized phone photos (3-5 MB each)

    page = phone_page
    sign_in(page, "ketuart")
    started = time.monotonic()
    throttle(page)
    sent = []
    page.on(
        "request",
        lambda r: sent.append(r) if r.url.endswith("/foto/unggah/") and r.method == "POST" else 0,
    )
    page.goto(f"/rencana/{plan.pk}/pelaksanaan/rt/{rt.pk}/")
    page.locator("input[name=hadir_warga]").fill("23")
    page.locator("input[name=hadir_rt_rw]").fill("2")
    # One step per screen (s4-offline): counts -> stakeholders -> photos.
    page.locator("[data-stepper-next]").click()
    page.locator("[data-stepper-next]").click()
    page.locator("input[type=file][data-staged-upload]").set_input_files([str(p) for p in photos])
    items = page.get_by_test_id("staged-upload")
    expect(items).to_have_count(2)
    # A progress bar per photo, with an accessible name.
    expect(items.first.get_by_role("progressbar")).to_have_count(1)
    # Submitting while photos are still on their way waits for them, then posts.
    page.locator("[data-stepper-next]").click()
    page.get_by_test_id("attendance-form").locator("button[type=submit]").click()
    page.wait_for_url(f"**/rencana/{plan.pk}/", timeout=60_000)

    row = Kehadiran.objects.get()
    assert (row.rt_id, row.hadir_warga, row.hadir_rt_rw) == (rt.pk, 23, 2)
    stored = list(row.foto.all())
    assert len(stored) == 2 and Photo.objects.count() == 2
    # The browser sent the downscaled photos, upright: 3000x4000 portrait -> 1200x1600.
    assert sorted((p.width, p.height) for p in stored) == [(1200, 1600), (1200, 1600)]
    assert {p.source_format for p in stored} == {"JPEG"}
    assert len(sent) == 2  # one request per photo, no retry needed

    # Then a result, still throttled.
    page.goto(f"/rencana/{plan.pk}/pelaksanaan/hasil/")
    page.locator("select[name=indikator]").select_option(str(indicator().pk))
    page.locator("input[name=jumlah]").fill("150")
    page.get_by_test_id("row-form").get_by_role("button").click()
    expect(page.get_by_test_id("rows")).to_contain_text("150")
    assert HasilKegiatan.objects.get().jumlah == 150
    elapsed = time.monotonic() - started
    assert elapsed < 60, f"{elapsed:.0f} s"


def _rt():
    from tests.factories import KelurahanFactory, RTFactory, RWFactory

    kelurahan = KelurahanFactory(nama="Ampui")
    return RTFactory(rw=RWFactory(kelurahan=kelurahan, nomor=1), nomor=1, jumlah_kk=60)


def _attendance_page(page):
    from sigoro.models import RT

    plan = execution_in(_rt()).plan
    rt = RT.objects.get()
    UserFactory(username="ketuart", role=Role.KETUA_RT, rt=rt)
    sign_in(page, "ketuart")
    page.goto(f"/rencana/{plan.pk}/pelaksanaan/rt/{rt.pk}/")
    return plan, rt


def test_a_retry_after_a_lost_answer_sends_the_same_key_and_makes_no_duplicate(
    phone_page, tmp_path
):
    """The first upload reaches the server (the photo is stored) but its answer is lost
    (the connection resets): the script tries again with the same key, the server answers
    the photo it has, and the attendance carries one photo."""
    from tests.photo_samples import camera_jpeg

    page = phone_page
    plan, rt = _attendance_page(page)
    bodies = []

    def lose_first_answer(route):
        bodies.append(route.request.post_data_buffer or b"")
        if len(bodies) == 1:
            route.fetch()  # the server gets it and stores the photo...
            route.abort("connectionreset")  # ...the phone never hears back
        else:
            route.continue_()

    page.route("**/foto/unggah/", lose_first_answer)
    path = tmp_path / "IMG_retry.jpg"
    path.write_bytes(camera_jpeg(orientation=1, width=1200, height=900))
    page.evaluate(
        """() => { window.sentKeys = [];
      document.addEventListener("sigoro:photo-sent",
        (e) => window.sentKeys.push(e.detail.key)); }"""
    )
    page.locator("input[name=hadir_warga]").fill("9")
    page.locator("input[type=file][data-staged-upload]").set_input_files(str(path))
    expect(page.locator("[data-testid=staged-upload][data-state=sent]")).to_have_count(
        1, timeout=20_000
    )
    assert len(bodies) == 2
    keys = [_field(body, b"kunci") for body in bodies]
    assert keys[0] and keys[0] == keys[1]
    assert page.evaluate("window.sentKeys") == [keys[0].decode()]  # the form heard of it once
    assert Photo.objects.count() == 1
    for _step in range(3):  # one step per screen (s4-offline): on to "check and send"
        page.locator("[data-stepper-next]").click()
    page.get_by_test_id("attendance-form").locator("button[type=submit]").click()
    page.wait_for_url(f"**/rencana/{plan.pk}/")
    assert Kehadiran.objects.get().foto.count() == 1


def test_a_photo_the_browser_cannot_decode_is_sent_as_it_is(phone_page):
    """A HEIC (Chromium cannot decode it): downscale gives the original file back."""
    page = phone_page
    _attendance_page(page)
    same = page.evaluate(
        """async () => {
      const bytes = new Uint8Array([0, 0, 0, 24, 102, 116, 121, 112, 104, 101, 105, 99,
                                    0, 0, 0, 0, 109, 105, 102, 49, 104, 101, 105, 99]);
      const file = new File([bytes], "IMG_0001.HEIC", {type: "image/heic"});
      return (await SigoroUpload.downscale(file)) === file;
    }"""
    )
    assert same is True


def _field(body: bytes, name: bytes) -> bytes:
    """The value of a multipart text field."""
    marker = b'name="' + name + b'"\r\n\r\n'
    start = body.find(marker)
    if start < 0:
        return b""
    start += len(marker)
    return body[start : body.find(b"\r\n", start)]


def test_the_attendance_form_with_photos_sent_and_refused_has_no_wcag_violation(axe_page, tmp_path):
    """axe-core WCAG 2 A/AA on the attendance form holding one photo sent (thumbnail) and
    one refused by the server (its message and the remove button)."""
    from tests.e2e.test_accessibility_e2e import AXE, RUN_AXE
    from tests.photo_samples import camera_jpeg

    page = axe_page
    _attendance_page(page)
    for _step in range(2):  # one step per screen (s4-offline): the photos step
        page.locator("[data-stepper-next]").click()
    good = tmp_path / "IMG_good.jpg"
    good.write_bytes(camera_jpeg(orientation=1, width=1200, height=900))
    bad = tmp_path / "catatan.jpg"
    bad.write_bytes(b"not a photo at all")
    page.locator("input[type=file][data-staged-upload]").set_input_files([str(good), str(bad)])
    expect(page.locator("[data-testid=staged-upload][data-state=sent]")).to_have_count(1)
    refused = page.locator("[data-testid=staged-upload][data-state=failed]")
    expect(refused).to_have_count(1)
    expect(refused).to_contain_text("bukan foto")  # the pipeline's message, translated
    page.add_script_tag(content=AXE)
    assert page.evaluate(RUN_AXE) == []
