"""Reads of stage 1. Staff reads start from ``sigoro.access``; public reads expose only
public fields (never the reporter's name or phone)."""

import datetime
import math
import statistics
import uuid
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import (
    Avg,
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    FloatField,
    Max,
    OuterRef,
    Prefetch,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Floor, Lower, TruncMonth
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext, ngettext

from permasalahan.models import (
    OPEN_STATUSES,
    NeedKind,
    Problem,
    ProblemCategory,
    ProblemEvent,
    ProblemNeed,
    ProblemPhoto,
    Status,
)
from sigoro import access
from sigoro import selectors as sigoro_selectors
from sigoro.models import RT, Kelurahan, Photo

EARTH_RADIUS_M = 6_371_000

# What the maps show (and the public "already reported nearby?" list): open problems only.
# A resolved, rejected or duplicate report is shown to whoever holds its tracking code.
MAP_STATUSES = OPEN_STATUSES


def overdue_condition(today: datetime.date) -> Q:
    """Late against the service levels: not verified, or verified but not followed up."""
    return Q(status=Status.DILAPORKAN, tenggat_verifikasi__lt=today) | Q(
        status=Status.DIVERIFIKASI, tenggat_tindak_lanjut__lt=today
    )


def with_overdue(queryset, *, today: datetime.date | None = None):
    return queryset.annotate(
        terlambat=Case(
            When(overdue_condition(today or timezone.localdate()), then=True),
            default=False,
            output_field=BooleanField(),
        )
    )


def problem_list(*, user, today: datetime.date | None = None):
    """Problems in the user's area, with what a list row shows, newest first."""
    problems = access.scope_queryset(Problem.objects.all(), user)
    return with_overdue(
        problems.select_related("kategori", "rt__rw", "kelurahan"), today=today
    ).order_by("-dibuat")


def age_in_days(moment: datetime.datetime, *, today: datetime.date | None = None) -> int:
    """Whole days from ``moment`` (local time) to ``today``: 0 for something from today."""
    return ((today or timezone.localdate()) - timezone.localdate(moment)).days


def age_label(moment, *, ago: bool = False, today: datetime.date | None = None) -> str:
    """How old a problem is, as people say it: "hari ini", "3 hari" (``ago``: "3 hari lalu")."""
    if not moment:
        return ""
    days = age_in_days(moment, today=today)
    if days <= 0:
        return gettext("today")
    if ago:
        return ngettext("%(n)d day ago", "%(n)d days ago", days) % {"n": days}
    return ngettext("%(n)d day", "%(n)d days", days) % {"n": days}


def problem_get(*, user, kode: str) -> Problem:
    problems = access.scope_queryset(Problem.objects.all(), user)
    return access.get_or_404(
        with_overdue(problems)
        .select_related("kategori", "rt__rw", "kelurahan__kecamatan", "pelapor", "duplikat_dari")
        .prefetch_related(
            "needs",
            Prefetch("photos", queryset=ProblemPhoto.objects.select_related("photo")),
            Prefetch(
                "events",
                queryset=ProblemEvent.objects.select_related("oleh", "foto").order_by(
                    "waktu", "pk"
                ),
            ),
        ),
        user,
        kode=kode.upper(),
    )


def problem_for_action(*, user, kode: str) -> Problem:
    return access.get_or_404(Problem.objects.select_related("rt"), user, kode=kode.upper())


def public_problem_get(*, kode: str) -> Problem | None:
    """The problem behind a tracking code, in any status (its reporter follows it to the
    end), with public photos only, or None. Show its timeline through
    :func:`public_timeline`, never ``problem.events``."""
    return (
        Problem.objects.select_related(
            "kategori", "rt__rw", "rt__kelurahan", "kelurahan", "duplikat_dari"
        )
        .prefetch_related(
            Prefetch(
                "photos",
                queryset=public_problem_photos().select_related("photo"),
            ),
            Prefetch(
                "events",
                queryset=ProblemEvent.objects.select_related("foto")
                .annotate(foto_publik=Exists(public_photos().filter(pk=OuterRef("foto"))))
                .order_by("waktu", "pk"),
            ),
        )
        .filter(kode=kode.strip().upper())
        .first()
    )


def public_problem_state(*, kode: str) -> Problem | None:
    """The problem behind a tracking code, its own row and category only (one query): what
    the tracking page needs around its cached public part (:func:`public_page_cached`),
    such as the actions its visitor may take now. None when there is no such code."""
    return Problem.objects.select_related("kategori").filter(kode=kode.strip().upper()).first()


# The public part of the tracking page (status, details, photos, timeline) is kept rendered
# in the shared cache per problem and language: thousands of visitors follow a few codes.
# The permasalahan services give it a new version when the problem changes
# (``public_page_changed``); it
# also expires at local midnight (it says the problem's age in days) and after an hour at
# most (a category or area renamed outside those services).
PUBLIC_PAGE_MAX_AGE = 3600
# A version outlives every page kept under it.
PUBLIC_PAGE_VERSION_AGE = 2 * PUBLIC_PAGE_MAX_AGE


def _public_page_version_key(kode: str) -> str:
    return f"permasalahan:lacak-versi:{kode}"


def public_page_version(kode: str) -> str:
    """The version of ``kode``'s cached public part, read before the problem's rows.

    ``public_page_changed`` gives a new one when the change commits, so a page rendered from
    the old rows by a visitor meanwhile is kept under the old version, which no one reads
    again. A version missing from the cache (never set, or evicted) is made anew: nothing
    kept under an earlier one is trusted."""
    key = _public_page_version_key(kode)
    version = cache.get(key)
    if version is None:
        cache.add(key, uuid.uuid4().hex, PUBLIC_PAGE_VERSION_AGE)
        version = cache.get(key) or "?"
    return version


def public_page_new_version(kode: str) -> None:
    cache.set(_public_page_version_key(kode), uuid.uuid4().hex, PUBLIC_PAGE_VERSION_AGE)


def public_page_cache_key(kode: str, language: str, version: str) -> str:
    return f"permasalahan:lacak:{kode}:{version}:{language}"


def public_page_cached(*, kode: str, language: str, version: str) -> str | None:
    """The cached public part of the tracking page of ``kode`` at ``version``, or None."""
    return cache.get(public_page_cache_key(kode, language, version))


def public_page_keep(*, kode: str, language: str, version: str, html: str, now=None) -> None:
    """Keep the rendered public part of ``kode`` until midnight, an hour at most."""
    now = timezone.localtime(now)
    midnight = datetime.datetime.combine(
        now.date() + datetime.timedelta(days=1), datetime.time.min, tzinfo=now.tzinfo
    )
    seconds = min(PUBLIC_PAGE_MAX_AGE, int((midnight - now).total_seconds()))
    if seconds > 0:
        cache.set(public_page_cache_key(kode, language, version), html, seconds)


# -- what the public sees: photos and notes ---------------------------------------------------


def public_problem_photos(queryset=None):
    """The problem photos shown to the public (of ``queryset``, default all): the one rule,
    with :func:`photo_is_public`, for every public page and public data."""
    links = ProblemPhoto.objects.all() if queryset is None else queryset
    return links.filter(publik=True)


def public_photos(queryset=None):
    """The stored photos (``sigoro.Photo``) anyone may see: those of a problem that the
    staff did not hide. Any other photo (deliveries, kept for a retry, ...) is private."""
    photos = Photo.objects.all() if queryset is None else queryset
    return photos.filter(problem_link__in=public_problem_photos())


def photo_is_public(photo: Photo) -> bool:
    """Whether anyone (without an account) may see ``photo``: a problem photo not hidden by
    the staff. Every public page, public data and the media view ask this."""
    if photo is None or photo.pk is None:
        return False
    return public_photos().filter(pk=photo.pk).exists()


def event_note_is_public(event: ProblemEvent) -> bool:
    """Whether a timeline note is shown to the public: only when its writer ticked "show to
    the public" (staff notes and the reporter's own words are internal by default)."""
    return event.publik


@dataclass(frozen=True)
class PublicEvent:
    """A timeline entry as the public tracking page shows it (read-only)."""

    waktu: datetime.datetime
    dari_status: str
    ke_status: str
    catatan: str
    oleh_pelapor: bool
    by_officer: bool
    foto: Photo | None

    def get_dari_status_display(self):
        return Status(self.dari_status).label if self.dari_status else ""

    def get_ke_status_display(self):
        return Status(self.ke_status).label if self.ke_status else ""


def public_timeline(problem: Problem) -> list[PublicEvent]:
    """The timeline of a problem got by :func:`public_problem_get`, as the public may see
    it: every step, a note only when public, a photo only when public. An entry left with
    nothing to show (an internal note without a status change) is left out."""
    timeline = []
    for event in problem.events.all():
        note = event.catatan if event_note_is_public(event) else ""
        foto = event.foto if event.foto_id and event.foto_publik else None
        if not (event.ke_status or note or foto):
            continue
        timeline.append(
            PublicEvent(
                waktu=event.waktu,
                dari_status=event.dari_status,
                ke_status=event.ke_status,
                catatan=note,
                oleh_pelapor=event.oleh_pelapor,
                by_officer=event.oleh_id is not None,
                foto=foto,
            )
        )
    return timeline


def reporter_contact_visible(*, user) -> bool:
    """Whether ``user`` may see a reporter's name and phone (UU PDP): only the roles that
    verify reports and may call the reporter back; never the public."""
    return user is not None and user.is_authenticated and access.has_perm(user, "problem.verify")


def problem_photo_for_action(*, user, kode: str, pk: int) -> tuple[Problem, ProblemPhoto]:
    """A problem in the user's area and one of its photos (404 for anything else)."""
    problem = problem_for_action(user=user, kode=kode)
    link = ProblemPhoto.objects.filter(problem=problem, pk=pk).select_related("photo").first()
    if link is None:
        raise Http404
    return problem, link


# What public lists of problems (the Open311 API, ``open311``) show: the open problems and
# the resolved ones. A rejected or duplicate report is shown, like on the tracking page, only
# to whoever names its code.
PUBLIC_LIST_STATUSES = [*OPEN_STATUSES, Status.SELESAI]
PRIVATE_FIELDS = (
    "pelapor_nama",
    "pelapor_hp",
    "pelapor_email",
    "pelapor_kunci_hash",
    "idempotency_key",
)


def public_problems(
    *,
    kecamatan_id: int | None = None,
    kodes: list[str] | None = None,
    kategori_slugs: list[str] | None = None,
    statuses: list[str] | None = None,
    reported_from: datetime.datetime | None = None,
    reported_until: datetime.datetime | None = None,
):
    """Problems with their public fields only, newest first, for other systems: in
    ``PUBLIC_LIST_STATUSES``, or (given ``kodes``, tracking codes) those problems in any
    status. Each carries ``public_photos`` (its photos the staff did not hide) and
    ``diperbarui`` (the time of its last timeline entry); the reporter's name, phone and key
    are not even loaded. Three queries however many rows are sliced off."""
    problems = Problem.objects.all()
    if kodes is not None:
        problems = problems.filter(kode__in=[kode.strip().upper() for kode in kodes])
    else:
        problems = problems.filter(status__in=PUBLIC_LIST_STATUSES)
    if kecamatan_id is not None:
        problems = problems.filter(kelurahan__kecamatan_id=kecamatan_id)
    if kategori_slugs is not None:
        problems = problems.filter(kategori__slug__in=kategori_slugs)
    if statuses is not None:
        problems = problems.filter(status__in=statuses)
    if reported_from is not None:
        problems = problems.filter(dibuat__gte=reported_from)
    if reported_until is not None:
        problems = problems.filter(dibuat__lte=reported_until)
    return (
        problems.defer(*PRIVATE_FIELDS)
        .select_related("kategori", "kelurahan")
        .annotate(diperbarui=Max("events__waktu"))
        .prefetch_related(
            Prefetch(
                "photos",
                queryset=public_problem_photos().select_related("photo").order_by("pk"),
                to_attr="public_photos",
            )
        )
        .order_by("-dibuat", "-pk")
    )


def tracking_code_exists(*, kode: str) -> bool:
    return Problem.objects.filter(kode=kode.strip().upper()).exists()


# A report form's one-time key stays in its address (``?kunci=``), so the form shown again
# after going back sends the key it was first given. A key that made a report longer ago
# than this belongs to a bookmarked form: it is replaced by a new one.
FORM_KEY_RESEND_WINDOW = datetime.timedelta(days=1)


@dataclass(frozen=True)
class FormKeyState:
    sent: Problem | None = None  # the report this form already made (sending again finds it)
    stale: bool = False  # made longer ago than FORM_KEY_RESEND_WINDOW: give the form a new key


def form_key_state(*, key: str, user=None, now: datetime.datetime | None = None) -> FormKeyState:
    """What a report form carrying this one-time key already did. Staff see only problems
    inside their area (another area's key counts as stale)."""
    problem = Problem.objects.filter(idempotency_key=key).only("pk", "kode", "dibuat").first()
    if problem is None:
        return FormKeyState()
    if user is not None and user.is_authenticated and not access.is_in_area(user, problem):
        return FormKeyState(stale=True)
    if problem.dibuat < (now or timezone.now()) - FORM_KEY_RESEND_WINDOW:
        return FormKeyState(sent=problem, stale=True)
    return FormKeyState(sent=problem)


def categories():
    return ProblemCategory.objects.filter(aktif=True)


def category_list(*, user):
    access.require_perm(user, "category.manage")
    return ProblemCategory.objects.annotate(n_problems=Count("problems")).order_by("urutan", "nama")


def category_get(*, user, pk) -> ProblemCategory:
    """Categories are shared by the whole deployment: only the role is checked."""
    access.require_perm(user, "category.manage")
    category = ProblemCategory.objects.filter(pk=pk).first()
    if category is None:
        raise Http404
    return category


def public_rt_choices():
    """All RT for the public form, grouped by kelurahan and RW (one query)."""
    return RT.objects.select_related("rw", "kelurahan").order_by(
        "kelurahan__nama", "rw__nomor", "nomor"
    )


@dataclass(frozen=True)
class PublicReportAreas:
    """The RT the public report form lists: all of them when there are few (``large``
    False); in a city, those of the chosen kelurahan (or of the chosen RT's), else none."""

    large: bool
    rts: list


def public_report_areas(*, kelurahan=None, rt=None, limit: int | None = None) -> PublicReportAreas:
    """The RT the public report form offers (see :class:`PublicReportAreas`), from the
    submitted ``kelurahan`` and ``rt`` ids; at most two queries."""
    limit = sigoro_selectors.AREA_OPTION_LIMIT if limit is None else limit
    few = list(public_rt_choices()[: limit + 1])
    if len(few) <= limit:
        return PublicReportAreas(large=False, rts=few)
    kelurahan_id, rt_id = (
        sigoro_selectors.submitted_id(kelurahan),
        sigoro_selectors.submitted_id(rt),
    )
    if kelurahan_id is not None:
        return PublicReportAreas(
            large=True, rts=list(public_rt_choices().filter(kelurahan_id=kelurahan_id))
        )
    if rt_id is not None:
        same = RT.objects.filter(pk=rt_id).values("kelurahan_id")
        return PublicReportAreas(
            large=True, rts=list(public_rt_choices().filter(kelurahan_id__in=same))
        )
    return PublicReportAreas(large=True, rts=[])


def public_kelurahan_choices():
    """Every kelurahan, for the public report form in a city (grouped by kecamatan)."""
    return Kelurahan.objects.select_related("kecamatan").order_by("kecamatan__nama", "nama")


def nearest_rt(*, lat: float, lon: float, max_metres: float = 1500) -> RT | None:
    """The RT whose centre is nearest to a map point (None when none is near enough)."""
    box = max_metres / 111_000
    candidates = RT.objects.filter(
        lat__range=(lat - box, lat + box), lon__range=(lon - box, lon + box)
    ).select_related("rw", "kelurahan")
    best = min(candidates, key=lambda rt: distance_m(lat, lon, rt.lat, rt.lon), default=None)
    if best is None or distance_m(lat, lon, best.lat, best.lon) > max_metres:
        return None
    return best


def distance_m(lat1, lon1, lat2, lon2) -> float:
    """Great-circle distance in metres (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


def similar_open_problems(*, kategori, rt=None, lat=None, lon=None, exclude_pk=None, limit=5):
    """Open problems of the same category within the duplicate radius, or in the same RT.

    Shown while reporting ("saya juga melihat ini") and while verifying (merge).
    Public fields only: callers may show these to anyone.
    """
    radius = settings.DUPLICATE_RADIUS_METRES
    condition = Q()
    if rt is not None:
        condition |= Q(rt=rt)
    if lat is not None and lon is not None:
        box = radius / 111_000 * 1.5
        condition |= Q(lat__range=(lat - box, lat + box), lon__range=(lon - box, lon + box))
    if not condition:
        return []
    candidates = (
        Problem.objects.filter(condition, kategori=kategori, status__in=MAP_STATUSES)
        .exclude(pk=exclude_pk)
        .select_related("kategori", "rt__rw", "kelurahan")
        .order_by("-jumlah_laporan", "-dibuat")[:50]
    )
    found = []
    for problem in candidates:
        problem.jarak = None
        if lat is not None and problem.has_gps:
            problem.jarak = round(distance_m(lat, lon, problem.lat, problem.lon))
            if problem.jarak > radius and problem.rt_id != getattr(rt, "pk", None):
                continue
        found.append(problem)
    found.sort(key=lambda p: (p.jarak is None, p.jarak or 0, -p.jumlah_laporan))
    return found[:limit]


# -- map ------------------------------------------------------------------------------------


# The map shows single problems up to this many in view, and grid clusters beyond.
MAP_POINT_LIMIT = 500
# A cluster cell is about this many screen pixels wide at the zoom asked for.
MAP_CLUSTER_PIXELS = 60
# With no zoom given: about a whole city in view.
MAP_DEFAULT_ZOOM = 11


@dataclass(frozen=True)
class BBox:
    """A map viewport in degrees (WGS84)."""

    min_lon: float
    min_lat: float
    max_lon: float
    max_lat: float


@dataclass
class MapCluster:
    lat: float
    lon: float
    count: int


@dataclass
class MapView:
    """What one map viewport shows: every problem when few, else clusters with counts."""

    total: int
    problems: list
    clusters: list[MapCluster]

    @property
    def clustered(self) -> bool:
        return bool(self.clusters)


def problems_for_map(*, user=None, kategori=None):
    """Problems for the map: the user's area, or (user None) the public view."""
    problems = Problem.objects.filter(status__in=MAP_STATUSES)
    if user is not None:
        problems = access.scope_queryset(problems, user)
    if kategori:
        problems = problems.filter(kategori__slug=kategori)
    return problems.select_related("kategori", "rt__rw", "kelurahan").order_by("-dibuat")


def map_cell_degrees(zoom: int) -> float:
    """The side of a cluster cell, in degrees, at a Web Mercator zoom level."""
    return 360 / 2**zoom * MAP_CLUSTER_PIXELS / 256


def problems_in_view(
    *, user=None, kategori=None, bbox: BBox | None = None, zoom: int | None = None
) -> MapView:
    """The map's problems inside ``bbox``: one by one up to MAP_POINT_LIMIT, else clustered.

    Clusters are cells of a lat/lon grid whose size follows the zoom, counted and averaged
    in the database (GROUP BY), so a city of problems costs two queries and no rows in
    Python. ``user`` None is the public map. Backed by the index on (status, lat, lon).
    """
    problems = problems_for_map(user=user, kategori=kategori).filter(lat__isnull=False)
    if bbox is not None:
        problems = problems.filter(
            lat__gte=bbox.min_lat,
            lat__lte=bbox.max_lat,
            lon__gte=bbox.min_lon,
            lon__lte=bbox.max_lon,
        )
    total = problems.order_by().count()
    if total <= MAP_POINT_LIMIT:
        return MapView(total=total, problems=list(problems), clusters=[])
    cell = map_cell_degrees(MAP_DEFAULT_ZOOM if zoom is None else zoom)
    cells = (
        problems.order_by()
        .annotate(
            cell_lat=Floor(F("lat") / Value(cell, output_field=FloatField())),
            cell_lon=Floor(F("lon") / Value(cell, output_field=FloatField())),
        )
        .values("cell_lat", "cell_lon")
        .annotate(n=Count("*"), mean_lat=Avg("lat"), mean_lon=Avg("lon"))
        .order_by("cell_lat", "cell_lon")
    )
    clusters = [
        MapCluster(lat=row["mean_lat"], lon=row["mean_lon"], count=row["n"]) for row in cells
    ]
    return MapView(total=total, problems=[], clusters=clusters)


def problems_without_gps(*, user=None, kategori=None, limit: int = 100) -> list:
    """The newest map problems that have no map point, for the list beside the map."""
    problems = problems_for_map(user=user, kategori=kategori)
    return list(problems.filter(lat__isnull=True)[:limit])


def map_legend() -> list[tuple[str, str]]:
    """(status, label) for every status a map can show, in workflow order."""
    return [(status.value, status.label) for status in MAP_STATUSES]


def map_feature(problem, *, url: str) -> dict:
    """A GeoJSON feature with public fields only."""
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [problem.lon, problem.lat]},
        "properties": {
            "kode": problem.kode,
            "kategori": problem.kategori.nama,
            "status": problem.status,
            "status_label": str(problem.get_status_display()),
            "lokasi": f"{problem.rt} / {problem.kelurahan}",
            "alamat": problem.alamat,
            "laporan": problem.jumlah_laporan,
            "url": url,
        },
    }


