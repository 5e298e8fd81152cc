"""Reads of stage 3. Staff reads start from ``sigoro.access``; the public schedule and the
calendar feed expose only what a resident may see (no person in charge, no notes)."""

import calendar
import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import models
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Lower, Trim
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from kegiatan import monitoring, services
from kegiatan.models import (
    PLAN_PUBLIC_STATUSES,
    SPOT_PHOTO_KINDS,
    ActivityType,
    FotoDokumentasi,
    HasilKegiatan,
    IndikatorHasil,
    JenisFotoDokumentasi,
    JenisLayanan,
    Kehadiran,
    LayananLokasi,
    Pelaksanaan,
    PelaksanaanStatus,
    PlanEvent,
    PlanLocation,
    PlanSeries,
    PlanStatus,
    RencanaAksi,
    TitikDokumentasi,
)
from kegiatan.monitoring import NeedReceived
from kegiatan.services import PLANNABLE_PROBLEM_STATUSES
from kegiatan.tables import PLAN_STATUS_BADGE
from permasalahan.models import Problem, ProblemNeed
from permasalahan.services import NeedRow
from sigoro import access
from sigoro.formats import tanggal as format_tanggal
from sigoro.formats import zone_name
from sigoro.models import RT, Kecamatan, Kelurahan, Role, User
from stakeholder import selectors as stakeholder_selectors
from stakeholder.models import RequestItem, Stakeholder, SupportRequest

LOCATIONS = Prefetch(
    "lokasi",
    queryset=PlanLocation.objects.select_related("rt__rw").order_by("rt__rw__nomor", "rt__nomor"),
)


def with_conflict_flag(plans):
    """Annotate ``bentrok``: another plan, not cancelled, uses one of the same RT at an
    overlapping time on the same date (a warning, never a refusal).

    A plan's RTs are all in its kelurahan, so the clash is looked for among that
    kelurahan's plans of the day (index ``kelurahan, tanggal``): implied by the shared RT,
    but it keeps the subquery to a handful of rows when an RT has years of weekly plans."""
    clash = (
        PlanLocation.objects.filter(
            rt__in=PlanLocation.objects.filter(plan=OuterRef(OuterRef("pk"))).values("rt"),
            plan__kelurahan=OuterRef("kelurahan"),
            plan__tanggal=OuterRef("tanggal"),
            plan__jam_mulai__lt=OuterRef("jam_selesai"),
            plan__jam_selesai__gt=OuterRef("jam_mulai"),
        )
        .exclude(plan=OuterRef("pk"))
        .exclude(plan__status=PlanStatus.DIBATALKAN)
    )
    return plans.annotate(
        bentrok=Case(
            When(status=PlanStatus.DIBATALKAN, then=Value(False)),
            default=Exists(clash),
            output_field=BooleanField(),
        )
    )


def plan_list(*, user):
    """Plans in the user's area, with what a list row shows."""
    plans = access.scope_queryset(RencanaAksi.objects.all(), user)
    return with_conflict_flag(
        plans.select_related("kelurahan", "series").prefetch_related(LOCATIONS, "jenis_kegiatan")
    ).order_by("tanggal", "jam_mulai", "pk")


def plan_get(*, user, pk) -> RencanaAksi:
    plans = access.scope_queryset(RencanaAksi.objects.all(), user)
    return access.get_or_404(
        plans.select_related(
            "kelurahan__kecamatan", "series", "penanggung_jawab", "dibuat_oleh"
        ).prefetch_related(
            LOCATIONS,
            "jenis_kegiatan",
            "needs",
            Prefetch(
                "stakeholders_invited",
                queryset=Stakeholder.objects.select_related("jenis").order_by("nama"),
            ),
            # Nested data is scoped like the page: a plan may cover RTs the viewer may not
            # see (finding 5 of issue #10). ``plan.problems.all()`` stays the whole set for
            # the writes that need it.
            Prefetch(
                "problems",
                queryset=access.scope_queryset(
                    Problem.objects.select_related("kategori", "rt__rw"), user
                ).order_by("kode"),
                to_attr="visible_problems",
            ),
            Prefetch(
                "events",
                queryset=PlanEvent.objects.select_related("oleh").order_by("waktu", "pk"),
            ),
        ),
        user,
        pk=pk,
    )


@dataclass(frozen=True)
class ProblemOutline:
    kategori: str
    rt: str


def plan_problem_outline(*, user, plan) -> list[ProblemOutline]:
    """What a role that may not open problems (a stakeholder contact invited to the plan)
    sees of a plan's problems: category and RT only, no address, code or status."""
    if access.has_perm(user, "problem.view"):
        return []
    problems = plan.problems.select_related("kategori", "rt__rw").order_by("rt__rw__nomor")
    rows = {ProblemOutline(str(p.kategori), str(p.rt)): None for p in problems}
    return list(rows)


def plan_for_action(*, user, pk) -> RencanaAksi:
    """The plan a write acts on, inside the user's area (404 otherwise)."""
    return access.get_or_404(RencanaAksi.objects.all(), user, pk=pk)


def plans_for_action(*, user, pks) -> list[RencanaAksi]:
    return list(
        access.scope_queryset(RencanaAksi.objects.filter(pk__in=pks), user).order_by("tanggal")
    )


def plan_queue(*, user, kelurahan=None):
    """Submitted plans waiting for the camat, the soonest date first."""
    plans = plan_list(user=user).filter(status=PlanStatus.DIAJUKAN)
    if kelurahan is not None:
        plans = plans.filter(kelurahan=kelurahan)
    return plans.order_by("tanggal", "jam_mulai", "diajukan_pada")


@dataclass
class Conflict:
    plan: RencanaAksi
    rts: list


