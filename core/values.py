"""Coded values of the DTKS and applicant files (data-contracts §3, §4, §5).

Coded values are case-insensitive and surrounding spaces are ignored; for education and
school status a space equals an underscore. Each cleaner raises InvalidValue naming the
values it accepts.
"""

from datetime import date

from django.utils.translation import gettext_lazy as _

from .dates import parse_numeric_date
from .identifiers import InvalidValue

SEXES = ("L", "P")
EDUCATION_LEVELS = ("tidak_sekolah", "sd", "smp", "sma", "diploma", "sarjana")
SCHOOL_STATUSES = ("masih_sekolah", "putus_sekolah", "lulus")

EDUCATION_RANK = {level: rank for rank, level in enumerate(EDUCATION_LEVELS)}

_SEX = {"L": "L", "P": "P", "LAKI-LAKI": "L", "LAKI LAKI": "L", "PEREMPUAN": "P"}

_EDUCATION = {level: level for level in EDUCATION_LEVELS} | {
    "slta": "sma", "smk": "sma", "ma": "sma",
    "sltp": "smp", "mts": "smp",
    "mi": "sd",
    "d1": "diploma", "d2": "diploma", "d3": "diploma",
    "d4": "sarjana", "s1": "sarjana", "s2": "sarjana", "s3": "sarjana",
}  # fmt: skip

_SCHOOL_STATUS = {status: status for status in SCHOOL_STATUSES} | {"do": "putus_sekolah"}

_MISSING = _("This value is required")
_SEX_INVALID = _("Jenis kelamin must be L or P (also LAKI-LAKI, LAKI LAKI, PEREMPUAN)")
_EDUCATION_INVALID = _(
    "Pendidikan terakhir must be tidak_sekolah, sd, smp, sma, diploma or sarjana "
    "(also SLTA, SMK, MA, SLTP, MTS, MI, D1-D4, S1-S3)"
)
_SCHOOL_STATUS_INVALID = _("Status sekolah must be masih_sekolah, putus_sekolah or lulus (also DO)")
_DATE_INVALID = _("Dates must be written YYYY-MM-DD, DD-MM-YYYY or DD/MM/YYYY")
_DESIL_INVALID = _("Desil must be a whole number from 1 to 10, or blank")

# Birth dates repeat a lot in a million-row file; the cap bounds what garbage can add.
_DATES: dict[str, date] = {}
_DATES_CAP = 100_000


def _code_key(raw: str) -> str:
    """Lower case, runs of spaces or underscores as one underscore."""
    return "_".join(raw.lower().replace("_", " ").split())


def clean_sex(raw: str) -> str:
    """L or P."""
    key = raw.strip().upper()
    sex = _SEX.get(key)
    if sex is None:
        if not key:
            raise InvalidValue(_MISSING)
        sex = _SEX.get(" ".join(key.split()))
        if sex is None:
            raise InvalidValue(_SEX_INVALID)
    return sex


def clean_education(raw: str) -> str:
    """One of EDUCATION_LEVELS."""
    level = _EDUCATION.get(raw.strip().lower())
    if level is None:
        key = _code_key(raw)
        if not key:
            raise InvalidValue(_MISSING)
        level = _EDUCATION.get(key)
        if level is None:
            raise InvalidValue(_EDUCATION_INVALID)
    return level


def clean_school_status(raw: str) -> str:
    """One of SCHOOL_STATUSES."""
    status = _SCHOOL_STATUS.get(raw.strip().lower())
    if status is None:
        key = _code_key(raw)
        if not key:
            raise InvalidValue(_MISSING)
        status = _SCHOOL_STATUS.get(key)
        if status is None:
            raise InvalidValue(_SCHOOL_STATUS_INVALID)
    return status


def clean_date(raw: str) -> date:
    """A date written YYYY-MM-DD, DD-MM-YYYY or DD/MM/YYYY (day-first, never month-first)."""
    value = _DATES.get(raw)
    if value is None:
        value = parse_numeric_date(raw)
        if value is None:
            raise InvalidValue(_MISSING if not raw.strip() else _DATE_INVALID)
        if len(_DATES) < _DATES_CAP:
            _DATES[raw] = value
    return value


def clean_desil(raw: str) -> int | None:
    """The welfare decile 1-10, or None when blank (unknown)."""
    text = raw.strip()
    if not text:
        return None
    if text.isdigit() and text.isascii() and len(text) <= 2:
        desil = int(text)
        if 1 <= desil <= 10:
            return desil
    raise InvalidValue(_DESIL_INVALID)
