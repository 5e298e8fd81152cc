"""`make demo` over a db.sqlite3 made by the migrations from before the app split."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

from django.conf import settings

BASE = Path(settings.BASE_DIR)


def manage(db: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DEBUG": "1", "DATABASE_URL": f"sqlite:///{db}"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )


def test_an_old_layout_demo_db_is_removed_and_a_current_one_kept(tmp_path):
    db = tmp_path / "db.sqlite3"
    manage(db, "migrate", "-v0")  # from nothing, as make demo does after a rebuild
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT count(*) FROM permasalahan_problemcategory").fetchone()[0] > 0

    manage(db, "rebuild_stale_demo_db")
    assert db.exists()  # current history: kept, nothing said

    with sqlite3.connect(db) as conn:  # what the old layout left behind
        conn.execute(
            "INSERT INTO django_migrations (app, name, applied) "
            "VALUES ('kegiatan', '0003_rencana_aksi', '2026-11-01 00:00')"
        )
    result = manage(db, "rebuild_stale_demo_db")
    assert not db.exists()
    assert "kegiatan.0003_rencana_aksi" in result.stdout
