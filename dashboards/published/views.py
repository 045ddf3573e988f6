"""The official figures: the list of publications (with the form to publish the year's figures),
one publication's frozen figures, and the figures a correction changed (old → new)."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from core.dates import FIRST_YEAR, LAST_YEAR
from core.errors import PortalError
from dashboards import access
from dashboards.indicators import INDICATORS_BY_KEY
from dashboards.selectors import dashboard_district_choices

from . import selectors, services
from .snapshot import figures_diff, snapshot_tables


def _years():
    this_year = timezone.localdate().year
    return list(range(this_year + 1, this_year - 5, -1))


@require_GET
@access.view_required
def published_list(request):
    reports = selectors.published_reports_visible_to(user=request.user)
    return render(request, "dashboards/published_list.html", {
        "reports": reports[:200], "may_publish": access.may_publish(request.user), "years": _years(),
        "this_year": timezone.localdate().year, "districts": dashboard_district_choices(user=request.user),
    })


@require_POST
@access.publish_required
def published_create(request):
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        year = None
    if year is None or not FIRST_YEAR <= year <= LAST_YEAR:
        messages.error(request, _("Choose a year."))
        return redirect("dashboards:published-list")
    try:
        report = services.report_publish(by=request.user, year=year, note=request.POST.get("note", "")[:2000])
    except PortalError as exc:
        messages.error(request, str(exc.message))
        return redirect("dashboards:published-list")
    messages.success(request, _("The figures of %(year)s are published as version %(version)s.")
                     % {"year": report.year, "version": report.version})
    return redirect("dashboards:published-detail", pk=report.pk)


def _indicator_rows(indicators: dict) -> list[dict]:
    return [*indicators["districts"], {**indicators["total"], "region": _("Total")}]


@require_GET
@access.view_required
def published_detail(request, pk):
    report = selectors.published_report_get_visible(user=request.user, pk=pk)
    previous = selectors.published_report_previous(report)
    keys = [key for key in INDICATORS_BY_KEY if key != "trained_by_sex"]
    return render(request, "dashboards/published_detail.html", {
        "report": report, "previous": previous, "rows": _indicator_rows(report.figures["indicators"]),
        "columns": [(key, INDICATORS_BY_KEY[key]) for key in keys],
        "tables": list(report.figures.get("tables", {}).values()),
    })


@require_GET
@access.view_required
def published_changes(request, pk):
    report = selectors.published_report_get_visible(user=request.user, pk=pk)
    previous = selectors.published_report_previous(report)
    changes = [] if previous is None else figures_diff(previous.figures, report.figures)
    return render(request, "dashboards/published_changes.html",
                  {"report": report, "previous": previous, "changes": changes})


@require_GET
@access.view_required
def published_pdf(request, pk):
    """The publication as the printable report, on the district's letterhead (a province's or
    every district's publication: the area's name as the government's)."""
    from core.letterhead import letterhead_for
    from core.models import Letterhead
    from dashboards.exports.pdf import published_report_pdf
    from dashboards.exports.views import _download
    from regions.models import Regency

    report = selectors.published_report_get_visible(user=request.user, pk=pk)
    regency = Regency.objects.filter(code=report.scope).first() if report.scope else None
    if regency is not None:
        letterhead = letterhead_for(regency)
    elif len(report.scope) == 2:  # a province's code
        letterhead = Letterhead(government_name=f"PEMERINTAH PROVINSI {report.scope_name.upper()}", office_name="")
    else:  # every district (a system administrator's publication)
        letterhead = Letterhead(government_name=report.scope_name.upper(), office_name="")
    area = (report.scope or "id").replace(".", "")
    content = published_report_pdf(report=report, tables=snapshot_tables(report), letterhead=letterhead)
    return _download(content, "application/pdf", f"angka-resmi-{report.year}-{area}-v{report.version}.pdf")


@require_GET
@access.view_required
def published_xlsx(request, pk):
    """The publication's frozen figures as a workbook: what was published, whatever the data
    say today."""
    from dashboards.exports.views import XLSX, _download
    from dashboards.exports.xlsx import tables_workbook

    report = selectors.published_report_get_visible(user=request.user, pk=pk)
    area = (report.scope or "id").replace(".", "")
    return _download(tables_workbook(snapshot_tables(report)), XLSX,
                     f"angka-resmi-{report.year}-{area}-v{report.version}.xlsx")
