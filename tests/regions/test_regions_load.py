import csv
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from audit.models import AuditEvent
from regions.models import Province, Regency, Subdistrict, Village
from regions.services import regions_default_source_dir

pytestmark = pytest.mark.django_db

DECREE_COUNTS = {"provinces": 38, "regencies": 514, "subdistricts": 7285, "villages": 83762}
MODELS = {
    "provinces": Province,
    "regencies": Regency,
    "subdistricts": Subdistrict,
    "villages": Village,
}


def load_regions(*args) -> dict:
    out = StringIO()
    call_command("load_regions", "--json", *args, stdout=out)
    return json.loads(out.getvalue())


def write_source(directory, *, villages_extra=(), village_name="Samurangau"):
    tables = {
        "provinces.csv": [("code", "name"), ("64", "Kalimantan Timur")],
        "regencies.csv": [("code", "province_code", "name"), ("64.01", "64", "Kabupaten Paser")],
        "districts.csv": [("code", "regency_code", "name"), ("64.01.01", "64.01", "Batu Sopang")],
        "villages.csv": [
            ("code", "district_code", "name"),
            ("64.01.01.2009", "64.01.01", village_name),
            ("64.01.01.2010", "64.01.01", "Busui, Desa"),
            *villages_extra,
        ],
    }
    directory.mkdir(exist_ok=True)
    for filename, rows in tables.items():
        with (directory / filename).open("w", newline="", encoding="utf-8") as f:
            csv.writer(f).writerows(rows)
    return directory


def test_load_regions_loads_the_whole_decree_and_a_second_run_changes_nothing():
    source = regions_default_source_dir()
    assert (source / "villages.csv").is_file(), (
        f"The region reference data is not installed at {source}: run `npm ci` in the project "
        "directory (package idn-area-data)."
    )

    first = load_regions()
    for key, expected in DECREE_COUNTS.items():
        assert first[key]["total"] == expected
        assert first[key]["created"] + first[key]["updated"] + first[key]["unchanged"] == expected
        assert MODELS[key].objects.count() == expected

    second = load_regions()
    for key, expected in DECREE_COUNTS.items():
        assert (second[key]["created"], second[key]["updated"]) == (0, 0)
        assert second[key]["unchanged"] == expected
        assert MODELS[key].objects.count() == expected
    assert Village.objects.get(code="64.01.01.2009").name == "Samurangau"


def test_load_regions_updates_a_changed_name_and_keeps_codes_gone_from_the_source(tmp_path):
    batu_kajang = ("64.01.01.2011", "64.01.01", "Batu Kajang")
    source = write_source(tmp_path / "v1", villages_extra=[batu_kajang])
    first = load_regions("--source", str(source))
    assert first["villages"]["created"] == 3
    assert Village.objects.get(code="64.01.01.2010").name == "Busui, Desa"

    source = write_source(tmp_path / "v2", village_name="Samurangau Baru")
    second = load_regions("--source", str(source))

    assert second["villages"] | {"not_in_source_codes": None} == {
        "total": 2,
        "created": 0,
        "updated": 1,
        "unchanged": 1,
        "not_in_source": 1,
        "not_in_source_codes": None,
    }
    assert second["villages"]["not_in_source_codes"] == ["64.01.01.2011"]
    assert (second["provinces"]["updated"], second["provinces"]["unchanged"]) == (0, 1)
    assert Village.objects.get(code="64.01.01.2009").name == "Samurangau Baru"
    assert Village.objects.filter(code="64.01.01.2011").exists()
    assert AuditEvent.objects.filter(action="regions.load").count() == 2


def test_load_regions_prints_a_one_line_summary(tmp_path):
    out = StringIO()
    call_command("load_regions", "--source", str(write_source(tmp_path)), stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 1
    assert "2 (2 created, 0 updated, 0 unchanged)" in lines[0]


def test_load_regions_without_the_source_tells_to_run_npm_ci(tmp_path):
    with pytest.raises(CommandError, match="npm ci"):
        call_command("load_regions", "--source", str(tmp_path / "missing"))


def test_load_regions_refuses_a_desa_of_an_unknown_kecamatan_and_changes_nothing(tmp_path):
    source = write_source(tmp_path, villages_extra=[("64.01.09.2001", "64.01.09", "Nowhere")])
    before = {key: model.objects.count() for key, model in MODELS.items()}
    with pytest.raises(CommandError, match="64.01.09.2001"):
        call_command("load_regions", "--source", str(source))
    assert {key: model.objects.count() for key, model in MODELS.items()} == before


def test_load_regions_refuses_a_code_outside_its_parent(tmp_path):
    source = write_source(tmp_path, villages_extra=[("64.02.01.2001", "64.01.01", "Misplaced")])
    with pytest.raises(CommandError, match="parent"):
        call_command("load_regions", "--source", str(source))
