"""The dashboard tables: the contract between the figures and everything that shows them.

Every page renders `DashboardTable`s (templates/dashboards/partials/_table.html, with its chart),
and the Excel exports, the PDF report and the published figures read the same objects, so a
page and a file can never disagree. Each table is made by one function of this module taking
`(user, year, regency_codes, cycle=None)`:

- `user`: who looks. The functions scope through the selectors (`regency_codes_visible_to`,
  `scope_to_user`); views and exports never filter by district themselves. `regency_codes`
  narrows further (None: every district the user may see); a code the user may not see is
  dropped, never an error.
- `year`: the year of the program cycles counted (§12: a training belongs to its cycle's year).
- `cycle`: a ProgramCycle of that year, or None for all the year's cycles.

A table holds plain values only (no ORM objects), ready to write to a file:

- `columns`: what each row holds, in order; `kind` says how a cell is written: "text" (a str),
  "int" (persons, seats), "pct" (a Decimal with one decimal place, e.g. 387.6) or "rupiah"
  (an int). A numeric cell may be None (no value: written "–") or the string SMALL_CELL
  ("< 5": a count of 1–4 persons hidden from a viewer who may not see names, §privacy).
- `rows`: one dict per row, keyed by the columns' keys. Keys starting with "_" are not cells:
  "_links" {column key: URL of the named list behind that count, only when the viewer may see
  the names}, "_flag" (a short warning shown beside the row, e.g. a target over 200 %),
  "_total" (True on a totals row).
- `filters`: the filters the table was computed with, as (label, value) pairs of display
  text, to write above an exported table ("Tahun", "2025").
- `chart`: a hint for a chart of the table, or None.
- `computed_at`: when the figures were computed (they are computed on each request; an export
  writes this time so a reader knows how fresh the file is).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.functional import Promise

COLUMN_KINDS = ("text", "int", "pct", "rupiah")
CHART_TYPES = ("bar", "horizontalBar", "line", "doughnut")
# What a viewer without the right to see names is shown instead of a count of 1 to 4 persons.
SMALL_CELL = "< 5"
SMALL_CELL_MAX = 4


@dataclass(frozen=True)
class Column:
    key: str
    label: str | Promise
    kind: str = "text"

    def __post_init__(self):
        if self.kind not in COLUMN_KINDS:
            raise ValueError(f"unknown column kind: {self.kind!r}")


@dataclass(frozen=True)
class ChartHint:
    """A chart of the table: one bar/point per row, labelled by `label_column`, one series per
    key of `value_columns` (numeric columns of the table). Totals rows are left out."""

    type: str
    label_column: str
    value_columns: tuple[str, ...]

    def __post_init__(self):
        if self.type not in CHART_TYPES:
            raise ValueError(f"unknown chart type: {self.type!r}")


@dataclass
class DashboardTable:
    key: str
    title: str | Promise
    columns: list[Column]
    rows: list[dict]
    filters: list[tuple[str, str]] = field(default_factory=list)
    chart: ChartHint | None = None
    # A sentence under the title: what is counted (e.g. the numerator and denominator).
    note: str | Promise = ""
    computed_at: datetime = field(default_factory=timezone.now)

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    @property
    def body_rows(self) -> list[dict]:
        """The rows without the totals row."""
        return [row for row in self.rows if not row.get("_total")]

    def chart_data(self) -> dict | None:
        """The chart as plain JSON for Chart.js (static/dashboards/charts.js draws it); a
        suppressed or empty cell is drawn as no value."""
        if self.chart is None:
            return None

        def number(value):
            if isinstance(value, int | Decimal):
                return float(value)
            return None

        return {
            "type": self.chart.type,
            "labels": [str(row[self.chart.label_column]) for row in self.body_rows],
            "datasets": [
                {"label": str(self.column(key).label), "data": [number(row.get(key)) for row in self.body_rows]}
                for key in self.chart.value_columns
            ],
        }