def cluster_feature(cluster: MapCluster) -> dict:
    """A GeoJSON feature for a cluster: where (the mean point) and how many, nothing else."""
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [cluster.lon, cluster.lat]},
        "properties": {"cluster": True, "count": cluster.count},
    }


# -- needs summary and figures --------------------------------------------------------------


@dataclass
class NeedTotal:
    jenis: str
    jenis_label: str
    item: str
    satuan: str
    jumlah: int
    problems: int


def needs_summary(*, user) -> dict[Kelurahan, list[NeedTotal]]:
    """Per kelurahan: the resources that its open problems need, added up by item and unit."""
    problems = access.scope_queryset(Problem.objects.filter(status__in=OPEN_STATUSES), user)
    rows = (
        ProblemNeed.objects.filter(problem__in=problems)
        .annotate(item_key=Lower("item"), satuan_key=Lower("satuan"))
        .values("problem__kelurahan", "jenis", "item_key", "satuan_key")
        .annotate(total=Sum("jumlah"), n=Count("problem", distinct=True))
        .order_by("problem__kelurahan", "jenis", "item_key")
    )
    # The ids come from problems already scoped to the user's area.
    kelurahan = Kelurahan.objects.in_bulk({row["problem__kelurahan"] for row in rows})
    summary: dict = defaultdict(list)
    for row in rows:
        summary[kelurahan[row["problem__kelurahan"]]].append(
            NeedTotal(
                jenis=row["jenis"],
                jenis_label=str(NeedKind(row["jenis"]).label),
                item=row["item_key"],
                satuan=row["satuan_key"],
                jumlah=row["total"],
                problems=row["n"],
            )
        )
    return dict(summary)


