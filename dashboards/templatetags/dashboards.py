from decimal import Decimal

from django import template
from django.utils import formats
from django.utils.html import format_html

from core.templatetags.portal import rupiah
from dashboards.tables import HIDDEN_CELLS

register = template.Library()


def cell_text(value, kind: str) -> str:
    """A cell as a reader sees it: Indonesian thousands and decimal separators, rupiah, "–"
    for no value, "< 5" for a hidden small count."""
    if value is None:
        return "–"
    if value in HIDDEN_CELLS or kind == "text":
        return str(value)
    if kind == "pct":
        return formats.number_format(Decimal(value), decimal_pos=1) + " %"
    if kind == "rupiah":
        return rupiah(value)
    return formats.number_format(value, force_grouping=True)


@register.simple_tag
def dashboard_cell(row: dict, column) -> str:
    text = cell_text(row.get(column.key), column.kind)
    link = (row.get("_links") or {}).get(column.key)
    if link:
        return format_html('<a href="{}">{}</a>', link, text)
    return text


@register.filter
def row_get(row: dict, key: str):
    return row.get(key)
