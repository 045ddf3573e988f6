import csv
import io
from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.roles import Role
from audit.models import AuditEvent
from core.models import Job
from tests.factories import UserFactory
from tests.pages import table_rows
from tests.participants.factories import ApplicationFactory, PersonFactory
from verification.models import DtksSnapshot, EligibilityResult, VerificationJob
from verification.services import eligibility_run

from .conftest import dtks_row
from .factories import ProgramCycleFactory

pytestmark = pytest.mark.django_db


def _list_url(cycle, **params):
    url = reverse("verification:application-list", args=[cycle.code])
    if params:
        url += "?" + "&".join(f"{k}={v}" for k, v in params.items())
    return url


@pytest.fixture
def verifier_without_full_nik(paser):
    """Someone who may verify applications but not read whole NIKs."""
    user = UserFactory(username="verifikator.paser", role=Role.BLK_ADMIN, regency=paser)
    user.user_permissions.add(Permission.objects.get(content_type__app_label="accounts", codename="verify_eligibility"))
    return user


# --- cycles ----------------------------------------------------------------------------------


def test_cycle_list_counts_only_the_users_district(client, paser_staff, paser_application, bantaeng_application):
    ApplicationFactory(cycle=paser_application.cycle, person__regency_code="64.01")
    client.force_login(paser_staff)
    response = client.get(reverse("verification:cycle-list"))
    assert response.status_code == 200
    cycle = next(c for c in response.context["page"] if c.code == "PKPPS-2026")
    assert cycle.count_total == 2
    assert cycle.count_not_evaluated == 2


def test_cycle_detail_shows_latest_run(client, paser_staff, paser_application):
    eligibility_run(cycle=paser_application.cycle)
    client.force_login(paser_staff)
    response = client.get(reverse("verification:cycle-detail", args=[paser_application.cycle.code]))
    assert response.status_code == 200
    assert response.context["run"] is not None
    assert response.context["cycle"].count_eligible == 1


def test_run_button_without_active_snapshot_shows_the_refusal(client, paser_staff, dtks_cycle):
    client.force_login(paser_staff)
    response = client.post(reverse("verification:cycle-run", args=[dtks_cycle.code]), follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "no DTKS snapshot is active" in page
    assert "Traceback" not in page
    assert not Job.objects.filter(kind=VerificationJob.ELIGIBILITY_RUN).exists()


def test_run_button_queues_a_job_and_the_page_follows_it(client, paser_staff, cycle):
    client.force_login(paser_staff)
    response = client.post(reverse("verification:cycle-run", args=[cycle.code]), follow=True)
    job = Job.objects.get(kind=VerificationJob.ELIGIBILITY_RUN)
    assert job.params["cycle_id"] == cycle.pk
    assert reverse("core:job-progress", args=[job.pk]) in response.content.decode()


def test_export_is_scoped_to_the_users_district(client, paser_staff, paser_application, bantaeng_application):
    eligibility_run(cycle=paser_application.cycle)
    client.force_login(paser_staff)
    response = client.get(reverse("verification:cycle-export", args=[paser_application.cycle.code]))
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    body = b"".join(response.streaming_content)
    assert body.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0][:7] == ["nik", "program", "status", "reasons", "flags", "decision", "needs_recheck"]
    assert [r[0] for r in rows[1:]] == [paser_application.person.nik]
    assert rows[1][1:7] == ["PKPPS-2026", "ELIGIBLE", "", "", "", "0"]


def test_export_for_a_system_admin_has_every_district(client, system_admin, paser_application, bantaeng_application):
    client.force_login(system_admin)
    response = client.get(reverse("verification:cycle-export", args=[paser_application.cycle.code]))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert sorted(r[0] for r in rows[1:]) == sorted([paser_application.person.nik, bantaeng_application.person.nik])


def test_pages_need_the_capability(client, paser_blk_admin, cycle):
    client.force_login(paser_blk_admin)
    assert client.get(reverse("verification:cycle-list")).status_code == 403
    assert client.get(reverse("verification:snapshot-list")).status_code == 403


# --- application list ------------------------------------------------------------------------


def test_application_list_does_not_show_other_districts(client, paser_staff, paser_application, bantaeng_application):
    client.force_login(paser_staff)
    page = client.get(_list_url(paser_application.cycle)).content.decode()
    assert "Andi Paser" in page
    assert "Basri Bantaeng" not in page
    assert bantaeng_application.person.nik not in page
    assert bantaeng_application.person.nik[:6] not in page


