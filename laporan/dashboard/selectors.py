"""Reads of the dashboards: KPI figures, their breakdown by the areas one level down, the
monthly trend, open problems by age and plans waiting.

Everything is counted in the database (aggregate, conditional aggregation, TruncMonth) from
the scoped rows the lower apps hand out (``*_for_report`` selectors), so a user only ever
counts their own area and the number of queries does not grow with the data.

Which figure counts what (the cards say it too):

- events held: executions dated in the period that the lurah closed (``kegiatan.models.
  EXECUTION_HELD_STATUSES``, as the index counts them); events not held: executions marked
  "not held"; one in progress is neither yet;
- participants: every element of the attendance rows of those executions;
- kg of waste: results whose indicator unit is "kg"; other units are their own figures;
- problems resolved: problems whose resolution date lies in the period;
- resolution rate: of the problems reported in the period, the share resolved, rejected and
  duplicate reports left out (as LACAK BENTOR counts it; its reference is 91%);
- support value: the Rupiah value of the deliveries received in the period;
- swadaya value: the Rupiah value of the swadaya recorded in the period.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import Lower, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kegiatan import monitoring as kegiatan_monitoring
from kegiatan.models import (
    EXECUTION_HELD_STATUSES,
    KategoriKendala,
    Pelaksanaan,
    PelaksanaanStatus,
    PlanStatus,
)
from laporan.indeks import selectors as index_selectors
from laporan.models import DashboardMonth
from laporan.periods import Period
from permasalahan import selectors as permasalahan_selectors
from permasalahan.models import OPEN_STATUSES, Status
from sigoro import access
from sigoro import selectors as sigoro_selectors
from sigoro.models import RT as RTModel
from sigoro.models import Kecamatan, Kelurahan
from stakeholder import selectors as stakeholder_selectors

# LACAK BENTOR, the sister programme, holds itself to resolving 91% of its reports.
RESOLUTION_REFERENCE = 91
WASTE_UNIT = "kg"
TREND_MONTHS = 12
# Open problems by age in days: (key, label, youngest, oldest or None).
AGE_BUCKETS = [
    ("0-7", _("0-7 days"), 0, 7),
    ("8-30", _("8-30 days"), 8, 30),
    ("31-90", _("31-90 days"), 31, 90),
    ("90+", _("more than 90 days"), 91, None),
]

# The area levels a scope breaks down into, and the lookups that name that area on each
# kind of row. An RT head's dashboard has no breakdown.
KECAMATAN, KELURAHAN, RT = "kecamatan", "kelurahan", "rt"
CHILD_LEVEL = {
    access.ALL: KELURAHAN,
    "kota": KECAMATAN,
    "kecamatan": KELURAHAN,
    "kelurahan": RT,
    "rw": RT,
}
KOTA = "kota"
GROUP_LOOKUPS = {
    KOTA: {
        "executions": "plan__kelurahan__kecamatan__kota",
        "attendance": "rt__kelurahan__kecamatan__kota",
        "results": "pelaksanaan__plan__kelurahan__kecamatan__kota",
        "problems": "kelurahan__kecamatan__kota",
        "deliveries": "pledge__recipient__request__kecamatan__kota",
        "swadaya": "kelurahan__kecamatan__kota",
    },
    KECAMATAN: {
        "executions": "plan__kelurahan__kecamatan",
        "attendance": "rt__kelurahan__kecamatan",
        "results": "pelaksanaan__plan__kelurahan__kecamatan",
        "problems": "kelurahan__kecamatan",
        "deliveries": "pledge__recipient__request__kecamatan",
        "swadaya": "kelurahan__kecamatan",
    },
    KELURAHAN: {
        "executions": "plan__kelurahan",
        "attendance": "rt__kelurahan",
        "results": "pelaksanaan__plan__kelurahan",
        "problems": "kelurahan",
        "deliveries": "pledge__recipient__request__kelurahan",
        "swadaya": "kelurahan",
    },
    RT: {
        # An event of several RT counts once in each of them (its RT rows on the plan).
        "executions": "plan__lokasi__rt",
        "attendance": "rt",
        "results": "pelaksanaan__plan__lokasi__rt",
        "problems": "rt",
        "deliveries": None,  # support is asked for by a kelurahan, not an RT
        "swadaya": "rt",
    },
}


@dataclass
class ResultFigure:
    nama: str
    satuan: str
    jumlah: Decimal


@dataclass
class Figures:
    """The KPI figures of one area in one period."""

    held: int = 0
    not_held: int = 0
    participants: int = 0
    kg: Decimal = Decimal(0)
    resolved: int = 0
    reported: int = 0  # reported in the period, rejected and duplicates left out
    resolved_of_reported: int = 0
    support_value: int | None = 0  # None: the user may not see support
    swadaya_value: int = 0
    other_results: list[ResultFigure] = field(default_factory=list)

    @property
    def resolution_rate(self) -> float | None:
        """Return the share resolved of the problems reported, in percent; None if none."""
        if not self.reported:
            return None
        return round(100 * self.resolved_of_reported / self.reported, 1)

    @property
    def meets_reference(self) -> bool | None:
        rate = self.resolution_rate
        return None if rate is None else rate >= RESOLUTION_REFERENCE


@dataclass
class AreaFigures:
    area: object  # a Kelurahan or an RT
    figures: Figures


@dataclass
class TrendMonth:
    month: Period
    held: int = 0
    not_held: int = 0
    participants: int = 0
    kg: Decimal = Decimal(0)
    reported: int = 0
    resolved: int = 0


@dataclass
class AgeBucket:
    key: str
    label: str
    count: int
    dari: datetime.date | None  # the reporting dates the bucket covers, for the list link
    sampai: datetime.date


@dataclass
class PlansWaiting:
    submitted: int
    returned: int
    drafts: int


@dataclass
class Dashboard:
    period: Period
    level: str
    child_level: str | None
    totals: Figures
    children: list[AreaFigures]
    trend: list[TrendMonth]
    ages: list[AgeBucket]
    shows_support: bool
    today: datetime.date

    @property
    def open_problems(self) -> int:
        return sum(bucket.count for bucket in self.ages)


def _in_period(period: Period, prefix: str = "") -> Q:
    return Q(**{f"{prefix}tanggal__gte": period.start, f"{prefix}tanggal__lt": period.end})


def _day_start(day: datetime.date) -> datetime.datetime:
    """Return local midnight of ``day`` as an aware datetime."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def _datetime_in(period: Period, name: str) -> Q:
    return Q(**{f"{name}__gte": _day_start(period.start), f"{name}__lt": _day_start(period.end)})


