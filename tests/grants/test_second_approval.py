"""Approval levels by amount: above the scheme's threshold a second official approves, after the
first and before the amount is committed to the budget."""

import pytest
from django.urls import reverse
from django.utils import translation

from audit.models import AuditEvent
from grants.proposals.services import GrantRefused, grant_approve
from grants.schemes.selectors import scheme_ledger

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def big_scheme(cash_scheme):
    # Threshold Rp2.000.000 (conftest); up to Rp3.000.000 per recipient.
    cash_scheme.amount_per_recipient = 3_000_000
    cash_scheme.save()
    return cash_scheme


def test_a_grant_above_the_threshold_waits_for_a_second_official(
    big_scheme, paser_graduate, propose, advance, paser_official, kaltim_official
):
    grant = advance(propose(big_scheme, paser_graduate, amount=2_500_000), "verified")
    grant = grant_approve(grant=grant, by=paser_official)
    assert grant.status == "first_approved"
    # Not committed yet: the budget is untouched until the second approval.
    assert scheme_ledger(scheme=big_scheme).committed == 0
    grant = grant_approve(grant=grant, by=kaltim_official)
    grant.refresh_from_db()
    assert (grant.status, grant.approved_by, grant.second_approved_by) == ("approved", paser_official, kaltim_official)
    assert scheme_ledger(scheme=big_scheme).committed == 2_500_000
    second = AuditEvent.objects.get(action="grant.approve_second", target_id=str(grant.pk))
    assert (second.after["budget_remaining_before"], second.after["budget_remaining_after"]) == (15_000_000, 12_500_000)
    first = AuditEvent.objects.get(action="grant.approve", target_id=str(grant.pk))
    assert first.after["second_approval_needed"] is True and first.after["committed"] is False


def test_the_first_approver_cannot_give_the_second_approval(
    big_scheme, paser_graduate, propose, advance, paser_official
):
    grant = advance(propose(big_scheme, paser_graduate, amount=2_500_000), "verified")
    grant = grant_approve(grant=grant, by=paser_official)
    with pytest.raises(GrantRefused, match="already checked"):
        grant_approve(grant=grant, by=paser_official)
    grant.refresh_from_db()
    assert grant.status == "first_approved"


def test_a_grant_at_or_below_the_threshold_needs_one_approval(big_scheme, psk, paser_provider, propose, advance):
    from .factories import graduate

    at = advance(propose(big_scheme, graduate(cycle=psk, provider=paser_provider), amount=2_000_000), "approved")
    below = advance(propose(big_scheme, graduate(cycle=psk, provider=paser_provider), amount=1_000_000), "approved")
    assert (at.status, at.second_approved_by) == ("approved", None)
    assert below.status == "approved"


def test_a_scheme_without_a_threshold_never_asks_for_a_second_approval(
    big_scheme, paser_graduate, propose, advance
):
    big_scheme.second_approval_above = None
    big_scheme.save()
    grant = advance(propose(big_scheme, paser_graduate, amount=3_000_000), "approved")
    assert grant.status == "approved"


def test_the_approval_page_says_a_second_official_is_needed_and_shows_the_budget(
    client, big_scheme, paser_graduate, propose, advance, paser_official, kaltim_official
):
    grant = advance(propose(big_scheme, paser_graduate, amount=2_500_000), "verified")
    client.force_login(paser_official)
    page = client.get(reverse("grants:grant-approve", args=[grant.pk])).content.decode()
    assert "a second official must approve" in page
    assert 'data-testid="remaining-before">Rp15.000.000' in page
    assert 'data-testid="remaining-after">Rp12.500.000' in page
    response = client.post(reverse("grants:grant-approve", args=[grant.pk]), {"note": ""}, follow=True)
    assert "A second official must approve this grant" in response.content.decode()
    # The first approver now sees no decision form; the second official does.
    page = client.get(reverse("grants:grant-approve", args=[grant.pk])).content.decode()
    assert 'data-testid="decision"' not in page
    client.force_login(kaltim_official)
    page = client.get(reverse("grants:grant-approve", args=[grant.pk])).content.decode()
    assert 'data-testid="decision"' in page and "Your approval is the second" in page
    client.post(reverse("grants:grant-approve", args=[grant.pk]), {"note": "Setuju"})
    grant.refresh_from_db()
    assert grant.status == "approved"
