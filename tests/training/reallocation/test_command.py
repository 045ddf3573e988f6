"""`reallocate_quota` (§8, docs/quota-reallocation.md/§9), driven as an operator would run it."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone, translation

from audit.models import AuditEvent
from programs.models import CycleQuota, QuotaChange

from .conftest import applicants, make_cycle

pytestmark = pytest.mark.django_db


def run(*args):
    """(exit code, stdout) of the command."""
    out = StringIO()
    with translation.override("en"):
        try:
            call_command("reallocate_quota", *args, stdout=out)
        except SystemExit as exc:
            return exc.code, out.getvalue()
    return 0, out.getvalue()


def test_dry_run_json_matches_the_contract_and_saves_nothing(closed_cycle):
    code, out = run("--program", "PSK-2026", "--dry-run", "--json")
    assert code == 0
    assert json.loads(out) == {
        "program": "PSK-2026",
        "pool": 3,
        "unallocated": 0,
        "districts": [
            {"region": "64.01", "quota": 4, "eligible": 1, "surplus": 3, "demand": 0, "extra": 0, "new_quota": 1},
            {"region": "64.02", "quota": 2, "eligible": 5, "surplus": 0, "demand": 3, "extra": 3, "new_quota": 5},
        ],
    }
    assert not CycleQuota.objects.filter(reallocated_quota__isnull=False).exists()
    assert not QuotaChange.objects.exists()


def test_ties_in_the_command_follow_the_section_8_rules(paser, kukar, bantaeng, tabalong):
    # Pool 1 (Tabalong), demand 1 each in 64.01, 64.02 and 73.03: the lowest code gets the seat.
    cycle = make_cycle("TIE", quotas={"63.09": 1, "64.01": 0, "64.02": 0, "73.03": 0})
    for region in ("64.01", "64.02", "73.03"):
        applicants(cycle, region, 1)
    code, out = run("--program", "TIE", "--dry-run", "--json")
    document = json.loads(out)
    assert [d["region"] for d in document["districts"]] == ["63.09", "64.01", "64.02", "73.03"]
    assert [d["extra"] for d in document["districts"]] == [0, 1, 0, 0]


def test_text_output_is_a_summary_and_one_line_per_district(closed_cycle):
    code, out = run("--program", "PSK-2026", "--dry-run")
    lines = out.strip().splitlines()
    assert code == 0 and len(lines) == 3
    assert "pool 3" in lines[0] and "nothing saved" in lines[0]
    assert lines[1].startswith("64.01: quota 4, eligible 1, surplus 3")
    assert lines[2].endswith("new quota 5")


def test_saving_writes_quotas_ledger_and_audit(closed_cycle, kaltim_official):
    code, out = run("--program", "PSK-2026", "--json", "--user", kaltim_official.username)
    assert code == 0 and json.loads(out)["pool"] == 3
    assert dict(CycleQuota.objects.values_list("regency_id", "reallocated_quota")) == {"64.01": 1, "64.02": 5}
    rows = QuotaChange.objects.filter(kind="reallocation").order_by("regency_id")
    assert [(r.regency_id, r.quota_before, r.quota_after, r.changed_by) for r in rows] == [
        ("64.01", 4, 1, kaltim_official), ("64.02", 2, 5, kaltim_official),
    ]
    assert "reallocate_quota" in rows[0].reason
    assert AuditEvent.objects.filter(action="quota.reallocate", actor=kaltim_official).exists()
    # Running again computes from the initial quotas: same answer, nothing new in the ledger.
    assert json.loads(run("--program", "PSK-2026", "--json")[1]) == json.loads(out)
    assert QuotaChange.objects.count() == 2


def test_saving_without_a_user_is_recorded_as_the_system(closed_cycle):
    run("--program", "PSK-2026")
    assert set(QuotaChange.objects.values_list("changed_by", flat=True)) == {None}


def test_unknown_program_is_an_error(db):
    code, out = run("--program", "NOPE", "--json")
    assert code == 1 and json.loads(out) == {"error": "Unknown program code: NOPE"}


def test_never_evaluated_cycle_says_run_eligibility_first(paser):
    make_cycle(quotas={"64.01": 4}, evaluated=False)
    code, out = run("--program", "PSK-2026", "--dry-run", "--json")
    assert code == 1 and "run eligibility first" in json.loads(out)["error"]


def test_saving_on_the_closing_day_is_refused_but_a_dry_run_is_not(paser):
    make_cycle(quotas={"64.01": 4}, closes=timezone.localdate())
    code, out = run("--program", "PSK-2026", "--json")
    assert code == 1 and "open through" in json.loads(out)["error"]
    assert not QuotaChange.objects.exists()
    assert run("--program", "PSK-2026", "--dry-run", "--json")[0] == 0


def test_saving_the_day_after_closing_is_allowed(paser):
    make_cycle(quotas={"64.01": 4}, closes=timezone.localdate() - datetime.timedelta(days=1))
    assert run("--program", "PSK-2026", "--json")[0] == 0


def test_unknown_user_is_an_error(closed_cycle):
    code, out = run("--program", "PSK-2026", "--json", "--user", "nobody")
    assert code == 1 and "Unknown user" in json.loads(out)["error"]
    assert not QuotaChange.objects.exists()
