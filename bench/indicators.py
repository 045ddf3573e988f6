"""Benchmark of the §12 indicators (issue 11) on the machine's PostgreSQL.

    make bench-indicators     (or: .venv/bin/python bench/indicators.py [--applications N] [--imported N] ...)

Creates its own database (training_portal_bench_indicators) holding a province generated in SQL:
East Kalimantan's districts, one program cycle per year, persons, applications with eligibility
results and staff decisions, providers with batches and enrolments (completed, dropped out,
withdrawn, still enrolled; certificates), trainings imported from providers' reports, and a
target per district and year. Then it times

- `manage.py report_indicators --year Y --json` as a new process (what an official or a cron job
  runs; the target is under 2 s, Django's start included), and
- dashboards.indicators.indicators_compute in a warm process (what a dashboard page calls),
  for the whole province and for one district,

and prints the figures. Nothing here is a test: it only measures.

The generator is parametrised (`Params`) so that the dashboards' benchmark can grow it to the
full issue-11 province (1,000,000 persons, 2,000 batches, grants and visits): each kind of row is
one function taking the cursor and the parameters.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BENCH_DB = "training_portal_bench_indicators"
PROVINCE = "64"


@dataclass
class Params:
    districts: int = 10
    years: int = 3
    first_year: int = 2024
    persons: int = 200_000
    applications: int = 300_000
    imported: int = 50_000
    batches_per_district_year: int = 20
    seats_per_batch: int = 12


def bench_database_url() -> str:
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/training_portal")
    return urlunparse(urlparse(base)._replace(path="/" + BENCH_DB))


# --- the generator ------------------------------------------------------------------------------


def gen_districts(cursor, p: Params) -> None:
    """bench_district: the first `districts` kabupaten/kota of the province, numbered from 0, each
    with a real desa."""
    cursor.execute("""
        CREATE TABLE bench_district AS
        SELECT row_number() OVER (ORDER BY r.code) - 1 AS n, r.code,
               (SELECT v.code FROM regions_subdistrict s JOIN regions_village v ON v.subdistrict_id = s.code
                WHERE s.regency_id = r.code ORDER BY v.code LIMIT 1) AS village
        FROM regions_regency r WHERE r.province_id = %s ORDER BY r.code LIMIT %s
    """, [PROVINCE, p.districts])


def gen_cycles(cursor, p: Params) -> None:
    cursor.execute("INSERT INTO programs_program (name, created_at) VALUES ('Pelatihan Kaltim (benchmark)', now())")
    cursor.execute("""
        INSERT INTO programs_programcycle (code, program_id, year, registration_opens, registration_closes, rules,
                                           rules_version, created_at, updated_at)
        SELECT 'KALTIM-' || y, p.id, y, make_date(y, 1, 1), make_date(y, 7, 31), '{}'::jsonb, 1, now(), now()
        FROM programs_program p, generate_series(%s::int, %s::int) y
    """, [p.first_year, p.first_year + p.years - 1])
    cursor.execute("CREATE TABLE bench_cycle AS SELECT row_number() OVER (ORDER BY year) - 1 AS n, id, year "
                   "FROM programs_programcycle")


def gen_persons(cursor, p: Params) -> None:
    """Persons 0 .. persons-1; a person's district is n mod districts."""
    cursor.execute("""
        INSERT INTO participants_person (nik, no_kk, name, birth_date, sex, village_code, regency_id, address, phone,
                                         created_at, updated_at)
        SELECT '64' || lpad(i::text, 14, '0'), '64' || lpad((i / 4)::text, 14, '0'), 'Warga ' || i,
               date '1998-01-01' + (i %% 3000), CASE WHEN i %% 2 = 0 THEN 'L' ELSE 'P' END,
               d.village, d.code, '', '', now(), now()
        FROM generate_series(0, %(n)s - 1) i JOIN bench_district d ON d.n = i %% %(districts)s
    """, {"n": p.persons, "districts": p.districts})
    cursor.execute("CREATE TABLE bench_person AS SELECT id, (substr(nik, 3))::bigint AS n, regency_id, village_code "
                   "FROM participants_person")
    cursor.execute("CREATE UNIQUE INDEX ON bench_person (n)")


