"""Photos sent ahead of their form (``POST /foto/unggah/``): one photo per client key and
user, JSON answers, no partial file after a cut upload, and forms take only the user's own
unused staged photos."""

import datetime
import io
import uuid
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from kegiatan.models import Kehadiran
from sigoro.models import Photo, Role
from tests.kegiatan.factories import execution_in
from tests.photo_samples import camera_jpeg, upload

URL = "/foto/unggah/"


def media_files(root) -> list[Path]:
    root = Path(root)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def send(client, key, content=None, **extra):
    data = {"kunci": str(key), "foto": upload(content or camera_jpeg())}
    return client.post(URL, data, **extra)


def test_the_address_is_the_one_the_clients_use():
    assert reverse("photo-upload") == URL


@pytest.mark.django_db
def test_an_upload_answers_the_photo_and_its_thumbnail(client, world):
    user = world.users[Role.KETUA_RT]
    client.force_login(user)
    key = uuid.uuid4()
    response = send(client, key, camera_jpeg(orientation=6, width=1200, height=800))
    assert response.status_code == 201
    photo = Photo.objects.get()
    assert response.json() == {"uuid": photo.uuid.hex, "thumb": f"/foto/{photo.uuid}/thumb/"}
    assert (photo.uploaded_by, photo.client_key) == (user, key)
    # The pipeline ran: the camera stored the pixels turned (orientation 6); upright again.
    assert (photo.width, photo.height) == (1200, 800)
    # The uploader sees the thumbnail of the unattached photo; nobody else does.
    assert client.get(response.json()["thumb"]).status_code == 200
    client.force_login(world.users[Role.LURAH])
    assert client.get(response.json()["thumb"]).status_code == 404


@pytest.mark.django_db
def test_the_same_upload_replayed_with_one_key_gives_one_photo(client, world, media_in_tmp):
    """Sent twice (a retry after the answer was lost): 201 then 200, the same uuid, one
    row, and one set of files (thumb + web) in MEDIA_ROOT."""
    client.force_login(world.users[Role.KETUA_RT])
    key = uuid.uuid4()
    first = send(client, key)
    second = send(client, key)
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json() == second.json()
    assert Photo.objects.count() == 1
    assert len(media_files(media_in_tmp)) == 2


@pytest.mark.django_db
def test_a_key_used_by_another_user_is_that_users_own_photo(client, world):
    """The RW head sends the key the RT head used: a new photo of the RW head's, never the
    RT head's photo (no read across accounts)."""
    key = uuid.uuid4()
    client.force_login(world.users[Role.KETUA_RT])
    mine = send(client, key).json()
    client.force_login(world.users[Role.KETUA_RW])
    response = send(client, key)
    assert response.status_code == 201
    assert response.json()["uuid"] != mine["uuid"]
    theirs = Photo.objects.get(uuid=response.json()["uuid"])
    assert theirs.uploaded_by == world.users[Role.KETUA_RW]
    assert Photo.objects.count() == 2


@pytest.mark.django_db
def test_a_bad_file_is_a_json_400_in_indonesian_and_stores_nothing(client, world, media_in_tmp):
    client.force_login(world.users[Role.KETUA_RT])
    response = send(client, uuid.uuid4(), b"%PDF-1.4 not a photo")
    assert response.status_code == 400
    assert "error" in response.json()
    # The pipeline's own message, in the site's language (Indonesian once compiled).
    with translation.override(django_settings.LANGUAGE_CODE):
        expected = gettext("This file is not a photo.")
    assert response.json()["error"].startswith(expected)
    assert not Photo.objects.exists() and not media_files(media_in_tmp)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [{"kunci": "not-a-uuid"}, {"kunci": ""}, {}],
    ids=["bad-key", "empty-key", "no-key"],
)
def test_a_missing_or_bad_key_is_a_json_400(client, world, data):
    client.force_login(world.users[Role.KETUA_RT])
    response = client.post(URL, {**data, "foto": upload(camera_jpeg())})
    assert response.status_code == 400
    assert response.json()["error"]
    assert not Photo.objects.exists()


