"""The example files of docs/examples, imported through the commands the docs tell officers to run,
with the outcomes the docs state. When one of these fails, the docs no longer describe the portal:
mend the docs (and the example) together with the code."""

import csv
import io
import json
from datetime import date
from pathlib import Path

import openpyxl
import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from accounts.roles import Role
from participants.models import Application
from programs.models import CycleQuota, ProgramCycle
from regions.models import Regency
from regions.services import regions_default_source_dir
from tests.factories import UserFactory
from tests.participants.factories import ApplicationFactory
from tests.programs.factories import CycleQuotaFactory, ProgramCycleFactory
from training.reallocation.allocation import reallocate
from verification.models import DtksSnapshot, EligibilityResult, EligibilityRun

pytestmark = pytest.mark.django_db

EXAMPLES = Path(settings.BASE_DIR) / "docs" / "examples"

# The kecamatan whose desa the example files use: Tanah Grogot (Paser), Tanjung (Tabalong),
# Bantaeng (Bantaeng) and Pahandut (Palangka Raya).
EXAMPLE_SUBDISTRICTS = ("64.01.04", "63.09.04", "73.03.02", "62.71.01")

DEDI = "6401042209080002"  # the applicant whose household only is in the DTKS example

EXCEL_NIK_MESSAGE = (
    "NIK 6.40104E+15 was stored as a number and Excel shortened it; format the column as Text and type the "
    "NIK again"
)


@pytest.fixture(autouse=True)
def english():
    """The docs quote the English messages."""
    with translation.override("en"):
        yield


@pytest.fixture(scope="module")
def region_source(tmp_path_factory):
    """The real reference rows (idn-area-data, as `load_regions` reads them) of the example
    kecamatan and all their desa: the whole country takes too long for a test, and a made-up desa
    code in an example would show up as a warning."""
    source = regions_default_source_dir()
    regencies = {code[:5] for code in EXAMPLE_SUBDISTRICTS}
    wanted = {
        "provinces.csv": lambda code: code in {r[:2] for r in regencies},
        "regencies.csv": lambda code: code in regencies,
        "districts.csv": lambda code: code in EXAMPLE_SUBDISTRICTS,
        "villages.csv": lambda code: code[:8] in EXAMPLE_SUBDISTRICTS,
    }
    folder = tmp_path_factory.mktemp("regions")
    for name, keep in wanted.items():
        with (source / name).open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.reader(handle))
        with (folder / name).open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows([rows[0], *(row for row in rows[1:] if keep(row[0]))])
    return folder


@pytest.fixture
def regions(region_source):
    call_command("load_regions", "--source", str(region_source), stdout=io.StringIO())


def run_json(*args):
    """Run a command with --json; (exit code, the JSON document it printed)."""
    out = io.StringIO()
    try:
        call_command(*args, "--json", stdout=out)
    except SystemExit as exit_:
        return exit_.code, json.loads(out.getvalue())
    return 0, json.loads(out.getvalue())


def run_text(*args) -> list[str]:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue().splitlines()


@pytest.fixture
def catalog(regions):
    assert run_json("import_programs", str(EXAMPLES / "catalog.json"))[0] == 0


@pytest.fixture
def dtks(regions):
    assert run_json("import_dtks", str(EXAMPLES / "dtks.csv"), "--snapshot-date", "2026-06-30")[0] == 0


@pytest.fixture
def applicants(catalog):
    assert run_json("import_applicants", str(EXAMPLES / "applicants.csv"))[0] == 0


@pytest.fixture
def staff(regions):
    return UserFactory(username="staf.paser", role=Role.DINSOS_STAFF, regency=Regency.objects.get(code="64.01"))


@pytest.fixture
def evaluated(dtks, applicants):
    assert run_json("run_eligibility", "--program", "PSK-2026", "--sync")[0] == 0


def approve_dedi(staff):
    return run_text(
        "decide", "--program", "PSK-2026", "--nik", DEDI, "--approve", "--user", staff.username,
        "--note", "Ibu kandung (Masnah) terdaftar di DTKS dengan No. KK yang sama",
    )


# --- docs/program-catalog.md ---------------------------------------------------------------------


