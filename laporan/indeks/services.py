"""Writes of the SIGORO index: versions of the weights and targets, and stored snapshots of
closed periods (refreshed by a task after data changes)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks_db.models import DBTaskResult

from laporan.dashboard import cache as dashboard_cache
from laporan.dashboard import services as dashboard_services
from laporan.indeks import selectors
from laporan.models import IndexConfig, IndexSnapshot
from laporan.periods import KINDS, MONTH, QUARTER, YEAR, Period
from sigoro import access
from sigoro.models import RT, Kecamatan, Kelurahan

WEIGHT_FIELDS = [f"bobot_{name}" for name in selectors.DIMENSIONS]


def index_config_create(
    *, user, kecamatan, berlaku_mulai: datetime.date, today=None, **values
) -> IndexConfig:
    """Store a new version of a kecamatan's weights and targets, in force from the first
    day of ``berlaku_mulai``'s month. It may not start in a closed month (their figures keep
    the weights of their time); a version for the same month replaces that one (it has not
    been in force in a closed month: a double submit leaves one version)."""
    access.require(user, "index.configure", kecamatan)
    today = today or timezone.localdate()
    start = berlaku_mulai.replace(day=1)
    if start < today.replace(day=1):
        raise ValidationError(
            {"berlaku_mulai": _("A new version cannot start in a month that has ended.")}
        )
    if sum(values[name] for name in WEIGHT_FIELDS) != 100:
        raise ValidationError(_("The five weights must add up to 100."))
    with transaction.atomic():
        config = (
            IndexConfig.objects.select_for_update()
            .filter(kecamatan=kecamatan, berlaku_mulai=start)
            .first()
        ) or IndexConfig(kecamatan=kecamatan, berlaku_mulai=start)
        for name, value in values.items():
            setattr(config, name, value)
        config.dibuat_oleh = user
        config.full_clean()
        config.save()
        # The running month's index follows the new weights on the cached pages too.
        dashboard_cache.config_version_bump()
    return config


def _period_kinds_containing(day: datetime.date) -> list[Period]:
    return [Period.containing(day, kind) for kind in KINDS]


def index_snapshot_store(*, level: str, period: Period, area_ids=None, today=None) -> int:
    """Compute and store the index of the areas of ``level`` (all, or ``area_ids``) for a
    closed period; return how many rows were stored. A period not yet closed is skipped."""
    today = today or timezone.localdate()
    if not period.is_closed(today=today):
        return 0
    model = selectors.LEVEL_MODELS[level]
    areas = model.objects.all()
    if area_ids is not None:
        areas = areas.filter(pk__in=area_ids)
    if level == "rt":
        areas = areas.select_related("rw", "kelurahan")
    rows = selectors.rows_for_areas(
        level=level, period=period, areas=areas, today=today, stored=False
    )
    now = timezone.now()
    with transaction.atomic():
        IndexSnapshot.objects.filter(
            level=level,
            period_kind=period.kind,
            period_start=period.start,
            area_id__in=[row.area.pk for row in rows],
        ).delete()
        IndexSnapshot.objects.bulk_create(
            IndexSnapshot(
                level=level,
                area_id=row.area.pk,
                period_kind=period.kind,
                period_start=period.start,
                total=row.total,
                config=row.config,
                raw=row.raw,
                flags=row.flags,
                computed_at=now,
                **row.dimensions,
            )
            for row in rows
        )
    return len(rows)


def index_refresh(
    *,
    kelurahan_id: int | None = None,
    kecamatan_id: int | None = None,
    day: datetime.date,
    today=None,
) -> int:
    """Recompute the stored closed periods (month, quarter, year) that contain ``day`` for
    the areas a change touches: for a kelurahan its RT, itself, its kecamatan and city; for
    a record of the kecamatan office (``kecamatan_id`` alone) the kecamatan and its city."""
    today = today or timezone.localdate()
    targets: dict[str, list[int]] = {}
    if kelurahan_id is not None:
        kelurahan = Kelurahan.objects.select_related("kecamatan").filter(pk=kelurahan_id).first()
        if kelurahan is None:
            return 0
        targets["rt"] = list(RT.objects.filter(kelurahan=kelurahan).values_list("pk", flat=True))
        targets["kelurahan"] = [kelurahan.pk]
        kecamatan = kelurahan.kecamatan
    else:
        kecamatan = Kecamatan.objects.filter(pk=kecamatan_id).first()
        if kecamatan is None:
            return 0
    targets["kecamatan"] = [kecamatan.pk]
    targets["kota"] = [kecamatan.kota_id] if kecamatan.kota_id else []
    stored = 0
    for period in _period_kinds_containing(day):
        for level, ids in targets.items():
            if ids:
                stored += index_snapshot_store(
                    level=level, period=period, area_ids=ids, today=today
                )
    # The dashboard's stored monthly figures of the same areas follow the same changes.
    month = Period.containing(day, MONTH)
    for level, ids in targets.items():
        if ids:
            dashboard_services.dashboard_month_store(
                level=level, month=month, area_ids=ids, today=today
            )
    # Pages cached when the change was committed still hold the figures stored before it.
    dashboard_cache.area_versions_bump(kelurahan_id=kelurahan_id, kecamatan_id=kecamatan.pk)
    return stored


def index_refresh_requested(
    *, kelurahan_id: int | None = None, kecamatan_id: int | None = None, day: datetime.date
) -> None:
    """Ask for the closed periods containing ``day`` to be recomputed for the area, once the
    current transaction commits. The listener of ``sigoro.changes.area_data_changed``,
    which the services of stages 1-4 call when they change what the index counts; the
    current month is always computed live, so only a closed month is refreshed.

    A refresh covers the whole month (and its quarter and year), so it is asked for the
    month's first day, and not queued again while the same one waits in the queue: a burst
    of changes in one area and month (a day of attendance entries, the demo data) refreshes
    it once."""
    from laporan.indeks.tasks import refresh_index

    if not Period.containing(day, MONTH).is_closed():
        return
    kwargs = {
        "kelurahan_id": kelurahan_id,
        "kecamatan_id": kecamatan_id,
        "day": day.replace(day=1).isoformat(),
    }

    def enqueue():
        if not _refresh_waiting(refresh_index, kwargs):
            refresh_index.enqueue(**kwargs)

    transaction.on_commit(enqueue)


def _refresh_waiting(task, kwargs: dict) -> bool:
    """Whether the database queue holds the same refresh, not started yet."""
    lookups = {f"args_kwargs__kwargs__{name}": value for name, value in kwargs.items()}
    return DBTaskResult.objects.ready().filter(task_path=task.module_path, **lookups).exists()


def index_rebuild_all(*, since: datetime.date, today=None) -> int:
    """Recompute and store every closed month, quarter and year from ``since`` to today,
    at every level, and the dashboard's monthly figures. Return how many index rows were
    stored."""
    today = today or timezone.localdate()
    stored = 0
    for kind in (MONTH, QUARTER, YEAR):
        period = Period.containing(since, kind)
        while period.is_closed(today=today):
            for level in selectors.LEVELS:
                stored += index_snapshot_store(level=level, period=period, today=today)
            period = period.next()
    dashboard_services.dashboard_months_rebuild(since=since, today=today)
    return stored
