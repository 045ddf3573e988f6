"""The education levels and school statuses that a cycle's rules speak of (§2, docs/program-catalog.md,
§6) and that applicant files and forms record (§4, §5). Coded values are case-insensitive,
surrounding spaces are ignored, and a space equals an underscore; each cleaner raises
InvalidValue naming the values it accepts."""

from django.utils.translation import gettext_lazy as _

from core.identifiers import InvalidValue

EDUCATION_LEVELS = ("tidak_sekolah", "sd", "smp", "sma", "diploma", "sarjana")
SCHOOL_STATUSES = ("masih_sekolah", "putus_sekolah", "lulus")

EDUCATION_RANK = {level: rank for rank, level in enumerate(EDUCATION_LEVELS)}

# How pages name the codes (participants.models.Education and SchoolStatus say the same).
EDUCATION_LABELS = {
    "tidak_sekolah": _("No schooling"),
    "sd": _("Primary (SD/MI)"),
    "smp": _("Junior secondary (SMP/MTs)"),
    "sma": _("Senior secondary (SMA/SMK/MA)"),
    "diploma": _("Diploma (D1–D3)"),
    "sarjana": _("Degree (D4/S1 and above)"),
}
SCHOOL_STATUS_LABELS = {
    "masih_sekolah": _("Still in school"),
    "putus_sekolah": _("Dropped out"),
    "lulus": _("Finished, not continuing"),
}


def value_label(labels: dict, code: str) -> str:
    """The label of a coded value; a code without one is shown as it is."""
    label = labels.get(code)
    return str(label) if label is not None else code

_EDUCATION = {level: level for level in EDUCATION_LEVELS} | {
    "slta": "sma", "smk": "sma", "ma": "sma",
    "sltp": "smp", "mts": "smp",
    "mi": "sd",
    "d1": "diploma", "d2": "diploma", "d3": "diploma",
    "d4": "sarjana", "s1": "sarjana", "s2": "sarjana", "s3": "sarjana",
}  # fmt: skip

_SCHOOL_STATUS = {status: status for status in SCHOOL_STATUSES} | {"do": "putus_sekolah"}

_MISSING = _("This value is required")
_EDUCATION_INVALID = _(
    "Pendidikan terakhir must be tidak_sekolah, sd, smp, sma, diploma or sarjana "
    "(also SLTA, SMK, MA, SLTP, MTS, MI, D1-D4, S1-S3)"
)
_SCHOOL_STATUS_INVALID = _("Status sekolah must be masih_sekolah, putus_sekolah or lulus (also DO)")


def _code_key(raw: str) -> str:
    """Lower case, runs of spaces or underscores as one underscore."""
    return "_".join(raw.lower().replace("_", " ").split())


def _clean_code(raw: str, codes: dict[str, str], invalid) -> str:
    # The common case (a code as written, any case) needs no splitting.
    code = codes.get(raw.strip().lower())
    if code is None:
        key = _code_key(raw)
        if not key:
            raise InvalidValue(_MISSING)
        code = codes.get(key)
        if code is None:
            raise InvalidValue(invalid)
    return code


def clean_education(raw: str) -> str:
    """One of EDUCATION_LEVELS."""
    return _clean_code(raw, _EDUCATION, _EDUCATION_INVALID)


def clean_school_status(raw: str) -> str:
    """One of SCHOOL_STATUSES."""
    return _clean_code(raw, _SCHOOL_STATUS, _SCHOOL_STATUS_INVALID)
