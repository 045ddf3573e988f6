"""Who owns a cycle (issue 9): a cycle across several districts belongs to their province, and
only provincial staff of that province or a system admin change its rules and quotas or import
it; district staff change cycles that lie wholly within their district."""

import json

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import translation

from audit.models import AuditEvent
from programs.catalog import CatalogError
from programs.models import ProgramCycle, QuotaChange
from programs.rules import may_edit_cycle
from programs.services import CycleNotYours, programs_cycle_save, programs_import_catalog
from tests.factories import RegencyFactory

pytestmark = pytest.mark.django_db

SHARED = {
    "code": "PSK-2026", "program": "Pelatihan Keterampilan Pemuda Putus Sekolah", "year": 2026,
    "registration_closes": "2026-07-31",
    "rules": {"max_age": 20, "school_status": ["putus_sekolah"], "require_dtks": True,
              "regions": ["64.01", "64.02", "73.03", "63.09"]},
    "quotas": {"64.01": 40, "64.02": 20, "73.03": 30, "63.09": 25},
}
PASER_ONLY = {
    "code": "JHT-PSR-2026", "program": "Pelatihan Menjahit Paser", "year": 2026, "registration_closes": "2026-08-31",
    "rules": {"max_age": 30, "regions": ["64.01"]}, "quotas": {"64.01": 10},
}
KALTIM = {
    "code": "LAS-KALTIM-2026", "program": "Pelatihan Las Kaltim", "year": 2026, "registration_closes": "2026-08-31",
    "rules": {"regions": ["64.01", "64.02"]}, "quotas": {"64.01": 5, "64.02": 5},
}


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def cycles(paser, bantaeng, tabalong):
    RegencyFactory(code="64.02", name="Kabupaten Kutai Kartanegara", province=paser.province)
    programs_import_catalog(data={"programs": [SHARED, PASER_ONLY, KALTIM]})
    return {code: ProgramCycle.objects.get(code=code) for code in ("PSK-2026", "JHT-PSR-2026", "LAS-KALTIM-2026")}


def form_data(cycle, **overrides):
    """The edit form as it shows the cycle, with `overrides`."""
    rules = cycle.rules
    data = {
        "program": cycle.program.name, "year": str(cycle.year), "registration_opens": "",
        "registration_closes": cycle.registration_closes.strftime("%d-%m-%Y"),
        "min_age": rules["min_age"] or "", "max_age": rules["max_age"] or "", "age_reference_date": "",
        "school_status": rules["school_status"] or [], "min_education": "", "max_desil": "",
        "regions": rules["regions"] or [],
        "quotas": "\n".join(f"{q.regency_id} = {q.initial_quota}" for q in cycle.quotas.order_by("regency_id")),
    }
    if rules["require_dtks"]:
        data["require_dtks"] = "on"
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def quotas_of(code):
    return dict(ProgramCycle.objects.get(code=code).quotas.values_list("regency_id", "initial_quota"))


def edit(client, cycle, **overrides):
    return client.post(reverse("programs:cycle-edit", args=[cycle.code]), form_data(cycle, **overrides))


# --- the findings of the issue, from the district's side ------------------------------------------


def test_paser_staff_cannot_cut_bantaengs_quota_of_a_four_district_cycle(english, cycles, paser_staff):
    english.force_login(paser_staff)
    shared = cycles["PSK-2026"]

    response = edit(english, shared, quotas="64.01 = 40\n64.02 = 20\n73.03 = 1\n63.09 = 25")

    assert response.status_code == 403
    assert "You may not change PSK-2026" in response.content.decode()
    assert quotas_of("PSK-2026") == SHARED["quotas"]
    assert not AuditEvent.objects.filter(action="program_cycle.update").exists()
    assert not QuotaChange.objects.filter(kind=QuotaChange.Kind.MANUAL).exists()


def test_paser_staff_cannot_delete_another_districts_quota_row(english, cycles, paser_staff):
    english.force_login(paser_staff)

    response = edit(english, cycles["PSK-2026"], quotas="64.01 = 40\n64.02 = 20\n63.09 = 25")

    assert response.status_code == 403
    assert "73.03" in quotas_of("PSK-2026")


