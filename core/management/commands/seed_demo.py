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
    ("pejabat.paser", Role.OFFICIAL, "64.01", None, "Pejabat Kabupaten Paser"),
    ("pejabat.kaltim", Role.OFFICIAL, None, "64", "Pejabat Provinsi Kalimantan Timur"),
]

FIRST_NAMES = ["Andi", "Budi", "Citra", "Dewi", "Eka", "Fajar", "Gita", "Hadi", "Indah", "Joko", "Kiki", "Lestari",
               "Made", "Nur", "Putri", "Rahmat", "Sari", "Tono", "Wati", "Yusuf"]
LAST_NAMES = ["Saputra", "Wijaya", "Lestari", "Hidayat", "Pratama", "Rahayu", "Siregar", "Nasution", "Daeng", "Ramadhan"]


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
        parser.add_argument("--applicants", type=int, default=300)

    def handle(self, *args, **options):
        missing = [code for code in SEED_REGENCIES if not Regency.objects.filter(code=code).exists()]
        if missing:
            raise CommandError(f"Regions {', '.join(missing)} are missing: run `python manage.py load_regions` first.")
        self._users()
        year = date.today().year
        self._programs(year)
        self._applicants_and_dtks(year, options["applicants"])
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
        from programs.services.catalog import programs_import_catalog

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
        header = "nik;no_kk;nama;tanggal_lahir;jenis_kelamin;kode_wilayah;alamat;no_hp;pendidikan_terakhir;status_sekolah;program"
        applicant_lines, dtks_lines = [header], ["id_dtks;nik;no_kk;nama;tanggal_lahir;jenis_kelamin;kode_wilayah;alamat;desil"]
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
                dtks_lines.append(f"D{index:06d};{nik};{no_kk};{name};{birth:%Y-%m-%d};{'P' if female else 'L'};{village};;{desil}")
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


