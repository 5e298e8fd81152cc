"""Reads of the SIGORO index: five dimensions, 0-100, per RT, kelurahan, kecamatan and kota,
per month, quarter and year ("Cara menghitung", ``_method.html``, states the same rules).

How it is computed: each source (attendance, held executions, scheduled plans, problems
due, deliveries and stakeholders present) is read through the selector of its own app,
limited to the areas asked for and grouped by the level's area id in the database (one
aggregate query per source, whatever the number of areas or rows). The sums and counts of
each area (its ``raw`` figures, the numerators and denominators) then make the dimensions in
``dimensions_from_raw``. Closed periods are read from ``IndexSnapshot`` when stored
(``laporan.indeks.services``); the current period is always computed live.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, F, Q, QuerySet, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kegiatan import monitoring as kegiatan_selectors
from laporan.models import IndexConfig, IndexSnapshot
from laporan.periods import MONTH, Period
from permasalahan import selectors as problem_selectors
from sigoro import access
from sigoro.models import RT, Kecamatan, Kelurahan, Kota
from stakeholder import selectors as stakeholder_selectors

DIMENSIONS = ("kolaboratif", "partisipatif", "terintegrasi", "berkelanjutan", "akuntabel")
# The five principles of BAB IV keep their Indonesian names in every language.
DIMENSION_LABELS = {name: name.capitalize() for name in DIMENSIONS}
LEVELS = ("kota", "kecamatan", "kelurahan", "rt")
LEVEL_MODELS = {"kota": Kota, "kecamatan": Kecamatan, "kelurahan": Kelurahan, "rt": RT}
# The level above each level (the ``parent`` of a ranking).
PARENT_LEVEL = {"kecamatan": "kota", "kelurahan": "kecamatan", "rt": "kelurahan"}

# Defaults while a kecamatan has set no weights and targets (and always at the kota level,
# so that the kecamatan of a city are compared with the same weights).
DEFAULT_WEIGHTS = dict.fromkeys(DIMENSIONS, 20)
DEFAULT_TARGET_STAKEHOLDERS = Decimal("3")
DEFAULT_TARGET_TYPES = Decimal("2")
# Fewer dimensions with data than this: no total (a total of one or two figures misleads).
MIN_DIMENSIONS_FOR_TOTAL = 3
# The sister programme LACAK BENTOR's resolution rate, shown beside ours.
LACAK_BENTOR_RATE = 91
DOCUMENTATION_ITEM_COUNT = len(kegiatan_selectors.DOCUMENTATION_ITEMS)
ONE_DECIMAL = Decimal("0.1")

FLAG_TEXT = {
    "implausible_attendance": gettext_lazy("More residents present than live in the RT (capped)"),
    "rt_without_households": gettext_lazy(
        "Attendance in an RT without a household count (left out)"
    ),
    "reporter_capped": gettext_lazy("Problems above the per-reporter monthly limit (not counted)"),
}

# The path from each source's rows to the id of an area of each level. A source without a
# path for a level does not count at that level (support requests name no RT).
PATHS = {
    "attendance": {
        "rt": "rt",
        "kelurahan": "rt__kelurahan",
        "kecamatan": "rt__kelurahan__kecamatan",
        "kota": "rt__kelurahan__kecamatan__kota",
    },
    "held": {
        "rt": "plan__lokasi__rt",
        "kelurahan": "plan__kelurahan",
        "kecamatan": "plan__kelurahan__kecamatan",
        "kota": "plan__kelurahan__kecamatan__kota",
    },
    "scheduled": {
        "rt": "lokasi__rt",
        "kelurahan": "kelurahan",
        "kecamatan": "kelurahan__kecamatan",
        "kota": "kelurahan__kecamatan__kota",
    },
    "problems": {
        "rt": "rt",
        "kelurahan": "kelurahan",
        "kecamatan": "kelurahan__kecamatan",
        "kota": "kelurahan__kecamatan__kota",
    },
    "deliveries": {
        "kelurahan": "pledge__recipient__request__kelurahan",
        "kecamatan": "pledge__recipient__request__kecamatan",
        "kota": "pledge__recipient__request__kecamatan__kota",
    },
    "present": {
        "rt": "kehadiran__rt",
        "kelurahan": "kehadiran__rt__kelurahan",
        "kecamatan": "kehadiran__rt__kelurahan__kecamatan",
        "kota": "kehadiran__rt__kelurahan__kecamatan__kota",
    },
}


@dataclass(frozen=True)
class Weights:
    """The weights and targets used for one area and period (a stored version or defaults)."""

    weights: dict
    target_stakeholders: Decimal
    target_types: Decimal
    config: IndexConfig | None = None

    @classmethod
    def of(cls, config: IndexConfig | None) -> "Weights":
        if config is None:
            return DEFAULTS
        return cls(
            weights={name: getattr(config, f"bobot_{name}") for name in DIMENSIONS},
            target_stakeholders=config.target_stakeholder,
            target_types=config.target_jenis_stakeholder,
            config=config,
        )


DEFAULTS = Weights(DEFAULT_WEIGHTS, DEFAULT_TARGET_STAKEHOLDERS, DEFAULT_TARGET_TYPES)


@dataclass
class IndexRow:
    """The index of one area for one period."""

    area: object
    level: str
    period: Period
    dimensions: dict
    total: Decimal | None
    raw: dict = field(default_factory=dict)
    flags: list = field(default_factory=list)
    config: IndexConfig | None = None
    rank: int | None = None
    previous_total: Decimal | None = None
    delta: Decimal | None = None
    computed_at: datetime.datetime | None = None

    @property
    def detail_url(self) -> str:
        url = reverse("laporan:index-detail", kwargs={"level": self.level, "pk": self.area.pk})
        return f"{url}?periode={self.period.key}"

    @property
    def has_data(self) -> bool:
        return any(value is not None for value in self.dimensions.values())

    @property
    def dimension_list(self) -> list[tuple[str, str, Decimal | None]]:
        """Return [(name, label, value), ...] in the order of ``DIMENSIONS``."""
        return [(name, DIMENSION_LABELS[name], self.dimensions.get(name)) for name in DIMENSIONS]

    @property
    def config_label(self) -> str:
        """Which weights were used: "version from <month>" or "defaults"."""
        if self.config is None:
            return _("default weights")
        return _("weights in force from %(month)s") % {
            "month": month_label(self.config.berlaku_mulai)
        }

    @property
    def flag_texts(self) -> list[str]:
        return [str(FLAG_TEXT[flag]) for flag in self.flags if flag in FLAG_TEXT]

    @property
    def trend(self) -> str:
        """Return "up", "down", "same" or "" (no comparison)."""
        if self.delta is None:
            return ""
        return "up" if self.delta > 0 else "down" if self.delta < 0 else "same"


# -- the rule: from numerators and denominators to dimensions ---------------------------------


def _ratio(numerator, denominator) -> float | None:
    if not denominator:
        return None
    return min(1.0, max(0.0, float(numerator) / float(denominator)))


def _score(parts: list[float | None]) -> Decimal | None:
    """Return 100 x the mean of the parts that have data, or None when none has."""
    known = [part for part in parts if part is not None]
    if not known:
        return None
    return (Decimal(100 * sum(known) / len(known))).quantize(ONE_DECIMAL, ROUND_HALF_UP)


def collaboration_targets(
    *, level: str, months: int, kelurahan_count: int, rts_in_kelurahan: int, weights: Weights
) -> tuple[Decimal, Decimal]:
    """Return the number of stakeholders and of stakeholder types an area should see.

    Stakeholders: the target per kelurahan per month x months x kelurahan in the area (an
    RT: its share of its kelurahan's), at least 1. Types: the target per kelurahan, never
    more than the stakeholder target (distinct types do not add up across areas or months).
    """
    if level == "rt":
        scale = Decimal(1) / Decimal(max(rts_in_kelurahan, 1))
    else:
        scale = Decimal(max(kelurahan_count, 1))
    stakeholders = max(Decimal(1), weights.target_stakeholders * months * scale)
    types = max(Decimal(1), min(weights.target_types, stakeholders))
    return stakeholders, types


def dimensions_from_raw(raw: dict) -> dict[str, Decimal | None]:
    """Return the five dimensions from an area's numerators and denominators (see
    "Cara menghitung"): None where a dimension has no denominator."""
    collaborative = None
    if raw.get("held") or raw.get("stakeholders"):
        collaborative = _score(
            [
                _ratio(raw.get("stakeholders", 0), raw["target_stakeholders"]),
                _ratio(raw.get("stakeholder_types", 0), raw["target_types"]),
            ]
        )
    return {
        "kolaboratif": collaborative,
        "partisipatif": _score(
            [
                _ratio(raw.get("household_sum", 0), raw.get("household_rows", 0)),
                _ratio(raw.get("target_sum", 0), raw.get("target_events", 0)),
            ]
        ),
        "terintegrasi": _score(
            [
                _ratio(raw.get("held_with_problem", 0), raw.get("held", 0)),
                _ratio(raw.get("problems_resolved", 0), raw.get("problems_due", 0)),
            ]
        ),
        "berkelanjutan": _score([_ratio(raw.get("scheduled_held", 0), raw.get("scheduled", 0))]),
        "akuntabel": _score(
            [
                _ratio(
                    raw.get("documentation_done", 0),
                    DOCUMENTATION_ITEM_COUNT * (raw.get("held") or 0),
                )
            ]
        ),
    }


def weighted_total(dimensions: dict, weights: dict) -> Decimal | None:
    """Return the weighted mean of the dimensions that have data, the weights of the others
    left out (reweighted); None when fewer than 3 dimensions have data."""
    known = {name: value for name, value in dimensions.items() if value is not None}
    if len(known) < MIN_DIMENSIONS_FOR_TOTAL:
        return None
    weight_sum = sum(weights[name] for name in known)
    if not weight_sum:
        return None
    total = sum(Decimal(weights[name]) * value for name, value in known.items()) / weight_sum
    return total.quantize(ONE_DECIMAL, ROUND_HALF_UP)


def flags_from_raw(raw: dict) -> list[str]:
    flags = []
    if raw.get("implausible_rows"):
        flags.append("implausible_attendance")
    if raw.get("rows_without_households"):
        flags.append("rt_without_households")
    if raw.get("problems_capped"):
        flags.append("reporter_capped")
    return flags


# -- areas ------------------------------------------------------------------------------------


def level_choices(user) -> list[str]:
    """Return the levels the user may look at, from the widest."""
    scope = access.scope_for(user)
    widest = {
        access.ALL: "kota",
        "kota": "kota",
        "kecamatan": "kecamatan",
        "kelurahan": "kelurahan",
        "rw": "rt",
        "rt": "rt",
    }.get(scope.level)
    if widest is None:
        return []
    return list(LEVELS[LEVELS.index(widest) :])


def default_level(user) -> str | None:
    """Return the level the index page opens with: the areas one step below the user's."""
    choices = level_choices(user)
    if not choices:
        return None
    return choices[1] if len(choices) > 1 else choices[0]


