"""`manage.py import_training_results` and the import behind it (data-contracts §5, §9, §10)."""

import io
import json
from datetime import date

import openpyxl
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from audit.models import AuditEvent
from participants.models import Person
from tests.factories import VillageFactory
from tests.participants.factories import ApplicationFactory, PersonFactory, nik_for
from tests.programs.factories import ProgramCycleFactory
from tests.training.factories import BatchFactory, EnrolmentFactory, ImportedTrainingFactory
from training.models import ImportedTraining, Provider
from training.records.services import training_results_import

pytestmark = pytest.mark.django_db

COLUMNS = ["nik", "nama", "tanggal_lahir", "jenis_kelamin", "kode_wilayah", "program", "penyelenggara", "kejuruan",
           "tanggal_mulai", "tanggal_selesai", "hasil", "kompeten", "no_sertifikat"]


def nik(serial, *, sex="P", birth=date(2005, 8, 17), regency="64.01"):
    return nik_for(regency_code=regency, birth_date=birth, sex=sex, serial=serial)


def row(serial=1, **values):
    """A valid row of Paser's BLK for PKT-2025; keyword arguments replace columns."""
    base = {
        "nik": nik(serial), "nama": f"Peserta {serial}", "tanggal_lahir": "17-08-2005", "jenis_kelamin": "P",
        "kode_wilayah": "64.01.01.2001", "program": "PKT-2025", "penyelenggara": "UPTD BLK Kabupaten Paser",
        "kejuruan": "Tata Boga", "tanggal_mulai": "01-09-2025", "tanggal_selesai": "30/09/2025", "hasil": "lulus",
        "kompeten": "ya", "no_sertifikat": "",
    }
    base.update(values)
    return base


@pytest.fixture(autouse=True)
def english_messages():
    """The command speaks the portal's language (Indonesian by default); these tests read the
    English message ids."""
    with translation.override("en"):
        yield


@pytest.fixture
def cycle(paser_village, paser_provider, tabalong):
    VillageFactory(code="63.09.01.2001", name="Desa Uji Tabalong")
    return ProgramCycleFactory(code="PKT-2025", year=2025)


@pytest.fixture
def other_cycle(cycle):
    return ProgramCycleFactory(code="PKT-2025-B", year=2025)


def write_csv(tmp_path, rows, *, header=COLUMNS, name="rekap.csv", delimiter=","):
    path = tmp_path / name
    lines = [delimiter.join(header)]
    for r in rows:
        lines.append("" if r is None else delimiter.join(str(r.get(c, "")) for c in header))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(path, *extra):
    out = io.StringIO()
    call_command("import_training_results", str(path), "--json", *extra, stdout=out)
    return json.loads(out.getvalue())


def problems(result, kind="errors"):
    return [(p["line"], p["column"]) for p in result[kind]]


def test_a_valid_file_is_imported_with_the_json_shape(tmp_path, cycle, paser_provider):
    result = run(write_csv(tmp_path, [row(1, no_sertifikat="BNSP-TB-001"), row(2, hasil="tidak_lulus", kompeten="")]))
    assert result == {"imported": 2, "rejected": 0, "districts": ["64.01"], "errors": [], "warnings": []}
    first = ImportedTraining.objects.select_related("person").get(line=2)
    assert first.person.nik == nik(1) and first.person.name == "Peserta 1"
    assert first.person.birth_date == date(2005, 8, 17) and first.person.sex == "P"
    assert (first.cycle, first.provider, first.vocation) == (cycle, paser_provider, "Tata Boga")
    assert (first.start_date, first.end_date) == (date(2025, 9, 1), date(2025, 9, 30))
    assert (first.result, first.competent, first.certificate_number) == ("lulus", "ya", "BNSP-TB-001")
    assert (first.regency_id, first.village_code, first.file_name) == ("64.01", "64.01.01.2001", "rekap.csv")
    second = ImportedTraining.objects.get(line=3)
    assert (second.result, second.competent, second.certificate_number) == ("tidak_lulus", "", "")


