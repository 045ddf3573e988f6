"""The dashboard's downloads: every table as an Excel workbook (read back here with openpyxl)
and all of them in one, scoped like the pages and with the small-cell rule; and the printable
PDF report of a year and a district (read with pdftotext)."""

import subprocess
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from dashboards.exports.tables import TABLES
from dashboards.indicators import INDICATORS_BY_KEY, indicators_compute

from .conftest import YEAR

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def indonesian():
    """The portal's default language: what an official's browser gets; labels below are gettext's."""
    with translation.override("id"):
        yield


def _label(key: str) -> str:
    return str(INDICATORS_BY_KEY[key].label)


def _workbook(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    return load_workbook(BytesIO(response.content))


def _header_row(sheet) -> int:
    """The row the sheet freezes under is the header row."""
    return int(sheet.freeze_panes[1:]) - 1


def test_the_indicators_workbook_has_the_filters_a_frozen_formatted_header_and_the_figures(world, paser_official,
                                                                                          client):
    client.force_login(paser_official)
    book = _workbook(client.get(reverse("dashboards:export-table", args=["indicators"]), {"year": YEAR}))
    sheet = book.worksheets[0]
    assert sheet["A1"].value == "Indikator per kabupaten/kota" and sheet["A1"].font.bold
    above = [sheet.cell(row=r, column=1).value for r in range(2, _header_row(sheet))]
    assert f"Tahun: {YEAR}" in above and "Kabupaten/kota: Kabupaten Paser" in above
    assert any(str(line).startswith("Angka dihitung") for line in above)
    header = _header_row(sheet)
    labels = [cell.value for cell in sheet[header]]
    assert labels[:3] == ["Kabupaten/kota", "Pendaftar", "Layak"]
    assert all(cell.font.bold for cell in sheet[header])
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=header + 1)]
    # Paser only (the official's district), then the total.
    assert [row[0] for row in rows] == ["Kabupaten Paser", "Total"]
    paser = indicators_compute(year=YEAR, regency_codes=["64.01"]).districts[0]
    values = dict(zip(labels, rows[0], strict=True))
    assert (values[_label("applicants")], values[_label("trained")], values[_label("target")]) == (
        paser.applicants, paser.trained, paser.target)
    assert values[_label("achievement_pct")] == float(paser.achievement_pct)
    cells = dict(zip(labels, sheet[header + 1], strict=True))
    assert cells[_label("applicants")].number_format == "#,##0"
    assert cells[_label("grant_amount")].number_format == '"Rp"#,##0'
    assert cells[_label("achievement_pct")].number_format == '0.0" %"'


def test_a_breakdown_hides_counts_of_one_to_four_from_an_official_but_not_from_staff(world, paser_official,
                                                                                    paser_staff, client):
    url = reverse("dashboards:export-table", args=["breakdown_sex"])

    def applicants_by_sex(user):
        client.force_login(user)
        sheet = _workbook(client.get(url, {"year": YEAR})).worksheets[0]
        header = _header_row(sheet)
        labels = [cell.value for cell in sheet[header]]
        column = labels.index(_label("applicants"))
        return {row[0].value: row[column].value for row in sheet.iter_rows(min_row=header + 1)}

    # Paser's applicants of 2025: five women (Ani, Dewi, Eka, Gita, Lina), three men.
    staff = applicants_by_sex(paser_staff)
    official = applicants_by_sex(paser_official)
    men = next(label for label in staff if label and label.startswith("Laki-laki"))
    women = next(label for label in staff if label and label.startswith("Perempuan"))
    assert (staff[men], staff[women]) == (3, 5)
    # The 3 is hidden, and the 5 with it: the funnel's 8 applicants would give the 3 away.
    assert (official[men], official[women]) == ("< 5", "x")


def test_a_district_the_user_may_not_see_is_dropped_as_on_the_pages(world, paser_official, client):
    client.force_login(paser_official)
    sheet = _workbook(client.get(reverse("dashboards:export-table", args=["indicators"]),
                                 {"year": YEAR, "district": "63.09"})).worksheets[0]
    names = [row[0].value for row in sheet.iter_rows(min_row=_header_row(sheet) + 1)]
    assert names == ["Kabupaten Paser", "Total"]
    assert client.get(reverse("dashboards:export-table", args=["no_such_table"]), {"year": YEAR}).status_code == 404


def test_the_all_tables_workbook_has_one_sheet_per_table_each_with_its_frozen_header(world, kaltim_official, client):
    client.force_login(kaltim_official)
    book = _workbook(client.get(reverse("dashboards:export-all"), {"year": YEAR}))
    assert len(book.worksheets) == 1 + len(TABLES)
    assert len({sheet.title for sheet in book.worksheets}) == len(book.worksheets)
    titles = [sheet["A1"].value for sheet in book.worksheets]
    assert titles[:3] == ["Indikator per kabupaten/kota", gettext("Funnel"), gettext("Funnel by district")]
    for sheet in book.worksheets:
        assert sheet.freeze_panes is not None and sheet.cell(row=_header_row(sheet), column=1).font.bold


def test_someone_without_the_dashboards_gets_403(world, paser_blk_admin, client):
    paser_blk_admin.user_permissions.clear()
    paser_blk_admin.groups.clear()
    client.force_login(paser_blk_admin)
    assert client.get(reverse("dashboards:export-all"), {"year": YEAR}).status_code == 403


def test_the_pdf_report_has_the_letterhead_contents_computed_time_and_vector_charts(world, paser_official, client,
                                                                                   tmp_path):
    client.force_login(paser_official)
    response = client.get(reverse("dashboards:report-pdf", args=["64.01"]), {"year": YEAR})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    path = tmp_path / "report.pdf"
    path.write_bytes(response.content)
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "PEMERINTAH KABUPATEN PASER" in text
    assert f"Laporan pelatihan {YEAR}, Kabupaten Paser" in text
    assert "Angka dihitung" in text  # the date and time the figures were computed
    assert "Daftar isi" in text
    # The contents list each section with its page; the sections follow.
    contents = text.split("Daftar isi", 1)[1].split("\f", 1)[0]
    for heading in ("1. Indikator", "2. Dari pendaftaran sampai sertifikat", "4. " + gettext("Funnel")):
        assert heading in contents and text.count(heading) >= 2, heading
    # The charts are drawn, not pasted: their labels are text in the PDF and it holds no image.
    assert b"/Subtype /Image" not in response.content
    assert text.count(_label("trained")) >= 3
    paser = indicators_compute(year=YEAR, regency_codes=["64.01"]).districts[0]
    assert f"{paser.achievement_pct}".replace(".", ",") + " %" in text


def test_the_pdf_of_another_district_answers_404(world, paser_official, client):
    client.force_login(paser_official)
    assert client.get(reverse("dashboards:report-pdf", args=["63.09"]), {"year": YEAR}).status_code == 404
