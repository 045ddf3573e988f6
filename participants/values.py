"""A person's sex as files and forms write it (§3, docs/dtks-snapshot.md, §4): L or P, also LAKI-LAKI,
LAKI LAKI and PEREMPUAN, in any case."""

from django.utils.translation import gettext_lazy as _

from core.identifiers import InvalidValue

SEXES = ("L", "P")

_SEX = {"L": "L", "P": "P", "LAKI-LAKI": "L", "LAKI LAKI": "L", "PEREMPUAN": "P"}

_MISSING = _("This value is required")
_SEX_INVALID = _("Jenis kelamin must be L or P (also LAKI-LAKI, LAKI LAKI, PEREMPUAN)")


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


def registered_elsewhere_text(*, regency_name: str, cycle_code: str) -> str:
    """All that staff of one district learn of the same NIK's application in another district
    (docs/identifiers.md): which district and which cycle, never a name, No. KK, address,
    decision or DTKS data. "NIK ini juga terdaftar di Kabupaten Bantaeng (BTG-DTKS-2026)"."""
    from django.utils.translation import gettext

    return gettext("This NIK is also registered in %(regency)s (%(cycle)s)") % {
        "regency": regency_name, "cycle": cycle_code,
    }