def test_the_district_is_the_kabupaten_of_the_desa_code(tmp_path, cycle):
    result = run(write_csv(tmp_path, [row(1, kode_wilayah="6309012001"), row(2)]))
    assert result["districts"] == ["63.09", "64.01"]
    assert ImportedTraining.objects.get(line=2).regency_id == "63.09"
    assert ImportedTraining.objects.get(line=2).person.regency_id == "63.09"


def test_the_provider_is_matched_by_name_ignoring_case_and_runs_of_spaces(tmp_path, cycle, paser_provider):
    result = run(write_csv(tmp_path, [row(1, penyelenggara="uptd  BLK   kabupaten paser")]))
    assert result["warnings"] == []
    assert ImportedTraining.objects.get().provider == paser_provider
    assert Provider.objects.count() == 1


def test_an_unknown_provider_is_created_once_and_reported_once(tmp_path, cycle):
    rows = [row(1, penyelenggara="Kecamatan  Tanjung"), row(2, penyelenggara="KECAMATAN TANJUNG"),
            row(3, penyelenggara="LKP Citra Busana"), row(4, penyelenggara="Sanggar Karya Ibu")]
    result = run(write_csv(tmp_path, rows))
    assert result["imported"] == 4
    assert problems(result, "warnings") == [(2, "penyelenggara"), (4, "penyelenggara"), (5, "penyelenggara")]
    assert "Kecamatan Tanjung" in result["warnings"][0]["message"]
    created = {p.name: p for p in Provider.objects.exclude(name="UPTD BLK Kabupaten Paser")}
    assert set(created) == {"Kecamatan Tanjung", "LKP Citra Busana", "Sanggar Karya Ibu"}
    assert [created[n].kind for n in ("Kecamatan Tanjung", "LKP Citra Busana", "Sanggar Karya Ibu")] == [
        "skpd", "lkp", "other"]
    assert created["Kecamatan Tanjung"].regency_id == "64.01"
    assert ImportedTraining.objects.filter(provider=created["Kecamatan Tanjung"]).count() == 2
    # The next import finds them.
    again = run(write_csv(tmp_path, [row(5, penyelenggara="kecamatan tanjung")], name="kedua.csv"))
    assert again["warnings"] == [] and again["imported"] == 1


def test_a_rejected_row_creates_no_provider(tmp_path, cycle):
    result = run(write_csv(tmp_path, [row(1, penyelenggara="LKP Baru", tanggal_lahir="31-02-2005")]))
    assert result["rejected"] == 1
    assert not Provider.objects.filter(name="LKP Baru").exists()


def test_a_new_nik_creates_the_person_and_an_existing_person_is_never_overwritten(tmp_path, cycle):
    known = PersonFactory(nik=nik(1), name="Siti Aminah", birth_date=date(2005, 8, 17), sex="P",
                          village_code="64.01.01.2001", regency_code="64.01", address="Jl. Lama 1")
    rows = [
        row(1, nama="SITI  AMINAH"),  # the same name written otherwise: no warning
        row(1, nama="Siti Rahma", tanggal_lahir="18-08-2005", program="PKT-2025-B"),
        row(2, nama="Orang Baru"),
        # Tabalong's row of the same NIK makes Tabalong's own record, never compared with Paser's.
        row(1, nama="Siti di Tabalong", tanggal_lahir="18-08-2005", kode_wilayah="63.09.01.2001",
            program="PKT-2025-C"),
    ]
    ProgramCycleFactory(code="PKT-2025-B", year=2025)
    ProgramCycleFactory(code="PKT-2025-C", year=2025)
    result = run(write_csv(tmp_path, rows))
    assert result["imported"] == 4
    assert problems(result, "warnings") == [(3, "nama"), (3, "tanggal_lahir")]
    known.refresh_from_db()
    assert (known.name, known.birth_date, known.village_code, known.address) == (
        "Siti Aminah", date(2005, 8, 17), "64.01.01.2001", "Jl. Lama 1")
    assert Person.objects.get(nik=nik(2)).name == "Orang Baru"
    tabalong = Person.objects.get(nik=nik(1), regency_id="63.09")
    assert (tabalong.name, tabalong.birth_date) == ("Siti di Tabalong", date(2005, 8, 18))
    assert Person.objects.count() == 3


