"""The demo's DTKS extracts, one per demo district with that district as its coverage, as each
Dinas Sosial sends its own (three in four demo applicants are in them, a few with no desil), and
one eligibility run of each demo cycle."""

import random
import tempfile
from datetime import date
from pathlib import Path

from accounts.demo import demo_admin
from core.demo import DemoContext
from participants.models import Application
from programs.demo import demo_cycle_codes
from programs.models import ProgramCycle

from .models import DtksSnapshot
from .services import dtks_import_file, eligibility_run

HEADER = "id_dtks;nik;no_kk;nama;tanggal_lahir;jenis_kelamin;kode_wilayah;alamat;desil"


def seed_dtks_and_eligibility(context: DemoContext) -> None:
    codes = demo_cycle_codes(context.year)
    admin = demo_admin()
    if not DtksSnapshot.objects.completed().exists():
        rng = random.Random(2026)
        people = (
            Application.objects.filter(cycle__code__in=codes)
            .order_by("pk")
            .values_list("person__nik", "person__no_kk", "person__name", "person__birth_date", "person__sex",
                         "village_code", "regency_id")
        )
        lines_by_regency: dict[str, list[str]] = {}
        seen = set()
        for index, (nik, no_kk, name, birth, sex, village, regency) in enumerate(people):
            if nik in seen:  # a person applying to two demo cycles is listed once
                continue
            seen.add(nik)
            if rng.random() < 0.75:
                desil = "" if rng.random() < 0.1 else str(rng.randint(1, 6))
                lines_by_regency.setdefault(regency, []).append(
                    f"D{index:06d};{nik};{no_kk};{name};{birth:%Y-%m-%d};{sex};{village};;{desil}"
                )
        # Each district's extract at its own time: a day apart, the first district's the oldest.
        for day, (regency, lines) in enumerate(sorted(lines_by_regency.items()), 1):
            with tempfile.TemporaryDirectory() as folder:
                path = Path(folder) / f"dtks-demo-{regency.replace('.', '')}.csv"
                path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
                _snapshot, report = dtks_import_file(
                    path=path, file_name=path.name, snapshot_date=date(context.year, 6, day),
                    coverage=[regency], by=admin,
                )
            context.write(f"DTKS {regency}: {report.imported} rows")
    for cycle in ProgramCycle.objects.filter(code__in=codes, eligibility_runs__isnull=True):
        run = eligibility_run(cycle=cycle, by=admin)
        context.write(f"Eligibility {cycle.code}: {run.counts}")