def index_areas(*, user, level: str, parent=None):
    """Return the areas of ``level`` inside the user's scope (and inside ``parent``)."""
    model = LEVEL_MODELS[level]
    queryset = model.objects.all()
    if level == "rt":
        queryset = queryset.select_related("rw", "kelurahan")
    if level == "kota":
        # The city scope is added to sigoro.access by the city role; until then only a
        # superuser sees the kota level (fail closed).
        scope = access.scope_for(user)
        if scope.level == access.ALL:
            areas = queryset
        elif getattr(model, "area_lookups", None) is not None:
            areas = access.scope_queryset(queryset, user)
        else:
            areas = queryset.none()
    else:
        areas = access.scope_queryset(queryset, user)
    if parent is not None:
        parent_level = level_of(parent)
        lookup = {
            ("kecamatan", "kota"): "kota",
            ("kelurahan", "kecamatan"): "kecamatan",
            ("kelurahan", "kota"): "kecamatan__kota",
            ("rt", "kelurahan"): "kelurahan",
            ("rt", "kecamatan"): "kelurahan__kecamatan",
            ("rt", "kota"): "kelurahan__kecamatan__kota",
        }.get((level, parent_level))
        areas = areas.filter(**{lookup: parent}) if lookup else areas.none()
    return areas


