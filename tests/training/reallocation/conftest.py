"""A province-64 cycle with two districts (Paser 64.01, Kutai Kartanegara 64.02) whose
registration closed yesterday, officials to propose and approve, and helpers to give a
district eligible applicants."""

import datetime

import pytest
from django.utils import timezone

from accounts.roles import Role
from tests.factories import RegencyFactory, UserFactory
from tests.participants.factories import ApplicationFactory
from tests.programs.factories import CycleQuotaFactory, ProgramCycleFactory
from verification.models import EligibilityResult, EligibilityRun


@pytest.fixture
def kukar(paser):
    return RegencyFactory(code="64.02", name="Kabupaten Kutai Kartanegara", province=paser.province)


def make_cycle(code="PSK-2026", *, closes=None, quotas=None, evaluated=True):
    closes = closes or timezone.localdate() - datetime.timedelta(days=1)
    cycle = ProgramCycleFactory(code=code, registration_closes=closes)
    for region, seats in (quotas or {}).items():
        CycleQuotaFactory(cycle=cycle, regency=RegencyFactory(code=region), initial_quota=seats)
    if evaluated:
        evaluate(cycle)
    return cycle


def evaluate(cycle):
    return EligibilityRun.objects.create(
        cycle=cycle, rules=cycle.rules, rules_version=cycle.rules_version, reference_date=cycle.registration_closes,
        finished_at=timezone.now(),
    )


def applicants(cycle, region, count, *, status="ELIGIBLE", decision=None):
    """`count` applications of `region` to `cycle` with that automatic status and decision."""
    made = []
    for _n in range(count):
        application = ApplicationFactory(cycle=cycle, person__regency_code=region)
        EligibilityResult.objects.create(application=application, status=status, decision=decision)
        made.append(application)
    return made


@pytest.fixture
def closed_cycle(paser, kukar):
    """Paser 4 seats with 1 eligible (surplus 3); Kukar 2 seats with 5 eligible (demand 3)."""
    cycle = make_cycle(quotas={"64.01": 4, "64.02": 2})
    applicants(cycle, "64.01", 1)
    applicants(cycle, "64.02", 5)
    return cycle


@pytest.fixture
def second_official(paser):
    return UserFactory(username="pejabat.kaltim.2", role=Role.OFFICIAL, regency=None, province=paser.province)
