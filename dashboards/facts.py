"""The §12 person counts broken down by one attribute (kecamatan, sex, age band, package...),
and the persons behind any count (the drill-down), in one query each.

The conditions of each count are those of dashboards.indicators (the same `Indicator.applications
/ enrolments / imports` SQL over the same table aliases), so a breakdown's figures add up to the
indicators' own. A person counts once per district and attribute value, as in §12 (where a
person counts once per district and the total is the sum of the districts).

Where an attribute comes from:
- sex, age band: the person (age in whole years on 31 December of the year);
- kecamatan, desa: the desa code of the application (an enrolment: its application's; an
  imported training: its row's);
- education, school status, DTKS desil: the application (an imported training has none: its
  persons are counted under "not recorded");
- package, vocation, provider, provider kind: the batch of an enrolment, or the imported
  training's row (an application has none: applicants are not counted in those breakdowns).
"""

from dataclasses import dataclass

from django.db import connection

from .figures_cache import figures_cached
from .indicators import _COUNTED, INDICATORS_BY_KEY

STEPS = tuple(indicator.key for indicator in _COUNTED)
_BIT = {key: 1 << n for n, key in enumerate(STEPS)}

_FROM = {
    "applications": (
        "participants_application a JOIN participants_person p ON p.id = a.person_id "
        "LEFT JOIN verification_eligibilityresult r ON r.application_id = a.id "
        "WHERE a.cycle_id = ANY(%(cycles)s)",
        "a.regency_id",
    ),
    "enrolments": (
        "training_enrolment e JOIN training_batch b ON b.id = e.batch_id "
        "JOIN participants_application a ON a.id = e.application_id "
        "JOIN participants_person p ON p.id = a.person_id "
        "LEFT JOIN verification_eligibilityresult r ON r.application_id = a.id "
        "JOIN training_trainingpackage pk ON pk.id = b.package_id "
        "JOIN training_provider pr ON pr.id = b.provider_id "
        "WHERE b.cycle_id = ANY(%(cycles)s)",
        "a.regency_id",
    ),
    "imports": (
        "training_importedtraining t JOIN participants_person p ON p.id = t.person_id "
        "LEFT JOIN training_provider pr ON pr.id = t.provider_id "
        "WHERE t.cycle_id = ANY(%(cycles)s)",
        "t.regency_id",
    ),
}

_YEAR = "(SELECT c.year FROM programs_programcycle c WHERE c.id = %s.cycle_id)"
_AGE = "(%(year)s - extract(year FROM p.birth_date)::int)"
AGE_BANDS = (("<18", None, 17), ("18-24", 18, 24), ("25-34", 25, 34), ("35-44", 35, 44), ("45+", 45, None))


def _band_sql(low: int | None, high: int | None) -> str:
    if low is None:
        return f"<= {high}"
    return f">= {low}" if high is None else f"BETWEEN {low} AND {high}"


_AGE_BAND = "CASE " + " ".join(f"WHEN {_AGE} {_band_sql(low, high)} THEN '{label}'"
                               for label, low, high in AGE_BANDS) + " END"

# Each attribute: its SQL over (applications, enrolments, imports); None where a source lacks it
# (its rows are then left out of that breakdown, or counted under NULL = "not recorded" when
# `missing_counts`).
DIMENSIONS: dict[str, tuple[str | None, str | None, str | None, bool]] = {
    "district": ("a.regency_id", "a.regency_id", "t.regency_id", False),
    "year": (_YEAR % "a", _YEAR % "b", _YEAR % "t", False),
    "subdistrict": ("left(a.village_code, 8)", "left(a.village_code, 8)", "left(t.village_code, 8)", False),
    "village": ("a.village_code", "a.village_code", "t.village_code", False),
    "sex": ("p.sex", "p.sex", "p.sex", False),
    "age_band": (_AGE_BAND, _AGE_BAND, _AGE_BAND, False),
    "education": ("a.education", "a.education", None, True),
    "school_status": ("a.school_status", "a.school_status", None, True),
    "desil": ("r.desil::text", "r.desil::text", None, True),
    "package": (None, "pk.name", "t.vocation", False),
    "vocation": (None, "pk.vocation", "t.vocation", False),
    "provider": (None, "pr.name", "pr.name", False),
    "provider_kind": (None, "pr.kind", "pr.kind", False),
}


