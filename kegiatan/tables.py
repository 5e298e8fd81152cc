import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from kegiatan.models import PlanStatus, RencanaAksi
from sigoro.formats import tanggal
from sigoro.tables import RECORD_ONLY, choice_label

PLAN_STATUS_BADGE = {
    PlanStatus.DRAFT: "text-bg-secondary",
    PlanStatus.DIAJUKAN: "text-bg-warning",
    PlanStatus.DIKEMBALIKAN: "text-bg-danger",
    PlanStatus.DISETUJUI: "text-bg-success",
    PlanStatus.TERLAKSANA: "text-bg-primary",
    PlanStatus.DIBATALKAN: "text-bg-light border",
}


def time_range(plan) -> str:
    return f"{plan.jam_mulai:%H.%M}–{plan.jam_selesai:%H.%M}"


WIDE_ONLY = {"th": {"class": "d-none d-md-table-cell"}, "td": {"class": "d-none d-md-table-cell"}}


class PlanTable(tables.Table):
    """On a phone the title cell carries what matters (date and time, place, status, clash
    flag) so nothing hides off-screen; the other columns appear from tablet width up."""

    tanggal = tables.Column(
        verbose_name=_("Date"), order_by=("tanggal", "jam_mulai"), attrs=WIDE_ONLY
    )
    judul = tables.Column(verbose_name=_("Title"), attrs={"td": {"class": "wrap"}})
    kelurahan = tables.Column(
        verbose_name=_("Kelurahan"), accessor="kelurahan__nama", attrs=WIDE_ONLY
    )
    lokasi = tables.Column(
        verbose_name=_("Location"),
        empty_values=(),
        orderable=False,
        attrs={"th": WIDE_ONLY["th"], "td": {"class": "wrap d-none d-md-table-cell"}},
    )
    status = tables.Column(
        verbose_name=_("Status"), accessor=RECORD_ONLY, order_by=("status",), attrs=WIDE_ONLY
    )

    class Meta:
        model = RencanaAksi
        fields = ["tanggal", "judul", "kelurahan", "lokasi", "status"]
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = _("No plans match these filters.")
        per_page = 25

    def render_tanggal(self, record):
        return format_html(
            "{}<div class='small text-body-secondary'>{} WIB</div>",
            tanggal(record.tanggal),
            time_range(record),
        )

    def render_judul(self, record, value):
        recurring = ""
        if record.series_id:
            recurring = format_html(
                " <i class='bi bi-arrow-repeat text-body-secondary' title='{}'></i>",
                _("recurring"),
            )
        return format_html(
            "<a href='{}' class='fw-semibold'>{}</a>{}"
            "<div class='d-md-none small' data-testid='plan-row-phone'>"
            "{} · {} WIB<div class='text-body-secondary plan-place'>{} · {}</div>{}</div>",
            record.get_absolute_url(),
            value,
            recurring,
            tanggal(record.tanggal),
            time_range(record),
            record.kelurahan.nama,
            record.rt_summary,
            self.render_status(record),
        )

    def render_lokasi(self, record):
        return record.rt_summary

    def render_status(self, record):
        clash = ""
        if getattr(record, "bentrok", False):
            clash = format_html(
                " <span class='badge text-bg-warning' data-testid='plan-row-clash'>"
                "<i class='bi bi-exclamation-triangle' aria-hidden='true'></i> {}</span>",
                _("clash"),
            )
        return format_html(
            "<span class='badge {}' data-testid='plan-row-status'>{}</span>{}",
            PLAN_STATUS_BADGE[record.status],
            choice_label(PlanStatus, record.status),
            clash,
        )
