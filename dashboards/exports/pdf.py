"""The printable report of a year and a district: the district's letterhead, the title, when the
figures were computed, a table of contents, then the §12 indicators with their charts (the path
from application to certificate, the trained by sex, the achievement against the target) and
each table of the dashboard with its chart. The charts are reportlab.graphics drawings, so they
are vector graphics in the PDF (sharp at any zoom, text searchable).

An official report is written in Bahasa Indonesia, whatever language the screen is in. The PDF
is `invariant` and uncompressed, like the portal's other PDFs, so tests read it with pdftotext."""

from decimal import Decimal
from io import BytesIO
from xml.sax.saxutils import escape

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from core.letterhead import letterhead_flowables
from dashboards.indicators import INDICATORS_BY_KEY
from dashboards.tables import HIDDEN_CELLS, DashboardTable

WIDTH = A4[0] - 36 * mm
TITLE = ParagraphStyle("report-title", fontName="Helvetica-Bold", fontSize=15, leading=19, spaceAfter=2 * mm)
META = ParagraphStyle("report-meta", fontName="Helvetica", fontSize=9, leading=12, textColor=colors.HexColor("#444444"))
HEADING = ParagraphStyle("report-heading", fontName="Helvetica-Bold", fontSize=12.5, leading=16, spaceBefore=5 * mm,
                         spaceAfter=3 * mm)
BODY = ParagraphStyle("report-body", fontName="Helvetica", fontSize=9.5, leading=13)
CELL = ParagraphStyle("report-cell", fontName="Helvetica", fontSize=8, leading=10)
CELL_RIGHT = ParagraphStyle("report-cell-right", parent=CELL, alignment=2)
TOC_LEVEL = ParagraphStyle("report-toc", fontName="Helvetica", fontSize=10, leading=15)
BAR = colors.HexColor("#1F4E79")
SERIES = [BAR, colors.HexColor("#C55A11"), colors.HexColor("#548235"), colors.HexColor("#7F6000")]


def number_id(value) -> str:
    if value in HIDDEN_CELLS:
        return value
    return "—" if value is None else f"{int(value):,}".replace(",", ".")


def rupiah_id(value) -> str:
    if value in HIDDEN_CELLS:
        return value
    return "—" if value is None else "Rp" + number_id(value)


def pct_id(value) -> str:
    if value in HIDDEN_CELLS:
        return value
    return "—" if value is None else f"{float(value):.1f}".replace(".", ",") + " %"


FORMATS = {"int": number_id, "rupiah": rupiah_id, "pct": pct_id, "text": lambda v: "" if v is None else str(v)}


class _Heading(Paragraph):
    """A section heading the table of contents lists."""


class _ReportDoc(BaseDocTemplate):
    def __init__(self, buffer, *, footer: str, **kwargs):
        super().__init__(buffer, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm, topMargin=16 * mm,
                         bottomMargin=18 * mm, **kwargs)
        self.footer = footer
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=self._draw_footer)])

    def _draw_footer(self, canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 7.5)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(self.leftMargin, 10 * mm, self.footer)
        canvas.drawRightString(A4[0] - self.rightMargin, 10 * mm, _("Page %(page)s") % {"page": doc.page})
        canvas.restoreState()

    def afterFlowable(self, flowable):
        if isinstance(flowable, _Heading):
            self.notify("TOCEntry", (0, flowable.getPlainText(), self.page))


def bar_chart(labels: list[str], series: list[list[int | float]], *, names: list[str] | None = None,
              horizontal: bool = False, height: float = 62 * mm) -> Drawing:
    """A bar chart (vector), one bar per label and series, with the value written on each bar."""
    drawing = Drawing(WIDTH, height)
    chart = HorizontalBarChart() if horizontal else VerticalBarChart()
    left = 38 * mm if horizontal else 14 * mm
    chart.x, chart.y = left, 10 * mm if not horizontal else 4 * mm
    chart.width = WIDTH - left - 8 * mm
    chart.height = height - (22 * mm if not horizontal else 8 * mm) - (6 * mm if names else 0)
    if horizontal:  # reportlab draws the first category at the bottom; a reader expects it on top
        labels, series = labels[::-1], [values[::-1] for values in series]
    chart.data = [[v or 0 for v in values] for values in series] or [[0]]
    chart.categoryAxis.categoryNames = [label[:28] for label in labels]
    chart.categoryAxis.labels.fontName = "Helvetica"
    chart.categoryAxis.labels.fontSize = 7
    if not horizontal:
        chart.categoryAxis.labels.angle = 25 if len(labels) > 5 else 0
        chart.categoryAxis.labels.boxAnchor = "ne" if len(labels) > 5 else "n"
    chart.valueAxis.labels.fontName = "Helvetica"
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labelTextFormat = lambda v: number_id(v)
    chart.barLabelFormat = lambda v: number_id(v) if isinstance(v, int) or float(v).is_integer() else pct_id(v)
    chart.barLabels.fontName = "Helvetica"
    chart.barLabels.fontSize = 6.5
    chart.barLabels.nudge = 6
    for n in range(len(chart.data)):
        chart.bars[n].fillColor = SERIES[n % len(SERIES)]
        chart.bars[n].strokeColor = None
    drawing.add(chart)
    if names:
        x = left
        for n, name in enumerate(names):
            drawing.add(String(x + 4 * mm, height - 4 * mm, name, fontName="Helvetica", fontSize=7.5,
                               fillColor=SERIES[n % len(SERIES)]))
            x += 40 * mm
    return drawing


