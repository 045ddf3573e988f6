import zipfile
from datetime import date, datetime

import openpyxl
import pytest
from django.utils import translation

from core.tabular import FileRefused, open_table

COLUMNS = ["nik", "no_kk", "nama", "tanggal_lahir", "alamat"]
REQUIRED = ["nik", "no_kk", "nama"]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def write(tmp_path, content, name="data.csv"):
    path = tmp_path / name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return path


def read(path, columns=COLUMNS, required=REQUIRED, **kwargs):
    with open_table(path, columns=columns, required=required, **kwargs) as table:
        return list(table)


def refusal(path, columns=COLUMNS, required=REQUIRED, **kwargs):
    with pytest.raises(FileRefused) as caught:
        read(path, columns, required, **kwargs)
    return str(caught.value)


# --- CSV ---------------------------------------------------------------------------------


def test_comma_separated_file_is_read_in_the_order_of_the_columns_asked(tmp_path):
    path = write(tmp_path, "nama,nik,no_kk\nSiti,6401014101050001,6401010101010001\n")
    assert read(path) == [(2, ("6401014101050001", "6401010101010001", "Siti", "", ""))]


def test_semicolon_separated_file_is_read_when_the_header_has_more_semicolons(tmp_path):
    path = write(
        tmp_path,
        "nik;no_kk;nama;alamat\n6401014101050001;6401010101010001;Siti;Jl. Merdeka, RT 1\n",
    )
    assert read(path) == [
        (2, ("6401014101050001", "6401010101010001", "Siti", "", "Jl. Merdeka, RT 1"))
    ]


def test_comma_wins_when_the_header_has_as_many_commas_as_semicolons(tmp_path):
    path = write(tmp_path, "nik,no_kk,nama;x;y\n1,2,3;4;5\n")
    assert read(path, required=["nik", "no_kk"]) == [(2, ("1", "2", "", "", ""))]


def test_utf8_bom_is_ignored(tmp_path):
    path = write(tmp_path, "\ufeffnik,no_kk,nama\n1,2,Ayu\n")
    table = open_table(path, columns=COLUMNS, required=REQUIRED)
    assert table.columns_present == ("nik", "no_kk", "nama")
    assert list(table) == [(2, ("1", "2", "Ayu", "", ""))]


def test_quoted_fields_keep_delimiters_quotes_and_newlines_and_count_as_one_line(tmp_path):
    path = write(
        tmp_path,
        "nik,no_kk,nama,alamat\r\n"
        '1,2,"Siti, ""Ayu""","Jl. Merdeka\r\nRT 01"\r\n'
        "3,4,Budi,Jl. Sudirman\r\n",
    )
    assert read(path) == [
        (2, ("1", "2", 'Siti, "Ayu"', "", "Jl. Merdeka\r\nRT 01")),
        (3, ("3", "4", "Budi", "", "Jl. Sudirman")),
    ]


def test_header_names_ignore_case_and_surrounding_spaces(tmp_path):
    path = write(tmp_path, " NIK , No_KK,Nama  \n1,2,3\n")
    assert read(path) == [(2, ("1", "2", "3", "", ""))]


def test_values_are_stripped_of_surrounding_spaces(tmp_path):
    path = write(tmp_path, "nik,no_kk,nama\n  1 ,\t2, Siti Aminah \n")
    assert read(path) == [(2, ("1", "2", "Siti Aminah", "", ""))]


def test_missing_required_column_refuses_the_file_naming_it(tmp_path):
    path = write(tmp_path, "nik,nama\n1,Siti\n")
    assert refusal(path) == "Missing required column: no_kk"


def test_several_missing_required_columns_are_all_named(tmp_path):
    path = write(tmp_path, "nik\n1\n")
    assert refusal(path) == "Missing required columns: no_kk, nama"


def test_missing_optional_column_reads_as_blank(tmp_path):
    path = write(tmp_path, "nik,no_kk,nama\n1,2,3\n")
    table = open_table(path, columns=COLUMNS, required=REQUIRED)
    assert table.columns_present == ("nik", "no_kk", "nama")
    assert [values[3:] for _line, values in table] == [("", "")]


def test_column_named_twice_refuses_the_file_naming_it(tmp_path):
    path = write(tmp_path, "nik,no_kk,NIK ,nama\n1,2,3,4\n")
    assert refusal(path) == "Column named twice: nik"