def gen_applications(cursor, p: Params) -> None:
    """Application i goes to cycle i mod years and to person ((i / years) + cycle × shift) mod
    persons: distinct within a cycle, partly the same people from year to year."""
    shift = p.persons // 4
    cursor.execute("""
        INSERT INTO participants_application (person_id, cycle_id, regency_id, village_code, education,
                                              school_status, source, created_at)
        SELECT bp.id, c.id, bp.regency_id, bp.village_code, 'smp', 'putus_sekolah', 'import',
               make_timestamptz(c.year, 2, 1, 8, 0, 0, 'Asia/Makassar') + (i %% 150) * interval '1 day'
        FROM generate_series(0, %(n)s - 1) i
        JOIN bench_cycle c ON c.n = i %% %(years)s
        JOIN bench_person bp ON bp.n = ((i / %(years)s) + c.n * %(shift)s) %% %(persons)s
    """, {"n": min(p.applications, p.persons * p.years), "years": p.years, "shift": shift, "persons": p.persons})
    # One run per cycle: 60 % eligible, 25 % ineligible, 15 % review; some staff decisions.
    cursor.execute("""
        INSERT INTO verification_eligibilityrun (cycle_id, rules, rules_version, reference_date, started_at,
                                                 finished_at, counts, regency_codes, registry)
        SELECT id, rules, 1, registration_closes, now(), now(), '{}'::jsonb, '{}', '{}'::jsonb
        FROM programs_programcycle
    """)
    cursor.execute("""
        INSERT INTO verification_eligibilityresult (application_id, status, reasons, flags, run_id, evaluated_at,
                                                    decision, decision_note, needs_recheck, desil)
        SELECT a.id,
               CASE WHEN a.id % 20 < 12 THEN 'ELIGIBLE' WHEN a.id % 20 < 17 THEN 'INELIGIBLE' ELSE 'REVIEW' END,
               ARRAY[]::varchar[], ARRAY[]::varchar[], r.id, now(),
               CASE WHEN a.id % 20 = 17 THEN 'APPROVED' WHEN a.id % 20 IN (3, 18) THEN 'REJECTED' END, '', false,
               1 + a.id % 5
        FROM participants_application a JOIN verification_eligibilityrun r ON r.cycle_id = a.cycle_id
    """)


def gen_training(cursor, p: Params) -> None:
    """A BLK per district with one workshop, one package, `batches_per_district_year` batches per
    district and cycle, and `seats_per_batch` seats each, taken by the district's eligible
    applications of that cycle: 70 % completed (half certified), 10 % dropped out, 10 %
    withdrawn, 10 % still enrolled."""
    cursor.execute("""
        INSERT INTO training_provider (name, kind, regency_id, village_code, address, contact_name, phone, email,
                                       created_at)
        SELECT 'UPTD BLK ' || r.name, 'blk', r.code, '', '', '', '', '', now()
        FROM regions_regency r JOIN bench_district d ON d.code = r.code
    """)
    cursor.execute("INSERT INTO training_workshop (provider_id, name, capacity) "
                   "SELECT id, 'Bengkel 1', 20 FROM training_provider")
    cursor.execute("""
        INSERT INTO training_trainingpackage (code, name, vocation, competency_based, hours, class_size, description)
        VALUES ('TB-01', 'Tata Boga Dasar', 'tata boga', true, 160, 16, '')
    """)
    cursor.execute("""
        INSERT INTO training_batch (cycle_id, package_id, provider_id, workshop_id, name, start_date, end_date,
                                    capacity, created_at)
        SELECT c.id, k.id, w.provider_id, w.id, 'Angkatan ' || c.year || '-' || w.id || '-' || b,
               make_date(c.year, 8, 3) + (b - 1) * 4, make_date(c.year, 8, 3) + (b - 1) * 4 + 11, 16, now()
        FROM training_workshop w, bench_cycle c, training_trainingpackage k, generate_series(1, %s) b
    """, [p.batches_per_district_year])
    cursor.execute("""
        WITH seat AS (
            SELECT b.id AS batch_id, b.cycle_id, v.regency_id,
                   row_number() OVER (PARTITION BY b.cycle_id, v.regency_id ORDER BY b.id, s) - 1 AS k
            FROM training_batch b JOIN training_provider v ON v.id = b.provider_id, generate_series(1, %s) s
        ), candidate AS (
            SELECT a.id, a.cycle_id, a.regency_id,
                   row_number() OVER (PARTITION BY a.cycle_id, a.regency_id ORDER BY a.id) - 1 AS k
            FROM participants_application a JOIN verification_eligibilityresult r ON r.application_id = a.id
            WHERE r.status = 'ELIGIBLE' AND r.decision IS NULL
        )
        INSERT INTO training_enrolment (batch_id, application_id, cycle_id, regency_id, status, enrolled_at,
                                        end_reason, completed_on, assessment, certificate_number, certificate_issuer)
        SELECT s.batch_id, c.id, s.cycle_id, s.regency_id,
               CASE WHEN c.id %% 10 < 7 THEN 'completed' WHEN c.id %% 10 = 7 THEN 'dropped_out'
                    WHEN c.id %% 10 = 8 THEN 'withdrawn' ELSE 'enrolled' END,
               now(), '', NULL, '',
               CASE WHEN c.id %% 10 < 7 AND c.id %% 2 = 0 THEN 'BNSP-' || c.id ELSE '' END,
               CASE WHEN c.id %% 10 < 7 AND c.id %% 2 = 0 THEN 'BNSP' ELSE '' END
        FROM seat s JOIN candidate c ON c.cycle_id = s.cycle_id AND c.regency_id = s.regency_id AND c.k = s.k
    """, [p.seats_per_batch])


