"""Reads of the region reference data. Regions are public reference data, not personal data:
any logged-in user may list them; `regency_list_visible_to` narrows pickers to a user's work."""

from django.db.models import QuerySet

from accounts.selectors import regency_codes_visible_to

from .models import Regency, Subdistrict, Village


def known_region_codes() -> tuple[set[str], set[str]]:
    """Kabupaten and desa codes of the reference data, for validating import files. Read them
    before a COPY starts: the connection can run no other query while it feeds one."""
    return set(Regency.objects.values_list("code", flat=True)), set(Village.objects.values_list("code", flat=True))


def regency_list_visible_to(*, user) -> QuerySet[Regency]:
    """The kabupaten/kota a user works for: one for district staff, a province's for provincial
    staff, all for system administrators."""
    codes = regency_codes_visible_to(user=user)
    regencies = Regency.objects.only("code", "name", "province_id")
    return regencies if codes is None else regencies.filter(code__in=codes)


def subdistrict_list(*, regency_code: str) -> QuerySet[Subdistrict]:
    return Subdistrict.objects.filter(regency_id=regency_code).only("code", "name", "regency_id")


def village_list(*, subdistrict_code: str) -> QuerySet[Village]:
    villages = Village.objects.filter(subdistrict_id=subdistrict_code)
    return villages.only("code", "name", "subdistrict_id")


def regency_name(*, code: str) -> str | None:
    """The name of kabupaten/kota `code` ("73.03" -> "Kabupaten Bantaeng"), None if unknown."""
    return Regency.objects.filter(code=code).values_list("name", flat=True).first()


def village_names(codes) -> dict[str, str]:
    """Desa/kelurahan names of the given codes, in one query (a code missing from the current
    decree simply has no name)."""
    codes = {code for code in codes if code}
    if not codes:
        return {}
    return dict(Village.objects.filter(code__in=codes).values_list("code", "name"))
