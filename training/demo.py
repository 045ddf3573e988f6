"""The demo's training: providers with workshops and instructors (one certification expired, so
the flag shows), packages, four batches of the first demo cycle, and the first batch filled from
the waiting list, its attendance taken and its results recorded, all through the services. The
demo BLK admins are linked to their BLK."""

from datetime import date, datetime, time

from django.utils import timezone

from accounts.demo import demo_admin
from accounts.models import User
from core.demo import DemoContext
from programs.models import ProgramCycle
from regions.models import Regency

from .courses.calendar import dates_on_weekdays
from .courses.services import (
    batch_save,
    certification_save,
    instructor_save,
    package_save,
    provider_save,
    workshop_save,
)
from .enrolment.selectors import waiting_list
from .enrolment.services import enrolment_create
from .models import Enrolment, Provider
from .records.services import (
    attendance_record,
    enrolment_assess,
    enrolment_certify,
    enrolment_complete,
    enrolment_drop_out,
)

# Providers of the demo: name, kind, district, workshops (name, capacity), instructors
# (name, certification scheme, valid until: one has expired, so the flag shows).
DEMO_PROVIDERS = [
    ("UPTD BLK Kabupaten Paser", "blk", "64.01", [("Dapur Tata Boga", 20), ("Bengkel Otomotif", 16)],
     [("Siti Aminah", "Instruktur Tata Boga", (2028, 12, 31)),
      ("Rudi Hartono", "Mekanik Sepeda Motor", (2026, 3, 31))]),
    ("LKP Citra Busana Tanah Grogot", "lkp", "64.01", [("Ruang Menjahit", 16)],
     [("Wulan Sari", "Instruktur Menjahit", (2027, 6, 30))]),
    ("UPTD BLK Kabupaten Bantaeng", "blk", "73.03", [("Ruang Barista", 16)],
     [("Daeng Ngalle", "Barista", (2028, 1, 31))]),
]
DEMO_PACKAGES = [
    ("TB-01", "Tata Boga Dasar", "tata boga", True, 160,
     [("I.56TBO00.001.1", "Menerapkan keselamatan kerja di dapur"), ("I.56TBO00.002.1", "Mengolah makanan pokok")]),
    ("OTO-01", "Perbengkelan Sepeda Motor", "perbengkelan", True, 240,
     [("C.45OTO00.001.1", "Memelihara sistem mesin sepeda motor")]),
    ("JHT-01", "Menjahit Pakaian", "menjahit", False, 120, []),
    ("BRS-01", "Barista", "barista", False, 80, []),
]


def seed_training(context: DemoContext) -> None:
    """Providers, packages and batches of the first cycle; the first batch enrolled from the
    waiting list, its attendance taken and its results recorded, all through the services; and
    the Kalimantan Timur cycle's reallocation waiting for its second official."""
    seed_batches(context)
    seed_kaltim_reallocation(context)