class _Rows:
    """The scoped rows of one user, each kind asked for once (``user=None``: the rows of
    every area, for the stored monthly figures, which are grouped by area)."""

    def __init__(self, user):
        self.user = user
        if user is None:
            self.executions = kegiatan_monitoring.executions_for_summary()
            self.attendance = kegiatan_monitoring.attendance_for_summary()
            self.results = kegiatan_monitoring.results_for_summary()
            self.problems = permasalahan_selectors.problems_for_summary()
            self.deliveries = stakeholder_selectors.deliveries_for_summary()
            self.swadaya = stakeholder_selectors.swadaya_for_summary()
            return
        self.executions = kegiatan_monitoring.executions_for_report(user=user)
        self.attendance = kegiatan_monitoring.attendance_for_report(user=user)
        self.results = kegiatan_monitoring.results_for_report(user=user)
        self.problems = permasalahan_selectors.problems_for_report(user=user)
        self.deliveries = stakeholder_selectors.deliveries_for_report(user=user)
        self.swadaya = stakeholder_selectors.swadaya_for_report(user=user)

    def results_in(self, period: Period):
        """The result rows of the executions dated in ``period`` (the date narrows the
        scope's subquery: an index lookup per execution, not a scan of every result)."""
        if self.user is None:
            return self.results.filter(_in_period(period, "pelaksanaan__"))
        return kegiatan_monitoring.results_for_report(
            user=self.user, start=period.start, end=period.end
        ).filter(_in_period(period, "pelaksanaan__"))


