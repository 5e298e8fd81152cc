from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string

from sigoro import demo
from sigoro.phone import format_phone

# Each stage's demo loader: a function of the kecamatan, safe to run twice.
APP_LOADERS = [
    "permasalahan.demo.load_demo",
    "stakeholder.demo.load_demo",
    "kegiatan.demo.load_plans",
    "kegiatan.demo_execution.load_executions",
    "laporan.demo.load_letterhead",
    "kegiatan.demo_notifications.load_notifications",
]


class Command(BaseCommand):
    help = "Load the Kecamatan Pangkalbalam demo data and demo accounts (safe to run twice)."

    def handle(self, *args, **options):
        kecamatan, users = demo.load_demo()
        for loader in APP_LOADERS:
            import_string(loader)(kecamatan)
        rt_total = kecamatan.kelurahan_set.values("rt_set").count()
        self.stdout.write(f"Demo data: {kecamatan} ({rt_total} RT in 5 kelurahan).")
        self.stdout.write(f"Demo logins (password for all: {demo.DEMO_PASSWORD}):")
        for user in users:
            self.stdout.write(
                f"  {user.username:<10} {format_phone(user.phone):<15} {user.jabatan}"
            )
