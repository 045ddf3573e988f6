"""DTKS per district (issue 9; data-contracts §3, §6, §9): a snapshot has a coverage, the active
snapshot is chosen per kabupaten, the current registry is every kabupaten's active snapshot, an
applicant whose district has none is DTKS_NOT_LOADED, and only staff of the covered districts
(or provincial staff above them) import or delete a snapshot."""

import io
import json
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from audit.models import AuditEvent
from core.errors import PortalError
from core.jobs import run_job
from core.models import Job
from tests.participants.factories import ApplicationFactory, PersonFactory
from verification import tasks
from verification.models import DtksSnapshot, EligibilityResult, VerificationJob
from verification.selectors import application_explanation, application_get_visible
from verification.services import dtks_import_file, dtks_import_start, dtks_snapshot_delete, eligibility_run

from .conftest import dtks_row
from .factories import ProgramCycleFactory

pytestmark = pytest.mark.django_db

HEADER = "id_dtks,nik,no_kk,nama,tanggal_lahir,jenis_kelamin,kode_wilayah,alamat,desil"


@pytest.fixture(autouse=True)
def english_messages():
    with translation.override("en"):
        yield


def _result(application):
    result = EligibilityResult.objects.get(application=application)
    return result.status, result.reasons, result.flags


def _csv(tmp_path, people, name="dtks.csv"):
    path = tmp_path / name
    rows = [HEADER] + [
        f",{p.nik},{p.no_kk},{p.name},{p.birth_date:%Y-%m-%d},{p.sex},{p.village_code},,2" for p in people
    ]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def _import_dtks_json(*args):
    out = io.StringIO()
    try:
        call_command("import_dtks", *args, "--json", stdout=out)
    except SystemExit:
        pass
    return json.loads(out.getvalue())


# --- §3: the active snapshot per kabupaten and the current registry ------------------------------


def test_a_newer_paser_extract_does_not_hide_bantaengs_applicants(dtks_cycle, paser_village, bantaeng_village,
                                                                  write_dtks):
    paser_applicant = ApplicationFactory(cycle=dtks_cycle, person__regency_code="64.01")
    bantaeng_applicant = ApplicationFactory(cycle=dtks_cycle, person__regency_code="73.03")
    write_dtks([dtks_row(bantaeng_applicant.person)], snapshot_date=date(2026, 3, 31), coverage=["73.03"])
    paser = write_dtks([dtks_row(paser_applicant.person)], snapshot_date=date(2026, 6, 30), coverage=["64.01"])

    eligibility_run(cycle=dtks_cycle)

    assert _result(bantaeng_applicant) == ("ELIGIBLE", [], [])
    assert _result(paser_applicant) == ("ELIGIBLE", [], [])
    assert DtksSnapshot.objects.active("64.01") == paser
    assert DtksSnapshot.objects.active("73.03").snapshot_date == date(2026, 3, 31)


def test_a_district_counts_only_the_rows_of_its_own_active_snapshot(dtks_cycle, paser_village, bantaeng_village,
                                                                   write_dtks):
    """An old province-wide extract still holds a Paser person; Paser's newer extract does not list
    her any more, so she is not in the current registry. Bantaeng's rows of the old extract stand."""
    dropped = ApplicationFactory(cycle=dtks_cycle, person__regency_code="64.01")
    listed = ApplicationFactory(cycle=dtks_cycle, person__regency_code="64.01")
    bantaeng_applicant = ApplicationFactory(cycle=dtks_cycle, person__regency_code="73.03")
    write_dtks([dtks_row(dropped.person), dtks_row(listed.person), dtks_row(bantaeng_applicant.person)],
               snapshot_date=date(2026, 1, 31))
    write_dtks([dtks_row(listed.person)], snapshot_date=date(2026, 6, 30), coverage=["64.01"])

    eligibility_run(cycle=dtks_cycle)

    assert _result(dropped) == ("INELIGIBLE", ["NOT_IN_DTKS"], [])
    assert _result(listed) == ("ELIGIBLE", [], [])
    assert _result(bantaeng_applicant) == ("ELIGIBLE", [], [])