HELD = Q(status__in=EXECUTION_HELD_STATUSES)
NOT_HELD = Q(status=PelaksanaanStatus.TIDAK_TERLAKSANA)
# Attendance counts only at executions that were held.
HELD_ATTENDANCE = Q(pelaksanaan__status__in=EXECUTION_HELD_STATUSES)
IS_KG = Q(unit=WASTE_UNIT)
COUNTED_PROBLEMS = ~Q(status__in=[Status.DITOLAK, Status.DUPLIKAT])


def _grouped(queryset, group: str | None, **aggregates) -> dict:
    """Return {area id: {name: value}} (``group`` given) or {None: {...}} for the total."""
    if group is None:
        return {None: queryset.aggregate(**aggregates)}
    rows = queryset.values(group).annotate(**aggregates).order_by()
    return {row.pop(group): row for row in rows}


def _figures(rows: _Rows, period: Period, group_lookups: dict | None, shows_support: bool):
    """Return {area id or None: Figures}: one query per kind of row."""

    def lookup(kind):
        return None if group_lookups is None else group_lookups[kind]

    found: dict = {}

    def figures_of(key) -> Figures:
        if key not in found:
            found[key] = Figures(support_value=0 if shows_support else None)
        return found[key]

    group = lookup("executions")
    executions = rows.executions.filter(_in_period(period))
    for key, row in _grouped(
        executions,
        group,
        held=Count("pk", filter=HELD, distinct=True),
        not_held=Count("pk", filter=NOT_HELD, distinct=True),
    ).items():
        figures_of(key).held = row["held"] or 0
        figures_of(key).not_held = row["not_held"] or 0

    attendance = rows.attendance.filter(_in_period(period, "pelaksanaan__"), HELD_ATTENDANCE)
    for key, row in _grouped(
        attendance, lookup("attendance"), n=Sum(kegiatan_monitoring.attendance_total_expression())
    ).items():
        figures_of(key).participants = row["n"] or 0

    results = rows.results_in(period).annotate(unit=Lower("indikator__satuan"))
    for key, row in _grouped(results, lookup("results"), kg=Sum("jumlah", filter=IS_KG)).items():
        figures_of(key).kg = row["kg"] or Decimal(0)

    problems = rows.problems
    for key, row in _grouped(
        problems.filter(_datetime_in(period, "selesai_pada") | _datetime_in(period, "dibuat")),
        lookup("problems"),
        resolved=Count(
            "pk", filter=Q(status=Status.SELESAI) & _datetime_in(period, "selesai_pada")
        ),
        reported=Count("pk", filter=COUNTED_PROBLEMS & _datetime_in(period, "dibuat")),
        resolved_of_reported=Count(
            "pk", filter=Q(status=Status.SELESAI) & _datetime_in(period, "dibuat")
        ),
    ).items():
        figures = figures_of(key)
        figures.resolved = row["resolved"]
        figures.reported = row["reported"]
        figures.resolved_of_reported = row["resolved_of_reported"]

    if shows_support and (group is None or lookup("deliveries")):
        for key, row in _grouped(
            rows.deliveries.filter(_in_period(period)), lookup("deliveries"), n=Sum("nilai")
        ).items():
            figures_of(key).support_value = row["n"] or 0

    for key, row in _grouped(
        rows.swadaya.filter(_in_period(period)), lookup("swadaya"), n=Sum("nilai")
    ).items():
        figures_of(key).swadaya_value = row["n"] or 0
    return found


def _other_results(rows: _Rows, period: Period) -> list[ResultFigure]:
    """Return the period's results in units other than kg, summed per indicator."""
    results = (
        rows.results_in(period)
        .annotate(unit=Lower("indikator__satuan"))
        .exclude(IS_KG)
        .values("indikator__nama", "indikator__satuan")
        .annotate(n=Sum("jumlah"))
        .order_by("indikator__nama")
    )
    return [
        ResultFigure(nama=row["indikator__nama"], satuan=row["indikator__satuan"], jumlah=row["n"])
        for row in results
    ]


