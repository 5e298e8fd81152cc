"""The monthly report (Laporan Bulanan Gotong Royong): an A4 PDF of one month for a
kelurahan, a kecamatan or a city, signed by the head of the area.

What it prints comes from the one home of each figure: the KPI figures and the 12-month
trend from the dashboard selectors, the SIGORO index and its ranking from the index
selectors, the "Cara menghitung" text from the index's own partial, each event from the
kegiatan selectors that the plan page reads. All of them are read as the area's own office
reads it (``report_reader``): a kelurahan report can hold nothing of another kelurahan.
"""

import datetime
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from kegiatan import selectors as kegiatan_selectors
from laporan.dashboard import selectors as dashboard_selectors
from laporan.dokumen import svg
from laporan.dokumen.generators import Output, register
from laporan.dokumen.printing import print_image, qr_data_uri, render_pdf, verification_url
from laporan.dokumen.selectors import Letterhead, kop_surat_for
from laporan.indeks import selectors as index_selectors
from laporan.models import DocumentKind
from laporan.periods import MONTH, Period
from permasalahan import selectors as permasalahan_selectors
from permasalahan.models import Status
from sigoro import access
from sigoro import selectors as sigoro_selectors
from sigoro.formats import tanggal
from sigoro.models import Kecamatan, Kelurahan, Kota, Role, User

KOTA, KECAMATAN, KELURAHAN = "kota", "kecamatan", "kelurahan"
LEVEL_MODELS = {KOTA: Kota, KECAMATAN: Kecamatan, KELURAHAN: Kelurahan}
# Who reads (and signs) the report of each level: the head of that area.
READER_ROLE = {KOTA: Role.PEMANTAU_KOTA, KECAMATAN: Role.CAMAT, KELURAHAN: Role.LURAH}
# The areas a report ranks: one level down.
RANKED_LEVEL = {KOTA: "kecamatan", KECAMATAN: "kelurahan", KELURAHAN: "rt"}
# Printed width (mm) of each photo of an event's before/after pair, and how many pairs an
# event page prints (at PRINT_DPI: 56 mm is about 400 pixels, some 35 kB a photo).
EVENT_PHOTO_MM = 56
MAX_PAIRS_PER_EVENT = 4
# Problems listed by name; beyond this the report gives the count (the export has them all).
MAX_PROBLEM_ROWS = 80


def report_reader(*, level: str, area) -> User:
    """Return an unsaved account of the area's head (camat, lurah, city monitor) to read the
    report's figures through ``sigoro.access`` exactly as that office reads them."""
    return User(username=f"laporan-{level}-{area.pk}", role=READER_ROLE[level], **{level: area})


def report_area(*, level: str, pk: int):
    """Return the area of a report (the request was checked when it was made)."""
    model = LEVEL_MODELS[level]
    related = {KELURAHAN: ("kecamatan__kota",), KECAMATAN: ("kota",)}.get(level)
    queryset = model.objects.select_related(*related) if related else model.objects.all()
    return queryset.get(pk=pk)


def kecamatan_of(level: str, area):
    return {KELURAHAN: lambda: area.kecamatan, KECAMATAN: lambda: area, KOTA: lambda: None}[level]()


def kota_of(level: str, area):
    if level == KOTA:
        return area
    kecamatan = kecamatan_of(level, area)
    return kecamatan.kota if kecamatan.kota_id else None


def monthly_period(value: str, *, today: datetime.date | None = None) -> Period:
    """Return the month ``value`` names ("2026-11") if it has begun, else a ValidationError."""
    today = today or timezone.localdate()
    period = Period.parse(value, default=None)
    if period is None or period.kind != MONTH:
        raise ValidationError(_("Choose a month."), code="month")
    if period.start > today:
        raise ValidationError(_("A monthly report is made for a month that has begun."))
    return period


def requestable_areas(*, user) -> list[tuple[str, object]]:
    """Return the (level, area) pairs whose monthly report ``user`` may ask for: a camat or
    administrator their kecamatan and its kelurahan, a lurah their kelurahan."""
    if not access.has_perm(user, "document.create"):
        return []
    areas = [(KECAMATAN, k) for k in access.scope_queryset(Kecamatan.objects.all(), user)]
    areas += [(KELURAHAN, k) for k in sigoro_selectors.kelurahan_list(user=user)]
    return areas


def requestable_area(*, user, level: str, pk):
    """Return the kecamatan or kelurahan ``pk`` inside the user's area, else 404."""
    if level not in (KECAMATAN, KELURAHAN):
        raise Http404
    return access.get_or_404(LEVEL_MODELS[level].objects.all(), user, pk=pk)


def document_title(*, area, period: Period) -> str:
    return _("Monthly report %(month)s: %(area)s") % {"month": period.label, "area": area}


