"""The officials' indicators (§12, docs/dashboards.md), each defined once, here: `report_indicators`
and every dashboard page read them from this module, so a command and a page can never
disagree.

For year Y and each kabupaten/kota d, every count is of **distinct persons**: a person is one
NIK, counted by the NIK itself (a district keeps one record per NIK, and another district its own
record of the same NIK, docs/identifiers.md), so a person with two trainings in a year counts once.
Where things belong:

- an application to the kabupaten of the applicant's KTP address when applying
  (Application.regency); an enrolment to its application's; an imported training (§10) to its
  row's (ImportedTraining.regency). So a person who applied in two districts counts once in
  each, and twice in the total, which is the sum of the districts' figures;
- a training to the year of its program cycle (for an enrolment, the cycle of its batch).

The districts reported are those with an application, an enrolment, an imported training or a
target in year Y, ordered by code. `achievement_pct` is trained / target × 100 rounded down to
one decimal, in integer arithmetic (11,630 of 3,000 is 387.6, never capped at 100), or None
without a target.

The person counts come from one query: every application, enrolment and imported training of
the year becomes a row (district, person, one bit per indicator it counts for and one for the
person's sex); the rows are grouped per district and person, their bits OR-ed (so each person
is counted once per district), and the bits are counted per district. The targets are one more
query, the grant figures one function.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from grants.monitoring.selectors import grant_indicator_counts
from participants.models import Sex
from programs.models import DistrictTarget, ProgramCycle
from training.models import Enrolment, ImportedTraining
from training.rules import SEAT_DECISION, SEAT_STATUS
from verification.models import EligibilityStatus

from .figures_cache import figures_cached

SEXES = (Sex.MALE.value, Sex.FEMALE.value)


@dataclass(frozen=True)
class Indicator:
    """One figure of §12. `numerator` says what is counted (for a ratio, the top of the
    fraction) and `denominator` what it is divided by (None for a count), so that pages can
    name both ("11.630 dilatih / target 3.000 = 387,6 %")."""

    key: str
    label: Promise
    numerator: Promise
    denominator: Promise | None = None
    # "persons" (distinct persons), "persons_by_sex", "target", "percent" or "rupiah".
    kind: str = "persons"
    # For a person count: when a row of each source counts, as a SQL condition over the source's
    # columns (see _SOURCES); None where the source never counts.
    applications: str | None = None
    enrolments: str | None = None
    imports: str | None = None


def _q(value: str) -> str:
    """One of the portal's code values (a status, a result) as an SQL literal."""
    if not value.isidentifier():
        raise ValueError(f"not a code value: {value!r}")
    return f"'{value}'"


_NOT_WITHDRAWN = f"e.status <> {_q(Enrolment.Status.WITHDRAWN)}"

INDICATORS: tuple[Indicator, ...] = (
    Indicator(
        "applicants", _("Applicants"),
        _("persons who applied to a program cycle of the year"),
        applications="TRUE",
    ),
    Indicator(
        "eligible", _("Eligible"),
        _("persons with an application of the year counted as eligible: latest automatic status eligible and "
          "not rejected by staff, or approved by staff"),
        applications=f"r.decision = {_q(SEAT_DECISION)} OR (r.status = {_q(SEAT_STATUS)} AND r.decision IS NULL)",
    ),
    Indicator(
        "in_review", _("In review"),
        _("persons with an application of the year whose latest automatic status is review and that staff "
          "have not decided"),
        applications=f"r.status = {_q(EligibilityStatus.REVIEW)} AND r.decision IS NULL",
    ),
    Indicator(
        "enrolled", _("Enrolled"),
        _("persons who hold or held a seat in a batch of a cycle of the year (an enrolment not withdrawn)"),
        enrolments=_NOT_WITHDRAWN,
    ),
    Indicator(
        "participants", _("Participants"),
        _("persons who took part in a training of the year: an enrolment not withdrawn, or an imported "
          "training whose result is completed or not completed"),
        enrolments=_NOT_WITHDRAWN,
        imports="t.result IN ({})".format(", ".join(_q(r) for r in ImportedTraining.TOOK_PART)),
    ),
    Indicator(
        "trained", _("Trained"),
        _("persons who completed a training of the year: an enrolment marked completed, or an imported "
          "training whose result is completed (lulus)"),
        enrolments=f"e.status = {_q(Enrolment.Status.COMPLETED)}",
        imports=f"t.result = {_q(ImportedTraining.Result.COMPLETED)}",
    ),
    Indicator(
        "trained_by_sex", _("Trained by sex"),
        _("persons counted as trained, by their sex (L, P)"),
        kind="persons_by_sex",
    ),
    Indicator(
        "certified", _("Certified"),
        _("persons who hold a competency certificate from a training of the year (an enrolment's, or an "
          "imported certificate number)"),
        enrolments="e.certificate_number <> ''",
        imports="t.certificate_number <> ''",
    ),
    Indicator(
        "target", _("Target"),
        _("the district's target for the year: the residents it means to train (none when not set)"),
        kind="target",
    ),
    Indicator(
        "achievement_pct", _("Achievement"),
        _("persons trained"), _("the district's target"),
        kind="percent",
    ),
    Indicator(
        "granted", _("Granted"),
        _("persons who received a post-training grant dated in the year: cash handed over, equipment handed "
          "over, or a KUR credit approved"),
    ),
    Indicator(
        "grant_amount", _("Grant amount"),
        _("the rupiah of those grants, summed"),
        kind="rupiah",
    ),
    Indicator(
        "business_active", _("Business active"),
        _("persons who received a grant and whose latest monitoring visit found the business active or growing"),
    ),
)
INDICATOR_KEYS = tuple(indicator.key for indicator in INDICATORS)
INDICATORS_BY_KEY = {indicator.key: indicator for indicator in INDICATORS}

