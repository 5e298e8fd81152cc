import django_tables2 as tables
from django.core.paginator import EmptyPage, PageNotAnInteger
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from sigoro.models import RT

# The parameters a django-tables2 table uses itself (sorting and paging), not filters.
TABLE_PARAMETERS = ("sort", "page", "per_page")
# The most rows a list page shows at once, whatever ``?per_page=`` asks.
MAX_PER_PAGE = 100


def choice_label(choices, value) -> str:
    """Return the label of ``value`` in a ``TextChoices`` class with one translation lookup
    (a model's ``get_FOO_display`` hashes every lazy label of the field on each call: a
    list of 25 rows spent more time there than in its queries)."""
    return str(choices(value).label)


# A column whose accessor names a field with choices makes django-tables2 call the model's
# ``get_FOO_display`` for every cell before the column's own ``render_FOO`` (which ignores
# it). A column with such a render method reads the record through this accessor instead,
# and sorts by the field (``order_by``).
RECORD_ONLY = "pk"


def configure_table(request, table, *, per_page: int):
    """Sort and page a list table from its address (``?sort=``, ``?page=``, ``?per_page=``).

    django-tables2's ``RequestConfig`` takes any ``per_page`` and fails on a negative one; here
    a page size that is not a number from 1 to ``MAX_PER_PAGE`` falls back to ``per_page``,
    a page number that is not a number shows the first page and one past the end the last.
    """
    table.request = request
    # Only the table's own sortable columns: anything else in ``?sort=`` is ignored.
    sortable = {column.name for column in table.columns if column.orderable}
    order_by = [
        name
        for value in request.GET.getlist(table.prefixed_order_by_field)
        for name in value.split(",")
        if name.removeprefix("-") in sortable
    ]
    if order_by:
        table.order_by = order_by
    try:
        asked = int(request.GET.get(table.prefixed_per_page_field, ""))
    except ValueError:
        asked = None
    if asked is not None and 1 <= asked <= MAX_PER_PAGE:
        per_page = asked
    try:
        table.paginate(per_page=per_page, page=request.GET.get(table.prefixed_page_field) or 1)
    except PageNotAnInteger:
        table.page = table.paginator.page(1)
    except EmptyPage:
        table.page = table.paginator.page(table.paginator.num_pages)
    return table


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


# Columns a phone leaves out (the first column repeats what matters from them).
WIDE_ONLY = {"th": {"class": "d-none d-md-table-cell"}, "td": {"class": "d-none d-md-table-cell"}}
NUMBER = {"td": {"class": "text-end"}, "th": {"class": "text-end"}}


class RTTable(tables.Table):
    """On a phone the RT cell says "RT 001 / RW 001" with its kelurahan below, beside the
    counts and the edit button: the table fits 360 px without scrolling sideways."""

    kelurahan = tables.Column(
        accessor="kelurahan__nama", verbose_name=_("Kelurahan"), attrs=WIDE_ONLY
    )
    rw = tables.Column(
        accessor="rw__nomor", verbose_name=_("RW"), order_by=("rw__nomor",), attrs=WIDE_ONLY
    )
    nomor = tables.Column(verbose_name=_("RT"))
    jumlah_kk = tables.Column(verbose_name=_("KK"), attrs=NUMBER)
    jumlah_jiwa = tables.Column(verbose_name=_("Jiwa"), attrs=NUMBER)
    ubah = tables.TemplateColumn(
        template_name="sigoro/_rt_edit_link.html",
        verbose_name="",
        orderable=False,
        attrs={"td": {"class": "text-end"}},
    )

    class Meta:
        model = RT
        fields = ["kelurahan", "rw", "nomor", "jumlah_kk", "jumlah_jiwa"]
        order_by = ("kelurahan", "rw", "nomor")
        attrs = {"class": "table table-sm table-hover align-middle"}
        empty_text = _("No RT match this filter.")

    def render_rw(self, value):
        return f"{value:03d}"

    def render_nomor(self, record, value):
        return format_html(
            "<span class='d-md-none'>{}<span class='d-block small text-body-secondary'>{}"
            "</span></span><span class='d-none d-md-inline'>{}</span>",
            record,
            record.kelurahan.nama,
            f"{value:03d}",
        )
