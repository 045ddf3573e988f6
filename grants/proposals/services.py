"""Writes of proposals and grants: the maker-checker workflow, the handover record (BAST) and
the KUR referral. Each runs in one transaction with its audit row.

The budget is never exceeded, also when officials approve at the same moment: an approval locks
the scheme row (SELECT ... FOR UPDATE) and only then sums the ledger, so a second approval of
the same scheme waits until the first has committed and then sees its amount. Every write that
moves money in or out of the ledger (approve, cancel, return, the payment result, the handover,
the KUR decision) takes the same lock first, then the grant row: the same order everywhere, so
two of them cannot deadlock.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.errors import PortalError
from grants import rules
from grants.models import Grant, GrantItem, GrantScheme, Handover, KurReferral
from grants.schemes.selectors import scheme_ledger
from regions.models import Regency
from training.models import Enrolment


class GrantRefused(PortalError):
    """A step the workflow does not allow; `message` says why, in the user's language."""


def _rupiah(amount: int | None) -> str:
    return "—" if amount is None else f"Rp{amount:,}".replace(",", ".")


def _locked(grant: Grant) -> tuple[GrantScheme, Grant]:
    """Lock the scheme row, then the grant row (the order of every writer)."""
    scheme = GrantScheme.objects.select_for_update().get(pk=grant.scheme_id)
    locked = Grant.objects.select_for_update(of=("self",)).select_related("person").get(pk=grant.pk)
    return scheme, locked


def _require_status(grant: Grant, allowed, step: str) -> None:
    if grant.status not in allowed:
        raise GrantRefused(
            _("This proposal is %(status)s: it cannot be %(step)s now.")
            % {"status": grant.get_status_display().lower(), "step": step}
        )


def _require_four_eyes(grant: Grant, by, *, earlier=()) -> None:
    refusal = rules.four_eyes_refusal(user_id=by.pk, proposed_by_id=grant.proposed_by_id,
                                      submitted_by_id=grant.submitted_by_id, earlier_checker_ids=earlier)
    if refusal == rules.NOT_YOUR_OWN:
        raise GrantRefused(_("You entered or submitted this proposal, so someone else must check it."))
    if refusal == rules.ALREADY_CHECKED:
        raise GrantRefused(
            _("You already checked this proposal at an earlier step: another person must take this one."))


def _snapshot(grant: Grant) -> dict:
    return {"status": grant.status, "amount": grant.amount, "scheme": grant.scheme_id, "person": grant.person_id}


# --- entering a proposal ---------------------------------------------------------------------


def grant_eligibility_problems(*, scheme: GrantScheme, enrolment: Enrolment) -> list[str]:
    """What keeps this training record from the scheme, in words (empty: may propose)."""
    eligible_cycles = {c.pk for c in scheme.eligible_cycles.all()} or {scheme.cycle_id}
    codes = rules.eligibility_problems(
        enrolment_status=enrolment.status, assessment=enrolment.assessment,
        require_competent=scheme.require_competent, cycle_eligible=enrolment.cycle_id in eligible_cycles,
        same_district=enrolment.regency_id == scheme.regency_id,
    )
    words = {
        "NOT_COMPLETED": _("the training was not completed"),
        "NOT_COMPETENT": _("the scheme requires an assessment of competent (kompeten)"),
        "OTHER_CYCLE": _("the training was not in one of the scheme's cycles"),
        "OTHER_DISTRICT": _("the graduate is of another district"),
    }
    return [words[code] for code in codes]


def _clean_items(scheme: GrantScheme, items) -> list[GrantItem]:
    """(scheme item, quantity) pairs into unsaved GrantItems at the scheme's prices."""
    lines = []
    for position, (scheme_item, quantity) in enumerate(items):
        if scheme_item.scheme_id != scheme.pk:
            raise GrantRefused(_("An item does not belong to this scheme."))
        if quantity:
            lines.append(GrantItem(scheme_item=scheme_item, name=scheme_item.name, unit=scheme_item.unit,
                                   quantity=quantity, unit_price=scheme_item.unit_price, position=position + 1))
    if not lines:
        raise GrantRefused(_("Choose at least one item with its quantity."))
    return lines


def _amount_and_items(scheme: GrantScheme, *, amount, items):
    if scheme.kind == GrantScheme.Kind.EQUIPMENT:
        lines = _clean_items(scheme, items or [])
        return sum(line.quantity * line.unit_price for line in lines), lines
    if not amount or amount <= 0:
        raise GrantRefused(_("Give the amount requested."))
    if scheme.amount_per_recipient and amount > scheme.amount_per_recipient:
        raise GrantRefused(_("The scheme gives at most %(amount)s per recipient.")
                           % {"amount": _rupiah(scheme.amount_per_recipient)})
    return amount, []


