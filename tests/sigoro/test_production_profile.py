"""The production profile: a storage or database outage gives a clear page and leaves no
half-saved record; gunicorn's and the storages' settings come from the environment."""

import errno
import io
import json
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import OperationalError
from django.test import RequestFactory

from permasalahan.models import Problem
from sigoro import services
from sigoro.models import Photo
from sigoro.photos import process_photo
from sigoro.storage import StorageUnavailable
from sigoro.unavailable import server_error
from tests.permasalahan.test_views import post_report, report_data
from tests.photo_samples import camera_jpeg, upload
from tests.sigoro.test_settings import PRODUCTION, check_deploy, run

pytestmark = pytest.mark.django_db


def stored_files(root):
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


class FullDiskStorage(FileSystemStorage):
    """A local folder that takes ``room`` files, then answers ENOSPC like a full disk.

    Used ONLY in the tests of this file, to fail at an exact rendition; the real full disk
    (a small tmpfs, which needs root) is ``test_a_real_full_disk_...`` below."""

    def __init__(self, *, room: int, **kwargs):
        super().__init__(**kwargs)
        self.room = room

    def _save(self, name, content):
        if self.room <= 0:
            raise OSError(errno.ENOSPC, "No space left on device")
        self.room -= 1
        return super()._save(name, content)


@pytest.fixture
def photo_storage(monkeypatch):
    """Put a storage in place of the photo renditions' storage for one test."""

    def use(storage):
        for name in ("thumb", "web"):
            monkeypatch.setattr(Photo._meta.get_field(name), "storage", storage)
        return storage

    return use


def unreachable_s3():
    """A real S3 client pointed at a closed port of this machine (nothing listens there)."""
    from botocore.config import Config
    from storages.backends.s3 import S3Storage

    return S3Storage(
        bucket_name="sigoro",
        endpoint_url="http://127.0.0.1:9",
        access_key="sigoro",
        secret_key="sigoro-secret",
        region_name="us-east-1",
        client_config=Config(connect_timeout=1, retries={"max_attempts": 1}),
    )


def test_a_full_disk_after_the_first_rendition_leaves_no_row_and_no_file(
    media_in_tmp, photo_storage
):
    photo_storage(FullDiskStorage(location=media_in_tmp, room=1))
    processed = process_photo(upload(camera_jpeg(1)))
    with pytest.raises(StorageUnavailable) as raised:
        services.photo_create_from_processed(user=None, processed=processed)
    assert raised.value.full
    assert "penuh" in str(raised.value)  # "... tempat penyimpanan berkas penuh ..."
    assert Photo.objects.count() == 0
    assert stored_files(media_in_tmp) == []  # the thumb written first was removed


@pytest.fixture
def full_disk(settings, tmp_path):
    """MEDIA_ROOT on a real 192 KB tmpfs: room for a thumbnail, not for the web rendition.
    Mounting needs root and the mount capability (CI runs as root); skipped without them."""
    import subprocess

    root = tmp_path / "tiny-disk"
    root.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=192k", "tmpfs", str(root)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.strip()}")
    settings.MEDIA_ROOT = root
    try:
        yield root
    finally:
        subprocess.run(["umount", str(root)], check=True)


def test_a_real_full_disk_keeps_the_report_typed_and_leaves_no_row_and_no_file(
    client, world, full_disk
):
    from PIL import Image

    noisy = io.BytesIO()  # grain compresses badly: a web rendition of about 1 MB
    Image.effect_noise((2000, 1500), 60).convert("RGB").save(noisy, "JPEG", quality=90)
    data = report_data(world.home_rt, deskripsi="Sampah menumpuk di Jl. Kenanga")
    response = post_report(client, data, [upload(noisy.getvalue())])
    html = response.content.decode()
    assert response.status_code == 503
    assert "full" in html or "penuh" in html
    assert "Sampah menumpuk di Jl. Kenanga" in html
    assert Problem.objects.count() == 0 and Photo.objects.count() == 0
    assert stored_files(full_disk) == []  # no thumbnail, no half-written web rendition


def test_the_s3_server_down_during_an_upload_leaves_no_row(photo_storage):
    photo_storage(unreachable_s3())
    processed = process_photo(upload(camera_jpeg(1)))
    with pytest.raises(StorageUnavailable) as raised:
        services.photo_create_from_processed(user=None, processed=processed)
    assert not raised.value.full
    assert Photo.objects.count() == 0


def test_the_public_report_with_storage_down_keeps_what_was_typed(client, world, photo_storage):
    photo_storage(unreachable_s3())
    data = report_data(world.home_rt, deskripsi="Got tersumbat di Jl. Kenanga")
    response = post_report(client, data, [upload(camera_jpeg(1))])
    html = response.content.decode()
    assert response.status_code == 503
    assert "cannot be reached" in html or "tidak dapat" in html
    assert "Got tersumbat di Jl. Kenanga" in html and "Gg. Melati, depan masjid" in html
    assert Problem.objects.count() == 0 and Photo.objects.count() == 0