def seed_batches(context: DemoContext) -> None:
    year = context.year
    if Provider.objects.filter(name=DEMO_PROVIDERS[0][0]).exists():
        return
    admin = demo_admin()
    packages = {
        code: package_save(by=admin, units=units, code=code, name=name, vocation=vocation,
                           competency_based=competency, hours=hours, class_size=16, description="")
        for code, name, vocation, competency, hours, units in DEMO_PACKAGES
    }
    providers = {}
    for name, kind, regency, workshops, instructors in DEMO_PROVIDERS:
        provider = provider_save(by=admin, name=name, kind=kind, regency=Regency.objects.get(code=regency),
                                 village_code="", address="", contact_name="", phone="", email="")
        rooms = [workshop_save(by=admin, provider=provider, name=room, capacity=size) for room, size in workshops]
        people = []
        for index, (person, scheme, valid_until) in enumerate(instructors):
            instructor = instructor_save(by=admin, provider=provider, name=person, phone="", email="")
            certification_save(by=admin, instructor=instructor, scheme=scheme, number=f"DEMO-{provider.pk}-{index}",
                               issuer="BNSP", expires_on=date(*valid_until))
            people.append(instructor)
        providers[regency, kind] = (provider, rooms, people)
    User.objects.filter(username="blk.paser").update(provider=providers["64.01", "blk"][0])
    User.objects.filter(username="blk.bantaeng").update(provider=providers["73.03", "blk"][0])

    cycle = ProgramCycle.objects.get(code=f"PSK-{year}")

    def sessions(start, end):
        return [
            (timezone.make_aware(datetime.combine(day, time(8))), timezone.make_aware(datetime.combine(day, time(12))))
            for day in dates_on_weekdays(start=start, end=end, weekdays=range(5))
        ]

    plans = [  # provider key, room, instructors, package, name, start, end
        (("64.01", "blk"), 0, [0], "TB-01", "Tata Boga Angkatan 1", date(year, 8, 3), date(year, 8, 28)),
        (("64.01", "blk"), 1, [1], "OTO-01", "Otomotif Angkatan 1", date(year, 8, 3), date(year, 9, 11)),
        (("64.01", "lkp"), 0, [0], "JHT-01", "Menjahit Angkatan 1", date(year, 12, 1), date(year, 12, 19)),
        (("73.03", "blk"), 0, [0], "BRS-01", "Barista Angkatan 1", date(year, 8, 10), date(year, 8, 21)),
    ]
    batches = []
    for key, room, teachers, package, name, start, end in plans:
        provider, rooms, people = providers[key]
        batches.append(batch_save(
            by=admin, provider=provider, cycle=cycle, package=packages[package], workshop=rooms[room], name=name,
            start_date=start, end_date=end, capacity=16, instructors=[people[i] for i in teachers],
            sessions=sessions(start, end),
        ))
    first = batches[0]
    blk_admin = User.objects.get(username="blk.paser")
    for application in list(waiting_list(cycle=cycle, regency_code="64.01")[:10]):
        enrolment_create(batch=first, application=application, by=blk_admin, note="Data demo")
    enrolments = list(Enrolment.objects.filter(batch=first).order_by("pk"))
    for number, session in enumerate(first.sessions.order_by("starts_at")):
        marks = {e.pk: ("alpa" if i == 0 and number > 3 else "sakit" if (i + number) % 9 == 0 else "hadir")
                 for i, e in enumerate(enrolments)}
        attendance_record(session=session, marks=marks, by=blk_admin)
    for index, enrolment in enumerate(enrolments):
        if index == 0:
            enrolment_drop_out(enrolment=enrolment, reason="Bekerja di luar kota", by=blk_admin)
            continue
        enrolment_complete(enrolment=enrolment, completed_on=first.end_date, by=blk_admin)
        competent = index % 4 != 3
        enrolment_assess(enrolment=enrolment, assessment="kompeten" if competent else "belum_kompeten",
                         assessed_on=first.end_date, by=blk_admin)
        if competent:
            enrolment_certify(enrolment=enrolment, number=f"BNSP-TB-{year}-{index:04d}", issuer="BNSP",
                              expires_on=date(year + 3, first.end_date.month, first.end_date.day), by=blk_admin)
    context.write(f"Training: {len(providers)} providers, {len(batches)} batches, {len(enrolments)} enrolled")


def seed_kaltim_reallocation(context: DemoContext) -> None:
    """A reallocation of the Kalimantan Timur cycle proposed by one provincial official and
    waiting for the other (pejabat.kaltim2): the four-eyes approval, ready to try."""
    from .reallocation.services import reallocation_propose

    cycle = ProgramCycle.objects.filter(code=f"PKT-{context.year}").first()
    if cycle is None or cycle.reallocation_proposals.exists():
        return
    proposer = User.objects.get(username="pejabat.kaltim")
    proposal = reallocation_propose(
        cycle=cycle, by=proposer,
        reason="Balikpapan dan Samarinda belum punya pendaftar yang layak; kursinya untuk Paser",
    )
    context.write(f"Reallocation {cycle.code}: proposed by {proposer.username}, waiting for pejabat.kaltim2 "
                  f"(proposal {proposal.pk})")
