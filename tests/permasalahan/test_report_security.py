"""Issue #10, findings 2, 4 and 6: the public report form and the limits of public POSTs.

Each test here failed before its fix: unlimited failed posts and kept photos (2), kept
photos taken by a client-sent uuid (4), a photo's GPS published without the reporter's
consent (6).
"""

import io
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from permasalahan.models import Problem, ProblemEvent, Status
from sigoro import kept_photos, ratelimit
from sigoro.models import Photo, Role
from sigoro.photos import process_photo
from sigoro.services import photo_create_from_processed
from tests.permasalahan.factories import (
    REPORTER_KEY,
    ProblemFactory,
    ResolvedProblemFactory,
    category,
)
from tests.photo_samples import camera_jpeg, upload

pytestmark = pytest.mark.django_db

REPORT = reverse("permasalahan:report")


def report_data(rt, **extra):
    data = {
        "kategori": category().pk,
        "rt": rt.pk,
        "alamat": "Gg. Melati, depan masjid",
        "deskripsi": "Sampah menumpuk sudah seminggu",
        "nama": "",
        "hp": "",
        "idempotency_key": "",
        "website": "",
    }
    data.update(extra)
    return data


def photos(n, **kwargs):
    return [upload(camera_jpeg(1, **kwargs)) for _ in range(n)]


def post_report(client, data, files=(), **extra):
    return client.post(REPORT, {**data, **({"foto": list(files)} if files else {})}, **extra)


def shown(message) -> str:
    """``message()`` as the (Indonesian) page shows it."""
    with translation.override("id"):
        return message()


def kept_ids(html: str) -> str:
    match = re.search(r'name="foto_tersimpan" value="([0-9a-f,]*)"', html)
    return match.group(1) if match else ""


def unattached_photo(*, user=None, lat=None, lon=None) -> Photo:
    """A stored photo no record uses yet (e.g. a delivery photo kept by staff)."""
    processed = process_photo(io.BytesIO(camera_jpeg(1, lat=lat, lon=lon)))
    return photo_create_from_processed(user=user, processed=processed)


# -- finding 2: anonymous, unlimited photo storage ------------------------------------------


def test_failing_report_posts_keep_at_most_the_cap_of_photos(world, settings):
    """On main, 10 failing posts with 2 photos each stored 20 photo rows for retry."""
    settings.PUBLIC_KEPT_PHOTO_RATE = "4/h"
    settings.PUBLIC_POST_RATE = "100/h"
    settings.PUBLIC_PHOTO_RATE = "100/h"
    for _n in range(10):
        client = Client()  # a new session each time: the address still counts
        response = post_report(client, report_data(world.home_rt, alamat=""), photos(2))
        assert response.status_code == 200
    assert Photo.objects.count() == 4
    assert Problem.objects.count() == 0


def test_beyond_the_cap_the_reporter_is_asked_to_choose_the_photos_again(client, world, settings):
    settings.PUBLIC_KEPT_PHOTO_RATE = "2/h"
    first = post_report(client, report_data(world.home_rt, alamat=""), photos(2))
    assert len(kept_ids(first.content.decode()).split(",")) == 2
    second = post_report(
        client, report_data(world.home_rt, alamat="", deskripsi="Kedua"), photos(1)
    )
    html = second.content.decode()
    assert "Kedua" in html  # what was typed stays
    assert shown(kept_photos.not_kept_message) in html
    assert Photo.objects.count() == 2


@pytest.mark.parametrize("path", ["lapor", "dukung", "buka-kembali", "nilai"])
def test_every_public_post_counts_against_the_address_failed_ones_too(
    client, world, settings, path
):
    settings.PUBLIC_POST_RATE = "3/h"
    problem = ResolvedProblemFactory(rt=world.home_rt, reporter_key=REPORTER_KEY)
    client.get(reverse("permasalahan:track-reporter", args=[problem.kode, REPORTER_KEY]))
    url = REPORT if path == "lapor" else f"/lacak/{problem.kode}/{path}/"
    bad = (
        report_data(world.home_rt, alamat="", deskripsi="Tetap diketik")
        if path == "lapor"
        else {"catatan": "", "penilaian": "x"}
    )
    for _n in range(3):
        assert client.post(url, bad).status_code in (200, 302)
    over = client.post(url, bad)
    assert over.status_code == 429
    if path == "lapor":
        html = over.content.decode()
        assert "Tetap diketik" in html
        assert shown(ratelimit.post_limit_message) in html
    other = client.post(url, bad, REMOTE_ADDR="10.9.9.9")
    assert other.status_code in (200, 302)
    problem.refresh_from_db()
    assert problem.status == Status.SELESAI


