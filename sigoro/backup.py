"""Backup and restore of a whole SIGORO: the database and the media files in one
``.tar.gz`` with a manifest (row counts per table, SHA-256 of every file), so a restore on
a fresh machine can prove it got everything (``manage.py backup`` / ``manage.py restore``).

Archive layout::

    manifest.json          {"format", "created", "vendor", "tables": {name: rows},
                            "files": {"media/<alias>/<name>": sha256}}
    database.dump          PostgreSQL: pg_dump -Fc (custom format, restored by pg_restore)
    database.sqlite3       SQLite: a consistent copy made with sqlite3's backup API
    media/<alias>/<name>   every file of each media storage (local folder or S3 bucket)

The media storages are the ones of sigoro/settings.py ("default": private files, "public":
photo renditions); two aliases on the same folder or bucket location are read once.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import connection
from django.utils import timezone

FORMAT = 1
MEDIA_ALIASES = ("default", "public")


class BackupError(Exception):
    """A backup or restore that cannot go on; ``str(error)`` says why."""


@dataclass
class RestoreReport:
    tables: int
    rows: int
    files: int


# -- reading what there is -------------------------------------------------------------------


def table_row_counts() -> dict[str, int]:
    """Return the number of rows of every table of the database."""
    counts = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            counts[table] = cursor.fetchone()[0]
    return counts


def media_sources() -> dict[str, object]:
    """Return the media storages by alias, each folder or bucket location only once."""
    seen, sources = set(), {}
    for alias in MEDIA_ALIASES:
        storage = storages[alias]
        where = (
            type(storage).__name__,
            str(getattr(storage, "base_location", "") or getattr(storage, "location", "")),
            getattr(storage, "bucket_name", None),
        )
        if where not in seen:
            seen.add(where)
            sources[alias] = storage
    return sources


def storage_files(storage, path: str = ""):
    """Yield the name of every file in ``storage`` under ``path``, depth first."""
    try:
        directories, files = storage.listdir(path)
    except FileNotFoundError:
        return
    for name in sorted(files):
        yield f"{path}/{name}" if path else name
    for directory in sorted(directories):
        yield from storage_files(storage, f"{path}/{directory}" if path else directory)


def sha256_of(handle) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: handle.read(1024 * 1024), b""):
        digest.update(chunk)
    return digest.hexdigest()


# -- the database ------------------------------------------------------------------------------


def _pg_env_and_args() -> tuple[dict, list[str]]:
    settings_dict = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": str(settings_dict.get("PASSWORD") or "")}
    args = [
        "-h", str(settings_dict.get("HOST") or "127.0.0.1"),
        "-p", str(settings_dict.get("PORT") or 5432),
        "-U", str(settings_dict.get("USER") or ""),
        "-d", str(settings_dict["NAME"]),
    ]  # fmt: skip
    return env, args


def _pg_tool(name: str) -> str:
    """Return the newest ``pg_dump``/``pg_restore`` (Debian keeps them out of PATH)."""
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/" + name), key=lambda p: p.parts)
    if versions:
        return str(versions[-1])
    found = shutil.which(name)
    if not found:
        raise BackupError(f"{name} is not installed (apt-get install postgresql-client).")
    return found


def _run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip()[-2000:]}")


def dump_database(target_dir: Path) -> str:
    """Write the database into ``target_dir``; return the archive member's name."""
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        env, args = _pg_env_and_args()
        out = target_dir / "database.dump"
        _run([_pg_tool("pg_dump"), "-Fc", "--no-owner", "--no-acl", "-f", str(out), *args], env)
        return out.name
    if connection.vendor == "sqlite":
        out = target_dir / "database.sqlite3"
        with sqlite3.connect(out) as copy:
            connection.connection.backup(copy)
        copy.close()
        return out.name
    raise BackupError(f"Backing up a {connection.vendor} database is not supported.")


def load_database(member: Path, *, replace: bool) -> None:
    """Put the dumped database in place of the current one."""
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        env, args = _pg_env_and_args()
        options = ["--no-owner", "--no-acl", "--exit-on-error"]
        if replace:
            options += ["--clean", "--if-exists"]
        connection.close()
        _run([_pg_tool("pg_restore"), *options, *args, str(member)], env)
        return
    if connection.vendor == "sqlite":
        with sqlite3.connect(member) as source:
            source.backup(connection.connection)
        source.close()
        return
    raise BackupError(f"Restoring into a {connection.vendor} database is not supported.")