def plan_conflicts(*, user, plan: RencanaAksi) -> list[Conflict]:
    """Other plans (not cancelled) in one of the plan's RT at an overlapping time that day."""
    rt_ids = [location.rt_id for location in plan.lokasi.all()]
    if not rt_ids:
        return []
    others = (
        access.scope_queryset(RencanaAksi.objects.all(), user)
        .filter(
            tanggal=plan.tanggal,
            jam_mulai__lt=plan.jam_selesai,
            jam_selesai__gt=plan.jam_mulai,
            lokasi__rt__in=rt_ids,
        )
        .exclude(pk=plan.pk)
        .exclude(status=PlanStatus.DIBATALKAN)
        .distinct()
        .prefetch_related(LOCATIONS)
        .order_by("jam_mulai", "pk")
    )
    return [
        Conflict(plan=other, rts=[loc.rt for loc in other.lokasi.all() if loc.rt_id in rt_ids])
        for other in others
    ]


def activity_types():
    return ActivityType.objects.filter(aktif=True)


def problem_choices(*, user):
    """Problems a plan of this user may address: verified, open, inside the user's area."""
    return (
        access.scope_queryset(Problem.objects.filter(status__in=PLANNABLE_PROBLEM_STATUSES), user)
        .select_related("kategori", "rt__rw", "kelurahan")
        .order_by("kelurahan__nama", "kode")
    )


def person_in_charge_choices(*, user):
    """Accounts of the kelurahan level and below, inside the user's area."""
    return (
        access.scope_queryset(User.objects.filter(is_active=True), user)
        .filter(role__in=[Role.LURAH, Role.KETUA_RW, Role.KETUA_RT], kelurahan__isnull=False)
        .select_related("kelurahan", "rw", "rt__rw")
        .order_by("kelurahan__nama", "role", "first_name", "username")
    )


def stakeholder_choices(*, user):
    """Active stakeholders the user may invite (those serving the user's area)."""
    return (
        access.scope_queryset(Stakeholder.objects.filter(aktif=True), user)
        .select_related("jenis")
        .order_by("jenis__urutan", "nama")
    )


def plan_support_requests(*, user, plan) -> list:
    """The support requests (stage 2) made from this plan or for the problems it addresses,
    in the user's area, with their pledge totals (``stakeholder.selectors.request_list``)."""
    if not access.has_perm(user, "request.view"):
        return []
    made_here = RencanaAksi.support_requests.through.objects.filter(rencanaaksi=plan)
    wanted = Q(pk__in=made_here.values("supportrequest_id"))
    problem_ids = [p.pk for p in plan.visible_problems]
    if problem_ids:
        for_problems = SupportRequest.problems.through.objects.filter(problem_id__in=problem_ids)
        wanted |= Q(pk__in=for_problems.values("supportrequest_id"))
    return list(stakeholder_selectors.request_list(user=user).filter(wanted)[:10])


def support_request_draft(*, plan) -> tuple[dict, list]:
    """What a request for support made from a plan starts with: (the request form's initial
    values, the need rows). Its subject, date needed and purpose come from the plan; it is
    addressed to the stakeholders the plan invites, for the problems the plan addresses."""
    purpose = _("Rencana Aksi “%(title)s”: %(date)s, %(time)s, %(place)s.") % {
        "title": plan.judul,
        "date": format_tanggal(plan.tanggal),
        "time": f"{plan.jam_mulai:%H.%M}–{plan.jam_selesai:%H.%M} {zone_name(plan.starts_at)}",
        "place": "; ".join(plan.places) + f" – {plan.kelurahan}",
    }
    initial = {
        "kelurahan": plan.kelurahan_id,
        "perihal": (_("Support for %(title)s") % {"title": plan.judul})[:200],
        "dibutuhkan_tanggal": plan.tanggal,
        "keterangan": purpose,
        "stakeholders": [s.pk for s in plan.stakeholders_invited.all()],
        "problems": list(plan.problems.all()),
    }
    return initial, list(plan.needs.all())


def request_plan_links(user, support_request) -> list:
    """The plans a request for support was made from, that the user may open (registered in
    ``stakeholder.selectors.REQUEST_LINK_PROVIDERS``)."""
    plans = access.scope_queryset(
        RencanaAksi.objects.filter(support_requests=support_request), user
    ).order_by("tanggal", "pk")
    return [
        stakeholder_selectors.RequestLink(
            label=_("Made for the Rencana Aksi “%(title)s”, %(date)s")
            % {"title": plan.judul, "date": format_tanggal(plan.tanggal)},
            url=plan.get_absolute_url(),
        )
        for plan in plans
    ]


def needs_from_problems(problems) -> list[NeedRow]:
    """The problems' needs added up by kind, item and unit (the plan's starting point)."""
    rows = (
        ProblemNeed.objects.filter(problem__in=problems)
        .annotate(item_key=Lower(Trim("item")), satuan_key=Lower(Trim("satuan")))
        .values("jenis", "item_key", "satuan_key")
        .annotate(jumlah_total=Sum("jumlah"))
        .order_by("jenis", "item_key")
    )
    return [
        NeedRow(
            jenis=row["jenis"],
            item=row["item_key"].capitalize(),
            jumlah=row["jumlah_total"],
            satuan=row["satuan_key"],
        )
        for row in rows
    ]


# -- calendar -------------------------------------------------------------------------------


@dataclass
class CalendarDay:
    date: datetime.date
    in_range: bool
    is_today: bool
    plans: list = field(default_factory=list)


@dataclass
class Calendar:
    start: datetime.date
    end: datetime.date
    weeks: list[list[CalendarDay]]

    @property
    def days(self) -> list[CalendarDay]:
        return [day for week in self.weeks for day in week if day.in_range]

    @property
    def busy_days(self) -> list[CalendarDay]:
        return [day for day in self.days if day.plans]

    @property
    def count(self) -> int:
        return sum(len(day.plans) for day in self.days)


def calendar_kelurahan_choices(*, user):
    return access.scope_queryset(Kelurahan.objects.select_related("kecamatan"), user).order_by(
        "nama"
    )