def _trend_months(period: Period) -> list[Period]:
    """Return the twelve months ending with the period's last month."""
    last = Period.containing(period.last_day)
    months = [last]
    for _index in range(TREND_MONTHS - 1):
        months.append(months[-1].previous())
    months.reverse()
    return months


def _trend_live(rows: _Rows, months: list[Period]) -> dict[datetime.date, TrendMonth]:
    """Return {month start: TrendMonth} of consecutive ``months`` counted live: five
    queries (none without months)."""
    by_month = {m.start: TrendMonth(month=m) for m in months}
    if not months:
        return by_month
    span = Period(months[0].start, months[-1].end, "month")

    def month_of(value) -> datetime.date:
        return value.date() if isinstance(value, datetime.datetime) else value

    def fill(queryset, name, **aggregates):
        for row in queryset.annotate(m=TruncMonth(name)).values("m").annotate(**aggregates):
            trend = by_month.get(month_of(row["m"]))
            if trend is not None:
                for key in aggregates:
                    setattr(trend, key, row[key] or getattr(trend, key))

    fill(
        rows.executions.filter(_in_period(span)),
        "tanggal",
        held=Count("pk", filter=HELD),
        not_held=Count("pk", filter=NOT_HELD),
    )
    fill(
        rows.attendance.filter(_in_period(span, "pelaksanaan__"), HELD_ATTENDANCE),
        "pelaksanaan__tanggal",
        participants=Sum(kegiatan_monitoring.attendance_total_expression()),
    )
    fill(
        rows.results_in(span).annotate(unit=Lower("indikator__satuan")).filter(IS_KG),
        "pelaksanaan__tanggal",
        kg=Sum("jumlah"),
    )
    fill(
        rows.problems.filter(COUNTED_PROBLEMS, _datetime_in(span, "dibuat")),
        "dibuat",
        reported=Count("pk"),
    )
    fill(
        rows.problems.filter(status=Status.SELESAI).filter(_datetime_in(span, "selesai_pada")),
        "selesai_pada",
        resolved=Count("pk"),
    )
    return by_month


def _trend(rows: _Rows, period: Period, *, stored_area=None, today=None) -> list[TrendMonth]:
    """Return the twelve months ending with the period's last month. The closed months come
    from the stored monthly figures of ``stored_area`` ((level, id), when every one is
    stored: one query), the others are counted live (five queries)."""
    months = _trend_months(period)
    closed = [m for m in months if m.is_closed(today=today)]
    by_month = None
    if stored_area is not None and closed:
        level, area_id = stored_area
        stored = {
            row.month: row
            for row in DashboardMonth.objects.filter(
                level=level, area_id=area_id, month__in=[m.start for m in closed]
            )
        }
        if len(stored) == len(closed):
            by_month = _trend_live(rows, [m for m in months if not m.is_closed(today=today)])
            for month in closed:
                row = stored[month.start]
                by_month[month.start] = TrendMonth(
                    month=month,
                    held=row.held,
                    not_held=row.not_held,
                    participants=row.participants,
                    kg=row.kg,
                    reported=row.reported,
                    resolved=row.resolved,
                )
    if by_month is None:
        by_month = _trend_live(rows, months)
    return [by_month[m.start] for m in months]