@pytest.mark.parametrize("column", ["nik", "nama", "tanggal_lahir", "jenis_kelamin", "kode_wilayah", "program",
                                    "penyelenggara", "kejuruan", "tanggal_mulai", "tanggal_selesai", "hasil"])
def test_a_missing_required_value_rejects_the_row(tmp_path, cycle, column):
    result = run(write_csv(tmp_path, [row(1, **{column: ""}), row(2)]))
    assert result["imported"] == 1 and result["rejected"] == 1
    assert problems(result) == [(2, column)]


@pytest.mark.parametrize("column, value", [
    ("nik", "640101570805000"), ("nik", "0001015708050001"), ("tanggal_lahir", "2005/08/17"),
    ("jenis_kelamin", "W"), ("kode_wilayah", "64.01.01"), ("tanggal_mulai", "31-09-2025"), ("hasil", "selesai"),
    ("kompeten", "mungkin"),
])
def test_a_malformed_value_rejects_the_row(tmp_path, cycle, column, value):
    result = run(write_csv(tmp_path, [row(1, **{column: value}), row(2)]))
    assert result["imported"] == 1 and result["rejected"] == 1
    assert problems(result) == [(2, column)]


def test_coded_values_are_read_in_any_case_with_spaces(tmp_path, cycle):
    rows = [row(1, hasil=" Tidak Lulus ", kompeten="TIDAK", jenis_kelamin="perempuan"),
            row(2, hasil="MENGUNDURKAN DIRI", kompeten=""), row(3, hasil="Lulus", kompeten="Ya")]
    result = run(write_csv(tmp_path, rows))
    assert result["rejected"] == 0, result
    assert list(ImportedTraining.objects.order_by("line").values_list("result", "competent")) == [
        ("tidak_lulus", "tidak"), ("mengundurkan_diri", ""), ("lulus", "ya")]


def test_an_unknown_program_code_rejects_the_row_not_the_file(tmp_path, cycle):
    result = run(write_csv(tmp_path, [row(1, program="TIDAK-ADA"), row(2)]))
    assert result["imported"] == 1 and problems(result) == [(2, "program")]


def test_an_unknown_kabupaten_is_rejected_and_an_unknown_desa_is_a_warning(tmp_path, cycle):
    result = run(write_csv(tmp_path, [row(1, kode_wilayah="99.01.01.2001"), row(2, kode_wilayah="64.01.01.2999")]))
    assert result["imported"] == 1
    assert problems(result) == [(2, "kode_wilayah")]
    assert problems(result, "warnings") == [(3, "kode_wilayah")]


def test_the_end_date_may_not_be_before_the_start_date(tmp_path, cycle):
    rows = [row(1, tanggal_mulai="2025-09-10", tanggal_selesai="2025-09-09"),
            row(2, tanggal_mulai="2025-09-10", tanggal_selesai="2025-09-10")]
    result = run(write_csv(tmp_path, rows))
    assert result["imported"] == 1 and problems(result) == [(2, "tanggal_selesai")]


@pytest.mark.parametrize("hasil, kompeten", [("tidak_lulus", "ya"), ("mengundurkan_diri", ""), ("lulus", "tidak"),
                                              ("lulus", "")])
def test_a_certificate_needs_lulus_and_kompeten_ya(tmp_path, cycle, hasil, kompeten):
    result = run(write_csv(tmp_path, [row(1, hasil=hasil, kompeten=kompeten, no_sertifikat="CERT-1")]))
    assert result["rejected"] == 1 and problems(result) == [(2, "no_sertifikat")]
    assert not ImportedTraining.objects.exists()


def test_a_certificate_number_already_in_the_file_is_rejected(tmp_path, cycle):
    result = run(write_csv(tmp_path, [row(1, no_sertifikat="CERT-1"), row(2, no_sertifikat="CERT-1")]))
    assert result["imported"] == 1 and problems(result) == [(3, "no_sertifikat")]
    assert "line 2" in result["errors"][0]["message"]


