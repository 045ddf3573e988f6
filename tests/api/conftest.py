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
