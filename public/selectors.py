"""What the public pages read. Nothing here is personal: program cycles, their rules, seats and
packages, and region names; the status lookup reads one application's status and nothing of
the person. A fixed number of queries whatever the number of cycles."""

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property

from django.core.cache import cache
from django.db import connection
from django.db.models import Q

from participants.models import Application
from programs.models import ProgramCycle
from regions.models import Regency
from training.models import Batch, Enrolment
from verification.rules import CycleRules

from .rules import rules_in_plain_words, what_to_bring


@dataclass
class PublicCycle:
    """A program cycle as a resident reads it."""

    cycle: ProgramCycle
    rules: CycleRules
    # (code, name) of the districts it takes applicants from, by name; seats per district code.
    regencies: list[tuple[str, str]]
    seats: dict[str, int]
    region_names: dict[str, str]
    packages: list[tuple[str, str]] = field(default_factory=list)  # (name, vocation)

    # Worded when first read, in the language of the request that reads them (a cached
    # PublicCycle is stored before either is read).
    @cached_property
    def who_may_join(self) -> list[str]:
        return rules_in_plain_words(self.rules, region_names=self.region_names)

    @cached_property
    def bring(self) -> list[str]:
        return what_to_bring(self.rules)

    @property
    def code(self) -> str:
        return self.cycle.code

    @property
    def total_seats(self) -> int:
        return sum(self.seats.values())

    def is_open_on(self, today: date) -> bool:
        return cycle_is_open(self.cycle, today)

    def places(self) -> list[tuple[str, int | None]]:
        """(where to register, seats) per district: that district's Dinas Sosial."""
        return [(name, self.seats.get(code)) for code, name in self.regencies]


def cycle_is_open(cycle: ProgramCycle, today: date) -> bool:
    """Registration is open from registration_opens (a cycle without one: from when it was
    created) to registration_closes, both included (as participants.services.registration_refusal)."""
    opened = cycle.registration_opens is None or cycle.registration_opens <= today
    return opened and today <= cycle.registration_closes


def _open_filter(today: date) -> Q:
    return (Q(registration_opens__isnull=True) | Q(registration_opens__lte=today)) & Q(registration_closes__gte=today)


def _public_cycles(cycles: list[ProgramCycle]) -> list[PublicCycle]:
    """Three queries for any number of cycles: quotas, region names, packages."""
    rules = {c.pk: CycleRules.from_cycle_rules(c.rules, registration_closes=c.registration_closes) for c in cycles}
    seats: dict[int, dict[str, int]] = {c.pk: {} for c in cycles}
    for cycle in cycles:
        for quota in cycle.quotas.all():  # prefetched
            seats[cycle.pk][quota.regency_id] = quota.current_quota
    codes = {code for r in rules.values() for code in r.regions} | {code for s in seats.values() for code in s}
    names = dict(Regency.objects.filter(code__in=codes).values_list("code", "name")) if codes else {}
    packages: dict[int, list[tuple[str, str]]] = {c.pk: [] for c in cycles}
    rows = (Batch.objects.filter(cycle__in=cycles).values_list("cycle_id", "package__name", "package__vocation")
            .distinct().order_by("cycle_id", "package__name"))
    for cycle_id, name, vocation in rows:
        packages[cycle_id].append((name, vocation))
    result = []
    for cycle in cycles:
        cycle_rules = rules[cycle.pk]
        regency_codes = cycle_rules.regions or frozenset(seats[cycle.pk])
        regencies = sorted(((code, names.get(code, code)) for code in regency_codes), key=lambda pair: pair[1])
        result.append(PublicCycle(
            cycle=cycle, rules=cycle_rules, regencies=regencies, seats=seats[cycle.pk],
            region_names={code: names.get(code, code) for code in cycle_rules.regions}, packages=packages[cycle.pk],
        ))
    return result