def level_of(area) -> str:
    for level, model in LEVEL_MODELS.items():
        if isinstance(area, model):
            return level
    raise ValueError(f"Not an area: {area!r}")


def area_get(*, user, level: str, pk: int):
    """Return one area of ``level`` inside the user's scope, else 404."""
    from django.http import Http404

    if level not in LEVEL_MODELS:
        raise Http404
    try:
        return index_areas(user=user, level=level).get(pk=pk)
    except LEVEL_MODELS[level].DoesNotExist:
        raise Http404 from None


# -- weights in force -------------------------------------------------------------------------


def config_in_force(*, kecamatan_id: int, day: datetime.date) -> IndexConfig | None:
    """Return the version of a kecamatan's weights in force on ``day`` (None: defaults)."""
    return (
        IndexConfig.objects.filter(kecamatan_id=kecamatan_id, berlaku_mulai__lte=day)
        .order_by("-berlaku_mulai")
        .first()
    )


def _configs_in_force(kecamatan_ids, period: Period) -> dict[int, IndexConfig]:
    """Return {kecamatan id: version in force in the period's last month}. One query."""
    last_month = period.months()[-1].start
    found = {}
    rows = IndexConfig.objects.filter(
        kecamatan_id__in=kecamatan_ids, berlaku_mulai__lte=last_month
    ).order_by("kecamatan_id", "-berlaku_mulai")
    for config in rows:
        found.setdefault(config.kecamatan_id, config)
    return found


