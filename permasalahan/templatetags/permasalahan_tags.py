from django import template
from django.utils import timezone

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
def age_days(value):
    """Days since a datetime, in local time."""
    if not value:
        return ""
    return (timezone.localdate() - timezone.localdate(value)).days
