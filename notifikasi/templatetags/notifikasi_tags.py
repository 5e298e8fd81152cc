from django import template

from notifikasi.selectors import absolute_url
from notifikasi.whatsapp import whatsapp_text, whatsapp_url

register = template.Library()


@register.inclusion_tag("notifikasi/_whatsapp_button.html", takes_context=True)
def whatsapp_button(context, message, link="", phone="", size="sm"):
    """A "Send via WhatsApp" button: ``message`` and the full address of ``link`` (a path
    in SIGORO, made absolute), to ``phone`` when known."""
    request = context.get("request")
    base = request.build_absolute_uri("/") if request is not None else ""
    url = absolute_url(link, base=base) if link else ""
    return {"href": whatsapp_url(whatsapp_text(message, url), phone or None), "size": size}
