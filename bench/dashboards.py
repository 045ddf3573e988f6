"""Benchmark of the officials' dashboards (issue 11, "Speed") on a whole province.

    make bench-dashboards                 build the province, then measure
    make bench-dashboards ARGS=--reuse    measure the province built by an earlier run

Builds its own database (bench_province_dash) with bench/indicators.py's generator grown to
the issue's province: 10 kabupaten/kota of East Kalimantan, 3 years, 1,000,000 persons, 300,000
applications (eligibility results, staff decisions), 2,010 batches (67 per district and year) with
their enrolments, 50,000 imported training records, targets; then, per district, four grant
schemes and 20,000 grants in every workflow state, three quarters delivered, and the 60,000
monitoring visits the scheduler owes them (the long-past ones recorded). Everything is
set-based SQL (INSERT ... SELECT over generate_series), a few statements per kind of row.

Then it measures, printing the figures and the machine's load (uptime):

- `manage.py report_indicators --year Y` as a new process (target: under 2 s), with its
  figures computed (the data version advanced before each run, as any write does) and answered
  from the figures cache (dashboards/figures_cache.py);
- the official's pages under 20 concurrent users against gunicorn on this machine, with a Celery
  worker and beat beside it, each user starting at a random moment of its first 1–2 s, in phases
  (PHASES): "empty" (the first 10 s after the figures cache
  was emptied, as on a new server), "changed" (the first 10 s after the data version advanced,
  as any write does), "warm" (nothing changes, for --seconds), "writes" (the data change every
  5 s, for --seconds), and a "burst" (after a change, every user requests every page back to
  back, all at once: a stress test, reported but not held to the target); target p50 <= 150 ms
  and p95 <= 500 ms. The
  load is made by this script's own driver (20 threads, each a logged-in official of one
  district or of the province, HTTP/1.1 keep-alive, waiting 1–2 s between pages as locust's
  `wait_time = between(1, 2)` does), which reports p50 and p95 per page. bench/locustfile.py is
  the same load for locust (not installed in this environment; pyproject's dev extra lists it);
- the functions behind those pages in a warm process, for a district's official and the
  province's: indicators_compute computed and cached, and every dashboard table (its heavy
  figures cached), so a slow page can be traced to its query.

Nothing here is a test: it only measures.
"""

import argparse
import json
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import asdict
from pathlib import Path
from urllib.parse import urlparse, urlunparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import indicators as base

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BENCH_DB = "bench_province_dash"
PASSWORD = "bench-dashboards-pass"
PORT = int(os.environ.get("BENCH_PORT", "8117"))
P50_TARGET, P95_TARGET = 0.150, 0.500
PROVINCE_PARAMS = base.Params(persons=1_000_000, applications=300_000, imported=50_000, batches_per_district_year=67,
                              seats_per_batch=16)
GRANTS = 20_000


def bench_database_url() -> str:
    default = "postgres://postgres@127.0.0.1:5432/training_portal"
    return urlunparse(urlparse(os.environ.get("DATABASE_URL", default))._replace(path="/" + BENCH_DB))


def bench_redis_url() -> str:
    """A Redis database of the benchmark's own (cache and broker), so a developer's worker never
    takes its tasks and its figures never mix with the development ones."""
    return os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0").rsplit("/", 1)[0] + "/12"


