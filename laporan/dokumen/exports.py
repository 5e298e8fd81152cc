"""CSV and Excel exports of the list pages: problems, plans, events with attendance and
results, stakeholders with their support.

Each dataset reads through the same selectors and filters as its list page, so an export
holds exactly what the user's page shows (their area, their filters). Small exports are
answered at once; above ``EXPORT_INLINE_MAX_ROWS`` rows they run as a task into the archive.
The SIGORO index export plugs in as one more ``Dataset`` when the index lands.
"""

import csv
import datetime
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.http import QueryDict
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kegiatan import selectors as kegiatan_selectors
from kegiatan.filters import WHEN_UPCOMING, PlanFilter
from laporan.dokumen.generators import Output, register
from laporan.models import DocumentKind
from permasalahan import selectors as problem_selectors
from permasalahan.filters import ProblemFilter
from sigoro import access
from stakeholder import selectors as stakeholder_selectors
from stakeholder.filters import StakeholderFilter

TEXT, INT, DECIMAL, DATE, DATETIME, RUPIAH = "text", "int", "decimal", "date", "datetime", "rupiah"
RUPIAH_FORMAT = '"Rp" #,##0'
DATE_FORMAT = "DD/MM/YYYY"
DATETIME_FORMAT = "DD/MM/YYYY HH:MM"


@dataclass(frozen=True)
class Column:
    label: object  # a lazy translation
    kind: str = TEXT
    width: int = 14


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: object
    permission: str
    columns: list[Column]
    # (user, query) -> the filtered queryset; (object) -> one row of values.
    queryset: Callable
    row: Callable
    list_url: str = ""


def _query(data) -> QueryDict:
    if isinstance(data, QueryDict):
        return data
    query = QueryDict(mutable=True)
    for key, value in (data or {}).items():
        query.setlist(key, value if isinstance(value, list) else [value])
    return query


def _local(moment):
    return timezone.localtime(moment).replace(tzinfo=None) if moment else None


# -- problems -------------------------------------------------------------------------------


def _problems(user, query):
    problems = problem_selectors.problem_list(user=user)
    return ProblemFilter(query or None, queryset=problems, user=user).qs


def _problem_row(p):
    return [
        p.kode,
        _local(p.dibuat),
        str(p.kategori),
        p.kelurahan.nama if p.kelurahan_id else "",
        str(p.rt),
        p.alamat,
        p.get_keparahan_display(),
        p.get_status_display(),
        p.get_sumber_display(),
        _local(p.selesai_pada),
        p.deskripsi,
    ]


PROBLEMS = Dataset(
    slug="masalah",
    title=gettext_lazy("Problems"),
    permission="problem.view",
    list_url="permasalahan:problem-list",
    columns=[
        Column(gettext_lazy("Code"), TEXT, 12),
        Column(gettext_lazy("Reported at"), DATETIME, 17),
        Column(gettext_lazy("Category"), TEXT, 22),
        Column(gettext_lazy("Kelurahan"), TEXT, 18),
        Column(gettext_lazy("RT"), TEXT, 16),
        Column(gettext_lazy("Address"), TEXT, 30),
        Column(gettext_lazy("Severity"), TEXT, 12),
        Column(gettext_lazy("Status"), TEXT, 16),
        Column(gettext_lazy("Source"), TEXT, 14),
        Column(gettext_lazy("Resolved at"), DATETIME, 17),
        Column(gettext_lazy("Description"), TEXT, 50),
    ],
    queryset=_problems,
    row=_problem_row,
)


# -- plans ----------------------------------------------------------------------------------


def _plans(user, query):
    query = query.copy()
    query.setdefault("waktu", WHEN_UPCOMING)  # as the list page shows it
    plans = kegiatan_selectors.plan_list(user=user)
    return PlanFilter(query, queryset=plans, user=user).qs


def _plan_row(plan):
    return [
        plan.judul,
        plan.kelurahan.nama,
        plan.tanggal,
        plan.jam_mulai.strftime("%H.%M"),
        plan.jam_selesai.strftime("%H.%M"),
        plan.rt_summary,
        plan.get_status_display(),
        plan.target_total or plan.target_sum,
        plan.penanggung_jawab_nama,
    ]