def gen_imported(cursor, p: Params) -> None:
    """Import j goes to cycle j mod years and to person 2 × (j / years): in the first year they
    all applied, in the later ones most never applied to that cycle (a kecamatan's or an LKP's
    course). 75 % lulus (40 % of those with a certificate), 15 % tidak lulus, 10 % withdrew."""
    cursor.execute("""
        INSERT INTO training_provider (name, kind, regency_id, village_code, address, contact_name, phone, email,
                                       created_at)
        SELECT 'LKP Kursus ' || r.name, 'lkp', r.code, '', '', '', '', '', now()
        FROM regions_regency r JOIN bench_district d ON d.code = r.code
    """)
    cursor.execute("""
        INSERT INTO training_importedtraining (person_id, cycle_id, provider_id, vocation, start_date, end_date, result,
                                              competent, certificate_number, regency_id, village_code, file_name,
                                              line, imported_at)
        SELECT bp.id, c.id, v.id, 'Menjahit', make_date(c.year, 9, 1), make_date(c.year, 9, 30),
               CASE WHEN j %% 20 < 15 THEN 'lulus' WHEN j %% 20 < 18 THEN 'tidak_lulus' ELSE 'mengundurkan_diri' END,
               CASE WHEN j %% 20 < 6 THEN 'ya' ELSE '' END,
               CASE WHEN j %% 20 < 6 THEN 'LSP-' || j ELSE '' END,
               bp.regency_id, bp.village_code, 'rekap-bench.csv', j + 2, now()
        FROM generate_series(0, %(n)s - 1) j
        JOIN bench_cycle c ON c.n = j %% %(years)s
        JOIN bench_person bp ON bp.n = 2 * (j / %(years)s)
        JOIN training_provider v ON v.regency_id = bp.regency_id AND v.kind = 'lkp'
    """, {"n": p.imported, "years": p.years})


def gen_targets(cursor, p: Params) -> None:
    cursor.execute("""
        INSERT INTO programs_districttarget (year, regency_id, target, updated_at)
        SELECT c.year, d.code, 500 + 100 * d.n, now() FROM bench_cycle c, bench_district d
    """)


GENERATORS = [gen_districts, gen_cycles, gen_persons, gen_applications, gen_training, gen_imported, gen_targets]


def generate(cursor, p: Params) -> None:
    for step in GENERATORS:
        started = time.perf_counter()
        step(cursor, p)
        print(f"  {step.__name__:<20} {time.perf_counter() - started:6.1f} s")
    for table in ("bench_district", "bench_cycle", "bench_person"):
        cursor.execute(f"DROP TABLE {table}")


def counts(cursor) -> dict:
    result = {}
    for label, table in [("persons", "participants_person"), ("applications", "participants_application"),
                         ("batches", "training_batch"), ("enrolments", "training_enrolment"),
                         ("imported trainings", "training_importedtraining"), ("targets", "programs_districttarget")]:
        cursor.execute(f"SELECT count(*) FROM {table}")
        result[label] = cursor.fetchone()[0]
    return result


# --- the measurements ---------------------------------------------------------------------------


def _summary(label: str, timings: list[float], target: float | None, extra: str = "") -> None:
    median, worst = statistics.median(timings), max(timings)
    verdict = "" if target is None else ("ok" if worst < target else "SLOW")
    target_text = "" if target is None else f"{target:>6.1f}"
    print(f"{label:<52} {median:>8.3f} {worst:>8.3f} {target_text:>6} {verdict:>4}  {extra}")


def _run_child(command, env) -> tuple[float, float, str]:
    """Wall time, the child's own CPU time (user + system, via wait4) and its output. On a busy
    machine the wall time grows with the other load; the CPU time says what the command costs."""
    started = time.perf_counter()
    proc = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    stdout = proc.stdout.read()
    stderr = proc.stderr.read()
    _pid, status, usage = os.wait4(proc.pid, 0)
    elapsed = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{' '.join(command)} failed:\n{stderr.decode()}")
    return elapsed, usage.ru_utime + usage.ru_stime, stdout.decode()


