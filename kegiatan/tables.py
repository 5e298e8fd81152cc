import django_tables2 as tables
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from kegiatan.models import PlanStatus, RencanaAksi
from sigoro.formats import tanggal

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


class PlanTable(tables.Table):
    tanggal = tables.Column(verbose_name=_("Date"), order_by=("tanggal", "jam_mulai"))
    judul = tables.Column(verbose_name=_("Title"), linkify=True, attrs={"td": {"class": "wrap"}})
    kelurahan = tables.Column(verbose_name=_("Kelurahan"), accessor="kelurahan__nama")
    lokasi = tables.Column(
        verbose_name=_("Location"),
        empty_values=(),
        orderable=False,
        attrs={"td": {"class": "wrap"}},
    )
    status = tables.Column(verbose_name=_("Status"))

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
        return format_html("{}{}", value, recurring)

    def render_lokasi(self, record):
        return record.rt_summary

    def render_status(self, record):
        clash = ""
        if getattr(record, "bentrok", False):
            clash = format_html(
                " <span class='badge text-bg-warning'>"
                "<i class='bi bi-exclamation-triangle'></i> {}</span>",
                _("clash"),
            )
        return format_html(
            "<span class='badge {}'>{}</span>{}",
            PLAN_STATUS_BADGE[record.status],
            record.get_status_display(),
            clash,
        )