@dataclass
class ProblemFigures:
    kelurahan_id: int
    month: datetime.date | None
    total: int
    selesai: int
    ditolak_duplikat: int

    @property
    def counted(self) -> int:
        return self.total - self.ditolak_duplikat

    @property
    def resolution_rate(self) -> float | None:
        """selesai / (all - ditolak - duplikat), as a percentage; None when nothing counts."""
        return round(100 * self.selesai / self.counted, 1) if self.counted else None


def resolution_figures(*, user, start=None, end=None, by_month=True) -> list[ProblemFigures]:
    """Resolution rate per kelurahan (and month of reporting) inside the user's area."""
    problems = access.scope_queryset(Problem.objects.all(), user)
    if start:
        problems = problems.filter(dibuat__date__gte=start)
    if end:
        problems = problems.filter(dibuat__date__lte=end)
    group = ["kelurahan"] + (["month"] if by_month else [])
    if by_month:
        problems = problems.annotate(month=TruncMonth("dibuat"))
    rows = (
        problems.values(*group)
        .annotate(
            total=Count("pk"),
            selesai=Count("pk", filter=Q(status=Status.SELESAI)),
            ditolak_duplikat=Count("pk", filter=Q(status__in=[Status.DITOLAK, Status.DUPLIKAT])),
        )
        .order_by(*group)
    )
    return [
        ProblemFigures(
            kelurahan_id=row["kelurahan"],
            month=row["month"].date() if by_month and row["month"] else None,
            total=row["total"],
            selesai=row["selesai"],
            ditolak_duplikat=row["ditolak_duplikat"],
        )
        for row in rows
    ]


