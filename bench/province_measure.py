"""The timed part of bench/province.py, run in a child process against the benchmark database:
Django is set up once and warmed, like a running web worker, then each step runs `repeat` times."""

import logging
import statistics
import time


def _users():
    from accounts.models import User
    from accounts.roles import Role
    from accounts.services import user_create
    from regions.models import Province, Regency
    from training.models import Provider

    users = {}
    for username, role, regency, province, provider in [
        ("pejabat.kaltim", Role.OFFICIAL, None, "64", None),
        ("pejabat.kaltim2", Role.OFFICIAL, None, "64", None),
        ("blk.samarinda", Role.BLK_ADMIN, "64.72", None, "64.72"),
    ]:
        user = User.objects.filter(username=username).first()
        if user is None:
            user = user_create(
                username=username, password="bench-bench-bench", role=role,
                regency=Regency.objects.get(code=regency) if regency else None,
                province=Province.objects.get(code=province) if province else None,
            )
        if provider:
            user.provider = Provider.objects.get(regency_id=provider)
            user.save(update_fields=["provider"])
        users[username] = user
    return users


def _time(label, repeat, action, target=1.0):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    action()  # warm-up: first-request costs (template loading, translations) are not what is measured
    timings = []
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            detail = action()
            timings.append(time.perf_counter() - started)
    median, worst = statistics.median(timings), max(timings)
    verdict = "ok" if worst < target else "SLOW"
    print(f"{label:<58} {median:>8.3f} {worst:>8.3f} {target:>7.1f} {len(queries.captured_queries):>7}  "
          f"{verdict} {detail or ''}")


def measure(*, repeat: int) -> None:
    import django

    django.setup()
    # Each timed page signs in; django-axes logs every sign-in at INFO, which would bury the table.
    logging.getLogger("axes").setLevel(logging.WARNING)
    from django.test import Client
    from django.urls import reverse

    from bench.province import CYCLE

    users = _users()
    print()
    print(f"{'step':<58} {'median s':>8} {'worst s':>8} {'target':>7} {'queries':>7}  result")

    def page(user, url, expect=b""):
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)

        def get():
            response = client.get(url)
            if response.status_code != 200 or expect not in response.content:
                raise SystemExit(f"{url}: HTTP {response.status_code}")
            return f"{len(response.content) / 1024:.0f} KB"

        return get

    waiting = reverse("training:waiting-list")
    for who, district, page_number in [("blk.samarinda", "64.72", 1), ("blk.samarinda", "64.72", 200),
                                       ("pejabat.kaltim", "64.72", 1), ("pejabat.kaltim", "64.11", 1)]:
        url = f"{waiting}?cycle={CYCLE}&regency={district}&page={page_number}"
        _time(f"waiting list {district} page {page_number} ({who})", repeat, page(users[who], url))

    import json
    import subprocess
    import sys

    from programs.models import ProgramCycle
    from training.reallocation.selectors import reallocation_compute
    from training.reallocation.services import quota_reallocate, reallocation_approve, reallocation_propose

    cycle = ProgramCycle.objects.get(code=CYCLE)

    def compute():
        result = reallocation_compute(cycle=cycle)
        return f"pool {result.as_dict(program=CYCLE)['pool']}"

    def save():
        result = quota_reallocate(cycle=cycle, reason="benchmark").as_dict(program=CYCLE)
        return f"pool {result['pool']}, unallocated {result['unallocated']}"

    def propose_and_approve():
        proposal = reallocation_propose(cycle=cycle, by=users["pejabat.kaltim"], reason="benchmark")
        reallocation_approve(proposal=proposal, by=users["pejabat.kaltim2"], note="benchmark")
        return f"proposal #{proposal.pk} applied"

    _time("reallocation: compute (dry run, in a warm process)", repeat, compute)
    _time("reallocation: compute and save", repeat, save)
    _time("reallocation: propose, then approve by a second person", repeat, propose_and_approve)
    _time("reallocation page (preview)", repeat,
          page(users["pejabat.kaltim"], reverse("training:reallocation", args=[CYCLE])))
    _time("quota overview page", repeat, page(users["pejabat.kaltim"], reverse("training:quota-overview")))

    # The command as an operator runs it: a new process, so Django's start-up is included.
    started = time.perf_counter()
    completed = subprocess.run([sys.executable, "manage.py", "reallocate_quota", "--program", CYCLE, "--dry-run",
                                "--json"], capture_output=True, text=True, check=True)
    elapsed = time.perf_counter() - started
    result = json.loads(completed.stdout)
    print(f"{'reallocate_quota --dry-run --json (new process, once)':<58} {elapsed:>8.3f} {elapsed:>8.3f} {3.0:>7.1f}"
          f" {'-':>7}  {'ok' if elapsed < 3 else 'SLOW'} pool {result['pool']}, unallocated {result['unallocated']}, "
          f"{len(result['districts'])} districts")
