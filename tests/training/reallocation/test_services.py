"""Counting eligible applicants, the proposal and four-eyes approval, the beat task and the
initial allocation tool, on the real database."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from audit.models import AuditEvent
from core.errors import PortalError
from programs.models import CycleQuota, QuotaChange
from training.models import ReallocationProposal
from training.reallocation.selectors import reallocation_compute
from training.reallocation.services import (
    initial_allocation_preview,
    initial_allocation_save,
    reallocation_approve,
    reallocation_propose,
    reallocation_reject,
    reallocations_propose_due,
)
from training.tasks import propose_due_reallocations

from .conftest import applicants, make_cycle

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def quotas_of(cycle):
    return {q.regency_id: (q.initial_quota, q.reallocated_quota) for q in CycleQuota.objects.filter(cycle=cycle)}


# --- who counts as eligible ----------------------------------------------------------------------


def test_eligible_counts_staff_decisions_as_section_8_says(paser, kukar, bantaeng):
    cycle = make_cycle(quotas={"64.01": 10, "64.02": 10})
    applicants(cycle, "64.01", 2)  # eligible, undecided: count
    applicants(cycle, "64.01", 1, decision="REJECTED")  # eligible but rejected: no
    applicants(cycle, "64.01", 1, decision="APPROVED")  # eligible and approved: count
    applicants(cycle, "64.01", 1, status="REVIEW", decision="APPROVED")  # approved whatever the status
    applicants(cycle, "64.01", 1, status="INELIGIBLE", decision="APPROVED")
    applicants(cycle, "64.01", 1, status="REVIEW")  # waiting for staff: no
    applicants(cycle, "64.01", 1, status="INELIGIBLE")
    applicants(cycle, "64.01", 1, status=None)  # never evaluated
    applicants(cycle, "73.03", 3)  # a district without a quota takes no part
    result = reallocation_compute(cycle=cycle)
    assert {d.region: d.eligible for d in result.districts} == {"64.01": 5, "64.02": 0}


def test_eligible_counting_is_one_query(closed_cycle, django_assert_num_queries):
    with django_assert_num_queries(3):  # run exists, quotas, grouped count
        result = reallocation_compute(cycle=closed_cycle)
    assert {d.region: (d.quota, d.eligible) for d in result.districts} == {"64.01": (4, 1), "64.02": (2, 5)}


def test_computing_after_a_reallocation_gives_the_same_answer(closed_cycle, kaltim_official, second_official):
    first = reallocation_compute(cycle=closed_cycle)
    proposal = reallocation_propose(cycle=closed_cycle, by=kaltim_official, reason="close")
    reallocation_approve(proposal=proposal, by=second_official, note="ok")
    assert reallocation_compute(cycle=closed_cycle) == first


def test_never_evaluated_cycle_is_refused(paser):
    cycle = make_cycle(quotas={"64.01": 4}, evaluated=False)
    with pytest.raises(PortalError, match="run eligibility first"):
        reallocation_compute(cycle=cycle)


# --- proposing and approving ---------------------------------------------------------------------


def test_proposal_keeps_the_computed_numbers(closed_cycle, kaltim_official):
    proposal = reallocation_propose(cycle=closed_cycle, by=kaltim_official, reason="Registration closed")
    assert proposal.status == "pending"
    assert proposal.result["pool"] == 3
    assert [d["new_quota"] for d in proposal.result["districts"]] == [1, 5]
    assert AuditEvent.objects.filter(action="quota.reallocation_propose", actor=kaltim_official).exists()
    # Proposing saves nothing yet.
    assert quotas_of(closed_cycle) == {"64.01": (4, None), "64.02": (2, None)}


def test_a_new_proposal_supersedes_the_pending_one(closed_cycle, kaltim_official, second_official):
    old = reallocation_propose(cycle=closed_cycle, by=kaltim_official, reason="first")
    new = reallocation_propose(cycle=closed_cycle, by=second_official, reason="second")
    old.refresh_from_db()
    assert old.status == "superseded" and new.status == "pending"


def test_approval_by_a_second_person_applies_the_quotas_and_writes_the_ledger(
    closed_cycle, kaltim_official, second_official
):
    proposal = reallocation_propose(cycle=closed_cycle, by=kaltim_official, reason="Registration closed")
    reallocation_approve(proposal=proposal, by=second_official, note="Checked with Dinas")
    proposal.refresh_from_db()
    assert proposal.status == "applied" and proposal.decided_by == second_official
    assert quotas_of(closed_cycle) == {"64.01": (4, 1), "64.02": (2, 5)}
    rows = {r.regency_id: r for r in QuotaChange.objects.filter(cycle=closed_cycle)}
    assert (rows["64.01"].quota_before, rows["64.01"].quota_after) == (4, 1)
    assert (rows["64.02"].quota_before, rows["64.02"].quota_after) == (2, 5)
    assert all(
        r.kind == "reallocation" and list(r.reallocation_proposals.all()) == [proposal]
        and r.changed_by == second_official
        for r in rows.values()
    )
    assert "Registration closed" in rows["64.01"].reason
    assert AuditEvent.objects.filter(action="quota.reallocation_approve", actor=second_official).exists()


def test_the_proposer_may_not_approve_or_reject(closed_cycle, kaltim_official):
    proposal = reallocation_propose(cycle=closed_cycle, by=kaltim_official, reason="")
    with pytest.raises(PortalError, match="someone else must approve"):
        reallocation_approve(proposal=proposal, by=kaltim_official, note="")
    with pytest.raises(PortalError, match="someone else must approve"):
        reallocation_reject(proposal=proposal, by=kaltim_official, note="")
    assert quotas_of(closed_cycle) == {"64.01": (4, None), "64.02": (2, None)}


def test_the_database_refuses_the_proposer_as_decider_even_bypassing_the_service(closed_cycle, kaltim_official):
    proposal = reallocation_propose(cycle=closed_cycle, by=kaltim_official, reason="")
    proposal.decided_by = kaltim_official
    proposal.status = "applied"
    with pytest.raises(IntegrityError, match="reallocation_decided_by_someone_else"), transaction.atomic():
        proposal.save()


def test_a_stale_proposal_is_refused(closed_cycle, kaltim_official, second_official):
    proposal = reallocation_propose(cycle=closed_cycle, by=kaltim_official, reason="")
    applicants(closed_cycle, "64.01", 2)  # staff approved more people since
    with pytest.raises(PortalError, match="propose again"):
        reallocation_approve(proposal=proposal, by=second_official, note="")
    assert quotas_of(closed_cycle) == {"64.01": (4, None), "64.02": (2, None)}
    proposal.refresh_from_db()
    assert proposal.status == "pending"


def test_a_decided_proposal_cannot_be_decided_again(closed_cycle, kaltim_official, second_official, system_admin):
    proposal = reallocation_propose(cycle=closed_cycle, by=kaltim_official, reason="")
    reallocation_reject(proposal=proposal, by=second_official, note="wait for appeals")
    with pytest.raises(PortalError, match="no longer waiting"):
        reallocation_approve(proposal=proposal, by=system_admin, note="")
    assert quotas_of(closed_cycle) == {"64.01": (4, None), "64.02": (2, None)}


def test_approval_is_refused_while_registration_is_open(paser, kukar, kaltim_official, second_official):
    cycle = make_cycle(quotas={"64.01": 4, "64.02": 2})
    proposal = ReallocationProposal.objects.create(
        cycle=cycle, result=reallocation_compute(cycle=cycle).as_dict(program=cycle.code), proposed_by=kaltim_official
    )
    cycle.registration_closes = timezone.localdate()  # open through today
    cycle.save()
    with pytest.raises(PortalError, match="open through"):
        reallocation_approve(proposal=proposal, by=second_official, note="")
    with pytest.raises(PortalError, match="open through"):
        reallocation_propose(cycle=cycle, by=second_official, reason="")


def test_a_district_official_may_not_move_seats(closed_cycle, paser_official, kaltim_official):
    with pytest.raises(PortalError, match="covers every district"):
        reallocation_propose(cycle=closed_cycle, by=paser_official, reason="")
    proposal = reallocation_propose(cycle=closed_cycle, by=kaltim_official, reason="")
    with pytest.raises(PortalError, match="covers every district"):
        reallocation_approve(proposal=proposal, by=paser_official, note="")


def test_staff_without_the_capability_may_not_propose(closed_cycle, paser_staff):
    with pytest.raises(PortalError):
        reallocation_propose(cycle=closed_cycle, by=paser_staff, reason="")


def test_a_scheduled_proposal_may_be_approved_by_anyone_entitled(closed_cycle, kaltim_official):
    (proposal,) = reallocations_propose_due()
    assert proposal.proposed_by is None
    reallocation_approve(proposal=proposal, by=kaltim_official, note="")
    assert quotas_of(closed_cycle)["64.02"] == (2, 5)


# --- the daily task ------------------------------------------------------------------------------


def test_the_daily_task_proposes_for_closed_evaluated_cycles_once(paser, kukar):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    due = make_cycle("DUE", closes=yesterday, quotas={"64.01": 4})
    make_cycle("OPEN", closes=timezone.localdate(), quotas={"64.01": 4})  # closes tonight
    make_cycle("NOT-EVALUATED", closes=yesterday, quotas={"64.01": 4}, evaluated=False)
    make_cycle("NO-QUOTAS", closes=yesterday)
    ids = propose_due_reallocations()
    proposal = ReallocationProposal.objects.get()
    assert ids == [proposal.pk]
    assert proposal.cycle == due and proposal.proposed_by is None and proposal.status == "pending"
    assert "registration closed on" in proposal.reason
    assert propose_due_reallocations() == []
    assert ReallocationProposal.objects.count() == 1


def test_the_daily_task_skips_a_cycle_someone_already_proposed(closed_cycle, kaltim_official):
    reallocation_propose(cycle=closed_cycle, by=kaltim_official, reason="by hand")
    assert propose_due_reallocations() == []


@pytest.mark.django_db(transaction=True)
def test_the_daily_task_runs_in_the_real_worker(celery_worker, paser, kukar):
    cycle = make_cycle(quotas={"64.01": 4, "64.02": 2})
    applicants(cycle, "64.02", 3)
    ids = propose_due_reallocations.delay().get(timeout=30)
    proposal = ReallocationProposal.objects.get(pk=ids[0])
    assert proposal.cycle == cycle and proposal.result["districts"][1]["new_quota"] == 3


def test_the_daily_task_is_in_the_beat_schedule(settings):
    from celery.schedules import crontab

    entries = [e for e in settings.CELERY_BEAT_SCHEDULE.values() if e["task"] == "training.propose_due_reallocations"]
    assert entries and entries[0]["schedule"] == crontab(hour=0, minute=30)


# --- initial allocation --------------------------------------------------------------------------


def test_initial_allocation_by_eligible_applications_with_the_paser_minimum(closed_cycle, kaltim_official):
    lines = initial_allocation_preview(cycle=closed_cycle, total=20, weight="eligible", minimum=4)
    # 12 seats above the minimum, split 1:5 → 2 and 10.
    assert [(line["region"], line["weight"], line["new_initial"]) for line in lines] == [
        ("64.01", 1, 6), ("64.02", 5, 14),
    ]
    assert quotas_of(closed_cycle) == {"64.01": (4, None), "64.02": (2, None)}  # a preview saves nothing


def test_initial_allocation_by_registered_applications(closed_cycle):
    applicants(closed_cycle, "64.01", 3, status="INELIGIBLE")
    lines = initial_allocation_preview(cycle=closed_cycle, total=9, weight="registered", minimum=0)
    assert [line["new_initial"] for line in lines] == [4, 5]  # 4:5


def test_initial_allocation_save_discards_reallocated_quotas_in_the_ledger(
    closed_cycle, kaltim_official, second_official
):
    proposal = reallocation_propose(cycle=closed_cycle, by=kaltim_official, reason="")
    reallocation_approve(proposal=proposal, by=second_official, note="")
    pending = reallocation_propose(cycle=closed_cycle, by=second_official, reason="")
    initial_allocation_save(cycle=closed_cycle, by=kaltim_official, total=10, weight="equal", minimum=4)
    assert quotas_of(closed_cycle) == {"64.01": (5, None), "64.02": (5, None)}
    rows = QuotaChange.objects.filter(cycle=closed_cycle).order_by("id")
    discarded = [(r.regency_id, r.quota_before, r.quota_after) for r in rows if r.kind == "reallocation_discarded"]
    allocated = [(r.regency_id, r.quota_before, r.quota_after) for r in rows if r.kind == "initial_allocation"]
    assert discarded == [("64.01", 1, 4), ("64.02", 5, 2)]
    assert allocated == [("64.01", 4, 5), ("64.02", 2, 5)]
    pending.refresh_from_db()
    assert pending.status == "superseded"
    assert AuditEvent.objects.filter(action="quota.initial_allocation", actor=kaltim_official).exists()


def test_initial_allocation_uses_the_rules_regions_of_a_cycle_without_quotas(paser, kukar, kaltim_official):
    cycle = make_cycle()
    cycle.rules = {**cycle.rules, "regions": ["64.01", "64.02"]}
    cycle.save()
    initial_allocation_save(cycle=cycle, by=kaltim_official, total=8, weight="equal", minimum=4)
    assert quotas_of(cycle) == {"64.01": (4, None), "64.02": (4, None)}
    assert QuotaChange.objects.filter(cycle=cycle, kind="initial_allocation", quota_before=None).count() == 2


def test_initial_allocation_refuses_a_total_below_the_minimums(closed_cycle, kaltim_official):
    with pytest.raises(PortalError, match="at least 4 seats each"):
        initial_allocation_save(cycle=closed_cycle, by=kaltim_official, total=7, weight="equal", minimum=4)
    assert quotas_of(closed_cycle) == {"64.01": (4, None), "64.02": (2, None)}


def test_initial_allocation_needs_the_whole_area(closed_cycle, paser_official):
    with pytest.raises(PortalError, match="covers every district"):
        initial_allocation_save(cycle=closed_cycle, by=paser_official, total=10, weight="equal", minimum=4)


# --- the catalog writes the ledger too -------------------------------------------------------------


def test_catalog_import_and_edit_write_ledger_rows_and_discard_reallocations(
    paser, kukar, closed_cycle, kaltim_official, second_official, kaltim_staff
):
    from programs.services import programs_cycle_save, programs_import_catalog

    entry = {
        "code": "NEW-2026", "program": "Pelatihan Baru", "year": 2026, "registration_closes": "2026-07-31",
        "quotas": {"64.01": 3},
    }
    programs_import_catalog(data={"programs": [entry]})
    (created,) = QuotaChange.objects.filter(cycle__code="NEW-2026")
    assert (created.kind, created.regency_id, created.quota_before, created.quota_after) == (
        "catalog", "64.01", None, 3,
    )

    proposal = reallocation_propose(cycle=closed_cycle, by=kaltim_official, reason="")
    reallocation_approve(proposal=proposal, by=second_official, note="")  # 64.01: 4 → 1, 64.02: 2 → 5
    QuotaChange.objects.all().delete()
    summary = programs_cycle_save(
        by=kaltim_staff, cycle=closed_cycle, program=closed_cycle.program.name, year=2026,
        registration_closes=closed_cycle.registration_closes, rules=closed_cycle.rules,
        quotas={"64.01": 4, "64.02": 3},
    )
    assert summary.messages  # the provincial staff member is told the reallocation was discarded
    rows = [(r.kind, r.regency_id, r.quota_before, r.quota_after, r.changed_by)
            for r in QuotaChange.objects.order_by("id")]
    assert rows == [
        ("reallocation_discarded", "64.01", 1, 4, kaltim_staff),
        ("reallocation_discarded", "64.02", 5, 2, kaltim_staff),
        ("manual", "64.02", 2, 3, kaltim_staff),
    ]


def test_catalog_import_removing_a_district_records_it(paser, kukar, closed_cycle):
    from programs.services import programs_import_catalog

    entry = {
        "code": closed_cycle.code, "program": closed_cycle.program.name, "year": 2026,
        "registration_closes": closed_cycle.registration_closes.isoformat(), "quotas": {"64.02": 2},
    }
    programs_import_catalog(data={"programs": [entry]})
    (row,) = QuotaChange.objects.all()
    assert (row.kind, row.regency_id, row.quota_before, row.quota_after, row.changed_by) == (
        "catalog", "64.01", 4, None, None,
    )
