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
  ("< 5": a count of 1–4 persons hidden from a viewer who may not see names, §privacy) or
  COMPLEMENT_CELL ("x": a larger count of the same column hidden with it, so that the small one
  cannot be worked out from the column's total; `suppress_small`).
- `rows`: one dict per row, keyed by the columns' keys. Keys starting with "_" are not cells:
  "_links" {column key: URL of the named list behind that count, only when the viewer may see
  the names}, "_flag" (a short warning shown beside the row, e.g. a target over 200 %),
  "_total" (True on a totals row).
- `filters`: the filters the table was computed with, as (label, value) pairs of display
  text, to write above an exported table ("Tahun", "2025").
- `chart`: a hint for a chart of the table, or None.
- `computed_at`: when the oldest figures used so far in the request were computed (they may come
  from the figures cache, dashboards.figures_cache); an export writes this time so a reader
  knows how fresh the file is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.functional import Promise

from .figures_cache import current_freshness

COLUMN_KINDS = ("text", "int", "pct", "rupiah")
CHART_TYPES = ("bar", "horizontalBar", "line", "doughnut")
# What a viewer without the right to see names is shown instead of a count of 1 to 4 persons.
SMALL_CELL = "< 5"
SMALL_CELL_MAX = 4
# A count hidden only so that a "< 5" beside it cannot be worked out from the total (the
# statistical offices' "x": complementary suppression).
COMPLEMENT_CELL = "x"
HIDDEN_CELLS = (SMALL_CELL, COMPLEMENT_CELL)


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
    computed_at: datetime = field(default_factory=lambda: current_freshness().computed_at)

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    @property
    def has_flags(self) -> bool:
        return any(row.get("_flag") for row in self.rows)

    @property
    def chart_height(self) -> int:
        """The chart's height in rem: a horizontal bar chart grows with its rows."""
        if self.chart is not None and self.chart.type == "horizontalBar":
            return min(6 + 2 * len(self.body_rows), 30)
        return 18

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


# --- the tables ----------------------------------------------------------------------------------
# Each function takes (user, year, regency_codes, cycle=None) and returns a DashboardTable.

from django.urls import reverse  # noqa: E402
from django.utils import formats  # noqa: E402
from django.utils.http import urlencode  # noqa: E402
from django.utils.translation import gettext  # noqa: E402
from django.utils.translation import gettext_lazy as _  # noqa: E402

from . import facts  # noqa: E402

SUPPRESSION_NOTE = _("“< 5”: 1 to 4 persons; “x”: hidden so that a “< 5” cannot be worked out from the total.")
from .indicators import INDICATORS_BY_KEY, achievement_pct, grant_figures  # noqa: E402

FUNNEL_STEPS = ("applicants", "eligible", "in_review", "enrolled", "participants", "trained", "certified",
                "granted", "business_active")
# The step each one is a percentage of. "In review" is a side branch of the applicants (neither
# eligible nor not yet), so the enrolled are a share of the eligible, not of those in review.
FUNNEL_PREVIOUS = {"eligible": "applicants", "in_review": "applicants", "enrolled": "eligible",
                   "participants": "enrolled", "trained": "participants", "certified": "trained",
                   "granted": "trained", "business_active": "granted"}
# An achievement above this is shown with a warning: the target was probably set too low.
ACHIEVEMENT_WARNING_PCT = 200


def may_see_names(user) -> bool:
    """Whether the user may open the named list behind a count. Dinas staff (who register and
    verify applicants) and system administrators may; a read-only official or a BLK admin only
    with the capability dashboards.view_named_lists, given one by one."""
    if not user.is_authenticated or not user.is_active:
        return False
    return (user.is_system_admin or user.has_perm("accounts.verify_eligibility")
            or user.has_perm("accounts.register_applicants") or user.has_perm("dashboards.view_named_lists"))


def visible_codes(user, regency_codes=None) -> list[str] | None:
    """The districts a table covers: those the user may see, narrowed to `regency_codes` (a
    code the user may not see is dropped). None: every district (a system admin, not narrowed)."""
    from accounts.selectors import regency_codes_visible_to

    visible = regency_codes_visible_to(user=user)
    if regency_codes is None:
        return None if visible is None else sorted(visible)
    wanted = set(regency_codes)
    return sorted(wanted if visible is None else wanted & set(visible))


def _cycle_ids(year: int, cycle) -> list[int]:
    from programs.models import ProgramCycle

    if cycle is not None:
        return [cycle.pk] if cycle.year == year else []
    return list(ProgramCycle.objects.filter(year=year).values_list("pk", flat=True))


def _regency_names(codes) -> dict[str, str]:
    from regions.models import Regency

    queryset = Regency.objects.all() if codes is None else Regency.objects.filter(code__in=list(codes))
    return dict(queryset.values_list("code", "name"))


def _filters(year: int, cycle, codes, names=None) -> list[tuple[str, str]]:
    if codes is None:
        area = gettext("All districts")
    else:
        names = names if names is not None else _regency_names(codes)
        area = ", ".join(names.get(code, code) for code in codes) or gettext("None")
    cycle_text = cycle.code if cycle is not None else gettext("All cycles of the year")
    return [(gettext("Year"), str(year)), (gettext("Cycle"), cycle_text), (gettext("District"), area)]


def _number(value) -> str:
    return formats.number_format(value, force_grouping=True)


def _pct_text(value) -> str:
    return "–" if value is None else formats.number_format(value, decimal_pos=1) + " %"


def _ratio(numerator: int, denominator: int | None):
    """numerator / denominator × 100, rounded down to one decimal (as §12's achievement)."""
    return achievement_pct(trained=numerator, target=denominator)


def drilldown_url(*, step: str, year: int, cycle, codes, dimension: str | None = None, value=None,
                  none_value: bool = False, outcome: str | None = None, survival: tuple[int, bool] | None = None
                  ) -> str:
    params = [("step", step), ("year", year)]
    if outcome is not None:
        params.append(("outcome", outcome or "none"))
    if survival is not None:
        params += [("survival", survival[0]), ("active", "1" if survival[1] else "0")]
    if cycle is not None:
        params.append(("cycle", cycle.code))
    params += [("district", code) for code in (codes or [])]
    if dimension:
        params.append(("dim", dimension))
        params.append(("value", "" if none_value or value is None else value))
    return reverse("dashboards:people") + "?" + urlencode(params)


def suppress_small(rows: list[dict], keys, hide: bool) -> bool:
    """Hide, in place, the counts of 1–4 persons in the columns `keys` (SMALL_CELL) from a viewer
    who may not see names; where a column then hides a single count, also hide its next smallest
    count (COMPLEMENT_CELL), since the column's total (the funnel's figure) would give the small
    one away. Returns whether any count was hidden."""
    if not hide:
        return False
    hidden = False
    for key in keys:
        small = [row for row in rows if isinstance(row.get(key), int) and 0 < row[key] <= SMALL_CELL_MAX]
        others = sorted((row for row in rows if isinstance(row.get(key), int) and row[key] > SMALL_CELL_MAX),
                        key=lambda row: row[key])
        for row in small:
            row[key] = SMALL_CELL
        if len(small) == 1 and others:
            others[0][key] = COMPLEMENT_CELL
        hidden = hidden or bool(small)
    return hidden


def funnel_counts(user, year: int, regency_codes=None, cycle=None, *, by_district: bool = False) -> dict:
    """{step: persons} (with `by_district`: {district: {step: persons}}) of the funnel. The
    grant steps are of the year (a grant belongs to the year it was delivered), None with a cycle."""
    codes = visible_codes(user, regency_codes)
    counts = facts.breakdown_counts(dimension="district" if by_district else None, year=year,
                                    cycle_ids=_cycle_ids(year, cycle), regency_codes=codes)
    empty = dict.fromkeys(facts.STEPS, 0)
    if by_district:
        per = {district: dict(found) for district, found in counts.items()}
    else:
        per = {None: dict(next(iter(counts.values()), empty))}
    if cycle is None:
        grant_codes = codes if codes is not None else sorted(_regency_names(None))
        grants = grant_figures(year=year, regency_codes=grant_codes)
    for key, found in per.items():
        for step in facts.STEPS:
            found.setdefault(step, 0)
        if cycle is not None:
            found["granted"] = found["business_active"] = None
        else:
            chosen = [grants[key]] if key is not None else list(grants.values())
            if key is not None and key not in grants:
                chosen = []
            found["granted"] = sum(g.granted for g in chosen)
            found["business_active"] = sum(g.business_active for g in chosen)
    if by_district and cycle is None:
        for code, g in grants.items():
            if code not in per and (g.granted or g.business_active):
                per[code] = {**empty, "granted": g.granted, "business_active": g.business_active}
    return per if by_district else per[None]


def funnel_table(user, year: int, regency_codes=None, cycle=None) -> DashboardTable:
    """applicants → eligible → in review → enrolled → participants → trained → certified →
    granted → business active: persons, and each as a % of the step before."""
    codes = visible_codes(user, regency_codes)
    counts = funnel_counts(user, year, codes, cycle)
    names = may_see_names(user)
    rows = []
    for step in FUNNEL_STEPS:
        n, before = counts[step], FUNNEL_PREVIOUS.get(step)
        row = {"step": str(INDICATORS_BY_KEY[step].label), "persons": n,
               "of_step": str(INDICATORS_BY_KEY[before].label) if before else "",
               "pct_previous": None if before is None or n is None else _ratio(n, counts[before])}
        if names and n and step in facts.STEPS:
            row["_links"] = {"persons": drilldown_url(step=step, year=year, cycle=cycle, codes=codes)}
        elif names and n and step in ("granted", "business_active"):
            row["_links"] = {"persons": drilldown_url(step=step, year=year, cycle=None, codes=codes)}
        rows.append(row)
    note = _("Distinct persons (by NIK); each step as a percentage of the step before it.")
    if cycle is not None:
        note = _("Distinct persons (by NIK); each step as a percentage of the step before it. Grants belong "
                 "to the year they were delivered, not to a cycle: choose all cycles to see them.")
    return DashboardTable(
        key="funnel", title=_("Funnel"), note=note,
        columns=[Column("step", _("Step")), Column("persons", _("Persons"), "int"),
                 Column("pct_previous", _("Percent of the step before"), "pct"), Column("of_step", _("Step before"))],
        rows=rows, filters=_filters(year, cycle, codes),
        chart=ChartHint("horizontalBar", "step", ("persons",)),
    )


def funnel_by_district_table(user, year: int, regency_codes=None, cycle=None) -> DashboardTable:
    """The funnel of each district side by side (a province's districts, for comparison)."""
    codes = visible_codes(user, regency_codes)
    per = funnel_counts(user, year, codes, cycle, by_district=True)
    names = _regency_names(sorted(per))
    may = may_see_names(user)
    rows = []
    for code in sorted(per):
        row = {"district": names.get(code, code), **{step: per[code][step] for step in FUNNEL_STEPS}}
        if may:
            row["_links"] = {step: drilldown_url(step=step, year=year, cycle=cycle, codes=[code])
                             for step in FUNNEL_STEPS if step in facts.STEPS and per[code][step]}
        rows.append(row)
    return DashboardTable(
        key="funnel_districts", title=_("Funnel by district"),
        note=_("Distinct persons (by NIK) of each district, side by side."),
        columns=[Column("district", _("District")),
                 *[Column(step, INDICATORS_BY_KEY[step].label, "int") for step in FUNNEL_STEPS]],
        rows=rows, filters=_filters(year, cycle, codes),
        chart=ChartHint("bar", "district", ("applicants", "eligible", "enrolled", "trained")),
    )


def achievement_text(*, trained: int, target: int | None) -> str:
    """"11.630 dilatih / target 3.000 = 387,6 %": the numerator and denominator named."""
    if not target:
        return gettext("%(trained)s trained / no target") % {"trained": _number(trained)}
    return gettext("%(trained)s trained / target %(target)s = %(pct)s") % {
        "trained": _number(trained), "target": _number(target), "pct": _pct_text(achievement_pct(trained=trained,
                                                                                                 target=target))}


def _target_rows(user, year, codes):
    from .indicators import indicators_compute

    report = indicators_compute(year=year, regency_codes=codes)
    names = _regency_names([d.region for d in report.districts])
    may = may_see_names(user)
    rows = []
    for d in report.districts:
        pct = d.achievement_pct
        row = {"district": names.get(d.region, d.region), "trained": d.trained, "target": d.target,
               "achievement": pct, "calculation": achievement_text(trained=d.trained, target=d.target),
               "_region": d.region}
        if may and d.trained:
            row["_links"] = {"trained": drilldown_url(step="trained", year=year, cycle=None, codes=[d.region])}
        if pct is not None and pct > ACHIEVEMENT_WARNING_PCT:
            row["_flag"] = gettext("More than 200 percent: the target may have been set too low; check it.")
        rows.append(row)
    return report, rows


_TARGET_COLUMNS = [Column("district", _("District")), Column("trained", _("Trained"), "int"),
                   Column("target", _("Target"), "int"), Column("achievement", _("Achievement"), "pct"),
                   Column("calculation", _("Calculation"))]


def targets_table(user, year: int, regency_codes=None, cycle=None) -> DashboardTable:
    """Each district's persons trained against its target (§11, §12): the achievement with its
    numerator and denominator named; over 200 % flagged, never capped. Targets are yearly, so
    `cycle` is not used."""
    codes = visible_codes(user, regency_codes)
    report, rows = _target_rows(user, year, codes)
    total = report.total
    rows.append({"district": gettext("Total"), "trained": total.trained, "target": total.target,
                 "achievement": total.achievement_pct,
                 "calculation": achievement_text(trained=total.trained, target=total.target), "_total": True})
    return DashboardTable(
        key="targets", title=_("Targets and achievement"),
        note=_("Achievement = persons trained (an enrolment completed, or an imported training passed) / the "
               "district's target × 100, rounded down; never capped at 100 %."),
        columns=list(_TARGET_COLUMNS), rows=rows, filters=_filters(year, None, codes),
        chart=ChartHint("bar", "district", ("trained", "target")),
    )


def ranking_table(user, year: int, regency_codes=None, cycle=None) -> DashboardTable:
    """The districts ranked by achievement, highest first; those without a target last."""
    codes = visible_codes(user, regency_codes)
    _report, rows = _target_rows(user, year, codes)
    rows.sort(key=lambda r: (r["achievement"] is None, -(r["achievement"] or 0), r["_region"]))
    for rank, row in enumerate(rows, 1):
        row["rank"] = rank
    return DashboardTable(
        key="ranking", title=_("District ranking by achievement"),
        note=_("Sorted by achievement (persons trained / target), highest first; districts without a target last."),
        columns=[Column("rank", _("Rank"), "int"), *_TARGET_COLUMNS], rows=rows,
        filters=_filters(year, None, codes), chart=ChartHint("horizontalBar", "district", ("achievement",)),
    )


def quota_table(user, year: int, regency_codes=None, cycle=None) -> DashboardTable:
    """Per cycle of the year and district: the initial quota, the quota after reallocation,
    seats used and seats left, with the cycle's reallocation ledger linked."""
    from training.reallocation.selectors import cycles_with_visible_quotas, quota_overview_rows

    codes = visible_codes(user, regency_codes)
    cycles = list(cycles_with_visible_quotas(user=user).filter(year=year))
    if cycle is not None:
        cycles = [c for c in cycles if c.pk == cycle.pk]
    overview = quota_overview_rows(user=user, cycles=cycles)
    may = may_see_names(user)
    rows = []
    for c in cycles:
        ledger = reverse("training:quota-ledger", args=[c.code])
        for q in overview[c.pk]:
            if codes is not None and q.region not in codes:
                continue
            links = {"ledger": ledger}
            if may and q.seats_used:
                links["seats_used"] = drilldown_url(step="enrolled", year=year, cycle=c, codes=[q.region])
            rows.append({"cycle": c.code, "district": q.name, "initial": q.initial, "reallocated": q.reallocated,
                         "seats_used": q.seats_used, "seats_left": q.remaining, "ledger": gettext("Ledger"),
                         "_links": links})
    return DashboardTable(
        key="quota", title=_("Quota use"),
        note=_("Seats used are enrolments not withdrawn; seats left = the current quota (after reallocation, "
               "or the initial one) − seats used."),
        columns=[Column("cycle", _("Cycle")), Column("district", _("District")),
                 Column("initial", _("Initial quota"), "int"),
                 Column("reallocated", _("Quota after reallocation"), "int"),
                 Column("seats_used", _("Seats used"), "int"), Column("seats_left", _("Seats left"), "int"),
                 Column("ledger", _("Reallocation ledger"))],
        rows=rows, filters=_filters(year, cycle, codes),
        chart=ChartHint("bar", "district", ("seats_used", "seats_left")),
    )


_YEAR_STEPS = ("applicants", "eligible", "enrolled", "trained", "certified")


def years_table(user, year: int, regency_codes=None, cycle=None, *, span: int = 5) -> DashboardTable:
    """The funnel's main steps and the achievement over the last `span` years up to `year`."""
    from programs.models import DistrictTarget, ProgramCycle

    codes = visible_codes(user, regency_codes)
    years = list(range(year - span + 1, year + 1))
    cycle_ids = list(ProgramCycle.objects.filter(year__in=years).values_list("pk", flat=True))
    counts = facts.breakdown_counts(dimension="year", year=year, cycle_ids=cycle_ids, regency_codes=codes)
    targets = DistrictTarget.objects.filter(year__in=years)
    if codes is not None:
        targets = targets.filter(regency_id__in=codes)
    target_sums: dict[int, int] = {}
    for y, target in targets.values_list("year", "target"):
        target_sums[y] = target_sums.get(y, 0) + target
    may = may_see_names(user)
    rows = []
    for y in years:
        found = counts.get(str(y), dict.fromkeys(facts.STEPS, 0))
        target = target_sums.get(y)
        row = {"year": str(y), **{step: found[step] for step in _YEAR_STEPS},
               "target": target, "achievement": achievement_pct(trained=found["trained"], target=target)}
        if may:
            row["_links"] = {step: drilldown_url(step=step, year=y, cycle=None, codes=codes)
                             for step in _YEAR_STEPS if found[step]}
        rows.append(row)
    return DashboardTable(
        key="years", title=_("Comparison over years"),
        note=_("Distinct persons (by NIK) per year of the program cycles; achievement = trained / target."),
        columns=[Column("year", _("Year")),
                 *[Column(step, INDICATORS_BY_KEY[step].label, "int")
                   for step in ("applicants", "eligible", "enrolled", "trained", "certified")],
                 Column("target", _("Target"), "int"), Column("achievement", _("Achievement"), "pct")],
        rows=rows, filters=[(gettext("Years"), f"{years[0]}–{years[-1]}"), *_filters(year, None, codes)[2:]],
        chart=ChartHint("line", "year", ("applicants", "enrolled", "trained")),
    )


# The breakdowns: their title, and which steps they show (an applicant has no package or provider).
_APPLICANT_STEPS = ("applicants", "eligible", "in_review", "enrolled", "participants", "trained", "certified")
_TRAINING_STEPS = ("participants", "trained", "certified")
BREAKDOWNS = {
    "subdistrict": (_("By kecamatan"), _APPLICANT_STEPS),
    "village": (_("By desa/kelurahan"), _APPLICANT_STEPS),
    "sex": (_("By sex"), _APPLICANT_STEPS),
    "age_band": (_("By age band"), _APPLICANT_STEPS),
    "education": (_("By education"), _APPLICANT_STEPS),
    "school_status": (_("By school status"), _APPLICANT_STEPS),
    "desil": (_("By DTKS desil"), _APPLICANT_STEPS),
    "package": (_("By training package"), _TRAINING_STEPS),
    "vocation": (_("By vocation"), _TRAINING_STEPS),
    "provider": (_("By provider"), _TRAINING_STEPS),
    "provider_kind": (_("By provider kind"), _TRAINING_STEPS),
}


def _value_labels(dimension: str, values) -> dict:
    from participants.models import Education, SchoolStatus, Sex
    from regions.models import Subdistrict, Village
    from training.models import Provider

    values = [v for v in values if v is not None]
    if dimension == "subdistrict":
        return dict(Subdistrict.objects.filter(code__in=values).values_list("code", "name"))
    if dimension == "village":
        return {code: f"{name}, {sub}" for code, name, sub in
                Village.objects.filter(code__in=values).values_list("code", "name", "subdistrict__name")}
    choices = {"sex": Sex, "education": Education, "school_status": SchoolStatus, "provider_kind": Provider.Kind}
    if dimension in choices:
        return {value: str(label) for value, label in choices[dimension].choices}
    if dimension == "desil":
        return {v: gettext("Desil %(desil)s") % {"desil": v} for v in values}
    if dimension == "age_band":
        return {label: gettext("%(band)s years") % {"band": label} for label, _low, _high in facts.AGE_BANDS}
    return {v: v for v in values}


def _order(dimension: str, values: list) -> list:
    if dimension == "age_band":
        order = {label: n for n, (label, _low, _high) in enumerate(facts.AGE_BANDS)}
        return sorted(values, key=lambda v: (v is None, order.get(v, 99)))
    if dimension == "desil":
        return sorted(values, key=lambda v: (v is None, int(v) if v is not None else 0))
    return sorted(values, key=lambda v: (v is None, v or ""))


def breakdown_table(user, year: int, regency_codes=None, cycle=None, *, dimension: str) -> DashboardTable:
    """The persons of each funnel step by one attribute (BREAKDOWNS). Names, never bare codes.
    A viewer who may not see names sees counts of 1–4 as "< 5"."""
    title, steps = BREAKDOWNS[dimension]
    codes = visible_codes(user, regency_codes)
    counts = facts.breakdown_counts(dimension=dimension, year=year, cycle_ids=_cycle_ids(year, cycle),
                                    regency_codes=codes)
    labels = _value_labels(dimension, counts)
    may = may_see_names(user)
    rows = []
    for value in _order(dimension, list(counts)):
        found = counts[value]
        if not any(found[step] for step in steps):
            continue
        label = labels.get(value, value) if value is not None else gettext("Not recorded")
        row = {"value": label, **{step: found[step] for step in steps}}
        if may:
            row["_links"] = {step: drilldown_url(step=step, year=year, cycle=cycle, codes=codes, dimension=dimension,
                                                 value=value, none_value=value is None)
                             for step in steps if found[step]}
        rows.append(row)
    note = _("Distinct persons (by NIK) per value; a person counts once per district and value.")
    if suppress_small(rows, steps, not may):
        note = f"{note} {SUPPRESSION_NOTE}"
    return DashboardTable(
        key=f"breakdown_{dimension}", title=title, note=note,
        columns=[Column("value", title), *[Column(step, INDICATORS_BY_KEY[step].label, "int") for step in steps]],
        rows=rows, filters=_filters(year, cycle, codes),
        chart=ChartHint("bar", "value", (steps[0], "trained")),
    )


def grants_table(user, year: int, regency_codes=None, cycle=None) -> DashboardTable:
    """Each grant scheme of the year's cycles: its budget ceiling, committed (approved, not yet
    paid or handed over), disbursed (paid, handed over, credit approved) and what remains."""
    from grants.schemes.selectors import scheme_ledgers, scheme_list_visible_to

    codes = visible_codes(user, regency_codes)
    schemes = scheme_list_visible_to(user=user).filter(cycle__year=year)
    if cycle is not None:
        schemes = schemes.filter(cycle=cycle)
    if codes is not None:
        schemes = schemes.filter(regency_id__in=codes)
    schemes = list(schemes)
    ledgers = scheme_ledgers(schemes=schemes)
    rows = []
    totals = {"budget": 0, "committed": 0, "disbursed": 0, "remaining": 0}
    for scheme in schemes:
        ledger = ledgers[scheme.pk]
        row = {"scheme": scheme.name, "kind": scheme.get_kind_display(), "district": scheme.regency.name,
               "budget": ledger.ceiling, "committed": ledger.committed, "disbursed": ledger.disbursed,
               "remaining": ledger.remaining}
        if may_see_names(user):  # the scheme's page lists its proposals and grants, by name
            row["_links"] = {"scheme": reverse("grants:scheme-detail", args=[scheme.pk])}
        for key in totals:
            totals[key] += row[key] or 0
        rows.append(row)
    if rows:
        rows.append({"scheme": gettext("Total"), "kind": "", "district": "", **totals, "_total": True})
    return DashboardTable(
        key="grants", title=_("Grants: budget and spending"),
        note=_("Remaining = budget ceiling − committed − disbursed. A KUR referral has no ceiling: the bank lends."),
        columns=[Column("scheme", _("Scheme")), Column("kind", _("Kind")), Column("district", _("District")),
                 Column("budget", _("Budget ceiling"), "rupiah"), Column("committed", _("Committed"), "rupiah"),
                 Column("disbursed", _("Disbursed"), "rupiah"), Column("remaining", _("Remaining"), "rupiah")],
        rows=rows, filters=_filters(year, cycle, codes),
        chart=ChartHint("bar", "scheme", ("committed", "disbursed", "remaining")),
    )


def outcomes_table(user, year: int, regency_codes=None, cycle=None) -> DashboardTable:
    """What the persons trained in the year do now (their latest recorded outcome): employed,
    self-employed, not working, studying, or not yet recorded."""
    from grants.monitoring.models import GraduateOutcome

    codes = visible_codes(user, regency_codes)
    all_codes = codes if codes is not None else sorted(_regency_names(None))
    found = facts.outcome_counts(year=year, cycle_ids=_cycle_ids(year, cycle), regency_codes=all_codes)
    may = may_see_names(user)
    rows = []
    for value, label in [*GraduateOutcome.Status.choices, (None, gettext("Not recorded yet"))]:
        row = {"outcome": str(label), "persons": found.get(value, 0)}
        if may and row["persons"]:
            row["_links"] = {"persons": drilldown_url(step="trained", year=year, cycle=cycle, codes=codes,
                                                      outcome=value or "")}
        rows.append(row)
    note = _("Persons trained in the year, by the outcome last recorded for them.")
    if suppress_small(rows, ("persons",), not may):
        note = f"{note} {SUPPRESSION_NOTE}"
    return DashboardTable(
        key="outcomes", title=_("Outcomes of the persons trained"), note=note,
        columns=[Column("outcome", _("Outcome")), Column("persons", _("Persons"), "int")],
        rows=rows, filters=_filters(year, cycle, codes), chart=ChartHint("doughnut", "outcome", ("persons",)),
    )


def survival_table(user, year: int, regency_codes=None, cycle=None, *, today=None) -> DashboardTable:
    """Businesses still active 3, 6 and 12 months after the grants delivered in the year:
    found active or growing at that visit / recipients whose handover was that long ago."""
    codes = visible_codes(user, regency_codes)
    today = today or timezone.localdate()
    sums = facts.survival_sums(year=year, regency_codes=codes, today=today)
    rows = []
    may = may_see_names(user)
    for months in sorted(set(sums) | {3, 6, 12}):
        active, reached = sums.get(months, [0, 0])
        row = {"months": gettext("%(months)s months") % {"months": months}, "active": active, "reached": reached,
               "pct": _ratio(active, reached)}
        if may:
            row["_links"] = {key: drilldown_url(step="granted", year=year, cycle=None, codes=codes,
                                                survival=(months, key == "active"))
                             for key in ("active", "reached") if row[key]}
        rows.append(row)
    return DashboardTable(
        key="survival", title=_("Business survival"),
        note=_("Businesses found active or growing at the visit / recipients whose handover was at least that "
               "many months ago (an unvisited recipient counts below the line only)."),
        columns=[Column("months", _("After")), Column("active", _("Active or growing"), "int"),
                 Column("reached", _("Recipients that far along"), "int"), Column("pct", _("Survival"), "pct")],
        rows=rows, filters=_filters(year, None, codes), chart=ChartHint("line", "months", ("pct",)),
    )


# --- the home pages' tables: what each role needs first --------------------------------------------

HOME_LIMIT = 10


def _date(value) -> str:
    return formats.date_format(timezone.localtime(value) if isinstance(value, datetime) else value,
                               "SHORT_DATE_FORMAT")


def _datetime(value) -> str:
    return formats.date_format(timezone.localtime(value), "SHORT_DATETIME_FORMAT")


def week_bounds(today) -> tuple:
    """Monday and Sunday of the week of `today`."""
    from datetime import timedelta

    monday = today - timedelta(days=today.weekday())
    return monday, monday + timedelta(days=6)


def review_backlog_table(user, year: int, regency_codes=None, cycle=None) -> DashboardTable:
    """Applications waiting for staff: automatic status REVIEW and not decided, or flagged to be
    looked at again; oldest first (the first HOME_LIMIT; the note gives how many in all)."""
    from django.db.models import Q

    from participants.selectors import application_list_visible_to
    from verification.models import EligibilityStatus

    codes = visible_codes(user, regency_codes)
    waiting = application_list_visible_to(user=user).filter(
        Q(eligibility__status=EligibilityStatus.REVIEW, eligibility__decision__isnull=True)
        | Q(eligibility__needs_recheck=True), cycle__year=year)
    if cycle is not None:
        waiting = waiting.filter(cycle=cycle)
    if codes is not None:
        waiting = waiting.filter(regency_id__in=codes)
    total = waiting.count()
    rows = []
    for application in waiting.select_related("person", "cycle", "regency", "eligibility").order_by(
            "created_at", "pk")[:HOME_LIMIT]:
        rows.append({
            "registered": _date(application.created_at), "applicant": application.person.name,
            "cycle": application.cycle.code, "district": application.regency.name,
            "why": gettext("Needs another look") if application.eligibility.needs_recheck else gettext("Review"),
            "_links": {"applicant": reverse("verification:application-detail", args=[application.pk])},
        })
    return DashboardTable(
        key="review_backlog", title=_("Review backlog"),
        note=gettext("%(count)s applications wait for a decision; the oldest first.") % {"count": _number(total)},
        columns=[Column("registered", _("Registered")), Column("applicant", _("Applicant")),
                 Column("cycle", _("Cycle")), Column("district", _("District")), Column("why", _("Waiting for"))],
        rows=rows, filters=_filters(year, cycle, codes),
    )


def jobs_table(user, year: int, regency_codes=None, cycle=None) -> DashboardTable:
    """Background jobs the user may follow that are running, queued, or failed (newest first)."""
    from core.models import Job
    from core.selectors import job_list_visible_to

    jobs = job_list_visible_to(user=user).filter(
        status__in=[Job.Status.QUEUED, Job.Status.RUNNING, Job.Status.FAILED]).order_by("-created_at", "-pk")
    rows = [{"kind": job.get_kind_display(), "status": job.get_status_display(), "started": _datetime(job.created_at),
             "message": job.message, "_links": {"kind": reverse("core:job-detail", args=[job.pk])}}
            for job in jobs[:HOME_LIMIT]]
    return DashboardTable(
        key="jobs", title=_("Running and failed jobs"),
        columns=[Column("kind", _("Job")), Column("status", _("Status")), Column("started", _("Started")),
                 Column("message", _("Message"))],
        rows=rows, filters=[],
    )


def applications_week_table(user, year: int, regency_codes=None, cycle=None, *, today=None) -> DashboardTable:
    """Applications registered each day of this week, per district."""
    from datetime import timedelta

    from django.db.models import Count
    from django.db.models.functions import TruncDate

    from participants.selectors import application_list_visible_to

    codes = visible_codes(user, regency_codes)
    today = today or timezone.localdate()
    monday, sunday = week_bounds(today)
    applications = application_list_visible_to(user=user).filter(
        created_at__date__gte=monday, created_at__date__lte=sunday)
    if codes is not None:
        applications = applications.filter(regency_id__in=codes)
    counts = {(row["day"], row["regency_id"]): row["n"] for row in applications.order_by().annotate(
        day=TruncDate("created_at")).values("day", "regency_id").annotate(n=Count("pk"))}
    districts = sorted({code for _day, code in counts})
    names = _regency_names(districts)
    rows = []
    for offset in range(7):
        day = monday + timedelta(days=offset)
        row = {"day": formats.date_format(day, "D, j M"), **{code: counts.get((day, code), 0) for code in districts}}
        row["total"] = sum(row[code] for code in districts)
        rows.append(row)
    return DashboardTable(
        key="applications_week", title=_("Applications this week"),
        note=gettext("%(count)s applications registered since Monday.") % {"count": _number(sum(counts.values()))},
        columns=[Column("day", _("Day")), *[Column(code, names.get(code, code), "int") for code in districts],
                 Column("total", _("Total"), "int")],
        rows=rows, filters=[(gettext("Week"), f"{_date(monday)} – {_date(sunday)}")],
        chart=ChartHint("bar", "day", ("total",)),
    )


def sessions_week_table(user, year: int, regency_codes=None, cycle=None, *, today=None) -> DashboardTable:
    """The sessions of the user's batches this week, in time order."""
    from training.courses.selectors import batch_queryset_visible_to
    from training.models import BatchSession

    today = today or timezone.localdate()
    monday, sunday = week_bounds(today)
    sessions = BatchSession.objects.filter(
        batch__in=batch_queryset_visible_to(user=user), starts_at__date__gte=monday, starts_at__date__lte=sunday,
    ).select_related("batch", "workshop").order_by("starts_at", "pk")
    rows = [{"when": _datetime(s.starts_at), "batch": s.batch.name, "workshop": s.workshop.name,
             "_links": {"batch": reverse("training:batch-detail", args=[s.batch_id])}} for s in sessions]
    return DashboardTable(
        key="sessions_week", title=_("This week's sessions"),
        columns=[Column("when", _("Starts")), Column("batch", _("Batch")), Column("workshop", _("Workshop"))],
        rows=rows, filters=[(gettext("Week"), f"{_date(monday)} – {_date(sunday)}")],
    )


def free_seats_table(user, year: int, regency_codes=None, cycle=None, *, today=None) -> DashboardTable:
    """Batches of the year not yet ended that still have free seats."""
    from training.courses.selectors import batch_list_visible_to

    today = today or timezone.localdate()
    batches = batch_list_visible_to(user=user, cycle_id=cycle.pk if cycle else None).filter(
        cycle__year=year, end_date__gte=today).order_by("start_date", "name", "pk")
    rows = []
    for batch in batches:
        free = batch.capacity - batch.seats_used
        if free > 0:
            rows.append({"batch": batch.name, "starts": _date(batch.start_date), "capacity": batch.capacity,
                         "used": batch.seats_used, "free": free,
                         "_links": {"batch": reverse("training:batch-detail", args=[batch.pk])}})
    return DashboardTable(
        key="free_seats", title=_("Batches with free seats"),
        columns=[Column("batch", _("Batch")), Column("starts", _("Starts")), Column("capacity", _("Capacity"), "int"),
                 Column("used", _("Seats used"), "int"), Column("free", _("Free seats"), "int")],
        rows=rows, filters=_filters(year, cycle, None)[:2],
        chart=ChartHint("horizontalBar", "batch", ("used", "free")),
    )


def attendance_missing_table(user, year: int, regency_codes=None, cycle=None, *, now=None) -> DashboardTable:
    """Sessions already held whose attendance is not recorded for every participant."""
    from django.db.models import Count, F, OuterRef, Q, Subquery
    from django.db.models.functions import Coalesce

    from training.courses.selectors import batch_queryset_visible_to
    from training.models import BatchSession, Enrolment

    now = now or timezone.now()
    participants = (Enrolment.objects.filter(batch_id=OuterRef("batch_id"), status__in=Enrolment.SEAT_HOLDING)
                    .order_by().values("batch_id").annotate(n=Count("pk")).values("n"))
    sessions = (
        BatchSession.objects.filter(batch__in=batch_queryset_visible_to(user=user), batch__cycle__year=year,
                                    ends_at__lt=now)
        .annotate(participants=Coalesce(Subquery(participants), 0),
                  marked=Count("attendance", filter=Q(attendance__enrolment__status__in=Enrolment.SEAT_HOLDING)))
        .filter(marked__lt=F("participants")).select_related("batch").order_by("starts_at", "pk")
    )
    rows = [{"when": _datetime(s.starts_at), "batch": s.batch.name, "missing": s.participants - s.marked,
             "_links": {"batch": reverse("training:attendance", args=[s.batch_id, s.pk])}}
            for s in sessions[:HOME_LIMIT * 5]]
    return DashboardTable(
        key="attendance_missing", title=_("Attendance not yet recorded"),
        columns=[Column("when", _("Session")), Column("batch", _("Batch")),
                 Column("missing", _("Participants without a mark"), "int")],
        rows=rows, filters=_filters(year, cycle, None)[:1],
    )


def results_missing_table(user, year: int, regency_codes=None, cycle=None, *, today=None) -> DashboardTable:
    """Batches that have ended with participants whose result is not recorded yet."""
    from django.db.models import Count, Q

    from training.courses.selectors import batch_queryset_visible_to
    from training.models import Enrolment

    today = today or timezone.localdate()
    batches = (batch_queryset_visible_to(user=user).filter(cycle__year=year, end_date__lt=today)
               .annotate(open=Count("enrolments", filter=Q(enrolments__status=Enrolment.Status.ENROLLED)))
               .filter(open__gt=0).order_by("end_date", "name", "pk"))
    rows = [{"batch": b.name, "ended": _date(b.end_date), "open": b.open,
             "_links": {"batch": reverse("training:results", args=[b.pk])}} for b in batches]
    return DashboardTable(
        key="results_missing", title=_("Results missing"),
        columns=[Column("batch", _("Batch")), Column("ended", _("Ended")),
                 Column("open", _("Participants without a result"), "int")],
        rows=rows, filters=_filters(year, cycle, None)[:1],
    )
