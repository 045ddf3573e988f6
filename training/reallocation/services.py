"""Writes to the seats of a cycle: the §8 reallocation (saved directly by the command, or
proposed and approved by a second person on the page), the initial allocation tool, and the
quota ledger every one of them writes to.

Each write runs in one transaction with its audit row, and locks the cycle's CycleQuota rows
with SELECT ... FOR UPDATE in code order: the enrolment service locks the same rows, so no seat
is handed out against a quota that is being changed at that moment.
"""

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.errors import PortalError
from programs.models import CycleQuota, ProgramCycle, QuotaChange
from programs.services import quota_ledger_write
from training.models import ReallocationProposal
from training.reallocation import selectors
from training.reallocation.allocation import AllocationError, Reallocation, allocate_initial
from training.rules import may_decide_proposal
from verification.models import EligibilityRun

WEIGHT_EQUAL = "equal"
WEIGHT_REGISTERED = "registered"
WEIGHT_ELIGIBLE = "eligible"
WEIGHTS = (WEIGHT_EQUAL, WEIGHT_REGISTERED, WEIGHT_ELIGIBLE)


def _locked_quotas(cycle: ProgramCycle) -> list[CycleQuota]:
    # Code order, as everywhere these rows are locked, so two lockers cannot deadlock.
    return list(CycleQuota.objects.select_for_update().filter(cycle=cycle).order_by("regency_id"))


def _require_manager(*, user, cycle: ProgramCycle, codes) -> None:
    if user is None or not selectors.user_may_manage_quotas(user=user, cycle=cycle, regency_codes=codes):
        raise PortalError(
            _("Only an official whose area covers every district of %(code)s may move its seats.")
            % {"code": cycle.code}
        )


def _require_registration_closed(cycle: ProgramCycle) -> None:
    if not selectors.registration_has_closed(cycle=cycle):
        raise PortalError(
            _(
                "Registration for %(code)s is open through %(date)s: reallocated quotas can be saved "
                "only after it closes."
            )
            % {"code": cycle.code, "date": date_format(cycle.registration_closes)}
        )


# --- reallocation (§8) ---------------------------------------------------------------------------


def _apply_reallocation(
    *, cycle: ProgramCycle, quotas: list[CycleQuota], result: Reallocation, by, reason: str, proposal=None
) -> list[QuotaChange]:
    """Save `result`'s new quotas as the reallocated quotas of the locked `quotas` rows, with
    ledger rows for every district whose seats in force change."""
    new = result.new_quotas
    changes = []
    for quota in quotas:
        changes.append((quota.regency_id, quota.current_quota, new[quota.regency_id]))
        quota.reallocated_quota = new[quota.regency_id]
    CycleQuota.objects.bulk_update(quotas, ["reallocated_quota"])
    rows = quota_ledger_write(cycle=cycle, kind=QuotaChange.Kind.REALLOCATION, changes=changes, reason=reason, by=by)
    if proposal is not None:
        proposal.quota_changes.add(*rows)
    return rows


@transaction.atomic
def quota_reallocate(*, cycle: ProgramCycle, by=None, reason: str = "") -> Reallocation:
    """Compute §8 and save the new quotas at once: what `reallocate_quota` without --dry-run
    does. (The web page goes through a proposal and a second person's approval instead.)
    Refused while registration is open or when the cycle was never evaluated."""
    _require_registration_closed(cycle)
    quotas = _locked_quotas(cycle)
    result = selectors.reallocation_compute(cycle=cycle, quotas={q.regency_id: q.initial_quota for q in quotas})
    before = {q.regency_id: q.reallocated_quota for q in quotas}
    _apply_reallocation(cycle=cycle, quotas=quotas, result=result, by=by, reason=reason)
    audit_record(
        actor=by,
        action="quota.reallocate",
        target=cycle,
        before={"reallocated": before},
        after=result.as_dict(program=cycle.code) | {"reason": reason},
    )
    return result


