"""The staged photo upload (``POST /foto/unggah/``) against the committed database: two
racing requests with one key, and an upload cut mid-body on a real socket to the live
server. Transactional tests flush the database after them, so they live with the other
live-server tests (run on their own, after the rest of the suite)."""

import socket
import uuid

import pytest

from sigoro.models import Photo, Role
from tests.photo_samples import camera_jpeg, upload
from tests.sigoro.test_staged_upload import URL, media_files


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_racing_requests_with_one_key_make_one_photo(world, media_in_tmp):
    """The second request's lookup misses (it ran before the first saved): its insert
    loses on the unique (uploader, key), its files are removed, and it answers the first
    one's photo."""
    from sigoro import services
    from sigoro.photos import process_photo

    user = world.users[Role.KETUA_RT]
    key = uuid.uuid4()
    first, created = services.photo_stage(user=user, upload=upload(camera_jpeg()), client_key=key)
    assert created
    # Simulate the loser of the race: skip the early lookup, go straight to the insert.
    processed = process_photo(upload(camera_jpeg()))
    again = services.create_once(
        Photo,
        key,
        lambda: services.photo_create_from_processed(
            user=user, processed=processed, client_key=key
        ),
        atomic=services.atomic_with_files,
        key_field="client_key",
        scope={"uploaded_by": user},
    )
    assert again.pk == first.pk
    assert Photo.objects.count() == 1
    assert len(media_files(media_in_tmp)) == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_upload_cut_mid_body_leaves_no_file_and_no_row(
    live_server, world, media_in_tmp, settings, tmp_path, caplog
):
    """A raw socket announces 8 MB (above FILE_UPLOAD_MAX_MEMORY_SIZE, so Django spools the
    file to a temporary file on disk), sends the headers and part of the body, then closes:
    the server stores no Photo, leaves nothing in MEDIA_ROOT, and its temporary file is gone
    with the request."""
    from django.test import Client

    spool = tmp_path / "spool"
    spool.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(spool)

    user = world.users[Role.KETUA_RT]
    client = Client()
    client.force_login(user)
    session = client.cookies["sessionid"].value
    csrf = "a" * 32
    boundary = "----sigoro-cut"
    head = (
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="kunci"\r\n\r\n'
        f"{uuid.uuid4()}\r\n"
        f"--{boundary}\r\n"
        'Content-Disposition: form-data; name="foto"; filename="foto.jpg"\r\n'
        "Content-Type: image/jpeg\r\n\r\n"
    ).encode()
    photo = camera_jpeg(width=1600, height=1200)
    announced = 8_000_000
    host, port = live_server.url.removeprefix("http://").split(":")
    request = (
        f"POST {URL} HTTP/1.1\r\n"
        f"Host: {host}:{port}\r\n"
        f"Cookie: sessionid={session}; csrftoken={csrf}\r\n"
        f"X-CSRFToken: {csrf}\r\n"
        f"Referer: {live_server.url}/\r\n"
        f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
        f"Content-Length: {announced}\r\n\r\n"
    ).encode()
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(request + head + photo[: len(photo) // 2])
        sock.shutdown(socket.SHUT_WR)
        sock.settimeout(10)
        try:
            while sock.recv(65536):
                pass
        except (TimeoutError, ConnectionResetError):
            pass
    assert not Photo.objects.exists()
    assert media_files(media_in_tmp) == []
    assert media_files(spool) == []
    # A client that went away is no server error (no 500 logged, no mail to the admins).
    assert not [r for r in caplog.records if r.levelname in ("ERROR", "CRITICAL")]
    # The server is still fine: a whole upload right after works.
    response = client.post(URL, {"kunci": str(uuid.uuid4()), "foto": upload(photo)})
    assert response.status_code == 201