def child_env() -> dict:
    return dict(os.environ, DATABASE_URL=bench_database_url(), DJANGO_SETTINGS_MODULE="training_portal.settings.local",
                DJANGO_DEBUG="false", DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost", REDIS_URL=bench_redis_url())


def flush_cache() -> None:
    """An empty figures cache, as after a deploy with Redis emptied."""
    import redis

    redis.Redis.from_url(bench_redis_url()).flushdb()


# --- the grants of the province ----------------------------------------------------------------

GRANT_STATEMENTS = [
    # Four schemes per district (two cash, one equipment, one KUR) of the latest cycle, open to all.
    """INSERT INTO grants_grantscheme (code, name, kind, amount_per_recipient, budget_ceiling, budget_line,
                                       require_competent, second_approval_above, monitoring_months, is_open, created_at,
                                       updated_at, cycle_id, regency_id)
       SELECT s.code || '-' || replace(r.code, '.', ''), 'Skema ' || s.code, s.kind, s.amount,
              CASE WHEN s.kind = 'kur' THEN NULL ELSE 100000000000 END, '5.4.02.05', false, 5000000,
              ARRAY[3, 6, 9, 12], true, now(), now(), c.id, r.code
       FROM (VALUES ('BST-A', 'cash', 2500000), ('BST-B', 'cash', 2000000), ('BPU', 'equipment', 2150000),
                    ('KUR', 'kur', 15000000)) s(code, kind, amount),
            (SELECT DISTINCT regency_id AS code FROM training_provider) r,
            (SELECT id FROM programs_programcycle ORDER BY year DESC LIMIT 1) c""",
    """INSERT INTO grants_grantscheme_eligible_cycles (grantscheme_id, programcycle_id)
       SELECT s.id, c.id FROM grants_grantscheme s, programs_programcycle c""",
    """CREATE TEMP TABLE bench_scheme AS
       SELECT id, kind, regency_id, amount_per_recipient AS amount,
              row_number() OVER (PARTITION BY regency_id ORDER BY id) - 1 AS k
       FROM grants_grantscheme""",
    # The first `grants` completed enrolments get a grant; 75 % delivered over the last two years.
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
              '', e.id, v.id, p.id, u.id, a.regency_id, a.village_code, s.id, u.id, v.id, o.id,
              CASE WHEN st.status = 'rejected' THEN o.id END, CASE WHEN st.status = 'rejected' THEN now() END
       FROM (SELECT * FROM training_enrolment WHERE status = 'completed' ORDER BY id LIMIT %(grants)s) e
       JOIN participants_application a ON a.id = e.application_id
       JOIN participants_person p ON p.id = a.person_id
       JOIN bench_scheme s ON s.regency_id = a.regency_id AND s.k = e.id %% 4
       JOIN accounts_user u ON u.username = 'staf.' || replace(a.regency_id, '.', '')
       JOIN accounts_user v ON v.username = 'verif.' || replace(a.regency_id, '.', '')
       JOIN accounts_user o ON o.username = 'pejabat.' || replace(a.regency_id, '.', '')
       CROSS JOIN LATERAL (SELECT CASE
            WHEN (e.id / 4) %% 20 < 15 THEN CASE s.kind WHEN 'cash' THEN 'disbursed' WHEN 'equipment' THEN 'handed_over'
                                                          ELSE 'credit_approved' END
            WHEN (e.id / 4) %% 20 = 15 THEN 'approved'
            WHEN (e.id / 4) %% 20 = 16 THEN 'verified'
            WHEN (e.id / 4) %% 20 = 17 THEN 'submitted'
            ELSE 'rejected' END AS status) st""",
]
RECORD_VISITS = """
    UPDATE grants_monitoringvisit v
    SET status = 'done', visited_on = v.due_on + (v.id %% 12)::int, recorded_at = now(), recorded_by_id = v.officer_id,
        business_status = CASE WHEN v.id %% 10 < 6 THEN 'active' WHEN v.id %% 10 < 8 THEN 'growing'
                               WHEN v.id %% 10 = 8 THEN 'stopped' ELSE 'moved' END,
        monthly_revenue = 1000000 + (v.id %% 50) * 100000, employees = v.id %% 4
    WHERE v.due_on < %(today)s::date - 21 AND v.id %% 13 <> 0
"""


def users_create() -> None:
    """Per district two Dinas Sosial staff (one proposes the grants, one verifies) and an official; one
    official of the province. All with the same password, for the load test's logins."""
    from accounts.models import User
    from accounts.roles import Role
    from accounts.services import user_create
    from regions.models import Province, Regency

    codes = sorted(set(Regency.objects.filter(code__in=_districts()).values_list("code", flat=True)))
    for code in codes:
        regency = Regency.objects.get(code=code)
        slug = code.replace(".", "")
        for username, role in ((f"staf.{slug}", Role.DINSOS_STAFF), (f"verif.{slug}", Role.DINSOS_STAFF),
                               (f"pejabat.{slug}", Role.OFFICIAL)):
            if not User.objects.filter(username=username).exists():
                user_create(username=username, password=PASSWORD, role=role, regency=regency,
                            first_name=username.split(".")[0].title(), last_name=regency.name)
    if not User.objects.filter(username="pejabat.kaltim").exists():
        user_create(username="pejabat.kaltim", password=PASSWORD, role=Role.OFFICIAL, regency=None,
                    province=Province.objects.get(code=base.PROVINCE), first_name="Pejabat", last_name="Provinsi")


def _districts() -> list[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT regency_id FROM training_provider ORDER BY 1")
        return [row[0] for row in cursor.fetchall()]


def prepare_grants(grants: int) -> None:
    import django

    django.setup()
    from django.db import connection, transaction
    from django.utils import timezone

    from grants.monitoring.services import visits_schedule

    started = time.perf_counter()
    users_create()
    params = {"grants": grants, "today": timezone.localdate()}
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in GRANT_STATEMENTS:
            cursor.execute(statement, params)
    with transaction.atomic():
        created = visits_schedule()
    with connection.cursor() as cursor:
        cursor.execute(RECORD_VISITS, params)
    print(f"  {'gen_grants_visits':<20} {time.perf_counter() - started:6.1f} s  ({created:,} visits scheduled)")


# --- the measurements ---------------------------------------------------------------------------


def advance_data_version() -> None:
    """What any write does: the figures cached so far are no longer used (figures_cache)."""
    import psycopg2

    connection = psycopg2.connect(bench_database_url())
    connection.autocommit = True
    connection.cursor().execute("SELECT nextval('dashboards_figures_version')")
    connection.close()


def measure_report_command(env, *, year: int, repeat: int) -> None:
    """report_indicators as a new process: with the figures computed (the data version advanced
    before each run, as after an import), and answered from the figures cache."""
    command = [PYTHON, "manage.py", "report_indicators", "--year", str(year), "--json"]
    base._run_child(command, env)  # page cache, .pyc
    for label, before in (("figures computed", advance_data_version), ("figures cached", lambda: None)):
        timings, cpu_times = [], []
        for _ in range(repeat):
            before()
            elapsed, cpu, stdout = base._run_child(command, env)
            timings.append(elapsed)
            cpu_times.append(cpu)
        total = json.loads(stdout)["total"]
        base._summary(f"report_indicators --year {year}, {label}", timings, 2.0,
                      f"trained {total['trained']:,}, applicants {total['applicants']:,}")
        base._summary("  the same, CPU time of the process (user + system)", cpu_times, 2.0)


def load_text() -> str:
    one, five, fifteen = os.getloadavg()
    uptime = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} on {os.cpu_count()} CPUs  ({uptime})"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    k = max(0, min(len(ordered) - 1, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[k]


def page_urls() -> list[tuple[str, str]]:
    """The pages measured: (name, path). The dashboard pages are dashboards.urls' (first paint,
    funnel, breakdowns) when they exist; the report pages of this branch are measured too."""
    import django

    django.setup()
    from django.urls import NoReverseMatch, reverse

    year = PROVINCE_PARAMS.first_year + PROVINCE_PARAMS.years - 1
    wanted = [("first paint", "core:dashboard", f"?year={year}"), ("funnel", "dashboards:funnel", f"?year={year}"),
              ("by kecamatan", "dashboards:breakdowns", f"?year={year}&dimension=subdistrict"),
              ("by sex", "dashboards:breakdowns", f"?year={year}&dimension=sex"),
              ("by package", "dashboards:breakdowns", f"?year={year}&dimension=package")]
    urls = []
    for label, name, query in wanted:
        try:
            urls.append((label, reverse(name) + query))
        except NoReverseMatch:
            pass
    return urls


class Driver:
    """The load: `users` threads, each logged in as one official, requesting the pages in turn
    for `seconds`. Every response must be 200; the timings are kept per page."""

    def __init__(self, *, users: int, accounts: list[str], urls: list[tuple[str, str]], think: tuple[float, float]):
        import urllib3

        self.think = think
        self.urllib3 = urllib3
        self.users, self.accounts, self.urls = users, accounts, urls
        self.timings: dict[str, list[float]] = {label: [] for label, _ in urls}
        self.errors: list[str] = []
        self.lock = threading.Lock()

    def _login(self, pool, username: str) -> str:
        page = pool.request("GET", "/accounts/login/", redirect=False)
        cookies = _cookies(page)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page.data)
        body = f"username={username}&password={PASSWORD}&csrfmiddlewaretoken={token.group(1).decode()}"
        response = pool.request("POST", "/accounts/login/", body=body, redirect=False,
                                headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookies,
                                         "Referer": f"http://127.0.0.1:{PORT}/accounts/login/"})
        if response.status not in (302, 303):
            raise RuntimeError(f"login of {username} failed: HTTP {response.status}")
        return "; ".join(filter(None, [cookies, _cookies(response)]))

    def login_all(self) -> None:
        """Log every user in (not timed: a password hash is slow on purpose)."""
        self.sessions = []
        for n in range(self.users):
            pool = self.urllib3.HTTPConnectionPool("127.0.0.1", PORT, maxsize=1, timeout=120)
            self.sessions.append((pool, self._login(pool, self.accounts[n % len(self.accounts)])))

    def run(self, *, seconds: float | None) -> None:
        """Every user requests the pages in turn, concurrently: once each, all at the same moment
        (seconds None: the burst), or again and again for `seconds`, each user starting at a random
        moment of the first wait (as locust spawns its users and each reads before its next page)."""
        stop = None if seconds is None else time.monotonic() + seconds

        def user(n: int):
            pool, cookie = self.sessions[n]
            if stop is not None and self.think[1]:
                time.sleep(random.uniform(0, self.think[1]))
            k = n
            while (k - n < len(self.urls)) if stop is None else time.monotonic() < stop:
                label, path = self.urls[k % len(self.urls)]
                k += 1
                started = time.perf_counter()
                try:
                    response = pool.request("GET", path, headers={"Cookie": cookie}, redirect=False)
                    status = response.status
                except Exception as exc:
                    status = str(exc)
                elapsed = time.perf_counter() - started
                with self.lock:
                    if status != 200:
                        self.errors.append(f"{path}: {status}")
                    self.timings[label].append(elapsed)
                if stop is not None and self.think[1]:
                    time.sleep(random.uniform(*self.think))  # a reader looks at the page (locust's wait_time)

        threads = [threading.Thread(target=user, args=(n,)) for n in range(self.users)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()


def _cookies(response) -> str:
    values = response.headers.getlist("Set-Cookie") if hasattr(response.headers, "getlist") else []
    return "; ".join(value.split(";", 1)[0] for value in values)


def _wait_for_port(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.3)
    raise SystemExit(f"gunicorn did not listen on port {port}")


PHASES = (
    # (phase, what happens just before it, seconds of load: a number, "seconds" (--seconds) or
    # None (a burst: each user requests each page once, back to back, all at the same moment)
    ("empty", "the figures cache emptied (a new server): the first 10 s", 10),
    ("changed", "the data changed (any write), so no cached figure is current: the first 10 s", 10),
    ("warm", "nothing changes", "seconds"),
    ("writes", "the data change every 5 s (staff deciding while officials read)", "seconds"),
    ("burst", "the data changed; each user requests every page at once, without reading (a stress test)", None),
)
GATED = ("empty", "changed", "warm", "writes")  # the burst is reported, not held to the target


def measure_pages(*, users: int, seconds: float, workers: int, think: tuple[float, float]) -> bool:
    urls = json.loads(subprocess.run([PYTHON, "-m", "bench.dashboards", "--step", "urls"], env=child_env(), cwd=ROOT,
                                     check=True, capture_output=True, text=True).stdout)
    if not urls:
        print("\n  The dashboard pages (dashboards:home, :funnel, :breakdowns) are not in dashboards.urls on this "
              "branch: the load test is skipped and the functions behind them are measured below.")
        return True
    accounts = [f"pejabat.{code.replace('.', '')}" for code in _district_codes()] + ["pejabat.kaltim"]
    gunicorn = shutil.which("gunicorn", path=str(Path(PYTHON).parent)) or "gunicorn"
    celery = shutil.which("celery", path=str(Path(PYTHON).parent)) or "celery"
    log = open(ROOT / "var" / "bench-dashboards-gunicorn.log", "w")
    worker_log = open(ROOT / "var" / "bench-dashboards-worker.log", "w")
    server = subprocess.Popen([gunicorn, "training_portal.wsgi:application", "-b", f"127.0.0.1:{PORT}", "-w",
                               str(workers), "--threads", "4", "--worker-class", "gthread", "--log-level", "warning"],
                              env=child_env(), cwd=ROOT, start_new_session=True, stdout=log, stderr=log)
    # The worker and its beat, as `make run` and compose run them: they recompute the figures a
    # change made stale (dashboards.refresh_figures, dashboards.refresh_stale_figures).
    worker = subprocess.Popen([celery, "-A", "training_portal", "worker", "-B", "--concurrency", "1", "--loglevel",
                               "warning", "--schedule", str(ROOT / "var" / "bench-dashboards-beat")],
                              env=child_env(), cwd=ROOT, start_new_session=True, stdout=worker_log, stderr=worker_log)
    ok = True
    try:
        _wait_for_port(PORT)
        print(f"\n  gunicorn: {workers} workers × 4 threads on 127.0.0.1:{PORT}, a Celery worker with beat; {users} "
              f"concurrent officials ({len(accounts)} accounts), each waiting {think[0]:g}–{think[1]:g} s between "
              "pages")
        print(f"  {'page':<13} {'phase':<8} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  target "
              f"p50 <= {P50_TARGET * 1000:.0f}, p95 <= {P95_TARGET * 1000:.0f}")
        driver = Driver(users=users, accounts=accounts, urls=[tuple(u) for u in urls], think=think)
        driver.login_all()
        for phase, before, length in PHASES:
            print(f"  -- {phase}: {before}")
            if phase == "empty":
                flush_cache()
            elif phase in ("changed", "burst"):
                advance_data_version()
            writer = None
            if phase == "writes":
                writer = threading.Event()

                def write_every(stop=writer):
                    while not stop.wait(5):
                        advance_data_version()

                threading.Thread(target=write_every, daemon=True).start()
            driver.timings = {label: [] for label, _ in urls}
            driver.errors = []
            driver.run(seconds=seconds if length == "seconds" else length)
            if writer is not None:
                writer.set()
            for label, timings in driver.timings.items():
                if not timings:
                    ok = False
                    print(f"  {label:<13} {phase:<8} no answer")
                    continue
                p50, p95 = percentile(timings, 50), percentile(timings, 95)
                verdict = "ok" if p50 <= P50_TARGET and p95 <= P95_TARGET else "SLOW"
                ok = ok and (verdict == "ok" or phase not in GATED)
                print(f"  {label:<13} {phase:<8} {len(timings):>8} {p50 * 1000:>8.0f} {p95 * 1000:>8.0f} "
                      f"{max(timings) * 1000:>8.0f}  {verdict}")
            if driver.errors:
                ok = False
                print(f"  {len(driver.errors)} failed requests, e.g. {driver.errors[0]}")
            print(f"  {phase}: {load_text()}")
            time.sleep(5)  # the worker finishes recomputing before the next phase
    finally:
        for process in (server, worker):
            os.killpg(process.pid, signal.SIGTERM)
        for process in (server, worker):
            process.wait(timeout=60)
        log.close()
        worker_log.close()
    return ok


def _district_codes() -> list[str]:
    import psycopg2

    connection = psycopg2.connect(bench_database_url())
    with connection.cursor() as cursor:
        cursor.execute("SELECT DISTINCT regency_id FROM training_provider ORDER BY 1")
        codes = [row[0] for row in cursor.fetchall()]
    connection.close()
    return codes


def measure_functions(repeat: int) -> None:
    """In this (child) process, warm: indicators_compute and every table function, for one
    district's official and for the province's."""
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from accounts.models import User
    from accounts.selectors import regency_codes_visible_to
    from dashboards.exports.tables import dashboard_tables
    from dashboards.indicators import indicators_compute

    year = PROVINCE_PARAMS.first_year + PROVINCE_PARAMS.years - 1
    print(f"\n  {'function (warm process, ' + str(repeat) + ' runs)':<66} {'p50 ms':>8} {'max ms':>8} {'queries':>7}")
    for username in ("pejabat.6401", "pejabat.kaltim"):
        user = User.objects.get(username=username)
        codes = regency_codes_visible_to(user=user)
        steps = [
            ("indicators_compute, computed",
             lambda codes=codes: indicators_compute.uncached(year=year, regency_codes=codes)),
            ("indicators_compute, cached", lambda codes=codes: indicators_compute(year=year, regency_codes=codes)),
            ("every dashboard table (dashboard_tables), cached",
             lambda user=user, codes=codes: dashboard_tables(user=user, year=year, regency_codes=codes)),
        ]
        for label, action in steps:
            action()
            timings = []
            for _ in range(repeat):
                with CaptureQueriesContext(connection) as queries:
                    started = time.perf_counter()
                    action()
                    timings.append(time.perf_counter() - started)
            print(f"  {label + ', ' + username:<66} {statistics.median(timings) * 1000:>8.1f} "
                  f"{max(timings) * 1000:>8.1f} {len(queries.captured_queries):>7}")


def scaled(scale: int) -> base.Params:
    """The province divided by `scale` (a quick trial run of the generator and the measurements)."""
    p = PROVINCE_PARAMS
    return base.Params(persons=p.persons // scale, applications=p.applications // scale, imported=p.imported // scale,
                       batches_per_district_year=max(1, p.batches_per_district_year // scale),
                       seats_per_batch=p.seats_per_batch)


def build(scale: int) -> None:
    import psycopg2

    params = scaled(scale)
    print(f"Building {BENCH_DB}: {json.dumps(asdict(params))}, {GRANTS // scale:,} grants")
    admin = psycopg2.connect(urlunparse(urlparse(bench_database_url())._replace(path="/postgres")))
    admin.autocommit = True
    admin.cursor().execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
    admin.cursor().execute(f"CREATE DATABASE {BENCH_DB}")
    admin.close()
    env = child_env()
    started = time.perf_counter()
    subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], env=env, cwd=ROOT, check=True)
    subprocess.run([PYTHON, "manage.py", "load_regions"], env=env, cwd=ROOT, check=True, capture_output=True)
    connection = psycopg2.connect(bench_database_url())
    with connection, connection.cursor() as cursor:
        base.generate(cursor, params)
    connection.close()
    subprocess.run([PYTHON, "-m", "bench.dashboards", "--step", "grants", "--scale", str(scale)], env=env, cwd=ROOT,
                   check=True)
    connection = psycopg2.connect(bench_database_url())
    connection.autocommit = True
    connection.cursor().execute("VACUUM ANALYZE")
    connection.close()
    print(f"  built in {time.perf_counter() - started:.0f} s")


