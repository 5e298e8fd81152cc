"""Generated documents on the real task queue (django-tasks-db and its ``db_worker``).

The worker runs in the test (``call_command("db_worker", batch=True)``) against the test
database, or as a subprocess when it must be killed mid-task: on PostgreSQL against the
test database itself (the tests are transactional, their rows committed), on SQLite against
a file copy of the in-memory test database.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from laporan.dokumen import services
from laporan.dokumen.generators import GENERATORS
from laporan.models import DocumentKind, DocumentStatus, GeneratedDocument
from sigoro.models import Role
from tests.kegiatan.factories import closed_execution_in

# serialized_rollback: the flush after each test must give back the migrated rows.
pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("give_back_migrated_rows"),
]

ROOT = Path(settings.BASE_DIR)


def run_worker():
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)


def test_berita_acara_is_queued_made_by_the_worker_and_listed(client, world):
    lurah = world.users[Role.LURAH]
    plan = closed_execution_in(world.home_rt).plan
    client.force_login(lurah)

    response = client.post(reverse("laporan:berita-acara-create", kwargs={"plan_pk": plan.pk}))

    document = GeneratedDocument.objects.get()
    assert response.status_code == 302
    assert response["Location"] == document.get_absolute_url()
    assert document.status == DocumentStatus.QUEUED
    assert document.task_result_id  # enqueued on commit
    page = client.get(reverse("laporan:document-list")).content.decode()
    assert 'data-status="antre"' in page
    assert "dokumen-progress.js" in page  # the archive refreshes itself

    run_worker()

    document.refresh_from_db()
    assert document.status == DocumentStatus.DONE
    assert document.progres == 100
    assert DBTaskResult.objects.get(id=document.task_result_id).status == "SUCCESSFUL"
    stored = Path(settings.MEDIA_ROOT) / document.file.name
    assert stored.read_bytes()[:5] == b"%PDF-"
    assert document.ukuran == stored.stat().st_size
    page = client.get(reverse("laporan:document-list")).content.decode()
    assert 'data-status="selesai"' in page
    assert reverse("laporan:document-download", kwargs={"pk": document.pk}) in page
    download = client.get(reverse("laporan:document-download", kwargs={"pk": document.pk}))
    assert download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == stored.read_bytes()


def test_the_same_request_while_queued_is_made_once(client, world):
    lurah = world.users[Role.LURAH]
    plan = closed_execution_in(world.home_rt).plan
    client.force_login(lurah)
    url = reverse("laporan:berita-acara-create", kwargs={"plan_pk": plan.pk})

    client.post(url)
    client.post(url)  # a double click
    first, created = services.berita_acara_request(user=world.users[Role.CAMAT], plan_pk=plan.pk)

    assert not created
    assert GeneratedDocument.objects.count() == 1
    assert DBTaskResult.objects.count() == 1
    run_worker()
    # Once made, asking again makes a new version.
    second, created = services.berita_acara_request(user=lurah, plan_pk=plan.pk)
    assert created and second.pk != first.pk


def test_a_failed_task_shows_its_error_and_a_retry_makes_the_document(client, world):
    lurah = world.users[Role.LURAH]
    plan = closed_execution_in(world.home_rt).plan
    real = GENERATORS[DocumentKind.BERITA_ACARA]

    def broken(document, progress):
        raise RuntimeError("printer on fire")

    GENERATORS[DocumentKind.BERITA_ACARA] = broken
    try:
        document, _ = services.berita_acara_request(user=lurah, plan_pk=plan.pk)
        run_worker()
    finally:
        GENERATORS[DocumentKind.BERITA_ACARA] = real

    document.refresh_from_db()
    assert document.status == DocumentStatus.FAILED
    assert "printer on fire" in document.galat
    assert DBTaskResult.objects.get(id=document.task_result_id).status == "FAILED"
    client.force_login(lurah)
    page = client.get(document.get_absolute_url()).content.decode()
    assert 'data-testid="error"' in page and 'data-testid="retry"' in page

    response = client.post(reverse("laporan:document-retry", kwargs={"pk": document.pk}))
    assert response.status_code == 302
    run_worker()

    document.refresh_from_db()
    assert document.status == DocumentStatus.DONE
    assert document.percobaan == 2
    assert document.galat == ""
    assert GeneratedDocument.objects.count() == 1
    assert DBTaskResult.objects.count() == 2


def _file_copy_of_test_database(path: Path) -> None:
    """Copy the (in-memory) test database into a file the worker subprocess can open."""
    connection.ensure_connection()
    target = sqlite3.connect(path)
    with target:
        connection.connection.backup(target)
    target.close()


def _manage(*args, env, **kwargs):
    return subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        **kwargs,
    )


def _wait_for(path: Path, process, seconds=120) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        if process.poll() is not None:
            raise AssertionError(f"worker ended early: {process.stderr.read().decode()[-2000:]}")
        if time.monotonic() > deadline:
            raise AssertionError(f"{path} never appeared")
        time.sleep(0.05)


def _worker_database(tmp_path: Path) -> str:
    """Return the DATABASE_URL of the worker subprocess: on SQLite a file copy of the
    (in-memory) test database; on PostgreSQL the test database itself, whose rows this
    transactional test has committed."""
    if connection.vendor == "sqlite":
        database = tmp_path / "worker.sqlite3"
        _file_copy_of_test_database(database)
        return f"sqlite:///{database}"
    db = connection.settings_dict
    user = quote(db["USER"] or "", safe="")
    password = quote(db["PASSWORD"] or "", safe="")
    credentials = f"{user}:{password}@" if user else ""
    return f"postgres://{credentials}{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{db['NAME']}"


def _document_rows(database_url: str):
    """The document rows as the worker left them (read from the worker's database)."""
    query = "SELECT status, progres, file, percobaan FROM laporan_generateddocument"
    if database_url.startswith("sqlite:///"):
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as db:
            return db.execute(query).fetchall()
    with connection.cursor() as cursor:
        cursor.execute(query)
        return [tuple(row) for row in cursor.fetchall()]


def test_a_worker_killed_mid_task_leaves_a_retryable_task_and_one_document(world, tmp_path):
    lurah = world.users[Role.LURAH]
    plan = closed_execution_in(world.home_rt).plan
    document, _ = services.berita_acara_request(user=lurah, plan_pk=plan.pk)
    database_url = _worker_database(tmp_path)
    hold = tmp_path / "hold"
    hold.write_text("wait")
    media = tmp_path / "media"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.laporan.hold_settings",
        "DATABASE_URL": database_url,
        "CONN_MAX_AGE": "0",
        "MEDIA_ROOT": str(media),
        "SIGORO_HOLD_DIR": str(tmp_path),
        "DOCUMENT_STALLED_AFTER": "0",
        "DEBUG": "1",
    }

    worker = _manage("db_worker", "--batch", "--no-startup-delay", env=env)
    try:
        _wait_for(tmp_path / "started", worker)
        os.kill(worker.pid, signal.SIGKILL)  # the machine dies in the middle of the task
    finally:
        worker.wait(timeout=60)

    def row():
        return _document_rows(database_url)

    assert row() == [(DocumentStatus.RUNNING, 10, "", 1)]  # stuck: no worker will finish it

    # The user presses "Coba lagi" (the document counts as stopped), a worker runs again.
    hold.unlink()
    retry = (
        "from laporan.dokumen import services; from laporan.models import GeneratedDocument;"
        "from sigoro.models import User;"
        f"d = GeneratedDocument.objects.get(pk={document.pk});"
        f"services.document_retry(user=User.objects.get(pk={lurah.pk}), document=d)"
    )
    shell = _manage("shell", "-c", retry, env=env)
    assert shell.wait(timeout=120) == 0, shell.stderr.read().decode()[-2000:]
    worker = _manage("db_worker", "--batch", "--no-startup-delay", env=env)
    assert worker.wait(timeout=300) == 0, worker.stderr.read().decode()[-2000:]

    [(status, progress, name, attempts)] = row()
    assert (status, progress, attempts) == (DocumentStatus.DONE, 100, 2)
    files = list((media / "dokumen").rglob("*.pdf"))
    assert [f.relative_to(media).as_posix() for f in files] == [name]
    assert files[0].read_bytes()[:5] == b"%PDF-"
