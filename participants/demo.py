"""The demo's applicants: a few hundred young people of the demo districts, imported through the
applicant import as a village list would be."""

import random
import tempfile
from datetime import date, timedelta
from pathlib import Path

from accounts.demo import demo_admin
from core.demo import SEED_REGENCIES, DemoContext
from core.identifiers import nik_birth_digits
from programs.demo import demo_cycle_codes
from regions.models import Village

from .models import Application
from .services import applicants_import

FIRST_NAMES = ["Andi", "Budi", "Citra", "Dewi", "Eka", "Fajar", "Gita", "Hadi", "Indah", "Joko", "Kiki",
               "Lestari", "Made", "Nur", "Putri", "Rahmat", "Sari", "Tono", "Wati", "Yusuf"]
LAST_NAMES = ["Saputra", "Wijaya", "Lestari", "Hidayat", "Pratama", "Rahayu", "Siregar", "Nasution", "Daeng",
              "Ramadhan"]

HEADER = (
    "nik;no_kk;nama;tanggal_lahir;jenis_kelamin;kode_wilayah;alamat;no_hp;pendidikan_terakhir;status_sekolah;program"
)


def _nik(subdistrict_code: str, birth: date, female: bool, serial: int) -> str:
    return f"{subdistrict_code.replace('.', '')}{nik_birth_digits(birth, sex='P' if female else 'L')}{serial:04d}"


def seed_applicants(context: DemoContext) -> None:
    year = context.year
    psk, pkw, pkt = demo_cycle_codes(year)
    if Application.objects.filter(cycle__code__in=[psk, pkw, pkt]).exists():
        return
    rng = random.Random(2026)
    villages = {code: list(Village.objects.filter(code__startswith=code + ".").values_list("code", flat=True)[:40])
                for code in SEED_REGENCIES}
    lines = [HEADER]
    for index in range(context.applicants):
        regency = SEED_REGENCIES[index % len(SEED_REGENCIES)]
        village = rng.choice(villages[regency])
        female = rng.random() < 0.5
        birth = date(year - rng.randint(15, 30), 1, 1) + timedelta(days=rng.randint(0, 364))
        nik = _nik(village[:8], birth, female, index + 1)
        no_kk = f"{village[:8].replace('.', '')}{rng.randint(10**9, 10**10 - 1)}"
        name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        school = rng.choice(["putus_sekolah", "putus_sekolah", "lulus", "masih_sekolah"])
        education = rng.choice(["SD", "SMP", "SLTA", "smp"])
        program = psk if index % 3 else pkw
        row = (f"{nik};{no_kk};{name};{birth:%d-%m-%Y};{'P' if female else 'L'};{village};Jl. Contoh No. {index};"
               f"08{rng.randint(10**9, 10**10 - 1)};{education};{school};")
        lines.append(row + program)
        if regency == "64.01" and index % 8 == 0:
            # Half of Paser's applicants also apply to the Kalimantan Timur cycle.
            lines.append(row + pkt)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "pendaftar-demo.csv"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        report = applicants_import(path=path, file_name=path.name, by=demo_admin())
    context.write(f"Applicants: {report.imported} imported")