def test_a_certificate_number_of_an_earlier_import_is_rejected(tmp_path, cycle):
    ImportedTrainingFactory(cycle=cycle, certificate_number="CERT-1", competent="ya")
    result = run(write_csv(tmp_path, [row(1, no_sertifikat="CERT-1")]))
    assert result["rejected"] == 1 and problems(result) == [(2, "no_sertifikat")]


def test_a_certificate_number_held_by_an_enrolment_is_rejected(tmp_path, cycle, paser_provider):
    EnrolmentFactory(batch=BatchFactory(cycle=ProgramCycleFactory(code="LAIN-2024", year=2024),
                                        provider=paser_provider),
                     status="completed", certificate_number="BNSP-1", certificate_issuer="BNSP")
    result = run(write_csv(tmp_path, [row(1, no_sertifikat="BNSP-1"), row(2, no_sertifikat="BNSP-2")]))
    assert result["imported"] == 1 and problems(result) == [(2, "no_sertifikat")]


def test_a_nik_already_in_the_cycle_earlier_in_the_file_is_rejected(tmp_path, cycle, other_cycle):
    result = run(write_csv(tmp_path, [row(1), row(1, kejuruan="Menjahit"), row(1, program="PKT-2025-B")]))
    assert result["imported"] == 2 and problems(result) == [(3, "nik")]


def test_a_nik_imported_before_in_the_cycle_is_rejected(tmp_path, cycle, other_cycle):
    ImportedTrainingFactory(person=PersonFactory(nik=nik(1)), cycle=cycle)
    result = run(write_csv(tmp_path, [row(1), row(1, program="PKT-2025-B")]))
    assert result["imported"] == 1 and problems(result) == [(2, "nik")]
    assert "imported" in result["errors"][0]["message"]


def test_a_nik_with_a_seat_in_the_cycle_is_rejected_unless_the_seat_was_withdrawn(tmp_path, cycle, other_cycle,
                                                                                   paser_provider):
    batch = BatchFactory(cycle=cycle, provider=paser_provider)
    for serial, status in ((1, "enrolled"), (2, "completed"), (3, "dropped_out"), (4, "withdrawn")):
        person = PersonFactory(nik=nik(serial))
        EnrolmentFactory(batch=batch, application=ApplicationFactory(person=person, cycle=cycle), status=status)
    # A seat in a batch of another cycle does not count for this one.
    person = PersonFactory(nik=nik(5))
    EnrolmentFactory(batch=BatchFactory(cycle=other_cycle, provider=paser_provider),
                     application=ApplicationFactory(person=person, cycle=other_cycle))
    result = run(write_csv(tmp_path, [row(n) for n in range(1, 6)]))
    assert problems(result) == [(2, "nik"), (3, "nik"), (4, "nik")]
    assert "seat" in result["errors"][0]["message"]
    assert set(ImportedTraining.objects.values_list("person__nik", flat=True)) == {nik(4), nik(5)}


def test_another_districts_training_in_the_cycle_is_said_only_as_district_and_cycle(tmp_path, cycle,
                                                                                    paser_provider):
    # Paser's records of two NIKs: a seat in a batch of the cycle, and an imported training of it.
    seated = PersonFactory(nik=nik(1), name="Rahasia Paser Satu")
    EnrolmentFactory(batch=BatchFactory(cycle=cycle, provider=paser_provider),
                     application=ApplicationFactory(person=seated, cycle=cycle))
    ImportedTrainingFactory(person=PersonFactory(nik=nik(2), name="Rahasia Paser Dua"), cycle=cycle)
    # Tabalong's report names the same NIKs in the same cycle.
    tabalong = {"kode_wilayah": "63.09.01.2001"}
    result = run(write_csv(tmp_path, [row(1, **tabalong), row(2, **tabalong), row(3, **tabalong)]))
    assert result["imported"] == 1
    assert [(p["line"], p["message"]) for p in result["errors"]] == [
        (2, "This NIK is also registered in Kabupaten Paser (PKT-2025)"),
        (3, "This NIK is also registered in Kabupaten Paser (PKT-2025)"),
    ]
    assert not Person.objects.filter(regency_id="63.09", nik__in=[nik(1), nik(2)]).exists()