def _ages(rows: _Rows, today: datetime.date) -> list[AgeBucket]:
    """Return the open problems by age in days (today's view, whatever the period): one query."""
    aggregates, buckets = {}, []
    for key, label, youngest, oldest in AGE_BUCKETS:
        newest_day = today - datetime.timedelta(days=youngest)
        oldest_day = None if oldest is None else today - datetime.timedelta(days=oldest)
        condition = Q(dibuat__lt=_day_start(newest_day + datetime.timedelta(days=1)))
        if oldest_day is not None:
            condition &= Q(dibuat__gte=_day_start(oldest_day))
        # Counting the (never empty) status, not the id, lets the database answer from the
        # index on (status, dibuat, kelurahan, rt) alone.
        aggregates[key] = Count("status", filter=condition)
        buckets.append((key, label, oldest_day, newest_day))
    counts = rows.problems.filter(status__in=OPEN_STATUSES).aggregate(**aggregates)
    return [
        AgeBucket(key=key, label=label, count=counts[key] or 0, dari=dari, sampai=sampai)
        for key, label, dari, sampai in buckets
    ]


def plans_waiting(*, user) -> PlansWaiting:
    """Return the plans submitted (waiting for the camat), returned and still drafts: one
    query, asked on every view (a new draft does not change the area's cached figures)."""
    waiting = [PlanStatus.DIAJUKAN, PlanStatus.DIKEMBALIKAN, PlanStatus.DRAFT]
    # The WHERE lets the database read only these plans (by the status index), not all.
    counts = (
        kegiatan_monitoring.plans_for_report(user=user)
        .filter(status__in=waiting)
        .aggregate(
            submitted=Count("pk", filter=Q(status=PlanStatus.DIAJUKAN)),
            returned=Count("pk", filter=Q(status=PlanStatus.DIKEMBALIKAN)),
            drafts=Count("pk", filter=Q(status=PlanStatus.DRAFT)),
        )
    )
    return PlansWaiting(**counts)


# The stored monthly figures (``DashboardMonth``) are kept per area of these levels; a scope
# of another level (an RW head, a superuser) is always counted live.
STORED_LEVELS = (KOTA, KECAMATAN, KELURAHAN, RT)
STORED_FIELDS = (
    "held",
    "not_held",
    "participants",
    "kg",
    "reported",
    "resolved",
    "resolved_of_reported",
    "support_value",
    "swadaya_value",
)


def _add_figures(into: Figures, more: Figures) -> None:
    for name in STORED_FIELDS:
        value = getattr(more, name)
        if value is not None and getattr(into, name) is not None:
            setattr(into, name, getattr(into, name) + value)


def _period_figures(
    rows: _Rows,
    period: Period,
    *,
    level: str | None,
    area_ids,
    group_level: str | None,
    shows_support: bool,
    today: datetime.date,
) -> dict:
    """Return {area id, or None for the total: Figures} of ``period``, grouped by the areas
    of ``group_level`` (None: the total): the closed months from the stored monthly figures
    of the areas ``area_ids`` of ``level`` (one query) and the running months live, or
    everything live when a closed month of an area is not stored (or ``level`` is None)."""
    grouped = group_level is not None
    lookups = GROUP_LOOKUPS[group_level] if grouped else None
    closed = [m for m in period.months() if m.is_closed(today=today)]
    if level is None or not closed:
        return _figures(rows, period, lookups, shows_support)
    sums = {name: Sum(name) for name in STORED_FIELDS}
    stored = list(
        DashboardMonth.objects.filter(
            level=level, area_id__in=area_ids, month__in=[m.start for m in closed]
        )
        .values("area_id")
        .annotate(months=Count("pk"), **sums)
        .order_by()
    )
    if len(stored) < len(area_ids) or any(row["months"] < len(closed) for row in stored):
        return _figures(rows, period, lookups, shows_support)
    found = {}
    for row in stored:
        figures = Figures(**{name: row[name] or 0 for name in STORED_FIELDS})
        if not shows_support:
            figures.support_value = None
        found[row["area_id"] if grouped else None] = figures
    running = [m for m in period.months() if not m.is_closed(today=today)]
    if running:
        span = Period(running[0].start, running[-1].end, "month")
        for key, figures in _figures(rows, span, lookups, shows_support).items():
            if key in found:
                _add_figures(found[key], figures)
    return found