def test_a_person_who_moved_is_found_in_the_extract_of_the_district_that_lists_them(
        dtks_cycle, paser_village, bantaeng_village, write_dtks):
    """Looked up whatever the applicant's district: a Paser applicant listed only by Bantaeng's
    Dinas Sosial is found (and her desil is Bantaeng's)."""
    applicant = ApplicationFactory(cycle=dtks_cycle, person__regency_code="64.01")
    write_dtks([dtks_row(PersonFactory(regency_code="64.01"))], coverage=["64.01"])
    write_dtks([dtks_row(applicant.person, kode_wilayah="73.03.01.2001", desil=9)], snapshot_date=date(2026, 5, 1),
               coverage=["73.03"])

    eligibility_run(cycle=dtks_cycle)

    assert _result(applicant) == ("INELIGIBLE", ["DESIL_ABOVE_MAX"], [])


def test_a_person_listed_by_two_districts_is_judged_by_the_row_of_their_own_district(
        dtks_cycle, paser_village, bantaeng_village, write_dtks):
    applicant = ApplicationFactory(cycle=dtks_cycle, person__regency_code="64.01")
    write_dtks([dtks_row(applicant.person, desil=2)], snapshot_date=date(2026, 1, 31), coverage=["64.01"])
    write_dtks([dtks_row(applicant.person, kode_wilayah="73.03.01.2001", desil=9)], snapshot_date=date(2026, 6, 30),
               coverage=["73.03"])

    run = eligibility_run(cycle=dtks_cycle)

    assert _result(applicant) == ("ELIGIBLE", [], [])
    assert set(run.registry) == {"64.01", "73.03"}


# --- §6: DTKS_NOT_LOADED ---------------------------------------------------------------------------


def test_an_applicant_of_a_district_with_no_snapshot_goes_to_review_not_to_not_in_dtks(
        dtks_cycle, paser_village, bantaeng_village, write_dtks):
    paser_absent = ApplicationFactory(cycle=dtks_cycle, person__regency_code="64.01")
    bantaeng_absent = ApplicationFactory(cycle=dtks_cycle, person__regency_code="73.03")
    write_dtks([dtks_row(PersonFactory(regency_code="64.01"))], coverage=["64.01"])

    run = eligibility_run(cycle=dtks_cycle)

    assert _result(paser_absent) == ("INELIGIBLE", ["NOT_IN_DTKS"], [])
    assert _result(bantaeng_absent) == ("REVIEW", [], ["DTKS_NOT_LOADED"])
    assert run.counts["REVIEW"] == 1


def test_an_applicant_found_elsewhere_is_not_flagged_though_their_district_has_no_snapshot(
        dtks_cycle, paser_village, bantaeng_village, write_dtks):
    applicant = ApplicationFactory(cycle=dtks_cycle, person__regency_code="73.03")
    ApplicationFactory(cycle=dtks_cycle, person__regency_code="64.01")
    write_dtks([dtks_row(applicant.person, kode_wilayah="64.01.01.2001")], coverage=["64.01"])

    eligibility_run(cycle=dtks_cycle)

    assert _result(applicant) == ("ELIGIBLE", [], [])


def test_the_application_page_names_the_missing_district_registry_and_its_label_is_indonesian(
        client, dtks_cycle, paser_village, bantaeng_village, bantaeng_staff, write_dtks):
    applicant = ApplicationFactory(cycle=dtks_cycle, person__regency_code="73.03")
    ApplicationFactory(cycle=dtks_cycle, person__regency_code="64.01")
    write_dtks([dtks_row(PersonFactory(regency_code="64.01"))], coverage=["64.01"])
    eligibility_run(cycle=dtks_cycle)
    client.force_login(bantaeng_staff)

    page = client.get(reverse("verification:application-detail", args=[applicant.pk])).content.decode()

    assert "73.03 has no active DTKS snapshot" in page
    with translation.override("id"):
        from verification.rules import _LABELS

        assert str(_LABELS["DTKS_NOT_LOADED"]) == "DTKS kabupaten/kota pendaftar sudah dimuat"