def test_the_catalog_example_creates_two_cycles_and_the_yaml_example_is_the_same_catalog(regions):
    assert run_text("import_programs", str(EXAMPLES / "catalog.json")) == [
        "Programs: 2 created, 0 updated, 0 unchanged"
    ]
    assert run_json("import_programs", str(EXAMPLES / "catalog.yaml")) == (
        0, {"created": 0, "updated": 0, "unchanged": 2}
    )
    assert run_json("import_programs", str(EXAMPLES / "catalog.json"))[1]["unchanged"] == 2

    psk = ProgramCycle.objects.get(code="PSK-2026")
    assert dict(psk.quotas.values_list("regency_id", "initial_quota")) == {"63.09": 1, "64.01": 1, "73.03": 1}
    assert psk.rules["max_desil"] == 4 and psk.rules["require_dtks"] is True
    assert psk.rules["regions"] == ["62.71", "63.09", "64.01", "73.03"]
    assert psk.registration_opens == date(2026, 3, 1)
    tata_boga = ProgramCycle.objects.get(code="TBG-2026-2")
    assert tata_boga.rules["age_reference_date"] == "2026-11-01"
    assert tata_boga.rules["min_education"] == "smp" and tata_boga.rules["require_dtks"] is False


def test_a_catalog_with_a_bad_value_is_refused_whole_naming_entry_and_key(regions, tmp_path):
    bad = tmp_path / "catalog.json"
    text = (EXAMPLES / "catalog.json").read_text(encoding="utf-8")
    bad.write_text(text.replace('"max_age": 20', '"max_age": "20"').replace('"63.09": 1}', '"63.90": 1}'))

    code, document = run_json("import_programs", str(bad))

    assert code == 1
    assert document["error"].splitlines() == [
        "The catalog file was refused; nothing was changed.",
        'Entry 1 ("PSK-2026"), key "rules.max_age": must be a whole number',
        'Entry 1 ("PSK-2026"), key "quotas": 63.90 is not a known kabupaten/kota code',
    ]
    assert not ProgramCycle.objects.exists()


def test_changing_the_initial_quotas_discards_a_saved_reallocation_with_a_message(evaluated, tmp_path):
    run_text("reallocate_quota", "--program", "PSK-2026")
    changed = tmp_path / "catalog.json"
    text = (EXAMPLES / "catalog.json").read_text(encoding="utf-8")
    changed.write_text(text.replace('"64.01": 1, "73.03": 1', '"64.01": 2, "73.03": 1'))

    assert run_text("import_programs", str(changed)) == [
        "Programs: 0 created, 1 updated, 1 unchanged",
        "PSK-2026: the initial quotas changed, so the reallocated quotas were discarded "
        "(63.09: 2, 64.01: 1, 73.03: 0).",
    ]
    assert set(CycleQuota.objects.filter(cycle__code="PSK-2026").values_list("reallocated_quota", flat=True)) == {None}


# --- docs/dtks-snapshot.md -----------------------------------------------------------------------


def test_the_dtks_example_lands_eight_rows_rejects_line_4_and_warns_about_line_9(regions):
    assert run_text("import_dtks", str(EXAMPLES / "dtks.csv"), "--snapshot-date", "2026-06-30") == [
        "DTKS snapshot 2026-06-30: 8 imported, 1 rejected, 1 warnings; covers 62.71, 63.09, 64.01, 73.03",
        "line 4, no_kk: No. KK must have 16 digits",
        "line 9, kode_wilayah: warning: Desa code 64.01.04.2099 is not in the current region data",
    ]
    active = DtksSnapshot.objects.active("64.01")
    assert (active.snapshot_date, active.imported_rows, active.rejected_rows) == (date(2026, 6, 30), 8, 1)


def test_an_older_dtks_extract_imported_later_does_not_replace_the_newer_one(regions):
    run_json("import_dtks", str(EXAMPLES / "dtks.csv"), "--snapshot-date", "2026-06-30")
    run_json("import_dtks", str(EXAMPLES / "dtks.csv"), "--snapshot-date", "2026-03-31")

    assert DtksSnapshot.objects.active("64.01").snapshot_date == date(2026, 6, 30)


# --- docs/applicants.md --------------------------------------------------------------------------


