"""Benchmark of issue 9 (bounded imports): the peak memory of an import worker on a file of
1,000,000 rows in which every row is bad.

    make bench-import-memory      (or: .venv/bin/python bench/import_memory.py [--rows N])

Creates its own database (training_portal_bench_import), migrates it, loads the regions and
adds one program cycle; writes an applicant CSV (§4) of --rows rows, each with a NIK of 5
digits, so that every row is rejected with a problem; then, in a fresh child process like a
Celery worker, runs the real task body (participants.import_applicants) on it and prints the
worker's resident memory before and at its peak (VmHWM), the problems counted and the lines of
the per-line report. Target: a peak under 300 MB. Nothing here is a test: it only measures.
"""

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BENCH_DB = "training_portal_bench_import"
TARGET_MB = 300
HEADER = "nik,no_kk,nama,tanggal_lahir,jenis_kelamin,kode_wilayah,pendidikan_terakhir,status_sekolah,program\n"


def bench_database_url() -> str:
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/training_portal")
    return urlunparse(urlparse(base)._replace(path="/" + BENCH_DB))


def memory_mb(field: str) -> float:
    """VmRSS (now) or VmHWM (the peak so far) of this process, in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(field)


def write_file(path: Path, rows: int) -> None:
    row = "{n:05d},6401010101050001,Pendaftar {n},17-08-2005,P,64.01.01.2001,sma,putus_sekolah,BENCH-2026\n"
    with path.open("w", encoding="utf-8") as handle:
        handle.write(HEADER)
        for start in range(0, rows, 10_000):
            handle.write("".join(row.format(n=n % 100_000) for n in range(start, min(start + 10_000, rows))))


def prepare() -> None:
    import django

    django.setup()
    from datetime import date

    from programs.models import Program, ProgramCycle

    program = Program.objects.create(name="Pelatihan (benchmark)")
    ProgramCycle.objects.create(code="BENCH-2026", program=program, year=2026, registration_opens=date(2026, 1, 1),
                                registration_closes=date(2026, 12, 31), rules={})


def measure(path: Path) -> bool:
    import django

    django.setup()
    from django.conf import settings

    from core.importing import report_path
    from core.jobs import job_create
    from core.models import Job
    from participants.tasks import import_applicants

    settings.MEDIA_ROOT = str(path.parent / "media")
    job = job_create(kind="applicant_import", input_file=str(path), input_name=path.name)
    before = memory_mb("VmRSS")
    started = time.perf_counter()
    import_applicants(job.pk)  # the Celery task body, run in this process as a worker would
    seconds = time.perf_counter() - started
    peak = memory_mb("VmHWM")
    job = Job.objects.get(pk=job.pk)
    report_lines = sum(1 for _line in report_path(job.pk).open(encoding="utf-8-sig")) - 1
    result = job.result or {}
    print(f"job status:            {job.status} ({job.message[:100]})")
    print(f"rows rejected:         {result.get('rejected', 0):,}")
    print(f"problems in all:       {result.get('errors_total', 0):,} (the job keeps the first "
          f"{len(result.get('errors', []))})")
    print(f"per-line report lines: {report_lines:,}")
    print(f"problems kept in RAM:  at most {settings.IMPORT_PROBLEMS_IN_MEMORY:,}")
    print(f"import time:           {seconds:.1f} s")
    print(f"worker RSS before:     {before:.0f} MB")
    print(f"worker peak RSS:       {peak:.0f} MB (target: under {TARGET_MB} MB)")
    return peak < TARGET_MB and result.get("rejected") == report_lines


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--step", choices=["prepare", "measure"], help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.step == "prepare":
        prepare()
        return
    if options.step == "measure":
        sys.exit(0 if measure(Path(options.file)) else 1)

    import psycopg2

    env = dict(os.environ, DATABASE_URL=bench_database_url(), DJANGO_SETTINGS_MODULE="training_portal.settings.local",
               DJANGO_DEBUG="false")
    print(f"Preparing database {BENCH_DB} and a file of {options.rows:,} bad rows…")
    connection = psycopg2.connect(urlunparse(urlparse(bench_database_url())._replace(path="/postgres")))
    connection.autocommit = True
    connection.cursor().execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
    connection.cursor().execute(f"CREATE DATABASE {BENCH_DB}")
    connection.close()
    manage = [PYTHON, "manage.py"]
    subprocess.run(manage + ["migrate", "-v0"], env=env, cwd=ROOT, check=True)
    subprocess.run(manage + ["load_regions"], env=env, cwd=ROOT, check=True, capture_output=True)
    subprocess.run([PYTHON, "-m", "bench.import_memory", "--step", "prepare"], env=env, cwd=ROOT, check=True)
    folder = ROOT / "var" / "bench-import"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "pendaftar-semua-salah.csv"
    write_file(path, options.rows)
    print(f"file: {path} ({path.stat().st_size / 1e6:.0f} MB)")
    completed = subprocess.run([PYTHON, "-m", "bench.import_memory", "--step", "measure", "--file", str(path)],
                               env=env, cwd=ROOT)
    sys.exit(completed.returncode)


if __name__ == "__main__":
    main()