def config_history(*, user):
    """Return the versions of the weights of the user's kecamatan, newest first."""
    return access.scope_queryset(IndexConfig.objects.select_related("dibuat_oleh"), user)


# -- the computation --------------------------------------------------------------------------


def _grouped(queryset, key: str, **aggregates) -> dict[int, dict]:
    """Return {area id: aggregates} of ``queryset`` grouped by the area id at ``key``."""
    rows = queryset.order_by().values(area=F(key)).annotate(**aggregates)
    return {row["area"]: row for row in rows if row["area"] is not None}


def compute_raw(
    *, level: str, period: Period, area_ids, today: datetime.date | None = None
) -> dict[int, dict]:
    """Return {area id: numerators and denominators} for the areas ``area_ids`` (ids or an
    id queryset) of ``level`` in ``period``. A fixed number of aggregate queries."""
    today = today or timezone.localdate()
    start, end = period.start, period.end
    paths = {source: paths.get(level) for source, paths in PATHS.items()}
    raw: dict[int, dict] = defaultdict(dict)

    def within(queryset, source):
        return queryset.filter(**{f"{paths[source]}__in": area_ids})

    attendance = kegiatan_selectors.index_attendance(start=start, end=end)
    for area, row in _grouped(
        within(attendance, "attendance"),
        paths["attendance"],
        household_rows=Count("pk", filter=Q(household_ratio__isnull=False)),
        household_sum=Sum("household_ratio"),
        rows_without_households=Sum("without_households"),
        implausible_rows=Sum("implausible"),
    ).items():
        raw[area].update(
            household_rows=row["household_rows"],
            household_sum=round(row["household_sum"] or 0.0, 4),
            rows_without_households=row["rows_without_households"] or 0,
            implausible_rows=row["implausible_rows"] or 0,
        )

    held = kegiatan_selectors.index_held_executions(start=start, end=end)
    for area, row in _grouped(
        within(held, "held"),
        paths["held"],
        held=Count("pk"),
        held_with_problem=Sum("addresses_problem"),
        target_events=Count("pk", filter=Q(target_ratio__isnull=False)),
        target_sum=Sum("target_ratio"),
        documentation_done=Sum("doc_done"),
    ).items():
        raw[area].update(
            held=row["held"],
            held_with_problem=row["held_with_problem"] or 0,
            target_events=row["target_events"],
            target_sum=round(row["target_sum"] or 0.0, 4),
            documentation_done=row["documentation_done"] or 0,
        )

    scheduled = kegiatan_selectors.index_scheduled_plans(start=start, end=end, today=today)
    for area, row in _grouped(
        within(scheduled, "scheduled"),
        paths["scheduled"],
        scheduled=Count("pk"),
        scheduled_held=Sum("held"),
    ).items():
        raw[area].update(scheduled=row["scheduled"], scheduled_held=row["scheduled_held"] or 0)

    due = problem_selectors.index_problems_due(start=start, end=end, today=today)
    for area, row in _grouped(
        within(due, "problems"),
        paths["problems"],
        problems_due=Count("pk"),
        problems_resolved=Count("pk", filter=Q(status="selesai")),
    ).items():
        raw[area].update(
            problems_due=row["problems_due"], problems_resolved=row["problems_resolved"]
        )
    uncapped = problem_selectors.index_problems_due_uncapped(start=start, end=end, today=today)
    for area, row in _grouped(
        within(uncapped, "problems"), paths["problems"], n=Count("pk")
    ).items():
        raw[area]["problems_capped"] = row["n"] - raw[area].get("problems_due", 0)

    # Kolaboratif: distinct stakeholders (and types) that delivered support or were present.
    # One UNION query of distinct (area, stakeholder, type) triples, counted per area.
    present = within(
        kegiatan_selectors.index_stakeholders_present(start=start, end=end), "present"
    ).values_list(paths["present"], "stakeholder_id", "stakeholder__jenis_id")
    triples = present.order_by().distinct()
    if paths["deliveries"]:
        delivered = within(
            stakeholder_selectors.index_deliveries(start=start, end=end), "deliveries"
        ).values_list(
            paths["deliveries"],
            "pledge__recipient__stakeholder_id",
            "pledge__recipient__stakeholder__jenis_id",
        )
        triples = triples.union(delivered.order_by().distinct())
    stakeholders, types = defaultdict(set), defaultdict(set)
    for area, stakeholder_id, type_id in triples:
        stakeholders[area].add(stakeholder_id)
        types[area].add(type_id)
    for area in stakeholders:
        raw[area].update(stakeholders=len(stakeholders[area]), stakeholder_types=len(types[area]))
    return raw