def database_is_empty() -> bool:
    """A fresh database: no table, or no table with a row in it."""
    return not any(table_row_counts().values())


# -- backup and restore -------------------------------------------------------------------------


def backup_create(*, archive: Path) -> dict:
    """Write the database and every media file, with the manifest, to ``archive``
    (a .tar.gz); return the manifest."""
    archive = Path(archive)
    with tempfile.TemporaryDirectory(prefix="sigoro-backup-") as tmp:
        work = Path(tmp)
        manifest = {
            "format": FORMAT,
            "created": timezone.now().isoformat(),
            "vendor": connection.vendor,
            "tables": table_row_counts(),
            "files": {},
        }
        database_member = dump_database(work)
        manifest["database"] = database_member
        partial = archive.with_name(archive.name + ".partial")
        with tarfile.open(partial, "w:gz") as tar:
            tar.add(work / database_member, arcname=database_member)
            for alias, storage in media_sources().items():
                for name in storage_files(storage):
                    member = f"media/{alias}/{name}"
                    with storage.open(name, "rb") as handle:
                        content = handle.read()
                    manifest["files"][member] = hashlib.sha256(content).hexdigest()
                    info = tarfile.TarInfo(member)
                    info.size = len(content)
                    tar.addfile(info, io.BytesIO(content))
            data = json.dumps(manifest, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo("manifest.json")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        partial.replace(archive)  # a half-written archive never carries the final name
    return manifest


def _read_manifest(tar: tarfile.TarFile) -> dict:
    try:
        manifest = json.load(tar.extractfile("manifest.json"))
    except KeyError:
        raise BackupError("This archive has no manifest.json: not a SIGORO backup.") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}.")
    return manifest


def backup_restore(*, archive: Path, force: bool = False) -> RestoreReport:
    """Restore ``archive`` into this database and these media storages, then check every
    row count and every file hash against its manifest (``BackupError`` on a difference).

    A database that already holds rows is refused unless ``force``: then its tables are
    replaced, and media files of the same name are overwritten.
    """
    with tarfile.open(archive, "r:gz") as tar, tempfile.TemporaryDirectory() as tmp:
        manifest = _read_manifest(tar)
        if manifest["vendor"] != connection.vendor:
            raise BackupError(
                f"This backup is of a {manifest['vendor']} database; this one is "
                f"{connection.vendor}."
            )
        if not force and not database_is_empty():
            raise BackupError(
                "The database is not empty: restoring would mix two installations. "
                "Use a fresh database, or --force to replace its contents."
            )
        tar.extract(manifest["database"], tmp, filter="data")
        load_database(Path(tmp) / manifest["database"], replace=force)
        sources = {alias: storages[alias] for alias in MEDIA_ALIASES}
        for member, digest in manifest["files"].items():
            _, alias, name = member.split("/", 2)
            storage = sources[alias]
            content = tar.extractfile(member).read()
            if hashlib.sha256(content).hexdigest() != digest:
                raise BackupError(f"{member} in the archive does not match its manifest.")
            if storage.exists(name):
                if not force:
                    raise BackupError(f"{name} already exists in the media storage ({alias}).")
                storage.delete(name)
            saved = storage.save(name, ContentFile(content))
            if saved != name:
                raise BackupError(f"{name} was stored as {saved}.")
    return backup_verify(manifest)


def backup_verify(manifest: dict) -> RestoreReport:
    """Compare this database and these media files with ``manifest``."""
    counts = table_row_counts()
    wrong = {
        table: (rows, counts.get(table))
        for table, rows in manifest["tables"].items()
        if counts.get(table) != rows
    }
    if wrong:
        raise BackupError(f"Row counts differ from the manifest (expected, found): {wrong}")
    for member, digest in manifest["files"].items():
        _, alias, name = member.split("/", 2)
        with storages[alias].open(name, "rb") as handle:
            if sha256_of(handle) != digest:
                raise BackupError(f"{name} differs from the manifest after the restore.")
    return RestoreReport(
        tables=len(manifest["tables"]),
        rows=sum(manifest["tables"].values()),
        files=len(manifest["files"]),
    )
