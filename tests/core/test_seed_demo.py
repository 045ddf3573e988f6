"""`make run` seeds the demo through `seed_demo`: what a newcomer logs in to must be there."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from training.models import Batch, Enrolment, Provider

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(tmp_path, settings):
    settings.DEMO_LOGINS_FILE = tmp_path / "demo-logins.txt"
    call_command("load_regions", stdout=StringIO())
    out = StringIO()
    call_command("seed_demo", "--applicants", "400", stdout=out)
    return out.getvalue()


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


def test_seed_demo_prints_each_accounts_own_password_and_keeps_it_in_the_file(seeded, client, settings):
    line = next(line for line in seeded.splitlines() if line.split()[:1] == ["blk.paser"])
    password = line.split()[1]
    assert line in settings.DEMO_LOGINS_FILE.read_text(encoding="utf-8")
    response = client.post(reverse("login"), {"username": "blk.paser", "password": password})
    assert response.status_code == 302 and client.session.get("_auth_user_id")


def test_seed_demo_reset_passwords_sets_new_ones(seeded):
    before = next(line for line in seeded.splitlines() if line.split()[:1] == ["admin"]).split()[1]
    out = StringIO()
    call_command("seed_demo", "--reset-passwords", stdout=out)
    after = next(line for line in out.getvalue().splitlines() if line.split()[:1] == ["admin"]).split()[1]
    assert after != before and User.objects.get(username="admin").check_password(after)


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


def test_each_demo_district_has_its_own_dtks_snapshot_covering_it(seeded):
    from core.demo import SEED_REGENCIES
    from verification.models import DtksSnapshot, EligibilityRun

    snapshots = DtksSnapshot.objects.completed()
    assert sorted(tuple(s.coverage) for s in snapshots) == [(code,) for code in sorted(SEED_REGENCIES)]
    assert {code: s.coverage for code, s in DtksSnapshot.objects.active_by_regency().items()} == {
        code: [code] for code in SEED_REGENCIES
    }
    assert all(set(run.registry) == set(SEED_REGENCIES) for run in EligibilityRun.objects.all())


def test_the_demo_lets_one_provincial_official_propose_and_the_other_approve(seeded, client):
    from training.models import ReallocationProposal

    proposal = ReallocationProposal.objects.get(status=ReallocationProposal.Status.PENDING,
                                                cycle__code__startswith="PKT-")
    assert proposal.proposed_by.username == "pejabat.kaltim"
    url = reverse("training:reallocation", args=[proposal.cycle.code])
    client.force_login(User.objects.get(username="pejabat.kaltim"))
    assert 'data-testid="own-proposal"' in client.get(url).content.decode()
    client.force_login(User.objects.get(username="pejabat.kaltim2"))
    assert 'data-testid="decision-form"' in client.get(url).content.decode()
    response = client.post(reverse("training:reallocation-decide", args=[proposal.cycle.code, proposal.pk]),
                           {"decision": "approve", "note": "Setuju"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ReallocationProposal.Status.APPLIED


def test_the_public_catalog_of_the_demo_is_not_empty(seeded, client):
    from django.core.cache import cache

    cache.clear()
    page = client.get(reverse("public:catalog")).content.decode()
    assert "Pelatihan Menjahit dan Tata Boga" in page
    assert "ber-KTP Kabupaten Paser, Kabupaten Tabalong atau Kota Palangkaraya" in page
