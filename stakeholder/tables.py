import django_tables2 as tables
from django.template.loader import render_to_string
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from sigoro.formats import angka, rupiah, tanggal
from sigoro.phone import format_phone
from stakeholder.models import Stakeholder, SupportRequest, Swadaya

END = {"td": {"class": "text-end"}, "th": {"class": "text-end"}}
WRAP = {"td": {"class": "wrap"}}
# Columns a phone leaves out (the first column repeats what matters from them).
WIDE = {"th": {"class": "d-none d-md-table-cell"}, "td": {"class": "d-none d-md-table-cell"}}
WIDE_END = {
    "th": {"class": "d-none d-md-table-cell text-end"},
    "td": {"class": "d-none d-md-table-cell text-end"},
}
WIDE_WRAP = {
    "th": {"class": "d-none d-lg-table-cell"},
    "td": {"class": "d-none d-lg-table-cell wrap small"},
}
PHONE_LINE = "<div class='small text-body-secondary d-md-none'>{}</div>"


class StakeholderTable(tables.Table):
    nama = tables.Column(verbose_name=_("Name"), attrs=WRAP)
    jenis = tables.Column(
        verbose_name=_("Type"),
        accessor="jenis__nama",
        order_by=("jenis__urutan", "nama"),
        attrs=WIDE,
    )
    wilayah = tables.Column(
        verbose_name=_("Area of work"),
        accessor="seluruh_kecamatan",
        orderable=False,
        attrs={"th": WIDE["th"], "td": {"class": "d-none d-md-table-cell wrap"}},
    )
    kontak = tables.Column(
        verbose_name=_("Contact"), accessor="kontak_nama", orderable=False, attrs=WIDE
    )
    aktif = tables.Column(verbose_name=_("Status"))

    class Meta:
        model = Stakeholder
        fields = ["nama", "jenis", "wilayah", "kontak", "aktif"]
        order_by = ("nama",)
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = _("No stakeholders match these filters.")
        per_page = 25

    def render_nama(self, record):
        return format_html(
            "<a href='{}'>{}</a>" + PHONE_LINE,
            record.get_absolute_url(),
            record.nama,
            f"{record.jenis} · {self.render_wilayah(record)}",
        )

    def render_wilayah(self, record):
        if record.seluruh_kecamatan:
            return _("Whole kecamatan")
        return ", ".join(k.nama for k in record.kelurahan_layanan.all())

    def render_kontak(self, record):
        return format_html(
            "{}<div class='small text-body-secondary'>{}</div>",
            record.kontak_nama or "—",
            format_phone(record.telepon),
        )

    def render_aktif(self, value):
        if value:
            return format_html("<span class='badge text-bg-success'>{}</span>", _("active"))
        return format_html("<span class='badge text-bg-secondary'>{}</span>", _("inactive"))


class RequestTable(tables.Table):
    tanggal = tables.Column(verbose_name=_("Date"), attrs=WIDE)
    perihal = tables.Column(verbose_name=_("Subject"), attrs=WRAP)
    asal = tables.Column(
        verbose_name=_("From"),
        accessor="kelurahan",
        order_by=("kelurahan__nama",),
        empty_values=(),
        attrs=WIDE,
    )
    penerima = tables.Column(
        verbose_name=_("Addressed to"), accessor="pk", orderable=False, attrs=WIDE_WRAP
    )
    nilai_janji = tables.Column(verbose_name=_("Pledged"), attrs=WIDE_END)
    nilai_terima = tables.Column(verbose_name=_("Delivered"), attrs=WIDE_END)
    keadaan = tables.Column(verbose_name=_("Open rows"), accessor="pk", orderable=False, attrs=WRAP)

    class Meta:
        model = SupportRequest
        fields = [
            "tanggal",
            "perihal",
            "asal",
            "penerima",
            "nilai_janji",
            "nilai_terima",
            "keadaan",
        ]
        order_by = ("-tanggal",)
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = _("No requests match these filters.")
        per_page = 25

    def render_tanggal(self, value):
        return tanggal(value, with_day=False)

    def render_perihal(self, record):
        return format_html(
            "<a href='{}'>{}</a>" + PHONE_LINE,
            record.get_absolute_url(),
            record.perihal,
            f"{tanggal(record.tanggal, with_day=False)} · {self.render_asal(record)}",
        )

    def render_asal(self, record):
        return record.kelurahan.nama if record.kelurahan else _("Kecamatan office")

    def render_penerima(self, record):
        return format_html_join(
            ", ", "{}", ((r.stakeholder.nama,) for r in record.visible_recipients)
        )

    def render_nilai_janji(self, value):
        return rupiah(value)

    def render_nilai_terima(self, value):
        return rupiah(value)

    def render_keadaan(self, record):
        return render_to_string("stakeholder/_request_open_rows.html", {"r": record})


class SwadayaTable(tables.Table):
    tanggal = tables.Column(verbose_name=_("Date"), attrs=WIDE)
    rt = tables.Column(
        verbose_name=_("RT"),
        accessor="rt",
        order_by=("kelurahan__nama", "rt__rw__nomor", "rt__nomor"),
        attrs=WIDE,
    )
    jenis = tables.Column(verbose_name=_("Kind"), attrs=WIDE)
    item = tables.Column(verbose_name=_("What"), attrs=WRAP)
    sumber = tables.Column(verbose_name=_("From"), attrs=WIDE)
    nilai = tables.Column(verbose_name=_("Value"), attrs=END)
    ubah = tables.TemplateColumn(
        template_name="stakeholder/_swadaya_edit_link.html", verbose_name="", orderable=False
    )

    class Meta:
        model = Swadaya
        fields = ["tanggal", "rt", "jenis", "item", "sumber", "nilai"]
        order_by = ("-tanggal",)
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = _("No swadaya recorded for these filters.")
        per_page = 25

    def render_tanggal(self, value):
        return tanggal(value, with_day=False)

    def render_rt(self, record):
        return format_html(
            "{}<div class='small text-body-secondary'>{}</div>", record.rt, record.kelurahan.nama
        )

    def render_jenis(self, record):
        return record.get_jenis_display()

    def render_item(self, record):
        """What was given; on a phone also where and when (the RT and date columns hide)."""
        quantity = f"{angka(record.jumlah)} {record.satuan} · " if record.jumlah else ""
        occasion = (
            format_html("<div class='small text-body-secondary'>{}</div>", record.acara)
            if record.acara
            else ""
        )
        where_and_when = " · ".join(
            [str(record.rt), record.kelurahan.nama, tanggal(record.tanggal, with_day=False)]
        )
        return format_html("{}{}{}" + PHONE_LINE, quantity, record.item, occasion, where_and_when)

    def render_sumber(self, record):
        if record.donatur_nama:
            return format_html(
                "{}<div class='small text-body-secondary'>{}</div>",
                record.get_sumber_display(),
                record.donatur_nama,
            )
        return record.get_sumber_display()

    def render_nilai(self, value):
        return rupiah(value)
