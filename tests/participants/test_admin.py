import pytest
from django.urls import reverse

from .factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def test_admin_lists_open_for_a_system_admin(client, system_admin, paser_village, cycle):
    ApplicationFactory(cycle=cycle)
    client.force_login(system_admin)
    for name in ("person", "application", "document"):
        assert client.get(reverse(f"admin:participants_{name}_changelist")).status_code == 200