DETAIL_FIELDS = ("business_type", "business_name", "village", "plan", "bank_name", "bank_account_number",
                 "bank_account_name", "officer")


def grant_create(*, by, scheme: GrantScheme, enrolment: Enrolment, amount: int | None = None, items=None,
                 **details) -> Grant:
    """Enter a graduate's proposal as a draft. Refused when the training record does not qualify
    for the scheme, the scheme is closed, or the graduate already holds a grant of the scheme."""
    problems = grant_eligibility_problems(scheme=scheme, enrolment=enrolment)
    if problems:
        raise GrantRefused(_("%(name)s cannot receive this grant: %(problems)s.")
                           % {"name": enrolment.application.person.name, "problems": "; ".join(problems)})
    if not scheme.is_open:
        raise GrantRefused(_("This scheme is closed for new proposals."))
    amount, lines = _amount_and_items(scheme, amount=amount, items=items)
    person = enrolment.application.person
    with transaction.atomic():
        grant = Grant(scheme=scheme, regency_id=scheme.regency_id, enrolment=enrolment, person=person,
                      amount=amount, proposed_by=by, **{k: v for k, v in details.items() if k in DETAIL_FIELDS})
        try:
            with transaction.atomic():
                grant.save()
        except IntegrityError:
            raise GrantRefused(_("%(name)s already has a proposal or grant of this scheme.")
                               % {"name": person.name}) from None
        for line in lines:
            line.grant = grant
        GrantItem.objects.bulk_create(lines)
        audit_record(actor=by, action="grant.create", target=grant, regency_code=grant.regency_id,
                     after={**_snapshot(grant), "items": [[i.name, i.quantity, i.unit_price] for i in lines]})
    return grant


def grant_update(*, by, grant: Grant, amount: int | None = None, items=None, **details) -> Grant:
    """Change a draft (anything but the graduate and the scheme)."""
    with transaction.atomic():
        scheme, grant = _locked(grant)
        _require_status(grant, rules.SUBMIT_FROM, _("changed"))
        before = _snapshot(grant)
        amount, lines = _amount_and_items(scheme, amount=amount, items=items)
        grant.amount = amount
        for name, value in details.items():
            if name in DETAIL_FIELDS:
                setattr(grant, name, value)
        grant.save()
        if scheme.kind == GrantScheme.Kind.EQUIPMENT:
            grant.items.all().delete()
            for line in lines:
                line.grant = grant
            GrantItem.objects.bulk_create(lines)
        audit_record(actor=by, action="grant.change", target=grant, before=before, after=_snapshot(grant),
                     regency_code=grant.regency_id)
    return grant


# --- the maker-checker workflow ------------------------------------------------------------


def grant_submit(*, grant: Grant, by) -> Grant:
    """The maker hands the proposal in for verification."""
    with transaction.atomic():
        scheme, grant = _locked(grant)
        _require_status(grant, rules.SUBMIT_FROM, _("submitted"))
        if scheme.kind == GrantScheme.Kind.CASH and not (grant.bank_name and grant.bank_account_number
                                                              and grant.bank_account_name):
            raise GrantRefused(_("Give the recipient's bank account before submitting: the grant is paid by transfer."))
        grant.status = Grant.Status.SUBMITTED
        grant.submitted_by = by
        grant.submitted_at = timezone.now()
        grant.save(update_fields=["status", "submitted_by", "submitted_at", "updated_at"])
        audit_record(actor=by, action="grant.submit", target=grant, before={"status": "draft"},
                     after=_snapshot(grant), regency_code=grant.regency_id)
    return grant


def grant_verify(*, grant: Grant, by, note: str = "") -> Grant:
    """A second person checks the proposal against the documents and the training record."""
    with transaction.atomic():
        _scheme, grant = _locked(grant)
        _require_status(grant, rules.VERIFY_FROM, _("verified"))
        _require_four_eyes(grant, by)
        grant.status = Grant.Status.VERIFIED
        grant.verified_by = by
        grant.verified_at = timezone.now()
        grant.verification_note = (note or "").strip()
        grant.save(update_fields=["status", "verified_by", "verified_at", "verification_note", "updated_at"])
        audit_record(actor=by, action="grant.verify", target=grant, before={"status": "submitted"},
                     after={**_snapshot(grant), "note": grant.verification_note}, regency_code=grant.regency_id)
    return grant


