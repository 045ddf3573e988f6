"""The coded values of a training results file (§10, docs/training-results.md): `hasil` and `kompeten`.
Case-insensitive, surrounding spaces ignored (§5), a space equal to an underscore
("tidak lulus" is tidak_lulus); each cleaner raises InvalidValue naming the values it accepts."""

from django.utils.translation import gettext_lazy as _

from core.identifiers import InvalidValue

RESULTS = ("lulus", "tidak_lulus", "mengundurkan_diri")
COMPETENCES = ("ya", "tidak")

_MISSING = _("This value is required")
_RESULT_INVALID = _("Hasil must be lulus, tidak_lulus or mengundurkan_diri")
_COMPETENCE_INVALID = _("Kompeten must be ya, tidak or blank")


def _code_key(raw: str) -> str:
    return "_".join(raw.lower().replace("_", " ").split())


def clean_training_result(raw: str) -> str:
    """One of RESULTS."""
    key = _code_key(raw)
    if not key:
        raise InvalidValue(_MISSING)
    if key not in RESULTS:
        raise InvalidValue(_RESULT_INVALID)
    return key


def clean_competence(raw: str) -> str:
    """ya, tidak, or "" (not assessed)."""
    key = _code_key(raw)
    if key and key not in COMPETENCES:
        raise InvalidValue(_COMPETENCE_INVALID)
    return key
