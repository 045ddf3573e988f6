"""Downloads of the dashboard: each table as an Excel workbook, all of them in one workbook, and
the printable PDF report of a year and a district. Scoped like the pages, with the pages' filters
(?year=, ?cycle=, ?district= repeated): the districts are those the user may see, narrowed to
those chosen (a district the user may not see is dropped, as on the pages); the table functions
apply the small-cell rule for users who may not see names. A PDF of a district the user may not
see answers 404."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.views.decorators.http import require_GET

from accounts.selectors import regency_codes_visible_to
from core.letterhead import letterhead_for
from dashboards import access
from dashboards.figures_cache import current_freshness, figures_page
from dashboards.indicators import Figures, indicators_compute
from dashboards.selectors import dashboard_cycle_choices
from regions.models import Regency

from .pdf import district_report_pdf
from .tables import dashboard_tables
from .xlsx import tables_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year(request) -> int:
    try:
        year = int(request.GET.get("year") or timezone.localdate().year)
    except ValueError:
        raise Http404 from None
    if not 2000 <= year <= 2100:
        raise Http404
    return year


def _codes(request) -> list[str] | None:
    """The districts the download covers: those chosen that the user may see, else every
    district the user may see (None: every district, for a system administrator)."""
    visible = regency_codes_visible_to(user=request.user)
    chosen = [code for code in request.GET.getlist("district") if visible is None or code in visible]
    return chosen or visible


def _cycle(request, year: int):
    code = request.GET.get("cycle") or ""
    return next((c for c in dashboard_cycle_choices(year=year) if c.code == code), None)


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _suffix(year: int, codes) -> str:
    return f"{year}" + (f"-{codes[0].replace('.', '')}" if codes and len(codes) == 1 else "")


@require_GET
@access.view_required
@figures_page(allow_stale=False)
def table_xlsx(request, key):
    year, codes = _year(request), _codes(request)
    tables = {t.key: t for t in dashboard_tables(user=request.user, year=year, regency_codes=codes,
                                                 cycle=_cycle(request, year))}
    if key not in tables:
        raise Http404
    filename = f"dasbor-{key.replace('_', '-')}-{_suffix(year, codes)}.xlsx"
    return _download(tables_workbook([tables[key]]), XLSX, filename)


@require_GET
@access.view_required
@figures_page(allow_stale=False)
def all_tables_xlsx(request):
    year, codes = _year(request), _codes(request)
    tables = dashboard_tables(user=request.user, year=year, regency_codes=codes, cycle=_cycle(request, year))
    return _download(tables_workbook(tables), XLSX, f"dasbor-semua-tabel-{_suffix(year, codes)}.xlsx")


@require_GET
@access.view_required
@figures_page(allow_stale=False)
def district_report(request, code):
    year = _year(request)
    visible = regency_codes_visible_to(user=request.user)
    if visible is not None and code not in visible:
        raise Http404
    regency = get_object_or_404(Regency, code=code)
    report = indicators_compute(year=year, regency_codes=[code])
    figures = report.districts[0] if report.districts else Figures(region=code)
    tables = dashboard_tables(user=request.user, year=year, regency_codes=[code], report=report)
    content = district_report_pdf(year=year, regency=regency, figures=figures, tables=tables,
                                  letterhead=letterhead_for(regency), computed_at=current_freshness().computed_at)
    return _download(content, "application/pdf", f"laporan-pelatihan-{year}-{code.replace('.', '')}.pdf")
