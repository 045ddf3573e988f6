"""Benchmark of issue 13: the residents' pages under concurrent visitors.

    make bench-public      (or: .venv/bin/python bench/public_pages.py [--cycles N] [--applications N]
                            [--users N] [--requests N] [--workers N] [--reuse])

Builds its own database (`training_portal_bench_public`, on the server of DATABASE_URL): ten
kabupaten, N program cycles open today (rules, quotas, spread over the districts) beside as many
closed ones, and N applications with registration numbers. Then it serves the portal with
gunicorn (2 workers x 4 threads, the machine has 2 cores) and lets --users concurrent visitors
each make --requests requests (waiting --think seconds between two), in turn the catalog, the
catalog of one kabupaten, a cycle's page, a pre-check POST and a status lookup POST (each
visitor with its own X-Forwarded-For address, as behind the production proxy; each status
lookup from an address of its own, so the limit of 10 per address is not what is measured).
Prints p50, p95 and the slowest answer per page; target: p95 under 100 ms. Only measures.
"""

import argparse
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
BENCH_DB = os.environ.get("BENCH_PUBLIC_DB", "training_portal_bench_public")
PORT = int(os.environ.get("BENCH_PORT", "8119"))
TARGET = 0.100
REGENCIES = [("64.01", "Kabupaten Paser"), ("64.02", "Kabupaten Kutai Kartanegara"), ("64.71", "Kota Balikpapan"),
             ("64.72", "Kota Samarinda"), ("73.03", "Kabupaten Bantaeng"), ("73.71", "Kota Makassar"),
             ("63.09", "Kabupaten Tabalong"), ("63.71", "Kota Banjarmasin"), ("62.71", "Kota Palangka Raya"),
             ("62.03", "Kabupaten Kapuas")]
PROVINCES = {"64": "Kalimantan Timur", "73": "Sulawesi Selatan", "63": "Kalimantan Selatan", "62": "Kalimantan Tengah"}


def bench_database_url() -> str:
    default = "postgres://postgres@127.0.0.1:5432/training_portal"
    return urlunparse(urlparse(os.environ.get("DATABASE_URL", default))._replace(path="/" + BENCH_DB))


def child_env() -> dict:
    return dict(os.environ, DATABASE_URL=bench_database_url(), DJANGO_SETTINGS_MODULE="training_portal.settings.local",
                DJANGO_DEBUG="false", DJANGO_ALLOWED_HOSTS="127.0.0.1,localhost", DJANGO_TRUSTED_PROXY_COUNT="1")


def build() -> None:
    import psycopg2

    admin = psycopg2.connect(urlunparse(urlparse(bench_database_url())._replace(path="/postgres")))
    admin.autocommit = True
    admin.cursor().execute(f"DROP DATABASE IF EXISTS {BENCH_DB}")
    admin.cursor().execute(f"CREATE DATABASE {BENCH_DB}")
    admin.close()
    subprocess.run([PYTHON, "manage.py", "migrate", "-v0"], env=child_env(), cwd=ROOT, check=True)


