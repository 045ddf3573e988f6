"""A small world with known applicants, decisions, enrolments, imported trainings, certificates
and targets, described as plain data (`World`) so that tests can count what §12 asks for on
their own, in Python, and compare with what dashboards.indicators computes in SQL."""

import datetime
from dataclasses import dataclass, field

import pytest

from programs.models import DistrictTarget
from tests.factories import RegencyFactory
from tests.participants.factories import ApplicationFactory, PersonFactory
from tests.programs.factories import ProgramCycleFactory
from tests.training.factories import BatchFactory, EnrolmentFactory, ImportedTrainingFactory, ProviderFactory
from verification.models import EligibilityResult

YEAR = 2025


@dataclass
class World:
    """What the fixture created, as plain tuples (no ORM): persons {key: sex}, cycles {code: year},
    applications (person, cycle, district, status, decision), enrolments (person, cycle of the
    batch, district of the application, status, certificate), imports (person, cycle, district,
    result, certificate) and targets {(year, district): target}."""

    persons: dict[str, str] = field(default_factory=dict)
    cycles: dict[str, int] = field(default_factory=dict)
    applications: list[tuple] = field(default_factory=list)
    enrolments: list[tuple] = field(default_factory=list)
    imports: list[tuple] = field(default_factory=list)
    targets: dict[tuple[int, str], int] = field(default_factory=dict)


# person: (sex, district of the KTP address)
PERSONS = {
    "ani": ("P", "64.01"), "budi": ("L", "64.01"), "candra": ("L", "64.01"), "dewi": ("P", "64.01"),
    "eka": ("P", "64.01"), "fajar": ("L", "64.01"), "gita": ("P", "64.01"), "hadi": ("L", "63.09"),
    "intan": ("P", "63.09"), "joko": ("L", "63.09"), "kartini": ("P", "64.02"), "lina": ("P", "64.01"),
}
# (person, cycle, district when applying, automatic status or None = never evaluated, decision)
APPLICATIONS = [
    ("ani", "A-2025", "64.01", "ELIGIBLE", None),
    ("budi", "A-2025", "64.01", "ELIGIBLE", "REJECTED"),
    ("candra", "A-2025", "64.01", "INELIGIBLE", "APPROVED"),
    ("dewi", "A-2025", "64.01", "REVIEW", None),
    ("eka", "A-2025", "64.01", "REVIEW", "APPROVED"),
    ("fajar", "A-2025", "64.01", None, None),
    ("gita", "A-2025", "64.01", "ELIGIBLE", None),          # then moved to Tabalong:
    ("gita", "B-2025", "63.09", "ELIGIBLE", None),
    ("lina", "A-2025", "64.01", "ELIGIBLE", None),
    ("lina", "B-2025", "64.01", "REVIEW", None),             # two applications, one person
    ("kartini", "C-2024", "64.02", "ELIGIBLE", None),         # another year
    ("hadi", "C-2024", "63.09", "ELIGIBLE", None),
]
# (person, cycle, status, certificate number) — a seat in a batch of the application's cycle
ENROLMENTS = [
    ("ani", "A-2025", "completed", "BNSP-001"),
    ("candra", "A-2025", "dropped_out", ""),
    ("eka", "A-2025", "withdrawn", ""),
    ("gita", "A-2025", "enrolled", ""),
    ("gita", "B-2025", "completed", "BNSP-002"),
    ("lina", "A-2025", "completed", ""),
    ("kartini", "C-2024", "completed", "BNSP-000"),
    ("hadi", "C-2024", "completed", ""),
]
# (person, cycle, district of the row, result, certificate number)
IMPORTS = [
    ("ani", "B-2025", "64.01", "lulus", "LSP-9"),              # a second training of the year
    ("hadi", "A-2025", "63.09", "lulus", "LSP-10"),
    ("intan", "A-2025", "63.09", "tidak_lulus", ""),
    ("joko", "A-2025", "63.09", "mengundurkan_diri", ""),
    ("budi", "C-2024", "64.01", "lulus", ""),
]
TARGETS = {(2025, "64.01"): 4, (2025, "63.09"): 3, (2025, "73.03"): 10, (2024, "64.02"): 5}


