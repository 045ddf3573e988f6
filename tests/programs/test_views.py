import json
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEvent
from programs.models import CycleQuota, ProgramCycle
from programs.services import programs_import_catalog
from tests.pages import table_rows

from .conftest import psk_entry
from .factories import CycleQuotaFactory, ProgramCycleFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def psk(districts):
    programs_import_catalog(data={"programs": [psk_entry()]})
    return ProgramCycle.objects.get(code="PSK-2026")


def edit_data(**overrides):
    data = {
        "program": "Pelatihan Keterampilan Pemuda Putus Sekolah",
        "year": "2026",
        "registration_opens": "",
        "registration_closes": "31-07-2026",
        "min_age": "",
        "max_age": "20",
        "age_reference_date": "",
        "school_status": ["putus_sekolah"],
        "min_education": "",
        "require_dtks": "on",
        "max_desil": "",
        "regions": ["64.01", "73.03"],
        "quotas": "64.01 = 4\n73.03 = 6",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


ALL_PAGES = [
    ("programs:program-list", {}),
    ("programs:cycle-create", {}),
    ("programs:catalog-import", {}),
    ("programs:cycle-detail", {"code": "PSK-2026"}),
    ("programs:cycle-edit", {"code": "PSK-2026"}),
]


@pytest.mark.parametrize("name, kwargs", ALL_PAGES)
def test_a_blk_admin_may_not_open_the_program_pages(client, psk, paser_blk_admin, name, kwargs):
    client.force_login(paser_blk_admin)
    assert client.get(reverse(name, kwargs=kwargs)).status_code == 403
    assert client.post(reverse(name, kwargs=kwargs), {}).status_code == 403


@pytest.mark.parametrize("name, kwargs", [page for page in ALL_PAGES if page[0] != "programs:cycle-edit"])
def test_staff_open_every_program_page(client, psk, paser_staff, name, kwargs):
    client.force_login(paser_staff)
    assert client.get(reverse(name, kwargs=kwargs)).status_code == 200


def test_a_system_admin_opens_the_edit_page_of_a_cycle_across_provinces(client, psk, system_admin):
    client.force_login(system_admin)
    assert client.get(reverse("programs:cycle-edit", kwargs={"code": "PSK-2026"})).status_code == 200


def test_the_menu_leads_staff_to_the_program_list(client, paser_staff):
    client.force_login(paser_staff)
    page = client.get(reverse("core:dashboard")).content.decode()
    assert reverse("programs:program-list") in page


def test_the_list_shows_cycles_and_marks_the_users_own_district(client, psk, paser_staff):
    client.force_login(paser_staff)
    page = client.get(reverse("programs:program-list")).content.decode()
    assert "PSK-2026" in page
    assert "Pelatihan Keterampilan Pemuda Putus Sekolah" in page
    assert "Kabupaten Paser" in page and "Kabupaten Bantaeng" in page
    own = page.split("data-own-district", 1)[1].split("</div>", 1)[0]
    assert "64.01" in own and "73.03" not in own


def test_the_list_query_count_does_not_grow_with_cycles(client, paser_staff, bantaeng, django_assert_max_num_queries):
    codes = []
    for _ in range(15):
        cycle = ProgramCycleFactory()
        CycleQuotaFactory(cycle=cycle, regency=paser_staff.regency)
        CycleQuotaFactory(cycle=cycle, regency=bantaeng, initial_quota=7)
        codes.append(cycle.code)
    client.force_login(paser_staff)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("programs:program-list"))
    assert response.status_code == 200
    page = response.content.decode()
    # Every cycle is a row (one page of 20), with the seats of both its districts.
    rows = table_rows(page, "cycle-table")
    assert [row.cells[0] for row in rows] == sorted(codes)
    for row in rows:
        assert "64.01 Kabupaten Paser: 4" in row.cells[5] and "73.03 Kabupaten Bantaeng: 7" in row.cells[5]
    assert page.count("data-own-district") == 15