def median_open_age_days(*, user, today: datetime.date | None = None) -> dict[int, float]:
    """Median age in days of the open problems, per kelurahan id."""
    today = today or timezone.localdate()
    problems = access.scope_queryset(Problem.objects.filter(status__in=OPEN_STATUSES), user)
    ages = defaultdict(list)
    for kelurahan_id, created in problems.values_list("kelurahan", "dibuat"):
        ages[kelurahan_id].append((today - timezone.localdate(created)).days)
    return {k: statistics.median(v) for k, v in ages.items()}


def overdue_count(*, user, today: datetime.date | None = None) -> int:
    problems = access.scope_queryset(Problem.objects.all(), user)
    return problems.filter(overdue_condition(today or timezone.localdate())).count()


def waiting_verification_count(*, user) -> int:
    return access.scope_queryset(Problem.objects.filter(status=Status.DILAPORKAN), user).count()


def home_todo(user) -> list:
    """The home page's to-do lines for stage 1."""
    from django.urls import reverse

    from sigoro.selectors import TodoItem

    if not access.has_perm(user, "problem.view"):
        return []
    todo = []
    url = reverse("permasalahan:problem-list")
    if access.has_perm(user, "problem.verify"):
        waiting = waiting_verification_count(user=user)
        if waiting:
            todo.append(
                TodoItem(
                    ngettext(
                        "%(n)d report waits for verification.",
                        "%(n)d reports wait for verification.",
                        waiting,
                    )
                    % {"n": waiting},
                    f"{url}?status={Status.DILAPORKAN}",
                    waiting,
                )
            )
    overdue = overdue_count(user=user)
    if overdue:
        todo.append(
            TodoItem(
                ngettext(
                    "%(n)d problem is overdue (past the service level).",
                    "%(n)d problems are overdue (past the service level).",
                    overdue,
                )
                % {"n": overdue},
                f"{url}?terlambat=on",
                overdue,
                level="danger",
            )
        )
    return todo