def signing_date(period: Period, *, today: datetime.date) -> datetime.date:
    """The date above the signatures: the month's last day, or today if that is earlier."""
    return min(period.last_day, today)


def report_title(period: Period) -> str:
    return _("Monthly Gotong Royong Report, Month of %(month)s") % {"month": period.label}


def city_letterhead(kota) -> Letterhead:
    place = kota.nama.removeprefix("Kota ").removeprefix("Kabupaten ")
    return Letterhead(
        pemerintah=f"PEMERINTAH {kota.nama.upper()}",
        nama_kantor=_("GOTONG ROYONG INTEGRATION SYSTEM (SIGORO)").upper(),
        kota_surat=place,
    )


@dataclass
class EventPage:
    """One held event of the month: plan against actual, attendance, results, support and
    swadaya, kendala and its before/after photos."""

    row: object  # laporan.dashboard.selectors.PlanActual
    overview: object  # kegiatan.selectors.ExecutionOverview
    pairs: list = field(default_factory=list)  # (spot, rt, before uri, after uri)


@dataclass
class Signature:
    place_date: str
    signer_title: str
    signer_name: str
    signer_nip: str = ""
    knows_title: str = ""  # "Mengetahui": the camat over a lurah's report
    knows_name: str = ""
    knows_nip: str = ""
    neutral: bool = False  # a city report: no office signs it


@dataclass
class MonthlyReport:
    level: str
    area: object
    period: Period
    title: str
    kop: Letterhead
    generated_on: datetime.date
    dashboard: object
    index_row: object
    ranking: list
    ranked_level: str
    method: dict
    bar_chart: str
    trend_chart: str
    events: list[EventPage]
    opened: list
    resolved: list
    opened_count: int
    resolved_count: int
    signature: Signature


