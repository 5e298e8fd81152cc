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
