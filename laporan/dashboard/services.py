"""Writes of the dashboards: the stored monthly figures of closed months (``DashboardMonth``),
refreshed with the stored index after data changes (``laporan.indeks.services``)."""

import datetime

from django.db import transaction
from django.utils import timezone

from laporan.dashboard import selectors
from laporan.models import DashboardMonth
from laporan.periods import MONTH, Period
from sigoro.models import RT, Kecamatan, Kelurahan, Kota

LEVEL_MODELS = {
    selectors.KOTA: Kota,
    selectors.KECAMATAN: Kecamatan,
    selectors.KELURAHAN: Kelurahan,
    selectors.RT: RT,
}


def dashboard_month_store(*, level: str, month: Period, area_ids=None, today=None) -> int:
    """Count and store the dashboard figures of the areas of ``level`` (all, or ``area_ids``)
    for one closed month, exactly as the dashboard counts them live; return how many rows
    were stored (every area gets a row, zeros included). A month not yet closed is skipped.
    Six aggregate queries and two writes, whatever the number of areas."""
    today = today or timezone.localdate()
    if month.kind != MONTH or not month.is_closed(today=today):
        return 0
    areas = LEVEL_MODELS[level].objects.order_by()
    if area_ids is not None:
        areas = areas.filter(pk__in=area_ids)
    ids = list(areas.values_list("pk", flat=True))
    found = selectors._figures(
        selectors._Rows(None), month, selectors.GROUP_LOOKUPS[level], shows_support=True
    )
    now = timezone.now()
    with transaction.atomic():
        DashboardMonth.objects.filter(level=level, month=month.start, area_id__in=ids).delete()
        DashboardMonth.objects.bulk_create(
            (
                DashboardMonth(
                    level=level,
                    area_id=pk,
                    month=month.start,
                    computed_at=now,
                    **{
                        name: getattr(found.get(pk) or selectors.Figures(), name) or 0
                        for name in selectors.STORED_FIELDS
                    },
                )
                for pk in ids
            ),
            batch_size=1000,
        )
    return len(ids)


def dashboard_months_rebuild(*, since: datetime.date, today=None) -> int:
    """Count and store every closed month from ``since``'s month to today, at every level.
    Return how many rows were stored."""
    today = today or timezone.localdate()
    stored = 0
    month = Period.containing(since, MONTH)
    while month.is_closed(today=today):
        for level in LEVEL_MODELS:
            stored += dashboard_month_store(level=level, month=month, today=today)
        month = month.next()
    return stored
