from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from .factories import ProgramCycleFactory


@pytest.fixture
def english(client):
    """Pages in English, so tests read the message ids."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def _open_until():
    # The registration form refuses a cycle whose registration has closed.
    return timezone.localdate() + timedelta(days=60)


@pytest.fixture
def cycle(db):
    return ProgramCycleFactory(code="PKP-2026", registration_closes=_open_until())


@pytest.fixture
def other_cycle(db):
    return ProgramCycleFactory(code="PKP-2026-B", registration_closes=_open_until())


@pytest.fixture
def closed_cycle(db):
    return ProgramCycleFactory(code="PSK-2026", registration_closes=timezone.localdate() - timedelta(days=30))


@pytest.fixture
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