def test_photo_decoding_has_a_budget_per_address(client, world, settings):
    settings.PUBLIC_PHOTO_RATE = "4/h"
    first = post_report(client, report_data(world.home_rt, idempotency_key="a" * 32), photos(3))
    assert first.status_code == 302
    second = post_report(client, report_data(world.home_rt, idempotency_key="b" * 32), photos(3))
    assert second.status_code == 429
    assert shown(ratelimit.photo_budget_message) in second.content.decode()
    assert Problem.objects.count() == 1
    assert Photo.objects.count() == 3


def test_photos_sent_at_once_have_a_pixel_budget(client, world, settings):
    settings.PHOTO_MAX_PIXELS_PER_REQUEST = 500_000  # each sample is 600 x 400 = 240,000
    response = post_report(client, report_data(world.home_rt), photos(3))
    assert response.status_code == 200
    assert 'class="invalid-feedback d-block"' in response.content.decode()
    assert Problem.objects.count() == 0 and Photo.objects.count() == 0
    ok = post_report(client, report_data(world.home_rt), photos(2))
    assert ok.status_code == 302


def test_kept_photos_are_still_removed_by_cleanup(client, world):
    import datetime

    from django.core.management import call_command
    from django.utils import timezone

    post_report(client, report_data(world.home_rt, alamat=""), photos(2))
    assert Photo.objects.count() == 2
    Photo.objects.update(created_at=timezone.now() - datetime.timedelta(days=2))
    call_command("cleanup_photos", stdout=io.StringIO())
    assert Photo.objects.count() == 0


# -- finding 4: foto_tersimpan trusts a client-sent photo id --------------------------------


def test_a_report_cannot_take_an_unattached_photo_of_someone_else(client, world):
    stranger = unattached_photo(user=world.users[Role.LURAH], lat=-2.3, lon=106.4)
    response = post_report(
        client,
        report_data(world.home_rt, foto_tersimpan=stranger.uuid.hex, pakai_lokasi_foto="on"),
        photos(1),
    )
    assert response.status_code == 302
    problem = Problem.objects.get()
    assert list(problem.photos.values_list("photo__uuid", flat=True)) != [stranger.uuid]
    assert stranger.uuid not in set(problem.photos.values_list("photo__uuid", flat=True))
    assert problem.lat is None  # the stranger's private position is not published


def test_a_photo_kept_for_another_client_is_not_taken(client, world):
    other = Client()
    html = post_report(other, report_data(world.home_rt, alamat=""), photos(1)).content.decode()
    theirs = kept_ids(html)
    assert theirs
    response = post_report(client, report_data(world.home_rt, foto_tersimpan=theirs))
    assert response.status_code == 200  # no photo of its own: asked for one
    assert Problem.objects.count() == 0


def test_the_same_client_gets_its_kept_photo_back(client, world):
    html = post_report(client, report_data(world.home_rt, alamat=""), photos(1)).content.decode()
    mine = kept_ids(html)
    response = post_report(client, report_data(world.home_rt, foto_tersimpan=mine))
    assert response.status_code == 302
    assert Problem.objects.get().photos.get().photo.uuid.hex == mine


def test_reopen_cannot_take_an_unattached_photo_of_someone_else(client, world):
    problem = ResolvedProblemFactory(rt=world.home_rt)
    stranger = unattached_photo(user=world.users[Role.LURAH])
    url = reverse("permasalahan:track-reopen", args=[problem.kode])
    client.post(url, {"catatan": "Masih kotor", "foto_tersimpan": stranger.uuid.hex})
    assert not problem.photos.filter(photo=stranger).exists()
    assert not ProblemEvent.objects.filter(foto=stranger).exists()


