"""The quota pages as officials and staff use them: permissions, scoping, four eyes."""

import pytest
from django.urls import reverse

from accounts.roles import Role
from programs.models import CycleQuota, QuotaChange
from tests.factories import UserFactory
from tests.pages import table_rows
from tests.training.factories import BatchFactory, EnrolmentFactory
from training.models import ReallocationProposal
from training.reallocation.services import reallocation_propose

from .conftest import applicants, make_cycle

pytestmark = pytest.mark.django_db


def quotas_of(cycle):
    return dict(CycleQuota.objects.filter(cycle=cycle).values_list("regency_id", "reallocated_quota"))


@pytest.fixture
def no_role_user(paser):
    user = UserFactory(username="tanpa.peran", role=Role.DINSOS_STAFF, regency=paser)
    user.groups.clear()
    return user


@pytest.fixture
def bantaeng_cycle(bantaeng):
    cycle = make_cycle("BTG-2026", quotas={"73.03": 5})
    applicants(cycle, "73.03", 2)
    return cycle


# --- overview ------------------------------------------------------------------------------------


def test_overview_shows_quotas_seats_used_eligible_and_remaining(client, closed_cycle, kaltim_official):
    batch = BatchFactory(cycle=closed_cycle)
    enrolled = applicants(closed_cycle, "64.02", 2)
    for application in enrolled:
        EnrolmentFactory(batch=batch, application=application)
    withdrawn = applicants(closed_cycle, "64.02", 1)[0]
    EnrolmentFactory(batch=batch, application=withdrawn, status="withdrawn")
    CycleQuota.objects.filter(cycle=closed_cycle, regency_id="64.02").update(reallocated_quota=5)
    client.force_login(kaltim_official)
    response = client.get(reverse("training:quota-overview"))
    assert response.status_code == 200
    rows = {row.region: row for _cycle, rows in response.context["cycles"] for row in rows}
    kukar = rows["64.02"]
    assert (kukar.initial, kukar.current, kukar.seats_used, kukar.eligible, kukar.remaining) == (2, 5, 2, 8, 3)
    assert rows["64.01"].remaining == 4
    assert "Kabupaten Kutai Kartanegara" in response.content.decode()


def test_overview_shows_a_district_only_its_own_rows(client, closed_cycle, bantaeng_cycle, paser_official):
    client.force_login(paser_official)
    response = client.get(reverse("training:quota-overview"))
    regions = [row.region for _cycle, rows in response.context["cycles"] for row in rows]
    assert regions == ["64.01"]
    assert "BTG-2026" not in response.content.decode()


def test_overview_shows_the_province_all_its_districts(client, closed_cycle, bantaeng_cycle, kaltim_official):
    client.force_login(kaltim_official)
    response = client.get(reverse("training:quota-overview"))
    regions = sorted(row.region for _cycle, rows in response.context["cycles"] for row in rows)
    assert regions == ["64.01", "64.02"]


def test_overview_needs_the_dashboard_capability(client, no_role_user):
    client.force_login(no_role_user)
    assert client.get(reverse("training:quota-overview")).status_code == 403


def test_overview_query_count_does_not_grow_with_cycles_and_districts(
    client, paser, kukar, kaltim_official, django_assert_max_num_queries
):
    for n in range(8):
        cycle = make_cycle(f"C-{n}", quotas={"64.01": 4, "64.02": 3})
        applicants(cycle, "64.01", 2)
        applicants(cycle, "64.02", 1)
    client.force_login(kaltim_official)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("training:quota-overview"))
    assert response.status_code == 200
    # Each cycle is a section on the page with a row per district, its quota and eligible count.
    page = response.content.decode()
    sections = page.split('data-testid="quota-cycle"')[1:]
    codes = [section.split('data-cycle="', 1)[1].split('"', 1)[0] for section in sections]
    assert codes == [f"C-{n}" for n in range(8)]
    for section in sections:
        rows = table_rows(section.split("</section>", 1)[0], "quota-rows")
        assert [(row.attrs["data-region"], row.cells[1], row.cells[4]) for row in rows] == [
            ("64.01", "4", "2"), ("64.02", "3", "1")]


# --- reallocation page ---------------------------------------------------------------------------


