"""Benchmark of issue 10 (grants): 20,000 grants and 60,000 monitoring visits in one district.

    make bench-grants      (or: .venv/bin/python bench/grants.py [--grants N] [--repeat N])

Creates its own database (training_portal_bench_grants), migrates it and loads the regions,
then generates in SQL: Paser's 20,000 graduates (persons, applications, completed and competent
enrolments in 100 batches), four schemes (two cash, one equipment, one KUR) with 5,000 grants
each in every workflow state, three quarters of them handed over or disbursed over the last two
years, and for each of those four visits (3, 6, 9 and 12 months after), done when they are long
past due, some overdue, with ten field officers. Then, in a warm child process like a running web
worker, it requests the pages an officer waits for (the overdue list, a scheme's ledger, the
survival table) and prints the median and slowest of several runs with their query counts;
target: under 300 ms each. Nothing here is a test: it only measures.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BENCH_DB = "training_portal_bench_grants"
REGENCY = "64.01"
OFFICERS = 10
SCHEMES = [  # code, kind, amount
    ("BST-PSR-A", "cash", 2_500_000),
    ("BST-PSR-B", "cash", 2_000_000),
    ("BPU-PSR", "equipment", 2_150_000),
    ("KUR-PSR", "kur", 15_000_000),
]
TARGET = 0.3


def bench_database_url() -> str:
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/training_portal")
    return urlunparse(urlparse(base)._replace(path="/" + BENCH_DB))


def _users():
    from accounts.models import User
    from accounts.roles import Role
    from accounts.services import user_create
    from regions.models import Regency

    paser = Regency.objects.get(code=REGENCY)
    users = {}
    for username, first, last in [("staf.paser", "Staf", "Dinsos"),
                                  *[(f"pendamping{n:02d}", "Pendamping", f"{n:02d}") for n in range(1, OFFICERS + 1)]]:
        users[username] = User.objects.filter(username=username).first() or user_create(
            username=username, password="bench-bench-bench", role=Role.DINSOS_STAFF, regency=paser,
            first_name=first, last_name=last)
    users["pejabat.paser"] = User.objects.filter(username="pejabat.paser").first() or user_create(
        username="pejabat.paser", password="bench-bench-bench", role=Role.OFFICIAL, regency=paser)
    return users


GENERATE = [
    # The program, its cycle, a provider, a package, a workshop and 100 batches.
    """INSERT INTO programs_program (name, created_at) VALUES ('Pelatihan Paser (benchmark)', now())""",
    """INSERT INTO programs_programcycle (code, program_id, year, registration_opens, registration_closes, rules,
                                          rules_version, created_at, updated_at)
       SELECT 'PSR-BENCH', id, 2025, '2025-01-01', '2025-03-31', '{}'::jsonb, 1, now(), now() FROM programs_program""",
    """INSERT INTO training_provider (name, kind, regency_id, village_code, address, contact_name, phone, email,
                                      created_at)
       VALUES ('UPTD BLK Kabupaten Paser', 'blk', %(regency)s, '', '', '', '', '', now())""",
    """INSERT INTO training_workshop (provider_id, name, capacity) SELECT id, 'Dapur', 20 FROM training_provider""",
    """INSERT INTO training_trainingpackage (code, name, vocation, competency_based, hours, class_size, description)
       VALUES ('TB-01', 'Tata Boga Dasar', 'tata boga', true, 160, 16, '')""",
    """INSERT INTO training_batch (cycle_id, package_id, provider_id, workshop_id, name, start_date, end_date, capacity,
                                   created_at)
       SELECT c.id, k.id, w.provider_id, w.id, 'Angkatan ' || b, date '2024-01-08' + b * 7,
              date '2024-01-08' + b * 7 + 25, 200, now()
       FROM generate_series(1, 100) b, programs_programcycle c, training_trainingpackage k, training_workshop w""",
    # Graduates: persons of Paser's desa, their applications and completed, competent enrolments.
    """CREATE TEMP TABLE bench_village AS
       SELECT v.code, row_number() OVER (ORDER BY v.code) AS n, count(*) OVER () AS total
       FROM regions_village v JOIN regions_subdistrict s ON s.code = v.subdistrict_id
       WHERE s.regency_id = %(regency)s""",
    """INSERT INTO participants_person (nik, no_kk, name, birth_date, sex, village_code, regency_id, address, phone,
                                        created_at, updated_at)
       SELECT '6401' || lpad(i::text, 12, '0'), '6401' || lpad((i / 3)::text, 12, '0'), 'Lulusan ' || i,
              date '1998-01-01' + (i %% 2500), CASE WHEN i %% 2 = 0 THEN 'L' ELSE 'P' END, v.code, %(regency)s,
              'Jl. Bench ' || i, '', now(), now()
       FROM generate_series(1, %(grants)s) i JOIN bench_village v ON v.n = 1 + (i %% v.total)""",
    """INSERT INTO participants_application (person_id, cycle_id, regency_id, village_code, education, school_status,
                                             source, created_at)
       SELECT p.id, c.id, p.regency_id, p.village_code, 'smp', 'putus_sekolah', 'import', now()
       FROM participants_person p, programs_programcycle c""",
    """INSERT INTO training_enrolment (batch_id, application_id, cycle_id, regency_id, status, enrolled_at, end_reason,
                                       completed_on, assessment, assessed_on, certificate_number, certificate_issuer)
       SELECT b.id, a.id, a.cycle_id, a.regency_id, 'completed', now(), '', b.end_date, 'kompeten', b.end_date,
              'BNSP-' || a.id, 'BNSP'
       FROM participants_application a
       JOIN training_batch b ON b.name = 'Angkatan ' || (1 + a.id %% 100)""",
    # Four schemes of Paser, every one visited 3, 6, 9 and 12 months after the handover.
    """INSERT INTO grants_grantscheme (code, name, kind, amount_per_recipient, budget_ceiling, budget_line,
                                       require_competent, second_approval_above, monitoring_months, is_open, created_at,
                                       updated_at, cycle_id, regency_id)
       SELECT s.code, 'Skema ' || s.code, s.kind, s.amount, CASE WHEN s.kind = 'kur' THEN NULL ELSE 100000000000 END,
              '5.4.02.05', true, 5000000, ARRAY[3, 6, 9, 12], true, now(), now(), c.id, %(regency)s
       FROM (VALUES ('BST-PSR-A', 'cash', 2500000), ('BST-PSR-B', 'cash', 2000000),
                    ('BPU-PSR', 'equipment', 2150000), ('KUR-PSR', 'kur', 15000000)) s(code, kind, amount),
            programs_programcycle c""",
    """INSERT INTO grants_grantscheme_eligible_cycles (grantscheme_id, programcycle_id)
       SELECT s.id, s.cycle_id FROM grants_grantscheme s""",
    # 20,000 grants, a quarter per scheme: 75 %% delivered over the last two years, the rest spread
    # over the workflow's other states.
    """CREATE TEMP TABLE bench_scheme AS
       SELECT id, kind, amount_per_recipient AS amount, row_number() OVER (ORDER BY id) - 1 AS k
       FROM grants_grantscheme""",
    """CREATE TEMP TABLE bench_officer AS
       SELECT id, row_number() OVER (ORDER BY username) - 1 AS k FROM accounts_user
       WHERE username LIKE 'pendamping%%'""",
    """INSERT INTO grants_grant (business_type, business_name, plan, amount, bank_name, bank_account_number,
                                 bank_account_name, status, created_at, updated_at, submitted_at, verified_at,
                                 verification_note, approved_at, approval_note, rejected_from, rejection_reason,
                                 delivered_on, close_reason, enrolment_id, officer_id, person_id, proposed_by_id,
                                 regency_id, village_id, scheme_id, submitted_by_id, verified_by_id, approved_by_id,
                                 rejected_by_id, rejected_at)
       SELECT 'Warung sembako', 'Usaha ' || p.id, 'Rencana usaha', s.amount,
              CASE WHEN s.kind = 'cash' THEN 'Bank Kaltimtara' ELSE '' END,
              CASE WHEN s.kind = 'cash' THEN lpad(p.id::text, 10, '0') ELSE '' END,
              CASE WHEN s.kind = 'cash' THEN p.name ELSE '' END,
              st.status, now(), now(), now(), now(), '', now(), '',
              CASE WHEN st.status = 'rejected' THEN 'submitted' ELSE '' END,
              CASE WHEN st.status = 'rejected' THEN 'Tidak memenuhi syarat' ELSE '' END,
              CASE WHEN st.status IN ('disbursed', 'handed_over', 'credit_approved')
                   THEN %(today)s::date - (30 + (e.id * 7919) %% 700)::int END,
              '', e.id, o.id, p.id, staff.id, p.regency_id, p.village_code, s.id, staff.id, verifier.id, approver.id,
              CASE WHEN st.status = 'rejected' THEN verifier.id END, CASE WHEN st.status = 'rejected' THEN now() END
       FROM training_enrolment e
       JOIN participants_application a ON a.id = e.application_id
       JOIN participants_person p ON p.id = a.person_id
       JOIN bench_scheme s ON s.k = e.id %% 4
       JOIN bench_officer o ON o.k = (e.id / 4) %% %(officers)s
       CROSS JOIN LATERAL (SELECT CASE
            WHEN (e.id / 4) %% 20 < 15 THEN CASE s.kind WHEN 'cash' THEN 'disbursed' WHEN 'equipment' THEN 'handed_over'
                                                          ELSE 'credit_approved' END
            WHEN (e.id / 4) %% 20 = 15 THEN 'approved'
            WHEN (e.id / 4) %% 20 = 16 THEN CASE WHEN s.kind = 'cash' THEN 'payment_failed' ELSE 'approved' END
            WHEN (e.id / 4) %% 20 = 17 THEN 'verified'
            WHEN (e.id / 4) %% 20 = 18 THEN 'submitted'
            ELSE 'rejected' END AS status) st
       CROSS JOIN (SELECT id FROM accounts_user WHERE username = 'staf.paser') staff
       CROSS JOIN (SELECT id FROM accounts_user WHERE username = 'pendamping01') verifier
       CROSS JOIN (SELECT id FROM accounts_user WHERE username = 'pejabat.paser') approver""",
]
# The scheduler's own statement creates the visits; then the long-past ones are made.
RECORD_VISITS = """
    UPDATE grants_monitoringvisit v
    SET status = 'done', visited_on = v.due_on + (v.id %% 12)::int, recorded_at = now(), recorded_by_id = v.officer_id,
        business_status = CASE WHEN v.id %% 10 < 6 THEN 'active' WHEN v.id %% 10 < 8 THEN 'growing'
                               WHEN v.id %% 10 = 8 THEN 'stopped' ELSE 'moved' END,
        monthly_revenue = 1000000 + (v.id %% 50) * 100000, employees = v.id %% 4
    WHERE v.due_on < %(today)s::date - 21 AND v.id %% 13 <> 0
