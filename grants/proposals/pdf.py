"""The handover record (Berita Acara Serah Terima, BAST) as a PDF ready to sign.

A4 portrait with the district's letterhead (core.letterhead), the number, the day and place,
the two parties, the items with quantity and value (or the cash amount), the total in figures
and in Indonesian words (core.terbilang), and the signature blocks. A BAST is an Indonesian
administrative record, so it is always written in Bahasa Indonesia, whatever language the
officer's screen is in. Like the training PDFs it is written `invariant` and uncompressed."""

from io import BytesIO
from xml.sax.saxutils import escape

from django.utils import translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from core.identifiers import mask_nik
from core.letterhead import letterhead_flowables
from core.terbilang import rupiah_terbilang, terbilang

TITLE = ParagraphStyle("bast-title", fontName="Helvetica-Bold", fontSize=12.5, leading=16, alignment=TA_CENTER)
NUMBER = ParagraphStyle("bast-number", fontName="Helvetica", fontSize=10, leading=13, alignment=TA_CENTER,
                        spaceAfter=5 * mm)
BODY = ParagraphStyle("bast-body", fontName="Helvetica", fontSize=10, leading=14, alignment=TA_JUSTIFY,
                      spaceAfter=2.5 * mm)
CELL = ParagraphStyle("bast-cell", fontName="Helvetica", fontSize=9, leading=11)
CELL_RIGHT = ParagraphStyle("bast-cell-right", parent=CELL, alignment=2)
TAG = ParagraphStyle("bast-tag", parent=CELL, fontName="Courier", fontSize=7.5)
SIGN = ParagraphStyle("bast-sign", fontName="Helvetica", fontSize=10, leading=13, alignment=TA_CENTER)
WIDTH = A4[0] - 40 * mm


def rupiah(amount: int) -> str:
    return f"Rp{amount:,}".replace(",", ".")


def _p(text, style=BODY) -> Paragraph:
    return Paragraph(escape(str(text)), style)


def _signed_name(name: str) -> Paragraph:
    # Indonesian documents print the signer's name bold and underlined beneath the signature.
    return Paragraph(f"<b><u>{escape(name)}</u></b>", SIGN)


def _party_table(rows) -> Table:
    table = Table([[_p(label, CELL), ":", _p(value, CELL)] for label, value in rows],
                  colWidths=[40 * mm, 4 * mm, WIDTH - 50 * mm], hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 1),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 1), ("LEFTPADDING", (0, 0), (0, -1), 8 * mm)]))
    return table


def _items_table(items) -> Table:
    rows = [[_("No."), _("Item"), _("Quantity"), _("Unit price"), _("Value"), _("Asset tag")]]
    for number, item in enumerate(items, start=1):
        rows.append([str(number), _p(item.name, CELL), _p(f"{item.quantity} {item.unit}", CELL),
                     _p(rupiah(item.unit_price), CELL_RIGHT), _p(rupiah(item.value), CELL_RIGHT),
                     _p(item.asset_tag or "—", TAG)])
    total = sum(item.value for item in items)
    rows.append(["", _p(_("Total"), CELL), "", "", _p(rupiah(total), CELL_RIGHT), ""])
    table = Table(rows, colWidths=[9 * mm, 45 * mm, 17 * mm, 26 * mm, 28 * mm, 45 * mm], repeatRows=1)
    table.setStyle(TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9ecef")),
        ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
        ("FONTSIZE", (0, 0), (-1, -1), 9),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("SPAN", (1, -1), (3, -1)),
    ]))
    return table


def bast_pdf(*, handover, grant, items, letterhead) -> bytes:
    """The BAST of `handover`. `items` are the grant's items (empty for cash); `letterhead` the
    district's (core.letterhead.letterhead_for)."""
    with translation.override("id"):
        return _bast_pdf(handover=handover, grant=grant, items=list(items), letterhead=letterhead)