def test_the_explanation_names_the_date_and_coverage_of_the_snapshot_a_finding_came_from(
        dtks_cycle, paser_village, bantaeng_village, bantaeng_staff, write_dtks):
    applicant = ApplicationFactory(cycle=dtks_cycle, person__regency_code="73.03")
    write_dtks([dtks_row(applicant.person, desil=7)], snapshot_date=date(2026, 4, 30), coverage=["73.03"])
    write_dtks([dtks_row(PersonFactory(regency_code="64.01"))], snapshot_date=date(2026, 6, 30), coverage=["64.01"])
    eligibility_run(cycle=dtks_cycle)

    explanation = application_explanation(
        application=application_get_visible(user=bantaeng_staff, application_id=applicant.pk)
    )

    desil = next(c for c in explanation.criteria if c.code == "DESIL_ABOVE_MAX")
    assert (desil.passed, desil.source) == (False, "DTKS snapshot 30 Apr 2026 (73.03)")
    assert (explanation.snapshot_date, explanation.snapshot_coverage) == (date(2026, 4, 30), ["73.03"])


def test_a_cycle_needing_dtks_is_refused_while_none_of_its_districts_has_a_snapshot(
        paser_village, bantaeng_village, write_dtks):
    cycle = ProgramCycleFactory(rules={"require_dtks": True, "regions": ["73.03"]})
    ApplicationFactory(cycle=cycle, person__regency_code="73.03")
    write_dtks([dtks_row(PersonFactory(regency_code="64.01"))], coverage=["64.01"])

    with pytest.raises(PortalError, match="none of its districts has an active DTKS snapshot"):
        eligibility_run(cycle=cycle)


# --- §3 coverage and §9 import_dtks --district, JSON `districts` -----------------------------------


def test_import_dtks_with_district_rejects_rows_outside_it_and_reports_the_coverage(
        tmp_path, paser_village, bantaeng_village):
    paser_person, bantaeng_person = PersonFactory(regency_code="64.01"), PersonFactory(regency_code="73.03")
    path = _csv(tmp_path, [paser_person, bantaeng_person])

    result = _import_dtks_json(str(path), "--snapshot-date", "2026-06-30", "--district", "7303")

    assert (result["imported"], result["rejected"], result["districts"]) == (1, 1, ["73.03"])
    assert result["errors"] == [{"line": 2, "column": "kode_wilayah",
                                 "message": "Kabupaten/kota 64.01 is outside this snapshot's coverage (73.03)"}]
    assert list(result) == ["imported", "rejected", "districts", "errors", "warnings"]
    assert DtksSnapshot.objects.get().coverage == ["73.03"]


def test_import_dtks_without_district_covers_the_kabupaten_of_its_accepted_rows_and_says_so(
        tmp_path, paser_village, bantaeng_village, tabalong):
    people = [PersonFactory(regency_code="73.03"), PersonFactory(regency_code="64.01")]
    path = _csv(tmp_path, people)

    assert _import_dtks_json(str(path), "--snapshot-date", "2026-06-30")["districts"] == ["64.01", "73.03"]
    out = io.StringIO()
    call_command("import_dtks", str(path), "--snapshot-date", "2026-07-31", stdout=out)
    assert out.getvalue().splitlines()[0] == (
        "DTKS snapshot 2026-07-31: 2 imported, 0 rejected, 0 warnings; covers 64.01, 73.03"
    )
    assert DtksSnapshot.objects.active("63.09") is None


def test_a_district_named_twice_or_undotted_is_one_district_and_an_unknown_one_is_refused(tmp_path, paser_village):
    path = _csv(tmp_path, [PersonFactory(regency_code="64.01")])

    assert _import_dtks_json(str(path), "--snapshot-date", "2026-06-30", "--district", "6401",
                             "--district", "64.01")["districts"] == ["64.01"]
    assert _import_dtks_json(str(path), "--snapshot-date", "2026-06-30", "--district", "99.99") == {
        "error": "Unknown kabupaten/kota: 99.99"
    }


# --- who may import and delete -------------------------------------------------------------------------


def test_the_command_refuses_a_user_importing_for_another_district(tmp_path, paser_village, bantaeng_staff):
    path = _csv(tmp_path, [PersonFactory(regency_code="64.01")])

    result = _import_dtks_json(str(path), "--snapshot-date", "2026-06-30", "--district", "64.01",
                               "--user", bantaeng_staff.username)

    assert "Only staff of a covered district" in result["error"]
    assert not DtksSnapshot.objects.exists()