def test_reallocation_page_previews_the_same_numbers_as_the_command(client, closed_cycle, kaltim_official):
    client.force_login(kaltim_official)
    response = client.get(reverse("training:reallocation", args=[closed_cycle.code]))
    assert response.status_code == 200
    rows = {row["region"]: row for row in response.context["preview_rows"]}
    assert rows["64.01"]["new_quota"] == 1 and rows["64.02"]["new_quota"] == 5
    body = response.content.decode()
    assert "largest fractions" in body  # the rule in words
    assert 'data-testid="propose"' in body


def test_reallocation_page_explains_a_cycle_never_evaluated(client, paser, kaltim_official):
    make_cycle("NOEVAL", quotas={"64.01": 4}, evaluated=False)
    client.force_login(kaltim_official)
    body = client.get(reverse("training:reallocation", args=["NOEVAL"])).content.decode()
    assert "run eligibility first" in body and 'data-testid="propose"' not in body


def test_reallocation_page_explains_open_registration(client, paser, kaltim_official):
    from django.utils import timezone

    make_cycle("OPEN", quotas={"64.01": 4}, closes=timezone.localdate())
    client.force_login(kaltim_official)
    body = client.get(reverse("training:reallocation", args=["OPEN"])).content.decode()
    assert "Registration is open through" in body and 'data-testid="propose"' not in body


def test_reallocation_page_lists_a_district_only_its_own_row(client, closed_cycle, paser_official):
    client.force_login(paser_official)
    response = client.get(reverse("training:reallocation", args=[closed_cycle.code]))
    assert [row["region"] for row in response.context["preview_rows"]] == ["64.01"]
    assert 'data-testid="propose"' not in response.content.decode()  # a district cannot move seats


def test_reallocation_page_needs_the_dashboard_capability(client, closed_cycle, no_role_user):
    client.force_login(no_role_user)
    assert client.get(reverse("training:reallocation", args=[closed_cycle.code])).status_code == 403


def test_unknown_cycle_is_404(client, kaltim_official):
    client.force_login(kaltim_official)
    assert client.get(reverse("training:reallocation", args=["NOPE"])).status_code == 404


def test_propose_then_a_second_official_approves_on_the_page(client, closed_cycle, kaltim_official, second_official):
    client.force_login(kaltim_official)
    response = client.post(
        reverse("training:reallocation-propose", args=[closed_cycle.code]), {"reason": "Registration closed"},
        follow=True,
    )
    assert "Another official must approve" in response.content.decode()
    proposal = ReallocationProposal.objects.get()
    assert proposal.proposed_by == kaltim_official
    assert 'data-testid="own-proposal"' in response.content.decode()
    assert 'data-testid="decision-form"' not in response.content.decode()

    client.force_login(second_official)
    page = client.get(reverse("training:reallocation", args=[closed_cycle.code])).content.decode()
    assert 'data-testid="decision-form"' in page
    response = client.post(
        reverse("training:reallocation-decide", args=[closed_cycle.code, proposal.pk]),
        {"decision": "approve", "note": "checked"}, follow=True,
    )
    assert "the new quotas apply" in response.content.decode()
    assert quotas_of(closed_cycle) == {"64.01": 1, "64.02": 5}
    ledger = proposal.quota_changes.all()
    assert {(r.regency_id, r.quota_before, r.quota_after) for r in ledger} == {("64.01", 4, 1), ("64.02", 2, 5)}


def test_the_proposer_posting_an_approval_is_refused_with_a_clear_message(client, closed_cycle, kaltim_official):
    proposal = reallocation_propose(cycle=closed_cycle, by=kaltim_official, reason="")
    client.force_login(kaltim_official)
    response = client.post(
        reverse("training:reallocation-decide", args=[closed_cycle.code, proposal.pk]),
        {"decision": "approve", "note": ""}, follow=True,
    )
    assert "someone else must approve or reject it" in response.content.decode()
    assert quotas_of(closed_cycle) == {"64.01": None, "64.02": None}


def test_a_stale_proposal_is_refused_on_the_page(client, closed_cycle, kaltim_official, second_official):
    proposal = reallocation_propose(cycle=closed_cycle, by=kaltim_official, reason="")
    applicants(closed_cycle, "64.02", 1, status="REVIEW", decision="APPROVED")
    client.force_login(second_official)
    response = client.post(
        reverse("training:reallocation-decide", args=[closed_cycle.code, proposal.pk]),
        {"decision": "approve"}, follow=True,
    )
    assert "propose again" in response.content.decode()
    assert quotas_of(closed_cycle) == {"64.01": None, "64.02": None}


