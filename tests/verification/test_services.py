"""The reads behind the verification pages: facts of one application, explanations, duplicate
warnings and counts, checked against what the batch run decides."""

import time
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from core.models import Job
from tests.participants.factories import ApplicationFactory, PersonFactory
from verification.eligibility import Registry, cycle_rules
from verification.models import EligibilityResult, VerificationJob
from verification.rules import evaluate
from verification.selectors import (
    application_dedup_warnings,
    application_explanation,
    application_facts,
    application_list_visible_to,
    cycle_list_with_counts,
)
from verification.services import eligibility_run

from .conftest import dtks_row
from .factories import ProgramCycleFactory

pytestmark = pytest.mark.django_db


def test_facts_of_one_application_decide_as_the_batch_did(dtks_cycle, paser_village, write_dtks):
    in_dtks = ApplicationFactory(cycle=dtks_cycle)
    household_only = ApplicationFactory(cycle=dtks_cycle)
    desil_blank = ApplicationFactory(cycle=dtks_cycle)
    absent = ApplicationFactory(cycle=dtks_cycle)
    relative = PersonFactory(no_kk=household_only.person.no_kk)
    write_dtks([
        dtks_row(in_dtks.person, desil=3),
        dtks_row(relative),
        dtks_row(desil_blank.person, desil="", tanggal_lahir="2004-01-01"),
    ])
    eligibility_run(cycle=dtks_cycle)
    rules = cycle_rules(dtks_cycle)
    for application in (in_dtks, household_only, desil_blank, absent):
        result = EligibilityResult.objects.get(application=application)
        status, reasons, flags = evaluate(application_facts(application, Registry.current()), rules)
        assert (status, list(reasons), list(flags)) == (result.status, result.reasons, result.flags)
    assert EligibilityResult.objects.get(application=household_only).flags == ["DTKS_HOUSEHOLD_ONLY"]
    assert EligibilityResult.objects.get(application=absent).reasons == ["NOT_IN_DTKS"]


def test_explanation_keeps_the_snapshot_of_the_run_after_a_newer_import(dtks_cycle, paser_village, write_dtks):
    application = ApplicationFactory(cycle=dtks_cycle)
    write_dtks([dtks_row(application.person, desil=2)], snapshot_date=date(2026, 3, 1))
    eligibility_run(cycle=dtks_cycle)
    write_dtks([dtks_row(PersonFactory())], snapshot_date=date(2026, 6, 1))
    application.refresh_from_db()
    explanation = application_explanation(application=application)
    assert explanation.snapshot_date == date(2026, 3, 1)
    assert not explanation.preview
    assert all(c.passed for c in explanation.criteria)


def test_explanation_before_any_run_uses_the_active_snapshot_and_current_rules(dtks_cycle, paser_village, write_dtks):
    application = ApplicationFactory(cycle=dtks_cycle)
    write_dtks([dtks_row(PersonFactory())], snapshot_date=date(2026, 6, 1))
    explanation = application_explanation(application=application)
    assert explanation.preview
    assert explanation.snapshot_date == date(2026, 6, 1)
    failed = [c.code for c in explanation.criteria if c.applies and not c.passed]
    assert failed == ["NOT_IN_DTKS"]


def test_dedup_warnings_take_two_queries_whatever_the_page_size(
    cycle, paser_village, paser_staff, django_assert_num_queries
):
    applications = ApplicationFactory.create_batch(40, cycle=cycle)
    same_year = ProgramCycleFactory(year=cycle.year)
    ApplicationFactory(cycle=same_year, person=applications[0].person)
    ApplicationFactory(cycle=ProgramCycleFactory(year=cycle.year - 1), person=applications[1].person)
    household = ApplicationFactory.create_batch(3, cycle=cycle, person__no_kk="6401019999999999")
    page = list(_cycle_applications(cycle))
    assert len(page) == 43
    with translation.override("en"), django_assert_num_queries(2):
        warnings = application_dedup_warnings(user=paser_staff, applications=page, cycle=cycle)
    # Both queries find their duplicates: the same-year applicant and the crowded household.
    assert {pk: [(w.code, w.text) for w in found] for pk, found in warnings.items()} == {
        applications[0].pk: [("SAME_YEAR", f"Also applied to {same_year.code} in 2026")],
        **{a.pk: [("KK_CROWDED", "3 applicants from the same No. KK in this cycle")] for a in household},
    }


def _cycle_applications(cycle):
    from participants.models import Application

    return Application.objects.filter(cycle=cycle).select_related("person")


def test_cycle_counts_and_list_are_narrowed_to_the_users_district(cycle, paser_staff, system_admin,
                                                                  paser_application, bantaeng_application):
    eligibility_run(cycle=cycle)
    assert cycle_list_with_counts(user=paser_staff).get(pk=cycle.pk).count_eligible == 1
    assert cycle_list_with_counts(user=system_admin).get(pk=cycle.pk).count_eligible == 2
    assert list(application_list_visible_to(user=paser_staff, cycle=cycle)) == [paser_application]


@pytest.mark.django_db(transaction=True)
def test_run_button_runs_the_cycle_on_a_worker(client, celery_worker, paser_staff, cycle, paser_village):
    application = ApplicationFactory(cycle=cycle)
    client.force_login(paser_staff)
    client.post(reverse("verification:cycle-run", args=[cycle.code]))
    job = Job.objects.get(kind=VerificationJob.ELIGIBILITY_RUN)
    deadline = time.monotonic() + 20
    while job.status not in (Job.Status.SUCCEEDED, Job.Status.FAILED) and time.monotonic() < deadline:
        time.sleep(0.2)
        job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.message
    assert EligibilityResult.objects.get(application=application).status == "ELIGIBLE"
    progress = client.get(reverse("core:job-progress", args=[job.pk])).content.decode()
    assert 'data-status="succeeded"' in progress
    page = client.get(reverse("verification:cycle-detail", args=[cycle.code]))
    assert page.context["run"] is not None
