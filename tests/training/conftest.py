import pytest


@pytest.fixture
def client(client):
    """Pages in English, so tests read the message ids whatever the Indonesian catalog says."""
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client