@pytest.mark.django_db
def test_no_file_is_a_json_400(client, world):
    client.force_login(world.users[Role.KETUA_RT])
    response = client.post(URL, {"kunci": str(uuid.uuid4())})
    assert response.status_code == 400
    assert response.json()["error"]


@pytest.mark.django_db
def test_a_photo_above_the_size_limit_is_413(client, world, settings):
    settings.PHOTO_MAX_BYTES = 10_000
    client.force_login(world.users[Role.KETUA_RT])
    response = send(client, uuid.uuid4(), camera_jpeg(width=1200, height=900) + b"\0" * 20_000)
    assert response.status_code == 413
    assert response.json()["error"]
    assert not Photo.objects.exists()


@pytest.mark.django_db
def test_a_body_above_the_request_limit_is_413_before_it_is_read(client, world, settings):
    settings.MAX_REQUEST_BODY_SIZE = 5_000
    client.force_login(world.users[Role.KETUA_RT])
    response = send(client, uuid.uuid4(), camera_jpeg(width=1200, height=900))
    assert response.status_code == 413
    assert not Photo.objects.exists()


@pytest.mark.django_db
def test_anonymous_and_roles_without_photo_work_cannot_upload(client, world):
    assert send(client, uuid.uuid4()).status_code == 302  # to the sign-in page
    for role in (Role.CAMAT, Role.STAKEHOLDER):
        client.force_login(world.users[role])
        assert send(client, uuid.uuid4()).status_code == 403
    assert not Photo.objects.exists()


