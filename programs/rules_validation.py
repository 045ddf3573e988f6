"""A program cycle's eligibility rules as plain values (§2, docs/program-catalog.md): pure functions, no
ORM, no I/O. Whether a kabupaten code exists is the caller's question (it needs the database)."""

from datetime import date

from django.utils.translation import gettext as _

from core.dates import clean_date
from core.identifiers import clean_region_code
from programs.values import EDUCATION_LEVELS, SCHOOL_STATUSES, clean_education, clean_school_status

RULE_KEYS = (
    "min_age",
    "max_age",
    "age_reference_date",
    "school_status",
    "min_education",
    "require_dtks",
    "max_desil",
    "regions",
)


class RulesError(ValueError):
    """A rule with a bad value. `key` names the rule (e.g. "max_age"); `message` is for users."""

    def __init__(self, key: str, message: str):
        super().__init__(f"{key}: {message}")
        self.key = key
        self.message = message


def clean_regency_code(raw) -> str:
    """A kabupaten/kota code written dotted ("64.01") or as plain digits ("6401") -> "64.01".
    Raises ValueError for anything else (§1: "nothing else")."""
    # An unquoted 6401 in a YAML file arrives as a number; its digits are still "plain digits".
    if isinstance(raw, int) and not isinstance(raw, bool):
        raw = str(raw)
    if not isinstance(raw, str):
        raise ValueError(raw)
    return clean_region_code(raw, level="regency")


def _empty(value) -> bool:
    return value is None or value == [] or value == ()


def _whole_number(key: str, value, *, low: int, high: int | None = None) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise RulesError(key, _("must be a whole number"))
    if value < low or (high is not None and value > high):
        if high is None:
            raise RulesError(key, _("must be %(low)s or more") % {"low": low})
        raise RulesError(key, _("must be between %(low)s and %(high)s") % {"low": low, "high": high})
    return value


def _code(clean, value) -> str | None:
    """A coded value read as the applicant file reads it (§4: any case, spaces as underscores,
    the usual aliases such as SLTA or DO), or None when it is not one."""
    if not isinstance(value, str):
        return None
    try:
        return clean(value)
    except ValueError:
        return None


def _iso_date(key: str, value) -> str:
    try:
        return clean_date(value).isoformat()
    except ValueError:
        raise RulesError(key, _("must be a date (YYYY-MM-DD, DD-MM-YYYY or DD/MM/YYYY)")) from None


def normalise_rules(raw: dict | None) -> dict:
    """Every rule key present, "no such rule" as None (require_dtks: False), codes lower-case,
    lists deduplicated and sorted, kabupaten codes dotted: two normalised dicts are equal exactly
    when the rules are the same. Raises RulesError for an unknown key or a bad value."""
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise RulesError("rules", _("must be an object of rules"))
    for key in raw:
        if key not in RULE_KEYS:
            # A misspelt rule silently ignored would admit applicants it was meant to exclude.
            raise RulesError(str(key), _("is not a known rule (known: %(keys)s)") % {"keys": ", ".join(RULE_KEYS)})

    rules = dict.fromkeys(RULE_KEYS)

    for key in ("min_age", "max_age"):
        if not _empty(raw.get(key)):
            rules[key] = _whole_number(key, raw[key], low=0, high=150)
    if rules["min_age"] is not None and rules["max_age"] is not None and rules["min_age"] > rules["max_age"]:
        raise RulesError("min_age", _("is greater than max_age"))

    if not _empty(raw.get("age_reference_date")):
        rules["age_reference_date"] = _iso_date("age_reference_date", raw["age_reference_date"])

    statuses = raw.get("school_status")
    if isinstance(statuses, str):
        statuses = [statuses]
    if not _empty(statuses):
        if not isinstance(statuses, (list, tuple)):
            raise RulesError("school_status", _("must be a list of school statuses"))
        cleaned = set()
        for value in statuses:
            code = _code(clean_school_status, value)
            if code is None:
                raise RulesError(
                    "school_status",
                    _("%(value)s is not a school status (allowed: %(allowed)s)")
                    % {"value": repr(value), "allowed": ", ".join(SCHOOL_STATUSES)},
                )
            cleaned.add(code)
        rules["school_status"] = sorted(cleaned)

    if not _empty(raw.get("min_education")):
        code = _code(clean_education, raw["min_education"])
        if code is None:
            raise RulesError(
                "min_education",
                _("%(value)s is not an education level (allowed: %(allowed)s)")
                % {"value": repr(raw["min_education"]), "allowed": ", ".join(EDUCATION_LEVELS)},
            )
        rules["min_education"] = code

    require_dtks = raw.get("require_dtks")
    if require_dtks is not None and not isinstance(require_dtks, bool):
        raise RulesError("require_dtks", _("must be true or false"))
    rules["require_dtks"] = bool(require_dtks)

    if not _empty(raw.get("max_desil")):
        rules["max_desil"] = _whole_number("max_desil", raw["max_desil"], low=1, high=10)

    regions = raw.get("regions")
    if isinstance(regions, (str, int)) and not isinstance(regions, bool):
        regions = [regions]
    if not _empty(regions):
        if not isinstance(regions, (list, tuple)):
            raise RulesError("regions", _("must be a list of kabupaten/kota codes"))
        cleaned = set()
        for value in regions:
            try:
                cleaned.add(clean_regency_code(value))
            except ValueError:
                raise RulesError(
                    "regions",
                    _("%(value)s is not a kabupaten/kota code (write 64.01 or 6401)") % {"value": repr(value)},
                ) from None
        rules["regions"] = sorted(cleaned)

    return rules


def age_reference(rules: dict, *, registration_closes: date) -> date:
    """The date ages are counted at: the rule's own date, else the day registration closes (§2)."""
    value = rules.get("age_reference_date")
    return date.fromisoformat(value) if value else registration_closes


def rules_changed(*, old_rules: dict, old_closes: date | None, new_rules: dict, new_closes: date) -> bool:
    """Whether a cycle's effective rules change, and so its rules_version must move on.

    Besides the normalised rules themselves, moving registration_closes moves the age
    reference date of a cycle with an age rule and no reference date of its own (§2), and
    with it who is old enough.
    """
    try:
        old = normalise_rules(old_rules)
    except RulesError:
        return True
    if old != new_rules:
        return True
    has_age_rule = new_rules["min_age"] is not None or new_rules["max_age"] is not None
    if has_age_rule and new_rules["age_reference_date"] is None:
        return old_closes != new_closes
    return False
