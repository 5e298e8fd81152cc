"""manage.py restore <archive.tar.gz> [--force]: put a backup back and check it."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sigoro.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into a fresh database and media storage, "
        "then check every row count and file hash against its manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="the .tar.gz file written by backup")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace the contents of a database that is not empty",
        )

    def handle(self, *args, archive: Path, force: bool, **options):
        if not archive.is_file():
            raise CommandError(f"{archive} does not exist.")
        try:
            report = backup_restore(archive=archive, force=force)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Restored and checked: {report.tables} tables, {report.rows} rows, "
            f"{report.files} media files match the manifest."
        )
