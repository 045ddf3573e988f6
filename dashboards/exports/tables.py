"""The tables the exports, the PDF report and a publication are made of: dashboards.tables'
`DashboardTable`s, the §12 indicators per district first.

`indicators_table` turns an IndicatorReport into a DashboardTable (one row per district and a
totals row); the dashboard's other tables are dashboards.tables' functions (`TABLES` below, each
`(user, year, regency_codes, cycle=None)`, scoped and with the small-cell rule applied for the
user there), those of the officials' pages: funnel, targets and ranking, years, quota, every
breakdown, grants, outcomes and survival."""

from decimal import Decimal
from functools import partial

from django.utils.translation import gettext as _

from dashboards import tables as t
from dashboards.indicators import INDICATORS_BY_KEY, IndicatorReport, indicators_compute
from dashboards.tables import SMALL_CELL, ChartHint, Column, DashboardTable

_INDICATOR_COLUMNS = ("applicants", "eligible", "in_review", "enrolled", "participants", "trained",
                      "trained_L", "trained_P", "certified", "target", "achievement_pct", "granted",
                      "grant_amount", "business_active")


def _indicator_columns() -> list[Column]:
    columns = [Column("region", _("Kabupaten/kota"), "text")]
    for key in _INDICATOR_COLUMNS:
        if key.startswith("trained_"):
            columns.append(Column(key, f"{INDICATORS_BY_KEY['trained'].label} ({key[-1]})", "int"))
            continue
        indicator = INDICATORS_BY_KEY[key]
        columns.append(Column(key, str(indicator.label), {"percent": "pct", "rupiah": "rupiah"}.get(indicator.kind,
                                                                                                     "int")))
    return columns


def _indicator_row(figures, name: str) -> dict:
    row = {"region": name}
    for key in _INDICATOR_COLUMNS:
        row[key] = figures.trained_by_sex[key[-1]] if key.startswith("trained_") else getattr(figures, key)
    return row


def regency_names(codes) -> dict[str, str]:
    from regions.models import Regency

    return dict(Regency.objects.filter(code__in=list(codes)).values_list("code", "name"))


def indicators_table(report: IndicatorReport, *, filters) -> DashboardTable:
    names = regency_names(d.region for d in report.districts)
    return DashboardTable(
        key="indicators",
        title=_("Indicators per district"),
        columns=_indicator_columns(),
        rows=[*(_indicator_row(d, names.get(d.region, d.region)) for d in report.districts),
              {**_indicator_row(report.total, _("Total")), "_total": True}],
        filters=filters,
        chart=ChartHint("bar", "region", ("applicants", "participants", "trained", "certified")),
    )


def _filters(*, year, regency_codes, cycle) -> list[tuple[str, str]]:
    from regions.models import Regency

    if regency_codes is None:
        area = _("all districts")
    else:
        area = ", ".join(sorted(Regency.objects.filter(code__in=regency_codes).values_list("name", flat=True))) or "—"
    filters = [(_("Year"), str(year)), (_("Kabupaten/kota"), area)]
    if cycle is not None:
        filters.append((_("Program cycle"), str(cycle)))
    return filters


TABLES = (
    t.funnel_table, t.funnel_by_district_table, t.targets_table, t.ranking_table, t.years_table, t.quota_table,
    *(partial(t.breakdown_table, dimension=dimension) for dimension in t.BREAKDOWNS),
    t.grants_table, t.outcomes_table, t.survival_table,
)


def dashboard_tables(*, user, year: int, regency_codes: list[str] | None, cycle=None,
                     report: IndicatorReport | None = None) -> list[DashboardTable]:
    """Every table of the dashboard for the year and districts given (already narrowed to those
    the user may see), the indicators first."""
    if report is None:
        report = indicators_compute(year=year, regency_codes=regency_codes)
    tables = [indicators_table(report, filters=_filters(year=year, regency_codes=regency_codes, cycle=cycle))]
    tables += [make(user, year, regency_codes, cycle) for make in TABLES]
    return tables


def cell_json(value):
    """A cell as JSON: a percentage (Decimal) becomes a number, a hidden small count stays "< 5"."""
    if isinstance(value, Decimal):
        return float(value)
    return value


def table_json(table: DashboardTable) -> dict:
    """A table as a publication stores it (its cells only: no links, no flags)."""
    return {
        "title": str(table.title),
        "columns": [{"key": c.key, "label": str(c.label), "kind": c.kind} for c in table.columns],
        "rows": [{c.key: cell_json(row.get(c.key)) for c in table.columns} | ({"_total": True} if row.get("_total")
                                                                             else {})
                 for row in table.rows],
        "filters": [[str(label), str(value)] for label, value in table.filters],
    }


__all__ = ["SMALL_CELL", "dashboard_tables", "indicators_table", "table_json"]
