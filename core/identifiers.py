"""NIK, No. KK and Kemendagri region codes (§1, docs/identifiers.md): the one place they are checked.

These run once per row of a DTKS extract (a million rows in one pass), so the common valid
case avoids regular expressions and exceptions, and the NIK birth-date check is memoised.
"""

import re
from datetime import date

from django.utils.translation import gettext_lazy as _

from core.errors import TranslatedError
from core.errors import lazy_fill as _fill


class InvalidValue(TranslatedError, ValueError):
    """A value from a form or an import file that breaks its rule; `message` is a lazy
    translatable string (TranslatedError)."""


def mask_nik(nik: str) -> str:
    """Show the first six and last two digits only (3201011234567890 -> 320101********90)."""
    if not nik:
        return ""
    nik = str(nik)
    if len(nik) <= 8:
        return "*" * len(nik)
    return nik[:6] + "*" * (len(nik) - 8) + nik[-2:]


# How Excel shows a long number it keeps only 15 digits of: 6.40102E+15, 6,40102E+15.
_EXCEL_NUMBER = re.compile(r"^\d+([.,]\d+)?[eE]\+?\d+$")

# Spaces (also the no-break space spreadsheets like to insert), dots and dashes.
_SEPARATORS = str.maketrans("", "", " \u00a0.-")

# Every province code Kemendagri has issued, including Kalimantan Utara (65) and the
# Papua provinces created in 2022 (92-96): a NIK keeps its first-issue prefix for life.
_PROVINCES = frozenset(
    f"{code:02d}"
    for first, last in (
        (11, 19),
        (21, 21),
        (31, 36),
        (51, 53),
        (61, 65),
        (71, 76),
        (81, 82),
        (91, 96),
    )
    for code in range(first, last + 1)
)

_NIK_MISSING = _("NIK is missing")
_NIK_NOT_DIGITS = _("NIK must contain digits only")
_NIK_EXPONENT = _(
    "NIK %(value)s was stored as a number and Excel shortened it; format the column as Text and "
    "type the NIK again"
)
_NIK_LENGTH = _("NIK must have 16 digits, not %(count)s")
_NIK_PROVINCE = _("NIK province code %(code)s (digits 1-2) was never issued")
_NIK_REGENCY = _("NIK kabupaten/kota code (digits 3-4) cannot be 00")
_NIK_SUBDISTRICT = _("NIK kecamatan code (digits 5-6) cannot be 00")
_NIK_DAY = _("NIK birth day (digits 7-8) must be 01-31, or 41-71 for women")
_NIK_MONTH = _("NIK birth month (digits 9-10) must be 01-12")
_NIK_DATE = _("NIK birth date (digits 7-12) is not a real date")
_NIK_SERIAL = _(
    "NIK serial (last 4 digits) cannot be 0000; a NIK stored as a number in Excel loses its "
    "last digits, store it as text"
)
_NO_KK_MISSING = _("No. KK is missing")
_NO_KK_FORMAT = _("No. KK must have 16 digits")

# Problem with the DDMMYY part (None when it is fine), per current year. Valid parts number
# at most 62 days x 12 months x 100 years; the cap bounds what a file of garbage can add.
_BIRTH_DATE_PROBLEMS: dict[int, dict[str, object]] = {}
_BIRTH_DATE_CACHE_CAP = 150_000


def _birth_year(yy: int, current_year: int) -> int:
    # The NIK has no century: a two-digit year up to this year's is this century's.
    return (2000 if yy <= current_year % 100 else 1900) + yy


def _birth_date_problem(ddmmyy: str, current_year: int):
    day, month, yy = int(ddmmyy[:2]), int(ddmmyy[2:4]), int(ddmmyy[4:])
    if 41 <= day <= 71:
        day -= 40
    elif not 1 <= day <= 31:
        return _NIK_DAY
    if not 1 <= month <= 12:
        return _NIK_MONTH
    try:
        date(_birth_year(yy, current_year), month, day)
    except ValueError:
        return _NIK_DATE
    return None


def clean_nik(raw: str, *, current_year: int) -> str:
    """The 16-digit NIK of `raw` (spaces, dots and dashes removed), or InvalidValue naming the
    part that breaks the rule of §1, docs/identifiers.md. `current_year` is the year the check
    runs, which decides the century of the birth year."""
    nik = raw
    if len(nik) != 16 or not nik.isdigit() or not nik.isascii():
        nik = raw.strip().translate(_SEPARATORS)
        if not nik:
            raise InvalidValue(_NIK_MISSING)
        if not (nik.isascii() and nik.isdigit()):
            if _EXCEL_NUMBER.match(raw.strip()):
                raise InvalidValue(_fill(_NIK_EXPONENT, {"value": raw.strip()}))
            raise InvalidValue(_NIK_NOT_DIGITS)
        if len(nik) != 16:
            raise InvalidValue(_fill(_NIK_LENGTH, {"count": len(nik)}))
    if nik[:2] not in _PROVINCES:
        raise InvalidValue(_fill(_NIK_PROVINCE, {"code": nik[:2]}))
    if nik[2:4] == "00":
        raise InvalidValue(_NIK_REGENCY)
    if nik[4:6] == "00":
        raise InvalidValue(_NIK_SUBDISTRICT)
    problems = _BIRTH_DATE_PROBLEMS.get(current_year)
    if problems is None:
        problems = _BIRTH_DATE_PROBLEMS[current_year] = {}
    ddmmyy = nik[6:12]
    try:
        problem = problems[ddmmyy]
    except KeyError:
        problem = _birth_date_problem(ddmmyy, current_year)
        if len(problems) < _BIRTH_DATE_CACHE_CAP:
            problems[ddmmyy] = problem
    if problem is not None:
        raise InvalidValue(problem)
    if nik[12:] == "0000":
        raise InvalidValue(_NIK_SERIAL)
    return nik


