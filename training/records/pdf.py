"""Printable PDFs of a batch: the attendance sheet (daftar hadir) and the certificate list.

Drawn with reportlab's platypus on A4 landscape. The documents are written `invariant` (no
creation time or random id inside, so the same data gives the same bytes) and without page
compression: the text stays readable in the file, which lets tests (and a grep on a server)
find the names without a PDF parser. The files are small either way (a few tens of KB).

These functions take already-fetched rows and only draw: the views read the data through the
selectors, scoped to the user. NIKs are always masked: a printed sheet leaves the office.
"""

from collections import OrderedDict
from io import BytesIO
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from core.identifiers import mask_nik
from training.models import Attendance

# Day columns per page of the whole-batch sheet: beyond this a signature box gets too narrow
# to sign in, so longer batches continue on further pages.
DAYS_PER_PAGE = 12
# The one-letter codes Indonesian attendance sheets use (Hadir, Izin, Sakit, Alpa).
MARK_CODES = {
    Attendance.Status.PRESENT: "H",
    Attendance.Status.EXCUSED: "I",
    Attendance.Status.SICK: "S",
    Attendance.Status.ABSENT: "A",
}

_styles = getSampleStyleSheet()
TITLE = ParagraphStyle("records-title", parent=_styles["Heading2"], spaceAfter=2 * mm)
CELL = ParagraphStyle("records-cell", parent=_styles["BodyText"], fontSize=8, leading=10)
SMALL = ParagraphStyle("records-small", parent=_styles["BodyText"], fontSize=8, leading=10)
GRID = [
    ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
    ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9ecef")),
    ("FONTSIZE", (0, 0), (-1, -1), 8),
    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
]


def _p(text, style=CELL) -> Paragraph:
    return Paragraph(escape(str(text)), style)


def _day(value) -> str:
    return date_format(value, "j M Y") if value else "—"


def _document(buffer, *, title: str) -> SimpleDocTemplate:
    return SimpleDocTemplate(
        buffer, pagesize=landscape(A4), title=title, author="", creator="",
        leftMargin=12 * mm, rightMargin=12 * mm, topMargin=12 * mm, bottomMargin=12 * mm,
        invariant=1, pageCompression=0,
    )


def _header(batch, *, title: str, subtitle: str = "") -> list:
    """Title and the batch's facts: program, batch, provider, workshop, dates, instructors."""
    instructors = ", ".join(instructor.name for instructor in batch.instructors.all()) or "—"
    facts = [
        (_("Program"), f"{batch.cycle.program.name} ({batch.cycle.code})"),
        (_("Training package"), f"{batch.package.code} · {batch.package.name}"),
        (_("Batch"), batch.name),
        (_("Provider"), batch.provider.name),
        (_("Workshop"), batch.workshop.name),
        (_("Dates"), f"{_day(batch.start_date)} – {_day(batch.end_date)}"),
        (_("Instructors"), instructors),
    ]
    table = Table([[_p(label, SMALL), _p(value, SMALL)] for label, value in facts],
                  colWidths=[40 * mm, 150 * mm], hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                               ("TOPPADDING", (0, 0), (-1, -1), 1)]))
    flow = [Paragraph(escape(title), TITLE)]
    if subtitle:
        flow.append(_p(subtitle, SMALL))
    return [*flow, table, Spacer(1, 4 * mm)]


def _footer(canvas, document):
    canvas.saveState()
    canvas.setFont("Helvetica", 7)
    canvas.drawRightString(
        document.pagesize[0] - 12 * mm, 7 * mm, _("Page %(page)s") % {"page": canvas.getPageNumber()}
    )
    canvas.restoreState()


def _person_cells(number: int, enrolment) -> list:
    person = enrolment.application.person
    return [str(number), _p(person.name), mask_nik(person.nik)]


def _sessions_by_day(sessions) -> "OrderedDict":
    days = OrderedDict()
    for session in sessions:
        days.setdefault(timezone.localtime(session.starts_at).date(), []).append(session)
    return days


