from datetime import date, timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from programs.rules_validation import normalise_rules
from tests.programs.factories import CycleQuotaFactory, ProgramCycleFactory, ProgramFactory


@pytest.fixture
def english(client):
    """Pages in English, so tests read the message ids."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture(autouse=True)
def _fresh_throttle():
    """The status lookup counts tries per address in the cache; each test starts at none."""
    cache.clear()
    yield
    cache.clear()


def open_cycle(code, *, rules=None, quotas=None, program="Pelatihan Menjahit", opens=None, closes=None):
    today = timezone.localdate()
    cycle = ProgramCycleFactory(
        code=code, program=ProgramFactory(name=program), year=today.year,
        registration_opens=opens or today - timedelta(days=10),
        registration_closes=closes or today + timedelta(days=30),
        rules=normalise_rules(rules or {}),
    )
    for regency, seats in (quotas or {}).items():
        CycleQuotaFactory(cycle=cycle, regency=regency, initial_quota=seats)
    return cycle


@pytest.fixture
def paser_cycle(paser, tabalong):
    """Open in Paser only: out of school, at most 20 on 31 July 2026, in DTKS."""
    return open_cycle(
        "PSK-2026", program="Pelatihan Keterampilan Pemuda Putus Sekolah",
        rules={"max_age": 20, "age_reference_date": "2026-07-31", "school_status": ["putus_sekolah"],
               "require_dtks": True, "regions": ["64.01"]},
        quotas={paser: 40},
    )


@pytest.fixture
def tabalong_cycle(paser, tabalong):
    """Open in Tabalong only, from 17, education at least SMP, no DTKS."""
    return open_cycle("PKT-2026", program="Pelatihan Kerja Tabalong",
                      rules={"min_age": 17, "min_education": "smp", "regions": ["63.09"]}, quotas={tabalong: 25})


@pytest.fixture
def closed_cycle(paser):
    today = timezone.localdate()
    return open_cycle("OLD-2025", program="Pelatihan Yang Sudah Tutup", opens=date(2025, 1, 1),
                      closes=today - timedelta(days=1), rules={"regions": ["64.01"]})
