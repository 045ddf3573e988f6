import json
import time

import pytest
import redis
from django.conf import settings

from core import health
from core.tasks import worker_heartbeat

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def no_heartbeat():
    """Each test starts with no worker stamp and no heartbeat requested, and an empty queue."""
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.delete(health.HEARTBEAT_KEY, health.HEARTBEAT_REQUESTED_KEY, "celery")
    yield client
    client.delete(health.HEARTBEAT_KEY, health.HEARTBEAT_REQUESTED_KEY, "celery")


def test_healthz_reports_everything_up_once_a_worker_has_run_the_heartbeat(client, celery_worker):
    worker_heartbeat.delay()
    for _attempt in range(100):
        if health.worker_heartbeat_age() is not None:
            break
        time.sleep(0.05)
    response = client.get("/healthz")
    assert response.status_code == 200, response.json()
    assert response.json() == {"status": "ok", "checks": {"database": True, "redis": True, "worker": True}}


def test_healthz_reads_the_workers_stamp_and_does_not_ask_a_worker_to_answer(client):
    # No worker runs in this test: a fresh stamp is all /healthz goes by (it used to ping the
    # workers and wait a second for their answer on every call).
    worker_heartbeat()
    response = client.get("/healthz")
    assert response.status_code == 200, response.json()
    assert response.json()["checks"]["worker"] is True


def test_healthz_answers_503_when_no_worker_has_stamped_lately(client, no_heartbeat):
    health.worker_heartbeat_write(now=time.time() - health.HEARTBEAT_MAX_AGE - 1)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {"database": True, "redis": True, "worker": False}


def test_healthz_asks_for_one_heartbeat_when_the_stamp_is_missing_however_often_it_is_called(client, no_heartbeat):
    for _call in range(5):
        assert client.get("/healthz").json()["checks"]["worker"] is False
    # One heartbeat task waits in the queue for a worker, not five.
    assert no_heartbeat.llen("celery") == 1


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
