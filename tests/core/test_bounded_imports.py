"""Bounded imports (issue 9): an XLSX that would unpack past the limits is refused before it is
read, and an import keeps only a few thousand problems in memory however many a file has."""

import random
import zipfile

import openpyxl
import pytest
from django.utils import translation

from core.importing import ImportReport, Problem, ProblemLog
from core.tabular import FileRefused, open_table

COLUMNS = ["nik", "nama"]


def workbook(path, rows=3):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(COLUMNS)
    for number in range(rows):
        sheet.append([f"64010141010500{number:02d}", f"Orang {number}"])
    book.save(path)
    return path


def bomb(path, *, rows: int, declared: int | None = None):
    """A workbook of a few KB whose only sheet unpacks to `rows` rows (every one the same bad
    row), declaring `declared` rows (default: the truth) in its <dimension>."""
    template = workbook(path.with_name("template.xlsx"), rows=0)
    declared = rows if declared is None else declared
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            if member.filename == "xl/worksheets/sheet1.xml":
                continue
            target.writestr(member, source.read(member))
        with target.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(
                b'<?xml version="1.0" encoding="UTF-8"?>'
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                + f'<dimension ref="A1:B{declared}"/>'.encode()
                + b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>nik</t></is></c>'
                b'<c r="B1" t="inlineStr"><is><t>nama</t></is></c></row>'
            )
            # Rows and cells may leave out their numbers (r="..."): then they are all alike and
            # compress to almost nothing.
            block = b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * 10_000
            for _block in range((rows - 1) // 10_000):
                sheet.write(block)
            sheet.write(b'<row><c t="inlineStr"><is><t>x</t></is></c></row>' * ((rows - 1) % 10_000))
            sheet.write(b"</sheetData></worksheet>")
    return path


def read(path):
    with open_table(path, columns=COLUMNS, required=COLUMNS) as table:
        return list(table)


def refusal(path, language="en"):
    with pytest.raises(FileRefused) as caught:
        read(path)
    with translation.override(language):
        return str(caught.value)


def test_a_million_row_xlsx_of_a_few_hundred_kb_is_refused_before_it_is_read(tmp_path):
    path = bomb(tmp_path / "bom.xlsx", rows=1_000_000)
    assert path.stat().st_size < 1_000_000
    message = refusal(path)
    # The count comes from the sheet's declared size: the refusal came before the rows were read.
    assert "1,000,000 rows, more than the 300,000 rows a workbook import may hold" in message
    assert '"CSV UTF-8"' in message


def test_the_refusal_of_an_oversize_xlsx_is_in_indonesian(tmp_path):
    message = refusal(bomb(tmp_path / "bom.xlsx", rows=400_000), language="id")
    assert message == (
        "Lembar XLSX berisi 400.000 baris, lebih dari 300.000 baris yang boleh dimuat impor buku kerja; "
        'simpan lembar itu sebagai "CSV UTF-8" (berkas CSV tidak berbatas seperti ini) atau pecah menjadi '
        "beberapa berkas"
    )


def test_a_sheet_that_understates_its_size_is_refused_when_its_rows_pass_the_limit(tmp_path, settings):
    settings.IMPORT_XLSX_MAX_ROWS = 1000
    path = bomb(tmp_path / "bom.xlsx", rows=5000, declared=10)
    assert "more than the 1,000 rows" in refusal(path)


def test_a_workbook_that_unpacks_past_the_size_limit_is_refused(tmp_path, settings):
    settings.IMPORT_XLSX_MAX_UNPACKED_BYTES = 100_000
    path = bomb(tmp_path / "bom.xlsx", rows=5000)
    message = refusal(path)
    assert message.startswith("The XLSX workbook unpacks to ")
    assert "more than the 97.7\xa0KB a workbook import may hold" in message


def test_a_workbook_within_the_limits_is_read_as_before(tmp_path, settings):
    settings.IMPORT_XLSX_MAX_ROWS = 4
    path = workbook(tmp_path / "ok.xlsx", rows=3)
    assert [line for line, _values in read(path)] == [2, 3, 4]


# --- the problems of an import ------------------------------------------------------------


def test_a_problem_log_holds_at_most_its_share_in_memory_and_gives_all_back_in_line_order(settings):
    settings.IMPORT_PROBLEMS_IN_MEMORY = 500
    lines = list(range(2, 20_002))
    random.Random(9).shuffle(lines)
    log = ProblemLog()
    most_in_memory = 0
    for line in lines:
        log.append(Problem(line, "nik", f"bad {line}"))
        log.append(Problem(line, "nama", f"also bad {line}"))
        most_in_memory = max(most_in_memory, log.in_memory)
    assert most_in_memory <= 500
    assert len(log) == 40_000
    read_back = list(log)
    assert [(p.line, p.column) for p in read_back[:4]] == [(2, "nik"), (2, "nama"), (3, "nik"), (3, "nama")]
    assert [p.line for p in read_back] == sorted(p.line for p in read_back)
    assert read_back[-1].message == "also bad 20001"
    assert log.distinct_lines() == 20_000


def test_a_report_of_many_problems_writes_them_all_and_stores_only_the_first(tmp_path, settings):
    settings.IMPORT_PROBLEMS_IN_MEMORY = 100
    report = ImportReport(rejected=3000)
    report.errors.extend(Problem(line, "nik", "NIK must contain digits only") for line in range(3001, 1, -1))
    assert report.errors.in_memory <= 100
    from django.utils import translation

    with translation.override("id"):  # as the import job writes it (the portal's language)
        report.write_csv(tmp_path / "report.csv")
    rows = (tmp_path / "report.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(rows) == 1 + 3000
    assert rows[1].startswith("2,nik,galat,")
    stored = report.as_dict(limit=200)
    assert len(stored["errors"]) == 200 and stored["errors"][0]["line"] == 2
    assert stored["errors_total"] == 3000


def test_warnings_of_rejected_lines_are_dropped_without_a_set_of_lines(settings):
    settings.IMPORT_PROBLEMS_IN_MEMORY = 50
    errors = ProblemLog(Problem(line, "nik", "bad") for line in range(2, 1000, 2))
    warnings = ProblemLog(Problem(line, "kode_wilayah", "unknown") for line in range(2, 1000))
    kept = warnings.without_lines_of(errors)
    assert [p.line for p in kept] == list(range(3, 1000, 2))