def test_bantaeng_staff_cannot_clear_a_shared_cycles_rules(english, cycles, bantaeng_staff):
    english.force_login(bantaeng_staff)
    shared = cycles["PSK-2026"]

    response = edit(english, shared, max_age="", school_status=[], regions=[], require_dtks=None)

    assert response.status_code == 403
    shared.refresh_from_db()
    assert shared.rules["max_age"] == 20 and shared.rules["require_dtks"] is True
    assert shared.rules_version == 1


def test_the_service_refuses_district_staff_whatever_the_page_does(cycles, paser_staff):
    shared = cycles["PSK-2026"]
    with translation.override("en"), pytest.raises(CycleNotYours, match="reaches 63.09, 64.01, 64.02, 73.03"):
        programs_cycle_save(
            by=paser_staff, cycle=shared, program=shared.program.name, year=2026,
            registration_closes=shared.registration_closes, rules=shared.rules, quotas={"64.01": 99},
        )
    assert quotas_of("PSK-2026") == SHARED["quotas"]


def test_the_edit_button_is_hidden_from_district_staff_on_a_shared_cycle(english, cycles, paser_staff):
    english.force_login(paser_staff)
    edit_url = reverse("programs:cycle-edit", args=["PSK-2026"])

    shared = english.get(reverse("programs:cycle-detail", args=["PSK-2026"])).content.decode()
    own = english.get(reverse("programs:cycle-detail", args=["JHT-PSR-2026"])).content.decode()

    assert edit_url not in shared and 'data-testid="not-editable"' in shared
    assert reverse("programs:cycle-edit", args=["JHT-PSR-2026"]) in own and "not-editable" not in own


# --- what district staff may still do -------------------------------------------------------------


def test_district_staff_edit_a_cycle_wholly_within_their_district(english, cycles, paser_staff):
    english.force_login(paser_staff)

    response = edit(english, cycles["JHT-PSR-2026"], quotas="64.01 = 12", max_age="25")

    assert response.status_code == 302
    assert quotas_of("JHT-PSR-2026") == {"64.01": 12}
    assert AuditEvent.objects.get(action="program_cycle.update").actor == paser_staff


def test_district_staff_cannot_spread_their_cycle_over_a_neighbour(english, cycles, paser_staff):
    english.force_login(paser_staff)

    response = edit(english, cycles["JHT-PSR-2026"], quotas="64.01 = 10\n73.03 = 5")

    assert response.status_code == 200
    assert "You may not change JHT-PSR-2026: it reaches 64.01, 73.03" in response.content.decode()
    assert quotas_of("JHT-PSR-2026") == {"64.01": 10}


def test_another_districts_staff_cannot_edit_a_single_district_cycle(english, cycles, bantaeng_staff):
    english.force_login(bantaeng_staff)
    assert english.get(reverse("programs:cycle-edit", args=["JHT-PSR-2026"])).status_code == 403
    assert edit(english, cycles["JHT-PSR-2026"], quotas="64.01 = 0").status_code == 403
    assert quotas_of("JHT-PSR-2026") == {"64.01": 10}


def test_district_staff_cannot_create_a_cycle_open_to_every_district(english, districts, paser_staff):
    english.force_login(paser_staff)
    data = {
        "code": "TERBUKA-2026", "program": "Pelatihan Terbuka", "year": "2026", "registration_closes": "31-07-2026",
        "quotas": "",
    }

    response = english.post(reverse("programs:cycle-create"), data)

    assert response.status_code == 200
    assert "it reaches every kabupaten/kota" in response.content.decode()
    assert not ProgramCycle.objects.filter(code="TERBUKA-2026").exists()


# --- the province and the system administrator ----------------------------------------------------


def test_provincial_staff_edit_a_cycle_across_their_provinces_districts(english, cycles, kaltim_staff):
    english.force_login(kaltim_staff)

    response = edit(english, cycles["LAS-KALTIM-2026"], quotas="64.01 = 3\n64.02 = 7")

    assert response.status_code == 302
    assert quotas_of("LAS-KALTIM-2026") == {"64.01": 3, "64.02": 7}


