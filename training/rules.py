"""The rules of training, as pure functions over plain values: no ORM, no I/O. Services,
selectors and views call these; nothing else restates them.

- The seat rule (§8, docs/quota-reallocation.md, `eligible_d`): an application may take a seat when staff
  approved it, whatever its automatic status, or when its latest automatic status is ELIGIBLE
  and staff did not decide against it. (A decision is APPROVED, REJECTED or none.)
- Four eyes: whoever proposed a reallocation may not approve or reject it.
- The drop-out default: at a session after someone dropped out, their attendance is 'absent'
  unless somebody recorded otherwise.
- Certificate expiry: an instructor's certificate is invalid on a day after its expiry unless
  another certificate of the same scheme is still valid; a participant's certificate cannot
  expire before it was earned.
- Provider names (§10, docs/training-results.md): an imported report names its provider by text, matched
  case-insensitively with runs of spaces read as one; a provider the portal does not know is
  created with the kind its name tells (BLK, BPVP, LKP, a government office, an NGO) or 'other'.
"""

import re
from collections.abc import Iterable
from datetime import date, datetime
from typing import Protocol, TypeVar

# The values of verification.models.EligibilityStatus and Decision the seat rule speaks of.
SEAT_STATUS = "ELIGIBLE"
SEAT_DECISION = "APPROVED"

ABSENT = "alpa"
DROPPED_OUT = "dropped_out"


def may_take_seat(*, status: str | None, decision: str | None) -> bool:
    """The seat rule for one application's automatic `status` and staff `decision`."""
    if decision == SEAT_DECISION:
        return True
    return status == SEAT_STATUS and not decision


def may_decide_proposal(*, proposed_by_id: int | None, user_id: int) -> bool:
    """Four eyes: False for the person who proposed. A proposal of the scheduled task
    (proposed_by None) may be decided by anyone allowed to."""
    return proposed_by_id is None or proposed_by_id != user_id


def attendance_default(*, enrolment_status: str, ended_at: datetime | None, session_starts_at: datetime) -> str | None:
    """The mark to offer for a participant with no mark yet: 'absent' for a session that started
    after they dropped out ('present' would be wrong), else none."""
    if enrolment_status == DROPPED_OUT and ended_at is not None and ended_at <= session_starts_at:
        return ABSENT
    return None


def certificate_expires_before_earned(*, expires_on: date | None, earned_on: date | None) -> bool:
    return expires_on is not None and earned_on is not None and expires_on <= earned_on


class Certification(Protocol):
    scheme: str
    expires_on: date | None


C = TypeVar("C", bound=Certification)


def expired_certifications(certifications: Iterable[C], *, on: date) -> list[C]:
    """The certificates that are no longer valid on `on`: expired before that day, and not
    renewed (no other certificate of the same scheme is still valid then). A certificate
    without an expiry date never expires."""
    certifications = list(certifications)
    valid_schemes = {c.scheme.strip().lower() for c in certifications if c.expires_on is None or c.expires_on >= on}
    return [
        c for c in certifications
        if c.expires_on is not None and c.expires_on < on and c.scheme.strip().lower() not in valid_schemes
    ]


def provider_name_key(name: str) -> str:
    """What two provider names must share to be the same provider: case-insensitive, runs of
    spaces (and surrounding spaces) read as one."""
    return " ".join(name.split()).casefold()


def provider_name_clean(name: str) -> str:
    """The name a provider created from an imported report is stored under."""
    return " ".join(name.split())


# Words of a provider's name that tell its kind, tried in this order (Provider.Kind values).
_KIND_WORDS = (
    ("bpvp", ("bpvp", "bbplk", "blkln")),
    ("blk", ("blk", "balai latihan kerja", "uptd pelatihan")),
    ("lkp", ("lkp", "lpk", "lembaga kursus", "lembaga pelatihan kerja", "kursus")),
    ("skpd", ("dinas", "disnaker", "disnakertrans", "kecamatan", "kec", "kantor", "badan", "bappeda", "skpd",
              "sekretariat", "kelurahan", "pemerintah", "pemkab", "pemkot", "bagian")),
    ("ngo", ("yayasan", "lsm", "perkumpulan", "ngo", "komunitas")),
)
_WORD = re.compile(r"[a-z]+")


def provider_kind_from_name(name: str) -> str:
    """The kind of a provider first met in an imported report, told by whole words of its name
    ('UPTD BLK Tabalong' -> blk, 'Kecamatan Murung Pudak' -> skpd); 'other' when none tells."""
    text = " ".join(_WORD.findall(name.casefold()))
    padded = f" {text} "
    for kind, words in _KIND_WORDS:
        if any(f" {word} " in padded for word in words):
            return kind
    return "other"
