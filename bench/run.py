"""Benchmark of the heavy paths of issue 3, on the machine's PostgreSQL.

    make bench            (or: .venv/bin/python bench/run.py [--dtks-rows N] [--applications N])

Creates its own database (training_portal_bench), generates deterministic files in bench/out/,
then runs the real management commands in child processes and prints each one's wall time and
peak memory (max RSS of the child). Nothing here is a test: it only measures.
"""

import argparse
import json
import os
import random
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
PYTHON = sys.executable
# BENCH_DB: another name when several checkouts share one PostgreSQL.
BENCH_DB = os.environ.get("BENCH_DB", "training_portal_bench")

REGENCY_SUBDISTRICTS = {  # kabupaten -> a few of its kecamatan codes (digits)
    "64.01": ["640101", "640102", "640103", "640104"],
    "73.03": ["730301", "730302", "730303"],
    "63.09": ["630901", "630902", "630903"],
    "62.71": ["627101", "627102", "627103"],
}


def bench_database_url() -> str:
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/training_portal")
    parts = urlparse(base)
    return urlunparse(parts._replace(path="/" + BENCH_DB))


def timed(args, env, label):
    """Wall time and the child's own peak memory (ru_maxrss), via wait4."""
    start = time.perf_counter()
    proc = subprocess.Popen(args, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    stdout = proc.stdout.read()
    stderr = proc.stderr.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{label}: failed\n{stderr.decode()}")
    return elapsed, usage.ru_maxrss / 1024, stdout.decode()


def nik_for(rng, subdistrict: str, birth: date, female: bool, serial: int) -> str:
    return f"{subdistrict}{birth.day + (40 if female else 0):02d}{birth:%m%y}{serial:04d}"


def real_villages() -> dict[str, list[str]]:
    """Desa codes of the benchmark's kecamatan, from the region data npm installed."""
    import csv

    wanted = {sub for subs in REGENCY_SUBDISTRICTS.values() for sub in subs}
    villages: dict[str, list[str]] = {}
    with (ROOT / "node_modules" / "idn-area-data" / "data" / "villages.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            sub = row["district_code"].replace(".", "")
            if sub in wanted:
                villages.setdefault(sub, []).append(row["code"])
    return villages


def generate(dtks_rows: int, applications: int, year: int):
    OUT.mkdir(parents=True, exist_ok=True)
    villages = real_villages()
    dtks_path = OUT / f"dtks_{dtks_rows}.csv"
    applicants_path = OUT / f"applicants_{applications}.csv"
    if dtks_path.exists() and applicants_path.exists():
        return dtks_path, applicants_path
    rng = random.Random(20261123)
    subdistricts = [(reg, sub) for reg, subs in REGENCY_SUBDISTRICTS.items() for sub in subs]
    people = []
    for i in range(dtks_rows):
        reg, sub = subdistricts[i % len(subdistricts)]
        birth = date(year - 30, 1, 1) + timedelta(days=rng.randint(0, 365 * 25))
        female = i % 2 == 1
        serial = (i // len(subdistricts)) % 9999 + 1
        # The serial repeats every 9,999 people of a kecamatan; the birth date keeps NIKs apart.
        nik = nik_for(rng, sub, birth, female, serial)
        no_kk = f"{sub}{i:010d}"
        people.append((nik, no_kk, birth, female, sub))
    seen = set()
    with dtks_path.open("w", encoding="utf-8") as out:
        out.write("id_dtks,nik,no_kk,nama,tanggal_lahir,jenis_kelamin,kode_wilayah,alamat,desil\n")
        for i, (nik, no_kk, birth, female, sub) in enumerate(people):
            seen.add(nik)
            desil = "" if i % 17 == 0 else str(i % 10 + 1)
            village = villages[sub][i % len(villages[sub])]
            out.write(f"D{i:08d},{nik},{no_kk},Warga {i},{birth:%Y-%m-%d},{'P' if female else 'L'},{village},"
                      f"Jl. Bench {i},{desil}\n")
    with applicants_path.open("w", encoding="utf-8") as out:
        out.write("nik,no_kk,nama,tanggal_lahir,jenis_kelamin,kode_wilayah,alamat,no_hp,pendidikan_terakhir,status_sekolah,program\n")
        for j in range(applications):
            kind = j % 10
            reg, sub = subdistricts[j % len(subdistricts)]
            if kind < 7:  # the person is in DTKS
                nik, no_kk, birth, female, sub = people[(j * 7919) % dtks_rows]
            else:
                birth = date(year - 22, 1, 1) + timedelta(days=rng.randint(0, 365 * 8))
                female = j % 2 == 0
                nik = nik_for(rng, sub, birth, female, 9000 + j % 999)
                # A tenth of all: another member of a DTKS household.
                no_kk = people[(j * 104729) % dtks_rows][1] if kind == 7 else f"{sub}9{j:09d}"
            village = villages[sub][j % len(villages[sub])]
            school = ("putus_sekolah", "lulus", "masih_sekolah")[j % 3]
            out.write(f"{nik},{no_kk},Pendaftar {j},{birth:%d-%m-%Y},{'P' if female else 'L'},{village},,,SMP,"
                      f"{school},BENCH-{year}\n")
    return dtks_path, applicants_path


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dtks-rows", type=int, default=1_000_000)
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--generate-only", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    year = 2026
    if options.generate_only:
        generate(options.dtks_rows, options.applications, year)
        return
    env = dict(os.environ, DATABASE_URL=bench_database_url(), DJANGO_SETTINGS_MODULE="training_portal.settings.local",
               DJANGO_DEBUG="false")
    manage = [PYTHON, "manage.py"]

    print(f"Preparing database {BENCH_DB} and files "
          f"({options.dtks_rows:,} DTKS rows, {options.applications:,} applications)…")
    admin = urlparse(bench_database_url())
    subprocess.run([PYTHON, "-c", (
        "import psycopg2,sys;c=psycopg2.connect(sys.argv[1]);c.autocommit=True;"
        f"c.cursor().execute('DROP DATABASE IF EXISTS {BENCH_DB}');c.cursor().execute('CREATE DATABASE {BENCH_DB}')"
    ), urlunparse(admin._replace(path="/postgres"))], check=True)
    subprocess.run(manage + ["migrate", "-v0"], env=env, cwd=ROOT, check=True)
    subprocess.run(manage + ["load_regions"], env=env, cwd=ROOT, check=True, capture_output=True)
    catalog = OUT / "catalog.json"
    OUT.mkdir(parents=True, exist_ok=True)
    catalog.write_text(json.dumps({"programs": [{
        "code": f"BENCH-{year}", "program": "Benchmark", "year": year, "registration_closes": f"{year}-07-31",
        "rules": {"max_age": 25, "school_status": ["putus_sekolah", "lulus"], "require_dtks": True, "max_desil": 5,
                  "regions": list(REGENCY_SUBDISTRICTS)},
        "quotas": dict.fromkeys(REGENCY_SUBDISTRICTS, 5000),
    }]}))
    subprocess.run(manage + ["import_programs", str(catalog)], env=env, cwd=ROOT, check=True, capture_output=True)
    started = time.perf_counter()
    # Generated in a child process, so that this one stays small: a child's peak memory counts
    # what it inherited at fork time.
    subprocess.run([PYTHON, __file__, "--generate-only", "--dtks-rows", str(options.dtks_rows),
                    "--applications", str(options.applications)], check=True)
    dtks_path = OUT / f"dtks_{options.dtks_rows}.csv"
    applicants_path = OUT / f"applicants_{options.applications}.csv"
    print(f"  files ready in {time.perf_counter() - started:.1f} s: {dtks_path.name} "
          f"({dtks_path.stat().st_size / 1e6:.0f} MB), {applicants_path.name}")

    export_path = OUT / "eligibility.csv"
    steps = [
        (f"import_dtks ({options.dtks_rows:,} rows)",
         # Every row checked against a named coverage (§3), as a provincial upload is.
         ["import_dtks", str(dtks_path), "--snapshot-date", f"{year}-06-30", "--json",
          *(arg for code in REGENCY_SUBDISTRICTS for arg in ("--district", code))], 12.0),
        (f"import_applicants ({options.applications:,} rows)",
         ["import_applicants", str(applicants_path), "--json"], 10.0),
        (f"run_eligibility --sync ({options.applications:,})",
         ["run_eligibility", "--program", f"BENCH-{year}", "--sync", "--json"], 5.0),
        ("run_eligibility --sync (re-run)", ["run_eligibility", "--program", f"BENCH-{year}", "--sync", "--json"], 5.0),
        (f"export_eligibility ({options.applications:,})",
         ["export_eligibility", "--program", f"BENCH-{year}", "--output", str(export_path), "--json"], 2.0),
    ]
    print()
    print(f"{'step':<44} {'wall s':>8} {'target s':>9} {'peak MB':>8}  result")
    for label, args, target in steps:
        elapsed, peak, stdout = timed(manage + args, env, label)
        result = json.loads(stdout)
        brief = {k: v for k, v in result.items() if k not in ("errors", "warnings")}
        if "warnings" in result:
            brief["warnings"] = len(result["warnings"])
        verdict = "ok" if elapsed <= target else "SLOW"
        print(f"{label:<44} {elapsed:>8.2f} {target:>9.1f} {peak:>8.0f}  {verdict} {json.dumps(brief)}")


if __name__ == "__main__":
    main()
