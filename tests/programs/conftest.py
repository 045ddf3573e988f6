import json

import pytest
import yaml


@pytest.fixture
def districts(paser, bantaeng, tabalong):
    """64.01 Paser, 73.03 Bantaeng and 63.09 Tabalong exist in the region reference data."""
    return {"paser": paser, "bantaeng": bantaeng, "tabalong": tabalong}


def psk_entry(**overrides) -> dict:
    """The example entry of §2, docs/program-catalog.md, on the test districts."""
    entry = {
        "code": "PSK-2026",
        "program": "Pelatihan Keterampilan Pemuda Putus Sekolah",
        "year": 2026,
        "registration_closes": "2026-07-31",
        "rules": {
            "min_age": None,
            "max_age": 20,
            "age_reference_date": None,
            "school_status": ["putus_sekolah"],
            "min_education": None,
            "require_dtks": True,
            "max_desil": None,
            "regions": ["64.01", "73.03"],
        },
        "quotas": {"64.01": 4, "73.03": 6},
    }
    entry.update(overrides)
    return entry


@pytest.fixture
def write_catalog(tmp_path):
    """write_catalog(entries, name="catalog.json") -> path of a catalog file holding them."""

    def write(entries, name="catalog.json"):
        path = tmp_path / name
        document = {"programs": entries}
        if name.lower().endswith(".json"):
            path.write_text(json.dumps(document), encoding="utf-8")
        else:
            path.write_text(yaml.safe_dump(document, allow_unicode=True), encoding="utf-8")
        return path

    return write