def _size(level: str, areas) -> dict[int, tuple[int, int, int | None]]:
    """Return {area id: (kelurahan count, RT in its kelurahan, kecamatan id)}. One query."""
    areas = areas.order_by()
    if level == "rt":
        rows = areas.values_list(
            "pk", Count("kelurahan__rt_set", distinct=True), "kelurahan__kecamatan_id"
        )
        return {pk: (1, n, kecamatan) for pk, n, kecamatan in rows}
    if level == "kelurahan":
        return {pk: (1, 1, kecamatan) for pk, kecamatan in areas.values_list("pk", "kecamatan_id")}
    if level == "kecamatan":
        rows = areas.values_list("pk", Count("kelurahan_set", distinct=True))
        return {pk: (n, 1, pk) for pk, n in rows}
    rows = areas.values_list("pk", Count("kecamatan_set__kelurahan_set", distinct=True))
    return {pk: (n, 1, None) for pk, n in rows}


def _rows_live(
    level: str, period: Period, areas: list, area_ids, sizes: dict, today
) -> list[IndexRow]:
    raw_by_area = compute_raw(level=level, period=period, area_ids=area_ids, today=today)
    kecamatan_ids = {size[2] for size in sizes.values() if size[2]}
    configs = _configs_in_force(kecamatan_ids, period) if level != "kota" else {}
    months = len(period.months())
    rows = []
    for area in areas:
        kelurahan_count, rts_in_kelurahan, kecamatan_id = sizes[area.pk]
        weights = Weights.of(configs.get(kecamatan_id))
        raw = dict(raw_by_area.get(area.pk, {}))
        target_s, target_t = collaboration_targets(
            level=level,
            months=months,
            kelurahan_count=kelurahan_count,
            rts_in_kelurahan=rts_in_kelurahan,
            weights=weights,
        )
        raw.update(target_stakeholders=float(target_s), target_types=float(target_t))
        raw["rts_in_kelurahan"] = rts_in_kelurahan
        dimensions = dimensions_from_raw(raw)
        rows.append(
            IndexRow(
                area=area,
                level=level,
                period=period,
                dimensions=dimensions,
                total=weighted_total(dimensions, weights.weights),
                raw=raw,
                flags=flags_from_raw(raw),
                config=weights.config,
            )
        )
    return rows