def test_staff_form_cannot_take_an_unattached_photo_of_someone_else(client, world):
    stranger = unattached_photo(user=world.users[Role.CAMAT], lat=-2.3, lon=106.4)
    client.force_login(world.users[Role.KETUA_RT])
    data = {
        "kategori": category().pk,
        "rt": world.home_rt.pk,
        "alamat": "Gg. Mawar",
        "deskripsi": "Got tersumbat",
        "keparahan": 2,
        "foto_tersimpan": stranger.uuid.hex,
        "kebutuhan-TOTAL_FORMS": 0,
        "kebutuhan-INITIAL_FORMS": 0,
    }
    response = client.post(reverse("permasalahan:problem-create") + "?kunci=" + "c" * 32, data)
    assert response.status_code == 302
    assert not Problem.objects.get().photos.filter(photo=stranger).exists()


def test_staff_action_cannot_take_an_unattached_photo_of_someone_else(client, world):
    problem = ProblemFactory(rt=world.home_rt)
    stranger = unattached_photo(user=world.users[Role.CAMAT])
    client.force_login(world.users[Role.LURAH])
    url = reverse("permasalahan:problem-verify", args=[problem.kode])
    client.post(url, {"catatan": "Dicek", "foto_tersimpan": stranger.uuid.hex})
    assert not problem.photos.filter(photo=stranger).exists()


# -- finding 6: photo GPS published without consent -----------------------------------------


def test_the_photo_position_is_not_used_without_the_reporters_consent(client, world):
    response = post_report(client, report_data(world.home_rt), photos(1, lat=-2.0921, lon=106.1389))
    assert response.status_code == 302
    problem = Problem.objects.get()
    assert (problem.lat, problem.lon) == (None, None)
    assert problem.photos.get().photo.gps_lat is not None  # kept privately, not published


def test_the_photo_position_is_used_when_the_reporter_ticks_it(client, world):
    html = client.get(REPORT, follow=True).content.decode()
    assert 'name="pakai_lokasi_foto"' in html
    assert 'name="pakai_lokasi_foto" checked' not in html
    response = post_report(
        client,
        report_data(world.home_rt, pakai_lokasi_foto="on"),
        photos(1, lat=-2.0921, lon=106.1389),
    )
    assert response.status_code == 302
    problem = Problem.objects.get()
    assert problem.lat == pytest.approx(-2.0921, abs=1e-4)


@pytest.mark.parametrize(("tick", "has_point"), [(False, False), (True, True)])
def test_staff_form_uses_the_photo_position_only_when_ticked(client, world, tick, has_point):
    client.force_login(world.users[Role.KETUA_RT])
    data = {
        "kategori": category().pk,
        "rt": world.home_rt.pk,
        "alamat": "Gg. Mawar",
        "deskripsi": "Got tersumbat",
        "keparahan": 2,
        "foto": [upload(camera_jpeg(1, lat=-2.0921, lon=106.1389))],
        "kebutuhan-TOTAL_FORMS": 0,
        "kebutuhan-INITIAL_FORMS": 0,
        **({"pakai_lokasi_foto": "on"} if tick else {}),
    }
    response = client.post(reverse("permasalahan:problem-create") + "?kunci=" + "d" * 32, data)
    assert response.status_code == 302
    assert (Problem.objects.get().lat is not None) == has_point


def test_the_reopen_photo_counts_against_the_same_photo_budget(client, world, settings):
    settings.PUBLIC_PHOTO_RATE = "1/h"
    problem = ResolvedProblemFactory(rt=world.home_rt, reporter_key=REPORTER_KEY)
    client.get(reverse("permasalahan:track-reporter", args=[problem.kode, REPORTER_KEY]))
    post_report(client, report_data(world.home_rt, alamat=""), photos(1))  # uses the budget
    url = reverse("permasalahan:track-reopen", args=[problem.kode])
    response = client.post(url, {"catatan": "Masih kotor", "foto": photos(1)[0]})
    assert response.status_code == 429
    assert shown(ratelimit.photo_budget_message) in response.content.decode()
    problem.refresh_from_db()
    assert problem.status == Status.SELESAI
