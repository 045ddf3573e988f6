"""A web eligibility run started by district staff evaluates only that district's applications
(issue 9: a Bantaeng run rewrote every district's results); the command still runs the whole
cycle."""

import pytest
from django.core.management import call_command
from django.urls import reverse

from core.models import Job
from tests.factories import UserFactory
from verification import tasks
from verification.models import EligibilityResult, EligibilityRun, VerificationJob
from verification.services import eligibility_run

pytestmark = pytest.mark.django_db


def status_of(application):
    return EligibilityResult.objects.get(application=application).status


@pytest.fixture
def evaluated(cycle, paser_application, bantaeng_application):
    """Both districts evaluated ELIGIBLE; then the cycle's rules change so that a new run
    would find both applicants too old."""
    eligibility_run(cycle=cycle)
    assert status_of(paser_application) == status_of(bantaeng_application) == "ELIGIBLE"
    cycle.rules = {**cycle.rules, "max_age": 10}
    cycle.rules_version += 1
    cycle.save()
    return cycle


def start_run(client, user, cycle) -> Job:
    client.force_login(user)
    response = client.post(reverse("verification:cycle-run", args=[cycle.code]))
    assert response.status_code == 302
    job = Job.objects.filter(kind=VerificationJob.ELIGIBILITY_RUN).latest("created_at")
    tasks.run_eligibility(job.pk)  # what the worker does with the queued job
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.message
    return job


def test_a_bantaeng_staff_run_rewrites_only_bantaengs_results(
    client, bantaeng_staff, evaluated, paser_application, bantaeng_application
):
    job = start_run(client, bantaeng_staff, evaluated)

    assert status_of(bantaeng_application) == "INELIGIBLE"
    assert status_of(paser_application) == "ELIGIBLE"
    run = EligibilityRun.objects.get(job=job)
    assert run.regency_codes == ["73.03"]
    assert run.counts == {"ELIGIBLE": 0, "INELIGIBLE": 1, "REVIEW": 0, "total": 1}
    assert job.params["regency_codes"] == ["73.03"] and job.regency_code == "73.03"


def test_the_district_run_is_followed_by_that_district_only(
    client, bantaeng, bantaeng_staff, paser_staff, evaluated
):
    job = start_run(client, bantaeng_staff, evaluated)
    colleague = UserFactory(username="staf.bantaeng.dua", regency=bantaeng)

    client.force_login(colleague)
    assert client.get(reverse("core:job-detail", args=[job.pk])).status_code == 200
    assert "Results, 73.03" in client.get(reverse("verification:cycle-detail", args=[evaluated.code])).content.decode()
    client.force_login(paser_staff)
    assert client.get(reverse("core:job-detail", args=[job.pk])).status_code == 404
    paser_page = client.get(reverse("verification:cycle-detail", args=[evaluated.code])).content.decode()
    assert "Results, all districts" in paser_page and "Results, 73.03" not in paser_page


def test_a_system_admin_run_on_the_web_evaluates_every_district(
    client, system_admin, evaluated, paser_application, bantaeng_application
):
    job = start_run(client, system_admin, evaluated)

    assert status_of(paser_application) == status_of(bantaeng_application) == "INELIGIBLE"
    assert "regency_codes" not in job.params
    assert EligibilityRun.objects.get(job=job).regency_codes == []


def test_the_command_still_runs_the_whole_cycle(evaluated, paser_application, bantaeng_application):
    call_command("run_eligibility", "--program", evaluated.code, "--sync", "--json")

    assert status_of(paser_application) == status_of(bantaeng_application) == "INELIGIBLE"
