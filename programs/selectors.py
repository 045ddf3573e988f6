"""Reads of the program catalog. Cycles, rules and quotas are not personal data: every user
with the capability sees them all; the user's own districts are only marked. Who may change a
cycle is decided here once (programs.rules.may_edit_cycle), for the services that refuse and
the pages that hide their buttons. The targets page shows only the districts the user works for."""

from django.db.models import Prefetch, Q, QuerySet

from accounts.selectors import first_or_404, regency_codes_visible_to
from programs.models import CycleQuota, DistrictTarget, Program, ProgramCycle
from programs.rules import cycle_districts, may_edit_cycle
from regions.models import Province, Regency
from regions.selectors import regency_list_visible_to


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


def regency_choices_for(*, user, keep=()) -> list[tuple[str, str]]:
    """The kabupaten/kota a user picks from: those of their province (a district officer's
    province, or a provincial officer's), or all of them for a user who sees every district.
    The codes in `keep` (already chosen) stay among the choices whatever their province."""
    province_id = user.province_id or (user.regency.province_id if user.regency_id else None)
    if province_id is None:
        return regency_choices()
    rows = Regency.objects.filter(Q(province_id=province_id) | Q(code__in=list(keep))).order_by("code")
    return [(code, f"{code} {name}") for code, name in rows.values_list("code", "name")]


def regency_codes() -> set[str]:
    return set(Regency.objects.values_list("code", flat=True))


def own_regency_codes(*, user) -> set[str]:
    """The districts to mark as the user's own: none for a user who sees every district."""
    codes = regency_codes_visible_to(user=user)
    return set() if codes is None else set(codes)


# --- who owns a cycle ----------------------------------------------------------------------


def cycle_districts_of(cycle: ProgramCycle, *, quota_codes=()) -> set[str]:
    """The districts a stored cycle reaches (its rules' regions and its quota rows, prefetched
    or not), with any `quota_codes` a caller has already read."""
    return cycle_districts(
        regions=(cycle.rules or {}).get("regions"),
        quota_codes=[*(quota.regency_id for quota in cycle.quotas.all()), *quota_codes],
    )


def user_owns_districts(*, user, districts) -> bool:
    """Whether the user's work area owns a cycle reaching `districts` (whatever their role)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return may_edit_cycle(
        districts=districts, is_system_admin=user.is_system_admin, regency_code=user.regency_id,
        province_code=user.province_id,
    )


def districts_editable_by(*, user, districts) -> bool:
    """Whether the user may save a cycle reaching `districts`: the capability, and ownership."""
    return user.has_perm("accounts.manage_programs") and user_owns_districts(user=user, districts=districts)


def cycle_editable_by(*, user, cycle: ProgramCycle) -> bool:
    """Whether the user may change the cycle's rules and quotas, or import it."""
    return districts_editable_by(user=user, districts=cycle_districts_of(cycle))


def cycle_quotas_manageable_by(*, user, cycle: ProgramCycle, quota_codes=()) -> bool:
    """Whether the user may move the cycle's seats between districts (the initial allocation,
    a reallocation): the approve_reallocation capability, and ownership of the cycle."""
    return user.has_perm("accounts.approve_reallocation") and user_owns_districts(
        user=user, districts=cycle_districts_of(cycle, quota_codes=quota_codes)
    )


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
