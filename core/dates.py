"""Date parsing for forms and import files: day-first or ISO, never month-first."""

import re
from datetime import date, datetime

from django.utils.translation import gettext_lazy as _

from .errors import lazy_fill
from .identifiers import InvalidValue

# Indonesian and English month names and their usual abbreviations.
MONTHS = {
    "januari": 1, "jan": 1, "january": 1,
    "februari": 2, "feb": 2, "pebruari": 2, "february": 2,
    "maret": 3, "mar": 3, "march": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "jun": 6, "june": 6,
    "juli": 7, "jul": 7, "july": 7,
    "agustus": 8, "agu": 8, "agt": 8, "ags": 8, "aug": 8, "august": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "oct": 10, "october": 10,
    "november": 11, "nov": 11, "nopember": 11,
    "desember": 12, "des": 12, "dec": 12, "december": 12,
}  # fmt: skip

_NUMERIC = (
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$"),
    re.compile(r"^(?P<d>\d{1,2})-(?P<m>\d{1,2})-(?P<y>\d{4})$"),
    re.compile(r"^(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})$"),
)
_WRITTEN = re.compile(r"^(?P<d>\d{1,2})\s+(?P<month>[A-Za-z]+)\.?\s+(?P<y>\d{4})$")


def parse_numeric_date(value: str) -> date | None:
    """`YYYY-MM-DD`, `DD-MM-YYYY` or `DD/MM/YYYY`, one- or two-digit day and month (the
    import-file rule of §5, docs/file-conventions.md). None when the text is not such a date."""
    value = value.strip()
    for pattern in _NUMERIC:
        match = pattern.match(value)
        if match:
            try:
                return date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                return None
    return None


def parse_written_date(value: str) -> date | None:
    """'17 Agustus 2025', '17 Agu 2025', '17 August 2025'."""
    match = _WRITTEN.match(value.strip())
    if not match:
        return None
    month = MONTHS.get(match["month"].lower())
    if month is None:
        return None
    try:
        return date(int(match["y"]), month, int(match["d"]))
    except ValueError:
        return None


_MISSING = _("This value is required")
_DATE_INVALID = _("Dates must be written YYYY-MM-DD, DD-MM-YYYY or DD/MM/YYYY")
# Birth dates repeat a lot in a million-row file; the cap bounds what garbage can add.
_DATES: dict[str, date] = {}
_DATES_CAP = 100_000


def clean_date(raw) -> date:
    """A date as import files write it (§5: YYYY-MM-DD, DD-MM-YYYY or DD/MM/YYYY, day-first,
    never month-first), or a date already read as one (an XLSX date cell, a YAML date). Raises
    InvalidValue (a ValueError) naming the formats."""
    if isinstance(raw, date) and not isinstance(raw, datetime):
        return raw
    if not isinstance(raw, str):
        raise InvalidValue(_DATE_INVALID)
    value = _DATES.get(raw)
    if value is None:
        value = parse_numeric_date(raw)
        if value is None:
            raise InvalidValue(_MISSING if not raw.strip() else _DATE_INVALID)
        if len(_DATES) < _DATES_CAP:
            _DATES[raw] = value
    return value


# Nobody alive was born more than this many years ago: an older birth date is a typing slip.
# The years a page accepts in an address or a form (a calendar month, a report year). Python's
# dates end at 1 and 9999, where neighbouring weeks and previous/next links cannot be computed,
# and a huge number would reach PostgreSQL as a numeric; the portal's work needs far less.
FIRST_YEAR, LAST_YEAR = 1900, 2999

OLDEST_AGE = 120
_BIRTH_FUTURE = _("The birth date %(date)s is in the future")
_BIRTH_TOO_OLD = _("The birth date %(date)s would make the person older than %(years)s years")


def birth_date_problem(birth_date: date, *, today: date):
    """Why `birth_date` cannot be a living applicant's (a lazy message), or None: a date after
    `today`, or one more than OLDEST_AGE years ago."""
    shown = birth_date.strftime("%d-%m-%Y")
    if birth_date > today:
        return lazy_fill(_BIRTH_FUTURE, {"date": shown})
    if birth_date.year < today.year - OLDEST_AGE:
        return lazy_fill(_BIRTH_TOO_OLD, {"date": shown, "years": OLDEST_AGE})
    return None


def clean_birth_date(raw, *, today: date) -> date:
    """clean_date, then refused when nobody alive could have been born then (birth_date_problem)."""
    value = clean_date(raw)
    problem = birth_date_problem(value, today=today)
    if problem is not None:
        raise InvalidValue(problem)
    return value