def measure_command(env, *, year: int, repeat: int) -> None:
    command = [PYTHON, "manage.py", "report_indicators", "--year", str(year), "--json"]
    _run_child(command, env)  # page cache, .pyc
    timings, cpu_times = [], []
    for _ in range(repeat):
        elapsed, cpu, stdout = _run_child(command, env)
        timings.append(elapsed)
        cpu_times.append(cpu)
    total = json.loads(stdout)["total"]
    _summary(f"report_indicators --year {year} (new process)", timings, 2.0,
             f"trained {total['trained']:,}, applicants {total['applicants']:,}")
    _summary("  the same, CPU time of the process (user + system)", cpu_times, 2.0)


def measure_warm(*, year: int, repeat: int) -> None:
    """In this (child) process: Django set up once, like a running web worker."""
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dashboards.indicators import indicators_compute

    for label, codes in ((f"indicators_compute(year={year}), whole province", None),
                         (f"indicators_compute(year={year}), one district", ["64.72"])):
        indicators_compute(year=year, regency_codes=codes)  # warm-up
        timings = []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                report = indicators_compute(year=year, regency_codes=codes)
                timings.append(time.perf_counter() - started)
        _summary(label, timings, None, f"{len(queries.captured_queries)} queries, {len(report.districts)} districts")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    defaults = Params()
    for name, value in asdict(defaults).items():
        parser.add_argument(f"--{name.replace('_', '-')}", type=int, default=value)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each step (after one warm-up)")
    parser.add_argument("--reuse", action="store_true", help="measure the database generated by an earlier run")
    parser.add_argument("--measure-warm", type=int, metavar="YEAR", help=argparse.SUPPRESS)
    options = parser.parse_args()
    env = dict(os.environ, DATABASE_URL=bench_database_url(), DJANGO_SETTINGS_MODULE="training_portal.settings.local",
               DJANGO_DEBUG="false")
    if options.measure_warm:
        measure_warm(year=options.measure_warm, repeat=options.repeat)
        return
    params = Params(**{name: getattr(options, name) for name in asdict(defaults)})
    if 2 * (params.imported // params.years + 1) > params.persons:
        parser.error("--imported may be at most persons / 2 per year")
    year = params.first_year + params.years - 1

    import psycopg2

    if not options.reuse:
        print(f"Preparing database {BENCH_DB}: {json.dumps(asdict(params))}")
        admin = psycopg2.connect(urlunparse(urlparse(bench_database_url())._replace(path="/postgres")))
        admin.autocommit = True
        admin.cursor().execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
        admin.cursor().execute(f"CREATE DATABASE {BENCH_DB}")
        admin.close()
        manage = [PYTHON, "manage.py"]
        subprocess.run(manage + ["migrate", "-v0"], env=env, cwd=ROOT, check=True)
        subprocess.run(manage + ["load_regions"], env=env, cwd=ROOT, check=True, capture_output=True)
        started = time.perf_counter()
        connection = psycopg2.connect(bench_database_url())
        with connection, connection.cursor() as cursor:
            generate(cursor, params)
        # What autovacuum does in a running portal: statistics, hint bits, the visibility map.
        connection.autocommit = True
        connection.cursor().execute("VACUUM ANALYZE")
        connection.close()
        print(f"  generated in {time.perf_counter() - started:.1f} s")
    connection = psycopg2.connect(bench_database_url())
    with connection.cursor() as cursor:
        print(f"  {json.dumps(counts(cursor))}")
    connection.close()
    print(f"\n  machine load (1, 5, 15 min): {', '.join(f'{n:.1f}' for n in os.getloadavg())} on {os.cpu_count()} CPUs")
    connection = psycopg2.connect(bench_database_url())
    with connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute("SELECT count(*) FROM generate_series(1, 5000000)")
        print(f"  reference: PostgreSQL counts 5,000,000 generated rows in {time.perf_counter() - started:.2f} s")
    connection.close()
    print(f"\n{'step':<52} {'median':>8} {'max':>8} {'target':>6}  (seconds, {options.repeat} runs)")
    measure_command(env, year=year, repeat=options.repeat)
    subprocess.run([PYTHON, "-m", "bench.indicators", "--measure-warm", str(year), "--repeat", str(options.repeat)],
                   env=env, cwd=ROOT, check=True)


if __name__ == "__main__":
    main()
