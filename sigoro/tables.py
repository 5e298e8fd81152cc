import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from sigoro.models import RT

# The parameters a django-tables2 table uses itself (sorting and paging), not filters.
TABLE_PARAMETERS = ("sort", "page", "per_page")


def filters_set(query, *, table=None) -> bool:
    """Return whether a list page's address (``request.GET``) narrows the list: any
    parameter with a value except the table's own sorting and paging.

    Asked by the filter card (open when a filter is set) and by the empty table (says "no
    data yet", or that nothing matches the filter, with a reset link).
    """
    own = set(TABLE_PARAMETERS)
    if table is not None:
        own |= {
            table.prefixed_order_by_field,
            table.prefixed_page_field,
            table.prefixed_per_page_field,
        }
    return any(value.strip() for key, values in query.lists() if key not in own for value in values)


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
