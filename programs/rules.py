"""Who owns a program cycle: pure functions over plain values (no ORM, no I/O).

A cycle belongs to the area its districts lie in: the kabupaten/kota its rules admit
(`rules.regions`) and those given a quota. Cycles are province-wide information that every
district reads, but a change of rules or seats touches every district they reach, so only
someone responsible for all of them may make it.
"""

from collections.abc import Iterable


def province_of(regency_code: str) -> str:
    """The province of a kabupaten/kota code: "64.01" -> "64" (§1, docs/identifiers.md)."""
    return regency_code.split(".", 1)[0]


def cycle_districts(*, regions: Iterable[str] | None, quota_codes: Iterable[str]) -> set[str]:
    """The kabupaten/kota a cycle reaches: those its rules admit and those with a quota."""
    return set(regions or ()) | set(quota_codes)


def may_edit_cycle(
    *, districts: Iterable[str], is_system_admin: bool, regency_code: str | None, province_code: str | None
) -> bool:
    """Whether a user of this work area owns a cycle reaching `districts`:

    - a system administrator owns every cycle;
    - a district's staff (`regency_code`) own a cycle that lies wholly within their district;
    - provincial staff (`province_code`) own a cycle whose districts all lie in their province,
      which is where a cycle across several districts belongs;
    - a cycle across provinces, or one that names no district at all (open to applicants from
      everywhere), is owned by system administrators only.
    """
    if is_system_admin:
        return True
    districts = set(districts)
    if not districts:
        return False
    if regency_code:
        return districts == {regency_code}
    if province_code:
        return {province_of(code) for code in districts} == {province_code}
    return False