PLANS = Dataset(
    slug="rencana-aksi",
    title=gettext_lazy("Rencana Aksi"),
    permission="plan.view",
    list_url="kegiatan:plan-list",
    columns=[
        Column(gettext_lazy("Title"), TEXT, 36),
        Column(gettext_lazy("Kelurahan"), TEXT, 18),
        Column(gettext_lazy("Date"), DATE, 12),
        Column(gettext_lazy("Start"), TEXT, 8),
        Column(gettext_lazy("End"), TEXT, 8),
        Column(gettext_lazy("RT"), TEXT, 28),
        Column(gettext_lazy("Status"), TEXT, 14),
        Column(gettext_lazy("Target participants"), INT, 12),
        Column(gettext_lazy("Person in charge"), TEXT, 22),
    ],
    queryset=_plans,
    row=_plan_row,
)


# -- events (executions) with attendance and results ------------------------------------------


def _events(user, query):
    events = kegiatan_selectors.execution_list(user=user)
    kelurahan = query.get("kelurahan")
    if kelurahan and kelurahan.isdigit():
        events = events.filter(plan__kelurahan_id=int(kelurahan))
    for name, lookup in (("dari", "tanggal__gte"), ("sampai", "tanggal__lte")):
        try:
            day = datetime.date.fromisoformat(query.get(name, ""))
        except ValueError:
            continue
        events = events.filter(**{lookup: day})
    return events


def _sum(rows, field):
    return sum(getattr(row, field) for row in rows)


def _event_row(e):
    attendance = list(e.kehadiran.all())
    results = "; ".join(
        f"{h.indikator.nama}: {h.jumlah.normalize():f} {h.indikator.satuan}" for h in e.hasil.all()
    )
    return [
        e.tanggal,
        e.plan.judul,
        e.plan.kelurahan.nama,
        e.plan.rt_summary,
        e.get_status_display(),
        _sum(attendance, "hadir_warga"),
        _sum(attendance, "hadir_rt_rw"),
        _sum(attendance, "hadir_kelurahan"),
        _sum(attendance, "hadir_kecamatan"),
        _sum(attendance, "hadir_stakeholder"),
        _sum(attendance, "hadir_tni_polri"),
        sum(k.total for k in attendance),
        e.plan.target_total or e.plan.target_sum,
        results,
        len(e.kendala.all()),
    ]


EVENTS = Dataset(
    slug="pelaksanaan",
    title=gettext_lazy("Events with attendance and results"),
    permission="execution.view",
    columns=[
        Column(gettext_lazy("Date"), DATE, 12),
        Column(gettext_lazy("Title"), TEXT, 36),
        Column(gettext_lazy("Kelurahan"), TEXT, 18),
        Column(gettext_lazy("RT"), TEXT, 28),
        Column(gettext_lazy("Status"), TEXT, 14),
        Column(gettext_lazy("Residents"), INT, 10),
        Column(gettext_lazy("RT/RW officials"), INT, 10),
        Column(gettext_lazy("Kelurahan staff"), INT, 10),
        Column(gettext_lazy("Kecamatan staff"), INT, 10),
        Column(gettext_lazy("Stakeholders"), INT, 10),
        Column(gettext_lazy("TNI/Polri"), INT, 10),
        Column(gettext_lazy("Total present"), INT, 10),
        Column(gettext_lazy("Target"), INT, 10),
        Column(gettext_lazy("Results"), TEXT, 50),
        Column(gettext_lazy("Constraints"), INT, 10),
    ],
    queryset=_events,
    row=_event_row,
)


# -- stakeholders with their support -----------------------------------------------------------


def _stakeholders(user, query):
    stakeholders = stakeholder_selectors.stakeholder_list(user=user)
    return StakeholderFilter(query or None, queryset=stakeholders, user=user).qs


def _stakeholder_rows(user, objects) -> Iterable[list]:
    support = stakeholder_selectors.support_by_stakeholder(user=user)
    for s in objects:
        values = support.get(s.pk, {"pledges": 0, "pledged": 0, "delivered": 0})
        yield [
            s.nama,
            str(s.jenis),
            ", ".join(k.nama for k in s.kelurahan_layanan.all()) or _("Whole kecamatan"),
            s.kontak_nama,
            s.telepon,
            values["pledges"],
            values["pledged"],
            values["delivered"],
        ]


