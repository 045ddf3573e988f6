import pytest
from django.http import Http404

from accounts.selectors import first_or_404, get_visible_or_404, regency_codes_visible_to, scope_to_user
from regions.models import Village

from ..factories import UserFactory

pytestmark = pytest.mark.django_db


def test_district_staff_see_only_their_district(paser_staff, paser_village, bantaeng_village):
    visible = scope_to_user(Village.objects.all(), user=paser_staff, regency_field="subdistrict__regency")
    assert list(visible) == [paser_village]


def test_a_record_of_another_district_is_not_found_rather_than_forbidden(paser_staff, bantaeng_village):
    with pytest.raises(Http404):
        get_visible_or_404(
            Village.objects.all(), user=paser_staff, regency_field="subdistrict__regency", code=bantaeng_village.code
        )


def test_first_or_404_gives_the_row_of_an_already_scoped_queryset_or_404(paser_staff, paser_village, bantaeng_village):
    visible = scope_to_user(Village.objects.all(), user=paser_staff, regency_field="subdistrict__regency")
    assert first_or_404(visible, code=paser_village.code) == paser_village
    for code in (bantaeng_village.code, "99.99.99.9999"):
        with pytest.raises(Http404):
            first_or_404(visible, code=code)


def test_provincial_staff_see_every_district_of_their_province_only(kaltim_official, paser, bantaeng):
    from ..factories import RegencyFactory

    berau = RegencyFactory(code="64.03", name="Kabupaten Berau", province=paser.province)
    assert sorted(regency_codes_visible_to(user=kaltim_official)) == ["64.01", berau.code]
    from regions.models import Regency

    visible = scope_to_user(Regency.objects.all(), user=kaltim_official, regency_field="")
    assert bantaeng not in visible


def test_system_admin_sees_everything_and_a_user_without_area_nothing(system_admin, paser_village, bantaeng_village):
    everyone = scope_to_user(Village.objects.all(), user=system_admin, regency_field="subdistrict__regency")
    assert set(everyone) == {paser_village, bantaeng_village}
    nowhere = UserFactory(username="tanpa.wilayah", regency=None)
    assert not scope_to_user(Village.objects.all(), user=nowhere, regency_field="subdistrict__regency").exists()
