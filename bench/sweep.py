"""Security sweep of issue 9: every URL pattern x every demo account x another district's ids.

    make security-sweep      (or: .venv/bin/python bench/sweep.py [--foreign-ids N])

Creates its own database (training_portal_sweep), migrates it, loads the regions and seeds the
demo (seed_demo), then, in one transaction rolled back at the end (nothing the sweep posts is
kept), signs in as each demo account and requests every URL pattern of the resolver:

- a pattern with record ids in its path is requested (GET, and POST) with ids of records of a
  district outside the account's reach, N per pattern (--foreign-ids, default 2): a 200 to
  the GET of a foreign id is a cross-district read, and a POST that changed any table (the
  transaction's own statistics, pg_stat_xact_user_tables) a cross-district write;
- a pattern without ids is requested with another district's codes and ids in its query
  string (?regency=, ?kecamatan=, ?provider=, ?scheme=, ?batch=, ...);
- every page answered is searched for the names and NIKs of persons registered only in
  districts outside the account's reach: one found is a cross-district read;
- the official accounts (the read-only role: dashboards, plus the approvals of their own
  capabilities) POST to every pattern with their own district's ids: a POST that changed a
  table, outside the views of their capabilities, is a write by a read-only role accepted;
- any 500 (or exception) is counted.

The system administrator reaches every district, so it has no foreign ids; it is still swept
for 500s. It prints the figures and lists each finding. Nothing here is a test.

    --control   a check of the sweep itself: the system administrator alone, told that only
                Paser (64.01) is within reach. It does see the other districts, so the sweep
                must report cross-district reads; if it reports none, it cannot see them.
"""

import argparse
import os
import re
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PYTHON = sys.executable
SWEEP_DB = "training_portal_sweep"

# The record a path parameter names, told by the path segment before it.
SEGMENT_MODELS = {
    "jobs": "core.Job", "persons": "participants.Person", "outcomes": "participants.Person",
    "applications": "participants.Application", "documents": "participants.Document",
    "providers": "training.Provider", "workshops": "training.Workshop", "instructors": "training.Instructor",
    "certifications": "training.InstructorCertification", "batches": "training.Batch",
    "sessions": "training.BatchSession", "enrolments": "training.Enrolment",
    "reallocation": "training.ReallocationProposal", "schemes": "grants.GrantScheme", "proposals": "grants.Grant",
    "propose": "training.Enrolment", "payments": "grants.PaymentBatch", "visits": "grants.MonitoringVisit",
    "photos": "grants.VisitPhoto", "coaching": "grants.CoachingSession", "village-needs": "grants.VillageNeed",
    "letterhead": "regions.Regency",
}
# Views an official may write through: the approvals of their capabilities (approve_reallocation,
# manage_targets, approve_grants) and their own account.
OFFICIAL_WRITES = re.compile(
    r"^(training:reallocation-decide|programs:target-list|grants:grant-(approve|return|reject)|grants:approval-list|"
    r"password_change|logout|set_language|core:job-retry)$"
)
IGNORED_TABLES = ("django_session", "axes_accessattempt", "axes_accesslog", "axes_accessfailurelog")


def sweep_database_url() -> str:
    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/training_portal")
    return urlunparse(urlparse(base)._replace(path="/" + SWEEP_DB))


def regency_path(model) -> str | None:
    """The lookup from `model` to its kabupaten/kota code (shortest chain of foreign keys)."""
    from regions.models import Regency

    if model is Regency:
        return "pk"
    for field in ("regency_code",):
        if any(f.name == field for f in model._meta.fields):
            return field
    queue = [(model, "")]
    seen = {model}
    while queue:
        current, prefix = queue.pop(0)
        for field in current._meta.fields:
            if not field.is_relation or field.related_model is None:
                continue
            if field.related_model is Regency:
                return f"{prefix}{field.name}_id"
            further = field.related_model not in seen and prefix.count("__") < 3
            if further and field.related_model._meta.app_label != "accounts":
                seen.add(field.related_model)
                queue.append((field.related_model, f"{prefix}{field.name}__"))
    return None


