"""Demo data for a first look at the portal: the seed districts, a few programs, a few hundred
applicants, a DTKS snapshot, one eligibility run and one user per role. Idempotent."""

import random
import tempfile
from datetime import date, timedelta
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from accounts.roles import Role
from accounts.services import user_create
from regions.models import Province, Regency, Village

DEMO_PASSWORD = "demo-pelatihan-2026"
SEED_REGENCIES = ["64.01", "73.03", "63.09", "62.71"]

DEMO_USERS = [
    ("admin", Role.SYSTEM_ADMIN, None, None, "Admin Sistem"),
    ("staf.paser", Role.DINSOS_STAFF, "64.01", None, "Staf Dinsos Paser"),
    ("staf.bantaeng", Role.DINSOS_STAFF, "73.03", None, "Staf Dinsos Bantaeng"),
    ("blk.paser", Role.BLK_ADMIN, "64.01", None, "Admin BLK Paser"),
    ("blk.bantaeng", Role.BLK_ADMIN, "73.03", None, "Admin BLK Bantaeng"),
    ("pejabat.paser", Role.OFFICIAL, "64.01", None, "Pejabat Kabupaten Paser"),
    ("pejabat.kaltim", Role.OFFICIAL, None, "64", "Pejabat Provinsi Kalimantan Timur"),
    ("pejabat.kaltim2", Role.OFFICIAL, None, "64", "Pejabat Provinsi Kalimantan Timur (kedua)"),
]

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

FIRST_NAMES = ["Andi", "Budi", "Citra", "Dewi", "Eka", "Fajar", "Gita", "Hadi", "Indah", "Joko", "Kiki", "Lestari",
               "Made", "Nur", "Putri", "Rahmat", "Sari", "Tono", "Wati", "Yusuf"]
LAST_NAMES = ["Saputra", "Wijaya", "Lestari", "Hidayat", "Pratama", "Rahayu", "Siregar", "Nasution", "Daeng",
              "Ramadhan"]


def _catalog(year: int) -> dict:
    return {
        "programs": [
            {
                "code": f"PSK-{year}",
                "program": "Pelatihan Keterampilan Pemuda Putus Sekolah",
                "year": year,
                "registration_closes": f"{year}-07-31",
                "rules": {"max_age": 20, "school_status": ["putus_sekolah"], "require_dtks": True,
                          "regions": SEED_REGENCIES},
                "quotas": {"64.01": 40, "73.03": 30, "63.09": 25, "62.71": 20},
            },
            {
                "code": f"PKW-{year}",
                "program": "Pelatihan Kewirausahaan Warga Miskin",
                "year": year,
                "registration_closes": f"{year}-09-30",
                "rules": {"min_age": 17, "require_dtks": True, "max_desil": 4, "regions": SEED_REGENCIES},
                "quotas": {"64.01": 30, "73.03": 30, "63.09": 20, "62.71": 20},
            },
        ]
    }


def _nik(rng, subdistrict_code: str, birth: date, female: bool, serial: int) -> str:
    day = birth.day + (40 if female else 0)
    return f"{subdistrict_code.replace('.', '')}{day:02d}{birth:%m%y}{serial:04d}"


