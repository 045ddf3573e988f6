"""Benchmark of issue 4: a province-sized cycle on the machine's PostgreSQL.

    make bench ARGS='--province'      (or: .venv/bin/python bench/province.py [--applications N])

Creates its own database (training_portal_bench_province) with East Kalimantan's 10 districts,
one cycle with 100,000 evaluated applications, 10 providers with 500 batches (10 sessions each)
and about 6,000 enrolments, all generated in SQL. Then, in a warm child process like a running
web worker, it requests the pages and runs the services an officer waits for, and prints the
median and slowest of several runs with their query counts. Nothing here is a test: it only
measures.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BENCH_DB = "training_portal_bench_province"
CYCLE = "KALTIM-2026"
PROVINCE = "64"
# Applications per district, out of 100: the big towns have many more applicants than seats,
# Mahakam Ulu and Kutai Barat fewer, so a reallocation has both surplus and demand.
SHARES = {"64.01": 8, "64.02": 16, "64.03": 7, "64.07": 3, "64.08": 9, "64.09": 5, "64.11": 1,
          "64.71": 17, "64.72": 26, "64.74": 8}
QUOTAS = {"64.01": 4000, "64.02": 6000, "64.03": 3000, "64.07": 3000, "64.08": 4000, "64.09": 2000,
          "64.11": 2000, "64.71": 5000, "64.72": 9000, "64.74": 2000}
BATCHES_PER_PROVIDER = 50
WORKSHOPS_PER_PROVIDER = 5
SESSIONS_PER_BATCH = 10
SEATS_FILLED_PER_BATCH = 12


def bench_database_url() -> str:
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/training_portal")
    return urlunparse(urlparse(base)._replace(path="/" + BENCH_DB))


def generate(cursor, applications: int, *, training: bool = True) -> None:
    """The cycle, persons, applications and eligibility results; with `training`, also the
    providers, batches and seats (bench/api.py measures the applications alone)."""
    shares = json.dumps(SHARES)
    cursor.execute("INSERT INTO programs_program (name, created_at) VALUES ('Pelatihan Kaltim (benchmark)', now())")
    cursor.execute(
        "INSERT INTO programs_programcycle (code, program_id, year, registration_opens, registration_closes, rules,"
        " rules_version, created_at, updated_at) SELECT %s, id, 2026, '2026-01-01', '2026-07-31', %s::jsonb, 1,"
        " now(), now() FROM programs_program",
        [CYCLE, json.dumps({"min_age": None, "max_age": 25, "age_reference_date": None, "school_status": None,
                            "min_education": None, "require_dtks": True, "max_desil": 5,
                            "regions": sorted(SHARES)})],
    )
    cursor.execute(
        "INSERT INTO programs_cyclequota (cycle_id, regency_id, initial_quota)"
        " SELECT c.id, q.key, q.value::int FROM programs_programcycle c, json_each_text(%s::json) q",
        [json.dumps(QUOTAS)],
    )
    # People and applications: district by share, a real desa of the district, registered over
    # the registration months.
    cursor.execute("""
        CREATE TEMP TABLE bench_district AS
        SELECT s.key AS code, s.value::int AS share,
               sum(s.value::int) OVER (ORDER BY s.key) - s.value::int AS lo,
               sum(s.value::int) OVER (ORDER BY s.key) AS hi
        FROM json_each_text(%s::json) s
    """, [shares])
    cursor.execute("""
        CREATE TEMP TABLE bench_village AS
        SELECT d.code AS regency, v.code AS village, row_number() OVER (PARTITION BY d.code ORDER BY v.code) AS n,
               count(*) OVER (PARTITION BY d.code) AS total
        FROM bench_district d
        JOIN regions_subdistrict s ON s.regency_id = d.code
        JOIN regions_village v ON v.subdistrict_id = s.code
    """)
    cursor.execute("""
        INSERT INTO participants_person (nik, no_kk, name, birth_date, sex, village_code, regency_id, address, phone,
                                         created_at, updated_at)
        SELECT replace(d.code, '.', '') || lpad(i::text, 10, '0'),
               replace(d.code, '.', '') || lpad((i / 3)::text, 10, '0'),
               'Pendaftar ' || i, date '2002-01-01' + (i %% 2500), CASE WHEN i %% 2 = 0 THEN 'L' ELSE 'P' END,
               v.village, d.code, 'Jl. Bench ' || i, '', now(), now()
        FROM generate_series(1, %(n)s) i
        JOIN bench_district d ON (i %% 100) >= d.lo AND (i %% 100) < d.hi
        JOIN bench_village v ON v.regency = d.code AND v.n = 1 + (i %% v.total)
    """, {"n": applications})
    cursor.execute("""
        INSERT INTO participants_application (person_id, cycle_id, regency_id, village_code, education, school_status,
                                              source, created_at)
        SELECT p.id, c.id, p.regency_id, p.village_code, 'smp', 'putus_sekolah', 'import',
               timestamptz '2026-02-01 08:00+08' + (p.id % 150) * interval '1 day' + (p.id % 600) * interval '1 minute'
        FROM participants_person p, programs_programcycle c
    """)
    # One evaluated run: 60 % eligible, 25 % ineligible, 15 % review; some staff decisions.
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
               CASE WHEN a.id % 20 BETWEEN 12 AND 16 THEN ARRAY['DESIL_ABOVE_MAX'] ELSE ARRAY[]::varchar[] END,
               ARRAY[]::varchar[], r.id, now(),
               CASE WHEN a.id % 20 = 17 THEN 'APPROVED' WHEN a.id % 20 = 18 THEN 'REJECTED' END, '', false,
               CASE WHEN a.id % 13 = 0 THEN NULL ELSE 1 + a.id % 5 END
        FROM participants_application a, verification_eligibilityrun r
    """)
    if not training:
        cursor.execute("ANALYZE")
        return
    # Providers (a BLK per district), workshops, one package, 500 batches of 10 sessions.
    cursor.execute("""
        INSERT INTO training_provider (name, kind, regency_id, village_code, address, contact_name, phone, email,
                                       created_at)
        SELECT 'UPTD BLK ' || r.name, 'blk', r.code, '', '', '', '', '', now()
        FROM regions_regency r JOIN bench_district d ON d.code = r.code
    """)
    cursor.execute("""
        INSERT INTO training_workshop (provider_id, name, capacity)
        SELECT p.id, 'Bengkel ' || w, 20 FROM training_provider p, generate_series(1, %s) w
    """, [WORKSHOPS_PER_PROVIDER])
    cursor.execute("""
        INSERT INTO training_trainingpackage (code, name, vocation, competency_based, hours, class_size, description)
        VALUES ('TB-01', 'Tata Boga Dasar', 'tata boga', true, 160, 16, '')
    """)
    cursor.execute("""
        INSERT INTO training_batch (cycle_id, package_id, provider_id, workshop_id, name, start_date, end_date,
                                    capacity, created_at)
        SELECT c.id, k.id, w.provider_id, w.id, 'Angkatan ' || w.id || '-' || b,
               date '2026-08-03' + (b - 1) * 14, date '2026-08-03' + (b - 1) * 14 + 11, 16, now()
        FROM training_workshop w, generate_series(1, %s) b, programs_programcycle c, training_trainingpackage k
    """, [BATCHES_PER_PROVIDER // WORKSHOPS_PER_PROVIDER])
    cursor.execute("""
        INSERT INTO training_batchsession (batch_id, workshop_id, starts_at, ends_at)
        SELECT b.id, b.workshop_id, (b.start_date + s)::timestamp AT TIME ZONE 'Asia/Makassar' + interval '8 hours',
               (b.start_date + s)::timestamp AT TIME ZONE 'Asia/Makassar' + interval '12 hours'
        FROM training_batch b, generate_series(0, %s) s
    """, [SESSIONS_PER_BATCH - 1])
    # Seats: the first eligible applications of each district fill 12 seats of each batch.
    cursor.execute("""
        WITH seat AS (
            SELECT b.id AS batch_id, b.cycle_id, p.regency_id,
                   row_number() OVER (PARTITION BY p.regency_id ORDER BY b.id) - 1 AS k
            FROM training_batch b JOIN training_provider p ON p.id = b.provider_id, generate_series(1, %s)
        ), candidate AS (
            SELECT a.id, a.regency_id, row_number() OVER (PARTITION BY a.regency_id ORDER BY a.id) - 1 AS k
            FROM participants_application a JOIN verification_eligibilityresult r ON r.application_id = a.id
            WHERE r.status = 'ELIGIBLE' AND r.decision IS NULL
        )
        INSERT INTO training_enrolment (batch_id, application_id, cycle_id, regency_id, status, enrolled_at,
                                        end_reason, assessment, certificate_number, certificate_issuer)
        SELECT s.batch_id, c.id, s.cycle_id, s.regency_id, 'enrolled', now(), '', '', '', ''
        FROM seat s JOIN candidate c ON c.regency_id = s.regency_id AND c.k = s.k
    """, [SEATS_FILLED_PER_BATCH])
    cursor.execute("ANALYZE")


def counts(cursor) -> dict:
    result = {}
    for label, table in [("applications", "participants_application"), ("batches", "training_batch"),
                         ("sessions", "training_batchsession"), ("enrolments", "training_enrolment")]:
        cursor.execute(f"SELECT count(*) FROM {table}")
        result[label] = cursor.fetchone()[0]
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--applications", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each step (after one warm-up)")
    parser.add_argument("--measure-only", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    env = dict(os.environ, DATABASE_URL=bench_database_url(), DJANGO_SETTINGS_MODULE="training_portal.settings.local",
               DJANGO_DEBUG="false")
    if options.measure_only:
        from bench.province_measure import measure

        measure(repeat=options.repeat)
        return

    import psycopg2

    admin = urlparse(bench_database_url())
    print(f"Preparing database {BENCH_DB} ({options.applications:,} applications in {len(SHARES)} districts)…")
    connection = psycopg2.connect(urlunparse(admin._replace(path="/postgres")))
    connection.autocommit = True
    connection.cursor().execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
    connection.cursor().execute(f"CREATE DATABASE {BENCH_DB}")
    connection.close()
    manage = [PYTHON, "manage.py"]
    subprocess.run(manage + ["migrate", "-v0"], env=env, cwd=ROOT, check=True)
    subprocess.run(manage + ["load_regions"], env=env, cwd=ROOT, check=True, capture_output=True)
    started = time.perf_counter()
    connection = psycopg2.connect(bench_database_url())
    with connection, connection.cursor() as cursor:
        generate(cursor, options.applications)
        print(f"  generated in {time.perf_counter() - started:.1f} s: {json.dumps(counts(cursor))}")
    connection.close()
    subprocess.run([PYTHON, "-m", "bench.province", "--measure-only", "--repeat", str(options.repeat)],
                   env=env, cwd=ROOT, check=True)


if __name__ == "__main__":
    main()