def test_a_district_user_without_district_imports_only_their_own_rows(tmp_path, paser_village, bantaeng_village,
                                                                      paser_staff):
    path = _csv(tmp_path, [PersonFactory(regency_code="64.01"), PersonFactory(regency_code="73.03")])

    result = _import_dtks_json(str(path), "--snapshot-date", "2026-06-30", "--user", paser_staff.username)

    assert (result["imported"], result["rejected"], result["districts"]) == (1, 1, ["64.01"])
    assert result["errors"][0]["message"] == (
        "Kabupaten/kota 73.03 is not one of the districts you may import DTKS for"
    )


def test_an_upload_covers_the_uploaders_district(client, tmp_path, settings, paser_village, bantaeng_village,
                                                 paser_staff):
    settings.MEDIA_ROOT = tmp_path
    path = _csv(tmp_path, [PersonFactory(regency_code="64.01"), PersonFactory(regency_code="73.03")])
    client.force_login(paser_staff)

    response = client.post(reverse("verification:snapshot-upload"), {
        "snapshot_date": "30-06-2026", "file": SimpleUploadedFile("dtks.csv", path.read_bytes()),
    })

    job = Job.objects.get(kind=VerificationJob.DTKS_IMPORT)
    assert response.status_code == 302
    assert (job.params["districts"], job.regency_code) == (["64.01"], "64.01")
    run_job(job, tasks._import_dtks_work)
    job.refresh_from_db()
    assert (job.result["imported"], job.result["rejected"], job.result["districts"]) == (1, 1, ["64.01"])
    assert DtksSnapshot.objects.get().coverage == ["64.01"]


def test_provincial_staff_pick_districts_of_their_province_only(client, tmp_path, settings, paser_village,
                                                                bantaeng, kaltim_staff):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(kaltim_staff)
    page = client.get(reverse("verification:snapshot-upload")).content.decode()
    assert 'value="64.01"' in page and 'value="73.03"' not in page

    refused = client.post(reverse("verification:snapshot-upload"), {
        "snapshot_date": "30-06-2026", "districts": ["73.03"],
        "file": SimpleUploadedFile("dtks.csv", HEADER.encode() + b"\n"),
    })
    assert refused.status_code == 200 and not Job.objects.exists()

    client.post(reverse("verification:snapshot-upload"), {
        "snapshot_date": "30-06-2026", "districts": ["64.01"],
        "file": SimpleUploadedFile("dtks.csv", HEADER.encode() + b"\n"),
    })
    assert Job.objects.get().params["districts"] == ["64.01"]


def test_starting_an_import_job_for_another_district_is_refused(paser, bantaeng_staff):
    with pytest.raises(PortalError, match="Only staff of a covered district"):
        dtks_import_start(stored_path="/tmp/x.csv", file_name="x.csv", snapshot_date=date(2026, 6, 30),
                          by=bantaeng_staff, coverage=["64.01"])
    assert not Job.objects.exists()


def test_only_staff_of_the_covered_district_or_its_province_delete_a_snapshot(
        client, paser_village, bantaeng_village, paser_staff, bantaeng_staff, kaltim_staff, write_dtks):
    snapshot = write_dtks([dtks_row(PersonFactory(regency_code="64.01"))], coverage=["64.01"])
    url = reverse("verification:snapshot-delete", args=[snapshot.pk])

    client.force_login(bantaeng_staff)
    assert client.post(url, {"confirm": "on"}).status_code == 404
    with pytest.raises(PortalError):
        dtks_snapshot_delete(snapshot=snapshot, by=bantaeng_staff)
    assert DtksSnapshot.objects.filter(pk=snapshot.pk).exists()

    client.force_login(kaltim_staff)
    assert client.post(url, {"confirm": "on"}).status_code == 302
    assert not DtksSnapshot.objects.filter(pk=snapshot.pk).exists()
    assert AuditEvent.objects.filter(action="dtks.delete", actor=kaltim_staff).exists()


def test_a_snapshot_of_two_districts_is_deleted_only_by_someone_above_both(
        client, paser_village, bantaeng_village, paser_staff, system_admin, write_dtks):
    snapshot = write_dtks([dtks_row(PersonFactory(regency_code="64.01")),
                           dtks_row(PersonFactory(regency_code="73.03"))])
    assert snapshot.coverage == ["64.01", "73.03"]
    url = reverse("verification:snapshot-delete", args=[snapshot.pk])

    client.force_login(paser_staff)
    listing = client.get(reverse("verification:snapshot-list")).content.decode()
    assert "Active for 64.01" in listing and url not in listing
    assert client.get(url).status_code == 403

    client.force_login(system_admin)
    assert url in client.get(reverse("verification:snapshot-list")).content.decode()
    assert client.post(url, {"confirm": "on"}).status_code == 302


