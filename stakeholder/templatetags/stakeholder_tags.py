from django import template

from stakeholder import selectors

register = template.Library()


@register.filter
def deliverable(pledge) -> int:
    """{{ pledge|deliverable }}: how much of the row can still be received (0: none)."""
    return selectors.pledge_deliverable(pledge)


@register.filter
def above_request(pledge) -> int:
    """{{ pledge|above_request }}: by how much the pledge exceeds what its row asked for."""
    return selectors.pledge_above_request(pledge)


@register.simple_tag(takes_context=True)
def request_links(context, support_request):
    """{% request_links r as links %}: what the request was made for (a plan, ...)."""
    return selectors.request_links(user=context["user"], support_request=support_request)