def nik_birth_date(nik: str, *, current_year: int) -> date:
    """The birth date encoded in a valid NIK: two-digit years up to `current_year`'s are
    this century's (a 2005 birth is 05, not 1905)."""
    day, month, yy, _is_female = nik_birth_parts(nik)
    return date(_birth_year(yy, current_year), month, day)


def nik_birth_parts(nik: str) -> tuple[int, int, int, bool] | None:
    """(day, month, two-digit year, is_female) as the NIK's DDMMYY writes them (§1): day digits
    above 40 are a woman's, 40 added to the day (41-71 -> 1-31). None when `nik` is not 16
    digits. The parts are not checked (clean_nik does that): of a NIK that is not valid they
    need not make a date (a woman's day is taken modulo 40, as the eligibility check always
    took it: 81-99 read as 1-19)."""
    if len(nik) != 16 or not (nik.isascii() and nik.isdigit()):
        return None
    day = int(nik[6:8])
    is_female = day > 40
    return (day % 40 if is_female else day), int(nik[8:10]), int(nik[10:12]), is_female


def nik_birth_disagrees(nik: str, *, birth_date: date | None, sex: str | None) -> tuple[bool, bool]:
    """(birth date disagrees, sex disagrees): whether the NIK's DDMMYY and the sex it encodes
    differ from `birth_date` and `sex` ("L" / "P"); None is not compared. Only the year's last
    two digits are compared, since the NIK has no century. A NIK that is not 16 digits
    agrees with nothing."""
    parts = nik_birth_parts(nik)
    if parts is None:
        return birth_date is not None, sex is not None
    day, month, yy, is_female = parts
    return (
        birth_date is not None and (day != birth_date.day or month != birth_date.month or yy != birth_date.year % 100),
        sex is not None and is_female != (sex == "P"),
    )


def nik_birth_digits(birth_date: date, *, sex: str) -> str:
    """The DDMMYY a NIK carries for this birth date and sex ("L" / "P"): 40 added to a woman's day."""
    return f"{birth_date.day + (40 if sex == 'P' else 0):02d}{birth_date:%m%y}"


def clean_no_kk(raw: str) -> str:
    """The 16-digit family-card number of `raw` (spaces, dots and dashes removed)."""
    no_kk = raw
    if len(no_kk) != 16 or not no_kk.isdigit() or not no_kk.isascii():
        no_kk = raw.strip().translate(_SEPARATORS)
        if not no_kk:
            raise InvalidValue(_NO_KK_MISSING)
        if len(no_kk) != 16 or not (no_kk.isascii() and no_kk.isdigit()):
            raise InvalidValue(_NO_KK_FORMAT)
    return no_kk


# Digits per part of a region code, and the message naming both accepted spellings.
_REGION_LEVELS = {
    "province": ((2,), _("A province code is written like 64")),
    "regency": ((2, 2), _("A kabupaten/kota code is written like 64.01 or 6401")),
    "subdistrict": ((2, 2, 2), _("A kecamatan code is written like 64.01.01 or 640101")),
    "village": (
        (2, 2, 2, 4),
        _("A desa/kelurahan code is written like 64.01.01.2009 or 6401012009"),
    ),
}
_REGION_CACHE: dict[str, dict[str, str]] = {level: {} for level in _REGION_LEVELS}
_REGION_CACHE_CAP = 200_000


def _dotted_region_code(text: str, sizes: tuple[int, ...]) -> str | None:
    if text.isdigit() and text.isascii():
        if len(text) != sum(sizes):
            return None
        parts, start = [], 0
        for size in sizes:
            parts.append(text[start : start + size])
            start += size
        return ".".join(parts)
    parts = text.split(".")
    if len(parts) != len(sizes):
        return None
    for part, size in zip(parts, sizes, strict=True):
        if len(part) != size or not (part.isdigit() and part.isascii()):
            return None
    return text


def clean_region_code(raw: str, *, level: str) -> str:
    """The dotted Kemendagri code (`64.01.01.2009`) of `raw`, written fully dotted or as plain
    digits (`6401012009`) and nothing else. `level` is province, regency, subdistrict or
    village. Whether the region exists is for the caller to check against the reference data."""
    try:
        cache = _REGION_CACHE[level]
    except KeyError:
        raise ValueError(f"unknown region level {level!r}") from None
    dotted = cache.get(raw)
    if dotted is not None:
        return dotted
    sizes, message = _REGION_LEVELS[level]
    dotted = _dotted_region_code(raw.strip(), sizes)
    if dotted is None:
        raise InvalidValue(message)
    if len(cache) < _REGION_CACHE_CAP:
        cache[raw] = dotted
    return dotted


def regency_of(village_code_dotted: str) -> str:
    """The kabupaten/kota of a kecamatan or desa code: 64.01.01.2009 -> 64.01."""
    if "." not in village_code_dotted:
        return f"{village_code_dotted[:2]}.{village_code_dotted[2:4]}"
    return village_code_dotted[:5]
