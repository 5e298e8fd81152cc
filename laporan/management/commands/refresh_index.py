"""Recompute and store the SIGORO index of every closed period (after an import, or a
change of the rules)."""

import datetime

from django.core.management.base import BaseCommand
from django.utils import timezone

from laporan.indeks import services
from laporan.indeks.selectors import earliest_activity


class Command(BaseCommand):
    help = "Recompute and store the SIGORO index of every closed month, quarter and year."

    def add_arguments(self, parser):
        parser.add_argument(
            "--since",
            type=datetime.date.fromisoformat,
            help="First day to cover (default: the earliest plan or problem).",
        )

    def handle(self, *args, since=None, **options):
        since = since or earliest_activity() or timezone.localdate()
        stored = services.index_rebuild_all(since=since)
        self.stdout.write(f"{stored} index rows stored since {since.isoformat()}.")