def feed_kelurahan_for(*, user, kelurahan=None):
    """The kelurahan whose staff feed address the user may be shown, or None.

    The feed holds a whole kelurahan: only roles that see a whole kelurahan get it (the
    lurah, the kecamatan roles), for the chosen kelurahan or their only one.
    """
    if not access.has_perm(user, "plan.view"):
        return None
    if access.scope_for(user).level not in (access.ALL, "kecamatan", "kelurahan"):
        return None
    if kelurahan is not None:
        return kelurahan
    choices = list(calendar_kelurahan_choices(user=user)[:2])
    return choices[0] if len(choices) == 1 else None


def feed_kecamatan_for(*, user):
    """The kecamatan whose staff feed (all its kelurahan) the user may be shown, or None:
    the camat and the kecamatan administrators, for their kecamatan."""
    if not access.has_perm(user, "plan.view"):
        return None
    if access.scope_for(user).level not in (access.ALL, "kecamatan"):
        return None
    choices = list(access.scope_queryset(Kecamatan.objects.order_by("nama"), user)[:2])
    return choices[0] if len(choices) == 1 else None


def _calendar_plans(*, user, start, end, kelurahan=None):
    plans = (
        plan_list(user=user)
        .filter(tanggal__range=(start, end))
        .exclude(status=PlanStatus.DIBATALKAN)
    )
    if kelurahan is not None:
        plans = plans.filter(kelurahan=kelurahan)
    return plans


def _calendar(*, user, weeks_of_days, start, end, kelurahan, today) -> Calendar:
    by_day = defaultdict(list)
    first, last = weeks_of_days[0][0], weeks_of_days[-1][-1]
    for plan in _calendar_plans(user=user, start=first, end=last, kelurahan=kelurahan):
        by_day[plan.tanggal].append(plan)
    weeks = [
        [
            CalendarDay(
                date=day,
                in_range=start <= day <= end,
                is_today=day == today,
                plans=by_day.get(day, []),
            )
            for day in week
        ]
        for week in weeks_of_days
    ]
    return Calendar(start=start, end=end, weeks=weeks)


def calendar_month(*, user, year: int, month: int, kelurahan=None, today=None) -> Calendar:
    """A month grid (weeks from Monday) with the plans of each day; one query for plans."""
    today = today or timezone.localdate()
    weeks = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    start = datetime.date(year, month, 1)
    end = datetime.date(year, month, calendar.monthrange(year, month)[1])
    return _calendar(
        user=user, weeks_of_days=weeks, start=start, end=end, kelurahan=kelurahan, today=today
    )


def calendar_week(*, user, day: datetime.date, kelurahan=None, today=None) -> Calendar:
    """The week (Monday to Sunday) holding ``day``."""
    today = today or timezone.localdate()
    start = day - datetime.timedelta(days=day.weekday())
    week = [start + datetime.timedelta(days=i) for i in range(7)]
    return _calendar(
        user=user,
        weeks_of_days=[week],
        start=start,
        end=week[-1],
        kelurahan=kelurahan,
        today=today,
    )


# -- feeds and the public schedule ----------------------------------------------------------

FEED_STATUSES = [PlanStatus.DIAJUKAN, PlanStatus.DISETUJUI, PlanStatus.TERLAKSANA]
FEED_DAYS_BACK = 90


def feed_plans(*, public: bool, kelurahan=None, kecamatan=None, today=None):
    """Plans for the calendar feed of a kelurahan (or of all kelurahan of a kecamatan):
    approved and carried out (and, for a staff feed, submitted ones, marked tentative), from
    three months back."""
    today = today or timezone.localdate()
    statuses = PLAN_PUBLIC_STATUSES if public else FEED_STATUSES
    plans = RencanaAksi.objects.filter(
        status__in=statuses, tanggal__gte=today - datetime.timedelta(days=FEED_DAYS_BACK)
    )
    if kelurahan is not None:
        plans = plans.filter(kelurahan=kelurahan)
    elif kecamatan is not None:
        plans = plans.filter(kelurahan__kecamatan=kecamatan)
    else:
        return plans.none()
    return (
        plans.select_related("kelurahan")
        .prefetch_related(LOCATIONS, "jenis_kegiatan")
        .order_by("tanggal", "jam_mulai", "pk")
    )


@dataclass
class PublicPlan:
    """What a resident sees of a plan: no person in charge, no phone, no notes. A past
    plan carries whether it was held and the head count (a number, never names)."""

    judul: str
    tanggal: datetime.date
    jam_mulai: datetime.time
    jam_selesai: datetime.time
    terlaksana: bool
    lokasi: list[str]
    jenis: list[str]
    pk: int | None = None
    kelurahan_id: int | None = None
    tidak_terlaksana: bool = False
    hadir: int | None = None


def public_kelurahan_list(*, today=None):
    today = today or timezone.localdate()
    # A correlated count per kelurahan: it reads the index on (kelurahan, tanggal) for the
    # upcoming plans only, where a COUNT(... FILTER) over a join would read every plan.
    upcoming = (
        RencanaAksi.objects.filter(
            kelurahan=OuterRef("pk"), status=PlanStatus.DISETUJUI, tanggal__gte=today
        )
        .order_by()
        .values("kelurahan")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        Kelurahan.objects.select_related("kecamatan")
        .annotate(n_upcoming=Coalesce(Subquery(upcoming), 0))
        .order_by("kecamatan__nama", "nama")
    )


def public_kelurahan_get(*, pk) -> Kelurahan | None:
    return Kelurahan.objects.select_related("kecamatan").filter(pk=pk).first()


def kecamatan_get(*, pk) -> Kecamatan | None:
    """A kecamatan by id, for its feed (the secret in the address is the key)."""
    return Kecamatan.objects.filter(pk=pk).first()


PUBLIC_DAYS_BACK = 30
PUBLIC_DAYS_AHEAD = 90