def test_the_applicant_example_imports_seven_and_rejects_the_excel_mangled_nik_on_line_4(catalog):
    assert run_json("import_applicants", str(EXAMPLES / "applicants.csv")) == (0, {
        "imported": 7,
        "rejected": 1,
        "districts": ["62.71", "63.09", "64.01", "73.03"],
        "errors": [{"line": 4, "column": "nik", "message": EXCEL_NIK_MESSAGE}],
        "warnings": [],
    })
    dedi = Application.objects.select_related("person").get(person__nik=DEDI)
    assert (dedi.education, dedi.school_status, dedi.village_code) == ("sd", "putus_sekolah", "64.01.04.1001")
    ahmad = Application.objects.select_related("person").get(person__name="Ahmad Fauzi")
    assert (ahmad.person.sex, ahmad.education) == ("L", "smp")
    # Nur Aini's NIK was issued in Paser (6401...), but she lives in Tabalong: her district is 63.09.
    assert Application.objects.get(person__nik="6401046511060004").regency_id == "63.09"


def test_importing_the_applicant_example_twice_adds_nothing_the_second_time(catalog):
    run_json("import_applicants", str(EXAMPLES / "applicants.csv"))

    code, again = run_json("import_applicants", str(EXAMPLES / "applicants.csv"))

    assert (code, again["imported"], again["rejected"]) == (0, 0, 8)
    assert [e["line"] for e in again["errors"]] == [2, 3, 4, 5, 6, 7, 8, 9]
    assert again["errors"][0]["message"] == "This NIK already has an application to PSK-2026"
    assert Application.objects.count() == 7


