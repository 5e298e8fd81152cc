"""manage.py backup <archive.tar.gz>: the database and every media file in one archive."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sigoro.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Write the database and the media files, with a manifest, to one .tar.gz archive."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="the .tar.gz file to write")

    def handle(self, *args, archive: Path, **options):
        try:
            manifest = backup_create(archive=archive)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"{archive}: {manifest['vendor']} database, {len(manifest['tables'])} tables, "
            f"{rows} rows, {len(manifest['files'])} media files "
            f"({archive.stat().st_size / 1e6:.1f} MB)"
        )
