"""Reads of schemes and their budget ledger, scoped to the user's districts."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce

from accounts.selectors import get_visible_or_404, scope_to_user
from grants import rules
from grants.models import Grant, GrantScheme


def scheme_list_visible_to(*, user) -> QuerySet[GrantScheme]:
    return scope_to_user(GrantScheme.objects.select_related("cycle", "regency"), user=user).order_by(
        "-cycle__year", "code"
    )


def scheme_get_visible(*, user, pk: int) -> GrantScheme:
    """One scheme of the user's districts; 404 for another district's, as for a missing one."""
    return get_visible_or_404(
        GrantScheme.objects.select_related("cycle__program", "regency").prefetch_related("items", "eligible_cycles"),
        user=user, pk=pk,
    )


@dataclass(frozen=True)
class Ledger:
    """A scheme's budget: committed (approved, not yet paid or handed over), disbursed (paid,
    handed over, or credit approved), returned or cancelled, and what remains of the ceiling."""

    ceiling: int | None
    committed: int
    disbursed: int
    released: int
    committed_count: int
    disbursed_count: int
    released_count: int

    @property
    def remaining(self) -> int | None:
        return rules.budget_remaining(ceiling=self.ceiling, committed=self.committed, disbursed=self.disbursed)

    def remaining_after(self, amount: int) -> int | None:
        remaining = self.remaining
        return None if remaining is None else remaining - amount


def _ledger_aggregates() -> dict:
    zero = 0
    return {
        "committed": Coalesce(Sum("amount", filter=Q(status__in=Grant.COMMITTED)), zero),
        "disbursed": Coalesce(Sum("amount", filter=Q(status__in=Grant.DELIVERED)), zero),
        "released": Coalesce(Sum("amount", filter=Q(status__in=Grant.RELEASED)), zero),
        "committed_count": Count("pk", filter=Q(status__in=Grant.COMMITTED)),
        "disbursed_count": Count("pk", filter=Q(status__in=Grant.DELIVERED)),
        "released_count": Count("pk", filter=Q(status__in=Grant.RELEASED)),
    }


def scheme_ledger(*, scheme: GrantScheme) -> Ledger:
    """The ledger of one scheme, in one aggregate query. The approval service calls it while it
    holds the scheme row's lock, so the sums cannot move under it."""
    sums = Grant.objects.filter(scheme_id=scheme.pk).aggregate(**_ledger_aggregates())
    return Ledger(ceiling=scheme.budget_ceiling, **sums)


def scheme_ledgers(*, schemes) -> dict[int, Ledger]:
    """{scheme id: ledger} for a page of schemes, in one grouped query."""
    schemes = list(schemes)
    rows = (
        Grant.objects.filter(scheme__in=schemes).values("scheme_id").annotate(**_ledger_aggregates())
    )
    found = {row.pop("scheme_id"): row for row in rows}
    empty = dict.fromkeys(("committed", "disbursed", "released", "committed_count", "disbursed_count",
                           "released_count"), 0)
    return {s.pk: Ledger(ceiling=s.budget_ceiling, **found.get(s.pk, empty)) for s in schemes}


def scheme_status_counts(*, scheme: GrantScheme) -> dict[str, int]:
    """How many of the scheme's proposals are in each status."""
    rows = Grant.objects.filter(scheme=scheme).values("status").annotate(n=Count("pk")).values_list("status", "n")
    return dict(rows)