# What the catalog shows changes only when a cycle, its program, a quota or a batch does:
# cycles carry updated_at, programs are few (their names are hashed), quotas are summed and
# batches counted; region names come from the decree and do not change under a running portal.
_CATALOG_VERSION_SQL = """
SELECT concat_ws(':',
    (SELECT extract(epoch FROM max(updated_at)) FROM programs_programcycle),
    (SELECT count(*) FROM programs_programcycle),
    (SELECT md5(string_agg(id || name, ',' ORDER BY id)) FROM programs_program),
    (SELECT count(*) || '-' || sum(initial_quota) || '-' || sum(coalesce(reallocated_quota, -1))
     FROM programs_cyclequota),
    (SELECT count(*) || '-' || max(id) || '-' || sum(package_id) FROM training_batch))
"""
CATALOG_CACHE_SECONDS = 24 * 3600


def public_catalog_version() -> str:
    """One short query that changes whenever anything the catalog shows changes."""
    with connection.cursor() as cursor:
        cursor.execute(_CATALOG_VERSION_SQL)
        return cursor.fetchone()[0]


def public_cycles_open(*, today: date, version: str | None = None) -> list[PublicCycle]:
    """The cycles open for registration on `today`, soonest closing first. Kept in the cache
    under the catalog version (`version`, else read here) and the day: every visitor of the day
    reads the same list, and any change of a cycle, quota or batch makes a new one."""
    version = version or public_catalog_version()
    key = f"public:open-cycles:{today.isoformat()}:{version}"
    cycles = cache.get(key)
    if cycles is None:
        rows = (ProgramCycle.objects.filter(_open_filter(today)).select_related("program")
                .prefetch_related("quotas").order_by("registration_closes", "code"))
        cycles = _public_cycles(list(rows))
        cache.set(key, cycles, CATALOG_CACHE_SECONDS)
    return cycles


def public_cycles_of_regency(cycles: list[PublicCycle], regency_code: str) -> list[PublicCycle]:
    """Those of `cycles` that take applicants from the district: its rules' regions, else its
    quotas; a cycle with neither takes every district."""
    return [c for c in cycles if not c.regencies or regency_code in dict(c.regencies)]


def public_cycle_get(*, code: str, today: date | None = None) -> PublicCycle | None:
    """Any cycle by its code (the stable address of its page and poster); the page says whether
    registration is open. An open one comes from the cached list of `today`'s open cycles."""
    if today is not None:
        for public in public_cycles_open(today=today):
            if public.code == code:
                return public
    cycle = ProgramCycle.objects.select_related("program").prefetch_related("quotas").filter(code=code).first()
    return _public_cycles([cycle])[0] if cycle is not None else None


def public_regencies_of(cycles: list[PublicCycle]) -> list[tuple[str, str]]:
    """The districts of the catalog's filter: those the open cycles take applicants from."""
    return sorted({pair for c in cycles for pair in c.regencies}, key=lambda pair: pair[1])


def region_names(codes) -> dict[str, str]:
    """Kabupaten names by code (no query for none)."""
    return dict(Regency.objects.filter(code__in=codes).values_list("code", "name")) if codes else {}


@dataclass(frozen=True)
class ApplicationStatusFacts:
    """All the status lookup reads of an application: no name, no NIK, no address."""

    application_id: int
    regency_code: str
    cycle: ProgramCycle
    automatic: str | None
    reasons: tuple[str, ...]
    decision: str | None
    enrolment: str | None


def application_status_facts(*, registration_number: str, birth_date: date) -> ApplicationStatusFacts | None:
    """The status of the application with this number whose person has this birth date; None
    when there is none (an unknown number and a wrong birth date look the same)."""
    application = (
        Application.objects.filter(registration_number=registration_number, person__birth_date=birth_date)
        .select_related("cycle__program", "eligibility").only(
            "id", "regency_id", "cycle__code", "cycle__rules", "cycle__registration_closes", "cycle__program__name",
            "cycle__year", "cycle__registration_opens", "eligibility__status", "eligibility__reasons",
            "eligibility__decision",
        ).first()
    )
    if application is None:
        return None
    result = getattr(application, "eligibility", None)
    enrolment = (Enrolment.objects.filter(application_id=application.pk).exclude(status=Enrolment.Status.WITHDRAWN)
                 .order_by("-pk").values_list("status", flat=True).first())
    return ApplicationStatusFacts(
        application_id=application.pk, regency_code=application.regency_id, cycle=application.cycle,
        automatic=result.status if result else None, reasons=tuple(result.reasons) if result else (),
        decision=result.decision if result else None, enrolment=enrolment,
    )
