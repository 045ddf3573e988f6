import pytest
from django.conf import settings

from .factories import ProgramCycleFactory


@pytest.fixture
def english(client):
    """Pages in English, so tests read the message ids."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def cycle(db):
    return ProgramCycleFactory(code="PKP-2026")


@pytest.fixture
def other_cycle(db):
    return ProgramCycleFactory(code="PKP-2026-B")


@pytest.fixture
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT
