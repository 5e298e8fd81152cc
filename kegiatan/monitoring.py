"""Reads of stages 3-4 for monitoring (stage 5, ``laporan``): unscoped querysets of a date
range, annotated in the database with the per-row figures the SIGORO index averages.

A module of its own, apart from ``kegiatan.selectors``, because it imports no service:
``laporan`` may read the stages but never reach their writes (import-linter contract).
``laporan`` restricts these querysets to the areas the user may see (region ids from
``sigoro.access``) and groups them by area in the database. "Held" is an execution closed
by the lurah (its plan is "terlaksana"), dated by its actual date.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import (
    Case,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    FloatField,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Least, NullIf

from kegiatan.models import (
    FotoDokumentasi,
    HasilKegiatan,
    JenisFotoDokumentasi,
    Kehadiran,
    Kendala,
    Pelaksanaan,
    PelaksanaanStatus,
    PlanLocation,
    RencanaAksi,
)
from sigoro import access
from stakeholder.models import PLEDGED_STATUSES, RequestItem, SupportRequest

DOCUMENTATION_ITEMS = ("doc_attendance", "doc_before", "doc_after", "doc_results", "doc_on_time")


def _one_if(condition):
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def _residents_present_capped(prefix: str = ""):
    """Residents present at one attendance row, capped at the RT's residents (jumlah_jiwa)
    when the RT has a count: more than live there is implausible."""
    return Case(
        When(
            **{
                f"{prefix}rt__jumlah_jiwa__gt": 0,
                f"{prefix}hadir_warga__gt": F(f"{prefix}rt__jumlah_jiwa"),
            },
            then=F(f"{prefix}rt__jumlah_jiwa"),
        ),
        default=F(f"{prefix}hadir_warga"),
    )


def index_attendance(*, start: datetime.date, end: datetime.date):
    """Return the attendance rows (one per RT) of the executions held from start to end,
    annotated with ``household_ratio`` (residents present / the RT's households, at most 1;
    NULL when the RT has no household count), ``without_households`` (1 when the RT has
    none) and ``implausible`` (1 when more residents came than the RT has)."""
    rows = Kehadiran.objects.filter(
        pelaksanaan__status=PelaksanaanStatus.DITUTUP,
        pelaksanaan__tanggal__gte=start,
        pelaksanaan__tanggal__lt=end,
    )
    return rows.annotate(
        # LEAST ignores a NULL on PostgreSQL but not on SQLite: say "no households" first.
        household_ratio=Case(
            When(rt__jumlah_kk=0, then=Value(None, output_field=FloatField())),
            default=Least(
                Cast("hadir_warga", FloatField()) / Cast(NullIf("rt__jumlah_kk", 0), FloatField()),
                Value(1.0),
            ),
            output_field=FloatField(),
        ),
        without_households=_one_if(Q(rt__jumlah_kk=0)),
        implausible=_one_if(Q(rt__jumlah_jiwa__gt=0, hadir_warga__gt=F("rt__jumlah_jiwa"))),
    )


def index_stakeholders_present(*, start: datetime.date, end: datetime.date):
    """Return the (attendance row, stakeholder) links of the executions held from start to
    end: fields ``kehadiran`` and ``stakeholder``."""
    return Kehadiran.stakeholders.through.objects.filter(
        kehadiran__pelaksanaan__status=PelaksanaanStatus.DITUTUP,
        kehadiran__pelaksanaan__tanggal__gte=start,
        kehadiran__pelaksanaan__tanggal__lt=end,
    )


def index_held_executions(
    *, start: datetime.date, end: datetime.date, entry_days: int | None = None
):
    """Return the executions held from ``start`` to ``end``, annotated with
    ``addresses_problem`` (1 when the plan names a recorded problem or the event resolved
    one), ``participant_target`` (the plan's total, else the sum of its elements),
    ``target_ratio`` (people present, residents capped per RT, / that target, at most 1;
    NULL without a target) and the documentation checklist (``executions_with_completeness``).
    """
    held = Pelaksanaan.objects.filter(
        status=PelaksanaanStatus.DITUTUP, tanggal__gte=start, tanggal__lt=end
    )
    present_row = _residents_present_capped() + sum(
        (F(name) for name in Kehadiran.COUNT_FIELDS if name != "hadir_warga"), Value(0)
    )
    present = Subquery(
        Kehadiran.objects.filter(pelaksanaan_id=OuterRef("pk"))
        .order_by()
        .values("pelaksanaan_id")
        .annotate(total=Sum(present_row))
        .values("total"),
        output_field=IntegerField(),
    )
    element_sum = sum((F(f"plan__{name}") for name in RencanaAksi.TARGET_FIELDS), Value(0))
    target = Case(
        When(plan__target_total__gt=0, then=F("plan__target_total")),
        default=element_sum,
        output_field=IntegerField(),
    )
    plan_problems = RencanaAksi.problems.through.objects.filter(rencanaaksi_id=OuterRef("plan_id"))
    resolved_here = Pelaksanaan.masalah_diselesaikan.through.objects.filter(
        pelaksanaan_id=OuterRef("pk")
    )
    annotated = held.annotate(
        addresses_problem=_one_if(Q(Exists(plan_problems)) | Q(Exists(resolved_here))),
        participant_target=target,
        people_present=Coalesce(present, 0),
    ).annotate(
        # As household_ratio: no target is NULL on every database (LEAST skips NULL on
        # PostgreSQL).
        target_ratio=Case(
            When(participant_target=0, then=Value(None, output_field=FloatField())),
            default=Least(
                Cast("people_present", FloatField())
                / Cast(NullIf("participant_target", 0), FloatField()),
                Value(1.0),
            ),
            output_field=FloatField(),
        )
    )
    return executions_with_completeness(annotated, entry_days=entry_days)


def index_scheduled_plans(*, start: datetime.date, end: datetime.date, today: datetime.date):
    """Return the plans scheduled from ``start`` to ``end`` whose day has passed (before
    ``today``): approved (now or once: a plan cancelled after approval still counts) or
    with an execution, annotated ``held`` (1 when its execution was held). Each occurrence
    of a recurring series is a plan of its own and counts once."""
    plans = RencanaAksi.objects.filter(tanggal__gte=start, tanggal__lt=min(end, today)).filter(
        Q(disetujui_pada__isnull=False) | Q(pelaksanaan__isnull=False)
    )
    return plans.annotate(held=_one_if(Q(pelaksanaan__status=PelaksanaanStatus.DITUTUP)))


def executions_with_completeness(queryset, *, entry_days: int | None = None):
    """Annotate executions with the items of ``services.pelaksanaan_completeness``, computed
    in the database: ``doc_attendance``, ``doc_before``, ``doc_after``, ``doc_results``,
    ``doc_on_time`` (1 or 0 each) and ``doc_done`` (0-5). Tested against the Python rule."""
    if entry_days is None:
        entry_days = settings.EXECUTION_ENTRY_DAYS
    plan_rts = PlanLocation.objects.filter(plan_id=OuterRef("plan_id"))
    missing_rt = plan_rts.exclude(
        rt_id__in=Kehadiran.objects.filter(pelaksanaan_id=OuterRef(OuterRef("pk"))).values("rt_id")
    )
    deadline = ExpressionWrapper(
        OuterRef("tanggal") + datetime.timedelta(days=entry_days), output_field=DateField()
    )
    late = Kehadiran.objects.filter(pelaksanaan_id=OuterRef("pk"), dicatat_pada__date__gt=deadline)
    photos = FotoDokumentasi.objects.filter(pelaksanaan_id=OuterRef("pk"))
    every_rt = Q(Exists(plan_rts)) & ~Q(Exists(missing_rt))
    annotated = queryset.annotate(
        doc_attendance=_one_if(every_rt),
        doc_before=_one_if(Q(Exists(photos.filter(jenis=JenisFotoDokumentasi.SEBELUM)))),
        doc_after=_one_if(Q(Exists(photos.filter(jenis=JenisFotoDokumentasi.SESUDAH)))),
        doc_results=_one_if(
            Q(Exists(HasilKegiatan.objects.filter(pelaksanaan_id=OuterRef("pk"))))
            | ~Q(hasil_lainnya__regex=r"^\s*$")
        ),
        doc_on_time=_one_if(every_rt & ~Q(Exists(late))),
    )
    return annotated.annotate(doc_done=sum((F(name) for name in DOCUMENTATION_ITEMS), Value(0)))


def index_earliest_plan_date() -> datetime.date | None:
    """Return the date of the earliest plan (where a rebuild of the index starts)."""
    return RencanaAksi.objects.order_by("tanggal").values_list("tanggal", flat=True).first()


# -- dashboards, plan vs actual, kendala (laporan.dashboard): rows of the user's area ---------


def plans_for_report(*, user):
    """Every plan in the user's area, unordered, for monitoring's aggregates."""
    return access.scope_queryset(RencanaAksi.objects.all(), user).order_by()


def executions_for_report(*, user):
    """Every execution in the user's area, unordered, for monitoring's aggregates."""
    return access.scope_queryset(Pelaksanaan.objects.all(), user).order_by()


def attendance_for_report(*, user):
    """Every attendance row in the user's area (by its RT), unordered."""
    return access.scope_queryset(Kehadiran.objects.all(), user).order_by()


def _executions_dated(*, user, start=None, end=None):
    """The user's executions, dated from ``start`` to before ``end`` when given: the date in
    the subquery lets the database find the few executions first and their rows by index,
    instead of hashing every row of the table against every execution of the area."""
    executions = executions_for_report(user=user)
    if start is not None:
        executions = executions.filter(tanggal__gte=start)
    if end is not None:
        executions = executions.filter(tanggal__lt=end)
    return executions.values("pk")


def results_for_report(*, user, start=None, end=None):
    """Every result row of an execution in the user's area (dated from ``start`` to before
    ``end`` when given), unordered."""
    executions = _executions_dated(user=user, start=start, end=end)
    return HasilKegiatan.objects.filter(pelaksanaan__in=executions).order_by()


def kendala_for_report(*, user, start=None, end=None):
    """Every kendala of an execution in the user's area (dated from ``start`` to before
    ``end`` when given), unordered."""
    executions = _executions_dated(user=user, start=start, end=end)
    return Kendala.objects.filter(pelaksanaan__in=executions).order_by()


def executions_for_summary():
    """Every execution of every area, unordered: for the stored monthly dashboard figures,
    which ``laporan`` groups by area (never shown unscoped)."""
    return Pelaksanaan.objects.order_by()


def attendance_for_summary():
    """Every attendance row of every area, unordered (as ``executions_for_summary``)."""
    return Kehadiran.objects.order_by()


def results_for_summary():
    """Every result row of every area, unordered (as ``executions_for_summary``)."""
    return HasilKegiatan.objects.order_by()


def attendance_total_expression():
    """Return the expression of a Kehadiran row's head count (every element summed)."""
    return sum((F(name) for name in Kehadiran.COUNT_FIELDS[1:]), F(Kehadiran.COUNT_FIELDS[0]))


def with_actual_participants(plans):
    """Annotate ``actual_participants``: every element of the attendance rows of each plan's
    execution (None when nothing was recorded). One subquery, no extra query."""
    per_plan = (
        Kehadiran.objects.filter(pelaksanaan__plan=OuterRef("pk"))
        .order_by()
        .values("pelaksanaan")
        .annotate(n=Sum(attendance_total_expression()))
        .values("n")
    )
    return plans.annotate(actual_participants=Subquery(per_plan))


def with_locations(plans):
    """Prefetch each plan's RT rows (for its place lines), in RW and RT order."""
    return plans.prefetch_related(
        Prefetch(
            "lokasi",
            queryset=PlanLocation.objects.select_related("rt__rw").order_by(
                "rt__rw__nomor", "rt__nomor"
            ),
        )
    )


@dataclass
class NeedReceived:
    """One requested row of the plan's support requests: asked, pledged and received."""

    item: str
    satuan: str
    diminta: int
    dijanjikan: int
    diterima: int
    nilai_diterima: int


def request_items_received(items):
    """Annotate request rows with what was pledged (``pledged``), received (``received``)
    and the Rupiah value received (``value``): the one home of "needs vs received"."""
    pledged = Q(pledges__status__in=PLEDGED_STATUSES)
    return items.annotate(
        pledged=Sum("pledges__jumlah_dijanjikan", filter=pledged),
        received=Sum("pledges__jumlah_diterima"),
        value=Sum("pledges__nilai_diterima"),
    )


def need_received(row) -> NeedReceived:
    """Return the NeedReceived of a row annotated by ``request_items_received``."""
    return NeedReceived(
        item=row.item,
        satuan=row.satuan,
        diminta=row.jumlah,
        dijanjikan=row.pledged or 0,
        diterima=row.received or 0,
        nilai_diterima=row.value or 0,
    )


def plans_needs_received(*, user, plan_ids) -> dict[int, list[NeedReceived]] | None:
    """Return {plan id: its requested rows, asked vs received} for the support requests of
    the plans the user may see; None for who may not see requests. Two queries."""
    if not access.has_perm(user, "request.view"):
        return None
    requests = access.scope_queryset(SupportRequest.objects.all(), user)
    links = list(
        RencanaAksi.support_requests.through.objects.filter(
            rencanaaksi_id__in=list(plan_ids), supportrequest_id__in=requests.values("pk")
        ).values_list("rencanaaksi_id", "supportrequest_id")
    )
    items = request_items_received(
        RequestItem.objects.filter(request_id__in={request_id for _plan, request_id in links})
    ).order_by("request_id", "pk")
    by_request: dict[int, list[NeedReceived]] = {}
    for row in items:
        by_request.setdefault(row.request_id, []).append(need_received(row))
    found: dict[int, list[NeedReceived]] = {}
    for plan_id, request_id in sorted(links):
        found.setdefault(plan_id, []).extend(by_request.get(request_id, []))
    return found
