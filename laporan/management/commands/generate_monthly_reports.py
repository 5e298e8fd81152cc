"""Queue the monthly reports of the last closed month (or ``--month``) for every area: each
kota, kecamatan and kelurahan, or only those named. Run it monthly (cron or a systemd
timer, see the README); running it twice makes one document per area and month."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from laporan.dokumen import services
from laporan.dokumen.laporan_bulanan import KECAMATAN, KELURAHAN, KOTA
from laporan.periods import MONTH, Period
from sigoro.models import Kecamatan, Kelurahan, Kota


def _month(value: str) -> Period:
    period = Period.parse(value, default=None)
    if period is None or period.kind != MONTH:
        raise CommandError(f"--month takes a month such as 2026-11, not {value!r}.")
    return period


class Command(BaseCommand):
    help = "Queue the monthly report of every kota, kecamatan and kelurahan (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--month", type=_month, help="The month, e.g. 2026-11 (default: last).")
        parser.add_argument(
            "--kota", nargs="*", type=int, metavar="ID", help="Only cities (all without ids)."
        )
        parser.add_argument(
            "--kecamatan", nargs="*", type=int, metavar="ID", help="Only kecamatan (all: no id)."
        )
        parser.add_argument(
            "--kelurahan", nargs="*", type=int, metavar="ID", help="Only kelurahan (all: no id)."
        )

    def handle(self, *args, month=None, kota=None, kecamatan=None, kelurahan=None, **options):
        today = timezone.localdate()
        period = month or Period.last_closed_month(today=today)
        if period.start > today:
            raise CommandError(f"{period.key} has not begun.")
        chosen = {KOTA: kota, KECAMATAN: kecamatan, KELURAHAN: kelurahan}
        if all(ids is None for ids in chosen.values()):
            chosen = dict.fromkeys(chosen, [])  # no option: every area of every level
        models = {KOTA: Kota, KECAMATAN: Kecamatan, KELURAHAN: Kelurahan}
        areas = []
        for level, ids in chosen.items():
            if ids is None:
                continue
            queryset = models[level].objects.order_by("pk")
            if ids:
                queryset = queryset.filter(pk__in=ids)
                missing = set(ids) - set(queryset.values_list("pk", flat=True))
                if missing:
                    raise CommandError(f"No {level} with id {sorted(missing)}.")
            areas += [(level, area) for area in queryset]
        with translation.override(settings.LANGUAGE_CODE):  # the titles in the archive
            queued = services.monthly_reports_schedule(period=period, areas=areas)
        self.stdout.write(
            f"{period.key}: {len(queued)} monthly reports queued, "
            f"{len(areas) - len(queued)} already made or being made."
        )