def approval_preview(*, grant: Grant) -> dict:
    """What an official sees before approving: the remaining budget now and after this grant,
    whether this is the first of two approvals, and whether it fits."""
    ledger = scheme_ledger(scheme=grant.scheme)
    second_needed = rules.needs_second_approval(amount=grant.amount, threshold=grant.scheme.second_approval_above)
    return {
        "ledger": ledger,
        "remaining_before": ledger.remaining,
        "remaining_after": ledger.remaining_after(grant.amount),
        "fits": rules.fits_budget(remaining=ledger.remaining, amount=grant.amount),
        "second_needed": second_needed,
        "is_second": grant.status == Grant.Status.FIRST_APPROVED,
    }


def grant_approve(*, grant: Grant, by, note: str = "") -> Grant:
    """An official approves. A grant above the scheme's threshold needs two: the first approval
    leaves it waiting for the second, by a third person. The final approval commits the amount
    to the budget, and is refused when the remaining budget is smaller than the grant; the
    remaining budget before and after goes into the audit row."""
    with transaction.atomic():
        scheme, grant = _locked(grant)
        _require_status(grant, rules.APPROVE_FROM, _("approved"))
        earlier = [grant.verified_by_id]
        if grant.status == Grant.Status.FIRST_APPROVED:
            earlier.append(grant.approved_by_id)
        _require_four_eyes(grant, by, earlier=earlier)
        # Summed under the scheme's lock: no other approval of this scheme can commit meanwhile.
        ledger = scheme_ledger(scheme=scheme)
        remaining = ledger.remaining
        if not rules.fits_budget(remaining=remaining, amount=grant.amount):
            raise GrantRefused(
                _("The budget of %(scheme)s is not enough: %(remaining)s remains, this grant is %(amount)s.")
                % {"scheme": scheme.code, "remaining": _rupiah(remaining), "amount": _rupiah(grant.amount)}
            )
        before = grant.status
        now = timezone.now()
        second_needed = rules.needs_second_approval(amount=grant.amount, threshold=scheme.second_approval_above)
        if grant.status == Grant.Status.VERIFIED:
            grant.approved_by, grant.approved_at = by, now
            grant.status = Grant.Status.FIRST_APPROVED if second_needed else Grant.Status.APPROVED
        else:
            grant.second_approved_by, grant.second_approved_at = by, now
            grant.status = Grant.Status.APPROVED
        note = (note or "").strip()
        if note:
            grant.approval_note = f"{grant.approval_note}\n{note}".strip()
        grant.save(update_fields=["status", "approved_by", "approved_at", "second_approved_by", "second_approved_at",
                                  "approval_note", "updated_at"])
        committed = grant.status == Grant.Status.APPROVED
        audit_record(
            actor=by, action="grant.approve" if before == Grant.Status.VERIFIED else "grant.approve_second",
            target=grant, before={"status": before}, regency_code=grant.regency_id,
            after={**_snapshot(grant), "note": note, "second_approval_needed": second_needed,
                   "budget_remaining_before": remaining,
                   "budget_remaining_after": ledger.remaining_after(grant.amount) if committed else remaining,
                   "committed": committed},
        )
    return grant


def grant_reject(*, grant: Grant, by, reason: str) -> Grant:
    """Reject at any step before the approval is complete, with a reason. The person who
    entered or submitted it cannot: rejection is a checker's decision."""
    reason = (reason or "").strip()
    if not reason:
        raise GrantRefused(_("Give a reason for the rejection."))
    with transaction.atomic():
        _scheme, grant = _locked(grant)
        _require_status(grant, rules.REJECT_FROM, _("rejected"))
        _require_four_eyes(grant, by)
        before = grant.status
        grant.status = Grant.Status.REJECTED
        grant.rejected_from = before
        grant.rejected_by, grant.rejected_at, grant.rejection_reason = by, timezone.now(), reason
        grant.save(update_fields=["status", "rejected_from", "rejected_by", "rejected_at", "rejection_reason",
                                  "updated_at"])
        audit_record(actor=by, action="grant.reject", target=grant, before={"status": before},
                     after={**_snapshot(grant), "reason": reason}, regency_code=grant.regency_id)
    return grant


