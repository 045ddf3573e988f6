"""The A4 poster of a program cycle, for the notice boards of desa offices, schools and mosques:
the same plain words as the public page (who may join, seats, dates, where to register, what to
bring) and a QR code to that page.

Written `invariant` and uncompressed like the other PDFs (training/records/pdf.py), so the same
cycle gives the same bytes and the text can be found in the file."""

from io import BytesIO
from xml.sax.saxutils import escape

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .selectors import PublicCycle

_styles = getSampleStyleSheet()
KICKER = ParagraphStyle("poster-kicker", parent=_styles["BodyText"], fontSize=14, leading=18,
                        textColor=colors.HexColor("#0b5394"))
TITLE = ParagraphStyle("poster-title", parent=_styles["Title"], fontSize=30, leading=36, alignment=0,
                       spaceAfter=4 * mm)
HEADING = ParagraphStyle("poster-heading", parent=_styles["Heading2"], fontSize=17, leading=21,
                         spaceBefore=5 * mm, spaceAfter=2 * mm, textColor=colors.HexColor("#0b5394"))
BODY = ParagraphStyle("poster-body", parent=_styles["BodyText"], fontSize=14, leading=19)
BULLET = ParagraphStyle("poster-bullet", parent=BODY, leftIndent=7 * mm, bulletIndent=1 * mm)
SMALL = ParagraphStyle("poster-small", parent=_styles["BodyText"], fontSize=10, leading=13)
QR_SIZE = 48 * mm


def _p(text, style=BODY) -> Paragraph:
    return Paragraph(escape(str(text)), style)


def _bullets(lines) -> list:
    return [Paragraph(escape(str(line)), BULLET, bulletText="•") for line in lines]


def _qr(url: str) -> Drawing:
    widget = QrCodeWidget(url, barLevel="M")
    x1, y1, x2, y2 = widget.getBounds()
    drawing = Drawing(QR_SIZE, QR_SIZE, transform=[QR_SIZE / (x2 - x1), 0, 0, QR_SIZE / (y2 - y1), 0, 0])
    drawing.add(widget)
    return drawing


def cycle_poster_pdf(public: PublicCycle, *, page_url: str) -> bytes:
    """The poster of `public`, its QR code pointing at `page_url` (absolute)."""
    cycle = public.cycle
    buffer = BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=16 * mm, rightMargin=16 * mm, topMargin=14 * mm, bottomMargin=12 * mm,
        title=cycle.program.name, author=_("Skills Training Portal"), invariant=True, pageCompression=0,
    )
    story = [
        _p(_("Free skills training · registration is open"), KICKER),
        _p(cycle.program.name, TITLE),
    ]
    if public.packages:
        story.append(_p(_("What you learn: %(packages)s") % {
            "packages": ", ".join(f"{name} ({vocation})" for name, vocation in public.packages)}))
    dates = _("Registration: %(opens)s to %(closes)s") % {
        "opens": date_format(cycle.registration_opens) if cycle.registration_opens else _("now"),
        "closes": date_format(cycle.registration_closes)}
    seats = _("Seats: %(seats)s") % {"seats": number_format(public.total_seats, force_grouping=True)}
    story += [_p(dates), _p(seats)]
    story += [_p(_("Who may join"), HEADING), *_bullets(public.who_may_join)]
    if public.rules.require_dtks:
        story.append(_p(_("Dinas Sosial will check your data in DTKS."), SMALL))
    story += [_p(_("What to bring"), HEADING), *_bullets(public.bring)]
    places = [
        _("Dinas Sosial %(regency)s (%(seats)s seats)") % {
            "regency": name, "seats": number_format(seats, force_grouping=True)} if seats is not None
        else _("Dinas Sosial %(regency)s") % {"regency": name}
        for name, seats in public.places()
    ] or [_("Dinas Sosial of your kabupaten/kota")]
    story += [_p(_("Where to register"), HEADING), *_bullets(places), Spacer(1, 6 * mm)]
    scan = [
        _p(_("Scan to read more, check whether you may join, and later follow your registration:"), BODY),
        Spacer(1, 2 * mm),
        _p(page_url, SMALL),
        _p(_("Program code: %(code)s") % {"code": cycle.code}, SMALL),
    ]
    table = Table([[_qr(page_url), scan]], colWidths=[QR_SIZE + 6 * mm, None])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("BOX", (0, 0), (-1, -1), 1, colors.grey),
                               ("LEFTPADDING", (0, 0), (-1, -1), 3 * mm)]))
    story.append(table)
    doc.build(story)
    return buffer.getvalue()
