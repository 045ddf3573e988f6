"""`manage.py report_indicators --year Y [--district CODE] [--json]` (data-contracts §9, §12)."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from .conftest import YEAR, expected_figures

pytestmark = pytest.mark.django_db

KEYS = ["applicants", "eligible", "in_review", "enrolled", "participants", "trained", "trained_by_sex", "certified",
        "target", "achievement_pct", "granted", "grant_amount", "business_active"]


def run_json(*args):
    out = io.StringIO()
    call_command("report_indicators", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_the_json_document_has_the_shape_of_section_9(world):
    document = run_json("--year", str(YEAR))
    assert list(document) == ["year", "districts", "total"]
    assert document["year"] == YEAR
    for district in document["districts"]:
        assert list(district) == ["region", *KEYS]
        assert list(district["trained_by_sex"]) == ["L", "P"]
    assert list(document["total"]) == KEYS


def test_the_json_figures_are_the_independent_counts(world):
    document = run_json("--year", str(YEAR))
    expected = expected_figures(world, YEAR)
    assert [d["region"] for d in document["districts"]] == list(expected)
    for district in document["districts"]:
        want = expected[district["region"]]
        assert {key: district[key] for key in want} == want
        if want["target"]:
            assert district["achievement_pct"] == int(want["trained"] * 1000 // want["target"]) / 10
        else:
            assert district["achievement_pct"] is None
    assert document["total"]["target"] == sum(d["target"] or 0 for d in expected.values())
    assert document["total"]["grant_amount"] == 0


def test_district_narrows_to_one_kabupaten_written_either_way(world):
    for code in ("64.01", "6401"):
        document = run_json("--year", str(YEAR), "--district", code)
        assert [d["region"] for d in document["districts"]] == ["64.01"]
        assert document["total"]["applicants"] == document["districts"][0]["applicants"]


def test_a_district_without_figures_that_year_reports_no_district(world):
    document = run_json("--year", str(YEAR), "--district", "64.02")
    assert document["districts"] == []
    assert document["total"]["applicants"] == 0
    assert document["total"]["target"] is None and document["total"]["achievement_pct"] is None


def test_the_table_has_a_row_per_district_and_the_total(world):
    out = io.StringIO()
    with translation.override("en"):
        call_command("report_indicators", "--year", str(YEAR), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "Indicators 2025: 3 kabupaten/kota"
    assert lines[1].split() == ["region", "applicants", "eligible", "in_review", "enrolled", "participants", "trained",
                                "trained_L", "trained_P", "certified", "target", "achievement_pct", "granted",
                                "grant_amount", "business_active"]
    paser = next(line.split() for line in lines if line.startswith("64.01"))
    document = run_json("--year", str(YEAR), "--district", "64.01")["districts"][0]
    assert paser[1:8] == [str(document[k]) for k in ("applicants", "eligible", "in_review", "enrolled",
                                                      "participants", "trained")] + [
        str(document["trained_by_sex"]["L"])]
    assert paser[11] == str(document["achievement_pct"])
    assert lines[-1].split()[0] == "total"


@pytest.mark.parametrize("args, fragment", [
    ([], "--year"),
    (["--year", "25"], "--year"),
    (["--year", "2025", "--district", "64.01.01"], "64.01.01"),
    (["--year", "2025", "--district", "99.99"], "99.99"),
])
def test_a_bad_command_exits_1_with_a_json_error(paser, args, fragment):
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("report_indicators", *args, "--json", stdout=out)
    assert exit_info.value.code == 1
    document = json.loads(out.getvalue())
    assert list(document) == ["error"] and fragment in document["error"]
    with pytest.raises(CommandError, match=fragment.replace(".", r"\.")):
        call_command("report_indicators", *args, stdout=io.StringIO())


def _manage(*args):
    """Run manage.py in a child process against the test database, as an official would."""
    db = settings.DATABASES["default"]
    url = f"postgres://{db['USER']}:{db['PASSWORD']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    env = dict(os.environ, DATABASE_URL=url, DJANGO_SETTINGS_MODULE="training_portal.settings.test")
    return subprocess.run([sys.executable, "manage.py", "report_indicators", *args], cwd=Path(settings.BASE_DIR),
                          env=env, capture_output=True, text=True, timeout=120)


def test_the_process_exit_codes():
    done = _manage("--year", "2025", "--json")
    assert done.returncode == 0, done.stderr
    assert list(json.loads(done.stdout)) == ["year", "districts", "total"]
    bad = _manage("--year", "2025", "--district", "99.99", "--json")
    assert bad.returncode == 1
    assert list(json.loads(bad.stdout)) == ["error"]
    assert "Traceback" not in bad.stderr
    missing = _manage()
    assert missing.returncode == 1 and "Traceback" not in missing.stderr