@pytest.mark.django_db
def test_csrf_is_required(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users[Role.KETUA_RT])
    assert send(client, uuid.uuid4()).status_code == 403
    page = client.get(reverse("home"))
    token = page.cookies["csrftoken"].value
    response = send(client, uuid.uuid4(), HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 201


@pytest.mark.django_db
def test_staff_uploads_have_a_per_account_cap(client, world, settings):
    """3/h: the fourth new photo is 429; a replay of a key already sent is still answered."""
    settings.STAFF_UPLOAD_RATE = "3/h"
    client.force_login(world.users[Role.KETUA_RT])
    keys = [uuid.uuid4() for _ in range(4)]
    assert [send(client, k).status_code for k in keys[:3]] == [201, 201, 201]
    over = send(client, keys[3])
    assert over.status_code == 429 and over.json()["error"]
    assert send(client, keys[0]).status_code == 200
    assert Photo.objects.count() == 3
    # Another account has its own cap.
    client.force_login(world.users[Role.KETUA_RW])
    assert send(client, keys[3]).status_code == 201


# -- forms take the user's own staged photos ------------------------------------------------


def attendance_url(plan, rt):
    return reverse("kegiatan:attendance-record", args=[plan.pk, rt.pk])


@pytest.mark.django_db
def test_the_attendance_form_takes_the_users_own_staged_photos(client, world):
    plan = execution_in(world.home_rt).plan
    client.force_login(world.users[Role.KETUA_RT])
    uuids = [send(client, uuid.uuid4()).json()["uuid"] for _ in range(2)]
    response = client.post(
        attendance_url(plan, world.home_rt),
        {"hadir_warga": "14", "foto_tersimpan": ",".join(uuids)},
    )
    assert response.status_code == 302
    row = Kehadiran.objects.get()
    assert sorted(p.uuid.hex for p in row.foto.all()) == sorted(uuids)
    assert Photo.objects.count() == 2


@pytest.mark.django_db
def test_another_users_staged_photo_is_not_taken(client, world):
    """The RW head names the RT head's staged photo: it is ignored (the attendance is saved
    without it) and stays the RT head's, unattached."""
    plan = execution_in(world.home_rt).plan
    client.force_login(world.users[Role.KETUA_RT])
    theirs = send(client, uuid.uuid4()).json()["uuid"]
    client.force_login(world.users[Role.KETUA_RW])
    response = client.post(
        attendance_url(plan, world.home_rt), {"hadir_warga": "7", "foto_tersimpan": theirs}
    )
    assert response.status_code == 302
    assert Kehadiran.objects.get().foto.count() == 0
    assert Photo.objects.get(uuid=theirs).uploaded_by == world.users[Role.KETUA_RT]


@pytest.mark.django_db
def test_a_staged_photo_already_used_is_not_taken_again(client, world):
    """Attached to RT 001's attendance, the same uuid named again for RT 002 is ignored."""
    sibling = world.foreign_rt[Role.KETUA_RT]
    plan = execution_in(world.home_rt, rts=[sibling]).plan
    client.force_login(world.users[Role.KETUA_RW])
    staged = send(client, uuid.uuid4()).json()["uuid"]
    data = {"hadir_warga": "7", "foto_tersimpan": staged}
    assert client.post(attendance_url(plan, world.home_rt), data).status_code == 302
    assert client.post(attendance_url(plan, sibling), data).status_code == 302
    assert Kehadiran.objects.get(rt=world.home_rt).foto.count() == 1
    assert Kehadiran.objects.get(rt=sibling).foto.count() == 0


@pytest.mark.django_db
def test_a_failed_form_keeps_its_staged_photos(client, world):
    """Counts left empty: 400, the staged uuids still in the form; sent again, they attach."""
    plan = execution_in(world.home_rt).plan
    client.force_login(world.users[Role.KETUA_RT])
    staged = send(client, uuid.uuid4()).json()["uuid"]
    url = attendance_url(plan, world.home_rt)
    failed = client.post(url, {"hadir_warga": "", "foto_tersimpan": staged})
    assert failed.status_code == 400
    assert staged in failed.content.decode()
    assert client.post(url, {"hadir_warga": "3", "foto_tersimpan": staged}).status_code == 302
    assert Kehadiran.objects.get().foto.get().uuid.hex == staged


@pytest.mark.django_db
def test_cleanup_removes_unused_staged_photos_after_a_day(client, world, media_in_tmp):
    plan = execution_in(world.home_rt).plan
    client.force_login(world.users[Role.KETUA_RT])
    used = send(client, uuid.uuid4()).json()["uuid"]
    send(client, uuid.uuid4())  # never named by a form
    client.post(attendance_url(plan, world.home_rt), {"hadir_warga": "5", "foto_tersimpan": used})
    # Both are two days old: only the one no record uses goes.
    Photo.objects.update(created_at=timezone.now() - datetime.timedelta(days=2))
    call_command("cleanup_photos", stdout=io.StringIO())
    assert list(Photo.objects.values_list("uuid", flat=True)) == [uuid.UUID(used)]
    assert len(media_files(media_in_tmp)) == 2


@pytest.mark.django_db
def test_cleanup_keeps_a_staged_photo_younger_than_a_day(client, world):
    client.force_login(world.users[Role.KETUA_RT])
    send(client, uuid.uuid4())
    call_command("cleanup_photos", stdout=io.StringIO())
    assert Photo.objects.count() == 1


@pytest.mark.django_db
def test_a_photo_kept_by_a_form_is_not_a_staged_photo_of_the_user(client, world):
    """A photo of the user kept for a failed form in another browser session is not taken
    by its uuid alone: only photos the user staged (sent with a key) count for the user."""
    from sigoro.services import photo_create

    plan = execution_in(world.home_rt).plan
    user = world.users[Role.KETUA_RT]
    kept_elsewhere = photo_create(user=user, upload=upload(camera_jpeg()))
    client.force_login(user)
    data = {"hadir_warga": "5", "foto_tersimpan": kept_elsewhere.uuid.hex}
    assert client.post(attendance_url(plan, world.home_rt), data).status_code == 302
    assert Kehadiran.objects.get().foto.count() == 0
