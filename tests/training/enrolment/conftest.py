import datetime

import pytest
from django.utils import timezone

from programs.models import CycleQuota
from tests.participants.factories import ApplicationFactory
from tests.programs.factories import ProgramCycleFactory
from tests.training.factories import UpcomingBatchFactory as BatchFactory
from verification.models import EligibilityResult

REGISTRATION_START = timezone.make_aware(datetime.datetime(2026, 3, 1, 9, 0))


@pytest.fixture
def psk(paser, bantaeng):
    """PSK-2026 with the §2 example quotas: Paser 4 seats, Bantaeng 6."""
    cycle = ProgramCycleFactory(code="PSK-2026")
    CycleQuota.objects.create(cycle=cycle, regency=paser, initial_quota=4)
    CycleQuota.objects.create(cycle=cycle, regency=bantaeng, initial_quota=6)
    return cycle


@pytest.fixture
def paser_batch(psk, paser_provider):
    return BatchFactory(cycle=psk, provider=paser_provider, name="Angkatan Tata Boga 1", capacity=16)


@pytest.fixture
def make_applicant():
    """make_applicant(cycle, name=, regency_code="64.01", desil=3, status="ELIGIBLE",
    decision=None, registered_minutes=0) -> an Application with its eligibility result; the
    registration time is REGISTRATION_START plus `registered_minutes`."""

    def make(cycle, *, name=None, regency_code="64.01", desil=3, status="ELIGIBLE", decision=None,
             registered_minutes=0, evaluated=True):
        extra = {"person__name": name} if name else {}
        application = ApplicationFactory(cycle=cycle, person__regency_code=regency_code, **extra)
        application.created_at = REGISTRATION_START + datetime.timedelta(minutes=registered_minutes)
        type(application).objects.filter(pk=application.pk).update(created_at=application.created_at)
        if evaluated:
            EligibilityResult.objects.create(application=application, status=status, decision=decision, desil=desil)
        return application

    return make


@pytest.fixture
def english_client(client):
    """The training tests' client, already in English (tests/training/conftest.py)."""
    return client
