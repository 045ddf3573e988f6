"""Exports never hand a spreadsheet a formula typed into a form (CSV/XLSX injection)."""

import datetime

import pytest

from core.exports import spreadsheet_safe


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\",\"klik\")", "+62 812", "-1+2", "@SUM(A1)", "\tx", "\rx"])
def test_text_a_spreadsheet_would_run_as_a_formula_gets_a_leading_apostrophe(text):
    assert spreadsheet_safe(text) == "'" + text


@pytest.mark.parametrize("value", ["Siti Rahmawati", "6401015708050001", "", 1500000, -5, None,
                                   datetime.date(2026, 8, 17)])
def test_other_values_are_left_alone(value):
    assert spreadsheet_safe(value) == value