class Sweep:
    def __init__(self, foreign_ids: int, control: bool = False):
        from django.apps import apps
        from django.test import Client

        from core.demo import SEED_REGENCIES
        from tests.urlwalk import url_patterns

        self.apps, self.Client = apps, Client
        self.patterns = list(url_patterns())
        self.regencies = list(SEED_REGENCIES)
        self.foreign_ids = foreign_ids
        self.control = control
        self.requests = self.tried = 0
        self.combinations = set()
        self.reads, self.writes, self.readonly_writes, self.errors = [], [], [], []
        self.status_counts = defaultdict(int)

    # --- what belongs to whom ------------------------------------------------------------

    def reach(self, user) -> set[str]:
        from regions.models import Regency

        if user.is_superuser or user.role == "system_admin":
            return {"64.01"} if self.control else set(Regency.objects.values_list("code", flat=True))
        if user.regency_id:
            return {user.regency_id}
        if user.province_id:
            return set(Regency.objects.filter(province_id=user.province_id).values_list("code", flat=True))
        return set()

    def ids(self, label: str, regencies: set[str], count: int) -> list[str]:
        model = self.apps.get_model(label)
        lookup = regency_path(model)
        if lookup is None:
            return []
        rows = model.objects.filter(**{f"{lookup}__in": regencies}).order_by("pk").values_list("pk", flat=True)
        return [str(pk) for pk in rows[:count]]

    def foreign_markers(self, home: set[str]):
        """A regex of the NIKs, and of the names no person within reach shares, of the persons
        registered only outside `home`."""
        from participants.models import Person

        outside = Person.objects.exclude(regency_id__in=home).exclude(applications__regency_id__in=home)
        inside_names = set(Person.objects.filter(regency_id__in=home).values_list("name", flat=True))
        markers = set()
        for nik, name in outside.values_list("nik", "name"):
            markers.add(nik)
            if len(name) >= 10 and name not in inside_names:
                markers.add(name)
        if not markers:
            return None
        return re.compile("|".join(re.escape(m) for m in sorted(markers, key=len, reverse=True)))

    # --- requests ------------------------------------------------------------------------------

    def written(self) -> int:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0) FROM pg_stat_xact_user_tables "
                           "WHERE relname <> ALL(%s)", [list(IGNORED_TABLES)])
            return int(cursor.fetchone()[0])

    def request(self, client, method, path, data=None):
        from django.db import transaction

        self.requests += 1
        before = self.written()
        try:
            with transaction.atomic():
                response = client.get(path, data or {}) if method == "GET" else client.post(path, data or {})
        except Exception as exc:  # the test client re-raises what a view raised: a 500
            self.status_counts[500] += 1
            return 500, "", 0, f"{type(exc).__name__}: {str(exc)[:120]}"
        self.status_counts[response.status_code] += 1
        body = b"" if getattr(response, "streaming", False) else response.content
        text = body.decode("utf-8", "replace") if b"\x00" not in body[:2048] else ""
        return response.status_code, text, self.written() - before, ""

    def run(self):
        from accounts.demo import DEMO_USERS
        from accounts.models import User

        usernames = ["admin"] if self.control else [username for username, *_rest in DEMO_USERS]
        self.accounts = len(usernames)
        for username in usernames:
            user = User.objects.get(username=username)
            home = self.reach(user)
            foreign = set(self.regencies) - home
            markers = self.foreign_markers(home) if foreign else None
            query = self.foreign_query(foreign)
            client = self.Client()
            client.force_login(user)
            is_official = user.role == "official"
            started = time.perf_counter()
            for pattern in self.patterns:
                self.sweep_pattern(client, user, pattern, home, foreign, markers, query, is_official)
            print(f"  {username:<16} {time.perf_counter() - started:6.1f} s", flush=True)

    def foreign_query(self, foreign: set[str]) -> dict:
        if not foreign:
            return {}
        from regions.models import Subdistrict

        first = sorted(foreign)[0]
        subdistrict = Subdistrict.objects.filter(regency_id=first).values_list("code", flat=True).first() or ""
        query = {"regency": first, "kecamatan": subdistrict, "subdistrict": subdistrict, "province": first[:2]}
        for key, label in (("provider", "training.Provider"), ("scheme", "grants.GrantScheme"),
                           ("batch", "training.Batch"), ("session", "training.BatchSession")):
            ids = self.ids(label, foreign, 1)
            if ids:
                query[key] = ids[0]
        return query

    def sweep_pattern(self, client, user, pattern, home, foreign, markers, query, is_official):
        from django.urls import resolve

        name = pattern.name or pattern.route
        params = pattern.params
        segments = [seg for seg in pattern.route.split("/") if seg]
        labels = []
        for param in params:
            index = next(i for i, seg in enumerate(segments) if param in seg)
            labels.append(SEGMENT_MODELS.get(segments[index - 1]) if index else None)
        candidate_sets = []
        if foreign and params and any(labels):
            columns = [self.ids(label, foreign, self.foreign_ids) if label else [] for label in labels]
            for k in range(self.foreign_ids):
                values = [column[k] for column in columns if len(column) > k]
                if values:
                    candidate_sets.append(values)
        for values in candidate_sets:
            path = pattern.path(values)
            if path is None or resolve(path.split("?")[0]).func is not pattern.callback:
                continue
            self.tried += 1
            self.combinations.add((name, user.username, path))
            status, text, _wrote, error = self.request(client, "GET", path)
            self.note(user, "GET", path, status, text, error, markers)
            if status == 200 and not name.startswith(("admin:", "core:job-progress")):
                self.reads.append(f"{user.username} GET {path}: 200 on another district's record")
            status, _text, wrote, error = self.request(client, "POST", path, {"note": "sweep", "reason": "sweep"})
            self.note(user, "POST", path, status, "", error, None)
            client.force_login(user)
            if wrote and status < 400:
                self.writes.append(f"{user.username} POST {path}: {status}, {wrote} rows changed in another district")
        if not params:
            path = pattern.path()
            status, text, _wrote, error = self.request(client, "GET", path, query)
            self.note(user, "GET", path, status, text, error, markers)
        elif not candidate_sets:
            # No foreign record to name (the account reaches every district, or the ids are not
            # district records: a cycle code, an admin object): every pattern is still requested.
            path = pattern.path([ids[0] for ids in (self.ids(label, home, 1) for label in labels if label) if ids])
            status, text, _wrote, error = self.request(client, "GET", path)
            self.note(user, "GET", path, status, text, error, markers)
        if is_official and not OFFICIAL_WRITES.match(name):
            home_ids = [self.ids(label, home, 1) for label in labels if label]
            path = pattern.path([ids[0] for ids in home_ids if ids])
            if path is not None:
                status, _text, wrote, error = self.request(client, "POST", path, {"note": "sweep", "reason": "sweep"})
                self.note(user, "POST", path, status, "", error, None)
                client.force_login(user)
                if wrote and status < 400:
                    self.readonly_writes.append(f"{user.username} POST {path} ({name}): {status}, {wrote} rows changed")

    def note(self, user, method, path, status, text, error, markers):
        if status == 500:
            self.errors.append(f"{user.username} {method} {path[:100]}: {error or 500}")
        if markers is not None and text:
            found = markers.search(text)
            if found:
                self.reads.append(f"{user.username} {method} {path[:100]}: shows {found.group(0)!r} "
                                  "of another district")

    def report(self):
        roles = {u for _n, u, _p in self.combinations}
        print()
        print(f"URL patterns:                    {len(self.patterns)}")
        print(f"demo accounts:                   {self.accounts}")
        print(f"requests made:                   {self.requests:,}")
        print(f"pattern x account x foreign ids: {self.tried:,} tried "
              f"({len({n for n, _u, _p in self.combinations})} patterns with ids, {len(roles)} accounts)")
        print(f"cross-district reads found:      {len(self.reads)}")
        print(f"cross-district writes accepted:  {len(self.writes)}")
        print(f"writes by read-only roles:       {len(self.readonly_writes)}")
        print(f"500s seen:                       {len(self.errors)}")
        print(f"answers by status:               {dict(sorted(self.status_counts.items()))}")
        for title, rows in (("Cross-district reads", self.reads), ("Cross-district writes", self.writes),
                            ("Writes by read-only roles", self.readonly_writes), ("500s", self.errors)):
            if rows:
                print(f"\n{title}:")
                for row in rows[:50]:
                    print("  " + row)
        return not (self.reads or self.writes or self.readonly_writes or self.errors)


