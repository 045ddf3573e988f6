"""Village needs (musyawarah desa): recorded per desa, summed by kecamatan and training type, and
a cycle created (or a batch chosen) from the summary keeps the link to the villages that asked."""

from datetime import date

import pytest
from django.urls import reverse

from grants.models import VillageNeed, VillageNeedLine
from grants.villages.services import village_need_save
from programs.models import CycleQuota, ProgramCycle
from tests.factories import SubdistrictFactory, VillageFactory
from tests.training.factories import BatchFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def villages(paser):
    kecamatan = SubdistrictFactory(code="64.01.03", name="Kecamatan Long Ikis")
    return [VillageFactory(code=f"64.01.03.20{n:02d}", name=f"Desa {name}", subdistrict=kecamatan)
            for n, name in enumerate(["Tajer Mulya", "Sawit Jaya", "Krayan Makmur"], start=1)]


@pytest.fixture
def needs(villages, paser_staff):
    village_need_save(by=paser_staff, village=villages[0], meeting_date=date(2026, 3, 2), potential="Kebun sawit",
                      tags=["kelapa sawit"], lines=[("Tata Boga", 12), ("Menjahit", 5)])
    village_need_save(by=paser_staff, village=villages[1], meeting_date=date(2026, 3, 9), lines=[("tata  boga", 8)])
    return villages


def test_staff_record_a_village_meeting_on_the_page(client, villages, paser_staff):
    client.force_login(paser_staff)
    response = client.post(reverse("grants:village-need-create"), {
        "village_0": "64.01", "village_1": "64.01.03", "village_2": villages[2].code, "meeting_date": "12-03-2026",
        "potential": "Perikanan air tawar", "tags": "perikanan, Tambak; perikanan", "notes": "",
        "type_0": "Pengolahan ikan", "families_0": "9", "type_1": "Menjahit", "families_1": "",
    })
    assert response.status_code == 400 and "How many families are interested?" in response.content.decode()
    response = client.post(reverse("grants:village-need-create"), {
        "village_0": "64.01", "village_1": "64.01.03", "village_2": villages[2].code, "meeting_date": "12-03-2026",
        "potential": "Perikanan air tawar", "tags": "perikanan, Tambak; perikanan", "notes": "",
        "type_0": "Pengolahan ikan", "families_0": "9",
    })
    assert response.status_code == 302
    need = VillageNeed.objects.get(village=villages[2])
    assert need.potential_tags == ["perikanan", "tambak"] and need.regency_id == "64.01"
    assert list(need.lines.values_list("training_type", "interested_families")) == [("Pengolahan ikan", 9)]


def test_the_summary_adds_up_families_by_kecamatan_and_training_type(client, needs, paser_staff):
    client.force_login(paser_staff)
    rows = client.get(reverse("grants:village-need-summary")).context["rows"]
    summary = {(r["subdistrict_name"], r["training_key"]): (r["villages"], r["families"]) for r in rows}
    assert summary == {("Kecamatan Long Ikis", "tata boga"): (2, 20), ("Kecamatan Long Ikis", "menjahit"): (1, 5)}


def test_a_cycle_created_from_the_summary_keeps_the_link(client, needs, paser_staff):
    client.force_login(paser_staff)
    url = reverse("grants:village-need-cycle") + "?regency=64.01&kecamatan=64.01.03&key=tata+boga"
    page = client.get(url)
    assert page.status_code == 200 and page.context["form"].initial["quota"] == 20
    response = client.post(url, {"code": "TB-LONGIKIS-2027", "program": "Pelatihan Tata Boga Long Ikis",
                                 "year": "2027", "registration_closes": "31-07-2027", "quota": "20"})
    assert response.status_code == 302
    cycle = ProgramCycle.objects.get(code="TB-LONGIKIS-2027")
    assert CycleQuota.objects.get(cycle=cycle, regency_id="64.01").initial_quota == 20
    assert set(VillageNeedLine.objects.filter(training_key="tata boga").values_list("cycle__code", flat=True)) == {
        "TB-LONGIKIS-2027"}
    assert VillageNeedLine.objects.get(training_key="menjahit").cycle is None
    rows = client.get(reverse("grants:village-need-summary")).context["rows"]
    assert next(r for r in rows if r["training_key"] == "tata boga")["cycles"] == ["TB-LONGIKIS-2027"]


def test_a_batch_planned_for_a_row_can_be_linked(client, needs, paser_staff, paser_provider, bantaeng_provider):
    batch = BatchFactory(provider=paser_provider, name="Menjahit Angkatan 2")
    other = BatchFactory(provider=bantaeng_provider, name="Batch Bantaeng")
    client.force_login(paser_staff)
    url = reverse("grants:village-need-batch") + "?regency=64.01&kecamatan=64.01.03&key=menjahit"
    client.post(url, {"batch": other.pk})
    assert VillageNeedLine.objects.get(training_key="menjahit").batch is None
    client.post(url, {"batch": batch.pk})
    assert VillageNeedLine.objects.get(training_key="menjahit").batch == batch


def test_a_bantaeng_officer_sees_none_of_it(client, needs, bantaeng_staff):
    client.force_login(bantaeng_staff)
    assert client.get(reverse("grants:village-need-summary")).context["rows"] == []
    url = reverse("grants:village-need-cycle") + "?regency=64.01&key=tata+boga"
    assert client.get(url).status_code == 404