def child_areas(*, user, level: str | None):
    """Return the areas one level down the user's scope, in display order."""
    if level == KECAMATAN:
        return list(access.scope_queryset(Kecamatan.objects.all(), user).order_by("nama"))
    if level == KELURAHAN:
        return list(sigoro_selectors.kelurahan_list(user=user))
    if level == RT:
        return list(sigoro_selectors.rt_list(user=user))
    return []


def dashboard_for(*, user, period: Period, today: datetime.date | None = None) -> Dashboard:
    """Return the dashboard of the user's area for ``period`` (the plans waiting apart:
    ``plans_waiting``): a fixed number of queries."""
    today = today or timezone.localdate()
    scope = access.scope_for(user)
    child_level = CHILD_LEVEL.get(scope.level)
    shows_support = access.has_perm(user, "support.summary")
    rows = _Rows(user)
    own_level = scope.level if scope.level in STORED_LEVELS and scope.area_id else None
    totals = _period_figures(
        rows,
        period,
        level=own_level,
        area_ids=[scope.area_id],
        group_level=None,
        shows_support=shows_support,
        today=today,
    ).get(None) or Figures(support_value=0 if shows_support else None)
    totals.other_results = _other_results(rows, period)
    children = []
    if child_level is not None:
        areas = child_areas(user=user, level=child_level)
        found = _period_figures(
            rows,
            period,
            level=child_level if own_level and child_level in STORED_LEVELS else None,
            area_ids=[area.pk for area in areas],
            group_level=child_level,
            shows_support=shows_support,
            today=today,
        )
        for area in areas:
            figures = found.get(area.pk) or Figures(support_value=0 if shows_support else None)
            if child_level == RT:
                figures.support_value = None
            children.append(AreaFigures(area=area, figures=figures))
    return Dashboard(
        period=period,
        level=scope.level,
        child_level=child_level,
        totals=totals,
        children=children,
        trend=_trend(
            rows,
            period,
            stored_area=(own_level, scope.area_id) if own_level else None,
            today=today,
        ),
        ages=_ages(rows, today),
        shows_support=shows_support,
        today=today,
    )


# -- plan vs actual ------------------------------------------------------------------------

# The plans a camat approved, now or once (a plan cancelled after approval still counts, as
# the index counts it), or that have an execution.
WAS_APPROVED = Q(disetujui_pada__isnull=False) | Q(pelaksanaan__isnull=False)
HELD_STATE, NOT_HELD_STATE, NOT_RECORDED_STATE = "held", "not_held", "not_recorded"
CANCELLED_STATE, IN_PROGRESS_STATE = "cancelled", "in_progress"


@dataclass
class PlanActual:
    """One approved plan against what happened."""

    plan: object
    execution: object | None
    state: str  # held / not_held / not_recorded
    reason: str
    planned_places: list[str]
    date_changed: bool
    place_changed: bool
    target: int
    actual: int | None
    needs: list | None  # kegiatan.monitoring.NeedReceived rows; None: the user sees no requests

    @property
    def value_received(self) -> int:
        return sum(need.nilai_diterima for need in self.needs or [])


def plan_vs_actual_list(*, user, period: Period, kelurahan=None):
    """Return the approved plans dated in ``period`` inside the user's area (or one of its
    kelurahan), soonest first, with their execution and actual participants."""
    plans = kegiatan_monitoring.plans_for_report(user=user).filter(
        WAS_APPROVED, tanggal__gte=period.start, tanggal__lt=period.end
    )
    if kelurahan is not None:
        plans = plans.filter(kelurahan=kelurahan)
    return (
        kegiatan_monitoring.with_locations(kegiatan_monitoring.with_actual_participants(plans))
        .select_related("kelurahan", "pelaksanaan")
        .order_by("tanggal", "jam_mulai", "pk")
    )


def _same_place(a: str, b: str) -> bool:
    return " ".join(a.lower().split()) == " ".join(b.lower().split())


