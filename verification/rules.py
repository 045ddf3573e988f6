"""Eligibility rules of §6, docs/eligibility.md, as pure functions over plain values.

Each rule is written once, as a small function returning the codes it raises. `evaluate`
calls them in the batch loop (100,000 applications in about a second, so no allocation
beyond a few small tuples per call); `explain` calls `evaluate` for the single-application
page, so the page and the batch can never disagree.

No ORM, no I/O, no date.today(): the caller loads the facts and resolves the dates.
"""

from dataclasses import dataclass
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from core.identifiers import InvalidValue, clean_region_code, nik_birth_disagrees, nik_birth_parts
from programs.values import EDUCATION_RANK

ELIGIBLE = "ELIGIBLE"
INELIGIBLE = "INELIGIBLE"
REVIEW = "REVIEW"

# In the order of the §6 tables; `explain` shows the criteria in this order.
REASONS = (
    "AGE_BELOW_MIN",
    "AGE_ABOVE_MAX",
    "SCHOOL_STATUS",
    "EDUCATION_BELOW_MIN",
    "OUTSIDE_REGION",
    "NOT_IN_DTKS",
    "DESIL_ABOVE_MAX",
)
FLAGS = ("NIK_DOB_MISMATCH", "DTKS_HOUSEHOLD_ONLY", "DTKS_DOB_MISMATCH", "DESIL_UNKNOWN")
_FLAG_SET = frozenset(FLAGS)

# The rule functions return these shared tuples, so the hot loop allocates nothing for a pass.
_NONE: tuple[str, ...] = ()
_AGE_BELOW_MIN = ("AGE_BELOW_MIN",)
_AGE_ABOVE_MAX = ("AGE_ABOVE_MAX",)
_SCHOOL_STATUS = ("SCHOOL_STATUS",)
_EDUCATION_BELOW_MIN = ("EDUCATION_BELOW_MIN",)
_OUTSIDE_REGION = ("OUTSIDE_REGION",)
_NOT_IN_DTKS = ("NOT_IN_DTKS",)
_DESIL_ABOVE_MAX = ("DESIL_ABOVE_MAX",)
_NIK_DOB_MISMATCH = ("NIK_DOB_MISMATCH",)
_DTKS_HOUSEHOLD_ONLY = ("DTKS_HOUSEHOLD_ONLY",)
_DTKS_DOB_MISMATCH = ("DTKS_DOB_MISMATCH",)
_DESIL_UNKNOWN = ("DESIL_UNKNOWN",)
_DESIL_UNKNOWN_AND_DTKS_DOB_MISMATCH = ("DESIL_UNKNOWN", "DTKS_DOB_MISMATCH")


@dataclass(frozen=True, slots=True)
class CycleRules:
    """A program cycle's rules (§2), with "no such rule" as None, False or an empty set."""

    min_age: int | None
    max_age: int | None
    reference_date: date
    school_status: frozenset[str]
    min_education: str | None
    require_dtks: bool
    max_desil: int | None
    regions: frozenset[str]

    @classmethod
    def from_cycle_rules(cls, rules: dict | None, *, registration_closes: date) -> "CycleRules":
        """Build from the §2 `rules` object. Every key may be missing, null or an empty list,
        all meaning "no such rule"; the age reference date defaults to registration_closes."""
        rules = rules or {}
        reference_date = rules.get("age_reference_date") or registration_closes
        if isinstance(reference_date, str):
            reference_date = date.fromisoformat(reference_date)
        min_education = rules.get("min_education") or None
        if min_education is not None:
            min_education = min_education.strip().lower()
            if min_education not in EDUCATION_RANK:
                raise ValueError(f"unknown min_education {min_education!r}")
        return cls(
            min_age=_int_or_none(rules.get("min_age")),
            max_age=_int_or_none(rules.get("max_age")),
            reference_date=reference_date,
            school_status=frozenset(s.strip().lower() for s in rules.get("school_status") or ()),
            min_education=min_education,
            require_dtks=bool(rules.get("require_dtks")),
            max_desil=_int_or_none(rules.get("max_desil")),
            regions=frozenset(_dotted_regency(code) for code in rules.get("regions") or ()),
        )


def _int_or_none(value) -> int | None:
    return None if value is None or value == "" else int(value)


def _dotted_regency(code: str) -> str:
    # §2 allows kabupaten codes dotted or not; facts carry them dotted ("64.01"). A code that
    # is neither (stored rules are normalised, so only by hand) is kept as it is: it matches no one.
    code = str(code).strip()
    try:
        return clean_region_code(code, level="regency")
    except InvalidValue:
        return code


