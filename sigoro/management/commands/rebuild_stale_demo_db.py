"""Delete an embedded (SQLite) demo database made by migrations that no longer exist.

The project's migrations were reset to one initial migration per app when the stages were
split into apps; a ``db.sqlite3`` from before records migrations (``kegiatan.0003_...``)
that are gone, and ``migrate`` would stop with an inconsistent history. ``make demo`` runs
this first: such a database holds only demo data, so it is removed and rebuilt. A
PostgreSQL database is never touched (production data): the command stops with a message.
"""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder


def stale_migrations(loader: MigrationLoader, applied) -> list[tuple[str, str]]:
    """Return the applied migrations of this project's apps that no longer exist on disk."""
    local_apps = {
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(Path(settings.BASE_DIR).resolve())
    }
    return sorted(
        key for key in applied if key[0] in local_apps and key not in loader.disk_migrations
    )


class Command(BaseCommand):
    help = "Remove a SQLite demo database whose migration history no longer matches the code."

    def handle(self, *args, **options):
        if not MigrationRecorder(connection).has_table():
            return
        loader = MigrationLoader(connection, ignore_no_migrations=True)
        stale = stale_migrations(loader, loader.applied_migrations)
        if not stale:
            return
        names = ", ".join(f"{app}.{name}" for app, name in stale[:5])
        if connection.vendor != "sqlite":
            raise CommandError(
                f"The database records migrations that no longer exist ({names}). "
                "It was made by an older version; migrate it by hand or start a new database."
            )
        path = Path(connection.settings_dict["NAME"])
        connection.close()
        path.unlink(missing_ok=True)
        self.stdout.write(
            f"{path.name} was made by an older version of SIGORO ({names}): removed, "
            "it is rebuilt now with fresh demo data."
        )
