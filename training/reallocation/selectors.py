"""Reads of seats per district: the facts the §8 reallocation is computed from, the quota
overview, the quota ledger and the proposals. Counting is set-based (one grouped query per
kind of count), never one query per district or per application."""

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.selectors import first_or_404, regency_codes_visible_to, scope_to_user
from core.errors import PortalError
from participants.models import Application
from programs.models import CycleQuota, ProgramCycle, QuotaChange
from programs.selectors import cycle_quotas_manageable_by
from training.enrolment.selectors import seat_eligible_q
from training.models import Enrolment, ReallocationProposal
from training.reallocation.allocation import Reallocation, reallocate
from verification.models import EligibilityRun

# §8 eligible_d counts the applications that may take a seat: one definition for both.
COUNTS_AS_ELIGIBLE = seat_eligible_q()


def eligible_counts(*, cycle_ids, regency_codes=None) -> dict[tuple[int, str], int]:
    """{(cycle_id, regency code): eligible applications} in one grouped query. `regency_codes`
    None means every district; districts with none eligible are absent."""
    queryset = Application.objects.filter(COUNTS_AS_ELIGIBLE, cycle_id__in=list(cycle_ids))
    if regency_codes is not None:
        queryset = queryset.filter(regency_id__in=list(regency_codes))
    rows = queryset.order_by().values_list("cycle_id", "regency_id").annotate(n=Count("pk"))
    return {(cycle_id, code): n for cycle_id, code, n in rows}


def application_counts(*, cycle_id: int, regency_codes) -> dict[str, int]:
    """{regency code: applications registered to the cycle}, one grouped query."""
    rows = (
        Application.objects.filter(cycle_id=cycle_id, regency_id__in=list(regency_codes))
        .order_by()
        .values_list("regency_id")
        .annotate(n=Count("pk"))
    )
    return dict(rows)


def seats_used_counts(*, cycle_ids, regency_codes=None) -> dict[tuple[int, str], int]:
    """{(cycle_id, regency code): seat-holding enrolments} in one grouped query."""
    queryset = Enrolment.objects.filter(cycle_id__in=list(cycle_ids), status__in=Enrolment.SEAT_HOLDING)
    if regency_codes is not None:
        queryset = queryset.filter(regency_id__in=list(regency_codes))
    rows = queryset.order_by().values_list("cycle_id", "regency_id").annotate(n=Count("pk"))
    return {(cycle_id, code): n for cycle_id, code, n in rows}


# --- the §8 computation ------------------------------------------------------------------------


def cycle_was_evaluated(*, cycle: ProgramCycle) -> bool:
    return EligibilityRun.objects.filter(cycle=cycle).exists()


def registration_has_closed(*, cycle: ProgramCycle) -> bool:
    """Registration is open through its closing day (local time), so it has closed only from
    the day after."""
    return timezone.localdate() > cycle.registration_closes


def reallocation_compute(*, cycle: ProgramCycle, quotas: dict[str, int] | None = None) -> Reallocation:
    """The §8 reallocation of `cycle` from the database as it is now. `quotas` ({code: initial
    quota}) may be given by a caller that has already read (and locked) the quota rows;
    otherwise they are read here. Only the districts with a quota row take part, and their
    quota is always the INITIAL one, so computing twice gives the same answer. Raises
    PortalError when the cycle was never evaluated."""
    if not cycle_was_evaluated(cycle=cycle):
        raise PortalError(
            _("The applications of %(code)s were never evaluated: run eligibility first.") % {"code": cycle.code}
        )
    if quotas is None:
        quotas = dict(CycleQuota.objects.filter(cycle=cycle).values_list("regency_id", "initial_quota"))
    counts = eligible_counts(cycle_ids=[cycle.pk], regency_codes=quotas.keys()) if quotas else {}
    return reallocate(quotas=quotas, eligible={code: n for (_cycle, code), n in counts.items()})


def cycle_quota_codes(*, cycle: ProgramCycle) -> list[str]:
    return list(CycleQuota.objects.filter(cycle=cycle).order_by("regency_id").values_list("regency_id", flat=True))


def user_may_manage_quotas(*, user, cycle: ProgramCycle, regency_codes=()) -> bool:
    """Proposing, approving and the initial allocation move seats between districts, so they
    need the approve_reallocation capability AND ownership of the cycle (its regions, its quota
    districts and `regency_codes`): a district official cannot move the seats of a cycle that
    reaches another district; that is for the province, or a system admin
    (programs.selectors.cycle_quotas_manageable_by)."""
    return cycle_quotas_manageable_by(user=user, cycle=cycle, quota_codes=regency_codes)


