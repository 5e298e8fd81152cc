import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from sigoro.services import photo_delete_orphans


class Command(BaseCommand):
    help = (
        "Delete photos that no record uses, older than --hours (default 24): e.g. photos "
        "kept for a report form that was never sent again. Run it daily (cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=24)

    def handle(self, *args, hours, **options):
        cutoff = timezone.now() - datetime.timedelta(hours=hours)
        removed = photo_delete_orphans(older_than=cutoff)
        self.stdout.write(f"Removed {removed} unused photo(s) older than {hours} h.")