def _table_flowable(table: DashboardTable) -> Table:
    columns = table.columns
    header = [Paragraph(f"<b>{escape(str(c.label))}</b>", CELL if c.kind == "text" else CELL_RIGHT) for c in columns]
    rows = [header]
    for values in table.rows:
        rows.append([Paragraph(escape(FORMATS[c.kind](values.get(c.key))), CELL if c.kind == "text" else CELL_RIGHT)
                     for c in columns])
    first = min(45 * mm, WIDTH * 0.3)
    rest = (WIDTH - first) / max(len(columns) - 1, 1)
    result = Table(rows, colWidths=[first] + [rest] * (len(columns) - 1), repeatRows=1)
    style = [("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
             ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDE5EE")),
             ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
    for n, values in enumerate(table.rows, start=1):
        if values.get("_total"):
            style.append(("BACKGROUND", (0, n), (-1, n), colors.HexColor("#F2F2F2")))
    result.setStyle(TableStyle(style))
    return result


WIDE = 9  # a table of more columns is printed turned (_turned_flowables): A4 portrait can't hold them
TURNED_PER_TABLE = 5  # rows of the table, become columns, per printed table


def _turned_flowables(table: DashboardTable) -> list:
    """A wide table printed turned: its columns become rows (labelled by the columns' labels) and
    its rows become columns (headed by their first cell), TURNED_PER_TABLE rows at a time."""
    label, *columns = table.columns
    flowables = []
    for start in range(0, len(table.rows), TURNED_PER_TABLE):
        rows = table.rows[start:start + TURNED_PER_TABLE]
        data = [[Paragraph(f"<b>{escape(str(label.label))}</b>", CELL),
                 *(Paragraph(f"<b>{escape(str(row.get(label.key) or ''))}</b>", CELL_RIGHT) for row in rows)]]
        for column in columns:
            data.append([Paragraph(escape(str(column.label)), CELL),
                         *(Paragraph(escape(FORMATS[column.kind](row.get(column.key))),
                                     CELL if column.kind == "text" else CELL_RIGHT) for row in rows)])
        first = min(60 * mm, WIDTH * 0.4)
        result = Table(data, colWidths=[first] + [(WIDTH - first) / TURNED_PER_TABLE] * len(rows), repeatRows=1,
                       hAlign="LEFT")
        style = [("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
                 ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDE5EE")),
                 ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]
        for n, row in enumerate(rows, start=1):
            if row.get("_total"):
                style.append(("BACKGROUND", (n, 0), (n, -1), colors.HexColor("#F2F2F2")))
        result.setStyle(TableStyle(style))
        flowables += [result, Spacer(1, 3 * mm)]
    return flowables


def _table_chart(table: DashboardTable) -> Drawing | None:
    """The chart the table's hint asks for, as bars (a hidden small count is drawn as 0); at most
    15 rows and 4 series, so that it stays legible on paper."""
    if table.chart is None or not table.body_rows:
        return None
    rows = table.body_rows[:15]
    keys = table.chart.value_columns[:4]

    def value(v):
        return v if isinstance(v, int | float) else float(v) if isinstance(v, Decimal) else 0

    return bar_chart([str(r.get(table.chart.label_column) or "") for r in rows],
                     [[value(r.get(key)) for r in rows] for key in keys],
                     names=[str(table.column(key).label) for key in keys] if len(keys) > 1 else None,
                     horizontal=table.chart.type == "horizontalBar")


def _indicator_summary(figures) -> Table:
    rows = []
    for key, indicator in INDICATORS_BY_KEY.items():
        if key == "trained_by_sex":
            value = " / ".join(f"{sex} {number_id(n)}" for sex, n in figures.trained_by_sex.items())
        else:
            value = getattr(figures, key)
            value = {"rupiah": rupiah_id, "percent": pct_id}.get(indicator.kind, number_id)(value)
        text = str(indicator.numerator)
        if indicator.denominator is not None:
            text += f" / {indicator.denominator}"
        rows.append([Paragraph(f"<b>{escape(str(indicator.label))}</b>", CELL), Paragraph(escape(value), CELL_RIGHT),
                     Paragraph(escape(text), CELL)])
    result = Table(rows, colWidths=[32 * mm, 30 * mm, WIDTH - 62 * mm])
    result.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#999999")),
                                ("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    return result


def district_report_pdf(*, year: int, regency, figures, tables: list[DashboardTable], letterhead,
                        computed_at=None) -> bytes:
    """The report of `year` for `regency`, from its §12 `figures` (dashboards.indicators.Figures)
    and the dashboard's `tables` (the indicators table among them is left out: the summary and
    the charts say it)."""
    computed_at = computed_at or timezone.now()
    with translation.override("id"):
        local = timezone.localtime(computed_at)
        computed = f"{date_format(local, 'j F Y, H.i.s')} {local.tzname() or ''}".strip()
        title = _("Training report %(year)s, %(district)s") % {"year": year, "district": regency.name}
        buffer = BytesIO()
        doc = _ReportDoc(buffer, footer=f"{title} · " + _("figures computed %(when)s") % {"when": computed},
                         title=title, author="", creator="", invariant=1, pageCompression=0)
        toc = TableOfContents()
        toc.levelStyles = [TOC_LEVEL]
        story = [*letterhead_flowables(letterhead, width=WIDTH), Paragraph(escape(title), TITLE),
                 Paragraph(escape(_("Figures computed %(when)s.")
                                  % {"when": computed}), META),
                 Spacer(1, 5 * mm), Paragraph("<b>{}</b>".format(escape(_("Contents"))), BODY), toc, PageBreak()]

        story += [_Heading(escape(_("1. Indicators")), HEADING), _indicator_summary(figures), Spacer(1, 4 * mm)]
        funnel_keys = ("applicants", "eligible", "enrolled", "participants", "trained", "certified")
        story += [_Heading(escape(_("2. From application to certificate")), HEADING),
                  bar_chart([str(INDICATORS_BY_KEY[k].label) for k in funnel_keys],
                            [[getattr(figures, k) for k in funnel_keys]], horizontal=True, height=58 * mm)]
        story += [_Heading(escape(_("3. Trained by sex and achievement")), HEADING),
                  bar_chart([_("Male (L)"), _("Female (P)")],
                            [[figures.trained_by_sex["L"], figures.trained_by_sex["P"]]], height=48 * mm)]
        if figures.target:
            story += [Spacer(1, 3 * mm),
                      bar_chart([str(INDICATORS_BY_KEY["trained"].label), str(INDICATORS_BY_KEY["target"].label)],
                                [[figures.trained, figures.target]], horizontal=True, height=30 * mm),
                      Paragraph(escape(_("Achievement: %(pct)s of the target.")
                                       % {"pct": pct_id(figures.achievement_pct)}), BODY)]
        else:
            story.append(Paragraph(escape(_("The district has no target for this year.")), BODY))
        story += _tables_story([table for table in tables if table.key != "indicators"], first=4)
        doc.multiBuild(story)
    return buffer.getvalue()


def _tables_story(tables: list[DashboardTable], *, first: int) -> list:
    """Each table under a numbered heading (in the contents), with its note and its chart."""
    story = []
    for number, table in enumerate(tables, start=first):
        story.append(_Heading(escape(f"{number}. {table.title}"), HEADING))
        if table.note:
            story.append(Paragraph(escape(str(table.note)), META))
        chart = _table_chart(table)
        if chart is not None:
            story += [chart, Spacer(1, 3 * mm)]
        if not table.rows:
            story.append(Paragraph(escape(_("No rows.")), BODY))
        elif len(table.columns) > WIDE:
            story += _turned_flowables(table)
        else:
            story.append(_table_flowable(table))
    return story


def published_report_pdf(*, report, tables: list[DashboardTable], letterhead) -> bytes:
    """A published version of the official figures (dashboards.models.PublishedReport) as the
    printable report: its frozen tables (`tables`: dashboards.published.snapshot.snapshot_tables),
    its version, publisher, dates and note; whatever the data say today."""
    with translation.override("id"):
        published = timezone.localtime(report.published_at)
        computed = timezone.localtime(report.computed_at)
        title = _("Official figures %(year)s, %(area)s, version %(version)s") % {
            "year": report.year, "area": report.scope_name, "version": report.version}
        by = report.published_by.get_full_name() or report.published_by.get_username()
        meta = _("Published by %(who)s on %(when)s; figures computed %(computed)s.") % {
            "who": by, "when": f"{date_format(published, 'j F Y, H.i')} {published.tzname() or ''}".strip(),
            "computed": f"{date_format(computed, 'j F Y, H.i.s')} {computed.tzname() or ''}".strip()}
        buffer = BytesIO()
        doc = _ReportDoc(buffer, footer=title, title=title, author="", creator="", invariant=1, pageCompression=0)
        toc = TableOfContents()
        toc.levelStyles = [TOC_LEVEL]
        story = [*letterhead_flowables(letterhead, width=WIDTH), Paragraph(escape(title), TITLE),
                 Paragraph(escape(meta), META)]
        if report.note:
            story.append(Paragraph(escape(_("Note") + ": " + report.note), META))
        story += [Spacer(1, 5 * mm), Paragraph("<b>{}</b>".format(escape(_("Contents"))), BODY), toc, PageBreak()]
        story += _tables_story(tables, first=1)
        doc.multiBuild(story)
    return buffer.getvalue()
