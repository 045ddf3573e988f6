"""The district letterhead (kop surat) on printed documents: read it, and draw it with reportlab.

Any app's PDF puts `letterhead_flowables(letterhead_for(regency), width=...)` at the top of its
story (the BAST of grants does; the attendance sheet of training can). A district that has not
set one up gets a plain heading with its own name, never another district's."""

from io import BytesIO
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import HRFlowable, Image, Paragraph, Spacer, Table, TableStyle

from .models import Letterhead

GOVERNMENT = ParagraphStyle("letterhead-government", fontName="Helvetica-Bold", fontSize=13, leading=16,
                            alignment=TA_CENTER)
OFFICE = ParagraphStyle("letterhead-office", fontName="Helvetica-Bold", fontSize=15, leading=19, alignment=TA_CENTER)
ADDRESS = ParagraphStyle("letterhead-address", fontName="Helvetica", fontSize=8.5, leading=11, alignment=TA_CENTER)
LOGO_HEIGHT = 22 * mm


def letterhead_for(regency) -> Letterhead:
    """The district's letterhead, or an unsaved default naming the district
    (PEMERINTAH KABUPATEN PASER) when none is set up."""
    found = Letterhead.objects.filter(regency=regency).first()
    if found is not None:
        return found
    return Letterhead(regency=regency, government_name=f"PEMERINTAH {regency.name.upper()}", office_name="")


def _logo(letterhead: Letterhead):
    if not letterhead.logo:
        return None
    try:
        with letterhead.logo.open("rb") as handle:
            data = BytesIO(handle.read())
        image = Image(data)
    except (OSError, ValueError):
        # A logo file gone missing or broken on disk must not stop a document from printing.
        return None
    ratio = image.imageWidth / image.imageHeight if image.imageHeight else 1
    image.drawHeight = LOGO_HEIGHT
    image.drawWidth = min(LOGO_HEIGHT * ratio, 26 * mm)
    if image.drawWidth < LOGO_HEIGHT * ratio:
        image.drawHeight = image.drawWidth / ratio
    return image


def letterhead_flowables(letterhead: Letterhead, *, width: float) -> list:
    """The letterhead as reportlab flowables: logo on the left, the names and address centred,
    a double rule beneath."""
    lines = [Paragraph(escape(letterhead.government_name.upper()), GOVERNMENT)]
    if letterhead.office_name:
        lines.append(Paragraph(escape(letterhead.office_name.upper()), OFFICE))
    for text in (letterhead.address, letterhead.contact):
        if text:
            lines.append(Paragraph(escape(text), ADDRESS))
    logo = _logo(letterhead)
    logo_width = 28 * mm
    table = Table([[logo or "", lines, ""]], colWidths=[logo_width, width - 2 * logo_width, logo_width])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    return [
        table,
        Spacer(1, 1.5 * mm),
        HRFlowable(width="100%", thickness=2, color=colors.black, spaceAfter=0.6 * mm),
        HRFlowable(width="100%", thickness=0.6, color=colors.black, spaceAfter=5 * mm),
    ]