def reallocation_propose(*, cycle: ProgramCycle, by, reason: str) -> ReallocationProposal:
    """Compute §8 now and keep it as a pending proposal for a second person to approve. An
    older pending proposal of the cycle is superseded (only one may wait per cycle). `by` None
    is the scheduled task; a person needs the approve_reallocation capability over every
    district of the cycle."""
    codes = selectors.cycle_quota_codes(cycle=cycle)
    if by is not None:
        _require_manager(user=by, cycle=cycle, codes=codes)
    if not codes:
        raise PortalError(_("%(code)s has no quotas to reallocate.") % {"code": cycle.code})
    _require_registration_closed(cycle)
    with transaction.atomic():
        # Locking the cycle serialises two proposers, so the older pending one is found and
        # superseded before the new one is inserted.
        ProgramCycle.objects.select_for_update().filter(pk=cycle.pk).first()
        result = selectors.reallocation_compute(cycle=cycle)
        superseded = list(
            ReallocationProposal.objects.filter(cycle=cycle, status=ReallocationProposal.Status.PENDING)
            .values_list("pk", flat=True)
        )
        if superseded:
            ReallocationProposal.objects.filter(pk__in=superseded).update(
                status=ReallocationProposal.Status.SUPERSEDED, decided_at=timezone.now()
            )
        proposal = ReallocationProposal.objects.create(
            cycle=cycle, result=result.as_dict(program=cycle.code), reason=reason, proposed_by=by
        )
        audit_record(
            actor=by,
            action="quota.reallocation_propose",
            target=proposal,
            after={"result": proposal.result, "reason": reason, "superseded": superseded},
        )
    return proposal


def _locked_pending(proposal: ReallocationProposal) -> ReallocationProposal:
    locked = ReallocationProposal.objects.select_for_update().select_related("cycle").get(pk=proposal.pk)
    if locked.status != ReallocationProposal.Status.PENDING:
        raise PortalError(
            _("This proposal is no longer waiting for a decision (it is %(status)s).")
            % {"status": locked.get_status_display()}
        )
    return locked


def _require_second_person(proposal: ReallocationProposal, by) -> None:
    # Four eyes: the database refuses it too (CheckConstraint); this says it in words.
    if not may_decide_proposal(proposed_by_id=proposal.proposed_by_id, user_id=by.pk):
        raise PortalError(
            _("You proposed this reallocation, so someone else must approve or reject it.")
        )


@transaction.atomic
def reallocation_approve(*, proposal: ReallocationProposal, by, note: str = "") -> ReallocationProposal:
    """A second person approves a pending proposal: its new quotas are saved, with ledger rows
    linked to it. Refused to the proposer, for a proposal no longer pending, while registration
    is open, and when the numbers changed since it was proposed (recomputed now: a late
    decision or an initial-quota change must not be applied blind)."""
    proposal = _locked_pending(proposal)
    cycle = proposal.cycle
    quotas = _locked_quotas(cycle)
    _require_manager(user=by, cycle=cycle, codes=[q.regency_id for q in quotas])
    _require_second_person(proposal, by)
    _require_registration_closed(cycle)
    result = selectors.reallocation_compute(cycle=cycle, quotas={q.regency_id: q.initial_quota for q in quotas})
    if result.as_dict(program=cycle.code) != proposal.result:
        raise PortalError(
            _(
                "The numbers changed since this reallocation was proposed (eligibility decisions or initial "
                "quotas changed): propose again."
            )
        )
    before = {q.regency_id: q.reallocated_quota for q in quotas}
    reason = _("Reallocation #%(id)s approved: %(reason)s") % {"id": proposal.pk, "reason": proposal.reason or "—"}
    if note:
        reason = f"{reason} ({note})"
    _apply_reallocation(cycle=cycle, quotas=quotas, result=result, by=by, reason=reason, proposal=proposal)
    proposal.status = ReallocationProposal.Status.APPLIED
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.decision_note = note
    proposal.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    audit_record(
        actor=by,
        action="quota.reallocation_approve",
        target=proposal,
        before={"reallocated": before},
        after={"result": proposal.result, "note": note},
    )
    return proposal