def problems_for_report(*, user):
    """Every problem in the user's area, unordered, for monitoring's aggregates."""
    return access.scope_queryset(Problem.objects.all(), user).order_by()


def problems_for_summary():
    """Every problem of every area, unordered: for the stored monthly dashboard figures,
    which monitoring groups by area (never shown unscoped)."""
    return Problem.objects.order_by()


# -- figures for the SIGORO index (stage 5) ---------------------------------------------------

# One reporter (an account, or a public reporter's key) counts for at most this many of the
# problems reported in one month: a flood of small reports cannot inflate a resolution rate.
INDEX_PROBLEMS_PER_REPORTER_MONTH = 10
# Problems that were never real work: rejected, or merged into another.
INDEX_EXCLUDED_STATUSES = [Status.DITOLAK, Status.DUPLIKAT]


def index_problems_due(
    *,
    start: datetime.date,
    end: datetime.date,
    today: datetime.date,
    per_reporter: int = INDEX_PROBLEMS_PER_REPORTER_MONTH,
):
    """Return the problems the resolution rate counts for ``start`` to ``end``: verified,
    neither rejected nor duplicate, whose follow-up deadline fell in the period and has
    passed, at most ``per_reporter`` per reporter and month of reporting (the earliest).
    Resolved ones have the status "selesai"."""
    from django.db.models import CharField, F, Value, Window
    from django.db.models.functions import Cast, Coalesce, Concat, NullIf, RowNumber

    due = Problem.objects.filter(
        diverifikasi_pada__isnull=False,
        tenggat_tindak_lanjut__gte=start,
        tenggat_tindak_lanjut__lt=min(end, today),
    ).exclude(status__in=INDEX_EXCLUDED_STATUSES)
    reporter = Coalesce(
        Concat(Value("u"), Cast("pelapor_id", CharField())),
        Concat(Value("k"), NullIf("pelapor_kunci_hash", Value(""))),
        Concat(Value("p"), Cast("id", CharField())),
        output_field=CharField(),
    )
    ranked = due.annotate(
        reporter_rank=Window(
            RowNumber(),
            partition_by=[reporter, TruncMonth("dibuat")],
            order_by=[F("dibuat").asc(), F("id").asc()],
        )
    ).filter(reporter_rank__lte=per_reporter)
    return Problem.objects.filter(pk__in=ranked.values("pk"))


def index_problems_due_uncapped(*, start: datetime.date, end: datetime.date, today: datetime.date):
    """The same problems without the per-reporter cap (to flag how many the cap left out)."""
    return index_problems_due(start=start, end=end, today=today, per_reporter=10**9)