@dataclass(frozen=True, slots=True)
class ApplicantFacts:
    """What the rules need to know about one application, loaded by the caller."""

    nik: str
    birth_date: date
    sex: str  # "L" / "P"
    school_status: str
    education: str
    regency_code: str  # kabupaten of the KTP address, "64.01" (not the NIK prefix)
    dtks_nik_match: bool
    dtks_kk_match: bool
    dtks_birth_date: date | None
    dtks_desil: int | None


@dataclass(frozen=True, slots=True)
class Criterion:
    """One line of the application page's eligibility table."""

    code: str
    label: str
    value: str
    rule: str
    applies: bool
    passed: bool
    severity: str  # "reason" or "flag"
    source: str


# --- the rules, each written once ------------------------------------------------------------


def age_on(birth_date: date, ref: date) -> int:
    """Age in completed years on `ref` (§6). The birthday itself counts as the new age; someone
    born on 29 February compares (2, 29) with (2, 28) and so turns a year older on 1 March of a
    common year."""
    return ref.year - birth_date.year - ((ref.month, ref.day) < (birth_date.month, birth_date.day))


def age_reasons(
    *, birth_date: date, ref: date, min_age: int | None, max_age: int | None
) -> tuple[str, ...]:
    if min_age is None and max_age is None:
        return _NONE
    age = age_on(birth_date, ref)
    if min_age is not None and age < min_age:
        if max_age is not None and age > max_age:  # only when min_age > max_age
            return _AGE_ABOVE_MAX + _AGE_BELOW_MIN
        return _AGE_BELOW_MIN
    if max_age is not None and age > max_age:
        return _AGE_ABOVE_MAX
    return _NONE


def school_status_reasons(*, school_status: str, allowed: frozenset[str]) -> tuple[str, ...]:
    if allowed and school_status not in allowed:
        return _SCHOOL_STATUS
    return _NONE


def education_reasons(*, education: str, min_education: str | None) -> tuple[str, ...]:
    # An education the ranks do not know cannot be shown to meet the minimum.
    if (
        min_education is not None
        and EDUCATION_RANK.get(education, -1) < EDUCATION_RANK[min_education]
    ):
        return _EDUCATION_BELOW_MIN
    return _NONE


def region_reasons(*, regency_code: str, regions: frozenset[str]) -> tuple[str, ...]:
    if regions and regency_code not in regions:
        return _OUTSIDE_REGION
    return _NONE


def dtks_reasons(
    *, require_dtks: bool, max_desil: int | None, nik_match: bool, kk_match: bool, desil: int | None
) -> tuple[str, ...]:
    """NOT_IN_DTKS and DESIL_ABOVE_MAX. The desil rules look only at the NIK-matched row: a
    household-only match skips them, and staff judge the household."""
    if not require_dtks:
        return _NONE
    if nik_match:
        if max_desil is not None and desil is not None and desil > max_desil:
            return _DESIL_ABOVE_MAX
        return _NONE
    if kk_match:
        return _NONE
    return _NOT_IN_DTKS


def dtks_flags(
    *,
    require_dtks: bool,
    max_desil: int | None,
    nik_match: bool,
    kk_match: bool,
    birth_date: date,
    dtks_birth_date: date | None,
    desil: int | None,
) -> tuple[str, ...]:
    """DTKS_HOUSEHOLD_ONLY, DTKS_DOB_MISMATCH and DESIL_UNKNOWN."""
    if not require_dtks:
        return _NONE
    if not nik_match:
        return _DTKS_HOUSEHOLD_ONLY if kk_match else _NONE
    dob_mismatch = dtks_birth_date is not None and dtks_birth_date != birth_date
    if max_desil is not None and desil is None:
        return _DESIL_UNKNOWN_AND_DTKS_DOB_MISMATCH if dob_mismatch else _DESIL_UNKNOWN
    return _DTKS_DOB_MISMATCH if dob_mismatch else _NONE


def nik_birth_date_flags(*, nik: str, birth_date: date, sex: str) -> tuple[str, ...]:
    """NIK_DOB_MISMATCH: the NIK's DDMMYY carries the birth date, with 40 added to the day for
    women (§1); a NIK that is not 16 digits agrees with none. Checked whatever the cycle's rules."""
    date_differs, sex_differs = nik_birth_disagrees(nik, birth_date=birth_date, sex=sex)
    return _NIK_DOB_MISMATCH if date_differs or sex_differs else _NONE


