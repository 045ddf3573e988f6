"""`make run` seeds the demo through `seed_demo`: what a newcomer logs in to must be there."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from training.models import Batch, Enrolment, Provider

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded():
    call_command("load_regions", stdout=StringIO())
    call_command("seed_demo", "--applicants", "400", stdout=StringIO())


def test_the_demo_blk_admin_runs_a_batch_with_participants_and_results(seeded, client):
    blk_admin = User.objects.get(username="blk.paser")
    assert blk_admin.provider.name == "UPTD BLK Kabupaten Paser"
    batch = Batch.objects.get(name="Tata Boga Angkatan 1")
    enrolments = Enrolment.objects.filter(batch=batch)
    assert enrolments.count() > 0
    assert enrolments.filter(status=Enrolment.Status.DROPPED_OUT).count() == 1
    assert enrolments.exclude(certificate_number="").exists()
    client.force_login(blk_admin)
    page = client.get(reverse("training:batch-detail", args=[batch.pk])).content.decode()
    assert enrolments.first().application.person.name in page
    # Another district's batch is not the Paser BLK's business.
    other = Batch.objects.get(name="Barista Angkatan 1")
    assert client.get(reverse("training:batch-detail", args=[other.pk])).status_code == 404


def test_seeding_twice_adds_nothing(seeded):
    from grants.models import Grant, MonitoringVisit, PaymentBatch

    def counts():
        return (Provider.objects.count(), Batch.objects.count(), Enrolment.objects.count(), User.objects.count(),
                Grant.objects.count(), PaymentBatch.objects.count(), MonitoringVisit.objects.count())

    before = counts()
    call_command("seed_demo", stdout=StringIO())
    assert counts() == before


def test_the_demo_grants_show_every_state_a_paid_list_with_one_failure_and_visits_due_and_overdue(seeded, client):
    from datetime import date, timedelta

    from grants.models import CoachingSession, Grant, GrantScheme, MonitoringVisit, Payment, PaymentBatch

    year = date.today().year
    cash = GrantScheme.objects.get(code=f"BST-PSR-{year}")
    states = set(Grant.objects.filter(scheme=cash).values_list("status", flat=True))
    assert {"draft", "submitted", "verified", "first_approved", "approved", "payment_failed", "disbursed",
            "rejected"} <= states
    assert Grant.objects.filter(status="handed_over").exists()
    assert Grant.objects.filter(status="credit_approved").exists()
    reconciled = PaymentBatch.objects.get(scheme=cash, status="reconciled")
    assert sorted(Payment.objects.filter(batch=reconciled).values_list("status", flat=True)) == [
        "failed", "paid", "paid"]
    assert PaymentBatch.objects.filter(scheme=cash, status="open").exists()  # the follow-up list
    today = date.today()
    scheduled = MonitoringVisit.objects.filter(status="scheduled")
    assert scheduled.filter(due_on__lt=today).exists()
    assert scheduled.filter(due_on__gte=today, due_on__lte=today + timedelta(days=7)).exists()
    assert MonitoringVisit.objects.filter(status="done").count() >= 2
    assert CoachingSession.objects.filter(attendees__isnull=False).exists()
    client.force_login(User.objects.get(username="staf.paser"))
    page = client.get(reverse("grants:scheme-detail", args=[cash.pk])).content.decode()
    assert cash.name in page
    assert client.get(reverse("grants:visit-list")).status_code == 200
    client.force_login(User.objects.get(username="staf.bantaeng"))
    assert client.get(reverse("grants:scheme-detail", args=[cash.pk])).status_code == 404