def test_provincial_staff_cannot_edit_a_cycle_reaching_another_province(english, cycles, kaltim_staff):
    english.force_login(kaltim_staff)
    assert edit(english, cycles["PSK-2026"], quotas="64.01 = 50").status_code == 403
    assert quotas_of("PSK-2026") == SHARED["quotas"]


def test_a_system_admin_edits_a_cycle_across_provinces(english, cycles, system_admin):
    english.force_login(system_admin)
    response = edit(english, cycles["PSK-2026"], quotas="64.01 = 40\n64.02 = 20\n73.03 = 31\n63.09 = 25")
    assert response.status_code == 302
    assert quotas_of("PSK-2026")["73.03"] == 31


# --- the catalog import ----------------------------------------------------------------------------


def test_a_catalog_with_one_entry_the_importer_does_not_own_is_refused_whole(cycles, paser_staff):
    own = dict(PASER_ONLY, quotas={"64.01": 11})
    shared = dict(SHARED, quotas={"64.01": 60, "64.02": 1, "73.03": 1, "63.09": 1})

    with translation.override("en"), pytest.raises(CatalogError) as refused:
        programs_import_catalog(data={"programs": [own, shared]}, by=paser_staff)

    assert refused.value.problems == [
        'Entry 2 ("PSK-2026"): You may not change PSK-2026: it reaches 63.09, 64.01, 64.02, 73.03. '
        "A cycle of one kabupaten/kota is changed by its own staff; a cycle of several belongs to their "
        "province and is changed by provincial staff or a system administrator."
    ]
    assert quotas_of("JHT-PSR-2026") == {"64.01": 10}
    assert quotas_of("PSK-2026") == SHARED["quotas"]


def test_a_district_cannot_take_over_a_shared_cycle_by_importing_it_cut_down(cycles, bantaeng_staff):
    cut = dict(SHARED, rules={"regions": ["73.03"]}, quotas={"73.03": 30})
    with pytest.raises(CatalogError):
        programs_import_catalog(data={"programs": [cut]}, by=bantaeng_staff)
    assert quotas_of("PSK-2026") == SHARED["quotas"]


def test_the_import_page_names_the_refused_entry(english, cycles, paser_staff):
    english.force_login(paser_staff)
    upload = SimpleUploadedFile("catalog.json", json.dumps({"programs": [SHARED]}).encode())

    response = english.post(reverse("programs:catalog-import"), {"file": upload})

    assert response.status_code == 200
    assert 'Entry 1 (&quot;PSK-2026&quot;): You may not change PSK-2026' in response.content.decode()


def test_district_staff_import_their_own_cycles(cycles, paser_staff):
    summary = programs_import_catalog(data={"programs": [dict(PASER_ONLY, quotas={"64.01": 11})]}, by=paser_staff)
    assert summary["updated"] == 1
    assert quotas_of("JHT-PSR-2026") == {"64.01": 11}


def test_the_import_command_refuses_a_user_who_does_not_own_an_entry(cycles, paser_staff, tmp_path):
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps({"programs": [dict(SHARED, quotas={"64.01": 1})]}), encoding="utf-8")
    with translation.override("en"), pytest.raises(CommandError, match="You may not change PSK-2026"):
        call_command("import_programs", str(path), "--user", paser_staff.username)
    assert quotas_of("PSK-2026") == SHARED["quotas"]


# --- the rule itself ---------------------------------------------------------------------------------


@pytest.mark.parametrize("districts, admin, regency, province, expected", [
    ({"64.01"}, False, "64.01", None, True),
    ({"64.01", "73.03"}, False, "64.01", None, False),
    ({"73.03"}, False, "64.01", None, False),
    (set(), False, "64.01", None, False),
    ({"64.01", "64.02"}, False, None, "64", True),
    ({"64.01"}, False, None, "64", True),
    ({"64.01", "73.03"}, False, None, "64", False),
    (set(), False, None, "64", False),
    ({"64.01", "73.03"}, True, None, None, True),
    (set(), True, None, None, True),
    ({"64.01"}, False, None, None, False),
])
def test_may_edit_cycle(districts, admin, regency, province, expected):
    assert may_edit_cycle(districts=districts, is_system_admin=admin, regency_code=regency,
                          province_code=province) is expected