@transaction.atomic
def reallocation_reject(*, proposal: ReallocationProposal, by, note: str = "") -> ReallocationProposal:
    """A second person rejects a pending proposal; the quotas stay as they are."""
    proposal = _locked_pending(proposal)
    _require_manager(user=by, cycle=proposal.cycle, codes=selectors.cycle_quota_codes(cycle=proposal.cycle))
    _require_second_person(proposal, by)
    proposal.status = ReallocationProposal.Status.REJECTED
    proposal.decided_by = by
    proposal.decided_at = timezone.now()
    proposal.decision_note = note
    proposal.save(update_fields=["status", "decided_by", "decided_at", "decision_note"])
    audit_record(actor=by, action="quota.reallocation_reject", target=proposal, after={"note": note})
    return proposal


def reallocations_propose_due(*, today=None) -> list[ReallocationProposal]:
    """What Celery beat runs daily: a pending proposal, by nobody, for each cycle whose
    registration closed before today, that was evaluated, has quotas and has never had a
    proposal. Safe to run twice: a cycle with any proposal is skipped."""
    today = today or timezone.localdate()
    due = (
        ProgramCycle.objects.filter(registration_closes__lt=today)
        .filter(Exists(EligibilityRun.objects.filter(cycle=OuterRef("pk"))))
        .filter(Exists(CycleQuota.objects.filter(cycle=OuterRef("pk"))))
        .exclude(Exists(ReallocationProposal.objects.filter(cycle=OuterRef("pk"))))
        .order_by("registration_closes", "code")
    )
    created = []
    for cycle in due:
        reason = _("Proposed automatically: registration closed on %(date)s.") % {
            "date": date_format(cycle.registration_closes)
        }
        try:
            with transaction.atomic():
                # Checked again under the cycle's lock: a person may have proposed meanwhile.
                ProgramCycle.objects.select_for_update().filter(pk=cycle.pk).first()
                if ReallocationProposal.objects.filter(cycle=cycle).exists():
                    continue
                created.append(reallocation_propose(cycle=cycle, by=None, reason=reason))
        except (PortalError, IntegrityError):
            continue
    return created


# --- the initial allocation tool ----------------------------------------------------------------


def initial_allocation_districts(*, cycle: ProgramCycle) -> list[str]:
    """The districts the tool splits seats between: the cycle's quota districts, or, before it
    has any, the regions its rules admit."""
    codes = selectors.cycle_quota_codes(cycle=cycle)
    if codes:
        return codes
    return sorted((cycle.rules or {}).get("regions") or [])


def initial_allocation_weights(*, cycle: ProgramCycle, codes, weight: str) -> dict[str, int]:
    if weight == WEIGHT_EQUAL:
        return dict.fromkeys(codes, 1)
    if weight == WEIGHT_REGISTERED:
        counts = selectors.application_counts(cycle_id=cycle.pk, regency_codes=codes)
    elif weight == WEIGHT_ELIGIBLE:
        counts = {
            code: n
            for (_cycle, code), n in selectors.eligible_counts(cycle_ids=[cycle.pk], regency_codes=codes).items()
        }
    else:
        raise PortalError(_("Unknown weight: %(weight)s") % {"weight": weight})
    return {code: counts.get(code, 0) for code in codes}