def test_rejecting_leaves_the_quotas(client, closed_cycle, kaltim_official, second_official):
    proposal = reallocation_propose(cycle=closed_cycle, by=kaltim_official, reason="")
    client.force_login(second_official)
    client.post(
        reverse("training:reallocation-decide", args=[closed_cycle.code, proposal.pk]),
        {"decision": "reject", "note": "appeals pending"},
    )
    proposal.refresh_from_db()
    assert proposal.status == "rejected" and proposal.decision_note == "appeals pending"
    assert quotas_of(closed_cycle) == {"64.01": None, "64.02": None}


def test_proposing_and_deciding_need_the_approver_capability(client, closed_cycle, kaltim_official, paser_staff):
    proposal = reallocation_propose(cycle=closed_cycle, by=kaltim_official, reason="")
    client.force_login(paser_staff)
    assert client.post(
        reverse("training:reallocation-propose", args=[closed_cycle.code]), {"reason": "x"}
    ).status_code == 403
    decide = reverse("training:reallocation-decide", args=[closed_cycle.code, proposal.pk])
    assert client.post(decide, {"decision": "approve"}).status_code == 403


def test_a_district_official_cannot_approve_for_the_province(client, closed_cycle, kaltim_official, paser_official):
    proposal = reallocation_propose(cycle=closed_cycle, by=kaltim_official, reason="")
    client.force_login(paser_official)
    response = client.post(
        reverse("training:reallocation-decide", args=[closed_cycle.code, proposal.pk]),
        {"decision": "approve"}, follow=True,
    )
    assert "covers every district" in response.content.decode()
    assert quotas_of(closed_cycle) == {"64.01": None, "64.02": None}


# --- ledger --------------------------------------------------------------------------------------


def test_ledger_lists_changes_with_who_and_why_scoped_to_the_user(
    client, closed_cycle, kaltim_official, paser_official
):
    QuotaChange.objects.create(cycle=closed_cycle, regency_id="64.01", kind="reallocation", quota_before=4,
                               quota_after=1, reason="Paser could not fill", changed_by=kaltim_official)
    QuotaChange.objects.create(cycle=closed_cycle, regency_id="64.02", kind="reallocation", quota_before=2,
                               quota_after=5, reason="Kukar had more eligible", changed_by=None)
    client.force_login(kaltim_official)
    body = client.get(reverse("training:quota-ledger", args=[closed_cycle.code])).content.decode()
    assert "Paser could not fill" in body and "Kukar had more eligible" in body and "system" in body
    assert "4 → 1" in body
    client.force_login(paser_official)
    body = client.get(reverse("training:quota-ledger", args=[closed_cycle.code])).content.decode()
    assert "Paser could not fill" in body and "Kukar had more eligible" not in body


def test_ledger_needs_the_dashboard_capability(client, closed_cycle, no_role_user):
    client.force_login(no_role_user)
    assert client.get(reverse("training:quota-ledger", args=[closed_cycle.code])).status_code == 403


def test_ledger_is_paginated_with_few_queries(client, closed_cycle, kaltim_official, django_assert_max_num_queries):
    QuotaChange.objects.bulk_create(
        QuotaChange(cycle=closed_cycle, regency_id="64.01", kind="manual", quota_before=n, quota_after=n + 1,
                    changed_by=kaltim_official)
        for n in range(120)
    )
    client.force_login(kaltim_official)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("training:quota-ledger", args=[closed_cycle.code]))
    assert response.status_code == 200
    # The first page: the 50 newest changes, each with its district, seats and who made it.
    rows = table_rows(response.content.decode(), "ledger")
    assert [row.cells[3] for row in rows] == [f"{n} → {n + 1}" for n in range(119, 69, -1)]
    assert {(row.cells[1], row.cells[4]) for row in rows} == {("64.01 Kabupaten Paser", "Test")}
    assert response.context["page"].paginator.num_pages == 3


# --- initial allocation --------------------------------------------------------------------------