def test_a_row_rejected_for_its_nik_does_not_hold_its_certificate_number(tmp_path, cycle):
    rows = [row(1, no_sertifikat="CERT-1"), row(1, no_sertifikat="CERT-2"), row(2, no_sertifikat="CERT-2")]
    result = run(write_csv(tmp_path, rows))
    assert problems(result) == [(3, "nik")]
    assert dict(ImportedTraining.objects.values_list("certificate_number", "person__nik")) == {
        "CERT-1": nik(1), "CERT-2": nik(2)}


def test_a_row_rejected_as_stored_does_not_block_a_later_row(tmp_path, cycle):
    ImportedTrainingFactory(person=PersonFactory(nik=nik(1)), cycle=cycle)
    result = run(write_csv(tmp_path, [row(1, no_sertifikat="CERT-1"), row(2, no_sertifikat="CERT-1")]))
    assert problems(result) == [(2, "nik")]
    assert ImportedTraining.objects.get(certificate_number="CERT-1").person.nik == nik(2)


def test_every_problem_of_a_row_is_reported_and_the_row_counted_once(tmp_path, cycle):
    result = run(write_csv(tmp_path, [row(1, nik="123", hasil="x", tanggal_mulai="kemarin")]))
    assert result["rejected"] == 1
    assert problems(result) == [(2, "nik"), (2, "tanggal_mulai"), (2, "hasil")]


def test_a_rejected_row_has_no_warnings(tmp_path, cycle):
    result = run(write_csv(tmp_path, [row(1, kode_wilayah="64.01.01.2999", hasil="x")]))
    assert result["rejected"] == 1 and result["warnings"] == []


# Committed between the runs, as two runs of the command are: the staging table lives until its
# transaction commits.
@pytest.mark.django_db(transaction=True)
def test_importing_the_same_file_twice_adds_nothing(tmp_path, cycle):
    path = write_csv(tmp_path, [row(1, no_sertifikat="CERT-1"), row(2, penyelenggara="LKP Baru")])
    assert run(path)["imported"] == 2
    again = run(path)
    assert again["imported"] == 0 and again["rejected"] == 2
    assert ImportedTraining.objects.count() == 2 and Provider.objects.filter(name="LKP Baru").count() == 1


def test_blank_rows_are_skipped_but_counted_in_line_numbers(tmp_path, cycle):
    result = run(write_csv(tmp_path, [row(1), None, row(2, hasil="x")]))
    assert result["imported"] == 1 and problems(result) == [(4, "hasil")]


def test_semicolons_and_upper_case_headers_are_read(tmp_path, cycle):
    path = tmp_path / "rekap.csv"
    path.write_text(";".join(f" {c.upper()} " for c in COLUMNS) + "\n" + ";".join(row(1).values()) + "\n",
                    encoding="utf-8-sig")
    assert run(path)["imported"] == 1


def test_the_optional_columns_may_be_left_out(tmp_path, cycle):
    header = [c for c in COLUMNS if c not in ("kompeten", "no_sertifikat")]
    result = run(write_csv(tmp_path, [row(1)], header=header))
    assert result["imported"] == 1
    assert ImportedTraining.objects.get().competent == ""


def test_an_xlsx_file_with_date_cells_is_read(tmp_path, cycle):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(COLUMNS)
    values = row(1)
    values.update(tanggal_lahir=date(2005, 8, 17), tanggal_mulai=date(2025, 9, 1), tanggal_selesai=date(2025, 9, 30))
    sheet.append([values[c] for c in COLUMNS])
    path = tmp_path / "rekap.XLSX"
    workbook.save(path)
    result = run(path)
    assert result["imported"] == 1, result
    assert ImportedTraining.objects.get().start_date == date(2025, 9, 1)