def attendance_sheet_pdf(*, batch, roster, sessions, marks: dict | None = None, session=None) -> bytes:
    """The daftar hadir. With `session`: one signature column for that session. Without: one
    signature column per training day (a day's sessions share a box), twelve days a page.
    `marks` ({(enrolment id, session id): status}) fills the boxes with H/I/S/A; without it the
    sheet is blank, to print before the course and sign by hand."""
    buffer = BytesIO()
    title = _("Attendance sheet")
    document = _document(buffer, title=f"{title} {batch.name}")
    roster = list(roster)
    marks = marks or {}
    story = []
    if session is not None:
        start = timezone.localtime(session.starts_at)
        end = timezone.localtime(session.ends_at)
        subtitle = _("Session of %(day)s, %(start)s–%(end)s") % {
            "day": _day(start.date()), "start": start.strftime("%H:%M"), "end": end.strftime("%H:%M")}
        rows = [[_("No."), _("Name"), _("NIK"), _("Attendance"), _("Signature")]]
        for number, enrolment in enumerate(roster, start=1):
            mark = marks.get((enrolment.pk, session.pk))
            rows.append([*_person_cells(number, enrolment), MARK_CODES.get(mark, ""), ""])
        table = Table(rows, colWidths=[10 * mm, 80 * mm, 40 * mm, 25 * mm, 70 * mm], repeatRows=1,
                      rowHeights=[None] + [10 * mm] * len(roster), hAlign="LEFT")
        table.setStyle(TableStyle(GRID))
        story += [*_header(batch, title=title, subtitle=subtitle), table]
    else:
        days = list(_sessions_by_day(sessions).items()) or [(None, [])]
        for page_start in range(0, len(days), DAYS_PER_PAGE):
            chunk = days[page_start:page_start + DAYS_PER_PAGE]
            if page_start:
                story.append(PageBreak())
            rows = [[_("No."), _("Name"), _("NIK"), *[date_format(day, "j/n") if day else "" for day, _s in chunk]]]
            for number, enrolment in enumerate(roster, start=1):
                cells = []
                for _day_value, day_sessions in chunk:
                    codes = [MARK_CODES.get(marks.get((enrolment.pk, s.pk)), "") for s in day_sessions]
                    cells.append("/".join(code for code in codes if code))
                rows.append([*_person_cells(number, enrolment), *cells])
            day_width = min(25 * mm, (273 * mm - 115 * mm) / max(len(chunk), 1))
            table = Table(rows, colWidths=[10 * mm, 70 * mm, 35 * mm, *[day_width] * len(chunk)], repeatRows=1,
                          rowHeights=[None] + [10 * mm] * len(roster), hAlign="LEFT")
            table.setStyle(TableStyle([*GRID, ("ALIGN", (3, 0), (-1, -1), "CENTER")]))
            story += [*_header(batch, title=title), table]
    story += [
        Spacer(1, 4 * mm),
        _p(_("H = present, I = excused (izin), S = sick, A = absent (alpa)"), SMALL),
        Spacer(1, 10 * mm),
        _p(_("Instructor: ______________________    Head of the training provider: ______________________"), SMALL),
    ]
    document.build(story, onFirstPage=_footer, onLaterPages=_footer)
    return buffer.getvalue()


def certificate_list_pdf(*, batch, roster) -> bytes:
    """The list of participants with their outcome, assessment and certificate."""
    buffer = BytesIO()
    title = _("Certificate list")
    document = _document(buffer, title=f"{title} {batch.name}")
    rows = [[_("No."), _("Name"), _("NIK"), _("Outcome"), _("Assessment"), _("Assessed on"),
             _("Certificate number"), _("Issuer"), _("Valid until")]]
    for number, enrolment in enumerate(roster, start=1):
        rows.append([
            *_person_cells(number, enrolment),
            _p(enrolment.get_status_display()),
            _p(enrolment.get_assessment_display() if enrolment.assessment else "—"),
            _day(enrolment.assessed_on) if enrolment.assessed_on else "—",
            _p(enrolment.certificate_number or "—"),
            _p(enrolment.certificate_issuer or "—"),
            _day(enrolment.certificate_expires_on) if enrolment.certificate_expires_on else "—",
        ])
    table = Table(rows, colWidths=[10 * mm, 55 * mm, 32 * mm, 25 * mm, 35 * mm, 25 * mm, 40 * mm, 28 * mm, 23 * mm],
                  repeatRows=1, hAlign="LEFT")
    table.setStyle(TableStyle(GRID))
    story = [*_header(batch, title=title), table]
    document.build(story, onFirstPage=_footer, onLaterPages=_footer)
    return buffer.getvalue()