def _recent_on_schedule(today: datetime.date, prefix: str = "") -> Q:
    """The plans the public schedule lists as past: carried out, or not held (an approved
    plan the lurah marked so), in the past month. ``prefix`` leads to the plan."""
    held_or_not = Q(**{f"{prefix}status": PlanStatus.TERLAKSANA}) | Q(
        **{
            f"{prefix}status": PlanStatus.DIBATALKAN,
            f"{prefix}pelaksanaan__status": PelaksanaanStatus.TIDAK_TERLAKSANA,
        }
    )
    return held_or_not & Q(
        **{
            f"{prefix}tanggal__range": (
                today - datetime.timedelta(days=PUBLIC_DAYS_BACK),
                today,
            )
        }
    )


def _upcoming_on_schedule(today: datetime.date) -> Q:
    return Q(
        status=PlanStatus.DISETUJUI,
        tanggal__range=(today, today + datetime.timedelta(days=PUBLIC_DAYS_AHEAD)),
    )


def _public_section(plan, today: datetime.date) -> str | None:
    """Where the public schedule shows ``plan``: "upcoming", "recent" or nowhere (None)."""
    if plan.status == PlanStatus.DISETUJUI and today <= plan.tanggal <= today + datetime.timedelta(
        days=PUBLIC_DAYS_AHEAD
    ):
        return "upcoming"
    if today - datetime.timedelta(days=PUBLIC_DAYS_BACK) <= plan.tanggal <= today and (
        plan.status == PlanStatus.TERLAKSANA
        or (plan.status == PlanStatus.DIBATALKAN and _not_held(plan))
    ):
        return "recent"
    return None


def _not_held(plan) -> bool:
    return Pelaksanaan.objects.filter(
        plan_id=plan.pk, status=PelaksanaanStatus.TIDAK_TERLAKSANA
    ).exists()


def plan_on_public_schedule(plan, *, today=None) -> bool:
    """Whether the public schedule of the plan's kelurahan shows it today."""
    return _public_section(plan, today or timezone.localdate()) is not None


def public_schedule(*, kelurahan, today=None) -> tuple[list[PublicPlan], list[PublicPlan]]:
    """Return (upcoming, recent): approved plans from today for three months, and those
    carried out in the past month. Drafts, submitted, returned and cancelled never show."""
    today = today or timezone.localdate()
    plans = (
        _public_plans(today)
        .filter(kelurahan=kelurahan)
        .prefetch_related(LOCATIONS, "jenis_kegiatan")
        .order_by("tanggal", "jam_mulai", "pk")
    )
    upcoming, recent = [], []
    for plan in plans:
        item = _public_plan(plan)
        if plan.status == PlanStatus.DISETUJUI:
            upcoming.append(item)
        else:
            recent.append(item)
    recent.reverse()
    return upcoming, recent


def _public_plans(today: datetime.date):
    """The plans the public schedules show today, with their head count and whether they
    were not held (no extra query per plan)."""
    head_count = sum(
        (models.F(f"pelaksanaan__kehadiran__{name}") for name in Kehadiran.COUNT_FIELDS[1:]),
        models.F(f"pelaksanaan__kehadiran__{Kehadiran.COUNT_FIELDS[0]}"),
    )
    return RencanaAksi.objects.filter(
        _upcoming_on_schedule(today) | _recent_on_schedule(today)
    ).annotate(
        hadir=Sum(head_count),
        execution_status=models.F("pelaksanaan__status"),
    )


def _public_plan(plan) -> PublicPlan:
    not_held = plan.execution_status == PelaksanaanStatus.TIDAK_TERLAKSANA
    return PublicPlan(
        judul=plan.judul,
        tanggal=plan.tanggal,
        jam_mulai=plan.jam_mulai,
        jam_selesai=plan.jam_selesai,
        terlaksana=plan.status == PlanStatus.TERLAKSANA,
        lokasi=plan.places,
        jenis=[str(t) for t in plan.jenis_kegiatan.all()],
        pk=plan.pk,
        kelurahan_id=plan.kelurahan_id,
        tidak_terlaksana=not_held,
        hadir=(plan.hadir or 0) if plan.status == PlanStatus.TERLAKSANA else None,
    )


# -- what the public sees of a past event ---------------------------------------------------


def public_documentation_photos(queryset=None, *, today=None):
    """The documentation photos the public sees (of ``queryset``, default all): before,
    after and activity photos of a plan carried out that the public schedule shows (its
    execution closed), which the staff did not hide. The one rule, with
    :func:`documentation_photo_is_public`, for public pages and the photo view."""
    today = today or timezone.localdate()
    rows = FotoDokumentasi.objects.all() if queryset is None else queryset
    return rows.filter(
        _recent_on_schedule(today, "pelaksanaan__plan__"),
        publik=True,
        pelaksanaan__status=PelaksanaanStatus.DITUTUP,
        pelaksanaan__plan__status=PlanStatus.TERLAKSANA,
    )


def documentation_photo_is_public(row: FotoDokumentasi, *, today=None) -> bool:
    """Whether anyone (without an account) may see the documentation photo ``row``."""
    if row is None or row.pk is None:
        return False
    return public_documentation_photos(
        FotoDokumentasi.objects.filter(pk=row.pk), today=today
    ).exists()


@dataclass
class PublicResult:
    indikator: str
    jumlah: object
    satuan: str
    jenis_sampah: str


@dataclass
class PublicEvent:
    """What a past event achieved, as residents see it: whether it was held, the head
    count, the results, the on-site services given (counts) and the public photos. No
    names, no phone numbers, no attendance photos, no notes."""

    plan: PublicPlan
    results: list[PublicResult]
    services_given: list[tuple[str, int]]
    documentation: "Documentation"


