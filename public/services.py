"""The public pages' only writes: the audit row of a status lookup, and its per-address count."""

from dataclasses import dataclass
from datetime import date

from django.core.cache import cache
from django.db import transaction

from audit.services import audit_record

from .selectors import ApplicationStatusFacts, application_status_facts

# A status lookup needs the number and the birth date, so guessing either is a search in a large
# space; 10 tries an address per 10 minutes leave a resident room for typing errors and make
# that search hopeless (a fixed window: the count starts at the first try).
STATUS_LOOKUP_LIMIT = 10
STATUS_LOOKUP_WINDOW_SECONDS = 10 * 60


def status_lookup_throttled(*, ip: str | None) -> bool:
    """Count one status lookup from `ip` and say whether it is past the limit (then the lookup
    must not run). The count lives in the cache (Redis), shared by every web process."""
    key = f"public:status-lookup:{ip or 'unknown'}"
    cache.add(key, 0, timeout=STATUS_LOOKUP_WINDOW_SECONDS)
    try:
        tries = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=STATUS_LOOKUP_WINDOW_SECONDS)
        tries = 1
    return tries > STATUS_LOOKUP_LIMIT


@dataclass(frozen=True)
class StatusLookup:
    asked: str
    facts: ApplicationStatusFacts | None


@transaction.atomic
def application_status_lookup(*, registration_number: str, birth_date: date, ip: str | None) -> StatusLookup:
    """Look up an application's status for its applicant and audit the question: the number
    asked, whether it was found, the address. The birth date is not kept."""
    facts = application_status_facts(registration_number=registration_number, birth_date=birth_date)
    audit_record(
        actor=None, action="public.status_lookup",
        after={"registration_number": registration_number, "found": facts is not None, "ip": ip or "",
               "application": facts.application_id if facts else None},
        regency_code=facts.regency_code if facts else "",
    )
    return StatusLookup(asked=registration_number, facts=facts)