def test_a_missing_column_refuses_the_whole_file_naming_it(tmp_path, cycle):
    header = [c for c in COLUMNS if c != "penyelenggara"]
    path = write_csv(tmp_path, [row(1)], header=header)
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_training_results", str(path), "--json", stdout=out)
    assert exit_info.value.code == 1
    assert "penyelenggara" in json.loads(out.getvalue())["error"]
    with pytest.raises(CommandError, match="penyelenggara"):
        call_command("import_training_results", str(path), stdout=io.StringIO())
    assert not ImportedTraining.objects.exists()


@pytest.mark.parametrize("name", ["tidak-ada.csv", "rekap.txt"])
def test_a_missing_or_unsupported_file_exits_1(tmp_path, cycle, name):
    path = tmp_path / name
    if name.endswith(".txt"):
        path.write_text(",".join(COLUMNS) + "\n")
    out = io.StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_training_results", str(path), "--json", stdout=out)
    assert exit_info.value.code == 1
    assert set(json.loads(out.getvalue())) == {"error"}


def test_a_file_unreadable_half_way_leaves_nothing(tmp_path, cycle):
    path = write_csv(tmp_path, [row(1, penyelenggara="LKP Baru"), row(2)])
    path.write_bytes(path.read_bytes() + b"\xff\xfe broken\n")
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("import_training_results", str(path), "--json", stdout=out)
    assert "UTF-8" in json.loads(out.getvalue())["error"]
    assert not ImportedTraining.objects.exists()
    assert not Person.objects.exists()
    assert not Provider.objects.filter(name="LKP Baru").exists()


def test_the_text_output_is_a_summary_then_one_line_per_problem(tmp_path, cycle):
    out = io.StringIO()
    call_command("import_training_results", str(write_csv(tmp_path, [row(1), row(2, hasil="x")])), stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "Training results: 1 imported, 1 rejected, 0 warnings"
    assert lines[1].startswith("line 3, hasil: ")


def test_the_import_is_audited(tmp_path, cycle, paser_staff):
    run(write_csv(tmp_path, [row(1), row(2, hasil="x")]), "--user", paser_staff.username)
    event = AuditEvent.objects.get(action="training_results.import")
    assert event.actor == paser_staff
    assert event.after == {"file": "rekap.csv", "imported": 1, "rejected": 1, "districts": ["64.01"]}
    assert ImportedTraining.objects.get().imported_by == paser_staff


def test_rows_outside_the_uploaders_districts_are_rejected(tmp_path, cycle):
    path = write_csv(tmp_path, [row(1), row(2, kode_wilayah="63.09.01.2001")])
    report = training_results_import(path=path, file_name=path.name, regency_codes={"64.01"})
    assert (report.imported, report.rejected) == (1, 1)
    assert [(p.line, p.column) for p in report.errors] == [(3, "kode_wilayah")]


def test_the_import_runs_the_same_queries_for_3_rows_as_for_60(tmp_path, cycle, paser_provider):
    def queries(serials, name):
        path = write_csv(tmp_path, [row(n, no_sertifikat=f"C-{n}") for n in serials], name=name)
        with CaptureQueriesContext(connection) as captured:
            report = training_results_import(path=path, file_name=path.name)
        assert report.imported == len(serials)
        return len(captured)

    assert queries(range(1, 4), "kecil.csv") == queries(range(100, 160), "besar.csv")
    assert ImportedTraining.objects.count() == 63


def test_a_birth_date_in_the_future_rejects_the_row_with_its_line(tmp_path, cycle):
    from datetime import timedelta

    from django.utils import timezone

    future = (timezone.localdate() + timedelta(days=400)).strftime("%d-%m-%Y")
    result = run(write_csv(tmp_path, [row(1), row(2, tanggal_lahir=future)]))
    assert result["imported"] == 1 and result["rejected"] == 1
    assert result["errors"] == [{"line": 3, "column": "tanggal_lahir",
                                 "message": f"The birth date {future} is in the future"}]