def initial_allocation_preview(*, cycle: ProgramCycle, total: int, weight: str, minimum: int) -> list[dict]:
    """[{region, weight, current_initial, new_initial}] by code. Raises PortalError when the
    cycle has no districts or the total cannot cover the minimum."""
    codes = initial_allocation_districts(cycle=cycle)
    if not codes:
        raise PortalError(
            _("%(code)s has neither quotas nor regions in its rules: there is no district to allocate to.")
            % {"code": cycle.code}
        )
    weights = initial_allocation_weights(cycle=cycle, codes=codes, weight=weight)
    try:
        allocation = allocate_initial(total, weights, minimum)
    except AllocationError as exc:
        raise PortalError(exc.message) from None
    current = dict(CycleQuota.objects.filter(cycle=cycle).values_list("regency_id", "initial_quota"))
    return [
        {"region": code, "weight": weights[code], "current_initial": current.get(code), "new_initial": seats}
        for code, seats in allocation.items()
    ]


@transaction.atomic
def initial_allocation_save(
    *, cycle: ProgramCycle, by, total: int, weight: str, minimum: int, reason: str = ""
) -> list[dict]:
    """Set the cycle's initial quotas from the tool. Reallocated quotas were computed from the
    old initial quotas, so they are discarded (ledger REALLOCATION_DISCARDED rows) and a
    pending proposal is superseded; the new initial quotas get INITIAL_ALLOCATION rows."""
    quotas = {q.regency_id: q for q in _locked_quotas(cycle)}
    _require_manager(user=by, cycle=cycle, codes=initial_allocation_districts(cycle=cycle))
    lines = initial_allocation_preview(cycle=cycle, total=total, weight=weight, minimum=minimum)
    before = {code: {"initial": q.initial_quota, "reallocated": q.reallocated_quota} for code, q in quotas.items()}
    words = _("Initial allocation: %(total)s seats, at least %(minimum)s per district, weighted by %(weight)s.") % {
        "total": total, "minimum": minimum, "weight": weight_label(weight),
    }
    if reason:
        words = f"{words} {reason}"

    discarded = [
        (code, q.reallocated_quota, q.initial_quota) for code, q in quotas.items() if q.reallocated_quota is not None
    ]
    allocated, changed, added = [], [], []
    for line in lines:
        code, seats = line["region"], line["new_initial"]
        quota = quotas.get(code)
        if quota is None:
            added.append(CycleQuota(cycle=cycle, regency_id=code, initial_quota=seats))
            allocated.append((code, None, seats))
        else:
            allocated.append((code, quota.initial_quota, seats))
            quota.initial_quota = seats
            quota.reallocated_quota = None
            changed.append(quota)
    if changed:
        CycleQuota.objects.bulk_update(changed, ["initial_quota", "reallocated_quota"])
    if added:
        CycleQuota.objects.bulk_create(added)
    quota_ledger_write(
        cycle=cycle,
        kind=QuotaChange.Kind.REALLOCATION_DISCARDED,
        changes=discarded,
        reason=_("The initial quotas were allocated again, so the reallocated quotas no longer hold."),
        by=by,
    )
    quota_ledger_write(cycle=cycle, kind=QuotaChange.Kind.INITIAL_ALLOCATION, changes=allocated, reason=words, by=by)
    superseded = list(
        ReallocationProposal.objects.filter(cycle=cycle, status=ReallocationProposal.Status.PENDING).values_list(
            "pk", flat=True
        )
    )
    if superseded:
        ReallocationProposal.objects.filter(pk__in=superseded).update(
            status=ReallocationProposal.Status.SUPERSEDED, decided_at=timezone.now()
        )
    audit_record(
        actor=by,
        action="quota.initial_allocation",
        target=cycle,
        before=before,
        after={
            "total": total, "weight": weight, "minimum": minimum, "reason": reason,
            "quotas": {line["region"]: line["new_initial"] for line in lines}, "superseded": superseded,
        },
    )
    return lines


def weight_label(weight: str) -> str:
    return {
        WEIGHT_EQUAL: _("equal shares"),
        WEIGHT_REGISTERED: _("registered applications"),
        WEIGHT_ELIGIBLE: _("eligible applications"),
    }.get(weight, weight)