def test_initial_allocation_previews_then_saves(client, closed_cycle, kaltim_official):
    url = reverse("training:initial-allocation", args=[closed_cycle.code])
    client.force_login(kaltim_official)
    assert client.get(url).status_code == 200
    data = {"total": 20, "weight": "eligible", "minimum": 4, "reason": "Paser wants four a year", "preview": "1"}
    response = client.post(url, data)
    assert [(line["region"], line["new_initial"]) for line in response.context["lines"]] == [
        ("64.01", 6), ("64.02", 14),
    ]
    assert dict(CycleQuota.objects.values_list("regency_id", "initial_quota")) == {"64.01": 4, "64.02": 2}
    data.pop("preview")
    response = client.post(url, {**data, "save": "1"}, follow=True)
    assert dict(CycleQuota.objects.values_list("regency_id", "initial_quota")) == {"64.01": 6, "64.02": 14}
    assert "Paser wants four a year" in response.content.decode()  # landed on the ledger
    assert QuotaChange.objects.filter(kind="initial_allocation", changed_by=kaltim_official).count() == 2


def test_initial_allocation_explains_a_total_below_the_minimums(client, closed_cycle, kaltim_official):
    client.force_login(kaltim_official)
    response = client.post(
        reverse("training:initial-allocation", args=[closed_cycle.code]),
        {"total": 5, "weight": "equal", "minimum": 4, "save": "1"},
    )
    assert response.status_code == 200
    assert "at least 4 seats each" in response.content.decode()
    assert dict(CycleQuota.objects.values_list("regency_id", "initial_quota")) == {"64.01": 4, "64.02": 2}


def test_initial_allocation_needs_an_approver_over_every_district(client, closed_cycle, paser_official, paser_staff):
    url = reverse("training:initial-allocation", args=[closed_cycle.code])
    client.force_login(paser_official)
    assert client.get(url).status_code == 403
    client.force_login(paser_staff)
    assert client.post(url, {"total": 10, "weight": "equal", "minimum": 4, "save": "1"}).status_code == 403
    assert dict(CycleQuota.objects.values_list("regency_id", "initial_quota")) == {"64.01": 4, "64.02": 2}


def test_cycle_page_links_the_quota_pages(client, closed_cycle, system_admin):
    client.force_login(system_admin)
    body = client.get(reverse("programs:cycle-detail", args=[closed_cycle.code])).content.decode()
    for name in ("training:reallocation", "training:quota-ledger", "training:initial-allocation"):
        assert reverse(name, args=[closed_cycle.code]) in body


def test_a_district_official_cannot_allocate_a_cycle_whose_rules_reach_another_district(
    client, paser, bantaeng, paser_official, kaltim_official
):
    """Quotas only in Paser, but the rules admit Bantaeng too: a multi-district cycle, which
    belongs to neither district's officials (nor to one province's)."""
    cycle = make_cycle("ANTAR-2026", quotas={"64.01": 4})
    cycle.rules = {**cycle.rules, "regions": ["64.01", "73.03"]}
    cycle.save()
    url = reverse("training:initial-allocation", args=[cycle.code])
    for official in (paser_official, kaltim_official):
        client.force_login(official)
        assert client.get(url).status_code == 403
        assert client.post(url, {"total": 10, "weight": "equal", "minimum": 1, "save": "1"}).status_code == 403
    assert dict(CycleQuota.objects.filter(cycle=cycle).values_list("regency_id", "initial_quota")) == {"64.01": 4}


def test_a_district_official_allocates_a_cycle_of_their_own_district(client, paser, paser_official):
    cycle = make_cycle("PSR-2026", quotas={"64.01": 4})
    cycle.rules = {**cycle.rules, "regions": ["64.01"]}
    cycle.save()
    client.force_login(paser_official)
    response = client.post(reverse("training:initial-allocation", args=[cycle.code]),
                           {"total": 9, "weight": "equal", "minimum": 1, "save": "1"})
    assert response.status_code == 302
    assert dict(CycleQuota.objects.filter(cycle=cycle).values_list("regency_id", "initial_quota")) == {"64.01": 9}


def test_an_official_who_may_not_decide_a_pending_proposal_is_told_why(client, paser, bantaeng, kaltim_official,
                                                                       system_admin):
    cycle = make_cycle(code="LINTAS-2026", quotas={"64.01": 4, "73.03": 2})
    applicants(cycle, "73.03", 5)
    reallocation_propose(cycle=cycle, by=system_admin, reason="Bantaeng butuh kursi")
    client.force_login(kaltim_official)
    page = client.get(reverse("training:reallocation", args=[cycle.code])).content.decode()
    assert 'data-testid="decision-form"' not in page
    assert 'data-testid="why-no-decision"' in page
    assert "Kabupaten Bantaeng" in page.split('data-testid="why-no-decision"')[1].split("</p>")[0]