def _facts(dimension: str | None, with_districts: bool) -> str:
    selects = []
    for n, (source, (from_where, regency)) in enumerate(_FROM.items()):
        if dimension is None:
            dim = "NULL"
        else:
            expression, missing_counts = DIMENSIONS[dimension][n], DIMENSIONS[dimension][3]
            if expression is None and not missing_counts:
                continue
            dim = expression or "NULL"
        conditions = [(_BIT[key], getattr(INDICATORS_BY_KEY[key], source)) for key in STEPS]
        bits = " | ".join(f"CASE WHEN {sql} THEN {bit} ELSE 0 END" for bit, sql in conditions if sql)
        if not bits:
            continue
        districts = f" AND {regency} = ANY(%(districts)s)" if with_districts else ""
        selects.append(f"SELECT {regency} AS regency, {dim}::text AS dim, p.id AS person_id, {bits} AS bits "
                       f"FROM {from_where}{districts}")
    return (f"WITH facts AS ({' UNION ALL '.join(selects)}), "
            "persons AS (SELECT regency, dim, person_id, bit_or(bits) AS bits FROM facts "
            "GROUP BY regency, dim, person_id) ")


@figures_cached
def breakdown_counts(*, dimension: str, year: int, cycle_ids: list[int], regency_codes: list[str] | None,
                     by_district: bool = False) -> dict:
    """{value: {step: persons}} (or {(district, value): ...} with `by_district`) for the
    cycles and districts given (None: every district). One query."""
    if not cycle_ids or regency_codes == []:
        return {}
    counts = ", ".join(f"count(*) FILTER (WHERE bits & {bit} <> 0)" for bit in _BIT.values())
    group = "regency, dim" if by_district else "dim"
    sql = _facts(dimension, regency_codes is not None) + f"SELECT {group}, {counts} FROM persons GROUP BY {group}"
    with connection.cursor() as cursor:
        cursor.execute(sql, {"cycles": cycle_ids, "districts": regency_codes, "year": year})
        found = {}
        for row in cursor.fetchall():
            width = 2 if by_district else 1
            key = tuple(row[:2]) if by_district else row[0]
            found[key] = dict(zip(STEPS, row[width:], strict=True))
        return found


@dataclass(frozen=True)
class DrillDown:
    """Which persons a count is of: a step of the funnel, in the year (or one cycle), in the
    districts given, optionally where an attribute has a value (None: "not recorded")."""

    step: str
    year: int
    cycle_ids: tuple[int, ...]
    regency_codes: tuple[str, ...]
    dimension: str | None = None
    value: str | None = None


def drilldown_person_ids(drill: DrillDown) -> list[int]:
    """The ids of the persons counted, in one query."""
    if drill.step not in _BIT or not drill.cycle_ids or not drill.regency_codes:
        return []
    sql = _facts(drill.dimension, True) + f"SELECT DISTINCT person_id FROM persons WHERE bits & {_BIT[drill.step]} <> 0"
    params = {"cycles": list(drill.cycle_ids), "districts": list(drill.regency_codes), "year": drill.year}
    if drill.dimension is not None:
        if drill.value is None:
            sql += " AND dim IS NULL"
        else:
            sql += " AND dim = %(value)s"
            params["value"] = drill.value
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


@figures_cached
def outcome_counts(*, year: int, cycle_ids: list[int], regency_codes: list[str]) -> dict[str | None, int]:
    """{latest recorded outcome (None: none yet): persons} of the persons trained in the year
    (§12 `trained`) in the districts given."""
    from grants.monitoring.models import GraduateOutcome

    trained = drilldown_person_ids(DrillDown(step="trained", year=year, cycle_ids=tuple(cycle_ids),
                                             regency_codes=tuple(regency_codes)))
    outcomes = dict(GraduateOutcome.objects.filter(person_id__in=trained).values_list("person_id", "status"))
    found: dict[str | None, int] = {}
    for person_id in trained:
        status = outcomes.get(person_id)
        found[status] = found.get(status, 0) + 1
    return found


@figures_cached
def survival_sums(*, year: int, regency_codes: list[str] | None, today) -> dict[int, list[int]]:
    """{months: [businesses active at that visit, recipients that far along]} of the grants
    delivered in `year` in the districts given (None: every district), summed over schemes and
    cohorts (grants.monitoring.selectors.survival_table)."""
    from grants.monitoring.selectors import survival_table

    sums: dict[int, list[int]] = {}
    for row in survival_table(user=None, today=today, regency_codes=regency_codes):
        if row.cohort.year != year:
            continue
        for months, cell in row.cells.items():
            active, reached = sums.setdefault(months, [0, 0])
            sums[months] = [active + cell.active, reached + cell.reached]
    return sums