def example_as_xlsx(tmp_path, *, nik_as_number=None) -> Path:
    """docs/examples/applicants.csv saved as a workbook whose cells are all text (the columns
    formatted as Text), except that `nik_as_number` (a NIK) is put in as the number Excel keeps."""
    with (EXAMPLES / "applicants.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for cells in sheet.iter_rows():
        for cell in cells:
            cell.number_format = "@"
            if nik_as_number and cell.value == nik_as_number:
                # Excel keeps 15 significant digits: the 16th becomes 0.
                cell.value = int(nik_as_number[:15] + "0")
                cell.number_format = "0"
    path = tmp_path / "pendaftar.xlsx"
    workbook.save(path)
    return path


def test_the_applicant_example_saved_as_xlsx_with_text_columns_imports_the_same(catalog, tmp_path):
    code, result = run_json("import_applicants", str(example_as_xlsx(tmp_path)))

    assert (code, result["imported"], result["rejected"]) == (0, 7, 1)
    assert result["errors"] == [{"line": 4, "column": "nik", "message": EXCEL_NIK_MESSAGE}]


def test_a_nik_that_excel_stored_as_a_number_ending_in_0000_is_rejected_with_the_advice(catalog, tmp_path):
    # Rina's NIK 6401045708070001 as a number cell: Excel turns it into 6401045708070000.
    code, result = run_json("import_applicants", str(example_as_xlsx(tmp_path, nik_as_number="6401045708070001")))

    assert (result["imported"], result["rejected"]) == (6, 2)
    assert result["errors"][0] == {
        "line": 2, "column": "nik",
        "message": "NIK serial (last 4 digits) cannot be 0000; a NIK stored as a number in Excel loses its "
                   "last digits, store it as text",
    }


# --- docs/eligibility.md -------------------------------------------------------------------------


def test_a_cycle_that_requires_dtks_is_not_run_before_a_snapshot_is_imported(applicants):
    assert run_json("run_eligibility", "--program", "PSK-2026", "--sync") == (
        1, {"error": "Cycle PSK-2026 requires DTKS, but no DTKS snapshot is active. Import one first."}
    )


def test_the_examples_give_three_eligible_three_ineligible_and_one_to_review(dtks, applicants):
    assert run_text("run_eligibility", "--program", "PSK-2026", "--sync") == [
        "PSK-2026: 3 eligible, 3 ineligible, 1 to review"
    ]
    assert run_json("run_eligibility", "--program", "PSK-2026", "--sync") == (
        0, {"program": "PSK-2026", "ELIGIBLE": 3, "INELIGIBLE": 3, "REVIEW": 1}
    )
    results = {
        r.application.person.name: (r.status, r.reasons, r.flags)
        for r in EligibilityResult.objects.select_related("application__person")
    }
    assert results == {
        "Rina Marlina": ("ELIGIBLE", [], []),
        "Dedi Saputra": ("REVIEW", [], ["DTKS_HOUSEHOLD_ONLY"]),
        "Ahmad Fauzi": ("ELIGIBLE", [], []),
        "Nur Aini": ("ELIGIBLE", [], []),
        "Andi Baso": ("INELIGIBLE", ["DESIL_ABOVE_MAX"], []),
        "Sri Wahyuni": ("INELIGIBLE", ["SCHOOL_STATUS"], []),
        "Yohanes Krisna": ("INELIGIBLE", ["AGE_ABOVE_MAX", "NOT_IN_DTKS"], []),
    }


def test_the_export_after_approving_dedi_is_the_example_export(evaluated, staff, tmp_path):
    assert approve_dedi(staff) == [f"PSK-2026 {DEDI}: APPROVED"]
    output = tmp_path / "kelayakan-PSK-2026.csv"

    assert run_json("export_eligibility", "--program", "PSK-2026", "--output", str(output)) == (
        0, {"program": "PSK-2026", "rows": 7, "output": str(output)}
    )
    assert output.read_bytes() == (EXAMPLES / "eligibility-export.csv").read_bytes()


def test_a_newer_snapshot_that_changes_an_approved_result_marks_it_for_another_look(evaluated, staff, tmp_path):
    approve_dedi(staff)
    newer = tmp_path / "dtks-2026-09-30.csv"
    newer.write_text(
        (EXAMPLES / "dtks.csv").read_text(encoding="utf-8")
        + f"DT-64-000104,{DEDI},6401040202090003,Dedi Saputra,2008-09-22,L,64.01.04.1001,Jl. Kusuma Bangsa 12,3\n",
        encoding="utf-8",
    )
    run_json("import_dtks", str(newer), "--snapshot-date", "2026-09-30")

    assert run_json("run_eligibility", "--program", "PSK-2026", "--sync")[1]["ELIGIBLE"] == 4
    dedi = EligibilityResult.objects.get(application__person__nik=DEDI)
    assert (dedi.status, dedi.flags, dedi.decision, dedi.needs_recheck) == ("ELIGIBLE", [], "APPROVED", True)

    approve_dedi(staff)
    dedi.refresh_from_db()
    assert dedi.needs_recheck is False


# --- docs/quota-reallocation.md ------------------------------------------------------------------


def test_quotas_are_not_reallocated_before_eligibility_was_run(applicants):
    assert run_json("reallocate_quota", "--program", "PSK-2026", "--dry-run") == (
        1, {"error": "The applications of PSK-2026 were never evaluated: run eligibility first."}
    )


def test_before_dedi_is_approved_tabalong_alone_lacks_a_seat_and_gets_bantaengs(evaluated):
    _code, result = run_json("reallocate_quota", "--program", "PSK-2026", "--dry-run")

    assert (result["pool"], result["unallocated"]) == (1, 0)
    assert {d["region"]: (d["eligible"], d["extra"], d["new_quota"]) for d in result["districts"]} == {
        "63.09": (2, 1, 2), "64.01": (1, 0, 1), "73.03": (0, 0, 0),
    }


def test_the_reallocation_of_the_examples_is_the_documented_one_and_the_tie_goes_to_the_lower_code(evaluated, staff):
    approve_dedi(staff)
    expected = json.loads((EXAMPLES / "reallocate-quota.json").read_text(encoding="utf-8"))

    assert run_json("reallocate_quota", "--program", "PSK-2026", "--dry-run") == (0, expected)
    assert set(CycleQuota.objects.values_list("reallocated_quota", flat=True)) == {None}

    lines = run_text("reallocate_quota", "--program", "PSK-2026")
    assert lines[0] == "PSK-2026: new quotas saved; pool 1, unallocated 0"
    assert lines[1] == "63.09: quota 1, eligible 2, surplus 0, demand 1, extra 1, new quota 2"
    quotas = {q.regency_id: q.current_quota for q in CycleQuota.objects.filter(cycle__code="PSK-2026")}
    assert quotas == {"63.09": 2, "64.01": 1, "73.03": 0}
    # Computed from the initial quotas: running it again gives the same answer.
    assert run_json("reallocate_quota", "--program", "PSK-2026", "--dry-run") == (0, expected)


WORKED_QUOTAS = {"62.71": 10, "63.09": 8, "64.01": 10, "73.03": 5}


def test_the_worked_example_of_quota_reallocation(regions):
    cycle = ProgramCycleFactory(code="CONTOH-2026", registration_closes=date(2026, 7, 31))
    for region, seats in WORKED_QUOTAS.items():
        CycleQuotaFactory(cycle=cycle, regency=Regency.objects.get(code=region), initial_quota=seats)
    EligibilityRun.objects.create(cycle=cycle, rules=cycle.rules, rules_version=1, reference_date=date(2026, 7, 31))

    def applications(region, count, status, decision=None):
        for _n in range(count):
            application = ApplicationFactory(cycle=cycle, person__regency_code=region)
            EligibilityResult.objects.create(application=application, status=status, decision=decision)

    applications("62.71", 3, "ELIGIBLE")
    applications("62.71", 4, "INELIGIBLE")
    applications("63.09", 14, "ELIGIBLE")
    applications("73.03", 7, "ELIGIBLE")
    # Paser's 14: 12 ELIGIBLE undecided, 1 ELIGIBLE approved, 1 REVIEW approved. Not counted:
    # 1 ELIGIBLE rejected, 3 INELIGIBLE, 2 REVIEW undecided.
    applications("64.01", 12, "ELIGIBLE")
    applications("64.01", 1, "ELIGIBLE", "APPROVED")
    applications("64.01", 1, "REVIEW", "APPROVED")
    applications("64.01", 1, "ELIGIBLE", "REJECTED")
    applications("64.01", 3, "INELIGIBLE")
    applications("64.01", 2, "REVIEW")

    _code, result = run_json("reallocate_quota", "--program", "CONTOH-2026", "--dry-run")

    assert (result["pool"], result["unallocated"]) == (7, 0)
    assert [
        (d["region"], d["quota"], d["eligible"], d["surplus"], d["demand"], d["extra"], d["new_quota"])
        for d in result["districts"]
    ] == [
        ("62.71", 10, 3, 7, 0, 0, 3),
        ("63.09", 8, 14, 0, 6, 4, 12),
        ("64.01", 10, 14, 0, 4, 2, 12),
        ("73.03", 5, 7, 0, 2, 1, 6),
    ]


def test_when_the_pool_covers_every_shortfall_each_district_gets_what_it_lacks_and_the_rest_stays_unallocated():
    result = reallocate(quotas=WORKED_QUOTAS, eligible={"62.71": 1, "63.09": 9, "64.01": 14, "73.03": 7})

    assert (result.pool, result.unallocated) == (9, 2)
    assert result.new_quotas == {"62.71": 1, "63.09": 9, "64.01": 14, "73.03": 7}


def test_a_refused_command_without_json_says_why_and_changes_nothing(regions):
    with pytest.raises(CommandError, match="Unknown program code: TIDAK-ADA"):
        call_command("run_eligibility", "--program", "TIDAK-ADA", "--sync", stdout=io.StringIO())
    with pytest.raises(CommandError, match="--snapshot-date must be YYYY-MM-DD"):
        call_command("import_dtks", str(EXAMPLES / "dtks.csv"), "--snapshot-date", "30-06-2026", stdout=io.StringIO())
    assert not DtksSnapshot.objects.exists()


def test_reallocated_quotas_are_not_saved_while_registration_is_open_but_a_dry_run_works(evaluated, tmp_path):
    later = tmp_path / "catalog.json"
    later.write_text((EXAMPLES / "catalog.json").read_text(encoding="utf-8").replace("2026-07-31", "2099-07-31"))
    run_json("import_programs", str(later))

    assert run_json("reallocate_quota", "--program", "PSK-2026") == (1, {
        "error": "Registration for PSK-2026 is open through 31 Jul 2099: reallocated quotas can be saved only "
                 "after it closes."
    })
    assert run_json("reallocate_quota", "--program", "PSK-2026", "--dry-run")[0] == 0
    assert set(CycleQuota.objects.values_list("reallocated_quota", flat=True)) == {None}
