"""The maker-checker workflow of a proposal (issue 10): draft → submitted → verified → approved,
rejected with a reason at any step, the proposer never checks their own proposal (the service
says so, the database refuses it too), and every step is audited."""

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from audit.models import AuditEvent
from grants.models import Grant
from grants.proposals.services import (
    GrantRefused,
    grant_approve,
    grant_cancel,
    grant_reject,
    grant_submit,
    grant_verify,
)

from .factories import graduate

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_a_proposal_goes_from_draft_to_approved_each_step_by_another_person_and_audited(
    cash_scheme, paser_graduate, propose, paser_staff, paser_staff2, paser_official
):
    grant = propose(cash_scheme, paser_graduate, amount=1_500_000)
    assert grant.status == "draft" and grant.proposed_by == paser_staff
    grant = grant_submit(grant=grant, by=paser_staff)
    grant = grant_verify(grant=grant, by=paser_staff2, note="KTP dan sertifikat sesuai")
    grant = grant_approve(grant=grant, by=paser_official, note="Disetujui")
    grant.refresh_from_db()
    assert grant.status == "approved"
    assert (grant.submitted_by, grant.verified_by, grant.approved_by) == (paser_staff, paser_staff2, paser_official)
    actions = list(AuditEvent.objects.filter(target_id=str(grant.pk)).order_by("id").values_list("action", "actor"))
    assert actions == [("grant.create", paser_staff.pk), ("grant.submit", paser_staff.pk),
                       ("grant.verify", paser_staff2.pk), ("grant.approve", paser_official.pk)]
    approval = AuditEvent.objects.get(action="grant.approve", target_id=str(grant.pk))
    assert approval.after["budget_remaining_before"] == 15_000_000
    assert approval.after["budget_remaining_after"] == 13_500_000
    assert approval.regency_code == "64.01"


def test_the_proposer_cannot_verify_their_own_proposal(cash_scheme, paser_graduate, propose, paser_staff):
    grant = grant_submit(grant=propose(cash_scheme, paser_graduate), by=paser_staff)
    with pytest.raises(GrantRefused, match="someone else must check it"):
        grant_verify(grant=grant, by=paser_staff)
    assert Grant.objects.get(pk=grant.pk).status == "submitted"


def test_whoever_submitted_cannot_verify_either(cash_scheme, paser_graduate, propose, paser_staff, paser_staff2):
    # Entered by one officer, submitted by another: neither may verify.
    grant = grant_submit(grant=propose(cash_scheme, paser_graduate, by=paser_staff), by=paser_staff2)
    with pytest.raises(GrantRefused, match="someone else must check it"):
        grant_verify(grant=grant, by=paser_staff2)


def test_the_proposer_cannot_approve_or_reject_their_own_proposal(
    cash_scheme, paser_graduate, propose, advance, system_admin
):
    grant = advance(propose(cash_scheme, paser_graduate, by=system_admin), "verified")
    with pytest.raises(GrantRefused, match="someone else must check it"):
        grant_approve(grant=grant, by=system_admin)
    with pytest.raises(GrantRefused, match="someone else must check it"):
        grant_reject(grant=grant, by=system_admin, reason="Saya sendiri")
    assert Grant.objects.get(pk=grant.pk).status == "verified"


def test_the_verifier_cannot_also_approve(cash_scheme, paser_graduate, propose, advance, paser_staff2):
    grant = advance(propose(cash_scheme, paser_graduate), "verified")
    with pytest.raises(GrantRefused, match="earlier step"):
        grant_approve(grant=grant, by=paser_staff2)


def test_the_database_refuses_a_proposal_verified_or_approved_by_its_proposer(
    cash_scheme, paser_graduate, propose, paser_staff, paser_staff2, paser_official
):
    grant = propose(cash_scheme, paser_graduate)
    with pytest.raises(IntegrityError, match="grant_verified_by_someone_else"), transaction.atomic():
        Grant.objects.filter(pk=grant.pk).update(verified_by=paser_staff)
    with pytest.raises(IntegrityError, match="grant_approved_by_someone_else"), transaction.atomic():
        Grant.objects.filter(pk=grant.pk).update(approved_by=paser_staff)
    with pytest.raises(IntegrityError, match="grant_approved_by_someone_else"), transaction.atomic():
        Grant.objects.filter(pk=grant.pk).update(verified_by=paser_staff2, approved_by=paser_staff2)
    with pytest.raises(IntegrityError, match="grant_second_approval_by_a_third_person"), transaction.atomic():
        Grant.objects.filter(pk=grant.pk).update(approved_by=paser_official, second_approved_by=paser_official)
    with pytest.raises(IntegrityError, match="grant_rejected_by_someone_else"), transaction.atomic():
        Grant.objects.filter(pk=grant.pk).update(rejected_by=paser_staff)
    # Another person is fine.
    Grant.objects.filter(pk=grant.pk).update(verified_by=paser_staff2, approved_by=paser_official)


