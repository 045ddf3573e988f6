"""The workflow on the pages: each person sees only the step that is theirs, the proposer cannot
check their own proposal there either, and the approval page shows the remaining budget before
and after."""

import pytest
from django.urls import reverse

from grants.models import Grant
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_staff_enter_a_proposal_with_the_graduates_training_path_beside_it(
    client, cash_scheme, paser_graduate, paser_staff, paser_village
):
    client.force_login(paser_staff)
    candidates = client.get(reverse("grants:scheme-candidates", args=[cash_scheme.pk])).content.decode()
    assert "Siti Rahmawati" in candidates
    url = reverse("grants:grant-create", args=[cash_scheme.pk, paser_graduate.pk])
    page = client.get(url).content.decode()
    assert 'data-testid="training-beside"' in page
    assert paser_graduate.certificate_number in page  # the certificate of the training path
    response = client.post(url, {
        "business_type": "Warung sembako", "business_name": "Warung Siti", "village_0": "64.01",
        "village_1": "64.01.01", "village_2": paser_village.code, "plan": "Warung di depan rumah",
        "amount": "1.500.000", "bank_name": "Bank Kaltimtara", "bank_account_number": "0012 3456 78",
        "bank_account_name": "Siti Rahmawati", "officer": "",
    })
    grant = Grant.objects.get(person=paser_graduate.application.person)
    assert response.status_code == 302 and response["Location"] == reverse("grants:grant-detail", args=[grant.pk])
    assert (grant.status, grant.amount, grant.bank_account_number) == ("draft", 1_500_000, "0012345678")
    # Once proposed, the graduate no longer shows among the candidates of this scheme.
    candidates = client.get(reverse("grants:scheme-candidates", args=[cash_scheme.pk])).content.decode()
    assert "Siti Rahmawati" not in candidates


def test_the_proposer_sees_no_verify_form_and_a_posted_verification_is_refused(
    client, cash_scheme, paser_graduate, propose, paser_staff
):
    grant = propose(cash_scheme, paser_graduate)
    client.force_login(paser_staff)
    client.post(reverse("grants:grant-submit", args=[grant.pk]))
    page = client.get(reverse("grants:grant-detail", args=[grant.pk])).content.decode()
    assert 'data-testid="verify"' not in page and 'data-testid="own-proposal"' in page
    response = client.post(reverse("grants:grant-verify", args=[grant.pk]), {"note": "sendiri"}, follow=True)
    assert "someone else must check it" in response.content.decode()
    grant.refresh_from_db()
    assert grant.status == "submitted" and grant.verified_by is None


def test_a_second_officer_verifies_on_the_page(client, cash_scheme, paser_graduate, propose, advance, paser_staff2):
    grant = advance(propose(cash_scheme, paser_graduate), "submitted")
    client.force_login(paser_staff2)
    assert 'data-testid="verify"' in client.get(reverse("grants:grant-detail", args=[grant.pk])).content.decode()
    client.post(reverse("grants:grant-verify", args=[grant.pk]), {"note": "Lengkap"})
    grant.refresh_from_db()
    assert (grant.status, grant.verified_by) == ("verified", paser_staff2)


def test_the_approval_page_shows_the_remaining_budget_before_and_after(
    client, cash_scheme, psk, paser_provider, propose, advance, paser_official
):
    from .factories import graduate

    advance(propose(cash_scheme, graduate(cycle=psk, provider=paser_provider)), "approved")  # Rp1.500.000 committed
    grant = advance(propose(cash_scheme, graduate(cycle=psk, provider=paser_provider), amount=1_200_000), "verified")
    client.force_login(paser_official)
    assert grant.person.name in client.get(reverse("grants:approval-list")).content.decode()
    page = client.get(reverse("grants:grant-approve", args=[grant.pk])).content.decode()
    assert 'data-testid="remaining-before">Rp13.500.000' in page
    assert 'data-testid="remaining-after">Rp12.300.000' in page
    client.post(reverse("grants:grant-approve", args=[grant.pk]), {"note": "Sesuai DPA"})
    grant.refresh_from_db()
    assert grant.status == "approved"
    ledger = client.get(reverse("grants:scheme-detail", args=[cash_scheme.pk])).content.decode()
    assert 'data-testid="remaining">Rp12.300.000' in ledger


def test_an_approval_over_the_budget_is_refused_on_the_page(
    client, cash_scheme, paser_graduate, propose, advance, paser_official
):
    cash_scheme.budget_ceiling = 1_000_000
    cash_scheme.save()
    grant = advance(propose(cash_scheme, paser_graduate), "verified")
    client.force_login(paser_official)
    page = client.get(reverse("grants:grant-approve", args=[grant.pk])).content.decode()
    assert 'data-testid="over-budget"' in page
    response = client.post(reverse("grants:grant-approve", args=[grant.pk]), {"note": ""}, follow=True)
    assert "is not enough: Rp1.000.000 remains, this grant is Rp1.500.000" in response.content.decode()
    grant.refresh_from_db()
    assert grant.status == "verified"