def pending_proposal(*, cycle: ProgramCycle) -> ReallocationProposal | None:
    return (
        ReallocationProposal.objects.filter(cycle=cycle, status=ReallocationProposal.Status.PENDING)
        .select_related("proposed_by")
        .first()
    )


def proposal_list(*, cycle: ProgramCycle) -> QuerySet[ReallocationProposal]:
    return ReallocationProposal.objects.filter(cycle=cycle).select_related("proposed_by", "decided_by")


def proposal_get(*, cycle: ProgramCycle, proposal_id: int) -> ReallocationProposal:
    return first_or_404(ReallocationProposal.objects.all(), cycle=cycle, pk=proposal_id)


# --- pages -------------------------------------------------------------------------------------


@dataclass
class QuotaRow:
    region: str
    name: str
    initial: int
    current: int
    reallocated: int | None
    seats_used: int
    eligible: int

    @property
    def remaining(self) -> int:
        # Negative when a reallocation left a district fewer seats than it has already filled.
        return self.current - self.seats_used


def cycles_with_visible_quotas(*, user) -> QuerySet[ProgramCycle]:
    """Cycles that have at least one quota row in the user's districts, newest first."""
    visible = scope_to_user(CycleQuota.objects.filter(cycle=OuterRef("pk")), user=user)
    return ProgramCycle.objects.filter(Exists(visible)).select_related("program").order_by("-year", "code")


def quota_overview_rows(*, user, cycles) -> dict[int, list[QuotaRow]]:
    """{cycle id: its quota rows in the user's districts}, for a page of cycles: three queries
    (quotas, seats used, eligible) whatever the number of cycles or districts."""
    cycle_ids = [cycle.pk for cycle in cycles]
    quotas = list(
        scope_to_user(CycleQuota.objects.filter(cycle_id__in=cycle_ids), user=user)
        .select_related("regency")
        .order_by("cycle_id", "regency_id")
    )
    codes = regency_codes_visible_to(user=user)
    used = seats_used_counts(cycle_ids=cycle_ids, regency_codes=codes)
    eligible = eligible_counts(cycle_ids=cycle_ids, regency_codes=codes)
    rows: dict[int, list[QuotaRow]] = {cycle_id: [] for cycle_id in cycle_ids}
    for quota in quotas:
        key = (quota.cycle_id, quota.regency_id)
        rows[quota.cycle_id].append(
            QuotaRow(
                region=quota.regency_id,
                name=quota.regency.name,
                initial=quota.initial_quota,
                current=quota.current_quota,
                reallocated=quota.reallocated_quota,
                seats_used=used.get(key, 0),
                eligible=eligible.get(key, 0),
            )
        )
    return rows


def quota_ledger_visible_to(*, user, cycle: ProgramCycle) -> QuerySet[QuotaChange]:
    """The cycle's ledger rows in the user's districts, newest first; each reallocation row
    carries its proposal (`reallocation_proposals`, prefetched)."""
    return (
        scope_to_user(QuotaChange.objects.filter(cycle=cycle).select_related("regency", "changed_by"), user=user)
        .prefetch_related(Prefetch("reallocation_proposals", queryset=ReallocationProposal.objects.only("pk")))
        .order_by("-changed_at", "-id")
    )


def cycle_districts_outside(*, user, cycle: ProgramCycle, quota_codes=()) -> list[str]:
    """Names of the cycle's districts (its regions and quota districts) outside the user's area:
    why the user may not move its seats. Empty for a system administrator."""
    from accounts.selectors import regency_codes_visible_to
    from programs.selectors import cycle_districts_of

    visible = regency_codes_visible_to(user=user)
    if visible is None:
        return []
    outside = sorted(set(cycle_districts_of(cycle, quota_codes=quota_codes)) - set(visible))
    names = regency_names(outside)
    return [names.get(code, code) for code in outside]


def regency_names(codes) -> dict[str, str]:
    from regions.models import Regency

    return dict(Regency.objects.filter(code__in=list(codes)).values_list("code", "name"))


def user_sees_all_districts(*, user, regency_codes) -> bool:
    """Whether every one of `regency_codes` is among the user's districts."""
    visible = regency_codes_visible_to(user=user)
    return visible is None or set(regency_codes) <= set(visible)


def reallocation_rows_visible_to(*, user, districts, names: dict[str, str]) -> list[dict]:
    """The §8 lines (Reallocation districts, or the dicts a proposal keeps) of the user's
    districts, as dicts with the district's name."""
    visible = regency_codes_visible_to(user=user)
    codes = None if visible is None else set(visible)
    rows = [district if isinstance(district, dict) else district.as_dict() for district in districts]
    return [{**row, "name": names.get(row["region"], "")} for row in rows if codes is None or row["region"] in codes]
