"""Reads of the program catalog. Cycles, rules and quotas are not personal data: every user
with the capability sees them all; the user's own districts are only marked."""

from django.db.models import Prefetch, QuerySet

from accounts.selectors import first_or_404, regency_codes_visible_to
from programs.models import CycleQuota, Program, ProgramCycle
from regions.models import Regency


def _with_quotas(queryset: QuerySet[ProgramCycle]) -> QuerySet[ProgramCycle]:
    return queryset.select_related("program").prefetch_related(
        Prefetch("quotas", queryset=CycleQuota.objects.select_related("regency").order_by("regency_id"))
    )


def cycle_list() -> QuerySet[ProgramCycle]:
    return _with_quotas(ProgramCycle.objects.order_by("-year", "code"))


def cycle_get(*, code: str) -> ProgramCycle:
    return first_or_404(_with_quotas(ProgramCycle.objects.all()), code=code)


def program_names() -> list[str]:
    return list(Program.objects.order_by("name").values_list("name", flat=True))


def regency_choices() -> list[tuple[str, str]]:
    return [(code, f"{code} {name}") for code, name in Regency.objects.order_by("code").values_list("code", "name")]


def own_regency_codes(*, user) -> set[str]:
    """The districts to mark as the user's own: none for a user who sees every district."""
    codes = regency_codes_visible_to(user=user)
    return set() if codes is None else set(codes)
