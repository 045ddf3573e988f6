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
    counts = (Provider.objects.count(), Batch.objects.count(), Enrolment.objects.count(), User.objects.count())
    call_command("seed_demo", stdout=StringIO())
    assert (Provider.objects.count(), Batch.objects.count(), Enrolment.objects.count(), User.objects.count()) == counts
