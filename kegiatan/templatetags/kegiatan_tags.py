from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import template
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _

from kegiatan.tables import PLAN_STATUS_BADGE
from sigoro.formats import zone_name

register = template.Library()


@register.simple_tag
def plan_status_badge(plan):
    """The coloured label of a plan's status."""
    return format_html(
        "<span class='badge {}'>{}</span>",
        PLAN_STATUS_BADGE.get(plan.status, "text-bg-secondary"),
        plan.get_status_display(),
    )


@register.filter
def jam(value):
    """{{ time|jam }} -> "07.00" (the Indonesian way of writing times)."""
    return f"{value:%H.%M}" if value else ""


@register.simple_tag
def jam_range(start, end):
    """{% jam_range plan.jam_mulai plan.jam_selesai %} -> "07.00–09.00 WIB"."""
    return f"{start:%H.%M}–{end:%H.%M} {zone_name(timezone.localtime())}"


@register.filter
def as_row_field(field):
    """{{ form.field|as_row_field }}: a crispy field in a compact formset row, its label read
    by screen readers only (the row's placeholders say what goes where)."""
    return as_crispy_field(field, label_class="visually-hidden")


@register.filter
def persen(rate):
    """{{ rate|persen }} -> "85%" for 0.85; "no data" when the rate has no base (None)."""
    if rate is None:
        return _("no data")
    return f"{round(rate * 100)}%"