def test_optional_column_named_twice_also_refuses_the_file(tmp_path):
    path = write(tmp_path, "nik,no_kk,nama,alamat,alamat\n1,2,3,4,5\n")
    assert refusal(path) == "Column named twice: alamat"


def test_unknown_columns_are_ignored_even_when_repeated_or_blank(tmp_path):
    path = write(tmp_path, "no,nik,catatan,no_kk,catatan,nama,,\n1,6401,x,6402,y,Siti,,\n")
    assert read(path) == [(2, ("6401", "6402", "Siti", "", ""))]


def test_empty_rows_are_skipped_but_still_counted(tmp_path):
    path = write(tmp_path, "nik,no_kk,nama\n1,2,A\n\n,,\n  , ,\t\n4,5,B\n")
    assert read(path) == [(2, ("1", "2", "A", "", "")), (6, ("4", "5", "B", "", ""))]


def test_row_with_only_unknown_columns_filled_counts_as_empty(tmp_path):
    path = write(tmp_path, "no,nik,no_kk,nama\n1,6401,6402,Siti\n2,,,\n3,6403,6404,Budi\n")
    assert [line for line, _values in read(path)] == [2, 4]


def test_row_with_some_values_is_kept_for_the_validators_to_report(tmp_path):
    path = write(tmp_path, "nik,no_kk,nama\n,,Siti\n")
    assert read(path) == [(2, ("", "", "Siti", "", ""))]


def test_short_rows_read_blank_and_extra_cells_are_ignored(tmp_path):
    path = write(tmp_path, "nik,no_kk,nama,alamat\n1,2\n3,4,C,D,extra,more\n")
    assert read(path) == [(2, ("1", "2", "", "", "")), (3, ("3", "4", "C", "", "D"))]


@pytest.mark.parametrize(
    "content", ["", "\ufeff", "\n\n\n", "nik,no_kk,nama\n", "nik,no_kk,nama\n\n,,\n"]
)
def test_file_without_data_rows_yields_nothing_and_is_not_refused(tmp_path, content):
    assert read(write(tmp_path, content)) == []


def test_header_only_file_with_a_wrong_header_is_still_refused(tmp_path):
    assert refusal(write(tmp_path, "nik,nama\n")) == "Missing required column: no_kk"


def test_data_under_a_blank_first_line_is_refused_for_want_of_column_names(tmp_path):
    assert refusal(write(tmp_path, "\n1,2,3\n")) == "Missing required columns: nik, no_kk, nama"


@pytest.mark.parametrize("name", ["data.txt", "data.xls", "data.json", "data", "data.csv.bak"])
def test_extensions_other_than_csv_and_xlsx_are_refused(tmp_path, name):
    path = write(tmp_path, "nik,no_kk,nama\n1,2,3\n", name=name)
    assert refusal(path) == "Only .csv and .xlsx files can be imported"


def test_extension_is_told_by_the_file_name_given_and_any_case(tmp_path):
    upload = write(tmp_path, "nik,no_kk,nama\n1,2,3\n", name="upload.tmp")
    assert read(upload, file_name="Pendaftar Desa.CSV") == [(2, ("1", "2", "3", "", ""))]
    assert refusal(upload, file_name="pendaftar.pdf") == "Only .csv and .xlsx files can be imported"


def test_missing_file_is_refused_naming_it(tmp_path):
    assert refusal(tmp_path / "nothing.csv") == "File not found: nothing.csv"


def test_latin1_file_is_refused_as_not_utf8_naming_the_line(tmp_path):
    path = write(tmp_path, "nik,no_kk,nama\n1,2,Ani\n3,4,Andr\xe9\n".encode("latin-1"))
    message = refusal(path)
    assert "not valid UTF-8" in message and "line 3" in message


def test_bad_bytes_far_into_a_large_file_are_refused_naming_their_line(tmp_path):
    rows = "".join(f"64010141010{n:05d},6401010101010001,Nama {n}\n" for n in range(20_000))
    content = ("nik,no_kk,nama\n" + rows).encode() + b"6401,6402,Andr\xe9\n" + rows.encode()
    message = refusal(write(tmp_path, content))
    assert "not valid UTF-8" in message and "line 20002" in message


