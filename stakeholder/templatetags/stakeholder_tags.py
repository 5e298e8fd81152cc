from django import template

from sigoro.phone import format_phone
from stakeholder import selectors

register = template.Library()

# Area codes of three digits (Jakarta 021, Bandung 022, Semarang 024, Surabaya 031, ...);
# the rest, Pangkalpinang's 0717 among them, have four.
THREE_DIGIT_AREA_CODES = {"021", "022", "024", "031"}


@register.filter
def telepon(canonical) -> str:
    """Return a mobile number as "0812-3456-7890" and an office line as "(0717) 421101"."""
    if not canonical:
        return ""
    local = "0" + str(canonical)[2:]
    if local.startswith("08"):
        return format_phone(canonical)
    area = 3 if local[:3] in THREE_DIGIT_AREA_CODES else 4
    return f"({local[:area]}) {local[area:]}"


@register.simple_tag(takes_context=True)
def request_links(context, support_request):
    """{% request_links r as links %}: what the request was made for (a plan, ...)."""
    return selectors.request_links(user=context["user"], support_request=support_request)
