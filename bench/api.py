"""Benchmark of the REST API's application list (issue 13): 20 API clients against gunicorn.

    make bench-api                  build the database (or reuse it when it is there), then measure
    make bench-api ARGS=--rebuild   build it again from nothing

Builds its own database (bench_api) the way bench/province.py does, with its districts, shares
and quotas: East Kalimantan's 10 districts, one cycle (KALTIM-2026) with 100,000 applications
(each a person of its district, in a real desa), one eligibility run's results (60 % eligible,
25 % ineligible, 15 % to review) and some staff decisions; a few set-based SQL statements (no
batches: the API's list does not read them). Makes one Dinas Sosial officer per district and one
of the province, and one API token per simulated client (made by api_token_create, as
`create_api_token` does). Then starts gunicorn (2 workers × 4 threads, like bench-dashboards) and runs locust
headless (bench/locust_api.py) with 20 concurrent clients, each with its own token, reading
pages of /api/v1/applications/ (50 a page, some filtered by cycle, status or district), and
prints locust's p50 and p95; target p95 < 300 ms.

Nothing here is a test: it only measures.
"""

import argparse
import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlparse, urlunparse

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import province
from bench.dashboards import _wait_for_port, load_text

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BENCH_DB = "bench_api"
PORT = int(os.environ.get("BENCH_PORT", "8118"))
P95_TARGET = 0.300
APPLICATIONS = 100_000


def bench_database_url() -> str:
    default = "postgres://postgres@127.0.0.1:5432/training_portal"
    return urlunparse(urlparse(os.environ.get("DATABASE_URL", default))._replace(path="/" + BENCH_DB))


def child_env() -> dict:
    return dict(os.environ, DATABASE_URL=bench_database_url(), DJANGO_SETTINGS_MODULE="training_portal.settings.local",
                DJANGO_DEBUG="false", DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost")


def _applications_in_database() -> int | None:
    import psycopg2

    try:
        connection = psycopg2.connect(bench_database_url())
    except psycopg2.OperationalError:
        return None
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass('participants_application') IS NOT NULL")
            if not cursor.fetchone()[0]:
                return None
            cursor.execute("SELECT count(*) FROM participants_application")
            return cursor.fetchone()[0]
    finally:
        connection.close()


def generate(cursor, applications: int) -> None:
    """bench/province.py's cycle, persons, applications and results, without its providers and batches."""
    province.generate(cursor, applications, training=False)


def counts(cursor) -> dict:
    result = {}
    for label, table in [("persons", "participants_person"), ("applications", "participants_application"),
                         ("results", "verification_eligibilityresult")]:
        cursor.execute(f"SELECT count(*) FROM {table}")
        result[label] = cursor.fetchone()[0]
    return result


def build(applications: int) -> None:
    import psycopg2

    admin = urlparse(bench_database_url())
    print(f"Preparing database {BENCH_DB} ({applications:,} applications in {len(province.SHARES)} districts)…")
    connection = psycopg2.connect(urlunparse(admin._replace(path="/postgres")))
    connection.autocommit = True
    connection.cursor().execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
    connection.cursor().execute(f"CREATE DATABASE {BENCH_DB}")
    connection.close()
    env = child_env()
    subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], env=env, cwd=ROOT, check=True)
    subprocess.run([PYTHON, "manage.py", "load_regions"], env=env, cwd=ROOT, check=True, capture_output=True)
    started = time.perf_counter()
    connection = psycopg2.connect(bench_database_url())
    with connection, connection.cursor() as cursor:
        generate(cursor, applications)
        print(f"  generated in {time.perf_counter() - started:.1f} s: {json.dumps(counts(cursor))}")
    connection.close()