def public_event(*, kelurahan, pk, today=None) -> PublicEvent | None:
    """Return the results of the past plan ``pk`` of ``kelurahan`` while the public
    schedule lists it (carried out, or not held, in the past month); None otherwise."""
    today = today or timezone.localdate()
    plan = (
        _public_plans(today)
        .filter(_recent_on_schedule(today), kelurahan=kelurahan, pk=pk)
        .prefetch_related(LOCATIONS, "jenis_kegiatan")
        .first()
    )
    if plan is None:
        return None
    item = _public_plan(plan)
    if plan.status != PlanStatus.TERLAKSANA:
        return PublicEvent(plan=item, results=[], services_given=[], documentation=Documentation())
    results = [
        PublicResult(
            indikator=r.indikator.nama,
            jumlah=r.jumlah.normalize(),
            satuan=r.indikator.satuan,
            jenis_sampah=r.get_jenis_sampah_display() if r.jenis_sampah else "",
        )
        for r in HasilKegiatan.objects.filter(pelaksanaan__plan=plan).select_related("indikator")
    ]
    given = (
        LayananLokasi.objects.filter(pelaksanaan__plan=plan)
        .values("jenis__nama", "jenis__urutan")
        .annotate(n=Sum("jumlah"))
        .order_by("jenis__urutan", "jenis__nama")
    )
    rows = public_documentation_photos(
        FotoDokumentasi.objects.filter(pelaksanaan__plan=plan)
        .select_related("foto", "titik")
        .order_by("titik_id", "dicatat_pada", "pk"),
        today=today,
    )
    return PublicEvent(
        plan=item,
        results=results,
        services_given=[(row["jenis__nama"], row["n"]) for row in given],
        documentation=_documentation_of(rows),
    )


# -- recurring schedules --------------------------------------------------------------------


def series_list(*, user, today=None):
    series = access.scope_queryset(PlanSeries.objects.all(), user)
    today = today or timezone.localdate()
    return (
        series.select_related("kelurahan")
        .prefetch_related("jenis_kegiatan")
        .annotate(
            n_upcoming=Count(
                "occurrences",
                filter=Q(occurrences__tanggal__gte=today)
                & ~Q(occurrences__status=PlanStatus.DIBATALKAN),
            ),
            n_draft=Count(
                "occurrences",
                filter=Q(occurrences__tanggal__gte=today, occurrences__status=PlanStatus.DRAFT),
            ),
        )
        .order_by("kelurahan__nama", "judul")
    )


def series_get(*, user, pk) -> PlanSeries:
    series = access.scope_queryset(PlanSeries.objects.all(), user)
    return access.get_or_404(
        series.select_related("kelurahan__kecamatan", "dibuat_oleh").prefetch_related(
            Prefetch("rts", queryset=_rt_queryset()),
            "jenis_kegiatan",
            "skips",
        ),
        user,
        pk=pk,
    )


def _rt_queryset():
    from sigoro.models import RT

    return RT.objects.select_related("rw").order_by("rw__nomor", "nomor")


def series_for_action(*, user, pk) -> PlanSeries:
    return access.get_or_404(PlanSeries.objects.all(), user, pk=pk)


def series_occurrences(*, series, today=None, past: int = 4):
    """The series' occurrences from a few weeks back on, date order."""
    today = today or timezone.localdate()
    return (
        with_conflict_flag(
            series.occurrences.filter(tanggal__gte=today - datetime.timedelta(weeks=past))
        )
        .prefetch_related(LOCATIONS)
        .order_by("tanggal")
    )


# -- home page ------------------------------------------------------------------------------


# What the home page lists as coming activities: the plans that will take place.
UPCOMING_STATUSES = [PlanStatus.DIAJUKAN, PlanStatus.DISETUJUI]


def home_upcoming(user, today=None) -> list:
    """The home page's coming activities of stage 3: the next submitted and approved plans
    of the user's area (an RT head's RT, an RW head's RW, a lurah's kelurahan, the
    kecamatan), and those the user is in charge of wherever they are (registered in
    ``sigoro.selectors.UPCOMING_PROVIDERS``). Two queries."""
    from sigoro.selectors import UPCOMING_SHOWN, UpcomingItem

    if not access.has_perm(user, "plan.view"):
        return []
    today = today or timezone.localdate()
    scoped = access.scope_queryset(RencanaAksi.objects.all(), user)
    plans = (
        RencanaAksi.objects.filter(Q(pk__in=scoped.values("pk")) | Q(penanggung_jawab=user))
        .filter(status__in=UPCOMING_STATUSES, tanggal__gte=today)
        .annotate(visible=Exists(scoped.filter(pk=OuterRef("pk"))))
        .select_related("kelurahan")
        .prefetch_related(LOCATIONS)
        .order_by("tanggal", "jam_mulai", "pk")[:UPCOMING_SHOWN]
    )
    return [
        UpcomingItem(
            title=plan.judul,
            url=plan.get_absolute_url() if plan.visible else "",
            day=plan.tanggal,
            time=f"{plan.jam_mulai:%H.%M}–{plan.jam_selesai:%H.%M} {zone_name(plan.starts_at)}",
            place=" · ".join([plan.kelurahan.nama, *plan.places]),
            status=plan.get_status_display(),
            badge=PLAN_STATUS_BADGE[plan.status],
        )
        for plan in plans
    ]


