"""Backup and restore round trip: the demo data and its photos go into one archive and come
back, on a fresh database and an empty media folder, with the same row counts and hashes."""

import hashlib
import io
import tarfile

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from kegiatan.models import Pelaksanaan
from permasalahan.models import Problem
from sigoro.backup import BackupError, backup_create, backup_restore, table_row_counts
from sigoro.models import Photo

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("give_back_migrated_rows"),
]


def files_by_hash(root):
    return sorted(
        (hashlib.sha256(path.read_bytes()).hexdigest(), str(path.relative_to(root)))
        for path in root.rglob("*")
        if path.is_file()
    )


def drop_every_table():
    """Make the test database as fresh as a new machine's: no table at all."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
        else:
            cursor.execute("PRAGMA foreign_keys = OFF")
            for table in connection.introspection.table_names(cursor):
                cursor.execute(f"DROP TABLE {connection.ops.quote_name(table)}")
            cursor.execute("PRAGMA foreign_keys = ON")
    assert table_row_counts() == {}


def test_the_demo_round_trips_through_a_backup(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media-before"
    call_command("load_demo", stdout=io.StringIO())
    counts = table_row_counts()
    executions, problems, photos = (
        Pelaksanaan.objects.count(),
        Problem.objects.count(),
        Photo.objects.count(),
    )
    assert executions == 38 and photos > 0
    files_before = files_by_hash(tmp_path / "media-before")
    assert len(files_before) == 2 * photos  # a thumb and a web rendition per photo

    archive = tmp_path / "sigoro.tar.gz"
    out = io.StringIO()
    call_command("backup", str(archive), stdout=out)
    assert f"{len(files_before)} media files" in out.getvalue()
    with tarfile.open(archive) as tar:
        names = tar.getnames()
    assert "manifest.json" in names and len([n for n in names if n.startswith("media/")]) == (
        len(files_before)
    )

    # Not over a database in use.
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive), stdout=io.StringIO())

    drop_every_table()
    settings.MEDIA_ROOT = tmp_path / "media-after"
    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)
    assert f"{len(files_before)} media files match" in out.getvalue()

    assert table_row_counts() == counts
    assert (Pelaksanaan.objects.count(), Problem.objects.count(), Photo.objects.count()) == (
        executions,
        problems,
        photos,
    )
    assert files_by_hash(tmp_path / "media-after") == files_before
    # A photo still opens from its row, through the storage.
    photo = Photo.objects.order_by("pk").first()
    with photo.web.open("rb") as handle:
        assert handle.read(2) == b"\xff\xd8"


def test_a_changed_file_in_the_archive_is_refused(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    from sigoro import services
    from tests.photo_samples import camera_jpeg, upload

    services.photo_create(user=None, upload=upload(camera_jpeg(1)))
    archive = tmp_path / "a.tar.gz"
    manifest = backup_create(archive=archive)
    member = next(iter(manifest["files"]))
    tampered = tmp_path / "b.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(tampered, "w:gz") as target:
        for info in source.getmembers():
            data = source.extractfile(info).read()
            if info.name == member:
                data = data[:-10] + b"0123456789"
            info.size = len(data)
            target.addfile(info, io.BytesIO(data))
    drop_every_table()
    settings.MEDIA_ROOT = tmp_path / "media-after"
    with pytest.raises(BackupError, match="does not match its manifest"):
        backup_restore(archive=tampered)