def test_the_staff_upload_with_a_full_disk_answers_503(client, world, media_in_tmp, photo_storage):
    from sigoro.models import Role

    photo_storage(FullDiskStorage(location=media_in_tmp, room=0))
    client.force_login(world.users[Role.KETUA_RT])
    response = client.post(
        "/foto/unggah/",
        {"foto": upload(camera_jpeg(1)), "kunci": "0f0e0d0c-0b0a-4908-8706-050403020100"},
    )
    assert response.status_code == 503
    assert "full" in response.json()["error"] or "penuh" in response.json()["error"]
    assert Photo.objects.count() == 0


@pytest.mark.urls("tests.sigoro.unavailable_urls")
@pytest.mark.parametrize("url", ["/uji/db-mati/", "/uji/koneksi-tertutup/"])
def test_a_database_outage_in_a_view_gives_the_503_page(client, url, settings):
    settings.UNAVAILABLE_RETRY_AFTER = 15
    client.raise_request_exception = False
    response = client.get(url)
    assert response.status_code == 503
    assert response["Retry-After"] == "15"
    assert response["Cache-Control"] == "no-store"
    assert 'data-testid="service-unavailable"' in response.content.decode()


def test_a_database_outage_outside_a_view_gives_the_503_page_too():
    request = RequestFactory().get("/")
    try:
        raise OperationalError("the database system is shutting down")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503 and response["Retry-After"]


def test_any_other_error_stays_a_500():
    request = RequestFactory().get("/")
    try:
        raise RuntimeError("a bug")
    except RuntimeError:
        response = server_error(request)
    assert response.status_code == 500


S3_ENV = {
    "MEDIA_STORAGE": "s3",
    "S3_BUCKET": "sigoro-media",
    "S3_ENDPOINT_URL": "http://127.0.0.1:8333",
    "S3_ACCESS_KEY_ID": "sigoro",
    "S3_SECRET_ACCESS_KEY": "sigoro-secret",
    "S3_REGION": "us-east-1",
    "MEDIA_ACCEL_REDIRECT": "/protected-media/",
    "DATABASE_URL": "postgres://sigoro:secret@127.0.0.1:5432/sigoro",
}
STORAGE_PROBE = """
import json, django
from django.conf import settings
django.setup()
from django.core.files.storage import default_storage, storages
from sigoro.models import Photo
print(json.dumps({
    "private": [type(default_storage._wrapped if hasattr(default_storage, "_wrapped") else
                default_storage).__name__, getattr(storages["default"], "location", None)],
    "public": [type(storages["public"]).__name__, getattr(storages["public"], "location", None)],
    "photo_field": getattr(Photo._meta.get_field("web").storage, "location", None),
    "accel": settings.MEDIA_ACCEL_REDIRECT,
    "bucket": storages["public"].bucket_name,
    "health_checks": settings.DATABASES["default"]["CONN_HEALTH_CHECKS"],
    "conn_max_age": settings.DATABASES["default"]["CONN_MAX_AGE"],
}))
"""


def test_s3_media_puts_photos_and_private_files_in_separate_locations():
    result = run(["-c", STORAGE_PROBE], **PRODUCTION, **S3_ENV, CONN_MAX_AGE="120")
    assert result.returncode == 0, result.stderr
    probe = json.loads(result.stdout.strip().splitlines()[-1])
    assert probe["private"][1] == "private"
    assert probe["public"] == ["S3Storage", "public"]
    assert probe["photo_field"] == "public"
    assert probe["accel"] == ""  # nginx cannot send a bucket's object: the app streams it
    assert probe["bucket"] == "sigoro-media"
    assert probe["health_checks"] is True and probe["conn_max_age"] == 120


def test_check_deploy_is_clean_with_postgresql_and_s3():
    result = check_deploy(**PRODUCTION, **S3_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_unknown_media_storage_is_refused():
    result = run(["-c", "import django; django.setup()"], MEDIA_STORAGE="ftp")
    assert result.returncode != 0 and "MEDIA_STORAGE must be" in result.stderr


def gunicorn_config(**environment: str) -> dict:
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    result = subprocess.run(
        [gunicorn, "-c", "gunicorn.conf.py", "--print-config"],
        env={"PATH": "/usr/bin:/bin", **environment},
        capture_output=True,
        text=True,
        timeout=60,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode == 0, result.stderr
    return {
        key.strip(): value.strip()
        for key, _, value in (line.partition("=") for line in result.stdout.splitlines())
    }


def test_gunicorn_workers_follow_the_cpu_count_unless_told():
    default_workers = runpy.run_path(str(settings.BASE_DIR / "gunicorn.conf.py"))["default_workers"]
    assert default_workers(1) == 3 and default_workers(2) == 5 and default_workers(16) == 12
    assert gunicorn_config(WEB_CONCURRENCY="3")["workers"] == "3"


def test_gunicorn_trusts_only_the_proxy_and_logs_the_request_time():
    config = gunicorn_config(GUNICORN_BIND="127.0.0.1:8311", FORWARDED_ALLOW_IPS="10.0.0.5")
    assert config["bind"] == "['127.0.0.1:8311']"
    assert config["forwarded_allow_ips"] == "['10.0.0.5']"
    assert "%(M)sms" in config["access_log_format"]