def home_todo(user, today=None) -> list:
    """The home page's to-do lines for stage 3."""
    from django.urls import reverse
    from django.utils.translation import ngettext

    from sigoro.selectors import TodoItem

    if not access.has_perm(user, "plan.view"):
        return []
    plans = access.scope_queryset(RencanaAksi.objects.all(), user)
    today = today or timezone.localdate()
    counts = plans.aggregate(
        waiting=Count("pk", filter=Q(status=PlanStatus.DIAJUKAN)),
        returned=Count("pk", filter=Q(status=PlanStatus.DIKEMBALIKAN)),
        proposals=Count("pk", filter=Q(status=PlanStatus.DRAFT, dibuat_oleh__role=Role.KETUA_RT)),
        unfinished=Count("pk", filter=Q(status=PlanStatus.DISETUJUI, tanggal__lt=today)),
    )
    todo = []
    url = reverse("kegiatan:plan-list")
    if access.has_perm(user, "plan.approve") and counts["waiting"]:
        n = counts["waiting"]
        todo.append(
            TodoItem(
                ngettext(
                    "%(n)d Rencana Aksi waits for approval.",
                    "%(n)d Rencana Aksi wait for approval.",
                    n,
                )
                % {"n": n},
                reverse("kegiatan:plan-queue"),
                n,
            )
        )
    if access.has_perm(user, "plan.submit"):
        if counts["returned"]:
            n = counts["returned"]
            todo.append(
                TodoItem(
                    ngettext(
                        "%(n)d Rencana Aksi was returned by the camat: change and resubmit.",
                        "%(n)d Rencana Aksi were returned by the camat: change and resubmit.",
                        n,
                    )
                    % {"n": n},
                    f"{url}?status={PlanStatus.DIKEMBALIKAN}&waktu=semua",
                    n,
                    level="danger",
                )
            )
        if counts["proposals"]:
            n = counts["proposals"]
            todo.append(
                TodoItem(
                    ngettext(
                        "%(n)d proposal of an RT head waits for you.",
                        "%(n)d proposals of RT heads wait for you.",
                        n,
                    )
                    % {"n": n},
                    f"{url}?status={PlanStatus.DRAFT}&usulan_rt=on&waktu=semua",
                    n,
                    level="info",
                )
            )
    if access.has_perm(user, "plan.finish") and counts["unfinished"]:
        n = counts["unfinished"]
        todo.append(
            TodoItem(
                ngettext(
                    "%(n)d approved plan has passed: mark it carried out or cancelled.",
                    "%(n)d approved plans have passed: mark them carried out or cancelled.",
                    n,
                )
                % {"n": n},
                f"{url}?status={PlanStatus.DISETUJUI}&waktu=lalu",
                n,
                level="info",
            )
        )
    return todo


# -- stage 4: the execution day -------------------------------------------------------------


@dataclass
class AttendanceRow:
    """One RT of a plan on the execution page: its attendance (None before it is recorded),
    the participation rate against its households and the plausibility warnings."""

    rt: object
    kehadiran: Kehadiran | None
    total: int
    rate_kk: float | None
    warnings: list[str]


@dataclass
class SpotPair:
    """A spot of an execution with its before and after photos, shown side by side (a spot
    may have several of each, or an after photo alone)."""

    titik: TitikDokumentasi
    sebelum: list = field(default_factory=list)
    sesudah: list = field(default_factory=list)


@dataclass
class Documentation:
    """The documentation photos of an execution: the before/after pairs by spot and the
    activity photos. Each row carries ``deletable`` for the user who reads it."""

    pairs: list[SpotPair] = field(default_factory=list)
    activity: list = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.pairs or self.activity)


def _documentation_of(rows) -> Documentation:
    """Group documentation rows (ordered, spot and photo loaded) into pairs and activity."""
    pairs: dict[int, SpotPair] = {}
    activity = []
    for row in rows:
        if row.jenis in SPOT_PHOTO_KINDS and row.titik is not None:
            pair = pairs.setdefault(row.titik_id, SpotPair(titik=row.titik))
            (pair.sebelum if row.jenis == JenisFotoDokumentasi.SEBELUM else pair.sesudah).append(
                row
            )
        else:
            activity.append(row)
    return Documentation(pairs=list(pairs.values()), activity=activity)


def _documentation_rows(pelaksanaan: Pelaksanaan):
    return (
        FotoDokumentasi.objects.filter(pelaksanaan=pelaksanaan)
        .select_related("foto", "titik__rt__rw")
        .order_by("titik_id", "dicatat_pada", "pk")
    )


def execution_documentation(
    *, user, pelaksanaan: Pelaksanaan | None, actions: services.ExecutionActions
) -> Documentation:
    """Return the documentation photos of an execution the user reads (through the scope:
    staff of the plan's area see all of them), each marked ``deletable`` for the user."""
    if pelaksanaan is None or not access.has_perm(user, "execution.view"):
        return Documentation()
    rows = list(access.scope_queryset(_documentation_rows(pelaksanaan), user))
    for row in rows:
        row.deletable = services.documentation_photo_deletable(user=user, row=row, actions=actions)
    return _documentation_of(rows)


def documentation_spot_choices(*, user, plan: RencanaAksi):
    """The spots of the plan's execution the user may add before/after photos to."""
    spots = access.scope_queryset(TitikDokumentasi.objects.filter(pelaksanaan__plan=plan), user)
    return services.documentation_spots_usable(user=user, spots=spots).select_related("rt__rw")


def documentation_row_get(*, user, plan: RencanaAksi, pk) -> FotoDokumentasi:
    """A documentation photo of ``plan`` inside the user's area (404 otherwise)."""
    rows = FotoDokumentasi.objects.filter(pelaksanaan__plan=plan).select_related(
        "foto", "titik", "pelaksanaan"
    )
    return access.get_or_404(rows, user, pk=pk)


@dataclass
class ExecutionOverview:
    pelaksanaan: Pelaksanaan | None
    actions: services.ExecutionActions
    rows: list[AttendanceRow]
    total: int
    rate_target: float | None
    results: list
    services_given: list
    kendala: list
    completeness: services.Completeness | None
    # Problems resolved and found at the event (inside the user's area).
    resolved: list = field(default_factory=list)
    found: list = field(default_factory=list)
    # Needs vs received (None for who may not see stage 2 requests).
    support: "ExecutionSupport | None" = None
    documentation: Documentation = field(default_factory=Documentation)


