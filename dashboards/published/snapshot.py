"""What a publication freezes: the year's §12 indicators of every district of the area (and
their total) and the dashboard's tables, as plain JSON; and the differences between two of them."""

from dataclasses import dataclass

from dashboards.indicators import INDICATOR_KEYS, INDICATORS_BY_KEY, SEXES, indicators_compute


def figures_snapshot(*, year: int, regency_codes: list[str] | None, user=None) -> dict:
    """The JSON a publication stores: {"indicators": the §9/§12 object, "tables": {key: table}}."""
    from dashboards.exports.tables import dashboard_tables, table_json

    report = indicators_compute(year=year, regency_codes=regency_codes)
    tables = {table.key: table_json(table)
              for table in dashboard_tables(user=user, year=year, regency_codes=regency_codes, report=report)
              if table.key != "indicators"}  # the indicators are stored once, as §12's object
    return {"indicators": report.as_dict(), "tables": tables}


@dataclass(frozen=True)
class Change:
    """One figure that differs between two versions: where it is (the indicators of a district
    or the total, or a table's row), which figure, and its old and new value (None: absent)."""

    section: str  # "indicators" or a table's title
    row: str  # a district's code, "total", or a table row's label
    figure: str  # an indicator's label, or a table column's label
    old: object
    new: object
    kind: str = "int"  # how the values are written: "int", "pct" or "rupiah"

    @property
    def values(self) -> tuple:
        return self.old, self.new


def _indicator_values(indicators: dict) -> dict[tuple[str, str], object]:
    values = {}
    for district in [*indicators.get("districts", []), {**indicators.get("total", {}), "region": "total"}]:
        for key in INDICATOR_KEYS:
            if key == "trained_by_sex":
                for sex in SEXES:
                    values[(district["region"], f"{key}.{sex}")] = (district.get(key) or {}).get(sex)
            else:
                values[(district["region"], key)] = district.get(key)
    return values


def _indicator_kind(key: str) -> str:
    return {"percent": "pct", "rupiah": "rupiah"}.get(INDICATORS_BY_KEY[key.partition(".")[0]].kind, "int")


def _indicator_label(key: str) -> str:
    base, _dot, sex = key.partition(".")
    label = str(INDICATORS_BY_KEY[base].label)
    return f"{label} ({sex})" if sex else label


def _table_values(table: dict) -> dict[tuple[str, str], tuple[object, str]]:
    """A table's numeric cells keyed by (row label, column label): a row is named by its first
    text cell (a district, a kecamatan, a step), so a row that moved keeps its identity."""
    columns = table["columns"]
    first = next((c["key"] for c in columns if c["kind"] == "text"), None)
    values = {}
    for n, row in enumerate(table["rows"]):
        label = str(row.get(first)) if first else str(n + 1)
        for column in columns:
            if column["kind"] != "text":
                values[(label, column["label"])] = (row.get(column["key"]), column["kind"])
    return values


def figures_diff(old: dict, new: dict) -> list[Change]:
    """Every figure whose value differs between two snapshots, in the order of the newer one
    (figures only in the older one follow)."""
    changes = []

    def compare(section, before, after):
        for where in [*after, *(k for k in before if k not in after)]:
            old, kind = before.get(where, (None, None))
            new, new_kind = after.get(where, (None, kind))
            if old != new:
                changes.append(Change(section, where[0], where[1], old, new, new_kind or "int"))

    before, after = _indicator_values(old["indicators"]), _indicator_values(new["indicators"])
    for where in [*after, *(k for k in before if k not in after)]:
        if before.get(where) != after.get(where):
            changes.append(Change("indicators", where[0], _indicator_label(where[1]), before.get(where),
                                  after.get(where), _indicator_kind(where[1])))
    old_tables, new_tables = old.get("tables", {}), new.get("tables", {})
    for key in [*new_tables, *(k for k in old_tables if k not in new_tables)]:
        table = new_tables.get(key) or old_tables[key]
        empty = {"columns": table["columns"], "rows": []}
        compare(table["title"], _table_values(old_tables.get(key, empty)), _table_values(new_tables.get(key, empty)))
    return changes


def snapshot_tables(report) -> list:
    """A publication's frozen tables as DashboardTables (for its Excel workbook): the indicators
    per district first, each with the publication's version, publisher and date above it."""
    from django.utils import timezone
    from django.utils.formats import date_format
    from django.utils.translation import gettext as _

    from dashboards.exports.tables import _INDICATOR_COLUMNS, _indicator_columns, regency_names
    from dashboards.tables import Column, DashboardTable

    published = timezone.localtime(report.published_at)
    by = report.published_by.get_full_name() or report.published_by.get_username()
    about = [(_("Official figures"), f"{report.scope_name} {report.year}"), (_("Version"), str(report.version)),
             (_("Published by"), by), (_("Published at"), date_format(published, "j F Y, H.i"))]
    indicators = report.figures["indicators"]
    names = regency_names(d["region"] for d in indicators["districts"])

    def row(figures: dict, name: str) -> dict:
        cells = {"region": name}
        for key in _INDICATOR_COLUMNS:
            cells[key] = (figures.get("trained_by_sex") or {}).get(key[-1]) if key.startswith("trained_") else (
                figures.get(key))
        return cells

    tables = [DashboardTable(
        key="indicators", title=_("Indicators per district"), columns=_indicator_columns(),
        rows=[*(row(d, names.get(d["region"], d["region"])) for d in indicators["districts"]),
              {**row(indicators["total"], _("Total")), "_total": True}],
        filters=about, computed_at=report.computed_at)]
    for frozen in report.figures.get("tables", {}).values():
        tables.append(DashboardTable(
            key="frozen", title=frozen["title"],
            columns=[Column(c["key"], c["label"], c["kind"]) for c in frozen["columns"]],
            rows=frozen["rows"], filters=about + [tuple(f) for f in frozen.get("filters", [])],
            computed_at=report.computed_at))
    return tables
