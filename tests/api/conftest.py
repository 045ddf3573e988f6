import pytest
from django.test import Client

from accounts.services import api_token_create


def token_key(user, *, days: int = 30, name: str = "SIKS-NG") -> str:
    return api_token_create(user=user, name=name, days=days, by=user).key


def token_client(user, **kwargs) -> Client:
    """A client of another system: every request carries the user's token."""
    return Client(HTTP_AUTHORIZATION=f"Token {token_key(user, **kwargs)}")


@pytest.fixture
def paser_api(paser_staff):
    return token_client(paser_staff)


@pytest.fixture
def cycle(paser, bantaeng):
    from tests.programs.factories import CycleQuotaFactory
    from tests.verification.factories import ProgramCycleFactory

    cycle = ProgramCycleFactory(code="PSK-2026", year=2026)
    CycleQuotaFactory(cycle=cycle, regency=paser, initial_quota=20)
    CycleQuotaFactory(cycle=cycle, regency=bantaeng, initial_quota=10, reallocated_quota=12)
    return cycle


@pytest.fixture
def paser_application(cycle, paser_village):
    from tests.participants.factories import ApplicationFactory

    return ApplicationFactory(cycle=cycle, person__name="Andi Paser", person__regency_code="64.01")


@pytest.fixture
def bantaeng_application(cycle, bantaeng_village):
    from tests.participants.factories import ApplicationFactory

    return ApplicationFactory(cycle=cycle, person__name="Basri Bantaeng", person__regency_code="73.03")


def evaluate(application, *, status, reasons=(), flags=(), decision=None, needs_recheck=False):
    """The result an eligibility run (and a staff decision) leaves on an application."""
    from django.utils import timezone

    from verification.models import EligibilityResult

    return EligibilityResult.objects.update_or_create(application=application, defaults={
        "status": status, "reasons": list(reasons), "flags": list(flags), "evaluated_at": timezone.now(),
        "decision": decision, "needs_recheck": needs_recheck,
    })[0]