def plan_actual_rows(*, user, plans) -> list[PlanActual]:
    """Return one PlanActual per plan of a page (``plans`` from plan_vs_actual_list), with
    the needs vs support received of kegiatan (``plans_needs_received``): two queries."""
    plans = list(plans)
    needs = kegiatan_monitoring.plans_needs_received(user=user, plan_ids=[p.pk for p in plans])
    rows = []
    for plan in plans:
        try:
            execution = plan.pelaksanaan
        except Pelaksanaan.DoesNotExist:
            execution = None
        places = plan.places  # "RT 001, 002 / RW 002 · Pos ronda", one per meeting point
        # The execution form starts from those lines; a bare meeting point is the same place.
        same_as_planned = places + [loc.titik_kumpul for loc in plan.lokasi.all()]
        if execution is None:
            cancelled = plan.status == PlanStatus.DIBATALKAN
            state = CANCELLED_STATE if cancelled else NOT_RECORDED_STATE
        elif execution.status == PelaksanaanStatus.TIDAK_TERLAKSANA:
            state = NOT_HELD_STATE
        elif execution.status in EXECUTION_HELD_STATUSES:
            state = HELD_STATE
        else:
            state = IN_PROGRESS_STATE
        rows.append(
            PlanActual(
                plan=plan,
                execution=execution,
                state=state,
                reason=execution.alasan_tidak_terlaksana if state == NOT_HELD_STATE else "",
                planned_places=places,
                date_changed=execution is not None and execution.tanggal != plan.tanggal,
                place_changed=bool(
                    execution is not None
                    and execution.lokasi
                    and not any(_same_place(execution.lokasi, p) for p in same_as_planned)
                ),
                target=plan.target_total,
                actual=plan.actual_participants,
                needs=None if needs is None else needs.get(plan.pk, []),
            )
        )
    return rows


def kelurahan_choices(*, user):
    """Return the kelurahan a user may filter by (a lurah has only their own)."""
    return list(sigoro_selectors.kelurahan_list(user=user))


# -- kendala --------------------------------------------------------------------------------

TOP_RECURRING = 10
KENDALA_AREA_LOOKUP = {
    KELURAHAN: "pelaksanaan__plan__kelurahan",
    RT: "pelaksanaan__plan__lokasi__rt",  # a kendala of a several-RT event counts in each
}


@dataclass
class KendalaRow:
    key: object  # a category code, or an area
    label: str
    counts: list[int]  # one per month
    total: int


@dataclass
class Recurring:
    area: object
    kategori: str
    label: str
    months: int
    count: int


@dataclass
class KendalaReport:
    months: list[Period]
    by_category: list[KendalaRow]
    by_area: list[KendalaRow]
    area_level: str | None
    recurring: list[Recurring]
    recurring_level: str
    total: int

    @property
    def month_totals(self) -> list[int]:
        return [sum(row.counts[i] for row in self.by_category) for i in range(len(self.months))]


def _trailing_months(period: Period) -> list[Period]:
    last = Period.containing(period.last_day)
    months = [last]
    for _index in range(TREND_MONTHS - 1):
        months.append(months[-1].previous())
    months.reverse()
    return months


