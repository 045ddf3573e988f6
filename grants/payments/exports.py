"""The payment list (daftar nominatif) as XLSX and CSV, for the bank or the BPKAD.

Both files have one row per payment, with its reference, then a TOTAL row holding the control
totals (the number of payments and their sum). Their header is on the first row and the columns
`status`, `alasan` and `tanggal_bayar` are left empty for the bank: the same file, filled in,
can be imported back as the bank's result (grants.payments.services.payment_result_import).
The XLSX has a second sheet with the list's particulars and control totals.

Every text cell goes through core.exports.spreadsheet_safe (no formula injection from a name
typed into a form). NIKs are masked unless the user may see full NIKs."""

import csv
import io

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from core.exports import spreadsheet_safe, spreadsheet_safe_row
from core.identifiers import mask_nik

COLUMNS = ("no", "referensi", "nik", "nama", "desa", "kecamatan", "bank", "no_rekening", "nama_rekening", "jumlah",
           "status", "alasan", "tanggal_bayar")
TOTAL = "TOTAL"


def nominatif_rows(*, payments, full_nik: bool) -> list[list]:
    """The data rows: plain values (amounts as integers)."""
    rows = []
    for payment in payments:
        person = payment.grant.person
        village = payment.grant.village
        rows.append([
            payment.position, payment.reference, person.nik if full_nik else mask_nik(person.nik), person.name,
            village.name, village.subdistrict.name, payment.bank_name, payment.account_number, payment.account_name,
            payment.amount, "", "", "",
        ])
    return rows


def _total_row(batch) -> list:
    label = _("%(count)s payments") % {"count": batch.control_count}
    return ["", TOTAL, "", label, "", "", "", "", "", batch.control_total, "", "", ""]


def nominatif_csv(*, batch, rows) -> bytes:
    """UTF-8 with a BOM (spreadsheet programs then read it right), comma-separated."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow(spreadsheet_safe_row(row))
    writer.writerow(spreadsheet_safe_row(_total_row(batch)))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def nominatif_xlsx(*, batch, rows) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Payment list")[:31])
    bold = Font(bold=True)
    widths = {"A": 5, "B": 18, "C": 19, "D": 30, "E": 22, "F": 22, "G": 14, "H": 20, "I": 30, "J": 14, "K": 10,
              "L": 24, "M": 14}
    for column, width in widths.items():
        sheet.column_dimensions[column].width = width

    def cells(values, *, font=None):
        out = []
        for index, value in enumerate(values):
            cell = WriteOnlyCell(sheet, value=spreadsheet_safe(value))
            if font is not None:
                cell.font = font
            if index == 9 and isinstance(value, int):
                cell.number_format = "#,##0"
            elif isinstance(value, str):
                # NIKs and account numbers are text: never turned into numbers that lose digits.
                cell.number_format = "@"
            out.append(cell)
        return out

    sheet.append(cells(COLUMNS, font=bold))
    for row in rows:
        sheet.append(cells(row))
    sheet.append(cells(_total_row(batch), font=bold))

    summary = workbook.create_sheet(_("Control totals")[:31])
    summary.column_dimensions["A"].width = 28
    summary.column_dimensions["B"].width = 50
    scheme = batch.scheme
    facts = [
        (_("Payment list"), batch.number),
        (_("Scheme"), f"{scheme.code} · {scheme.name}"),
        (_("Budget line"), scheme.budget_line or "—"),
        (_("Kabupaten/kota"), scheme.regency.name),
        (_("Made"), date_format(timezone.localtime(batch.created_at), "j F Y H:i")),
        (_("Number of payments"), batch.control_count),
        (_("Total (Rp)"), batch.control_total),
    ]
    for label, value in facts:
        row = [WriteOnlyCell(summary, value=spreadsheet_safe(label)),
               WriteOnlyCell(summary, value=spreadsheet_safe(value))]
        row[0].font = bold
        if isinstance(value, int):
            row[1].number_format = "#,##0"
        summary.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
