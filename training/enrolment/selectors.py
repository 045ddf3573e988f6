"""Reads of seats: a batch's roster, a district's waiting list.

Who may take a seat (the same definition as §8, docs/quota-reallocation.md uses for `eligible_d`): an
application whose latest automatic status is ELIGIBLE and that staff did not reject, or one
that staff approved whatever its automatic status.

The waiting list of a cycle and district ranks the applications that may take a seat and have
never been enrolled in that cycle, by the priority rule `WAITING_LIST_ORDER`:
  1. lower DTKS desil first (the poorest households first); not in the DTKS last,
  2. then earlier registration (Application.created_at),
  3. then the lower application id (a stable tie-break, so a rank never changes between pages).
An applicant who withdrew from a batch is not ranked again: their seat went back to the next in
line, and putting them back at the top would hand it straight back to them.
"""

from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from accounts.selectors import first_or_404
from participants.models import Application
from programs.models import CycleQuota, ProgramCycle
from regions.models import Regency
from training.models import Batch, Enrolment
from training.rules import SEAT_DECISION, SEAT_STATUS, may_take_seat
from verification.selectors import eligibility_of

WAITING_LIST_ORDER = (
    F("eligibility__desil").asc(nulls_last=True),
    F("created_at").asc(),
    F("id").asc(),
)


def seat_eligible_q(prefix: str = "") -> Q:
    """Applications that may take a seat (see the module docstring), as a filter on
    Application; `prefix` is the lookup path to the Application ("application__"). A decision
    is APPROVED, REJECTED or none, so "ELIGIBLE and not rejected" is "ELIGIBLE and undecided"
    once the approved ones are taken: a plain join, without a negation over the relation."""
    result = f"{prefix}eligibility__"
    return Q(**{f"{result}decision": SEAT_DECISION}) | Q(
        **{f"{result}status": SEAT_STATUS, f"{result}decision__isnull": True}
    )


def application_may_take_seat(application: Application) -> bool:
    """The same rule as `seat_eligible_q`, for one application already loaded."""
    result = eligibility_of(application)
    return result is not None and may_take_seat(status=result.status, decision=result.decision)


def _waiting_applications(*, cycle_id: int, regency_code: str) -> QuerySet[Application]:
    """The unranked waiting list: may take a seat, never enrolled in a batch of the cycle."""
    return (
        Application.objects.filter(cycle_id=cycle_id, regency_id=regency_code)
        .filter(seat_eligible_q())
        .filter(~Exists(Enrolment.objects.filter(application=OuterRef("pk"))))
    )


def waiting_list(*, cycle: ProgramCycle, regency_code: str) -> QuerySet[Application]:
    """The ranked waiting list of a cycle and district; every row carries `rank` (1 = next in
    line), computed by ROW_NUMBER() over the whole list, so a page's slice keeps the ranks the
    rows have in the full list. One query per page (plus the paginator's count)."""
    return (
        _waiting_applications(cycle_id=cycle.pk, regency_code=regency_code)
        .select_related("person", "eligibility")
        .annotate(rank=Window(RowNumber(), order_by=list(WAITING_LIST_ORDER)))
        .order_by(*WAITING_LIST_ORDER)
    )


def waiting_list_rank(*, application: Application) -> int | None:
    """The application's place on its district's waiting list right now (1 = first in line), or
    None when it is not on the list (not eligible, enrolled, or withdrew earlier). One COUNT of
    the rows ranked before it, which stays cheap however long the list is."""
    on_list = _waiting_applications(cycle_id=application.cycle_id, regency_code=application.regency_id).filter(
        pk=application.pk
    )
    row = on_list.values("created_at", "eligibility__desil").first()
    if row is None:
        return None
    desil, created_at, pk = row["eligibility__desil"], row["created_at"], application.pk
    same_desil = Q(eligibility__desil__isnull=True) if desil is None else Q(eligibility__desil=desil)
    ahead = same_desil & (Q(created_at__lt=created_at) | Q(created_at=created_at, pk__lt=pk))
    if desil is None:
        # Not in the DTKS ranks last: everyone with a desil is ahead.
        ahead |= Q(eligibility__desil__isnull=False)
    else:
        ahead |= Q(eligibility__desil__lt=desil)
    waiting = _waiting_applications(cycle_id=application.cycle_id, regency_code=application.regency_id)
    return waiting.filter(ahead).count() + 1


@dataclass(frozen=True)
class DistrictSeats:
    """A district's seats in a cycle: its quota (None when it has no quota row), how many are
    held, and who is next in line."""

    regency: Regency
    quota: int | None
    used: int
    next_in_line: Application | None

    @property
    def left(self) -> int:
        return max(0, (self.quota or 0) - self.used)