def test_application_list_masks_the_nik(client, paser_staff, paser_application):
    client.force_login(paser_staff)
    page = client.get(_list_url(paser_application.cycle)).content.decode()
    nik = paser_application.person.nik
    assert nik not in page
    assert nik[:6] + "********" + nik[-2:] in page


@pytest.fixture
def three_results(cycle, paser_village):
    """After a run: one ELIGIBLE, one INELIGIBLE (too old), one REVIEW (NIK disagrees with birth date)."""
    eligible = ApplicationFactory(cycle=cycle, person__name="Eli Layak")
    too_old = ApplicationFactory(cycle=cycle, person__name="Tua Sekali", person__birth_date=date(1980, 1, 1))
    mismatch = ApplicationFactory(cycle=cycle, person__name="Nik Beda")
    person = mismatch.person
    person.birth_date = date(2005, 3, 15)
    person.save()
    eligibility_run(cycle=cycle)
    return eligible, too_old, mismatch


def _names(response):
    return {a.person.name for a, _warnings, _desa in response.context["rows"]}


def test_application_list_filters(client, paser_staff, cycle, three_results):
    client.force_login(paser_staff)
    assert _names(client.get(_list_url(cycle, status="ELIGIBLE"))) == {"Eli Layak"}
    assert _names(client.get(_list_url(cycle, status="INELIGIBLE"))) == {"Tua Sekali"}
    assert _names(client.get(_list_url(cycle, reason="AGE_ABOVE_MAX"))) == {"Tua Sekali"}
    assert _names(client.get(_list_url(cycle, flag="NIK_DOB_MISMATCH"))) == {"Nik Beda"}
    assert _names(client.get(_list_url(cycle, status="REVIEW"))) == {"Nik Beda"}
    assert _names(client.get(_list_url(cycle, status="none"))) == set()
    assert _names(client.get(_list_url(cycle, decision="none"))) == {"Eli Layak", "Tua Sekali", "Nik Beda"}
    assert _names(client.get(_list_url(cycle, kecamatan="64.01.01"))) == {"Eli Layak", "Tua Sekali", "Nik Beda"}
    assert _names(client.get(_list_url(cycle, desa="64.01.01.2999"))) == set()


def test_application_list_filters_applications_never_evaluated(client, paser_staff, cycle, three_results):
    ApplicationFactory(cycle=cycle, person__name="Baru Daftar")
    client.force_login(paser_staff)
    assert _names(client.get(_list_url(cycle, status="none"))) == {"Baru Daftar"}


def test_application_list_warns_of_duplicates(client, paser_staff, cycle, paser_village):
    other_cycle = ProgramCycleFactory(code="LAIN-2026", year=cycle.year)
    twice = ApplicationFactory(cycle=cycle, person__name="Dua Kali")
    ApplicationFactory(cycle=other_cycle, person=twice.person)
    household = [ApplicationFactory(cycle=cycle, person__no_kk="6401019999999999") for _ in range(3)]
    single = ApplicationFactory(cycle=cycle, person__name="Sendiri")
    client.force_login(paser_staff)
    response = client.get(_list_url(cycle))
    warnings = {a.pk: [w.code for w in found] for a, found, _desa in response.context["rows"]}
    assert warnings[twice.pk] == ["SAME_YEAR"]
    assert all(warnings[a.pk] == ["KK_CROWDED"] for a in household)
    assert warnings[single.pk] == []
    assert "LAIN-2026" in response.content.decode()


def test_application_list_query_count_stays_flat(
    client, paser_staff, cycle, paser_village, django_assert_max_num_queries
):
    applications = [ApplicationFactory(cycle=cycle, person__name=f"Peserta {n:02d}") for n in range(35)]
    for application in applications[:5]:
        ApplicationFactory(cycle=ProgramCycleFactory(year=cycle.year), person=application.person)
    eligibility_run(cycle=cycle)
    client.force_login(paser_staff)
    with django_assert_max_num_queries(12):
        response = client.get(_list_url(cycle))
    assert response.status_code == 200
    # All 35 on the one page (50 a page), each with its automatic status; the first five warned.
    html = response.content.decode()
    rows = table_rows(html)
    assert [row.cells[1] for row in rows] == [f"Peserta {n:02d}" for n in range(35)]
    assert {row.cells[3] for row in rows} == {"Eligible"}
    assert [bool(row.cells[6]) for row in rows] == [True] * 5 + [False] * 30
    assert html.count('data-warning="SAME_YEAR"') == 5


