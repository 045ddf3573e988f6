"""Targets (data-contracts §11): `import_targets` and the officials' targets page."""

import io
import json

import openpyxl
import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from audit.models import AuditEvent
from programs.models import DistrictTarget
from tests.factories import RegencyFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def districts(paser, bantaeng, tabalong):
    return {"paser": paser, "bantaeng": bantaeng, "tabalong": tabalong,
            "kukar": RegencyFactory(code="64.02", name="Kabupaten Kutai Kartanegara")}


def write_csv(tmp_path, lines, *, header="tahun,kode_wilayah,target", name="target.csv"):
    path = tmp_path / name
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    return path


def run(path):
    out = io.StringIO()
    with translation.override("en"):
        call_command("import_targets", str(path), "--json", stdout=out)
    return json.loads(out.getvalue())


def targets():
    return {(t.year, t.regency_id): t.target for t in DistrictTarget.objects.all()}


# --- import_targets -----------------------------------------------------------------------------


def test_a_valid_file_is_imported_with_the_json_shape(tmp_path, districts):
    result = run(write_csv(tmp_path, ["2025,63.09,3000", "2025,6401,1200", "2026,64.01,1500"]))
    assert result == {"imported": 3, "rejected": 0, "districts": ["63.09", "64.01"], "errors": [], "warnings": []}
    assert targets() == {(2025, "63.09"): 3000, (2025, "64.01"): 1200, (2026, "64.01"): 1500}


def test_a_later_import_replaces_the_target(tmp_path, districts):
    run(write_csv(tmp_path, ["2025,63.09,2000", "2025,64.01,1200"]))
    result = run(write_csv(tmp_path, ["2025,63.09,3000"], name="koreksi.csv"))
    assert result["imported"] == 1
    assert targets() == {(2025, "63.09"): 3000, (2025, "64.01"): 1200}


def test_a_repeated_year_and_district_keeps_the_last_row(tmp_path, districts):
    result = run(write_csv(tmp_path, ["2025,63.09,2000", "2025,64.01,10", "2025,6309,3000"]))
    assert targets() == {(2025, "63.09"): 3000, (2025, "64.01"): 10}
    assert result["rejected"] == 0
    assert [(w["line"], w["column"]) for w in result["warnings"]] == [(2, "target")]
    assert "line 4" in result["warnings"][0]["message"]


@pytest.mark.parametrize("line, column", [
    ("25,64.01,100", "tahun"), ("20255,64.01,100", "tahun"), ("tahun ini,64.01,100", "tahun"),
    ("2025,64.01.01,100", "kode_wilayah"), ("2025,64.01.01.2001,100", "kode_wilayah"),
    ("2025,99.99,100", "kode_wilayah"), ("2025,64.01,0", "target"), ("2025,64.01,-5", "target"),
    ("2025,64.01,1.000", "target"), ("2025,64.01,12.5", "target"), ("2025,64.01,", "target"),
    (",64.01,100", "tahun"),
])
def test_a_malformed_row_is_rejected_and_the_others_land(tmp_path, districts, line, column):
    result = run(write_csv(tmp_path, [line, "2025,73.03,40"]))
    assert (result["imported"], result["rejected"]) == (1, 1)
    assert [(e["line"], e["column"]) for e in result["errors"]] == [(2, column)]
    assert targets() == {(2025, "73.03"): 40}


def test_a_missing_column_refuses_the_file(tmp_path, districts):
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_targets", str(write_csv(tmp_path, ["2025,63.09"], header="tahun,kode_wilayah")),
                     "--json", stdout=out)
    assert exit_info.value.code == 1
    assert "target" in json.loads(out.getvalue())["error"]
    assert not DistrictTarget.objects.exists()


def test_an_xlsx_with_number_cells_is_read(tmp_path, districts):
    workbook = openpyxl.Workbook()
    workbook.active.append(["Tahun", "Kode_Wilayah", "TARGET"])
    workbook.active.append([2025, "63.09", 3000])
    path = tmp_path / "target.xlsx"
    workbook.save(path)
    assert run(path)["imported"] == 1
    assert targets() == {(2025, "63.09"): 3000}


def test_the_import_is_audited_with_before_and_after(tmp_path, districts):
    run(write_csv(tmp_path, ["2025,63.09,2000"]))
    run(write_csv(tmp_path, ["2025,63.09,3000", "2025,64.01,50"], name="kedua.csv"))
    event = AuditEvent.objects.filter(action="targets.import").order_by("id").last()
    assert event.before == [{"year": 2025, "region": "63.09", "target": 2000},
                            {"year": 2025, "region": "64.01", "target": None}]
    assert event.after["targets"] == [{"year": 2025, "region": "63.09", "target": 3000},
                                      {"year": 2025, "region": "64.01", "target": 50}]