def grant_cancel(*, grant: Grant, by, reason: str) -> Grant:
    """Cancel an approved grant before anything was paid or handed over: its amount goes back
    to the budget. Not while it waits in a payment list (cancel the list first)."""
    reason = (reason or "").strip()
    if not reason:
        raise GrantRefused(_("Give a reason for cancelling."))
    with transaction.atomic():
        _scheme, grant = _locked(grant)
        _require_status(grant, Grant.COMMITTED, _("cancelled"))
        if grant.payments.filter(status="pending").exists():
            raise GrantRefused(_("This grant waits in a payment list sent to the bank: cancel that list first."))
        before = grant.status
        grant.status = Grant.Status.CANCELLED
        grant.closed_by, grant.closed_at, grant.close_reason = by, timezone.now(), reason
        grant.save(update_fields=["status", "closed_by", "closed_at", "close_reason", "updated_at"])
        audit_record(actor=by, action="grant.cancel", target=grant, before={"status": before},
                     after={**_snapshot(grant), "reason": reason}, regency_code=grant.regency_id)
    return grant


def grant_return(*, grant: Grant, by, reason: str) -> Grant:
    """Record that a disbursed or handed-over grant was given back (money returned to the
    treasury, equipment taken back): it shows as returned in the ledger."""
    reason = (reason or "").strip()
    if not reason:
        raise GrantRefused(_("Give a reason for the return."))
    with transaction.atomic():
        _scheme, grant = _locked(grant)
        _require_status(grant, (Grant.Status.DISBURSED, Grant.Status.HANDED_OVER), _("returned"))
        before = grant.status
        grant.status = Grant.Status.RETURNED
        grant.closed_by, grant.closed_at, grant.close_reason = by, timezone.now(), reason
        grant.save(update_fields=["status", "closed_by", "closed_at", "close_reason", "updated_at"])
        audit_record(actor=by, action="grant.return", target=grant, before={"status": before},
                     after={**_snapshot(grant), "reason": reason}, regency_code=grant.regency_id)
    return grant


# --- handover (BAST) -------------------------------------------------------------------------


def handover_record(*, grant: Grant, by, handed_over_on, place: str, officer, officer_position: str = "") -> Handover:
    """Record the handover and number its BAST (sequence per district and year). Equipment: the
    grant becomes handed over on that day and each item gets its asset tag. Cash: the BAST
    acknowledges a transfer the bank has paid; the grant stays disbursed."""
    with transaction.atomic():
        scheme, grant = _locked(grant)
        if scheme.kind == GrantScheme.Kind.EQUIPMENT:
            _require_status(grant, (Grant.Status.APPROVED,), _("handed over"))
        elif scheme.kind == GrantScheme.Kind.CASH:
            _require_status(grant, (Grant.Status.DISBURSED,), _("acknowledged with a BAST"))
        else:
            raise GrantRefused(_("A KUR referral has no handover record: the bank pays the credit."))
        if Handover.objects.filter(grant=grant).exists():
            raise GrantRefused(_("This grant already has its handover record."))
        year = handed_over_on.year
        # BAST numbers run per district and year, across its schemes: the district's row is the
        # lock (FOR NO KEY UPDATE, which does not hold up inserts that merely refer to it).
        Regency.objects.select_for_update(no_key=True).filter(pk=grant.regency_id).first()
        last = Handover.objects.filter(regency_id=grant.regency_id, year=year).order_by("-sequence").first()
        sequence = (last.sequence if last else 0) + 1
        handover = Handover.objects.create(
            grant=grant, regency_id=grant.regency_id, year=year, sequence=sequence,
            number=f"{sequence:03d}/BAST/{scheme.code}/{year}", handed_over_on=handed_over_on, place=place.strip(),
            officer=officer, officer_name=officer.get_full_name() or officer.get_username(),
            officer_position=(officer_position or "").strip(), recipient_name=grant.person.name, recorded_by=by,
        )
        tags = []
        if scheme.kind == GrantScheme.Kind.EQUIPMENT:
            items = list(grant.items.order_by("position", "pk"))
            for position, item in enumerate(items, start=1):
                item.asset_tag = rules.asset_tag(regency_code=grant.regency_id, year=year, grant_id=grant.pk,
                                                 position=position)
                tags.append(item.asset_tag)
            GrantItem.objects.bulk_update(items, ["asset_tag"])
            grant.status = Grant.Status.HANDED_OVER
            grant.delivered_on = handed_over_on
            grant.save(update_fields=["status", "delivered_on", "updated_at"])
        audit_record(actor=by, action="grant.handover", target=grant, regency_code=grant.regency_id,
                     after={**_snapshot(grant), "bast": handover.number, "date": handed_over_on.isoformat(),
                            "place": handover.place, "officer": handover.officer_name, "asset_tags": tags})
    return handover


