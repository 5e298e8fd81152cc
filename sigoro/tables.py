import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from sigoro.models import RT


class RTTable(tables.Table):
    kelurahan = tables.Column(accessor="kelurahan__nama", verbose_name=_("Kelurahan"))
    rw = tables.Column(accessor="rw__nomor", verbose_name=_("RW"), order_by=("rw__nomor",))
    nomor = tables.Column(verbose_name=_("RT"))
    jumlah_kk = tables.Column(attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}})
    jumlah_jiwa = tables.Column(attrs={"td": {"class": "text-end"}, "th": {"class": "text-end"}})
    ubah = tables.TemplateColumn(
        template_name="sigoro/_rt_edit_link.html", verbose_name="", orderable=False
    )

    class Meta:
        model = RT
        fields = ["kelurahan", "rw", "nomor", "jumlah_kk", "jumlah_jiwa"]
        order_by = ("kelurahan", "rw", "nomor")
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = _("No RT match this filter.")

    def render_rw(self, value):
        return f"{value:03d}"

    def render_nomor(self, value):
        return f"{value:03d}"