def test_the_snapshot_list_shows_a_district_only_its_own_districts_snapshots(
        client, paser_village, bantaeng_village, bantaeng_staff, write_dtks):
    write_dtks([dtks_row(PersonFactory(regency_code="64.01"))], coverage=["64.01"])
    bantaeng = write_dtks([dtks_row(PersonFactory(regency_code="73.03"))], snapshot_date=date(2026, 5, 1),
                          coverage=["73.03"])
    client.force_login(bantaeng_staff)

    response = client.get(reverse("verification:snapshot-list"))

    assert [s.pk for s in response.context["page"]] == [bantaeng.pk]
    assert response.context["active"] == {"73.03": bantaeng}


def test_the_cycle_page_lists_each_districts_active_snapshot(client, dtks_cycle, paser_village, bantaeng_village,
                                                             system_admin, write_dtks):
    ApplicationFactory(cycle=dtks_cycle, person__regency_code="64.01")
    ApplicationFactory(cycle=dtks_cycle, person__regency_code="73.03")
    write_dtks([dtks_row(PersonFactory(regency_code="64.01"))], coverage=["64.01"])
    client.force_login(system_admin)

    response = client.get(reverse("verification:cycle-detail", args=[dtks_cycle.code]))

    districts = dict(response.context["dtks_districts"])
    assert set(districts) == {"64.01", "73.03"}
    assert districts["64.01"].coverage == ["64.01"] and districts["73.03"] is None
    assert "DTKS_NOT_LOADED" in response.content.decode()

    write_dtks([dtks_row(PersonFactory(regency_code="73.03"))], snapshot_date=date(2026, 5, 1), coverage=["73.03"])
    eligibility_run(cycle=dtks_cycle)
    run = client.get(reverse("verification:cycle-detail", args=[dtks_cycle.code])).context["run"]
    assert run.registry_dates == [("64.01", date(2026, 6, 1)), ("73.03", date(2026, 5, 1))]


def test_dtks_import_file_refuses_coverage_a_user_may_not_import(tmp_path, paser_village, bantaeng_staff):
    path = _csv(tmp_path, [PersonFactory(regency_code="64.01")])
    with pytest.raises(PortalError):
        dtks_import_file(path=path, file_name="dtks.csv", snapshot_date=date(2026, 6, 30), coverage=["64.01"],
                         by=bantaeng_staff)


def test_the_upload_page_tells_district_staff_what_their_snapshot_covers(client, paser_staff):
    client.force_login(paser_staff)

    page = client.get(reverse("verification:snapshot-upload")).content.decode()

    assert "The snapshot covers your district, 64.01 Kabupaten Paser" in page
    assert 'name="districts"' not in page


def test_deleting_a_districts_only_snapshot_sends_its_applicants_not_found_to_review(
        dtks_cycle, paser_village, bantaeng_village, bantaeng_staff, write_dtks):
    paser_absent = ApplicationFactory(cycle=dtks_cycle, person__regency_code="64.01")
    bantaeng_absent = ApplicationFactory(cycle=dtks_cycle, person__regency_code="73.03")
    write_dtks([dtks_row(PersonFactory(regency_code="64.01"))], coverage=["64.01"])
    bantaeng = write_dtks([dtks_row(PersonFactory(regency_code="73.03"))], snapshot_date=date(2026, 5, 1),
                          coverage=["73.03"])
    eligibility_run(cycle=dtks_cycle)
    assert _result(bantaeng_absent) == ("INELIGIBLE", ["NOT_IN_DTKS"], [])

    dtks_snapshot_delete(snapshot=bantaeng, by=bantaeng_staff)
    eligibility_run(cycle=dtks_cycle)

    assert _result(bantaeng_absent) == ("REVIEW", [], ["DTKS_NOT_LOADED"])
    assert _result(paser_absent) == ("INELIGIBLE", ["NOT_IN_DTKS"], [])