def _bast_pdf(*, handover, grant, items, letterhead) -> bytes:
    buffer = BytesIO()
    document = SimpleDocTemplate(
        buffer, pagesize=A4, title=f"BAST {handover.number}", author="", creator="", invariant=1, pageCompression=0,
        leftMargin=20 * mm, rightMargin=20 * mm, topMargin=15 * mm, bottomMargin=15 * mm,
    )
    day = handover.handed_over_on
    scheme = grant.scheme
    person = grant.person
    total = sum(item.value for item in items) if items else grant.amount
    office = letterhead.office_name or letterhead.government_name
    story = [
        *letterhead_flowables(letterhead, width=WIDTH),
        _p(_("HANDOVER RECORD OF AID"), TITLE),
        _p(_("Number: %(number)s") % {"number": handover.number}, NUMBER),
        _p(_("On this day, %(weekday)s, the %(day)s of %(month)s of the year %(year)s (%(date)s), at %(place)s, "
             "we the undersigned:")
           % {"weekday": date_format(day, "l"), "day": terbilang(day.day), "month": date_format(day, "F"),
              "year": terbilang(day.year), "date": date_format(day, "d-m-Y"), "place": handover.place}),
        _p(_("1. FIRST PARTY, who hands over:")),
        _party_table([(_("Name"), handover.officer_name), (_("Position"), handover.officer_position or "—"),
                      (_("Office"), office)]),
        Spacer(1, 2 * mm),
        _p(_("2. SECOND PARTY, who receives:")),
        _party_table([(_("Name"), handover.recipient_name), (_("NIK"), mask_nik(person.nik)),
                      (_("Address"), person.address or "—"),
                      (_("Business"), " · ".join(filter(None, [grant.business_type, grant.business_name]))),
                      (_("Business location"), f"{grant.village.name}, {grant.village.subdistrict.name}")]),
        Spacer(1, 3 * mm),
    ]
    if items:
        story += [
            _p(_("The FIRST PARTY hands over to the SECOND PARTY, under %(scheme)s (budget line: %(line)s), the "
                 "following equipment:")
               % {"scheme": scheme.name, "line": scheme.budget_line or "—"}),
            _items_table(items),
            Spacer(1, 3 * mm),
            _p(_("Total value: %(amount)s (%(words)s).") % {"amount": rupiah(total), "words": rupiah_terbilang(total)}),
        ]
    else:
        story.append(_p(
            _("The FIRST PARTY hands over to the SECOND PARTY, under %(scheme)s (budget line: %(line)s), cash of "
              "%(amount)s (%(words)s), transferred to account %(account)s at %(bank)s in the name of %(holder)s.")
            % {"scheme": scheme.name, "line": scheme.budget_line or "—", "amount": rupiah(total),
               "words": rupiah_terbilang(total), "account": grant.bank_account_number or "—",
               "bank": grant.bank_name or "—", "holder": grant.bank_account_name or "—"}))
    story += [
        _p(_("The SECOND PARTY has received the aid in good condition, will use it for the business named above, "
             "and is willing to be coached and visited for monitoring.")),
        _p(_("This record is made in two copies, one for each party, both of equal force.")),
        Spacer(1, 6 * mm),
    ]
    place_and_day = ", ".join(filter(None, [letterhead.place or handover.place, date_format(day, "j F Y")]))
    signatures = Table(
        [
            ["", _p(place_and_day, SIGN)],
            [_p(_("SECOND PARTY"), SIGN), _p(_("FIRST PARTY"), SIGN)],
            [_p(_("Received by,"), SIGN), _p(_("Handed over by,"), SIGN)],
            ["", ""],
            [_signed_name(handover.recipient_name), _signed_name(handover.officer_name)],
            ["", _p(handover.officer_position, SIGN) if handover.officer_position else ""],
        ],
        colWidths=[WIDTH / 2, WIDTH / 2], rowHeights=[None, None, None, 24 * mm, None, None],
    )
    signatures.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                    ("LEFTPADDING", (0, 0), (-1, -1), 12 * mm),
                                    ("RIGHTPADDING", (0, 0), (-1, -1), 12 * mm)]))
    story.append(KeepTogether([signatures]))
    document.build(story)
    return buffer.getvalue()