def _problems_of_month(reader, period: Period):
    """Return (opened, opened count, resolved, resolved count) of the month in the area."""
    start = timezone.make_aware(datetime.datetime.combine(period.start, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(period.end, datetime.time.min))
    problems = permasalahan_selectors.problems_for_report(user=reader).select_related(
        "kategori", "rt__rw", "kelurahan"
    )
    opened = problems.filter(dibuat__gte=start, dibuat__lt=end).order_by("dibuat", "pk")
    resolved = problems.filter(
        status=Status.SELESAI, selesai_pada__gte=start, selesai_pada__lt=end
    ).order_by("selesai_pada", "pk")
    return (
        list(opened[:MAX_PROBLEM_ROWS]),
        opened.count(),
        list(resolved[:MAX_PROBLEM_ROWS]),
        resolved.count(),
    )


def _method_context(*, level: str, area, period: Period) -> dict:
    """Return the context of "Cara menghitung" with the weights in force in the month for
    the report's kecamatan (the city level always uses the defaults)."""
    kecamatan = kecamatan_of(level, area)
    config = (
        index_selectors.config_in_force(kecamatan_id=kecamatan.pk, day=period.last_day)
        if kecamatan is not None
        else None
    )
    weights = index_selectors.Weights.of(config)
    raw = dict(index_selectors.EXAMPLE_RAW)
    target_s, target_t = index_selectors.collaboration_targets(
        level="kelurahan", months=1, kelurahan_count=1, rts_in_kelurahan=1, weights=weights
    )
    raw.update(target_stakeholders=float(target_s), target_types=float(target_t))
    dimensions = index_selectors.dimensions_from_raw(raw)
    return {
        "weights": weights,
        "weight_rows": [(name, weights.weights[name]) for name in index_selectors.DIMENSIONS],
        "example": raw,
        "example_dimensions": dimensions,
        "example_total": index_selectors.weighted_total(dimensions, weights.weights),
        "lacak_bentor": index_selectors.LACAK_BENTOR_RATE,
        "per_reporter": permasalahan_selectors.INDEX_PROBLEMS_PER_REPORTER_MONTH,
        "min_dimensions": index_selectors.MIN_DIMENSIONS_FOR_TOTAL,
        "entry_days": settings.EXECUTION_ENTRY_DAYS,
    }


def _event_pages(reader, period: Period, progress) -> list[EventPage]:
    plans = dashboard_selectors.plan_vs_actual_list(user=reader, period=period)
    rows = [
        row
        for row in dashboard_selectors.plan_actual_rows(user=reader, plans=plans)
        if row.state == dashboard_selectors.HELD_STATE
    ]
    pages = []
    for number, row in enumerate(rows, start=1):
        overview = kegiatan_selectors.execution_overview(user=reader, plan=row.plan)
        pairs = []
        for pair in overview.documentation.pairs[:MAX_PAIRS_PER_EVENT]:
            pairs.append(
                (
                    pair.titik.nama,
                    str(pair.titik.rt) if pair.titik.rt_id else "",
                    print_image(pair.sebelum[0].foto, width_mm=EVENT_PHOTO_MM)
                    if pair.sebelum
                    else "",
                    print_image(pair.sesudah[0].foto, width_mm=EVENT_PHOTO_MM)
                    if pair.sesudah
                    else "",
                )
            )
        pages.append(EventPage(row=row, overview=overview, pairs=pairs))
        progress(30 + 50 * number // max(len(rows), 1))
    return pages


def _signature(*, level: str, area, kop: Letterhead, on: datetime.date) -> Signature:
    place = f"{kop.kota_surat}, " if kop.kota_surat else ""
    place_date = place + tanggal(on, False)
    if level == KOTA:
        return Signature(place_date=place_date, signer_title="", signer_name="", neutral=True)
    kecamatan = kecamatan_of(level, area)
    heads = sigoro_selectors.area_head_names(
        kelurahan=area if level == KELURAHAN else None, kecamatan=kecamatan
    )
    camat_name = kop.nama_camat or heads["camat"]
    camat_title = _("Camat %(name)s") % {"name": kecamatan.nama}
    if level == KECAMATAN:
        return Signature(
            place_date=place_date,
            signer_title=camat_title,
            signer_name=camat_name,
            signer_nip=kop.nip_camat,
        )
    return Signature(
        place_date=place_date,
        signer_title=_("Lurah %(name)s") % {"name": area.nama},
        signer_name=heads["lurah"],
        knows_title=camat_title,
        knows_name=camat_name,
        knows_nip=kop.nip_camat,
    )


def monthly_report_data(
    *, level: str, area, period: Period, today: datetime.date | None = None, progress=None
) -> MonthlyReport:
    """Collect what the monthly report of ``area`` (of ``level``) for ``period`` prints."""
    progress = progress or (lambda percent: None)
    today = today or timezone.localdate()
    reader = report_reader(level=level, area=area)
    kecamatan = kecamatan_of(level, area)
    kop = kop_surat_for(kecamatan) if kecamatan is not None else city_letterhead(area)
    dashboard = dashboard_selectors.dashboard_for(user=reader, period=period, today=today)
    index_row = index_selectors.index_for_area(user=reader, area=area, period=period, today=today)
    ranked_level = RANKED_LEVEL[level]
    ranking = index_selectors.index_rows(
        user=reader, level=ranked_level, period=period, today=today
    )
    progress(20)
    no_data = _("no data")
    bar = svg.bar_chart(
        [(_area_label(row.area), row.total) for row in ranking],
        title=_("SIGORO index per area, %(month)s") % {"month": period.label},
        no_data=no_data,
    )
    trend = svg.line_chart(
        [f"{month.month.start:%m/%y}" for month in dashboard.trend],
        [
            svg.Series(_("Events held"), [month.held for month in dashboard.trend]),
            svg.Series(_("Participants"), [month.participants for month in dashboard.trend]),
        ],
        title=_("Events and participants, the last 12 months"),
    )
    events = _event_pages(reader, period, progress) if level != KOTA else []
    opened, opened_count, resolved, resolved_count = _problems_of_month(reader, period)
    return MonthlyReport(
        level=level,
        area=area,
        period=period,
        title=report_title(period),
        kop=kop,
        generated_on=today,
        dashboard=dashboard,
        index_row=index_row,
        ranking=ranking,
        ranked_level=ranked_level,
        method=_method_context(level=level, area=area, period=period),
        bar_chart=bar,
        trend_chart=trend,
        events=events,
        opened=opened,
        resolved=resolved,
        opened_count=opened_count,
        resolved_count=resolved_count,
        signature=_signature(level=level, area=area, kop=kop, on=signing_date(period, today=today)),
    )


def _area_label(area) -> str:
    if isinstance(area, Kelurahan | Kecamatan):
        return area.nama
    return str(area)


@register(DocumentKind.MONTHLY_REPORT)
def monthly_report_pdf(document, progress) -> Output:
    """Render the monthly report the document names (params: level, area; periode)."""
    level = document.params["level"]
    area = report_area(level=level, pk=document.params["area"])
    period = Period.parse(document.periode, default=None)
    with translation.override("id"):
        data = monthly_report_data(level=level, area=area, period=period, progress=progress)
        url = verification_url(document)
        pdf = render_pdf(
            "laporan/dokumen/laporan_bulanan_pdf.html",
            {"report": data, "document": document, "verify_url": url, "qr": qr_data_uri(url)},
        )
    progress(95)
    name = f"laporan-bulanan-{period.key}-{level}-{area.pk}.pdf"
    return Output(
        content=pdf.content, filename=name, content_type="application/pdf", pages=pdf.pages
    )
