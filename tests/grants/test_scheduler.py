"""The monitoring scheduler: 3, 6 and 12 months (the scheme's months) after each handover or
disbursement, one visit per grant and month; running it again creates nothing twice and never
touches a visit that exists. Run once through a real Celery worker."""

from datetime import date

import pytest

from grants.models import Grant, MonitoringVisit
from grants.monitoring.services import visit_record, visits_schedule
from grants.rules import add_months

from .factories import graduate

pytestmark = pytest.mark.django_db


@pytest.fixture
def delivered(cash_scheme, psk, paser_provider, propose, advance, paser_staff2):
    """A cash grant disbursed on 31 May 2026 (so the month ends matter), with a field officer."""
    grant = advance(propose(cash_scheme, graduate(cycle=psk, provider=paser_provider), officer=paser_staff2),
                    "approved")
    Grant.objects.filter(pk=grant.pk).update(status="disbursed", delivered_on=date(2026, 5, 31))
    return Grant.objects.get(pk=grant.pk)


def test_visits_fall_due_three_six_and_twelve_months_after_delivery(delivered, paser_staff2):
    assert visits_schedule() == 3
    visits = list(MonitoringVisit.objects.filter(grant=delivered).order_by("months_after"))
    assert [(v.months_after, v.due_on) for v in visits] == [
        (3, date(2026, 8, 31)), (6, date(2026, 11, 30)), (12, date(2027, 5, 31))]
    assert all(v.officer == paser_staff2 and v.regency_id == "64.01" and v.status == "scheduled" for v in visits)


def test_the_database_and_the_rule_agree_on_month_ends():
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2027, 11, 30), 3) == date(2028, 2, 29)
    assert add_months(date(2026, 5, 31), 6) == date(2026, 11, 30)


def test_running_the_scheduler_twice_creates_nothing_twice_and_keeps_a_recorded_visit(delivered, paser_staff2):
    visits_schedule()
    visit = MonitoringVisit.objects.get(grant=delivered, months_after=3)
    visit_record(visit=visit, by=paser_staff2, visited_on=date(2026, 9, 2), business_status="active",
                 monthly_revenue=2_000_000, employees=0)
    MonitoringVisit.objects.filter(grant=delivered, months_after=6).update(officer=None)
    assert visits_schedule() == 0
    assert MonitoringVisit.objects.filter(grant=delivered).count() == 3
    visit.refresh_from_db()
    assert (visit.status, visit.business_status, visit.monthly_revenue) == ("done", "active", 2_000_000)
    assert MonitoringVisit.objects.get(grant=delivered, months_after=6).officer is None  # untouched


def test_only_delivered_grants_get_visits_at_the_schemes_months(
    delivered, equipment_scheme, paser_graduate, propose, advance
):
    approved = advance(propose(equipment_scheme, paser_graduate, items=[(equipment_scheme.items.first(), 1)]),
                       "approved")
    delivered.scheme.monitoring_months = [6, 12, 24]
    delivered.scheme.save()
    visits_schedule()
    assert not MonitoringVisit.objects.filter(grant=approved).exists()
    assert sorted(MonitoringVisit.objects.filter(grant=delivered).values_list("months_after", flat=True)) == [6, 12, 24]


def test_a_scheme_that_adds_a_month_later_gets_only_the_new_visits(delivered):
    visits_schedule()
    delivered.scheme.monitoring_months = [3, 6, 12, 24]
    delivered.scheme.save()
    assert visits_schedule() == 1
    assert MonitoringVisit.objects.get(grant=delivered, months_after=24).due_on == date(2028, 5, 31)


@pytest.mark.django_db(transaction=True)
def test_the_beat_task_runs_on_a_real_worker_and_is_idempotent(celery_worker, delivered):
    from django.conf import settings

    from grants.tasks import schedule_monitoring_visits

    assert settings.CELERY_BEAT_SCHEDULE["grants.schedule_monitoring_visits"]["task"] == schedule_monitoring_visits.name
    assert schedule_monitoring_visits.delay().get(timeout=60) == 3
    assert schedule_monitoring_visits.delay().get(timeout=60) == 0
    assert MonitoringVisit.objects.filter(grant=delivered).count() == 3