def _rows_stored(level: str, period: Period, areas: list, area_ids) -> list[IndexRow] | None:
    """Return the stored rows of a closed period when every area has one, else None."""
    stored = {
        snapshot.area_id: snapshot
        for snapshot in IndexSnapshot.objects.filter(
            level=level,
            period_kind=period.kind,
            period_start=period.start,
            area_id__in=area_ids,
        ).select_related("config")
    }
    if len(stored) < len(areas):
        return None
    rows = []
    for area in areas:
        snapshot = stored[area.pk]
        rows.append(
            IndexRow(
                area=area,
                level=level,
                period=period,
                dimensions={name: getattr(snapshot, name) for name in DIMENSIONS},
                total=snapshot.total,
                raw=snapshot.raw,
                flags=list(snapshot.flags),
                config=snapshot.config,
                computed_at=snapshot.computed_at,
            )
        )
    return rows


def rows_for_areas(
    *, level: str, period: Period, areas, today=None, stored: bool = True
) -> list[IndexRow]:
    """Return the index of ``areas`` (a queryset of ``level``) in ``period``, unranked: the
    stored snapshot of a closed period, else computed live."""
    today = today or timezone.localdate()
    area_list = list(areas)
    if not area_list:
        return []
    # A queryset of areas filters the rows as a subquery: a city's 2,000 RT ids are not
    # sent (and parsed) as a list in every query.
    if isinstance(areas, QuerySet):
        area_ids = areas.order_by().values("pk")
    else:
        area_ids = [a.pk for a in area_list]
    if stored and period.is_closed(today=today):
        rows = _rows_stored(level, period, area_list, area_ids)
        if rows is not None:
            return rows
    sizes = _size(level, LEVEL_MODELS[level].objects.filter(pk__in=area_ids))
    return _rows_live(level, period, area_list, area_ids, sizes, today)


def rank_rows(rows: list[IndexRow], dimension: str | None = None) -> list[IndexRow]:
    """Rank rows by total (or one dimension), highest first, ties sharing a rank, areas
    without data last and unranked."""

    def value(row):
        return row.total if dimension is None else row.dimensions.get(dimension)

    ranked = sorted(rows, key=lambda row: (value(row) is None, -(value(row) or 0), str(row.area)))
    previous_value, previous_rank = None, 0
    for position, row in enumerate(ranked, start=1):
        current = value(row)
        if current is None:
            row.rank = None
            continue
        if current != previous_value:
            previous_rank = position
        row.rank, previous_value = previous_rank, current
    return ranked


def index_rows(
    *, user, level: str, period: Period, parent=None, dimension: str | None = None, today=None
) -> list[IndexRow]:
    """Return the index of the areas of ``level`` inside the user's scope (or ``parent``),
    ranked by total (or ``dimension``), each with its change against the previous period."""
    areas = index_areas(user=user, level=level, parent=parent)
    rows = rows_for_areas(level=level, period=period, areas=areas, today=today)
    previous = {
        row.area.pk: row
        for row in rows_for_areas(level=level, period=period.previous(), areas=areas, today=today)
    }
    for row in rows:
        before = previous.get(row.area.pk)
        row.previous_total = before.total if before else None
        if row.total is not None and row.previous_total is not None:
            row.delta = row.total - row.previous_total
    return rank_rows(rows, dimension)


