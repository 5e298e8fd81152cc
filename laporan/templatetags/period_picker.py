"""The period picker's options, for ``laporan/_period_picker.html``."""

from django import template
from django.utils.translation import gettext as _

from laporan.periods import MONTH, QUARTER, YEAR, period_choices

register = template.Library()

# Query parameters the picker drops when the period changes: the page number names a
# page of the old period's list.
_DROPPED = {"periode", "page"}


@register.simple_tag(takes_context=True)
def period_picker_options(context, period):
    """Return the picker's option groups and the other GET parameters to keep.

    The groups are months, quarters and years (``period_choices``); the chosen ``period``
    is always among them, even when it is older than the list reaches.
    """
    choices = period_choices()
    if period is not None and period not in choices[period.kind]:
        choices[period.kind] = sorted([*choices[period.kind], period], reverse=True)
    labels = {MONTH: _("Month"), QUARTER: _("Quarter"), YEAR: _("Year")}
    groups = [(labels[kind], choices[kind]) for kind in (MONTH, QUARTER, YEAR)]
    request = context.get("request")
    kept = []
    if request is not None:
        for name, values in request.GET.lists():
            if name not in _DROPPED:
                kept.extend((name, value) for value in values)
    return {"groups": groups, "kept": kept}