def execution_get(*, user, plan: RencanaAksi) -> Pelaksanaan | None:
    """Return the execution of ``plan`` (read through the user's scope), or None."""
    if not access.has_perm(user, "execution.view"):
        return None
    return access.scope_queryset(Pelaksanaan.objects.filter(plan=plan), user).first()


def execution_overview(
    *, user, plan: RencanaAksi, today: datetime.date | None = None
) -> ExecutionOverview | None:
    """Return the execution section of a plan page for ``user``: None for who may not see
    executions. Attendance rows are those of the plan's RTs inside the user's area."""
    if not access.has_perm(user, "execution.view"):
        return None
    pelaksanaan = execution_get(user=user, plan=plan)
    actions = services.execution_allowed_actions(user=user, plan=plan, today=today)
    rows, total = [], 0
    if pelaksanaan is not None:
        recorded = {
            k.rt_id: k
            for k in access.scope_queryset(
                pelaksanaan.kehadiran.prefetch_related("stakeholders", "foto"), user
            )
        }
        rts = access.scope_queryset(
            RT.objects.filter(plan_locations__plan=plan).select_related("rw"), user
        ).order_by("rw__nomor", "nomor")
        # The event's head count is the plan's figure (against its target): every RT's,
        # while the rows below show only the RTs inside the user's area.
        total = sum(k.total for k in pelaksanaan.kehadiran.all())
        for rt in rts:
            kehadiran = recorded.get(rt.pk)
            count = kehadiran.total if kehadiran else 0
            rows.append(
                AttendanceRow(
                    rt=rt,
                    kehadiran=kehadiran,
                    total=count,
                    rate_kk=services.participation_rate(count, rt.jumlah_kk) if kehadiran else None,
                    warnings=services.attendance_warnings(rt=rt, total=count) if kehadiran else [],
                )
            )
    held = pelaksanaan is not None and pelaksanaan.status != PelaksanaanStatus.TIDAK_TERLAKSANA
    return ExecutionOverview(
        pelaksanaan=pelaksanaan,
        actions=actions,
        rows=rows,
        total=total,
        rate_target=services.participation_rate(total, services.plan_target(plan))
        if held
        else None,
        results=list(pelaksanaan.hasil.select_related("indikator")) if pelaksanaan else [],
        services_given=list(pelaksanaan.layanan.select_related("jenis")) if pelaksanaan else [],
        kendala=list(pelaksanaan.kendala.all()) if pelaksanaan else [],
        completeness=services.pelaksanaan_completeness(pelaksanaan) if held else None,
        resolved=_event_problems(user, pelaksanaan.masalah_diselesaikan) if held else [],
        found=_event_problems(user, pelaksanaan.masalah_ditemukan) if held else [],
        support=execution_support(user=user, plan=plan, pelaksanaan=pelaksanaan) if held else None,
        documentation=execution_documentation(user=user, pelaksanaan=pelaksanaan, actions=actions),
    )


def _event_problems(user, related) -> list[Problem]:
    problems = related.select_related("kategori", "rt__rw").order_by("pk")
    return list(access.scope_queryset(problems, user))


@dataclass
class ExecutionSupport:
    """Needs vs received of an event: the rows of the plan's support requests (stage 2),
    the pledges still waiting for a delivery, and the swadaya recorded for the event."""

    needs: list[NeedReceived]
    waiting: list
    swadaya: list
    nilai_diterima: int
    nilai_swadaya: int


def execution_support(
    *, user, plan: RencanaAksi, pelaksanaan: Pelaksanaan | None
) -> ExecutionSupport | None:
    """Return what the plan asked for, what was pledged and received (the stage 2 records of
    its support requests) and the event's swadaya; None for who may not see requests or
    before the execution is opened. Three queries."""
    if pelaksanaan is None or not access.has_perm(user, "request.view"):
        return None
    requests = access.scope_queryset(SupportRequest.objects.filter(rencana_aksi=plan), user)
    items = monitoring.request_items_received(
        RequestItem.objects.filter(request__in=requests.values("pk"))
    ).order_by("request_id", "pk")
    needs = [monitoring.need_received(row) for row in items]
    waiting = list(
        access.scope_queryset(services.plan_pledges(plan), user)
        .filter(status__in=stakeholder_selectors.WAITING_FOR_DELIVERY)
        .select_related("item", "recipient__stakeholder")
        .order_by("item_id", "pk")
    )
    swadaya = list(
        access.scope_queryset(pelaksanaan.swadaya.select_related("rt__rw"), user).order_by("pk")
    )
    return ExecutionSupport(
        needs=needs,
        waiting=waiting,
        swadaya=swadaya,
        nilai_diterima=sum(n.nilai_diterima for n in needs),
        nilai_swadaya=sum(s.nilai for s in swadaya),
    )


def execution_problems(*, user, plan: RencanaAksi) -> list[Problem]:
    """The plan's problems inside the user's area, for the resolve page (status shown)."""
    problems = plan.problems.select_related("kategori", "rt__rw").order_by("rt__rw__nomor", "pk")
    return list(access.scope_queryset(problems, user))


def execution_entry_get(*, user, plan: RencanaAksi, kind: str, pk: int):
    """Return a result, service or kendala row of the plan's execution (the plan was read
    inside the user's area); 404 for another plan's row or an unknown kind."""
    model = services.ENTRY_MODELS.get(kind)
    if model is None:
        raise Http404
    rows = model.objects.filter(pelaksanaan__plan=plan).select_related("pelaksanaan__plan")
    try:
        return rows.get(pk=pk)
    except model.DoesNotExist:
        raise Http404 from None


def found_problem_rts(*, user, plan: RencanaAksi):
    """The plan's RTs inside the user's area: where a problem found on the day may lie."""
    rts = RT.objects.filter(plan_locations__plan=plan).select_related("rw", "kelurahan")
    return access.scope_queryset(rts, user).order_by("rw__nomor", "nomor")