def index_for_area(*, user, area, period: Period, today=None) -> IndexRow:
    """Return the index of one area (it must be inside the user's scope, else 404)."""
    level = level_of(area)
    area = area_get(user=user, level=level, pk=area.pk)
    row = rows_for_areas(level=level, period=period, areas=[area], today=today)[0]
    before = rows_for_areas(level=level, period=period.previous(), areas=[area], today=today)[0]
    row.previous_total = before.total
    if row.total is not None and before.total is not None:
        row.delta = row.total - before.total
    return row


def index_trend(*, user, area, periods: list[Period], today=None) -> list[IndexRow]:
    """Return the index of one area for each period, in the order given."""
    level = level_of(area)
    area = area_get(user=user, level=level, pk=area.pk)
    return [
        rows_for_areas(level=level, period=period, areas=[area], today=today)[0]
        for period in periods
    ]


# The first days of a month hold almost nothing yet: until this day of the month the
# monitoring pages open on the month just closed (what a camat reviews on those days).
DEFAULT_CURRENT_MONTH_FROM_DAY = 8


def default_period(*, today=None) -> Period:
    """The period the monitoring pages open with: the current month, except in its first
    week, when the month just closed (complete, and read from the stored figures)."""
    today = today or timezone.localdate()
    current = Period.current(MONTH, today=today)
    return current.previous() if today.day < DEFAULT_CURRENT_MONTH_FROM_DAY else current


def earliest_activity() -> datetime.date | None:
    """Return the first day the index can have data for (the earliest plan)."""
    return kegiatan_selectors.index_earliest_plan_date()


# -- what the pages show besides the rows -----------------------------------------------------


def month_label(day: datetime.date) -> str:
    return Period.month(day.year, day.month).label


def config_kecamatan(*, user) -> Kecamatan | None:
    """Return the kecamatan whose weights the user sets (its own), None for other users."""
    return access.scope_queryset(Kecamatan.objects.all(), user).order_by("pk").first()


def config_in_force_today(*, kecamatan, today=None) -> IndexConfig | None:
    return config_in_force(kecamatan_id=kecamatan.pk, day=today or timezone.localdate())


def config_initial(weights: Weights) -> dict:
    """The form's starting values: the weights in force, from next month."""
    today = timezone.localdate()
    initial = {f"bobot_{name}": value for name, value in weights.weights.items()}
    initial.update(
        berlaku_mulai=Period.current(MONTH, today=today).next().start,
        target_stakeholder=weights.target_stakeholders,
        target_jenis_stakeholder=weights.target_types,
    )
    return initial


# A worked example for "Cara menghitung": one kelurahan in one month, numbers a reader can
# follow with a pencil; the page shows what ``dimensions_from_raw`` makes of them.
EXAMPLE_RAW = {
    "household_rows": 4,
    "household_sum": 3.0,
    "target_events": 2,
    "target_sum": 1.6,
    "held": 2,
    "held_with_problem": 1,
    "documentation_done": 8,
    "scheduled": 4,
    "scheduled_held": 3,
    "problems_due": 10,
    "problems_resolved": 9,
    "stakeholders": 2,
    "stakeholder_types": 2,
}


def method_context(*, user) -> dict:
    """Return what "Cara menghitung" shows: the weights and targets in force for the user's
    kecamatan (or the defaults) and the worked example computed by the real rule."""
    kecamatan = config_kecamatan(user=user)
    config = config_in_force_today(kecamatan=kecamatan) if kecamatan else None
    weights = Weights.of(config)
    raw = dict(EXAMPLE_RAW)
    target_s, target_t = collaboration_targets(
        level="kelurahan", months=1, kelurahan_count=1, rts_in_kelurahan=1, weights=weights
    )
    raw.update(target_stakeholders=float(target_s), target_types=float(target_t))
    dimensions = dimensions_from_raw(raw)
    return {
        "weights": weights,
        "weight_rows": [(name, weights.weights[name]) for name in DIMENSIONS],
        "kecamatan": kecamatan,
        "example": raw,
        "example_dimensions": dimensions,
        "example_total": weighted_total(dimensions, weights.weights),
        "lacak_bentor": LACAK_BENTOR_RATE,
        "per_reporter": problem_selectors.INDEX_PROBLEMS_PER_REPORTER_MONTH,
        "min_dimensions": MIN_DIMENSIONS_FOR_TOTAL,
        "entry_days": _entry_days(),
    }