def test_the_detail_page_shows_rules_and_quotas(client, psk, paser_staff):
    CycleQuota.objects.filter(cycle=psk, regency_id="73.03").update(reallocated_quota=9)
    client.force_login(paser_staff)
    page = client.get(reverse("programs:cycle-detail", kwargs={"code": "PSK-2026"})).content.decode()
    assert "20" in page and "DTKS" in page
    assert ">9<" in page


def test_an_unknown_cycle_is_404(client, districts, paser_staff):
    client.force_login(paser_staff)
    assert client.get(reverse("programs:cycle-detail", kwargs={"code": "NOPE"})).status_code == 404


def test_the_edit_form_shows_the_cycle_as_it_is(client, psk, system_admin):
    client.force_login(system_admin)
    form = client.get(reverse("programs:cycle-edit", kwargs={"code": "PSK-2026"})).context["form"]
    assert form.initial["max_age"] == 20
    assert form.initial["school_status"] == ["putus_sekolah"]
    assert form.initial["quotas"] == "64.01 = 4\n73.03 = 6"


def test_saving_unchanged_rules_writes_nothing(client, psk, system_admin):
    client.force_login(system_admin)
    audit_rows = AuditEvent.objects.count()
    response = client.post(reverse("programs:cycle-edit", kwargs={"code": "PSK-2026"}), edit_data())
    assert response.status_code == 302
    psk.refresh_from_db()
    assert psk.rules_version == 1
    assert AuditEvent.objects.count() == audit_rows