def district_seats(*, cycle: ProgramCycle, regency: Regency) -> DistrictSeats:
    """Quota, seats used and the next in line of one district in a cycle (three queries)."""
    quota_row = CycleQuota.objects.filter(cycle=cycle, regency=regency).first()
    used = Enrolment.objects.filter(cycle=cycle, regency=regency, status__in=Enrolment.SEAT_HOLDING).count()
    return DistrictSeats(
        regency=regency,
        quota=quota_row.current_quota if quota_row else None,
        used=used,
        # Ordered without the rank: a top-1 sort, cheaper than ranking the whole list.
        next_in_line=_waiting_applications(cycle_id=cycle.pk, regency_code=regency.code)
        .select_related("person", "eligibility")
        .order_by(*WAITING_LIST_ORDER)
        .first(),
    )


def regency_choices_visible_to(*, user) -> QuerySet[Regency]:
    """The districts whose waiting lists the user may open."""
    from accounts.selectors import scope_to_user

    return scope_to_user(Regency.objects.all(), user=user, regency_field="").order_by("code")


def batches_with_free_seats(*, user, cycle: ProgramCycle) -> list[Batch]:
    """The cycle's batches the user may enrol into that still have a free seat, each with
    `seats_used`; one query."""
    from training.courses.selectors import batch_queryset_visible_to

    return list(
        batch_queryset_visible_to(user=user)
        .filter(cycle=cycle)
        .annotate(seats_used=Count("enrolments", filter=Q(enrolments__status__in=Enrolment.SEAT_HOLDING)))
        .filter(seats_used__lt=F("capacity"))
        .select_related("provider")
        .order_by("start_date", "name", "pk")
    )


def batch_cycle_codes_visible_to(*, user) -> list[str]:
    """Codes of the cycles in which the user may see a batch, newest first; one query."""
    from training.courses.selectors import batch_queryset_visible_to

    codes = (batch_queryset_visible_to(user=user).order_by("-cycle__year", "cycle__code")
             .values_list("cycle__code", flat=True))
    return list(dict.fromkeys(codes))


def enrolment_get_manageable_or_404(*, user, pk: int) -> Enrolment:
    """An enrolment in a batch the user may see; 404 otherwise (another provider's batch)."""
    from training.courses.selectors import batch_queryset_visible_to

    return first_or_404(
        Enrolment.objects.filter(batch__in=batch_queryset_visible_to(user=user))
        .select_related("batch", "application__person", "regency", "cycle"),
        pk=pk,
    )


# --- the batch page's roster -----------------------------------------------------------------


def batch_roster(*, batch: Batch) -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.filter(batch=batch)
        .select_related("application__person", "regency")
        .order_by("application__person__name", "pk")
    )


def batch_roster_context(*, batch: Batch, user) -> dict:
    """What the batch page's roster partial (training/partials/_batch_roster.html) needs.

    The caller has already checked that the user may see the batch. After a withdrawal the
    roster names the next in line of each district that gave a seat back, so the BLK admin can
    fill it straight away."""
    roster = list(batch_roster(batch=batch))
    seats_used = sum(1 for enrolment in roster if enrolment.status in Enrolment.SEAT_HOLDING)
    withdrawn_regencies = {e.regency_id: e.regency for e in roster if e.status == Enrolment.Status.WITHDRAWN}
    next_in_line = [
        district_seats(cycle=batch.cycle, regency=regency)
        for _code, regency in sorted(withdrawn_regencies.items())
    ]
    # Keys are prefixed: the batch page merges this dict with its own context and other partials'.
    return {
        "roster": roster,
        "roster_batch": batch,
        "roster_seats_used": seats_used,
        "roster_can_withdraw": user.has_perm("accounts.manage_training"),
        "roster_next_in_line": next_in_line,
    }


def enrolment_list_visible_to(*, user, batch_id: int | None = None, status: str = "",
                              certified: bool | None = None) -> QuerySet[Enrolment]:
    """The enrolments of the batches the user may see (a BLK admin: their provider's), with the
    person, batch and cycle in the same query; oldest first, so pages stay put."""
    from training.courses.selectors import batch_queryset_visible_to

    enrolments = Enrolment.objects.filter(batch__in=batch_queryset_visible_to(user=user))
    if batch_id:
        enrolments = enrolments.filter(batch_id=batch_id)
    if status:
        enrolments = enrolments.filter(status=status)
    if certified is not None:
        enrolments = enrolments.exclude(certificate_number="") if certified else enrolments.filter(
            certificate_number="")
    return enrolments.select_related("batch", "application__person", "cycle").order_by("pk")
