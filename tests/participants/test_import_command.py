"""`manage.py import_applicants` (§4, docs/applicants.md, §5, §9)."""

import io
import json
from datetime import date

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from participants.models import Application, Person

from .factories import ProgramCycleFactory

pytestmark = pytest.mark.django_db

COLUMNS = ["nik", "no_kk", "nama", "tanggal_lahir", "jenis_kelamin", "kode_wilayah", "alamat", "no_hp",
           "pendidikan_terakhir", "status_sekolah", "program"]
SITI = ["3201015708050001", "6401010101050001", "Siti Aminah", "17-08-2005", "P", "64.01.01.2001", "Jl. A", "0812",
        "sma", "putus_sekolah", "PKP-2026"]
BUDI = ["3201011203040002", "6401010101050002", "Budi", "2004-03-12", "L", "6401012001", "", "", "smp", "lulus",
        "PKP-2026"]


@pytest.fixture(autouse=True)
def _regions(paser_village, cycle):
    pass


def write_csv(tmp_path, rows, *, header=COLUMNS, delimiter=",", bom=False, name="pendaftar.csv"):
    path = tmp_path / name
    text = "\n".join(delimiter.join(row) for row in [header, *rows]) + "\n"
    path.write_bytes(("\ufeff" if bom else "").encode() + text.encode())
    return path


def run(path, *extra):
    out = io.StringIO()
    call_command("import_applicants", str(path), "--json", *extra, stdout=out)
    return json.loads(out.getvalue())


def test_a_valid_file_is_imported_with_the_json_shape(tmp_path):
    result = run(write_csv(tmp_path, [SITI, BUDI]))
    assert result == {"imported": 2, "rejected": 0, "districts": ["64.01"], "errors": [], "warnings": []}
    assert list(result) == ["imported", "rejected", "districts", "errors", "warnings"]
    budi = Application.objects.get(person__name="Budi")
    assert budi.person.birth_date == date(2004, 3, 12)
    assert budi.village_code == "64.01.01.2001"
    assert budi.source == Application.Source.IMPORT


def test_aliases_are_read(tmp_path):
    row = SITI.copy()
    row[4], row[8], row[9] = "LAKI-LAKI", "SLTA", "DO"
    row[0] = "3201011708050001"  # a man's NIK, to match
    result = run(write_csv(tmp_path, [row]))
    assert result["imported"] == 1, result
    application = Application.objects.get()
    assert (application.person.sex, application.education, application.school_status) == ("L", "sma", "putus_sekolah")


def test_an_unknown_program_code_rejects_the_row_not_the_file(tmp_path):
    row = BUDI.copy()
    row[10] = "TIDAK-ADA"
    result = run(write_csv(tmp_path, [SITI, row]))
    assert result["imported"] == 1 and result["rejected"] == 1
    assert result["errors"][0]["line"] == 3
    assert result["errors"][0]["column"] == "program"


def test_the_same_nik_twice_in_a_file_rejects_the_second(tmp_path):
    result = run(write_csv(tmp_path, [SITI, SITI]))
    assert result["imported"] == 1 and result["rejected"] == 1
    assert result["errors"][0]["line"] == 3 and result["errors"][0]["column"] == "nik"


def test_the_same_nik_to_two_cycles_is_one_person(tmp_path):
    ProgramCycleFactory(code="PKP-2026-B")
    second = SITI.copy()
    second[10] = "PKP-2026-B"
    result = run(write_csv(tmp_path, [SITI, second]))
    assert result["imported"] == 2
    assert Person.objects.count() == 1


# Committed between the runs, as two runs of the command are: the import's staging table lives
# until its transaction commits.
@pytest.mark.django_db(transaction=True)
def test_importing_the_same_file_twice_adds_nothing(tmp_path):
    path = write_csv(tmp_path, [SITI, BUDI])
    run(path)
    again = run(path)
    assert again["imported"] == 0 and again["rejected"] == 2
    assert Application.objects.count() == 2


def test_a_missing_column_refuses_the_whole_file_naming_it(tmp_path):
    header = [c for c in COLUMNS if c != "status_sekolah"]
    rows = [[v for c, v in zip(COLUMNS, SITI, strict=True) if c != "status_sekolah"]]
    path = write_csv(tmp_path, rows, header=header)
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_applicants", str(path), "--json", stdout=out)
    assert exit_info.value.code == 1
    assert "status_sekolah" in json.loads(out.getvalue())["error"]
    assert not Application.objects.exists()
    with pytest.raises(CommandError, match="status_sekolah"):
        call_command("import_applicants", str(path), stdout=io.StringIO())


def test_a_missing_file_exits_1(tmp_path):
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_applicants", str(tmp_path / "tidak-ada.csv"), "--json", stdout=out)
    assert exit_info.value.code == 1
    assert "error" in json.loads(out.getvalue())


def test_semicolons_and_a_bom_are_read(tmp_path):
    header = [c.upper() for c in COLUMNS]
    result = run(write_csv(tmp_path, [SITI, BUDI], header=header, delimiter=";", bom=True))
    assert result["imported"] == 2, result


def test_an_empty_file_imports_nothing(tmp_path):
    result = run(write_csv(tmp_path, []))
    assert result == {"imported": 0, "rejected": 0, "districts": [], "errors": [], "warnings": []}


def test_a_bad_row_is_reported_with_its_line_counting_blank_rows(tmp_path):
    bad = BUDI.copy()
    bad[0] = "3201013203040002"  # birth day 32
    path = tmp_path / "pendaftar.csv"
    path.write_text(",".join(COLUMNS) + "\n" + ",".join(SITI) + "\n" + "," * 10 + "\n" + ",".join(bad) + "\n")
    result = run(path)
    assert result["imported"] == 1 and result["rejected"] == 1
    [error] = result["errors"]
    assert error["line"] == 4 and error["column"] == "nik"
    assert error["message"]


def test_an_xlsx_file_with_number_and_date_cells(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(COLUMNS)
    row = SITI.copy()
    row[3] = date(2005, 8, 17)
    row[7] = 81234567890
    sheet.append(row)
    sheet.append([None] * len(COLUMNS))
    bad = BUDI.copy()
    bad[4] = "X"
    sheet.append(bad)
    path = tmp_path / "pendaftar.XLSX"
    workbook.save(path)
    result = run(path)
    assert result["imported"] == 1, result
    assert result["errors"][0]["line"] == 4 and result["errors"][0]["column"] == "jenis_kelamin"
    person = Person.objects.get()
    assert person.birth_date == date(2005, 8, 17)
    assert person.phone == "81234567890"


def test_another_extension_is_refused(tmp_path):
    path = write_csv(tmp_path, [SITI], name="pendaftar.txt")
    with pytest.raises(SystemExit) as exit_info:
        run(path)
    assert exit_info.value.code == 1


def test_a_future_birth_date_rejects_the_row_with_its_line(tmp_path):
    from datetime import timedelta

    from django.utils import timezone

    future = (timezone.localdate() + timedelta(days=400)).strftime("%d-%m-%Y")
    result = run(write_csv(tmp_path, [SITI, BUDI[:3] + [future] + BUDI[4:]]))
    assert result["imported"] == 1
    assert result["errors"] == [
        {"line": 3, "column": "tanggal_lahir", "message": f"Tanggal lahir {future} ada di masa depan"}
    ]