def kendala_report(*, user, period: Period) -> KendalaReport:
    """Return the kendala of the twelve months ending with the period: by category and by the
    areas one level down, per month; and the top recurring ones (the same category in the
    same RT, or kelurahan for a kecamatan, in more than one month). Three queries (four with
    the areas' names)."""
    scope = access.scope_for(user)
    months = _trailing_months(period)
    index = {m.start: i for i, m in enumerate(months)}
    span = Period(months[0].start, months[-1].end, "month")
    rows = kegiatan_monitoring.kendala_for_report(user=user, start=span.start, end=span.end).filter(
        pelaksanaan__tanggal__gte=span.start, pelaksanaan__tanggal__lt=span.end
    )
    rows = rows.annotate(m=TruncMonth("pelaksanaan__tanggal"))

    def month_key(value):
        return value.date() if isinstance(value, datetime.datetime) else value

    labels = dict(KategoriKendala.choices)
    by_category = {code: [0] * len(months) for code in labels}
    for row in rows.values("kategori", "m").annotate(n=Count("pk")).order_by():
        by_category.setdefault(row["kategori"], [0] * len(months))
        by_category[row["kategori"]][index[month_key(row["m"])]] += row["n"]
    category_rows = [
        KendalaRow(key=code, label=str(labels.get(code, code)), counts=counts, total=sum(counts))
        for code, counts in by_category.items()
    ]

    area_level = CHILD_LEVEL.get(scope.level)
    area_rows = []
    if area_level in (KELURAHAN, RT):
        lookup = KENDALA_AREA_LOOKUP[area_level]
        counts_by_area: dict = {}
        for row in rows.values(lookup, "m").annotate(n=Count("pk", distinct=True)).order_by():
            counts = counts_by_area.setdefault(row[lookup], [0] * len(months))
            counts[index[month_key(row["m"])]] += row["n"]
        for area in child_areas(user=user, level=area_level):
            counts = counts_by_area.get(area.pk, [0] * len(months))
            label = area.nama if area_level == KELURAHAN else str(area)
            area_rows.append(KendalaRow(key=area, label=label, counts=counts, total=sum(counts)))

    recurring_level = KELURAHAN if area_level == KELURAHAN else RT
    lookup = KENDALA_AREA_LOOKUP[recurring_level]
    top = list(
        rows.values(lookup, "kategori")
        .annotate(months=Count("m", distinct=True), n=Count("pk", distinct=True))
        .filter(months__gte=2)
        .order_by("-months", "-n", lookup, "kategori")[:TOP_RECURRING]
    )
    areas = _areas_by_pk(recurring_level, [row[lookup] for row in top])
    recurring = [
        Recurring(
            area=areas.get(row[lookup]),
            kategori=row["kategori"],
            label=str(labels.get(row["kategori"], row["kategori"])),
            months=row["months"],
            count=row["n"],
        )
        for row in top
        if row[lookup] in areas
    ]
    return KendalaReport(
        months=months,
        by_category=category_rows,
        by_area=area_rows,
        area_level=area_level if area_rows else None,
        recurring=recurring,
        recurring_level=recurring_level,
        total=sum(row.total for row in category_rows),
    )


def _areas_by_pk(level: str, pks) -> dict:
    """Return {pk: area} for the kelurahan or RT named (one query, none when empty)."""
    if not pks:
        return {}
    model = Kelurahan if level == KELURAHAN else RTModel
    related = ("kecamatan",) if level == KELURAHAN else ("rw", "kelurahan")
    return model.objects.select_related(*related).in_bulk(pks)


# -- the SIGORO index on the dashboard (laporan.indeks) -------------------------------------

# The index level of the areas a dashboard ranks: one step below the user's area.
RANKING_LEVEL = {
    access.ALL: "kecamatan",
    "kota": "kecamatan",
    "kecamatan": "kelurahan",
    "kelurahan": "rt",
    "rw": "rt",
}
INDEX_AREA_LEVELS = ("kota", "kecamatan", "kelurahan", "rt")


@dataclass
class DashboardIndex:
    row: object | None  # laporan.indeks.selectors.IndexRow of the user's own area
    ranking: list  # IndexRow of the areas one level down, ranked
    ranking_level: str | None


def dashboard_index(*, user, period: Period, today: datetime.date | None = None):
    """Return the index of the user's own area and the ranking of the areas below it (an
    RW head has no index of their own: the index is kept per RT and upwards)."""
    scope = access.scope_for(user)
    area = getattr(user, "area", None)
    row = None
    if area is not None and scope.level in INDEX_AREA_LEVELS:
        row = index_selectors.index_for_area(user=user, area=area, period=period, today=today)
    level = RANKING_LEVEL.get(scope.level)
    ranking = (
        index_selectors.index_rows(user=user, level=level, period=period, today=today)
        if level
        else []
    )
    return DashboardIndex(row=row, ranking=ranking, ranking_level=level)