STAKEHOLDERS = Dataset(
    slug="stakeholder",
    title=gettext_lazy("Stakeholders with their support"),
    permission="stakeholder.list",
    list_url="stakeholder:stakeholder-list",
    columns=[
        Column(gettext_lazy("Name"), TEXT, 32),
        Column(gettext_lazy("Type"), TEXT, 20),
        Column(gettext_lazy("Kelurahan served"), TEXT, 30),
        Column(gettext_lazy("Contact person"), TEXT, 20),
        Column(gettext_lazy("Phone number"), TEXT, 16),
        Column(gettext_lazy("Pledges"), INT, 10),
        Column(gettext_lazy("Value pledged"), RUPIAH, 16),
        Column(gettext_lazy("Value delivered"), RUPIAH, 16),
    ],
    queryset=_stakeholders,
    row=None,
)

DATASETS: dict[str, Dataset] = {d.slug: d for d in (PROBLEMS, PLANS, EVENTS, STAKEHOLDERS)}
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


def datasets_for(user) -> list[Dataset]:
    """The exports this user may make (their role may see the list and export)."""
    if not access.has_perm(user, "export.create"):
        return []
    return [d for d in DATASETS.values() if access.has_perm(user, d.permission)]


def export_queryset(*, user, dataset: Dataset, query):
    access.require_perm(user, "export.create")
    access.require_perm(user, dataset.permission)
    return dataset.queryset(user, _query(query))


def export_rows(*, user, dataset: Dataset, objects) -> Iterable[list]:
    if dataset is STAKEHOLDERS:
        return _stakeholder_rows(user, objects)
    return (dataset.row(obj) for obj in objects)


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value.normalize():f}"
    return value


def write_csv(dataset: Dataset, rows: Iterable[list]) -> bytes:
    """CSV in UTF-8 with a byte-order mark (so Excel reads the accents), comma-separated,
    dates as ISO 8601, Rupiah as plain whole numbers."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([str(c.label) for c in dataset.columns])
    for row in rows:
        writer.writerow([_csv_value(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def write_xlsx(dataset: Dataset, rows: Iterable[list]) -> bytes:
    """Excel: a bold frozen header with an autofilter, column widths, numbers as numbers,
    dates as dates, Rupiah as numbers with a Rupiah format."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(dataset.title)[:31]
    sheet.append([str(c.label) for c in dataset.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    formats = {DATE: DATE_FORMAT, DATETIME: DATETIME_FORMAT, RUPIAH: RUPIAH_FORMAT, INT: "#,##0"}
    count = 0
    for row in rows:
        sheet.append(row)
        count += 1
    for index, column in enumerate(dataset.columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        number_format = formats.get(column.kind)
        if number_format:
            for (cell,) in sheet.iter_rows(min_row=2, min_col=index, max_col=index):
                cell.number_format = number_format
    sheet.freeze_panes = "A2"
    last = get_column_letter(len(dataset.columns))
    sheet.auto_filter.ref = f"A1:{last}{count + 1}"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def export_file(*, user, dataset: Dataset, fmt: str, objects) -> Output:
    rows = export_rows(user=user, dataset=dataset, objects=objects)
    content = write_xlsx(dataset, rows) if fmt == "xlsx" else write_csv(dataset, rows)
    day = timezone.localdate()
    return Output(
        content=content,
        filename=f"sigoro-{dataset.slug}-{day:%Y%m%d}.{fmt}",
        content_type=FORMATS[fmt],
    )


@register(DocumentKind.EXPORT)
def export_generate(document, progress) -> Output:
    """The task side of a large export: the same dataset, filters and user as the page."""
    dataset = DATASETS[document.params["dataset"]]
    fmt = document.params["format"]
    user = document.diminta_oleh
    with translation.override("id"):
        objects = export_queryset(user=user, dataset=dataset, query=document.params["query"])
        progress(30)
        return export_file(user=user, dataset=dataset, fmt=fmt, objects=objects)
