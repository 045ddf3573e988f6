"""No page answers 500 (issue 9): every URL pattern of the resolver, as each demo role, with
hostile parameters in its path and query string (NUL characters, huge and negative numbers,
dates outside the calendar, very long strings), by GET and by POST."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client

from accounts.demo import DEMO_USERS
from accounts.models import User
from tests.urlwalk import resolver_pattern_count, url_patterns

pytestmark = pytest.mark.django_db

HUGE = "99999999999999999999"
# Long, yet within what a web server passes on (gunicorn's limit is 4094 bytes per request
# line; the query below stays under Django's 16,384-character redirect limit when a view
# sends a visitor to the login page with the whole address in ?next=).
LONG = "x" * 1000

# One demo account per role: the system administrator, a district's Dinas staff, a BLK admin
# and an official (the province one, whose reach spans districts).
ROLES = ["admin", "staf.paser", "blk.paser", "pejabat.kaltim"]

# Every query parameter a view reads (grep request.GET), hostile.
HOSTILE_QUERY = {
    "q": LONG, "regency": "9" * 40, "subdistrict": LONG, "kecamatan": LONG, "province": HUGE,
    "page": "-1", "year": HUGE, "month": "9999-12", "view": "month", "week": "9999-12-31",
    "provider": HUGE, "scheme": HUGE, "batch": HUGE, "session": HUGE, "officer": HUGE,
    "status": "' OR 1=1 --", "state": LONG, "kind": LONG, "key": LONG, "format": "../../etc/passwd",
    "sex": LONG, "nik": "9" * 400, "birth_date": "0000-00-00", "filled": "-1",
}
NEGATIVE_QUERY = {
    **dict.fromkeys(HOSTILE_QUERY, "-1"), "view": "week", "week": "0001-W01", "month": "0001-01",
    # str.isdigit() is true of superscript digits, which int() refuses.
    "scheme": "\u00b2", "batch": "\u00b2", "officer": "\u00b2", "page": "0", "year": "-2026",
}
NUL_QUERY = {key: f"a\x00{key}" for key in HOSTILE_QUERY}

# (method, name, path parameter candidates, query or form) of each kind of request: every role
# sends the first three to every pattern; the system administrator, who reaches every view,
# sends the others as well.
EVERY_ROLE = [
    ("GET", "huge ids, long strings", [LONG, HUGE], HOSTILE_QUERY),
    ("GET", "sample ids, hostile query", ["1", "PSK-2026"], HOSTILE_QUERY),
    ("POST", "sample ids, hostile form", ["1", "PSK-2026"], HOSTILE_QUERY),
]
ADMIN_ONLY = [
    ("GET", "zero and negative", ["-1", "0"], NEGATIVE_QUERY),
    ("POST", "zero and negative", ["-1", "0"], NEGATIVE_QUERY),
    ("GET", "NUL characters", ["a\x00b", "1"], NUL_QUERY),
    ("POST", "NUL characters", ["1", "PSK-2026"], NUL_QUERY),
]


@pytest.fixture
def demo(tmp_path, settings):
    settings.DEMO_LOGINS_FILE = tmp_path / "demo-logins.txt"
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("load_regions", stdout=StringIO())
    call_command("seed_demo", "--applicants", "60", stdout=StringIO())


def _request(client, method, path, data):
    try:
        if method == "GET":
            return client.get(path, data).status_code, ""
        return client.post(path, data).status_code, ""
    except Exception as exc:  # the test client re-raises what the view raised: a 500
        return 500, f"{type(exc).__name__}: {str(exc)[:200]}"


def test_no_url_pattern_answers_500_to_hostile_parameters_for_any_demo_role(demo):
    patterns = list(url_patterns())
    assert len(patterns) == resolver_pattern_count()
    assert {username for username, *_rest in DEMO_USERS} >= set(ROLES)

    walked, requests, failures = set(), 0, []
    for username in ROLES:
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        variants = [*EVERY_ROLE, *ADMIN_ONLY] if username == "admin" else EVERY_ROLE
        for pattern in patterns:
            for method, variant, candidates, query in variants:
                path = pattern.path(candidates)
                assert path is not None, f"no path for {pattern.route}"
                status, error = _request(client, method, path, query)
                requests += 1
                # 503 is the health probe's answer while no Celery worker runs: by design.
                if status == 500:
                    failures.append(f"{username} {method} {path[:120]} ({variant}): {status} {error}")
                if method == "POST":
                    client.force_login(user)  # a POST to the sign-out page signs out
            walked.add(pattern.chain)

    assert len(walked) == resolver_pattern_count()
    assert requests == len(patterns) * (len(ROLES) * len(EVERY_ROLE) + len(ADMIN_ONLY))
    assert failures == [], "\n".join(failures[:40]) + f"\n({len(failures)} requests answered 500)"