# --- application detail and decision ---------------------------------------------------------


def test_application_detail_of_another_district_is_404(client, paser_staff, bantaeng_application):
    client.force_login(paser_staff)
    assert client.get(reverse("verification:application-detail", args=[bantaeng_application.pk])).status_code == 404
    response = client.post(
        reverse("verification:application-decide", args=[bantaeng_application.pk]),
        {"decision": "approve", "note": "ok"},
    )
    assert response.status_code == 404
    assert not EligibilityResult.objects.filter(application=bantaeng_application).exists()


def test_application_detail_shows_the_full_nik_to_staff_allowed_to(client, paser_staff, paser_application):
    client.force_login(paser_staff)
    page = client.get(reverse("verification:application-detail", args=[paser_application.pk])).content.decode()
    assert paser_application.person.nik in page


def test_application_detail_masks_the_nik_without_view_full_nik(client, verifier_without_full_nik, paser_application):
    client.force_login(verifier_without_full_nik)
    response = client.get(reverse("verification:application-detail", args=[paser_application.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    nik = paser_application.person.nik
    assert nik not in page
    assert nik[:6] + "********" + nik[-2:] in page


def test_application_detail_explains_every_criterion(client, paser_staff, dtks_cycle, paser_village, write_dtks):
    application = ApplicationFactory(cycle=dtks_cycle, person__name="Desi Desil")
    write_dtks([dtks_row(application.person, desil=7)], snapshot_date=date(2026, 5, 20))
    eligibility_run(cycle=dtks_cycle)
    client.force_login(paser_staff)
    response = client.get(reverse("verification:application-detail", args=[application.pk]))
    explanation = response.context["explanation"]
    by_code = {c.code: c for c in explanation.criteria}
    assert explanation.snapshot_date == date(2026, 5, 20)
    assert not by_code["DESIL_ABOVE_MAX"].passed
    assert by_code["NOT_IN_DTKS"].passed
    assert "20 May 2026" in by_code["DESIL_ABOVE_MAX"].source
    assert response.context["result"].reasons == ["DESIL_ABOVE_MAX"]
    page = response.content.decode()
    assert "Desil above the maximum" in page and 'title="DESIL_ABOVE_MAX"' in page
    assert ">DESIL_ABOVE_MAX<" not in page
    assert "2026-05-20" not in page


def test_a_blank_desil_against_a_desil_rule_is_not_called_met(client, paser_staff, dtks_cycle, paser_village,
                                                             write_dtks):
    application = ApplicationFactory(cycle=dtks_cycle, person__name="Desi Kosong")
    write_dtks([dtks_row(application.person, desil="")], snapshot_date=date(2026, 5, 20))
    eligibility_run(cycle=dtks_cycle)
    client.force_login(paser_staff)
    page = client.get(reverse("verification:application-detail", args=[application.pk])).content.decode()
    assert "desil unknown" in page


def test_the_reason_filter_offers_labels_not_codes(client, paser_staff, dtks_cycle):
    client.force_login(paser_staff)
    page = client.get(reverse("verification:application-list", args=[dtks_cycle.code])).content.decode()
    assert '<option value="AGE_ABOVE_MAX">Older than the maximum age</option>' in page


def test_decide_through_the_page_is_recorded_audited_and_survives_a_rerun(client, paser_staff, paser_application):
    cycle = paser_application.cycle
    eligibility_run(cycle=cycle)
    client.force_login(paser_staff)
    response = client.post(
        reverse("verification:application-decide", args=[paser_application.pk]),
        {"decision": "reject", "note": "Sudah ikut pelatihan lain"},
    )
    assert response.status_code == 302
    result = EligibilityResult.objects.get(application=paser_application)
    assert (result.decision, result.decision_note, result.decided_by) == (
        "REJECTED", "Sudah ikut pelatihan lain", paser_staff,
    )
    assert AuditEvent.objects.filter(action="application.decide", actor=paser_staff).count() == 1

    eligibility_run(cycle=cycle)
    result.refresh_from_db()
    assert result.decision == "REJECTED"
    assert result.status == "ELIGIBLE"
    assert not result.needs_recheck
    page = client.get(reverse("verification:application-detail", args=[paser_application.pk])).content.decode()
    assert "Sudah ikut pelatihan lain" in page
    assert "staf.paser" in page


def test_decide_needs_a_note(client, paser_staff, paser_application):
    client.force_login(paser_staff)
    response = client.post(
        reverse("verification:application-decide", args=[paser_application.pk]), {"decision": "approve", "note": ""}
    )
    assert response.status_code == 400
    assert not EligibilityResult.objects.filter(application=paser_application, decision__isnull=False).exists()


def test_needs_another_look_when_a_rerun_changes_a_decided_result(client, paser_staff, paser_application):
    cycle = paser_application.cycle
    eligibility_run(cycle=cycle)
    client.force_login(paser_staff)
    client.post(reverse("verification:application-decide", args=[paser_application.pk]),
                {"decision": "approve", "note": "Layak"})
    cycle.rules = {**cycle.rules, "max_age": 18}
    cycle.rules_version += 1
    cycle.save()
    eligibility_run(cycle=cycle)

    assert _names(client.get(_list_url(cycle, needs_recheck="on"))) == {"Andi Paser"}
    page = client.get(reverse("verification:application-detail", args=[paser_application.pk])).content.decode()
    assert "Needs another look" in page
    result = EligibilityResult.objects.get(application=paser_application)
    assert (result.status, result.decision, result.needs_recheck) == ("INELIGIBLE", "APPROVED", True)

    client.post(reverse("verification:application-decide", args=[paser_application.pk]),
                {"decision": "reject", "note": "Terlalu tua"})
    assert _names(client.get(_list_url(cycle, needs_recheck="on"))) == set()


def test_application_detail_lists_the_persons_other_applications(client, paser_staff, paser_application):
    other = ApplicationFactory(cycle=ProgramCycleFactory(code="LAIN-2026", year=2026), person=paser_application.person)
    client.force_login(paser_staff)
    response = client.get(reverse("verification:application-detail", args=[paser_application.pk]))
    assert list(response.context["others"]) == [other]
    assert [w.code for w in response.context["warnings"]] == ["SAME_YEAR"]


# --- DTKS snapshots --------------------------------------------------------------------------


def test_snapshot_list_marks_the_active_one_and_failed_ones(client, paser_staff, paser_village, write_dtks):
    person = PersonFactory()
    older = write_dtks([dtks_row(person)], snapshot_date=date(2026, 1, 1))
    newer = write_dtks([dtks_row(person)], snapshot_date=date(2026, 6, 1))
    failed = DtksSnapshot.objects.create(snapshot_date=date(2026, 7, 1), file_name="rusak.csv",
                                         status=DtksSnapshot.Status.FAILED, coverage=["64.01"])
    client.force_login(paser_staff)
    response = client.get(reverse("verification:snapshot-list"))
    assert response.context["active"] == {"64.01": newer}
    page = response.content.decode()
    assert "rusak.csv" in page and "Failed" in page and "Active" in page
    assert {s.pk for s in response.context["page"]} == {older.pk, newer.pk, failed.pk}


def test_snapshot_upload_refuses_a_file_that_is_not_csv_or_xlsx(client, paser_staff):
    client.force_login(paser_staff)
    response = client.post(reverse("verification:snapshot-upload"), {
        "file": SimpleUploadedFile("dtks.pdf", b"%PDF-1.4", content_type="application/pdf"),
        "snapshot_date": "01-06-2026",
    })
    assert response.status_code == 200
    assert "Only .csv and .xlsx files can be imported." in response.content.decode()
    assert not Job.objects.exists()


def test_snapshot_upload_refuses_a_file_too_large(client, paser_staff, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 10
    client = type(client)(enforce_csrf_checks=True)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(paser_staff)
    client.get(reverse("verification:snapshot-upload"))
    # In the order the page sends them: token, date, file.
    response = client.post(reverse("verification:snapshot-upload"), {
        "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
        "snapshot_date": "01-06-2026",
        "file": SimpleUploadedFile("dtks.csv", b"nik,no_kk,nama,kode_wilayah\n", content_type="text/csv"),
    })
    assert response.status_code == 200
    assert "files up to 10\xa0bytes can be imported" in response.content.decode()
    assert not Job.objects.exists()


def test_snapshot_upload_stores_the_file_and_starts_the_import(client, paser_staff, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(paser_staff)
    response = client.post(reverse("verification:snapshot-upload"), {
        "file": SimpleUploadedFile(
            "../../etc/dtks juni.csv", b"nik,no_kk,nama,kode_wilayah\n", content_type="text/csv"
        ),
        "snapshot_date": "01-06-2026",
    })
    job = Job.objects.get(kind=VerificationJob.DTKS_IMPORT)
    assert response.status_code == 302
    assert response["Location"] == reverse("core:job-detail", args=[job.pk])
    assert job.params["snapshot_date"] == "2026-06-01"
    assert job.input_file.startswith(str(tmp_path / "imports"))
    assert (tmp_path / "imports").joinpath(job.input_file.rsplit("/", 1)[1]).exists()


def test_snapshot_delete_asks_then_deletes(client, paser_staff, paser_village, write_dtks):
    snapshot = write_dtks([dtks_row(PersonFactory())])
    client.force_login(paser_staff)
    url = reverse("verification:snapshot-delete", args=[snapshot.pk])
    confirm = client.get(url).content.decode()
    assert "This is the active snapshot" in confirm
    client.post(url, {})
    assert DtksSnapshot.objects.filter(pk=snapshot.pk).exists()
    response = client.post(url, {"confirm": "on"})
    assert response.status_code == 302
    assert not DtksSnapshot.objects.filter(pk=snapshot.pk).exists()
    assert AuditEvent.objects.filter(action="dtks.delete").exists()


def test_the_cycle_page_refreshes_its_figures_when_the_run_job_ends(client, paser_staff, paser_application):
    from core.jobs import job_create, job_succeed

    cycle = paser_application.cycle
    client.force_login(paser_staff)
    page = client.get(reverse("verification:cycle-detail", args=[cycle.code])).content.decode()
    figures_url = reverse("verification:cycle-figures", args=[cycle.code])
    assert f'hx-get="{figures_url}" hx-trigger="job-finished from:body"' in page

    job = job_create(kind=VerificationJob.ELIGIBILITY_RUN, by=paser_staff, regency_code="64.01",
                     params={"cycle_id": cycle.pk, "program": cycle.code, "regency_codes": ["64.01"]})
    eligibility_run(cycle=cycle)
    job_succeed(job, result={})
    progress = client.get(reverse("core:job-progress", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert progress["HX-Trigger"] == "job-finished"
    figures = client.get(figures_url)
    assert figures.context["cycle"].count_not_evaluated == 0
    assert figures.context["run"] is not None


def test_a_queued_run_says_it_waits_for_its_turn(client, paser_staff, cycle):
    from core.jobs import job_create

    job = job_create(kind=VerificationJob.ELIGIBILITY_RUN, by=paser_staff, regency_code="64.01",
                     params={"cycle_id": cycle.pk, "program": cycle.code, "regency_codes": ["64.01"]})
    client.force_login(paser_staff)
    page = client.get(reverse("core:job-progress", args=[job.pk])).content.decode()
    assert "Waiting for its turn" in page
    assert "of ? rows" not in page


def test_a_decided_case_shows_the_decision_not_the_review_badge_and_leads_to_the_next_case(
    client, paser_staff, cycle, paser_village
):
    decided, first, second = (ApplicationFactory(cycle=cycle, person__name=name)
                              for name in ("Ani Diputus", "Budi Tinjau", "Citra Tinjau"))
    EligibilityResult.objects.create(application=decided, status="REVIEW", decision="APPROVED",
                                     decided_by=paser_staff, flags=["DESIL_UNKNOWN"])
    for application in (first, second):
        EligibilityResult.objects.create(application=application, status="REVIEW", flags=["DESIL_UNKNOWN"])
    client.force_login(paser_staff)

    response = client.get(reverse("verification:application-detail", args=[decided.pk]))
    page = response.content.decode()
    assert 'data-testid="decision-shown"><span class="badge text-bg-success">Approved' in page
    assert '<span class="badge text-bg-warning">Review</span>' not in page
    assert response.context["next_case"] == first

    assert client.get(reverse("verification:application-detail", args=[first.pk])).context["next_case"] == second
    assert client.get(reverse("verification:application-detail", args=[second.pk])).context["next_case"] == first