@pytest.mark.parametrize("step", ["submitted", "verified", "first_approved"])
def test_a_proposal_can_be_rejected_at_any_step_with_a_reason(
    step, cash_scheme, paser_graduate, propose, advance, paser_staff2, paser_official, kaltim_official
):
    grant = propose(cash_scheme, paser_graduate, amount=1_500_000 if step != "first_approved" else 1_500_000)
    if step == "first_approved":
        cash_scheme.second_approval_above = 1_000_000
        cash_scheme.save()
        grant = advance(grant, "verified")
        grant = grant_approve(grant=grant, by=paser_official)
        assert grant.status == "first_approved"
        rejecter = kaltim_official
    else:
        grant = advance(grant, step)
        rejecter = paser_official if step == "verified" else paser_staff2
    with pytest.raises(GrantRefused, match="reason"):
        grant_reject(grant=grant, by=rejecter, reason="  ")
    grant = grant_reject(grant=grant, by=rejecter, reason="Usaha sudah berjalan dari bantuan lain")
    grant.refresh_from_db()
    assert (grant.status, grant.rejected_from, grant.rejected_by) == ("rejected", step, rejecter)
    event = AuditEvent.objects.get(action="grant.reject", target_id=str(grant.pk))
    assert event.after["reason"] == "Usaha sudah berjalan dari bantuan lain"
    # A rejected proposal frees the graduate for a new one under the same scheme.
    assert Grant.objects.filter(scheme=cash_scheme, person=grant.person).exclude(status="rejected").count() == 0


def test_the_database_refuses_a_rejection_without_a_reason(cash_scheme, paser_graduate, propose):
    grant = propose(cash_scheme, paser_graduate)
    with pytest.raises(IntegrityError, match="grant_rejection_has_reason"), transaction.atomic():
        Grant.objects.filter(pk=grant.pk).update(status="rejected", rejection_reason="")


def test_steps_out_of_order_are_refused(cash_scheme, paser_graduate, propose, paser_staff2, paser_official):
    grant = propose(cash_scheme, paser_graduate)
    with pytest.raises(GrantRefused, match="draft: it cannot be verified"):
        grant_verify(grant=grant, by=paser_staff2)
    with pytest.raises(GrantRefused, match="cannot be approved"):
        grant_approve(grant=grant, by=paser_official)


def test_only_qualifying_graduates_can_be_proposed(cash_scheme, psk, paser_provider, propose, bantaeng_graduate):
    not_competent = graduate(cycle=psk, provider=paser_provider, competent=False, name="Belum Kompeten")
    with pytest.raises(GrantRefused, match="requires an assessment of competent"):
        propose(cash_scheme, not_competent)
    still_training = graduate(cycle=psk, provider=paser_provider, completed=False, name="Masih Belajar")
    with pytest.raises(GrantRefused, match="not completed"):
        propose(cash_scheme, still_training)
    with pytest.raises(GrantRefused, match="another district"):
        propose(cash_scheme, bantaeng_graduate)
    with pytest.raises(GrantRefused, match="at most Rp1.500.000"):
        propose(cash_scheme, graduate(cycle=psk, provider=paser_provider), amount=2_000_000)


def test_a_graduate_holds_one_grant_per_scheme(cash_scheme, paser_graduate, propose):
    propose(cash_scheme, paser_graduate)
    with pytest.raises(GrantRefused, match="already has a proposal"):
        propose(cash_scheme, paser_graduate)


def test_a_cash_proposal_needs_a_bank_account_before_submitting(cash_scheme, paser_graduate, propose, paser_staff):
    grant = propose(cash_scheme, paser_graduate, bank_account_number="")
    with pytest.raises(GrantRefused, match="bank account"):
        grant_submit(grant=grant, by=paser_staff)


def test_cancelling_an_approved_grant_gives_its_amount_back_to_the_budget(
    cash_scheme, paser_graduate, propose, advance, paser_staff2
):
    from grants.schemes.selectors import scheme_ledger

    grant = advance(propose(cash_scheme, paser_graduate), "approved")
    assert scheme_ledger(scheme=cash_scheme).remaining == 13_500_000
    grant_cancel(grant=grant, by=paser_staff2, reason="Penerima pindah ke luar daerah")
    ledger = scheme_ledger(scheme=cash_scheme)
    assert (ledger.committed, ledger.released, ledger.remaining) == (0, 1_500_000, 15_000_000)
