"""Send the day's reminders: run once a day (cron or a systemd timer, see README).

Reminds the RT heads and the person in charge the day before an approved plan, the lurah of
problems past their deadline, and the RT heads whose attendance is still missing some days
after an event. Running it again the same day sends nothing new.
"""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from notifikasi.daily import run_daily


class Command(BaseCommand):
    help = "Send the day's reminders and overdue notifications (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Run as if today were this date (YYYY-MM-DD).")

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options.get("date"):
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError as error:
                raise CommandError(f"--date must be YYYY-MM-DD: {error}") from None
        with translation.override(settings.LANGUAGE_CODE):
            counts = run_daily(today=today)
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count}")