def execution_completeness(*, user, plan: RencanaAksi) -> services.Completeness | None:
    """The completeness checklist of a plan's execution (None: none, or not held), for the
    plan page and stage 5's "Akuntabel" dimension."""
    pelaksanaan = execution_get(user=user, plan=plan)
    if pelaksanaan is None or pelaksanaan.status == PelaksanaanStatus.TIDAK_TERLAKSANA:
        return None
    return services.pelaksanaan_completeness(pelaksanaan)


def attendance_target(*, user, pk, rt_pk) -> tuple[RencanaAksi, object, Kehadiran | None]:
    """Return the plan, the RT and its attendance so far for the attendance form: 404 when
    the plan or the RT lies outside the user's area, or the RT is not the plan's."""
    plan = access.get_or_404(RencanaAksi.objects.select_related("kelurahan"), user, pk=pk)
    rt = access.get_or_404(
        RT.objects.filter(plan_locations__plan=plan).select_related("rw"), user, pk=rt_pk
    )
    kehadiran = (
        Kehadiran.objects.filter(pelaksanaan__plan=plan, rt=rt)
        .prefetch_related("stakeholders", "foto")
        .first()
    )
    return plan, rt, kehadiran


def stakeholders_serving(kelurahan):
    """The active stakeholders that work in ``kelurahan`` (the whole kecamatan, or by
    name): those an attendance may name as present."""
    return (
        Stakeholder.objects.filter(aktif=True, kecamatan=kelurahan.kecamatan_id)
        .filter(Q(seluruh_kecamatan=True) | Q(kelurahan_layanan=kelurahan))
        .distinct()
        .order_by("nama")
    )


def result_indicators():
    return IndikatorHasil.objects.filter(aktif=True)


def service_types():
    return JenisLayanan.objects.filter(aktif=True)


@dataclass
class ProblemRow:
    """One of the plan's problems on the resolve page: resolved at this event already, or
    offered for resolving now (``ExecutionActions.resolvable``), or shown with its status."""

    problem: Problem
    resolved_here: bool
    resolvable: bool


def execution_problem_rows(
    *, user, plan: RencanaAksi, pelaksanaan: Pelaksanaan, actions: services.ExecutionActions
) -> list[ProblemRow]:
    resolved = set(pelaksanaan.masalah_diselesaikan.values_list("pk", flat=True))
    resolvable = {p.pk for p in actions.resolvable}
    return [
        ProblemRow(problem=p, resolved_here=p.pk in resolved, resolvable=p.pk in resolvable)
        for p in execution_problems(user=user, plan=plan)
    ]


def execution_problem_get(*, user, plan: RencanaAksi, pk) -> Problem:
    """One of the plan's problems, inside the user's area (404 otherwise)."""
    return access.get_or_404(plan.problems.select_related("kategori", "rt"), user, pk=pk)


def execution_pledge_get(*, user, plan: RencanaAksi, pk):
    """One of the pledges of the plan's support requests, inside the user's area."""
    pledges = services.plan_pledges(plan).select_related("item", "recipient__stakeholder")
    return access.get_or_404(pledges, user, pk=pk)


# How many "attendance not recorded" lines the home page lists at most.
ATTENDANCE_TODO_SHOWN = 10


def home_todo_attendance(user, today=None) -> list:
    """The RT and RW heads' to-do of stage 4: one line per open execution and RT of their
    area whose attendance is not recorded yet (the lurah's "approved plans that have
    passed" line of :func:`home_todo` covers the executions waiting for the lurah). One
    query."""
    from django.urls import reverse

    from sigoro.selectors import TodoItem

    if not access.has_perm(user, "attendance.record") or access.has_perm(user, "execution.manage"):
        return []
    recorded = Kehadiran.objects.filter(pelaksanaan__plan=OuterRef("plan"), rt=OuterRef("rt"))
    locations = (
        PlanLocation.objects.filter(
            rt__in=access.scope_queryset(RT.objects.all(), user).values("pk"),
            plan__pelaksanaan__status=PelaksanaanStatus.DIBUKA,
        )
        .exclude(Exists(recorded))
        .select_related("plan", "rt__rw")
        .order_by("plan__tanggal", "plan_id", "rt__rw__nomor", "rt__nomor")[:ATTENDANCE_TODO_SHOWN]
    )
    return [
        TodoItem(
            _("Attendance not recorded yet: %(plan)s (%(date)s), %(rt)s.")
            % {
                "plan": location.plan.judul,
                "date": format_tanggal(location.plan.tanggal),
                "rt": location.rt,
            },
            reverse(
                "kegiatan:attendance-record",
                kwargs={"pk": location.plan_id, "rt_pk": location.rt_id},
            ),
        )
        for location in locations
    ]


def execution_list(*, user):
    """Return the executions inside the user's area with their plan, attendance, results
    and constraints loaded (for exports and reports), newest first."""
    if not access.has_perm(user, "execution.view"):
        return Pelaksanaan.objects.none()
    return (
        access.scope_queryset(Pelaksanaan.objects.all(), user)
        .select_related("plan__kelurahan")
        .prefetch_related(
            "plan__lokasi__rt__rw",
            "kehadiran",
            Prefetch("hasil", queryset=HasilKegiatan.objects.select_related("indikator")),
            "kendala",
        )
        .order_by("-tanggal", "pk")
    )


@dataclass(frozen=True)
class PageAction:
    """A POST button a higher app adds to the plan page (e.g. "Buat berita acara")."""

    key: str
    label: str
    url: str
    icon: str = "file-earmark-text"


# Buttons higher apps add to the plan page: each provider, registered in its AppConfig.ready,
# takes (user, plan) and returns the PageActions this user may use on this plan now.
PLAN_PAGE_ACTIONS: list = []


def plan_page_actions(*, user, plan: RencanaAksi) -> list[PageAction]:
    return [action for provider in PLAN_PAGE_ACTIONS for action in provider(user, plan)]