# The person counts computed by the query below (those with at least one source).
_COUNTED = tuple(i for i in INDICATORS if i.applications or i.enrolments or i.imports)

# Each source of the year's facts: its FROM clause (for the year's cycles, %(cycles)s), and its
# district, person (NIK) and sex columns (sex None where the source has no need of it).
_SOURCES = {
    "applications": (
        "participants_application a JOIN participants_person p ON p.id = a.person_id "
        "LEFT JOIN verification_eligibilityresult r ON r.application_id = a.id "
        "WHERE a.cycle_id = ANY(%(cycles)s)",
        "a.regency_id", "p.nik", None,
    ),
    "enrolments": (
        "training_enrolment e JOIN training_batch b ON b.id = e.batch_id "
        "JOIN participants_application a ON a.id = e.application_id "
        "JOIN participants_person p ON p.id = a.person_id "
        "WHERE b.cycle_id = ANY(%(cycles)s)",
        "a.regency_id", "p.nik", "p.sex",
    ),
    "imports": (
        "training_importedtraining t JOIN participants_person p ON p.id = t.person_id "
        "WHERE t.cycle_id = ANY(%(cycles)s)",
        "t.regency_id", "p.nik", "p.sex",
    ),
}
# Each fact row carries one bit per counted indicator, and one per sex; a person's bits are
# OR-ed together per district (one narrow integer per group keeps the grouping cheap).
_BIT = {indicator.key: 1 << n for n, indicator in enumerate(_COUNTED)}
_SEX_BIT = {sex: 1 << (len(_COUNTED) + n) for n, sex in enumerate(SEXES)}


def _facts_sql(*, with_districts: bool) -> str:
    selects = []
    for source, (from_where, regency, person, sex) in _SOURCES.items():
        bits = [f"CASE WHEN {getattr(i, source)} THEN {_BIT[i.key]} ELSE 0 END" for i in _COUNTED if getattr(i, source)]
        if sex:
            bits.append("CASE " + " ".join(f"WHEN {sex} = {_q(s)} THEN {bit}" for s, bit in _SEX_BIT.items())
                        + " ELSE 0 END")
        districts = f" AND {regency} = ANY(%(districts)s)" if with_districts else ""
        selects.append(f"SELECT {regency} AS regency, {person} AS nik, {' | '.join(bits)} AS bits "
                       f"FROM {from_where}{districts}")
    counts = ", ".join(f"count(*) FILTER (WHERE bits & {_BIT[i.key]} <> 0)" for i in _COUNTED)
    by_sex = ", ".join(f"count(*) FILTER (WHERE bits & {_BIT['trained'] | bit} = {_BIT['trained'] | bit})"
                       for bit in _SEX_BIT.values())
    return (
        f"WITH facts AS ({' UNION ALL '.join(selects)}), "
        "persons AS (SELECT regency, bit_or(bits) AS bits FROM facts GROUP BY regency, nik) "
        f"SELECT regency, {counts}, {by_sex} FROM persons GROUP BY regency ORDER BY regency"
    )


_FACTS_SQL = _facts_sql(with_districts=False)
_FACTS_SQL_DISTRICTS = _facts_sql(with_districts=True)


