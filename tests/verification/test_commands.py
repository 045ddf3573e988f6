"""The verification commands of §9, docs/commands.md (import_dtks, run_eligibility, decide,
export_eligibility), on small files the tests write themselves."""

import csv
import io
import json
from datetime import date

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from audit.models import AuditEvent
from tests.participants.factories import ApplicationFactory
from verification.models import DtksSnapshot, EligibilityResult

from .conftest import dtks_row

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_messages():
    """The commands speak the portal's language (Indonesian by default); these tests read the
    English message ids."""
    with translation.override("en"):
        yield

DTKS_HEADER = "id_dtks;nik;no_kk;nama;tanggal_lahir;jenis_kelamin;kode_wilayah;alamat;desil"


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def run_json(*args):
    return json.loads(run(*args, "--json"))


def write(tmp_path, name, lines, *, bom=False):
    path = tmp_path / name
    path.write_text(("\ufeff" if bom else "") + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_import_dtks_reports_rejected_rows_by_line_and_keeps_the_good_ones(tmp_path, paser_village):
    path = write(tmp_path, "dtks.csv", [
        DTKS_HEADER,
        "1;6401014101050001;6401010101010001;Siti;2005-01-01;P;64.01.01.2001;;3",
        "",  # an empty row is skipped but still counts
        "2;6401014101050001;6401010101010001;Siti lagi;;P;64.01.01.2001;;3",
        "3;6401010101050002;6401010101010002;;;X;64.01.01.2001;;11",
        "4;6401010202060003;6401010101010003;Budi;02/02/2006;LAKI-LAKI;6401019999;;",
    ], bom=True)
    result = run_json("import_dtks", str(path), "--snapshot-date", "2026-06-30")
    assert result["imported"] == 2 and result["rejected"] == 2
    problems = {(e["line"], e["column"]) for e in result["errors"]}
    assert problems == {(4, "nik"), (5, "nama"), (5, "jenis_kelamin"), (5, "desil")}
    assert result["warnings"] == [
        {"line": 6, "column": "kode_wilayah", "message": "Desa code 64.01.01.9999 is not in the current region data"}
    ]
    snapshot = DtksSnapshot.objects.active("64.01")
    assert (snapshot.snapshot_date, snapshot.imported_rows, snapshot.rejected_rows) == (date(2026, 6, 30), 2, 2)


def test_import_dtks_text_output_is_a_summary_then_one_line_per_problem(tmp_path, paser_village):
    path = write(tmp_path, "dtks.csv", [DTKS_HEADER, "1;123;6401010101010001;Siti;;P;64.01.01.2001;;"])
    lines = run("import_dtks", str(path), "--snapshot-date", "2026-06-30").strip().splitlines()
    assert lines[0].startswith("DTKS snapshot 2026-06-30: 0 imported, 1 rejected")
    assert lines[1].startswith("line 2, nik:")


def test_a_snapshot_that_accepted_no_row_never_becomes_active(tmp_path, paser_village, write_dtks):
    good = write_dtks([{"nik": "6401014101050001", "no_kk": "6401010101010001", "nama": "Siti",
                        "kode_wilayah": "64.01.01.2001"}], snapshot_date=date(2026, 1, 1))
    path = write(tmp_path, "semua-salah.csv", [DTKS_HEADER, "1;salah;6401010101010001;Siti;;P;64.01.01.2001;;"])
    run_json("import_dtks", str(path), "--snapshot-date", "2026-12-31")
    assert DtksSnapshot.objects.active("64.01") == good


def test_an_empty_file_creates_no_snapshot(tmp_path):
    path = write(tmp_path, "kosong.csv", [DTKS_HEADER])
    assert run_json("import_dtks", str(path), "--snapshot-date", "2026-06-30")["imported"] == 0
    assert not DtksSnapshot.objects.exists()


def test_the_newest_snapshot_date_wins_even_when_an_older_extract_is_imported_later(paser_village, write_dtks):
    row = {"nik": "6401014101050001", "no_kk": "6401010101010001", "nama": "Siti", "kode_wilayah": "64.01.01.2001"}
    newer = write_dtks([row], snapshot_date=date(2026, 6, 30))
    write_dtks([row], snapshot_date=date(2026, 3, 31))
    assert DtksSnapshot.objects.active("64.01") == newer
    same_date_later = write_dtks([row], snapshot_date=date(2026, 6, 30))
    assert DtksSnapshot.objects.active("64.01") == same_date_later


@pytest.mark.parametrize(
    "lines, message",
    [
        (["nik,no_kk,nama,kode_wilayah,nik", "x,x,x,x,x"], "nik"),
        (["nik,nama,kode_wilayah", "6401014101050001,Siti,64.01.01.2001"], "no_kk"),
        (["nik\tno_kk\tnama\tkode_wilayah", "a\tb\tc\td"], "no_kk"),  # a tab-separated file
    ],
)
def test_a_refused_file_exits_1_naming_the_column_and_changes_nothing(tmp_path, lines, message, capsys):
    path = write(tmp_path, "dtks.csv", lines)
    with pytest.raises(SystemExit) as exit_info:
        call_command("import_dtks", str(path), "--snapshot-date", "2026-06-30", "--json")
    assert exit_info.value.code == 1
    assert message in json.loads(capsys.readouterr().out)["error"]
    assert DtksSnapshot.objects.completed().count() == 0


def test_import_dtks_refuses_a_missing_file_and_a_bad_date(tmp_path):
    with pytest.raises(CommandError, match="File not found"):
        call_command("import_dtks", str(tmp_path / "tidak-ada.csv"), "--snapshot-date", "2026-06-30")
    path = write(tmp_path, "dtks.csv", [DTKS_HEADER])
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("import_dtks", str(path), "--snapshot-date", "30-06-2026")


def test_a_non_csv_file_renamed_csv_is_refused(tmp_path):
    path = tmp_path / "dtks.csv"
    path.write_bytes(b"PK\x03\x04\x14\x00\x00\x00\x08\x00binary\x00\x00")
    with pytest.raises(CommandError):
        call_command("import_dtks", str(path), "--snapshot-date", "2026-06-30")
    assert not DtksSnapshot.objects.completed().exists()


def test_run_eligibility_sync_counts_statuses_and_matches_the_household(dtks_cycle, paser_village, write_dtks):
    in_dtks = ApplicationFactory(cycle=dtks_cycle)
    household_only = ApplicationFactory(cycle=dtks_cycle)
    outside = ApplicationFactory(cycle=dtks_cycle)
    write_dtks([
        dtks_row(in_dtks.person, desil=2),
        dtks_row(household_only.person, nik="6401014101050099", nama="Ibu", desil=9),
    ])
    result = run_json("run_eligibility", "--program", dtks_cycle.code, "--sync")
    assert result == {"program": dtks_cycle.code, "ELIGIBLE": 1, "INELIGIBLE": 1, "REVIEW": 1}
    results = {r.application_id: r for r in EligibilityResult.objects.all()}
    assert results[in_dtks.pk].status == "ELIGIBLE"
    # Household-only: REVIEW, and the desil rules are skipped (the household row's desil 9 is ignored).
    assert (results[household_only.pk].status, results[household_only.pk].flags) == ("REVIEW", ["DTKS_HOUSEHOLD_ONLY"])
    assert (results[outside.pk].status, results[outside.pk].reasons) == ("INELIGIBLE", ["NOT_IN_DTKS"])


def test_run_eligibility_is_refused_while_no_snapshot_is_active(dtks_cycle, capsys):
    ApplicationFactory(cycle=dtks_cycle)
    with pytest.raises(SystemExit):
        call_command("run_eligibility", "--program", dtks_cycle.code, "--sync", "--json")
    assert "no DTKS snapshot is active" in json.loads(capsys.readouterr().out)["error"]
    assert not EligibilityResult.objects.exists()


def test_an_unknown_program_code_exits_1_with_a_clear_message(capsys):
    for command in (["run_eligibility", "--program", "TIDAK-ADA", "--sync"],
                    ["export_eligibility", "--program", "TIDAK-ADA", "--output", "/tmp/x.csv"]):
        with pytest.raises(SystemExit) as exit_info:
            call_command(*command, "--json")
        assert exit_info.value.code == 1
        assert json.loads(capsys.readouterr().out) == {"error": "Unknown program code: TIDAK-ADA"}


def test_run_eligibility_without_sync_queues_a_job_and_prints_its_id(cycle, django_capture_on_commit_callbacks):
    ApplicationFactory(cycle=cycle)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        result = run_json("run_eligibility", "--program", cycle.code)
    assert set(result) == {"program", "job"} and result["program"] == cycle.code
    assert len(callbacks) == 1  # the task is sent once the job row is committed


def test_decide_is_audited_and_survives_a_rerun(cycle, paser_staff, paser_application):
    run_json("run_eligibility", "--program", cycle.code, "--sync")
    run("decide", "--program", cycle.code, "--nik", paser_application.person.nik, "--reject",
        "--note", "Sudah bekerja", "--user", paser_staff.username)
    run_json("run_eligibility", "--program", cycle.code, "--sync")
    result = EligibilityResult.objects.get(application=paser_application)
    assert (result.status, result.decision, result.decision_note) == ("ELIGIBLE", "REJECTED", "Sudah bekerja")
    assert not result.needs_recheck
    event = AuditEvent.objects.get(action="application.decide")
    assert event.actor == paser_staff and event.after["decision"] == "REJECTED" and event.before["decision"] is None


def test_decide_refuses_an_unknown_nik_and_a_user_who_may_not_decide(
    cycle, paser_application, paser_blk_admin, paser_staff
):
    with pytest.raises(CommandError, match="No application"):
        call_command("decide", "--program", cycle.code, "--nik", "6401014101050077", "--approve", "--note", "x",
                     "--user", paser_staff.username)
    with pytest.raises(CommandError, match="may not decide"):
        call_command("decide", "--program", cycle.code, "--nik", paser_application.person.nik, "--approve",
                     "--note", "x", "--user", paser_blk_admin.username)


def test_export_eligibility_writes_the_seven_columns_ordered_by_nik_with_a_bom(
    tmp_path, cycle, paser_staff, paser_village
):
    first = ApplicationFactory(cycle=cycle)
    never = ApplicationFactory(cycle=cycle)
    young = ApplicationFactory(cycle=cycle, person__birth_date=date(2015, 1, 1))
    run_json("run_eligibility", "--program", cycle.code, "--sync")
    run("decide", "--program", cycle.code, "--nik", young.person.nik, "--approve", "--note", "ok",
        "--user", paser_staff.username)
    ApplicationFactory(cycle=cycle)  # registered after the run: never evaluated
    out = tmp_path / "hasil.csv"
    run("export_eligibility", "--program", cycle.code, "--output", str(out))
    raw = out.read_bytes()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0][:7] == ["nik", "program", "status", "reasons", "flags", "decision", "needs_recheck"]
    body = rows[1:]
    assert [r[0] for r in body] == sorted(r[0] for r in body)
    by_nik = {r[0]: r[:7] for r in body}
    assert by_nik[first.person.nik] == [first.person.nik, cycle.code, "ELIGIBLE", "", "", "", "0"]
    assert by_nik[young.person.nik] == [
        young.person.nik, cycle.code, "INELIGIBLE", "AGE_BELOW_MIN", "", "APPROVED", "0",
    ]
    assert len(body) == 4 and never.person.nik in by_nik
    unevaluated = [r for r in body if r[2] == ""]
    assert len(unevaluated) == 1 and unevaluated[0][6] == "0"


def test_command_messages_are_in_indonesian_by_default(tmp_path):
    with translation.override("id"), pytest.raises(CommandError, match="Berkas tidak ditemukan"):
        call_command("import_dtks", str(tmp_path / "tidak-ada.csv"), "--snapshot-date", "2026-06-30")
