"""API tokens: made once with a key shown once, kept as a hash, refused when expired, revoked or
of an inactive user, listed and revoked on "My account", in the admin and made on the command line."""

import hashlib
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import ApiToken
from accounts.services import api_token_create, api_token_revoke
from audit.models import AuditEvent
from tests.factories import UserFactory

from .conftest import token_key

pytestmark = pytest.mark.django_db

ME = "/api/v1/me/"


def _get(key, *, keyword="Token", **extra):
    return Client().get(ME, HTTP_AUTHORIZATION=f"{keyword} {key}", **extra)


def test_a_token_is_kept_only_as_its_hash_and_its_creation_is_audited(paser_staff):
    new = api_token_create(user=paser_staff, name="SIKS-NG", days=90, by=paser_staff)
    token = ApiToken.objects.get()
    assert token.key_hash == hashlib.sha256(new.key.encode()).hexdigest()
    assert new.key not in {token.key_hash, token.prefix, token.name} and new.key.startswith(token.prefix)
    assert timedelta(days=89) < token.expires_at - timezone.now() <= timedelta(days=90)
    event = AuditEvent.objects.get(action="api_token.create")
    assert event.actor == paser_staff and new.key not in str(event.after)


@pytest.mark.parametrize("keyword", ["Token", "Bearer", "token"])
def test_a_token_signs_in_as_its_user(paser_staff, keyword):
    response = _get(token_key(paser_staff), keyword=keyword)
    assert response.status_code == 200
    assert response.json()["username"] == "staf.paser"
    assert response.json()["districts"] == ["64.01"]
    assert ApiToken.objects.get().last_used_at is not None


def test_an_expired_token_is_refused(paser_staff):
    key = token_key(paser_staff)
    ApiToken.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    response = _get(key)
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"
    assert response.json()["message"] == "Token tidak dikenal, sudah kedaluwarsa, atau sudah dicabut."


def test_a_revoked_token_is_refused_and_the_revocation_is_audited(paser_staff):
    key = token_key(paser_staff)
    assert _get(key).status_code == 200
    api_token_revoke(token=ApiToken.objects.get(), by=paser_staff)
    assert _get(key).status_code == 401
    assert AuditEvent.objects.filter(action="api_token.revoke", actor=paser_staff).count() == 1


def test_the_token_of_a_user_made_inactive_is_refused(paser_staff):
    key = token_key(paser_staff)
    paser_staff.is_active = False
    paser_staff.save()
    assert _get(key).status_code == 401


def test_an_unknown_token_and_a_malformed_header_are_refused(paser_staff):
    assert _get("not-a-key").status_code == 401
    response = Client().get(ME, HTTP_AUTHORIZATION="Token two words")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"


def test_without_credentials_the_api_answers_401_in_indonesian_or_in_the_language_asked(db):
    response = Client().get(ME)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
    assert response.json() == {"code": "not_authenticated", "errors": {},
                               "message": "Masuk dahulu: kirim 'Authorization: Token <kunci>'."}
    english = Client().get(ME, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert english.json()["message"] == "Sign in first: send 'Authorization: Token <key>'."
    assert english["Content-Language"] == "en"


def test_a_token_cannot_be_made_for_an_inactive_user_or_for_too_long(paser_staff):
    from core.errors import PortalError

    with pytest.raises(PortalError):
        api_token_create(user=paser_staff, name="x", days=366, by=paser_staff)
    paser_staff.is_active = False
    with pytest.raises(PortalError):
        api_token_create(user=paser_staff, name="x", days=30, by=paser_staff)
    assert not ApiToken.objects.exists()


# --- the command ----------------------------------------------------------------------------------


def test_create_api_token_prints_a_key_that_works(paser_staff):
    out = StringIO()
    call_command("create_api_token", "staf.paser", "--days", "7", stdout=out, stderr=StringIO())
    key = out.getvalue().strip()
    assert _get(key).status_code == 200
    token = ApiToken.objects.get()
    assert timedelta(days=6) < token.expires_at - timezone.now() <= timedelta(days=7)
    assert AuditEvent.objects.filter(action="api_token.create", actor=None).exists()


def test_create_api_token_refuses_an_unknown_or_inactive_user(paser_staff):
    with pytest.raises(CommandError, match="Tidak ada pengguna nobody"):
        call_command("create_api_token", "nobody", stdout=StringIO(), stderr=StringIO())
    UserFactory(username="gone", is_active=False)
    with pytest.raises(CommandError, match="tidak aktif"):
        call_command("create_api_token", "gone", stdout=StringIO(), stderr=StringIO())
    assert not ApiToken.objects.exists()


# --- "My account" -----------------------------------------------------------------------------------


def test_my_account_is_linked_from_the_user_menu_and_makes_a_token_shown_once(client, paser_staff):
    client.force_login(paser_staff)
    assert reverse("account-me") in client.get(reverse("core:dashboard")).content.decode()
    response = client.post(reverse("account-me"), {"name": "Satu Data", "days": "30"})
    page = response.content.decode()
    token = ApiToken.objects.get(user=paser_staff)
    key = response.context["new_token"].key
    assert key in page and "Salin sekarang" in page
    assert _get(key).status_code == 200
    again = client.get(reverse("account-me")).content.decode()
    assert key not in again
    assert f"{token.prefix}…" in again and "Satu Data" in again and "Cabut" in again


def test_revoking_on_my_account_stops_the_token(client, paser_staff):
    key = token_key(paser_staff)
    client.force_login(paser_staff)
    response = client.post(reverse("account-api-token-revoke", args=[ApiToken.objects.get().pk]))
    assert response.status_code == 302
    assert _get(key).status_code == 401
    assert "Dicabut" in client.get(reverse("account-me")).content.decode()


def test_nobody_revokes_or_sees_anothers_token_on_my_account(client, paser_staff, bantaeng_staff):
    key = token_key(bantaeng_staff, name="Sistem Bantaeng")
    client.force_login(paser_staff)
    assert "Sistem Bantaeng" not in client.get(reverse("account-me")).content.decode()
    response = client.post(reverse("account-api-token-revoke", args=[ApiToken.objects.get().pk]))
    assert response.status_code == 404
    assert _get(key).status_code == 200


# --- the admin ---------------------------------------------------------------------------------------


def test_the_admin_lists_tokens_without_their_key_and_revokes_them(client, system_admin, paser_staff):
    key = token_key(paser_staff)
    token = ApiToken.objects.get()
    client.force_login(system_admin)
    listing = client.get(reverse("admin:accounts_apitoken_changelist")).content.decode()
    assert token.prefix in listing and key not in listing and token.key_hash not in listing
    detail = client.get(reverse("admin:accounts_apitoken_change", args=[token.pk])).content.decode()
    assert key not in detail and token.key_hash not in detail
    client.post(reverse("admin:accounts_apitoken_changelist"),
                {"action": "revoke", "_selected_action": [token.pk]})
    assert _get(key).status_code == 401
    assert AuditEvent.objects.get(action="api_token.revoke").actor == system_admin