def counts() -> dict:
    import psycopg2

    connection = psycopg2.connect(bench_database_url())
    result = {}
    with connection.cursor() as cursor:
        result.update(base.counts(cursor))
        for label, table in (("grants", "grants_grant"), ("visits", "grants_monitoringvisit")):
            cursor.execute(f"SELECT count(*) FROM {table}")
            result[label] = cursor.fetchone()[0]
    connection.close()
    return result


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reuse", action="store_true", help="measure the province built by an earlier run")
    parser.add_argument("--users", type=int, default=20, help="concurrent users of the load test")
    parser.add_argument("--seconds", type=float, default=30, help="length of the warm load test")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (the machine has 2 cores)")
    parser.add_argument("--think", default="1-2", help="seconds a user waits between pages, MIN-MAX (0-0: none)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each function and of the command")
    parser.add_argument("--scale", type=int, default=1, help="divide the province by this (a quick trial run)")
    parser.add_argument("--step", choices=["grants", "urls", "functions"], help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.step == "grants":
        prepare_grants(GRANTS // options.scale)
        return
    if options.step == "urls":
        print(json.dumps(page_urls()))
        return
    if options.step == "functions":
        measure_functions(options.repeat)
        return
    if not options.reuse:
        build(options.scale)
    else:  # a province built before this branch's latest migrations gets them (a no-op otherwise)
        subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], env=child_env(), cwd=ROOT, check=True)
    print(f"  {json.dumps(counts())}")
    print(f"  {load_text()}")
    year = PROVINCE_PARAMS.first_year + PROVINCE_PARAMS.years - 1
    print(f"\n{'step':<52} {'median':>8} {'max':>8} {'target':>6}  (seconds, {options.repeat} runs)")
    env = child_env()
    measure_report_command(env, year=year, repeat=options.repeat)
    think = tuple(float(x) for x in options.think.split("-", 1))
    ok = measure_pages(users=options.users, seconds=options.seconds, workers=options.workers, think=think)
    subprocess.run([PYTHON, "-m", "bench.dashboards", "--step", "functions", "--repeat", str(options.repeat)],
                   env=env, cwd=ROOT, check=True)
    print(f"\n  {load_text()}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