class Command(BaseCommand):
    help = "Load demo data (idempotent) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--applicants", type=int, default=800)

    def handle(self, *args, **options):
        missing = [code for code in SEED_REGENCIES if not Regency.objects.filter(code=code).exists()]
        if missing:
            raise CommandError(f"Regions {', '.join(missing)} are missing: run `python manage.py load_regions` first.")
        self._users()
        year = date.today().year
        self._programs(year)
        self._applicants_and_dtks(year, options["applicants"])
        self._training(year)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, role, regency, province, _name in DEMO_USERS:
            area = regency or (f"province {province}" if province else "all regions")
            self.stdout.write(f"  {username:<16} {Role(role).label} · {area}")

    def _users(self):
        for username, role, regency, province, name in DEMO_USERS:
            if User.objects.filter(username=username).exists():
                continue
            first, _, last = name.partition(" ")
            user_create(
                username=username, password=DEMO_PASSWORD, role=role,
                regency=Regency.objects.get(code=regency) if regency else None,
                province=Province.objects.get(code=province) if province else None,
                first_name=first, last_name=last, email=f"{username}@demo.invalid",
            )

    def _programs(self, year):
        from programs.services import programs_import_catalog

        programs_import_catalog(data=_catalog(year), by=User.objects.get(username="admin"))

    def _applicants_and_dtks(self, year, count):
        from participants.applicant_import import applicants_import
        from participants.models import Application
        from programs.models import ProgramCycle
        from verification.dtks_import import dtks_import_file
        from verification.eligibility import eligibility_run
        from verification.models import DtksSnapshot

        if Application.objects.filter(cycle__code__in=[f"PSK-{year}", f"PKW-{year}"]).exists():
            return
        rng = random.Random(2026)
        villages = {code: list(Village.objects.filter(code__startswith=code + ".").values_list("code", flat=True)[:40])
                    for code in SEED_REGENCIES}
        staff = User.objects.get(username="admin")
        header = (
            "nik;no_kk;nama;tanggal_lahir;jenis_kelamin;kode_wilayah;alamat;no_hp;pendidikan_terakhir;status_sekolah;"
            "program"
        )
        applicant_lines, dtks_lines = (
            [header],
            ["id_dtks;nik;no_kk;nama;tanggal_lahir;jenis_kelamin;kode_wilayah;alamat;desil"],
        )
        for index in range(count):
            regency = SEED_REGENCIES[index % len(SEED_REGENCIES)]
            village = rng.choice(villages[regency])
            female = rng.random() < 0.5
            birth = date(year - rng.randint(15, 30), 1, 1) + timedelta(days=rng.randint(0, 364))
            nik = _nik(rng, village[:8], birth, female, index + 1)
            no_kk = f"{village[:8].replace('.', '')}{rng.randint(10**9, 10**10 - 1)}"
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            school = rng.choice(["putus_sekolah", "putus_sekolah", "lulus", "masih_sekolah"])
            education = rng.choice(["SD", "SMP", "SLTA", "smp"])
            program = f"PSK-{year}" if index % 3 else f"PKW-{year}"
            applicant_lines.append(
                f"{nik};{no_kk};{name};{birth:%d-%m-%Y};{'P' if female else 'L'};{village};Jl. Contoh No. {index};"
                f"08{rng.randint(10**9, 10**10 - 1)};{education};{school};{program}"
            )
            if rng.random() < 0.75:
                desil = "" if rng.random() < 0.1 else str(rng.randint(1, 6))
                dtks_lines.append(
                    f"D{index:06d};{nik};{no_kk};{name};{birth:%Y-%m-%d};{'P' if female else 'L'};{village};;{desil}"
                )
        with tempfile.TemporaryDirectory() as folder:
            applicants = Path(folder) / "pendaftar-demo.csv"
            applicants.write_text("\n".join(applicant_lines) + "\n", encoding="utf-8")
            report = applicants_import(path=applicants, file_name=applicants.name, by=staff)
            self.stdout.write(f"Applicants: {report.imported} imported")
            if not DtksSnapshot.objects.completed().exists():
                dtks = Path(folder) / "dtks-demo.csv"
                dtks.write_text("\n".join(dtks_lines) + "\n", encoding="utf-8")
                dtks_import_file(path=dtks, file_name=dtks.name, snapshot_date=date(year, 6, 30), by=staff)
        for cycle in ProgramCycle.objects.filter(code__in=[f"PSK-{year}", f"PKW-{year}"]):
            run = eligibility_run(cycle=cycle, by=staff)
            self.stdout.write(f"Eligibility {cycle.code}: {run.counts}")



    def _training(self, year):
        """Providers, packages and batches of the first cycle; the first batch enrolled from the
        waiting list, its attendance taken and its results recorded, all through the services."""
        from datetime import datetime, time

        from django.utils import timezone

        from programs.models import ProgramCycle
        from training.courses.calendar import dates_on_weekdays
        from training.courses.services import (
            batch_save,
            certification_save,
            instructor_save,
            package_save,
            provider_save,
            workshop_save,
        )
        from training.enrolment.selectors import waiting_list
        from training.enrolment.services import enrolment_create
        from training.models import Enrolment, Provider
        from training.records.services import (
            attendance_record,
            enrolment_assess,
            enrolment_certify,
            enrolment_complete,
            enrolment_drop_out,
        )

        if Provider.objects.filter(name=DEMO_PROVIDERS[0][0]).exists():
            return
        admin = User.objects.get(username="admin")
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
                (
                    timezone.make_aware(datetime.combine(day, time(8))),
                    timezone.make_aware(datetime.combine(day, time(12))),
                )
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
        self.stdout.write(f"Training: {len(providers)} providers, {len(batches)} batches, {len(enrolments)} enrolled")