def tokens_create(clients: int) -> list[str]:
    """One officer per district and one of the province (made once), and a fresh token for each
    client, the clients spread over the officers. Printed as JSON for the parent process."""
    import django

    django.setup()
    from accounts.models import User
    from accounts.roles import Role
    from accounts.services import api_token_create, user_create
    from regions.models import Province, Regency

    users = []
    for code in sorted(province.SHARES):
        username = f"api.{code.replace('.', '')}"
        user = User.objects.filter(username=username).first() or user_create(
            username=username, password=None, role=Role.DINSOS_STAFF, regency=Regency.objects.get(code=code))
        users.append(user)
    user = User.objects.filter(username="api.kaltim").first() or user_create(
        username="api.kaltim", password=None, role=Role.DINSOS_STAFF, province=Province.objects.get(code="64"))
    users.append(user)
    return [api_token_create(user=users[n % len(users)], name=f"bench client {n}", days=1).key
            for n in range(clients)]


def run_locust(*, clients: int, seconds: int, think: str) -> dict:
    tokens = json.loads(subprocess.run([PYTHON, "-m", "bench.api", "--step", "tokens", "--clients", str(clients)],
                                       env=child_env(), cwd=ROOT, check=True, capture_output=True, text=True).stdout)
    (ROOT / "var").mkdir(exist_ok=True)
    gunicorn = shutil.which("gunicorn", path=str(Path(PYTHON).parent)) or "gunicorn"
    locust = shutil.which("locust", path=str(Path(PYTHON).parent)) or "locust"
    log = open(ROOT / "var" / "bench-api-gunicorn.log", "w")
    server = subprocess.Popen([gunicorn, "training_portal.wsgi:application", "-b", f"127.0.0.1:{PORT}", "-w", "2",
                               "--threads", "4", "--worker-class", "gthread", "--log-level", "warning"],
                              env=child_env(), cwd=ROOT, start_new_session=True, stdout=log, stderr=log)
    prefix = ROOT / "var" / "bench-api"
    try:
        _wait_for_port(PORT)
        print(f"\n  gunicorn: 2 workers × 4 threads on 127.0.0.1:{PORT}; locust: {clients} API clients, "
              f"each with its own token, waiting {think} s between requests, for {seconds} s")
        env = dict(os.environ, BENCH_API_TOKENS=",".join(tokens), BENCH_API_THINK=think)
        subprocess.run([locust, "-f", str(ROOT / "bench" / "locust_api.py"), "--headless", "-u", str(clients),
                        "-r", str(clients), "-t", f"{seconds}s", "--host", f"http://127.0.0.1:{PORT}",
                        "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING"],
                       env=env, cwd=ROOT, check=False)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
    with open(f"{prefix}_stats.csv", newline="") as stats:
        return {row["Name"]: row for row in csv.DictReader(stats)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rebuild", action="store_true", help="build the database again even when it is there")
    parser.add_argument("--applications", type=int, default=APPLICATIONS)
    parser.add_argument("--clients", type=int, default=20, help="concurrent API clients")
    parser.add_argument("--seconds", type=int, default=60, help="length of the load test")
    parser.add_argument("--think", default="0.5-1.5", help="seconds a client waits between requests, MIN-MAX")
    parser.add_argument("--step", choices=["tokens"], help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.step == "tokens":
        print(json.dumps(tokens_create(options.clients)))
        return
    present = _applications_in_database()
    if options.rebuild or not present:
        build(options.applications)
    else:
        print(f"Reusing database {BENCH_DB} ({present:,} applications); --rebuild builds it again.")
        subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], env=child_env(), cwd=ROOT, check=True)
    print(f"  {load_text()}")
    rows = run_locust(clients=options.clients, seconds=options.seconds, think=options.think)
    print(f"\n  {'request':<34} {'requests':>8} {'failures':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}")
    for name, row in rows.items():
        print(f"  {name:<34} {row['Request Count']:>8} {row['Failure Count']:>8} {row['50%']:>8} {row['95%']:>8} "
              f"{float(row['Max Response Time']):>8.0f}")
    total = rows.get("Aggregated")
    ok = bool(total) and int(total["Failure Count"]) == 0 and float(total["95%"]) < P95_TARGET * 1000
    print(f"\n  all requests: p50 {total['50%']} ms, p95 {total['95%']} ms (target p95 < {P95_TARGET * 1000:.0f} ms): "
          f"{'ok' if ok else 'SLOW or failed'}")
    print(f"  {load_text()}")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