@pytest.fixture
def world(paser, bantaeng, tabalong) -> World:
    RegencyFactory(code="64.02", name="Kabupaten Kutai Kartanegara")
    world = World()
    cycles = {}
    for code, year in (("A-2025", 2025), ("B-2025", 2025), ("C-2024", 2024)):
        cycles[code] = ProgramCycleFactory(code=code, year=year)
        world.cycles[code] = year
    provider = ProviderFactory(name="UPTD BLK Uji", regency=paser)
    batches = {code: BatchFactory(cycle=cycle, provider=provider) for code, cycle in cycles.items()}
    persons = {}
    for serial, (key, (sex, district)) in enumerate(PERSONS.items(), 1):
        persons[key] = PersonFactory(name=key.title(), sex=sex, regency_code=district,
                                     birth_date=datetime.date(2004, 1, serial))
        world.persons[key] = sex
    applications = {}
    for key, cycle, district, status, decision in APPLICATIONS:
        application = ApplicationFactory(person=persons[key], cycle=cycles[cycle],
                                         regency=RegencyFactory(code=district), village_code=f"{district}.01.2001")
        if status is not None or decision is not None:
            EligibilityResult.objects.create(application=application, status=status, decision=decision)
        applications[(key, cycle)] = application
        world.applications.append((key, cycle, district, status, decision))
    for key, cycle, status, certificate in ENROLMENTS:
        application = applications[(key, cycle)]
        EnrolmentFactory(batch=batches[cycle], application=application, status=status,
                         certificate_number=certificate, certificate_issuer="BNSP" if certificate else "")
        world.enrolments.append((key, cycle, application.regency_id, status, certificate))
    for key, cycle, district, result, certificate in IMPORTS:
        ImportedTrainingFactory(person=persons[key], cycle=cycles[cycle], provider=provider, result=result,
                                competent="ya" if certificate else "", certificate_number=certificate,
                                regency=RegencyFactory(code=district), village_code=f"{district}.01.2001")
        world.imports.append((key, cycle, district, result, certificate))
    for (year, district), target in TARGETS.items():
        DistrictTarget.objects.create(year=year, regency_id=district, target=target)
        world.targets[(year, district)] = target
    return world


def expected_figures(world: World, year: int) -> dict[str, dict]:
    """§12 restated over the plain data: for each district, the sets of persons, counted."""
    in_year = {code for code, y in world.cycles.items() if y == year}
    sets: dict[str, dict[str, set]] = {}

    def add(district, key, person):
        sets.setdefault(district, {}).setdefault(key, set()).add(person)

    for person, cycle, district, status, decision in world.applications:
        if cycle not in in_year:
            continue
        add(district, "applicants", person)
        if decision == "APPROVED" or (status == "ELIGIBLE" and decision != "REJECTED"):
            add(district, "eligible", person)
        if status == "REVIEW" and decision is None:
            add(district, "in_review", person)
    for person, cycle, district, status, certificate in world.enrolments:
        if cycle not in in_year:
            continue
        sets.setdefault(district, {})
        if status != "withdrawn":
            add(district, "enrolled", person)
            add(district, "participants", person)
        if status == "completed":
            add(district, "trained", person)
        if certificate:
            add(district, "certified", person)
    for person, cycle, district, result, certificate in world.imports:
        if cycle not in in_year:
            continue
        sets.setdefault(district, {})
        if result in ("lulus", "tidak_lulus"):
            add(district, "participants", person)
        if result == "lulus":
            add(district, "trained", person)
        if certificate:
            add(district, "certified", person)
    for (y, district) in world.targets:
        if y == year:
            sets.setdefault(district, {})
    expected = {}
    for district, found in sorted(sets.items()):
        figures = {key: len(found.get(key, ())) for key in
                   ("applicants", "eligible", "in_review", "enrolled", "participants", "trained", "certified")}
        trained = found.get("trained", set())
        figures["trained_by_sex"] = {sex: sum(1 for p in trained if world.persons[p] == sex) for sex in ("L", "P")}
        figures["target"] = world.targets.get((year, district))
        expected[district] = figures
    return expected
