"""A person's sex as files and forms write it (§3, docs/dtks-snapshot.md, §4): L or P, also LAKI-LAKI,
LAKI LAKI and PEREMPUAN, in any case; and the registration number an applicant keeps."""

from django.utils.translation import gettext_lazy as _

from core.identifiers import InvalidValue

SEXES = ("L", "P")

_SEX = {"L": "L", "P": "P", "LAKI-LAKI": "L", "LAKI LAKI": "L", "PEREMPUAN": "P"}

_MISSING = _("This value is required")
_SEX_INVALID = _("Jenis kelamin must be L or P (also LAKI-LAKI, LAKI LAKI, PEREMPUAN)")


# Registration numbers: 10 characters of 32 (2-9 and the capitals without I and O), 50 random bits
# drawn by PostgreSQL (participants_registration_number(), migration 0004). No 0/O or 1/I, so
# a number read aloud or copied from paper cannot be mistyped into another.
REGISTRATION_NUMBER_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
REGISTRATION_NUMBER_LENGTH = 10


def registration_number_clean(raw: str) -> str | None:
    """A registration number as typed ("k7mq9-xp4rt", with spaces or a dash) in its stored form,
    or None when it cannot be one."""
    number = "".join(raw.split()).replace("-", "").upper()
    if len(number) != REGISTRATION_NUMBER_LENGTH or any(c not in REGISTRATION_NUMBER_ALPHABET for c in number):
        return None
    return number


def registration_number_display(number: str) -> str:
    """Two groups of five, easier to read aloud: K7MQ9-XP4RT."""
    return f"{number[:5]}-{number[5:]}" if len(number) == REGISTRATION_NUMBER_LENGTH else number


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
