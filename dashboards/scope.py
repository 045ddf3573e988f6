"""The area a user's dashboard reports cover: their kabupaten/kota, their province, or the whole
country (a system administrator)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Area:
    code: str  # "64.01", "64" or "" (the whole country)
    name: str
    regency_codes: list[str] | None  # None: every district


def area_of(user) -> Area:
    from accounts.selectors import regency_codes_visible_to

    codes = regency_codes_visible_to(user=user)
    if user.is_system_admin:
        return Area("", _("Indonesia"), None)
    if user.regency_id:
        return Area(user.regency_id, user.regency.name, codes)
    if user.province_id:
        return Area(user.province_id, user.province.name, codes)
    return Area("-", "", [])


def area_codes_visible_to(user) -> list[str] | None:
    """The area codes whose publications the user may read (None: all): their own district's;
    a province user also the province's and its districts'."""
    if user.is_system_admin:
        return None
    if user.regency_id:
        return [user.regency_id]
    if user.province_id:
        from regions.models import Regency

        return [user.province_id, *Regency.objects.filter(province_id=user.province_id).values_list("code", flat=True)]
    return []
