import json

import pytest

pytestmark = pytest.mark.django_db


def test_healthz_reports_everything_up_when_a_worker_answers(client, celery_worker):
    response = client.get("/healthz")
    assert response.status_code == 200, response.json()
    assert response.json() == {"status": "ok", "checks": {"database": True, "redis": True, "worker": True}}


def test_healthz_answers_503_when_no_worker_runs(client):
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": True, "redis": True, "worker": False}


def test_healthz_answers_503_when_redis_is_unreachable(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["checks"]["redis"] is False and body["checks"]["database"] is True


def test_healthz_holds_no_personal_data_and_needs_no_login(client, paser_staff):
    response = client.get("/healthz")
    assert set(response.json()) == {"status", "checks"}
    assert "staf.paser" not in response.content.decode()
