"""What every endpoint shares: JSON errors with a machine code and a message in the request's
language, no anonymous access, CSRF for a browser's writes, throttling per token."""

import pytest
from django.test import Client

from .conftest import token_client

pytestmark = pytest.mark.django_db


def test_an_unknown_api_address_answers_a_json_404(paser_api):
    response = paser_api.get("/api/v1/no-such-thing/")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "Tidak ada yang ditemukan di alamat ini.",
                               "errors": {}}


def test_a_method_an_endpoint_does_not_take_answers_405_in_english_when_asked(paser_api):
    response = paser_api.delete("/api/v1/me/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert response.json()["message"] == "This address does not accept this method."


def test_a_signed_in_browser_needs_its_csrf_token_to_write(paser_staff):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(paser_staff)
    assert browser.get("/api/v1/me/").status_code == 200
    response = browser.post("/api/v1/me/", {}, content_type="application/json")
    assert response.status_code == 403
    assert response.json()["code"] == "csrf_failed"


def test_a_token_past_its_rate_gets_429_while_another_token_goes_on(settings, paser_staff):
    settings.API_THROTTLE_RATE = "3/min"
    busy, other = token_client(paser_staff), token_client(paser_staff, name="Satu Data")
    answers = [busy.get("/api/v1/me/").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    response = busy.get("/api/v1/me/")
    assert response.json()["code"] == "throttled" and int(response["Retry-After"]) > 0
    assert other.get("/api/v1/me/").status_code == 200