"""


def prepare(grants: int) -> None:
    import django

    django.setup()
    from django.db import connection, transaction
    from django.utils import timezone

    from grants.monitoring.services import visits_schedule

    _users()
    params = {"regency": REGENCY, "grants": grants, "officers": OFFICERS, "today": timezone.localdate()}
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in GENERATE:
            cursor.execute(statement, params)
    created = visits_schedule()
    with connection.cursor() as cursor:
        cursor.execute(RECORD_VISITS, params)
        cursor.execute("ANALYZE")
        counts = {}
        for label, table in [("grants", "grants_grant"), ("visits", "grants_monitoringvisit")]:
            cursor.execute(f"SELECT count(*) FROM {table}")
            counts[label] = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM grants_monitoringvisit WHERE status = 'scheduled' AND due_on < %s",
                       [params["today"]])
        counts["overdue"] = cursor.fetchone()[0]
    print(f"  generated in {time.perf_counter() - started:.1f} s: {counts} (the scheduler created {created:,} visits)")


def _time(label, repeat, action, target=TARGET):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    action()  # warm-up: first-request costs (templates, translations) are not what is measured
    timings = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            detail = action()
            timings.append(time.perf_counter() - started)
    median, worst = statistics.median(timings), max(timings)
    verdict = "ok" if worst < target else "SLOW"
    print(f"{label:<56} {median * 1000:>8.1f} {worst * 1000:>8.1f} {target * 1000:>7.0f} "
          f"{len(queries.captured_queries):>7}  {verdict} {detail or ''}")
    return worst < target


def measure(repeat: int) -> bool:
    import django

    django.setup()
    from django.test import Client
    from django.urls import reverse
    from django.utils import timezone

    from accounts.models import User
    from grants.models import GrantScheme
    from grants.monitoring.selectors import survival_table
    from grants.schemes.selectors import scheme_ledger

    staff = User.objects.get(username="staf.paser")
    officer = User.objects.get(username="pendamping03")
    client = Client(HTTP_HOST="localhost")
    client.force_login(staff)

    def page(url, expect=b""):
        def get():
            response = client.get(url)
            if response.status_code != 200 or expect not in response.content:
                raise SystemExit(f"{url}: HTTP {response.status_code}")
            return f"{len(response.content) / 1024:.0f} KB"
        return get

    scheme = GrantScheme.objects.get(code="BST-PSR-A")
    kecamatan = _busiest_kecamatan()
    print()
    print(f"{'step (warm, ' + str(repeat) + ' runs)':<56} {'median ms':>8} {'worst ms':>8} {'target':>7} "
          f"{'queries':>7}  result")
    visits = reverse("grants:visit-list")
    results = [
        _time("overdue list page (per officer and kecamatan counts)", repeat,
              page(visits + "?state=overdue", b'data-testid="overdue-by-officer"')),
        _time("overdue list page, one officer", repeat, page(f"{visits}?state=overdue&officer={officer.pk}")),
        _time("overdue list page, one kecamatan", repeat, page(f"{visits}?state=overdue&kecamatan={kecamatan}")),
        _time("overdue list page 20", repeat, page(visits + "?state=overdue&page=20")),
        _time("scheme ledger (selector, one aggregate)", repeat,
              lambda: f"remaining Rp{scheme_ledger(scheme=scheme).remaining:,}".replace(",", ".")),
        _time("scheme page (ledger, status counts, proposals page 1)", repeat,
              page(reverse("grants:scheme-detail", args=[scheme.pk]), b'data-testid="ledger"')),
        _time("scheme list (the ledger of every scheme)", repeat, page(reverse("grants:scheme-list"))),
        _time("survival table (selector)", repeat,
              lambda: f"{len(survival_table(user=staff, today=timezone.localdate()))} cohort rows"),
        _time("survival page, all schemes", repeat, page(reverse("grants:survival"), b'data-testid="survival-table"')),
        _time("survival page, one scheme", repeat, page(f"{reverse('grants:survival')}?scheme={scheme.pk}")),
    ]
    return all(results)


def _busiest_kecamatan() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("""SELECT v.subdistrict_id FROM grants_grant g JOIN regions_village v ON v.code = g.village_id
                          GROUP BY 1 ORDER BY count(*) DESC LIMIT 1""")
        return cursor.fetchone()[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--grants", type=int, default=20_000)
    parser.add_argument("--repeat", type=int, default=7, help="timed runs of each step (after one warm-up)")
    parser.add_argument("--step", choices=["prepare", "measure"], help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.step == "prepare":
        prepare(options.grants)
        return
    if options.step == "measure":
        sys.exit(0 if measure(options.repeat) else 1)

    import psycopg2

    env = dict(os.environ, DATABASE_URL=bench_database_url(), DJANGO_SETTINGS_MODULE="training_portal.settings.local",
               DJANGO_DEBUG="false")
    print(f"Preparing database {BENCH_DB} ({options.grants:,} grants in Kabupaten Paser)…")
    connection = psycopg2.connect(urlunparse(urlparse(bench_database_url())._replace(path="/postgres")))
    connection.autocommit = True
    connection.cursor().execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
    connection.cursor().execute(f"CREATE DATABASE {BENCH_DB}")
    connection.close()
    manage = [PYTHON, "manage.py"]
    subprocess.run(manage + ["migrate", "-v0"], env=env, cwd=ROOT, check=True)
    subprocess.run(manage + ["load_regions"], env=env, cwd=ROOT, check=True, capture_output=True)
    subprocess.run([PYTHON, "-m", "bench.grants", "--step", "prepare", "--grants", str(options.grants)], env=env,
                   cwd=ROOT, check=True)
    completed = subprocess.run([PYTHON, "-m", "bench.grants", "--step", "measure", "--repeat", str(options.repeat)],
                               env=env, cwd=ROOT)
    sys.exit(completed.returncode)


if __name__ == "__main__":
    main()
