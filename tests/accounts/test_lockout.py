"""Login throttling (django-axes): repeated failures lock a user name out from an address, and an
address out whatever user it names; the lockout says so in Indonesian, ends after the cool-down
or when an administrator unlocks it, and both are audited."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from accounts.throttling import client_ip
from audit.models import AuditEvent
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RIGHT = "portal-test-pass"
LOCKED_MESSAGE = "Terlalu banyak percobaan masuk yang gagal dari sini."


def login(client, username, password, ip="10.0.0.1"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def logged_in_as(client):
    return client.session.get("_auth_user_id")


def test_25_wrong_passwords_then_the_right_one_is_refused_with_a_message(client, paser_staff):
    for attempt in range(25):
        response = login(client, "staf.paser", f"salah-{attempt}")
        assert response.status_code in (200, 429)

    response = login(client, "staf.paser", RIGHT)

    assert response.status_code == 429
    page = response.content.decode()
    assert LOCKED_MESSAGE in page and "30 menit" in page
    assert "navbar" in page and 'lang="id"' in page  # the portal's own page
    assert logged_in_as(client) is None


def test_the_fifth_failure_locks_and_four_do_not(client, paser_staff):
    for attempt in range(4):
        assert login(client, "staf.paser", f"salah-{attempt}").status_code == 200
    assert login(client, "staf.paser", RIGHT).status_code == 302  # and the count starts again

    client.logout()
    for attempt in range(5):
        login(client, "staf.paser", f"salah-{attempt}")
    assert login(client, "staf.paser", RIGHT).status_code == 429


def test_an_admin_unlock_lets_them_in_and_both_are_audited(client, paser_staff, system_admin):
    for attempt in range(25):
        login(client, "staf.paser", f"salah-{attempt}")
    locked = AccessAttempt.objects.get(username="staf.paser")

    admin = client.__class__()
    admin.force_login(system_admin)
    response = admin.post(reverse("admin:axes_accessattempt_changelist"),
                          {"action": "unlock", "_selected_action": [locked.pk]})
    assert response.status_code == 302

    assert login(client, "staf.paser", RIGHT).status_code == 302
    assert int(logged_in_as(client)) == paser_staff.pk
    lockout = AuditEvent.objects.get(action="login.lockout")
    assert lockout.target_id == str(paser_staff.pk) and lockout.regency_code == "64.01"
    assert lockout.after == {"username": "staf.paser", "ip_address": "10.0.0.1"}
    unlock = AuditEvent.objects.get(action="login.unlock")
    assert unlock.actor == system_admin
    assert unlock.after["username"] == "staf.paser" and unlock.after["attempts_removed"] >= 1


def test_the_login_attempts_admin_lists_and_never_deletes(client, paser_staff, system_admin):
    for attempt in range(5):
        login(client, "staf.paser", f"salah-{attempt}")
    client.force_login(system_admin)
    page = client.get(reverse("admin:axes_accessattempt_changelist")).content.decode()
    assert "staf.paser" in page and 'value="unlock"' in page and 'value="delete_selected"' not in page


def test_the_lockout_ends_after_the_cool_down(client, paser_staff):
    for attempt in range(5):
        login(client, "staf.paser", f"salah-{attempt}")
    assert login(client, "staf.paser", RIGHT).status_code == 429

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=31))

    assert login(client, "staf.paser", RIGHT).status_code == 302


def test_one_address_trying_many_user_names_is_locked_out(client, paser, paser_staff):
    for number in range(5):
        login(client, f"tebakan.{number}", "salah")
    assert login(client, "staf.paser", RIGHT).status_code == 429
    assert login(client, "staf.paser", RIGHT, ip="10.0.0.9").status_code == 302


def test_failures_from_one_address_do_not_lock_the_user_out_elsewhere(client, paser_staff):
    for attempt in range(5):
        login(client, "staf.paser", f"salah-{attempt}", ip="203.0.113.7")
    assert login(client, "staf.paser", RIGHT, ip="10.0.0.1").status_code == 302


def test_the_unlock_command_lifts_an_address_lockout_and_is_audited(client, paser, paser_staff):
    colleague = UserFactory(username="staf.paser.dua", regency=paser)
    for number in range(5):
        login(client, f"tebakan.{number}", "salah")
    assert login(client, colleague.username, RIGHT).status_code == 429

    call_command("unlock_login", "--ip", "10.0.0.1")

    assert login(client, colleague.username, RIGHT).status_code == 302
    unlock = AuditEvent.objects.get(action="login.unlock")
    assert unlock.actor is None and unlock.after["ip_address"] == "10.0.0.1"


def test_one_lockout_is_audited_once(client, paser_staff):
    for attempt in range(12):
        login(client, "staf.paser", f"salah-{attempt}")
    assert AuditEvent.objects.filter(action="login.lockout").count() == 1


def test_behind_the_proxy_the_client_address_is_the_one_the_proxy_saw(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().post("/", REMOTE_ADDR="172.18.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.20")
    assert client_ip(request) == "198.51.100.20"
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request) == "172.18.0.5"