def _entry_days() -> int:
    from django.conf import settings

    return settings.EXECUTION_ENTRY_DAYS


@dataclass
class Figure:
    """One numerator/denominator of the breakdown, with the list of records behind it."""

    label: str
    numerator: object
    denominator: object
    url: str = ""

    @property
    def percent(self) -> Decimal | None:
        if not self.denominator:
            return None
        share = min(1.0, float(self.numerator or 0) / float(self.denominator))
        return Decimal(100 * share).quantize(ONE_DECIMAL, ROUND_HALF_UP)


def _list_url(name: str, params: dict) -> str:
    from urllib.parse import urlencode

    return f"{reverse(name)}?{urlencode({k: v for k, v in params.items() if v is not None})}"


def breakdown(row: IndexRow) -> dict[str, list[Figure]]:
    """Return, per dimension, the figures behind it and links to the records they count."""
    raw, area, period = row.raw, row.area, row.period
    kelurahan_id = {"kelurahan": area.pk, "rt": getattr(area, "kelurahan_id", None)}.get(row.level)
    rt_id = area.pk if row.level == "rt" else None
    last = period.last_day.isoformat()
    plans = {
        "kelurahan": kelurahan_id,
        "dari": period.start.isoformat(),
        "sampai": last,
        "waktu": "semua",
    }
    held_url = _list_url("kegiatan:plan-list", {**plans, "status": "terlaksana"})
    plans_url = _list_url("kegiatan:plan-list", plans)
    problems = {
        "kelurahan": kelurahan_id,
        "rt": rt_id,
        "tenggat_dari": period.start.isoformat(),
        "tenggat_sampai": last,
    }
    return {
        "kolaboratif": [
            Figure(
                _("Stakeholders that delivered support or were present"),
                raw.get("stakeholders", 0),
                raw.get("target_stakeholders"),
                _list_url(
                    "stakeholder:summary", {"tahun": period.start.year, "kelurahan": kelurahan_id}
                )
                if row.level != "rt"
                else "",
            ),
            Figure(
                _("Types of those stakeholders"),
                raw.get("stakeholder_types", 0),
                raw.get("target_types"),
            ),
        ],
        "partisipatif": [
            Figure(
                _("Residents present per household (sum of attendance rows / rows)"),
                raw.get("household_sum", 0),
                raw.get("household_rows", 0),
                held_url,
            ),
            Figure(
                _("People present against the plan's target (sum over events / events)"),
                raw.get("target_sum", 0),
                raw.get("target_events", 0),
                held_url,
            ),
        ],
        "terintegrasi": [
            Figure(
                _("Held events that address a recorded problem"),
                raw.get("held_with_problem", 0),
                raw.get("held", 0),
                held_url,
            ),
            Figure(
                _("Problems resolved, of those due for follow-up in the period"),
                raw.get("problems_resolved", 0),
                raw.get("problems_due", 0),
                _list_url("permasalahan:problem-list", problems),
            ),
        ],
        "berkelanjutan": [
            Figure(
                _("Events held, of those scheduled"),
                raw.get("scheduled_held", 0),
                raw.get("scheduled", 0),
                plans_url,
            )
        ],
        "akuntabel": [
            Figure(
                _("Checklist items done, of 5 per held event"),
                raw.get("documentation_done", 0),
                DOCUMENTATION_ITEM_COUNT * (raw.get("held") or 0),
                held_url,
            )
        ],
    }