def test_a_proposer_with_every_capability_cannot_approve_their_own_on_the_page(
    client, cash_scheme, paser_graduate, propose, advance, system_admin
):
    grant = advance(propose(cash_scheme, paser_graduate, by=system_admin), "verified")
    client.force_login(system_admin)
    page = client.get(reverse("grants:grant-approve", args=[grant.pk])).content.decode()
    assert 'data-testid="decision"' not in page and 'data-testid="own-proposal"' in page
    response = client.post(reverse("grants:grant-approve", args=[grant.pk]), {"note": ""}, follow=True)
    assert "someone else must check it" in response.content.decode()
    assert Grant.objects.get(pk=grant.pk).status == "verified"


def test_an_official_rejects_with_a_reason_on_the_page(
    client, cash_scheme, paser_graduate, propose, advance, paser_official
):
    grant = advance(propose(cash_scheme, paser_graduate), "verified")
    client.force_login(paser_official)
    client.post(reverse("grants:grant-reject", args=[grant.pk]), {"reason": ""})
    assert Grant.objects.get(pk=grant.pk).status == "verified"
    client.post(reverse("grants:grant-reject", args=[grant.pk]), {"reason": "Lokasi usaha di luar kabupaten"})
    grant.refresh_from_db()
    assert (grant.status, grant.rejection_reason) == ("rejected", "Lokasi usaha di luar kabupaten")


def test_an_official_cannot_verify_and_staff_cannot_approve(
    client, cash_scheme, paser_graduate, propose, advance, paser_official, paser_staff2
):
    grant = advance(propose(cash_scheme, paser_graduate), "submitted")
    client.force_login(paser_official)
    assert client.post(reverse("grants:grant-verify", args=[grant.pk]), {"note": ""}).status_code == 403
    client.force_login(paser_staff2)
    client.post(reverse("grants:grant-verify", args=[grant.pk]), {"note": ""})
    assert client.get(reverse("grants:grant-approve", args=[grant.pk])).status_code == 403
    assert client.post(reverse("grants:grant-approve", args=[grant.pk]), {"note": ""}).status_code == 403
    assert Grant.objects.get(pk=grant.pk).status == "verified"


def test_a_blk_admin_sees_nothing_of_grants(client, paser_blk_admin, cash_scheme, paser_graduate, propose):
    grant = propose(cash_scheme, paser_graduate)
    client.force_login(paser_blk_admin)
    menu = {item["url_name"] for item in client.get(reverse("core:dashboard")).context["menu"]}
    assert not any(name.startswith("grants:") for name in menu)
    for url in (reverse("grants:scheme-list"), reverse("grants:scheme-detail", args=[cash_scheme.pk]),
                reverse("grants:grant-detail", args=[grant.pk]), reverse("grants:visit-list"),
                reverse("grants:survival"), reverse("grants:village-need-summary")):
        assert client.get(url).status_code == 403, url


def test_a_blk_admin_given_the_grants_capability_sees_their_district(client, paser, cash_scheme):
    from django.contrib.auth.models import Permission

    blk_admin = UserFactory(username="blk.hibah", role="blk_admin", regency=paser)
    blk_admin.user_permissions.add(Permission.objects.get(codename="manage_grants"))
    client.force_login(blk_admin)
    assert cash_scheme.name in client.get(reverse("grants:scheme-list")).content.decode()


def test_the_menu_offers_grants_to_staff_and_approvals_to_officials(client, paser_staff, paser_official):
    client.force_login(paser_staff)
    staff_menu = {item["url_name"] for item in client.get(reverse("core:dashboard")).context["menu"]}
    client.force_login(paser_official)
    official_menu = {item["url_name"] for item in client.get(reverse("core:dashboard")).context["menu"]}
    assert "grants:scheme-list" in staff_menu
    assert "grants:approval-list" not in staff_menu
    assert "grants:approval-list" in official_menu and "grants:scheme-list" not in official_menu


def test_the_person_page_shows_the_persons_grants(client, cash_scheme, paser_graduate, propose, paser_staff):
    grant = propose(cash_scheme, paser_graduate)
    client.force_login(paser_staff)
    page = client.get(reverse("participants:person-detail", args=[grant.person_id])).content.decode()
    assert 'data-testid="person-grants"' in page and cash_scheme.name in page
    assert reverse("grants:grant-detail", args=[grant.pk]) in page
