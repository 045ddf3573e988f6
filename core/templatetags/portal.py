from datetime import datetime

from django import template
from django.utils.dateformat import time_format
from django.utils.formats import get_format
from django.utils.timezone import localtime
from django.utils.translation import gettext as _

from core.identifiers import mask_nik

register = template.Library()


@register.filter
def rupiah(value) -> str:
    """Integer rupiah as Rp1.500.000."""
    if value is None or value == "":
        return ""
    amount = int(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp{abs(amount):,}".replace(",", ".")


register.filter("mask_nik", mask_nik)


@register.filter
def percent_id(value, digits: int = 1) -> str:
    """A percentage with a decimal comma: 387,6 %."""
    if value is None:
        return ""
    return f"{float(value):.{int(digits)}f}".replace(".", ",") + " %"


@register.simple_tag(takes_context=True)
def yes_no(context, value) -> str:
    return _("Yes") if value else _("No")


@register.filter
def page_numbers(page, on_each_side: int = 2) -> list[int | None]:
    """The page numbers a pager shows around `page` (a Paginator page): the first and the last,
    the current one with `on_each_side` neighbours on each side, and None for each gap."""
    elided = page.paginator.get_elided_page_range(page.number, on_each_side=int(on_each_side), on_ends=1)
    return [number if isinstance(number, int) else None for number in elided]


@register.filter
def dict_get(mapping, key):
    """mapping[key], or None: for tables whose columns are keys of a dict."""
    if not mapping:
        return None
    return mapping.get(key)


@register.filter
def hour_minute(value) -> str:
    """The time of day alone, "08.00" (TIME_FORMAT without its zone): the start of a range
    whose end carries the zone, "08.00–12.00 WITA"."""
    if not value:
        return ""
    return time_format(localtime(value) if isinstance(value, datetime) else value,
                       get_format("TIME_FORMAT").replace(" T", ""))
