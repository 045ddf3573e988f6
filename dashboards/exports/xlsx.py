"""The dashboard's tables as Excel workbooks, written with openpyxl (XlsxWriter is not installed
in the portal's environment, and openpyxl already is: it reads the imports, and the tests read
these workbooks back with it).

Each sheet: the table's title, the filters the figures were made with (one "label: value" line
each) and when they were computed, then the header row (bold, shaded, wrapped; frozen, so it
stays in view while scrolling), the rows and the total. Counts carry the number format #,##0
(shown as 1.234 in an Indonesian Excel), rupiah "Rp"#,##0 and percentages 0.0 "%" (the cell
holds 387.6, the figure itself). A count hidden by the small-cell rule is the text "< 5". Text
cells go through core.exports.spreadsheet_safe (no formula injection)."""

import re
from io import BytesIO

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from core.exports import spreadsheet_safe
from dashboards.tables import HIDDEN_CELLS, DashboardTable

NUMBER_FORMATS = {"int": "#,##0", "rupiah": '"Rp"#,##0', "pct": '0.0" %"', "text": "@"}
HEADER_FONT = Font(bold=True, color="FFFFFF")
HEADER_FILL = PatternFill("solid", fgColor="1F4E79")
THIN = Side(style="thin", color="BFBFBF")
BORDER = Border(top=THIN, bottom=THIN, left=THIN, right=THIN)


def sheet_title(title: str, taken: set[str]) -> str:
    """A sheet name Excel accepts (at most 31 characters, none of []:*?/\\), unique in the book."""
    base = re.sub(r"[\[\]:*?/\\]", " ", title).strip()[:31] or "Tabel"
    name, n = base, 2
    while name.lower() in taken:
        suffix = f" ({n})"
        name, n = base[:31 - len(suffix)] + suffix, n + 1
    taken.add(name.lower())
    return name


def _cell_value(value, kind: str):
    if value is None:
        return None
    if kind == "text" or value in HIDDEN_CELLS:  # a hidden small count is written as "< 5"
        return spreadsheet_safe(str(value))
    if kind == "pct":
        return float(value)
    return int(value)


def write_table(sheet, table: DashboardTable) -> None:
    sheet.cell(row=1, column=1, value=spreadsheet_safe(str(table.title))).font = Font(bold=True, size=14)
    row = 2
    for label, value in table.filters:
        sheet.cell(row=row, column=1, value=spreadsheet_safe(f"{label}: {value}")).font = Font(italic=True)
        row += 1
    computed = timezone.localtime(table.computed_at)
    sheet.cell(row=row, column=1, value=_("Figures computed %(when)s") % {
        "when": f"{date_format(computed, 'j F Y, H.i.s')} {computed.tzname() or ''}".strip()}).font = Font(italic=True)
    row += 1
    header_row = row + 1
    for n, column in enumerate(table.columns, start=1):
        label = str(column.label)
        cell = sheet.cell(row=header_row, column=n, value=spreadsheet_safe(label))
        cell.font, cell.fill, cell.border = HEADER_FONT, HEADER_FILL, BORDER
        cell.alignment = Alignment(wrap_text=True, vertical="center",
                                   horizontal="left" if column.kind == "text" else "right")
        width = max(len(label) * 0.9 if column.kind != "text" else 12, 12)
        sheet.column_dimensions[get_column_letter(n)].width = min(max(width, 12), 28)
    sheet.row_dimensions[header_row].height = 32
    body = table.rows
    for r, values in enumerate(body, start=header_row + 1):
        for n, column in enumerate(table.columns, start=1):
            value = values.get(column.key)
            cell = sheet.cell(row=r, column=n, value=_cell_value(value, column.kind))
            cell.number_format = NUMBER_FORMATS["text" if value in HIDDEN_CELLS else column.kind]
            cell.border = BORDER
            if value in HIDDEN_CELLS:
                cell.alignment = Alignment(horizontal="right")
            if values.get("_total"):
                cell.font = Font(bold=True)
    text_width = max([len(str(v.get(c.key) or "")) for v in body for c in table.columns if c.kind == "text"] or [12])
    sheet.column_dimensions["A"].width = min(max(text_width + 2, 14), 45)
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    sheet.print_title_rows = f"{header_row}:{header_row}"


def tables_workbook(tables: list[DashboardTable]) -> bytes:
    """One sheet per table, in the order given."""
    book = Workbook()
    book.remove(book.active)
    taken: set[str] = set()
    for table in tables:
        write_table(book.create_sheet(sheet_title(str(table.title), taken)), table)
    out = BytesIO()
    book.save(out)
    return out.getvalue()
