"""Benchmark of issue 12 item 23: how long /healthz takes to answer.

    make bench-healthz      (or: .venv/bin/python bench/healthz.py [--calls N])

Uses the configured DATABASE_URL and REDIS_URL (nothing is written but the heartbeat keys).
Requests /healthz N times in this process (Django's test client, so only the view is timed)
in three situations: a Celery worker running (started here, `celery worker --pool solo`),
no worker at all, and, for comparison, the old check that pinged the workers and waited up to
a second for their answers (`app.control.ping(timeout=1.0)`). Prints the median and the
slowest call; target: under 100 ms. Nothing here is a test: it only measures.
"""

import argparse
import logging
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "training_portal.settings.local")
TARGET = 0.1


def timed(function, calls: int) -> list[float]:
    times = []
    for _call in range(calls):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return times


def show(label: str, times: list[float], answer) -> None:
    median, slowest = statistics.median(times), max(times)
    verdict = "ok" if slowest < TARGET else "SLOW"
    print(f"{label:<44} median {median * 1000:7.1f} ms  slowest {slowest * 1000:7.1f} ms  "
          f"({len(times)} calls, {verdict}; {answer})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=50)
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.test import Client

    from core import health
    from training_portal.celery import app

    settings.ALLOWED_HOSTS = ["*"]
    logging.getLogger("django.request").setLevel(logging.ERROR)  # the 503s without a worker are expected
    client = Client()
    keys = health._redis()
    keys.delete(health.HEARTBEAT_KEY, health.HEARTBEAT_REQUESTED_KEY)

    def healthz():
        return client.get("/healthz")

    healthz()  # the first request imports and connects
    show("/healthz, no worker running", timed(healthz, args.calls), healthz().json()["checks"])

    worker = subprocess.Popen(
        [str(Path(sys.executable).parent / "celery"), "-A", "training_portal", "worker", "--pool", "solo",
         "--loglevel", "WARNING"], cwd=ROOT, env=os.environ.copy(), stdout=subprocess.DEVNULL)
    try:
        deadline = time.time() + 60
        while health.worker_heartbeat_age() is None and time.time() < deadline:
            healthz()  # asks for a heartbeat, which the new worker runs once it is up
            time.sleep(0.5)
        show("/healthz, a worker running", timed(healthz, args.calls), healthz().json()["checks"])
        old = timed(lambda: app.control.ping(timeout=1.0), min(args.calls, 5))
        show("before: app.control.ping(timeout=1.0)", old, "the check /healthz used to make")
    finally:
        worker.terminate()
        worker.wait(timeout=30)


if __name__ == "__main__":
    main()
