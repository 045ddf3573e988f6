"""The DTKS welfare decile (desil, §3, docs/dtks-snapshot.md): 1 (poorest) to 10, or blank for unknown."""

from django.utils.translation import gettext_lazy as _

from core.identifiers import InvalidValue

_DESIL_INVALID = _("Desil must be a whole number from 1 to 10, or blank")


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
