"""An index figure as the pages and the printed report show it: one decimal, or "no data"
(never 0) where nothing could be measured. A filter rather than an included template: the
index table of a kelurahan shows six figures for each of its RT, and an ``{% include %}``
per figure cost most of the page's time."""

from django import template
from django.utils.formats import get_format
from django.utils.html import format_html
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def index_value(value):
    if value is None:
        return format_html('<span class="text-body-secondary fst-italic">{}</span>', _("no data"))
    # As ``floatformat:1`` writes it ("72,3" in Indonesian), without its Decimal arithmetic:
    # index figures are 0-100, never grouped by thousands.
    return f"{float(value):.1f}".replace(".", get_format("DECIMAL_SEPARATOR"))
