import datetime

from django.core.management.base import BaseCommand

from kegiatan import services


class Command(BaseCommand):
    help = (
        "Fill the weeks ahead of every active recurring schedule (Jumat Bersih) with draft "
        "plans. Safe to run again; run it daily (cron or a systemd timer)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", type=datetime.date.fromisoformat, default=None)

    def handle(self, *args, today=None, **options):
        created = services.series_generate_due(today=today)
        for series, count in created.items():
            self.stdout.write(f"{series.kelurahan.nama}: {series.judul}: {count}")
        self.stdout.write(f"{sum(created.values())} plan(s) generated.")