def test_the_text_output(tmp_path, districts):
    out = io.StringIO()
    with translation.override("en"):
        call_command("import_targets", str(write_csv(tmp_path, ["2025,63.09,3000", "2025,63.09,x"])), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "Targets: 1 imported, 1 rejected, 0 warnings"
    assert lines[1].startswith("line 3, target: ")


# --- the targets page ---------------------------------------------------------------------------


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def shown_regions(response) -> list[str]:
    import re

    return re.findall(r'data-region="([^"]+)"', response.content.decode())


def page(year=2025, **params):
    query = "&".join(f"{k}={v}" for k, v in {"year": year, **params}.items())
    return f"{reverse('programs:target-list')}?{query}"


def test_a_district_official_sees_and_sets_only_their_district(english, districts, paser_official):
    DistrictTarget.objects.create(year=2025, regency=districts["kukar"], target=900)
    english.force_login(paser_official)
    response = english.get(page())
    assert response.status_code == 200
    assert shown_regions(response) == ["64.01"]
    # A field for another district, even posted by hand, changes nothing.
    response = english.post(page(), {"target_64_01": "1200", "target_64_02": "5", "target_63_09": "5"})
    assert response.status_code == 302
    assert targets() == {(2025, "64.01"): 1200, (2025, "64.02"): 900}
    assert english.get(page(province="63")).status_code == 404


def test_a_provincial_official_sees_the_provinces_districts(english, districts, kaltim_official):
    english.force_login(kaltim_official)
    response = english.get(page())
    assert shown_regions(response) == ["64.01", "64.02"]
    assert 'name="province"' in response.content.decode()  # one province: no choice to make, kept hidden
    assert english.get(page(province="73")).status_code == 404
    english.post(page(), {"target_64_01": "1200", "target_64_02": "800"})
    assert targets() == {(2025, "64.01"): 1200, (2025, "64.02"): 800}


def test_a_system_admin_chooses_among_all_provinces(english, districts, system_admin):
    english.force_login(system_admin)
    html = english.get(page()).content.decode()
    for code in ("63", "64", "73"):
        assert f'<option value="{code}"' in html
    response = english.get(page(province="73"))
    assert shown_regions(response) == ["73.03"]
    english.post(page(province="63"), {"target_63_09": "3000"})
    assert targets() == {(2025, "63.09"): 3000}


@pytest.mark.parametrize("user", ["paser_staff", "paser_blk_admin"])
def test_who_may_not_set_targets_gets_403(english, districts, request, user):
    english.force_login(request.getfixturevalue(user))
    assert english.get(page()).status_code == 403
    assert english.post(page(), {"target_64_01": "5"}).status_code == 403
    assert not DistrictTarget.objects.exists()


def test_every_change_is_audited_with_before_and_after(english, districts, kaltim_official):
    DistrictTarget.objects.create(year=2025, regency=districts["paser"], target=1000)
    DistrictTarget.objects.create(year=2025, regency=districts["kukar"], target=700)
    english.force_login(kaltim_official)
    response = english.post(page(), {"target_64_01": "1200", "target_64_02": ""}, follow=True)
    assert "Targets of 2025 saved (2 changed)." in response.content.decode()
    assert targets() == {(2025, "64.01"): 1200}
    events = {e.regency_code: e for e in AuditEvent.objects.filter(action__in=["target.set", "target.remove"])}
    assert events["64.01"].action == "target.set" and events["64.01"].actor == kaltim_official
    assert events["64.01"].before == {"year": 2025, "region": "64.01", "target": 1000}
    assert events["64.01"].after == {"year": 2025, "region": "64.01", "target": 1200}
    assert events["64.02"].action == "target.remove"
    assert (events["64.02"].before["target"], events["64.02"].after["target"]) == (700, None)
    # Saving again unchanged writes nothing.
    english.post(page(), {"target_64_01": "1200", "target_64_02": ""})
    assert AuditEvent.objects.filter(action__in=["target.set", "target.remove"]).count() == 2


@pytest.mark.parametrize("value", ["0", "-3", "banyak", "1.5"])
def test_a_bad_target_is_refused_on_the_page_and_nothing_changes(english, districts, paser_official, value):
    DistrictTarget.objects.create(year=2025, regency=districts["paser"], target=1000)
    english.force_login(paser_official)
    response = english.post(page(), {"target_64_01": value})
    assert response.status_code == 400
    assert 'class="invalid-feedback' in response.content.decode()
    assert targets() == {(2025, "64.01"): 1000}


def test_the_page_shows_the_years_target_and_who_set_it(english, districts, paser_official):
    DistrictTarget.objects.create(year=2025, regency=districts["paser"], target=3000, updated_by=paser_official)
    DistrictTarget.objects.create(year=2026, regency=districts["paser"], target=4000)
    english.force_login(paser_official)
    html = english.get(page(2025)).content.decode()
    assert 'value="3000"' in html and "pejabat.paser" in html
    assert 'value="4000"' in english.get(page(2026)).content.decode()


def test_a_bad_year_answers_404(english, districts, paser_official):
    english.force_login(paser_official)
    assert english.get(page("20x5")).status_code == 404