def achievement_pct(*, trained: int, target: int | None) -> Decimal | None:
    """trained / target × 100, rounded down to one decimal, in integer arithmetic (never a
    float, never capped); None without a target."""
    if not target:
        return None
    return Decimal(trained * 1000 // target).scaleb(-1)


@dataclass(frozen=True)
class GrantFigures:
    granted: int = 0
    grant_amount: int = 0
    business_active: int = 0


@figures_cached
def grant_figures(*, year: int, regency_codes: Iterable[str]) -> dict[str, GrantFigures]:
    """`granted`, `grant_amount` (rupiah) and `business_active` of §12, per district, for the
    districts given, from the grants app (grants.monitoring.selectors.grant_indicator_counts:
    persons with a grant delivered in `year`, its rupiah, and those whose latest visit found the
    business active or growing). The only place the indicators read grants from."""
    codes = list(regency_codes)
    counts = grant_indicator_counts(year=year, regency_codes=codes)
    return {code: GrantFigures(**counts[code]) if code in counts else GrantFigures() for code in codes}


@dataclass
class Figures:
    """The §12 figures of one district (`region` its code) or of the total (`region` None)."""

    region: str | None
    applicants: int = 0
    eligible: int = 0
    in_review: int = 0
    enrolled: int = 0
    participants: int = 0
    trained: int = 0
    trained_by_sex: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SEXES, 0))
    certified: int = 0
    target: int | None = None
    granted: int = 0
    grant_amount: int = 0
    business_active: int = 0

    @property
    def achievement_pct(self) -> Decimal | None:
        return achievement_pct(trained=self.trained, target=self.target)

    def as_dict(self) -> dict:
        """The §9 JSON object: "region" (districts only), then every key of §12 in its order.
        `achievement_pct` becomes a JSON number: a Decimal of one decimal place converts to the
        float whose shortest form is that same decimal."""
        data = {} if self.region is None else {"region": self.region}
        for key in INDICATOR_KEYS:
            value = getattr(self, key)
            if key == "achievement_pct" and value is not None:
                value = float(value)
            elif key == "trained_by_sex":
                value = dict(value)
            data[key] = value
        return data


@dataclass
class IndicatorReport:
    year: int
    districts: list[Figures]
    total: Figures

    def as_dict(self) -> dict:
        return {"year": self.year, "districts": [d.as_dict() for d in self.districts], "total": self.total.as_dict()}


def _total(districts: list[Figures]) -> Figures:
    """The sums of the districts' figures (a person in two districts counts twice); the target
    is the sum of the districts' targets, None when none has one; the achievement follows."""
    total = Figures(region=None)
    for d in districts:
        for key in ("applicants", "eligible", "in_review", "enrolled", "participants", "trained", "certified",
                    "granted", "grant_amount", "business_active"):
            setattr(total, key, getattr(total, key) + getattr(d, key))
        for sex in SEXES:
            total.trained_by_sex[sex] += d.trained_by_sex[sex]
        if d.target is not None:
            total.target = (total.target or 0) + d.target
    return total


@figures_cached
def indicators_compute(*, year: int, regency_codes: Iterable[str] | None = None) -> IndicatorReport:
    """The §12 figures of `year` for the districts in `regency_codes` (None: every district)
    that have an application, an enrolment, an imported training or a target that year, and
    their total. Four queries (the year's cycles, the person counts, the targets, the grant
    figures), whatever the number of districts; kept in the figures cache until the data change
    (dashboards.figures_cache), so a repeat costs one query."""
    codes = None if regency_codes is None else sorted(set(regency_codes))
    figures: dict[str, Figures] = {}
    cycles = list(ProgramCycle.objects.filter(year=year).values_list("pk", flat=True))
    if cycles and codes != []:
        with connection.cursor() as cursor:
            if codes is None:
                cursor.execute(_FACTS_SQL, {"cycles": cycles})
            else:
                cursor.execute(_FACTS_SQL_DISTRICTS, {"cycles": cycles, "districts": codes})
            for regency, *counts in cursor.fetchall():
                by_sex = counts[len(_COUNTED):]
                d = Figures(region=regency, trained_by_sex=dict(zip(SEXES, by_sex, strict=True)))
                for indicator, n in zip(_COUNTED, counts[:len(_COUNTED)], strict=True):
                    setattr(d, indicator.key, n)
                figures[regency] = d
    targets = DistrictTarget.objects.filter(year=year)
    if codes is not None:
        targets = targets.filter(regency_id__in=codes)
    for regency, target in targets.values_list("regency_id", "target"):
        figures.setdefault(regency, Figures(region=regency)).target = target
    for regency, grants in grant_figures(year=year, regency_codes=sorted(figures)).items():
        d = figures[regency]
        d.granted, d.grant_amount, d.business_active = grants.granted, grants.grant_amount, grants.business_active
    districts = [figures[code] for code in sorted(figures)]
    return IndicatorReport(year=year, districts=districts, total=_total(districts))


def indicators_visible_to(*, user, year: int, regency_codes: Iterable[str] | None = None) -> IndicatorReport:
    """The figures of the districts the user may see (narrowed to `regency_codes` if given)."""
    from accounts.selectors import regency_codes_visible_to

    visible = regency_codes_visible_to(user=user)
    if regency_codes is None:
        codes = visible
    else:
        codes = list(regency_codes) if visible is None else [c for c in regency_codes if c in set(visible)]
    return indicators_compute(year=year, regency_codes=codes)