def test_line_of_bad_bytes_counts_records_not_physical_lines(tmp_path):
    content = 'nik,no_kk,nama,alamat\n1,2,A,"two\nlines"\n3,4,Andr\xe9,x\n'.encode("latin-1")
    assert "line 3" in refusal(write(tmp_path, content))


def test_utf16_text_is_refused_as_not_utf8(tmp_path):
    path = write(tmp_path, "nik,no_kk,nama\n1,2,3\n".encode("utf-16"))
    assert "not valid UTF-8" in refusal(path)


def test_xlsx_workbook_renamed_csv_is_refused_as_binary(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.append(["nik", "no_kk", "nama"])
    workbook.save(tmp_path / "real.xlsx")
    path = write(tmp_path, (tmp_path / "real.xlsx").read_bytes(), name="renamed.csv")
    message = refusal(path)
    assert "not CSV text" in message and "binary" in message


def test_nul_bytes_after_the_first_rows_refuse_the_file_naming_the_line(tmp_path):
    rows = "".join(f"{n},{n},Nama {n}\n" for n in range(10_000))
    content = ("nik,no_kk,nama\n" + rows + "1,2,Ni\x00ni\n").encode()
    message = refusal(write(tmp_path, content))
    assert "binary" in message and "line 10002" in message


# --- XLSX --------------------------------------------------------------------------------


def workbook_file(tmp_path, rows, name="data.xlsx", extra_sheet_first=False):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    path = tmp_path / name
    workbook.save(path)
    return path


def patch_sheet(path, old, new):
    """Rewrite the first sheet's XML, for what Excel writes but openpyxl does not."""
    with zipfile.ZipFile(path) as source:
        parts = {info.filename: source.read(info.filename) for info in source.infolist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode()
    assert old in xml
    parts["xl/worksheets/sheet1.xml"] = xml.replace(old, new).encode()
    with zipfile.ZipFile(path, "w") as target:
        for filename, data in parts.items():
            target.writestr(filename, data)


def test_xlsx_first_sheet_is_read_with_header_in_row_1(tmp_path):
    path = workbook_file(
        tmp_path,
        [
            [" Nama", "NIK", "no_kk", "catatan"],
            ["Siti", "6401014101050001", "6401010101010001", "x"],
        ],
    )
    with open_table(path, columns=COLUMNS, required=REQUIRED) as table:
        assert table.columns_present == ("nik", "no_kk", "nama")
        assert list(table) == [(2, ("6401014101050001", "6401010101010001", "Siti", "", ""))]


def test_xlsx_other_sheets_are_not_read(tmp_path):
    workbook = openpyxl.Workbook()
    workbook.active.append(["nik", "no_kk", "nama"])
    workbook.active.append(["1", "2", "first"])
    second = workbook.create_sheet("Lain")
    second.append(["nik", "no_kk", "nama"])
    second.append(["3", "4", "second"])
    workbook.save(tmp_path / "data.xlsx")
    assert read(tmp_path / "data.xlsx") == [(2, ("1", "2", "first", "", ""))]


def test_xlsx_nik_typed_as_a_whole_number_reads_as_its_exact_digits(tmp_path):
    path = workbook_file(
        tmp_path, [["nik", "no_kk", "nama"], [6401014101050001, 6401010101010001.0, "Siti"]]
    )
    assert read(path) == [(2, ("6401014101050001", "6401010101010001", "Siti", "", ""))]


def test_xlsx_number_stored_by_excel_with_an_exponent_reads_as_digits(tmp_path):
    # What Excel keeps of a 16-digit NIK typed as a number: 15 significant digits.
    path = workbook_file(tmp_path, [["nik", "no_kk", "nama"], [1, 2, "Siti"]])
    patch_sheet(path, '<c r="A2" t="n"><v>1</v></c>', '<c r="A2"><v>6.40101410105E+15</v></c>')
    assert read(path) == [(2, ("6401014101050000", "2", "Siti", "", ""))]


def test_xlsx_fractional_and_tiny_numbers_read_as_plain_decimals(tmp_path):
    path = workbook_file(tmp_path, [["nik", "no_kk", "nama"], [2.5, 0.00001, True]])
    assert read(path) == [(2, ("2.5", "0.00001", "TRUE", "", ""))]


def test_xlsx_date_cells_read_as_iso_dates(tmp_path):
    path = workbook_file(
        tmp_path,
        [
            ["nik", "no_kk", "nama", "tanggal_lahir"],
            [1, 2, "A", date(2005, 8, 17)],
            [3, 4, "B", datetime(2006, 1, 2, 0, 0)],
        ],
    )
    assert [values[3] for _line, values in read(path)] == ["2005-08-17", "2006-01-02"]


def test_xlsx_formula_cells_read_as_their_saved_value(tmp_path):
    path = workbook_file(
        tmp_path, [["nik", "no_kk", "nama"], [1, "=1+1", "Siti"], [3, "=2+2", "Budi"]]
    )
    patch_sheet(path, "<f>1+1</f><v />", "<f>1+1</f><v>2</v>")
    assert read(path) == [(2, ("1", "2", "Siti", "", "")), (3, ("3", "", "Budi", "", ""))]


def test_xlsx_merged_cells_hold_the_value_in_the_top_left_cell_only(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["nik", "no_kk", "nama", "alamat"])
    sheet.append([1, 6401010101010001, "Siti", "Jl. Merdeka"])
    sheet.append([2, None, "Budi", None])
    sheet.merge_cells("B2:B3")
    sheet.merge_cells("D2:D3")
    workbook.save(tmp_path / "data.xlsx")
    assert read(tmp_path / "data.xlsx") == [
        (2, ("1", "6401010101010001", "Siti", "", "Jl. Merdeka")),
        (3, ("2", "", "Budi", "", "")),
    ]


def test_xlsx_empty_rows_are_skipped_but_counted(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["nik", "no_kk", "nama"])
    sheet.append([1, 2, "A"])
    sheet["A5"] = " "
    sheet.append([3, 4, "B"])
    workbook.save(tmp_path / "data.xlsx")
    assert read(tmp_path / "data.xlsx") == [
        (2, ("1", "2", "A", "", "")),
        (6, ("3", "4", "B", "", "")),
    ]


def test_xlsx_header_is_checked_like_csv(tmp_path):
    assert (
        refusal(workbook_file(tmp_path, [["nik", "nama"], [1, "A"]]))
        == "Missing required column: no_kk"
    )
    assert (
        refusal(workbook_file(tmp_path, [["nik", "no_kk", "Nama", "NAMA"]]))
        == "Column named twice: nama"
    )


def test_xlsx_header_only_or_empty_sheet_yields_nothing(tmp_path):
    assert read(workbook_file(tmp_path, [["nik", "no_kk", "nama"]])) == []
    assert read(workbook_file(tmp_path, [])) == []


def test_xlsx_with_wrong_stored_dimensions_is_still_read_whole(tmp_path):
    path = workbook_file(tmp_path, [["nik", "no_kk", "nama"], [1, 2, "A"], [3, 4, "B"]])
    patch_sheet(path, '<dimension ref="A1:C3" />', '<dimension ref="A1:A1" />')
    assert [line for line, _values in read(path)] == [2, 3]


def test_xlsx_file_name_in_capitals_is_accepted(tmp_path):
    path = workbook_file(tmp_path, [["nik", "no_kk", "nama"], [1, 2, "A"]], name="DATA.XLSX")
    assert read(path) == [(2, ("1", "2", "A", "", ""))]


def test_xlsx_upload_stored_without_extension_is_read_by_its_file_name(tmp_path):
    path = workbook_file(tmp_path, [["nik", "no_kk", "nama"], [1, 2, "A"]], name="upload.tmp")
    assert read(path, file_name="pendaftar.xlsx") == [(2, ("1", "2", "A", "", ""))]


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"nik,no_kk,nama\n1,2,3\n",
        b"PK\x03\x04 truncated zip",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old xls",
    ],
)
def test_corrupt_or_fake_xlsx_is_refused(tmp_path, content):
    path = write(tmp_path, content, name="data.xlsx")
    assert refusal(path) == "The file is not a readable XLSX workbook"


def test_xlsx_with_a_broken_sheet_is_refused(tmp_path):
    path = workbook_file(tmp_path, [["nik", "no_kk", "nama"], [1, 2, "A"]])
    patch_sheet(path, "</sheetData>", "<row><c")
    with pytest.raises(FileRefused):
        read(path)
