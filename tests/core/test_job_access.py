"""Who may follow and retry a background job: only users who could have started it (its
kind's capability), and only jobs of their own districts."""

import pytest
from django.urls import reverse
from django.utils import translation

from audit.models import AuditEvent
from core.errors import PortalError
from core.importing import ImportReport, report_path
from core.jobs import job_create, job_fail
from core.models import Job
from core.services import job_retry
from participants.models import ParticipantsJob
from tests.factories import UserFactory
from verification.models import VerificationJob

pytestmark = pytest.mark.django_db

JOB_PAGES = ["core:job-detail", "core:job-progress", "core:job-report"]


@pytest.fixture
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def failed_import(paser_staff, media_root):
    """A failed applicant import of Paser, with its per-line report on disk."""
    job = job_create(kind=ParticipantsJob.APPLICANT_IMPORT, by=paser_staff, regency_code="64.01",
                     params={"regency_codes": ["64.01"]})
    job_fail(job, message="The file could not be read.", result={"errors": [], "rejected": 0})
    ImportReport().write_csv(report_path(job.pk))
    return job


@pytest.fixture
def failed_run(paser_staff):
    job = job_create(kind=VerificationJob.ELIGIBILITY_RUN, by=paser_staff, regency_code="64.01",
                     params={"cycle_id": 0, "program": "X", "regency_codes": ["64.01"]})
    job_fail(job, message="stopped")
    return job


@pytest.mark.parametrize("who", ["paser_official", "paser_blk_admin", "kaltim_official"])
def test_a_read_only_user_or_a_blk_admin_cannot_retry_an_import(client, request, failed_import, who):
    client.force_login(request.getfixturevalue(who))

    response = client.post(reverse("core:job-retry", args=[failed_import.pk]))

    assert response.status_code == 404
    failed_import.refresh_from_db()
    assert failed_import.status == Job.Status.FAILED
    assert not AuditEvent.objects.filter(action="job.retry").exists()


@pytest.mark.parametrize("who", ["paser_official", "paser_blk_admin"])
@pytest.mark.parametrize("page", JOB_PAGES)
def test_a_user_who_could_not_start_the_job_cannot_see_it(client, request, failed_import, who, page):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse(page, args=[failed_import.pk])).status_code == 404


@pytest.mark.parametrize("page", JOB_PAGES[:2])
def test_an_official_cannot_see_a_district_eligibility_run(client, paser_official, failed_run, page):
    client.force_login(paser_official)
    assert client.get(reverse(page, args=[failed_run.pk])).status_code == 404
    assert client.post(reverse("core:job-retry", args=[failed_run.pk])).status_code == 404


def test_another_districts_staff_cannot_see_or_retry_the_job(client, bantaeng_staff, failed_import):
    client.force_login(bantaeng_staff)
    assert client.get(reverse("core:job-detail", args=[failed_import.pk])).status_code == 404
    assert client.post(reverse("core:job-retry", args=[failed_import.pk])).status_code == 404


def test_a_colleague_with_the_capability_sees_and_retries_the_job(client, paser, failed_import):
    colleague = UserFactory(username="staf.paser.dua", regency=paser)
    client.force_login(colleague)

    assert client.get(reverse("core:job-detail", args=[failed_import.pk])).status_code == 200
    assert client.get(reverse("core:job-report", args=[failed_import.pk])).status_code == 200
    response = client.post(reverse("core:job-retry", args=[failed_import.pk]))

    assert response.status_code == 302
    failed_import.refresh_from_db()
    assert failed_import.status == Job.Status.QUEUED
    assert AuditEvent.objects.get(action="job.retry").actor == colleague


def test_the_retry_service_refuses_a_user_without_the_capability(failed_import, paser_official):
    with translation.override("en"), pytest.raises(PortalError, match="could not start"):
        job_retry(job=failed_import, by=paser_official)
    failed_import.refresh_from_db()
    assert failed_import.status == Job.Status.FAILED


def test_a_system_admin_sees_every_job(client, system_admin, failed_import, failed_run):
    client.force_login(system_admin)
    for job in (failed_import, failed_run):
        assert client.get(reverse("core:job-detail", args=[job.pk])).status_code == 200


def _run_applicant_import(job_user, path):
    from participants.services import applicants_import_start
    from participants.tasks import import_applicants

    job = applicants_import_start(stored_path=str(path), file_name=path.name, by=job_user)
    try:
        import_applicants.apply(args=(job.pk,), throw=False)
    finally:
        job.refresh_from_db()
    return job


def test_a_refused_file_links_back_to_the_upload_form_instead_of_offering_a_retry(client, paser_staff, media_root,
                                                                                  tmp_path):
    path = tmp_path / "tanpa-kolom.csv"
    path.write_text("nik,nama\n3201015708050001,Siti\n", encoding="utf-8")
    job = _run_applicant_import(paser_staff, path)
    assert job.status == Job.Status.FAILED
    client.force_login(paser_staff)
    page = client.get(reverse("core:job-detail", args=[job.pk])).content.decode()
    assert f'href="{reverse("participants:applicant-import")}"' in page
    assert 'data-testid="job-retry"' not in page
    with pytest.raises(PortalError):
        job_retry(job=job, by=paser_staff)


def test_a_crashed_job_offers_a_visible_retry(client, paser_staff, failed_import):
    client.force_login(paser_staff)
    page = client.get(reverse("core:job-detail", args=[failed_import.pk])).content.decode()
    assert 'class="btn btn-sm btn-danger" type="submit" data-testid="job-retry"' in page
    assert 'data-testid="job-upload-again"' not in page