# --- KUR referral ----------------------------------------------------------------------------


def kur_referral_record(*, grant: Grant, by, bank_name: str, referred_on) -> KurReferral:
    """Refer an approved KUR proposal to a bank."""
    with transaction.atomic():
        scheme, grant = _locked(grant)
        if scheme.kind != GrantScheme.Kind.KUR:
            raise GrantRefused(_("Only a KUR scheme refers graduates to a bank."))
        _require_status(grant, (Grant.Status.APPROVED,), _("referred"))
        if KurReferral.objects.filter(grant=grant).exists():
            raise GrantRefused(_("This graduate is already referred."))
        referral = KurReferral.objects.create(grant=grant, bank_name=bank_name.strip(), referred_on=referred_on,
                                              recorded_by=by)
        audit_record(actor=by, action="grant.kur_refer", target=grant, regency_code=grant.regency_id,
                     after={"bank": referral.bank_name, "referred_on": referred_on.isoformat()})
    return referral


def kur_decision_record(*, grant: Grant, by, decision: str, decided_on=None, credit_amount: int | None = None,
                        note: str = "") -> KurReferral:
    """The bank's decision on a referral. Approved: the grant counts as delivered on the day
    decided (monitoring counts from it); the bank's credit amount is kept on the referral.
    Rejected: the grant ends, and its amount goes back to the scheme's ledger. Pending: only the
    note is kept."""
    with transaction.atomic():
        _scheme, grant = _locked(grant)
        referral = KurReferral.objects.select_for_update().filter(grant=grant).first()
        if referral is None:
            raise GrantRefused(_("Record the referral to the bank first."))
        if referral.decision != KurReferral.Decision.PENDING:
            raise GrantRefused(_("The bank's decision is already recorded."))
        if decision != KurReferral.Decision.PENDING and decided_on is None:
            raise GrantRefused(_("Give the date of the bank's decision."))
        if decision == KurReferral.Decision.APPROVED and not credit_amount:
            raise GrantRefused(_("Give the credit amount the bank approved."))
        referral.decision, referral.decided_on = decision, decided_on
        referral.credit_amount = credit_amount if decision == KurReferral.Decision.APPROVED else None
        referral.note = (note or "").strip()
        referral.save()
        before = grant.status
        if decision == KurReferral.Decision.APPROVED:
            grant.status, grant.delivered_on = Grant.Status.CREDIT_APPROVED, decided_on
        elif decision == KurReferral.Decision.REJECTED:
            grant.status = Grant.Status.CREDIT_REJECTED
        grant.save(update_fields=["status", "delivered_on", "updated_at"])
        audit_record(actor=by, action="grant.kur_decision", target=grant, before={"status": before},
                     regency_code=grant.regency_id,
                     after={**_snapshot(grant), "decision": decision, "credit_amount": referral.credit_amount,
                            "decided_on": decided_on.isoformat() if decided_on else None, "note": referral.note})
    return referral


def grant_bank_account_change(*, grant: Grant, by, bank_name: str, bank_account_number: str,
                              bank_account_name: str) -> Grant:
    """Correct the account of an approved cash grant (after a failed transfer, typically), so
    that a follow-up payment list pays the right account. Not while it waits for the bank."""
    with transaction.atomic():
        scheme, grant = _locked(grant)
        if scheme.kind != GrantScheme.Kind.CASH:
            raise GrantRefused(_("Only a cash grant is paid into a bank account."))
        _require_status(grant, Grant.COMMITTED, _("given another account"))
        if grant.payments.filter(status="pending").exists():
            raise GrantRefused(_("This grant waits in a payment list sent to the bank: cancel that list first."))
        before = {"bank": grant.bank_name, "account": grant.bank_account_number, "holder": grant.bank_account_name}
        grant.bank_name, grant.bank_account_number = bank_name.strip(), bank_account_number.strip()
        grant.bank_account_name = bank_account_name.strip()
        if not (grant.bank_name and grant.bank_account_number and grant.bank_account_name):
            raise GrantRefused(_("Give the bank, the account number and the account holder."))
        grant.save(update_fields=["bank_name", "bank_account_number", "bank_account_name", "updated_at"])
        audit_record(actor=by, action="grant.bank_account_change", target=grant, before=before,
                     after={"bank": grant.bank_name, "account": grant.bank_account_number,
                            "holder": grant.bank_account_name}, regency_code=grant.regency_id)
    return grant