def seed(*, cycles: int, applications: int) -> None:
    """Runs in a child process on the bench database (`--step seed`)."""
    import django

    django.setup()
    from django.db import connection, transaction
    from django.utils import timezone

    from participants.models import Application, Person
    from programs.models import CycleQuota, Program, ProgramCycle
    from programs.rules_validation import normalise_rules
    from regions.models import Province, Regency

    today = timezone.localdate()
    rng = random.Random(13)
    with transaction.atomic():
        for code, name in PROVINCES.items():
            Province.objects.get_or_create(code=code, defaults={"name": name})
        for code, name in REGENCIES:
            Regency.objects.get_or_create(code=code, defaults={"name": name, "province_id": code[:2]})
        created = []
        for n in range(cycles * 2):
            is_open = n < cycles
            districts = rng.sample([code for code, _ in REGENCIES], rng.randint(1, 4))
            rules = {"min_age": rng.choice([None, 16, 17, 18]), "max_age": rng.choice([None, 20, 30, 35]),
                     "school_status": rng.choice([None, ["putus_sekolah"], ["putus_sekolah", "lulus"]]),
                     "min_education": rng.choice([None, "sd", "smp"]), "require_dtks": rng.random() < 0.5,
                     "regions": districts}
            cycle = ProgramCycle.objects.create(
                code=f"BENCH-{n:03d}", program=Program.objects.get_or_create(name=f"Pelatihan Bench {n:03d}")[0],
                year=today.year, rules=normalise_rules(rules),
                registration_opens=today - timedelta(days=30) if is_open else date(today.year - 1, 1, 1),
                registration_closes=today + timedelta(days=30 + n) if is_open else date(today.year - 1, 7, 31),
            )
            CycleQuota.objects.bulk_create(CycleQuota(cycle=cycle, regency_id=code, initial_quota=rng.randint(10, 60))
                                           for code in districts)
            created.append(cycle)
        persons = Person.objects.bulk_create(
            Person(nik=f"{6401010000000000 + i}", no_kk=f"{6401020000000000 + i}", name=f"Warga {i}",
                   birth_date=date(1990, 1, 1) + timedelta(days=i % 9000), sex="L",
                   village_code=f"{REGENCIES[i % 10][0]}.01.2001", regency_id=REGENCIES[i % 10][0])
            for i in range(applications))
        Application.objects.bulk_create(
            Application(person=p, cycle=created[i % len(created)], regency_id=p.regency_id, village_code=p.village_code,
                        education="sma", school_status="putus_sekolah", source="import")
            for i, p in enumerate(persons))
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def lookups() -> list[tuple[str, str]]:
    """(registration number, birth date DD-MM-YYYY) of 500 applications, and 100 wrong ones."""
    import psycopg2

    connection = psycopg2.connect(bench_database_url())
    with connection, connection.cursor() as cursor:
        cursor.execute("SELECT a.registration_number, to_char(p.birth_date, 'DD-MM-YYYY') "
                       "FROM participants_application a JOIN participants_person p ON p.id = a.person_id "
                       "ORDER BY random() LIMIT 500")
        rows = cursor.fetchall()
    connection.close()
    return rows + [(number[::-1], birth) for number, birth in rows[:100]]