def measure(foreign_ids: int, control: bool) -> bool:
    import logging

    import django

    django.setup()
    from django.conf import settings
    from django.db import transaction

    settings.ALLOWED_HOSTS = ["*"]
    logging.disable(logging.CRITICAL)  # refusals (403, 404, 405) are what is swept for: no tracebacks
    sweep = Sweep(foreign_ids, control)
    print("Sweeping (one transaction, rolled back at the end)…")
    with transaction.atomic():
        sweep.run()
        transaction.set_rollback(True)
    clean = sweep.report()
    if control:
        print("\ncontrol: " + ("the sweep found the reads it was meant to find" if sweep.reads
                              else "FAILED: the sweep found no cross-district read"))
        return bool(sweep.reads)
    return clean


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--foreign-ids", type=int, default=2, help="foreign ids tried per pattern and account")
    parser.add_argument("--step", choices=["measure"], help=argparse.SUPPRESS)
    parser.add_argument("--reuse", action="store_true", help="keep the sweep database of an earlier run")
    parser.add_argument("--control", action="store_true", help="check the sweep itself (see above)")
    options = parser.parse_args()
    if options.step == "measure":
        sys.exit(0 if measure(options.foreign_ids, options.control) else 1)

    env = dict(os.environ, DATABASE_URL=sweep_database_url(), DJANGO_SETTINGS_MODULE="training_portal.settings.local",
               DJANGO_DEBUG="false", DEMO_LOGINS_FILE=str(ROOT / "var" / "sweep-demo-logins.txt"))
    if not options.reuse:
        import psycopg2

        print(f"Preparing database {SWEEP_DB} with the demo data…")
        connection = psycopg2.connect(urlunparse(urlparse(sweep_database_url())._replace(path="/postgres")))
        connection.autocommit = True
        connection.cursor().execute(f"DROP DATABASE IF EXISTS {SWEEP_DB}")
        connection.cursor().execute(f"CREATE DATABASE {SWEEP_DB}")
        connection.close()
        manage = [PYTHON, "manage.py"]
        subprocess.run(manage + ["migrate", "-v0"], env=env, cwd=ROOT, check=True)
        subprocess.run(manage + ["load_regions"], env=env, cwd=ROOT, check=True, capture_output=True)
        subprocess.run(manage + ["seed_demo"], env=env, cwd=ROOT, check=True, capture_output=True)
    completed = subprocess.run([PYTHON, "bench/sweep.py", "--step", "measure", "--foreign-ids",
                                str(options.foreign_ids), *(["--control"] if options.control else [])],
                               env=env, cwd=ROOT)
    sys.exit(completed.returncode)


if __name__ == "__main__":
    main()
