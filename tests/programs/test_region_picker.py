"""The cycle form's kabupaten/kota picker (issue 12): a searchable picker (tom-select) over the
user's own province, not a Ctrl-click list of all 514 regencies."""

import re

import pytest
from django.urls import reverse

from programs.forms import CycleForm
from programs.models import ProgramCycle
from programs.services import programs_import_catalog
from tests.factories import RegencyFactory

from .conftest import psk_entry

pytestmark = pytest.mark.django_db


def region_options(page: str) -> list[str]:
    select = re.search(r'<select name="regions"[^>]*>(.*?)</select>', page, re.S)
    assert select, "the page has no regions picker"
    return re.findall(r'<option value="([\d.]+)"', select[1])


@pytest.fixture
def kaltim_regencies(paser, bantaeng, tabalong):
    """A second Kalimantan Timur district beside Paser; Bantaeng and Tabalong are elsewhere."""
    return RegencyFactory(code="64.02", name="KABUPATEN KUTAI KARTANEGARA", province=paser.province)


def test_a_district_officer_picks_among_the_districts_of_their_province(client, paser_staff, kaltim_regencies):
    client.force_login(paser_staff)
    page = client.get(reverse("programs:cycle-create")).content.decode()
    assert region_options(page) == ["64.01", "64.02"]


def test_a_provincial_officer_picks_among_their_province_and_an_admin_among_all(
    client, kaltim_staff, system_admin, kaltim_regencies
):
    client.force_login(kaltim_staff)
    assert region_options(client.get(reverse("programs:cycle-create")).content.decode()) == ["64.01", "64.02"]
    client.force_login(system_admin)
    assert region_options(client.get(reverse("programs:cycle-create")).content.decode()) == [
        "63.09", "64.01", "64.02", "73.03"]


def test_a_district_chosen_before_stays_in_the_picker_of_a_cycle_whatever_its_province(
    kaltim_staff, kaltim_regencies
):
    programs_import_catalog(data={"programs": [psk_entry()]})  # regions 64.01 and 73.03
    cycle = ProgramCycle.objects.get(code="PSK-2026")
    # The form shows the cycle as it is, whoever opens it: Bantaeng stays chosen.
    form = CycleForm(user=kaltim_staff, cycle=cycle)
    assert [code for code, _label in form.fields["regions"].choices] == ["64.01", "64.02", "73.03"]
    assert re.search(r'<option value="73.03"[^>]*selected', str(form["regions"]))


def test_the_picker_is_searchable(client, paser_staff, kaltim_regencies):
    client.force_login(paser_staff)
    page = client.get(reverse("programs:cycle-create")).content.decode()
    assert re.search(r'<select name="regions"[^>]*data-picker="search"', page)
    assert "vendor/tom-select/tom-select.complete.min.js" in page
    assert "new TomSelect(select" in page