def evaluate(
    facts: ApplicantFacts, rules: CycleRules
) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """(status, reasons, flags) of §6, codes in alphabetical order. Every rule is checked, so
    staff see all problems at once."""
    birth_date = facts.birth_date
    require_dtks = rules.require_dtks
    reasons = (
        age_reasons(
            birth_date=birth_date,
            ref=rules.reference_date,
            min_age=rules.min_age,
            max_age=rules.max_age,
        )
        + school_status_reasons(school_status=facts.school_status, allowed=rules.school_status)
        + education_reasons(education=facts.education, min_education=rules.min_education)
        + region_reasons(regency_code=facts.regency_code, regions=rules.regions)
    )
    flags = nik_birth_date_flags(nik=facts.nik, birth_date=birth_date, sex=facts.sex)
    if require_dtks:
        reasons += dtks_reasons(
            require_dtks=require_dtks,
            max_desil=rules.max_desil,
            nik_match=facts.dtks_nik_match,
            kk_match=facts.dtks_kk_match,
            desil=facts.dtks_desil,
        )
        flags = (
            dtks_flags(
                require_dtks=require_dtks,
                max_desil=rules.max_desil,
                nik_match=facts.dtks_nik_match,
                kk_match=facts.dtks_kk_match,
                birth_date=birth_date,
                dtks_birth_date=facts.dtks_birth_date,
                desil=facts.dtks_desil,
            )
            + flags
        )
    if len(reasons) > 1:
        reasons = tuple(sorted(reasons))
    if len(flags) > 1:
        flags = tuple(sorted(flags))
    if reasons:
        return INELIGIBLE, reasons, flags
    if flags:
        return REVIEW, reasons, flags
    return ELIGIBLE, reasons, flags


# --- the explanation for the application page -------------------------------------------------

_LABELS = {
    "AGE_BELOW_MIN": _("Minimum age"),
    "AGE_ABOVE_MAX": _("Maximum age"),
    "SCHOOL_STATUS": _("School status"),
    "EDUCATION_BELOW_MIN": _("Minimum education"),
    "OUTSIDE_REGION": _("District of the KTP address"),
    "NOT_IN_DTKS": _("Registered in DTKS"),
    "DESIL_ABOVE_MAX": _("DTKS welfare decile (desil)"),
    "NIK_DOB_MISMATCH": _("NIK agrees with birth date and sex"),
    "DTKS_HOUSEHOLD_ONLY": _("DTKS match on the person, not only the household"),
    "DTKS_DOB_MISMATCH": _("Birth date in DTKS"),
    "DESIL_UNKNOWN": _("DTKS desil filled in"),
}
_SEX = {"L": _("male"), "P": _("female")}

_AGE_VALUE = _("%(age)s years on %(date)s")
_AT_LEAST_YEARS = _("at least %(min_age)s years")
_AT_MOST_YEARS = _("at most %(max_age)s years")
_ONE_OF = _("one of %(values)s")
_AT_LEAST_EDUCATION = _("%(education)s or higher")
_NIK_OR_KK_IN_SNAPSHOT = _("NIK or No. KK in the snapshot")
_NIK_IN_SNAPSHOT = _("NIK in the snapshot")
_AT_MOST_DESIL = _("desil at most %(max_desil)s")
_DESIL_FILLED_IN = _("desil filled in")
_SAME_BIRTH_DATE = _("same as the application, %(birth_date)s")
_NIK_AGREES = _("NIK date of birth and sex agree with the application")
_NIK_VALUE = _(
    "NIK: day %(day)s, month %(month)s, year %(yy)s, %(nik_sex)s; "
    "application: %(birth_date)s, %(sex)s"
)
_NIK_MALFORMED = _("NIK is not 16 digits")
_MATCH_NIK = _("NIK found")
_MATCH_KK_ONLY = _("only the No. KK (household) found")
_MATCH_NONE = _("neither NIK nor No. KK found")
_DESIL_VALUE = _("desil %(desil)s")
_DESIL_BLANK = _("desil blank")
_NOT_CHECKED_NO_NIK = _("not checked: NIK not in the snapshot")
_DTKS_BIRTH_DATE_BLANK = _("blank in DTKS")
_SOURCE_APPLICATION = _("Application")
_SOURCE_KTP = _("KTP address")
_SOURCE_NIK = _("NIK")
_SOURCE_SNAPSHOT = _("DTKS snapshot %(date)s")
_SOURCE_SNAPSHOT_UNDATED = _("DTKS snapshot")


