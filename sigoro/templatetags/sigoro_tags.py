from django import template

from sigoro import formats
from sigoro.phone import format_phone
from sigoro.tables import filters_set as _filters_set

register = template.Library()


@register.filter
def rupiah(value):
    """{{ 1250000|rupiah }} -> "Rp 1.250.000"."""
    return formats.rupiah(value)


@register.filter
def tanggal(value, arg=""):
    """{{ date|tanggal }} -> "Jumat, 20 November 2026"; with "pendek": "20 November 2026"."""
    return formats.tanggal(value, with_day=arg != "pendek")


@register.filter
def tanggal_jam(value):
    """{{ datetime|tanggal_jam }} -> "Jumat, 20 November 2026 07.00 WIB"."""
    return formats.tanggal_jam(value)


@register.filter
def telepon(value):
    """{{ "6281234567890"|telepon }} -> "0812-3456-7890"."""
    return format_phone(value)


@register.filter
def angka(value):
    """{{ 12345|angka }} -> "12.345"."""
    return formats.angka(value)


@register.simple_tag(takes_context=True)
def filters_set(context, table=None) -> bool:
    """{% filters_set table as filtered %}: whether the page's address sets a list filter."""
    request = context.get("request")
    return request is not None and _filters_set(request.GET, table=table)