def test_editing_the_rules_bumps_the_version_and_is_audited(client, psk, system_admin):
    client.force_login(system_admin)
    response = client.post(
        reverse("programs:cycle-edit", kwargs={"code": "PSK-2026"}),
        edit_data(max_age="24", school_status=["putus_sekolah", "lulus"], max_desil="4", registration_opens="1/6/2026"),
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("programs:cycle-detail", kwargs={"code": "PSK-2026"})
    psk.refresh_from_db()
    assert psk.rules_version == 2
    assert psk.rules["max_age"] == 24
    assert psk.rules["school_status"] == ["lulus", "putus_sekolah"]
    assert psk.rules["max_desil"] == 4
    assert psk.registration_opens == date(2026, 6, 1)
    event = AuditEvent.objects.get(action="program_cycle.update")
    assert event.actor == system_admin
    assert event.before["rules_version"] == 1 and event.after["rules_version"] == 2


def test_changing_quotas_in_the_form_discards_reallocations_with_a_warning(client, psk, system_admin):
    CycleQuota.objects.filter(cycle=psk, regency_id="64.01").update(reallocated_quota=1)
    client.force_login(system_admin)

    response = client.post(
        reverse("programs:cycle-edit", kwargs={"code": "PSK-2026"}),
        edit_data(quotas="6401=5\n73.03: 6\n\n63.09 = 2"),
        follow=True,
    )

    assert {q.regency_id: (q.initial_quota, q.reallocated_quota) for q in psk.quotas.all()} == {
        "64.01": (5, None),
        "73.03": (6, None),
        "63.09": (2, None),
    }
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert len(warnings) == 1 and "64.01: 1" in warnings[0]
    psk.refresh_from_db()
    assert psk.rules_version == 1


def test_bad_quota_lines_are_shown_and_nothing_is_saved(client, psk, system_admin):
    client.force_login(system_admin)
    response = client.post(
        reverse("programs:cycle-edit", kwargs={"code": "PSK-2026"}),
        edit_data(quotas="64.01 = 4\n99.99 = 3\n73.03 = lots", max_age="30"),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["quotas"]
    assert len(errors) == 2 and "99.99" in errors[0]
    psk.refresh_from_db()
    assert psk.rules["max_age"] == 20


def test_a_minimum_age_above_the_maximum_is_refused(client, psk, system_admin):
    client.force_login(system_admin)
    response = client.post(reverse("programs:cycle-edit", kwargs={"code": "PSK-2026"}), edit_data(min_age="25"))
    assert response.status_code == 200
    assert "min_age" in response.context["form"].errors


def test_creating_a_cycle(client, districts, paser_staff):
    client.force_login(paser_staff)
    response = client.post(
        reverse("programs:cycle-create"),
        edit_data(
            code="JHT-2026", program="Pelatihan Menjahit", max_age="", school_status=[], regions=[], quotas="64.01=10"
        ),
    )
    assert response.status_code == 302
    cycle = ProgramCycle.objects.get(code="JHT-2026")
    assert cycle.program.name == "Pelatihan Menjahit"
    assert cycle.rules["max_age"] is None and cycle.rules["school_status"] is None and cycle.rules["regions"] is None
    assert cycle.rules_version == 1
    assert list(cycle.quotas.values_list("regency_id", "initial_quota")) == [("64.01", 10)]
    assert AuditEvent.objects.get(action="program_cycle.create").actor == paser_staff


def test_a_cycle_code_cannot_be_used_twice(client, psk, paser_staff):
    client.force_login(paser_staff)
    response = client.post(reverse("programs:cycle-create"), edit_data(code="PSK-2026", year="2030"))
    assert response.status_code == 200
    assert "code" in response.context["form"].errors
    assert ProgramCycle.objects.get(code="PSK-2026").year == 2026


def test_uploading_a_catalog_file_imports_it(client, districts, system_admin):
    client.force_login(system_admin)
    upload = SimpleUploadedFile("catalog.json", json.dumps({"programs": [psk_entry()]}).encode())

    response = client.post(reverse("programs:catalog-import"), {"file": upload}, follow=True)

    assert response.redirect_chain[-1][0] == reverse("programs:program-list")
    assert ProgramCycle.objects.filter(code="PSK-2026").exists()
    assert AuditEvent.objects.get(action="program_cycle.import_create").actor == system_admin
    assert "PSK-2026" in response.content.decode()


def test_uploading_a_bad_catalog_shows_why_and_changes_nothing(client, psk, paser_staff):
    client.force_login(paser_staff)
    bad = psk_entry(quotas={"64.01": 40})
    bad["rules"]["school_status"] = ["bolos"]
    upload = SimpleUploadedFile("catalog.yaml", ("programs:\n" + "\n".join(
        "  " + line for line in json.dumps([bad]).splitlines()
    )).encode())

    response = client.post(reverse("programs:catalog-import"), {"file": upload})

    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="catalog-refusal"' in page
    assert "PSK-2026" in page and "rules.school_status" in page
    assert "Traceback" not in page
    assert psk.quotas.get(regency_id="64.01").initial_quota == 4


def test_uploading_a_file_that_is_not_json_shows_a_message(client, districts, paser_staff):
    client.force_login(paser_staff)
    upload = SimpleUploadedFile("catalog.json", b'{"programs": [}')
    response = client.post(reverse("programs:catalog-import"), {"file": upload})
    assert response.status_code == 200
    assert 'data-testid="catalog-refusal"' in response.content.decode()


def test_uploading_another_kind_of_file_is_refused_by_the_form(client, districts, paser_staff):
    client.force_login(paser_staff)
    upload = SimpleUploadedFile("catalog.csv", b"code,program\n")
    response = client.post(reverse("programs:catalog-import"), {"file": upload})
    assert response.status_code == 200
    assert "file" in response.context["form"].errors


def test_a_broken_catalog_json_is_explained_in_indonesian():
    from django.utils import translation

    from programs.catalog import CatalogError, catalog_read

    with translation.override("id"), pytest.raises(CatalogError) as refused:
        catalog_read(content=b'{"programs": [}', filename="katalog.json")
    [message] = refused.value.problems
    assert "baris 1" in str(message)
    assert "Expecting" not in str(message)