def explain(
    facts: ApplicantFacts, rules: CycleRules, *, snapshot_date: date | None
) -> list[Criterion]:
    """Every §6 criterion, in the order of REASONS then FLAGS, with what the applicant has and
    what the rule asks. A rule the cycle does not set is shown with applies=False and passes.
    Pass or fail comes from `evaluate`, so the page says what the batch decided."""
    _status, reasons, flags = evaluate(facts, rules)
    failed = set(reasons) | set(flags)
    ref = rules.reference_date
    dtks = rules.require_dtks
    nik_match = facts.dtks_nik_match
    source_dtks = str(
        _SOURCE_SNAPSHOT % {"date": date_format(snapshot_date)}
        if snapshot_date
        else _SOURCE_SNAPSHOT_UNDATED
    )

    if nik_match:
        match_value = str(_MATCH_NIK)
    elif facts.dtks_kk_match:
        match_value = str(_MATCH_KK_ONLY)
    else:
        match_value = str(_MATCH_NONE)
    if not nik_match:
        desil_value = str(_NOT_CHECKED_NO_NIK)
        dtks_birth_value = str(_NOT_CHECKED_NO_NIK)
    else:
        desil_value = str(
            _DESIL_BLANK if facts.dtks_desil is None else _DESIL_VALUE % {"desil": facts.dtks_desil}
        )
        dtks_birth_value = (
            str(_DTKS_BIRTH_DATE_BLANK)
            if facts.dtks_birth_date is None
            else date_format(facts.dtks_birth_date)
        )
    if not dtks:  # without the rule the snapshot may not even have been consulted
        match_value = desil_value = dtks_birth_value = ""

    decoded = nik_birth_parts(facts.nik)
    if decoded is None:
        nik_value = str(_NIK_MALFORMED)
    else:
        _day, month, yy, is_female = decoded
        nik_value = str(
            _NIK_VALUE
            % {
                "day": facts.nik[6:8],  # as written: a woman's with the 40 added
                "month": f"{month:02d}",
                "yy": f"{yy:02d}",
                "nik_sex": _SEX["P" if is_female else "L"],
                "birth_date": date_format(facts.birth_date),
                "sex": _SEX.get(facts.sex, facts.sex),
            }
        )

    age_value = str(_AGE_VALUE % {"age": age_on(facts.birth_date, ref), "date": date_format(ref)})
    desil_max = rules.max_desil is not None
    rows = (
        # code, value, rule, applies, source
        (
            "AGE_BELOW_MIN",
            age_value,
            _AT_LEAST_YEARS % {"min_age": rules.min_age} if rules.min_age is not None else "",
            rules.min_age is not None,
            _SOURCE_APPLICATION,
        ),
        (
            "AGE_ABOVE_MAX",
            age_value,
            _AT_MOST_YEARS % {"max_age": rules.max_age} if rules.max_age is not None else "",
            rules.max_age is not None,
            _SOURCE_APPLICATION,
        ),
        (
            "SCHOOL_STATUS",
            facts.school_status,
            _ONE_OF % {"values": ", ".join(sorted(rules.school_status))}
            if rules.school_status
            else "",
            bool(rules.school_status),
            _SOURCE_APPLICATION,
        ),
        (
            "EDUCATION_BELOW_MIN",
            facts.education,
            _AT_LEAST_EDUCATION % {"education": rules.min_education} if rules.min_education else "",
            rules.min_education is not None,
            _SOURCE_APPLICATION,
        ),
        (
            "OUTSIDE_REGION",
            facts.regency_code,
            _ONE_OF % {"values": ", ".join(sorted(rules.regions))} if rules.regions else "",
            bool(rules.regions),
            _SOURCE_KTP,
        ),
        ("NOT_IN_DTKS", match_value, _NIK_OR_KK_IN_SNAPSHOT if dtks else "", dtks, source_dtks),
        (
            "DESIL_ABOVE_MAX",
            desil_value,
            _AT_MOST_DESIL % {"max_desil": rules.max_desil} if dtks and desil_max else "",
            dtks and desil_max,
            source_dtks,
        ),
        ("NIK_DOB_MISMATCH", nik_value, _NIK_AGREES, True, _SOURCE_NIK),
        ("DTKS_HOUSEHOLD_ONLY", match_value, _NIK_IN_SNAPSHOT if dtks else "", dtks, source_dtks),
        (
            "DTKS_DOB_MISMATCH",
            dtks_birth_value,
            _SAME_BIRTH_DATE % {"birth_date": date_format(facts.birth_date)} if dtks else "",
            dtks,
            source_dtks,
        ),
        (
            "DESIL_UNKNOWN",
            desil_value,
            _DESIL_FILLED_IN if dtks and desil_max else "",
            dtks and desil_max,
            source_dtks,
        ),
    )
    return [
        Criterion(
            code=code,
            label=_LABELS[code],
            value=value,
            rule=str(rule),
            applies=applies,
            passed=code not in failed,
            severity="flag" if code in _FLAG_SET else "reason",
            source=str(source),
        )
        for code, value, rule, applies, source in rows
    ]
