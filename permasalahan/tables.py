import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from permasalahan.models import Problem, Severity, Status
from permasalahan.selectors import age_label
from sigoro.tables import RECORD_ONLY, choice_label

STATUS_BADGE = {
    Status.DILAPORKAN: "text-bg-secondary",
    Status.DIVERIFIKASI: "text-bg-info",
    Status.DIRENCANAKAN: "text-bg-primary",
    Status.DITANGANI: "text-bg-warning",
    Status.SELESAI: "text-bg-success",
    Status.DITOLAK: "text-bg-dark",
    Status.DUPLIKAT: "text-bg-light border",
}


WIDE_ONLY = {"th": {"class": "d-none d-md-table-cell"}, "td": {"class": "d-none d-md-table-cell"}}


class ProblemTable(tables.Table):
    """On a phone the code cell carries everything (category, status, place, age); the
    other columns appear from tablet width up."""

    kode = tables.Column(verbose_name=_("Code"))
    kategori = tables.Column(verbose_name=_("Category"), accessor="kategori__nama", attrs=WIDE_ONLY)
    lokasi = tables.Column(
        verbose_name=_("Location"),
        accessor="rt",
        order_by=("kelurahan__nama", "rt__rw__nomor", "rt__nomor"),
        attrs=WIDE_ONLY,
    )
    status = tables.Column(
        verbose_name=_("Status"), accessor=RECORD_ONLY, order_by=("status",), attrs=WIDE_ONLY
    )
    keparahan = tables.Column(
        verbose_name=_("Severity"), accessor=RECORD_ONLY, order_by=("keparahan",), attrs=WIDE_ONLY
    )
    jumlah_laporan = tables.Column(
        verbose_name=_("Reports"),
        attrs={"td": {"class": "text-end d-none d-md-table-cell"}, "th": WIDE_ONLY["th"]},
    )
    dibuat = tables.Column(verbose_name=_("Age"), attrs=WIDE_ONLY)

    class Meta:
        model = Problem
        fields = ["kode", "kategori", "lokasi", "status", "keparahan", "jumlah_laporan", "dibuat"]
        order_by = ("-dibuat",)
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = _("No problems match these filters.")
        per_page = 25

    def render_kode(self, record, value):
        return format_html(
            "<a href='{}' class='fw-semibold'>{}</a>"
            "<div class='d-md-none small'>{}<br>{} · {}<br>{} {}</div>",
            record.get_absolute_url(),
            value,
            record.kategori.nama,
            record.rt,
            record.kelurahan.nama,
            self.render_status(record),
            self.render_dibuat(record.dibuat),
        )

    def render_lokasi(self, record):
        return format_html(
            "{}<div class='small text-body-secondary'>{}</div>", record.rt, record.kelurahan.nama
        )

    def render_status(self, record):
        late = ""
        if getattr(record, "terlambat", False):
            late = format_html(" <span class='badge text-bg-danger'>{}</span>", _("overdue"))
        return format_html(
            "<span class='badge {}'>{}</span>{}",
            STATUS_BADGE[record.status],
            choice_label(Status, record.status),
            late,
        )

    def render_keparahan(self, record):
        return choice_label(Severity, record.keparahan)

    def render_dibuat(self, value):
        return age_label(value)
