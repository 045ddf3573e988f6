"""Printable PDFs of a batch: the attendance sheet (daftar hadir) and the certificate list.

Drawn with reportlab's platypus on A4 landscape, under the district's letterhead (kop surat,
core.letterhead, set up per district on the letterhead page), with "Page x of N" on each page.
The documents are written `invariant` (no creation time or random id inside, so the same data
gives the same bytes) and without page
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
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from core.identifiers import mask_nik
from core.letterhead import letterhead_flowables
from training.models import Attendance

# Day columns per page of the whole-batch sheet: beyond this a signature box gets too narrow
# to sign in, so longer batches continue on further pages.
DAYS_PER_PAGE = 12
# The last participants kept on the page of the signatures, so these never stand alone.
ROWS_WITH_SIGNATURES = 3
WIDTH = landscape(A4)[0] - 24 * mm
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
SIGN = ParagraphStyle("records-sign", parent=_styles["BodyText"], fontSize=9, leading=12, alignment=1)
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


class _NumberedCanvas(Canvas):
    """Writes "Page x of N" at the foot of each page: the pages are kept until the last one is
    drawn, when N is known."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages = []

    def showPage(self):
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self.setFont("Helvetica", 7)
            self.drawRightString(self._pagesize[0] - 12 * mm, 7 * mm,
                                 _("Page %(page)s of %(pages)s") % {"page": self._pageNumber, "pages": total})
            super().showPage()
        super().save()


def _build(document, story) -> None:
    document.build(story, canvasmaker=_NumberedCanvas)


def _person_cells(number: int, enrolment) -> list:
    person = enrolment.application.person
    return [str(number), _p(person.name), mask_nik(person.nik)]


def _sessions_by_day(sessions) -> "OrderedDict":
    days = OrderedDict()
    for session in sessions:
        days.setdefault(timezone.localtime(session.starts_at).date(), []).append(session)
    return days


def _signatures(*, place: str, day) -> Table:
    """Place and date, then a box to sign and a line for the name of the instructor and of the
    head of the training provider."""
    place_and_day = ", ".join(filter(None, [place, _day(day) if day else ""]))
    line = "(" + "_" * 32 + ")"
    table = Table(
        [
            ["", _p(place_and_day, SIGN)],
            [_p(_("Instructor,"), SIGN), _p(_("Head of the training provider,"), SIGN)],
            ["", ""],
            [_p(line, SIGN), _p(line, SIGN)],
        ],
        colWidths=[WIDTH / 2, WIDTH / 2], rowHeights=[None, None, 16 * mm, None],
    )
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("TOPPADDING", (0, 0), (-1, -1), 1),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    return table


def _with_signatures(rows, *, col_widths, style, row_heights, signatures) -> Table:
    """The roster table with the legend and the signatures as its last rows (spanning every
    column): the table never splits between its last participants and the signatures, so
    the signatures come on the page of the last ROWS_WITH_SIGNATURES participants."""
    last = len(rows) - 1
    legend = _p(_("H = present, I = excused (izin), S = sick, A = absent (alpa)"), SMALL)
    body = [*rows, [legend, *[""] * (len(col_widths) - 1)], [signatures, *[""] * (len(col_widths) - 1)]]
    table = Table(body, colWidths=col_widths, repeatRows=1, hAlign="LEFT",
                  rowHeights=[*row_heights, None, None])
    table.setStyle(TableStyle([
        # The grid and the other commands stop at the last participant.
        *[(command, start, (end[0], last if end[1] == -1 else end[1]), *rest) for command, start, end, *rest in style],
        ("SPAN", (0, last + 1), (-1, last + 1)), ("SPAN", (0, last + 2), (-1, last + 2)),
        ("TOPPADDING", (0, last + 1), (-1, last + 1), 3 * mm),
        ("TOPPADDING", (0, last + 2), (-1, last + 2), 5 * mm),
        ("NOSPLIT", (0, max(last - ROWS_WITH_SIGNATURES + 1, 1)), (-1, last + 2)),
    ]))
    return table


def attendance_sheet_pdf(*, batch, roster, sessions, letterhead, marks: dict | None = None, session=None) -> bytes:
    """The daftar hadir, under `letterhead` (core.letterhead.letterhead_for of the provider's
    district), ending with the place and date and the signatures. With `session`: one signature
    column for that session, dated that day. Without: one column per training day (a day's
    sessions share a box), twelve days a page, dated the batch's last day. `marks` ({(enrolment
    id, session id): status}) fills the boxes with H/I/S/A; without it the sheet is blank, to
    print before the course and sign by hand."""
    buffer = BytesIO()
    title = _("Attendance sheet")
    document = _document(buffer, title=f"{title} {batch.name}")
    roster = list(roster)
    marks = marks or {}
    place = letterhead.place or batch.provider.regency.name
    story = letterhead_flowables(letterhead, width=WIDTH)
    if session is not None:
        start = timezone.localtime(session.starts_at)
        end = timezone.localtime(session.ends_at)
        subtitle = _("Session of %(day)s, %(start)s–%(end)s") % {
            "day": _day(start.date()), "start": date_format(start, "H.i"), "end": date_format(end, "H.i T")}
        rows = [[_("No."), _("Name"), _("NIK"), _("Attendance"), _("Signature")]]
        for number, enrolment in enumerate(roster, start=1):
            mark = marks.get((enrolment.pk, session.pk))
            rows.append([*_person_cells(number, enrolment), MARK_CODES.get(mark, ""), ""])
        table = _with_signatures(rows, col_widths=[10 * mm, 80 * mm, 40 * mm, 25 * mm, 70 * mm], style=GRID,
                                 row_heights=[None] + [10 * mm] * len(roster),
                                 signatures=_signatures(place=place, day=start.date()))
        story += [*_header(batch, title=title, subtitle=subtitle), table]
    else:
        days = list(_sessions_by_day(sessions).items()) or [(None, [])]
        chunks = [days[start:start + DAYS_PER_PAGE] for start in range(0, len(days), DAYS_PER_PAGE)]
        for index, chunk in enumerate(chunks):
            if index:
                story.append(PageBreak())
            rows = [[_("No."), _("Name"), _("NIK"),
                     *[date_format(day, "MONTH_DAY_FORMAT") if day else "" for day, _s in chunk]]]
            for number, enrolment in enumerate(roster, start=1):
                cells = []
                for _day_value, day_sessions in chunk:
                    codes = [MARK_CODES.get(marks.get((enrolment.pk, s.pk)), "") for s in day_sessions]
                    cells.append("/".join(code for code in codes if code))
                rows.append([*_person_cells(number, enrolment), *cells])
            day_width = min(25 * mm, (273 * mm - 115 * mm) / max(len(chunk), 1))
            col_widths = [10 * mm, 70 * mm, 35 * mm, *[day_width] * len(chunk)]
            style = [*GRID, ("ALIGN", (3, 0), (-1, -1), "CENTER")]
            heights = [None] + [10 * mm] * len(roster)
            if index == len(chunks) - 1:
                table = _with_signatures(rows, col_widths=col_widths, style=style, row_heights=heights,
                                         signatures=_signatures(place=place, day=batch.end_date))
            else:
                table = Table(rows, colWidths=col_widths, repeatRows=1, rowHeights=heights, hAlign="LEFT")
                table.setStyle(TableStyle(style))
            story += [*_header(batch, title=title), table]
    _build(document, story)
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
    _build(document, story)
    return buffer.getvalue()
