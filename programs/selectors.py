"""Reads of the program catalog. Cycles, rules and quotas are not personal data: every user
with the capability sees them all; the user's own districts are only marked. The targets page
shows only the districts the user works for."""

from django.db.models import Prefetch, QuerySet
from django.http import Http404

from accounts.selectors import regency_codes_visible_to
from programs.models import CycleQuota, DistrictTarget, Program, ProgramCycle
from regions.models import Province, Regency
from regions.selectors import regency_list_visible_to


def _with_quotas(queryset: QuerySet[ProgramCycle]) -> QuerySet[ProgramCycle]:
    return queryset.select_related("program").prefetch_related(
        Prefetch("quotas", queryset=CycleQuota.objects.select_related("regency").order_by("regency_id"))
    )


def cycle_list() -> QuerySet[ProgramCycle]:
    return _with_quotas(ProgramCycle.objects.order_by("-year", "code"))


def cycle_get(*, code: str) -> ProgramCycle:
    cycle = _with_quotas(ProgramCycle.objects.filter(code=code)).first()
    if cycle is None:
        raise Http404
    return cycle


def program_names() -> list[str]:
    return list(Program.objects.order_by("name").values_list("name", flat=True))


def regency_choices() -> list[tuple[str, str]]:
    return [(code, f"{code} {name}") for code, name in Regency.objects.order_by("code").values_list("code", "name")]


def own_regency_codes(*, user) -> set[str]:
    """The districts to mark as the user's own: none for a user who sees every district."""
    codes = regency_codes_visible_to(user=user)
    return set() if codes is None else set(codes)


# --- the districts' yearly targets (§11) -------------------------------------------------------


def target_provinces_visible_to(*, user) -> list[Province]:
    """The provinces whose districts' targets the user may see (one for district and
    provincial users, every one for system administrators)."""
    codes = regency_codes_visible_to(user=user)
    provinces = Province.objects.order_by("code")
    if codes is not None:
        provinces = provinces.filter(code__in={code[:2] for code in codes})
    return list(provinces)


def target_table_visible_to(*, user, year: int, province_code: str) -> list[tuple[Regency, DistrictTarget | None]]:
    """The districts of the province the user may see, each with its target of `year` (None
    when it has none), ordered by code: two queries."""
    regencies = list(regency_list_visible_to(user=user).filter(province_id=province_code).order_by("code"))
    targets = {
        t.regency_id: t
        for t in DistrictTarget.objects.filter(year=year, regency__in=regencies).select_related("updated_by")
    }
    return [(regency, targets.get(regency.code)) for regency in regencies]