class Visitor:
    """One resident's browser: a cookie jar of its own, an address of its own."""

    def __init__(self, n: int):
        self.ip = f"10.{n // 250}.{n % 250}.{random.randint(1, 250)}"
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
        self.token = ""

    def request(self, path: str, data: dict | None = None, *, ip: str | None = None) -> tuple[int, str]:
        body = None
        if data is not None:
            body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self.token}).encode()
        request = urllib.request.Request(f"http://127.0.0.1:{PORT}{path}", data=body,
                                         headers={"X-Forwarded-For": ip or self.ip})
        try:
            with self.opener.open(request, timeout=30) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, ""

    def start(self) -> None:
        _status, page = self.request("/p/cek/")
        self.token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def measure(*, users: int, requests: int, workers: int, think: tuple[float, float]) -> bool:
    pairs = lookups()
    gunicorn = shutil.which("gunicorn", path=str(Path(PYTHON).parent)) or "gunicorn"
    (ROOT / "var").mkdir(exist_ok=True)
    log = open(ROOT / "var" / "bench-public-gunicorn.log", "w")
    server = subprocess.Popen([gunicorn, "training_portal.wsgi:application", "-b", f"127.0.0.1:{PORT}", "-w",
                               str(workers), "--threads", "4", "--worker-class", "gthread", "--log-level", "warning"],
                              env=child_env(), cwd=ROOT, start_new_session=True, stdout=log, stderr=log)
    pages = ["catalog", "catalog one kabupaten", "cycle page", "pre-check POST", "status lookup POST"]
    timings: dict[str, list[float]] = {page: [] for page in pages}
    errors: list[str] = []
    lock = threading.Lock()
    try:
        deadline = time.monotonic() + 60
        while True:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", PORT)) == 0:
                    break
            if time.monotonic() > deadline:
                raise SystemExit("gunicorn did not start; see var/bench-public-gunicorn.log")
            time.sleep(0.3)
        warm = Visitor(999)
        warm.start()
        for i in range(10 * workers):  # each worker thread connects and compiles each template once
            warm.request("/p/")
            warm.request(f"/p/?kabupaten={REGENCIES[i % 10][0]}")
            warm.request(f"/p/program/BENCH-{i % 40:03d}/")

        def visit(n: int) -> None:
            rng = random.Random(n)
            visitor = Visitor(n)
            visitor.start()
            for i in range(requests):
                page = pages[(i + n) % len(pages)]
                if page == "catalog":
                    call = ("/p/", None)
                elif page == "catalog one kabupaten":
                    call = (f"/p/?kabupaten={rng.choice(REGENCIES)[0]}", None)
                elif page == "cycle page":
                    call = (f"/p/program/BENCH-{rng.randrange(40):03d}/", None)
                elif page == "pre-check POST":
                    call = ("/p/cek/", {"birth_date": f"{rng.randint(1, 28):02d}-0{rng.randint(1, 9)}-"
                                                      f"{rng.randint(1988, 2011)}",
                                        "school_status": rng.choice(["masih_sekolah", "putus_sekolah", "lulus"]),
                                        "education": rng.choice(["sd", "smp", "sma"]),
                                        "regency": rng.choice(REGENCIES)[0]})
                else:
                    number, birth = rng.choice(pairs)
                    call = ("/p/status/", {"registration_number": number, "birth_date": birth})
                # A lookup from an address of its own: the limit per address is tested, not timed here.
                ip = f"172.16.{n}.{i}" if page == "status lookup POST" else None
                started = time.perf_counter()
                status, _body = visitor.request(*call, ip=ip)
                elapsed = time.perf_counter() - started
                with lock:
                    if status == 200:
                        timings[page].append(elapsed)
                    else:
                        errors.append(f"{call[0]} -> {status}")
                if think[1]:
                    time.sleep(rng.uniform(*think))

        threads = [threading.Thread(target=visit, args=(n,)) for n in range(users)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - started
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
    total = sum(len(t) for t in timings.values())
    print(f"\n  gunicorn {workers} workers x 4 threads; {users} concurrent visitors x {requests} requests, "
          f"{think[0]:g}-{think[1]:g} s between a visitor's requests: {total} answers in {wall:.1f} s "
          f"({total / wall:.0f}/s)")
    print(f"  {'page':<22} {'requests':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}  target p95 < "
          f"{TARGET * 1000:.0f} ms")
    ok = not errors
    for page, values in timings.items():
        if not values:
            print(f"  {page:<22} no answer")
            ok = False
            continue
        values.sort()
        p50, p95 = values[len(values) // 2], values[min(len(values) - 1, int(len(values) * 0.95))]
        verdict = "ok" if p95 < TARGET else "SLOW"
        ok = ok and verdict == "ok"
        print(f"  {page:<22} {len(values):>8} {p50 * 1000:>8.1f} {p95 * 1000:>8.1f} "
              f"{values[-1] * 1000:>8.1f}  {verdict}")
    if errors:
        print(f"  {len(errors)} failed requests, e.g. {errors[0]}")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cycles", type=int, default=40, help="open cycles (as many closed ones are added)")
    parser.add_argument("--applications", type=int, default=20_000)
    parser.add_argument("--users", type=int, default=8, help="concurrent visitors")
    parser.add_argument("--requests", type=int, default=100, help="requests per visitor")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--think", type=float, nargs=2, default=(0.2, 1.0), metavar=("MIN", "MAX"),
                        help="seconds a visitor waits between requests (0 0: back to back)")
    parser.add_argument("--reuse", action="store_true", help="measure the database of an earlier run again")
    parser.add_argument("--step", choices=["seed"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step == "seed":
        seed(cycles=args.cycles, applications=args.applications)
        return
    if not args.reuse:
        started = time.perf_counter()
        build()
        subprocess.run([PYTHON, "-m", "bench.public_pages", "--step", "seed", "--cycles", str(args.cycles),
                        "--applications", str(args.applications)], env=child_env(), cwd=ROOT, check=True)
        print(f"Built {BENCH_DB}: {args.cycles} open and {args.cycles} closed cycles over {len(REGENCIES)} kabupaten, "
              f"{args.applications:,} applications, in {time.perf_counter() - started:.0f} s")
    ok = measure(users=args.users, requests=args.requests, workers=args.workers, think=tuple(args.think))
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
