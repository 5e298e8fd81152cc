from django import template

from permasalahan.selectors import age_label
from permasalahan.tables import STATUS_BADGE

register = template.Library()


@register.inclusion_tag("permasalahan/_status_badge.html")
def status_badge(problem, overdue=None):
    """The coloured status label, with "terlambat" when the problem is overdue."""
    return {
        "css": STATUS_BADGE.get(problem.status, "text-bg-secondary"),
        "label": problem.get_status_display(),
        "overdue": getattr(problem, "terlambat", False) if overdue is None else overdue,
    }


@register.filter
def umur(moment, style=""):
    """{{ problem.dibuat|umur }} -> "hari ini" / "3 hari"; with "lalu": "3 hari lalu"."""
    return age_label(moment, ago=style == "lalu")
