"""Reachability of the parts the portal needs: the database, Redis and a Celery worker.

/healthz must answer at once, so it never waits for a worker. A worker proves it is alive by
running `core.worker_heartbeat`, which stamps the time into Redis; Celery beat sends that task
every HEARTBEAT_INTERVAL seconds, and /healthz itself sends one (at most once per interval)
when the stamp it reads is getting old. The worker counts as up while the stamp is younger
than HEARTBEAT_MAX_AGE."""

import time

import redis
from django.conf import settings
from django.db import connection

HEARTBEAT_KEY = "portal:health:worker-heartbeat"
HEARTBEAT_REQUESTED_KEY = "portal:health:worker-heartbeat-requested"
HEARTBEAT_INTERVAL = 30  # seconds between heartbeats
HEARTBEAT_MAX_AGE = 90  # a stamp older than this: no worker has run a task for three intervals


def _redis() -> redis.Redis:
    return redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_connect_timeout=0.5, socket_timeout=0.5)


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def redis_ok() -> bool:
    try:
        return bool(_redis().ping())
    except Exception:
        return False


def worker_heartbeat_write(now: float | None = None) -> None:
    """Stamp the time: a worker is alive (called by the `core.worker_heartbeat` task)."""
    _redis().set(HEARTBEAT_KEY, repr(time.time() if now is None else now), ex=HEARTBEAT_MAX_AGE * 2)


def worker_heartbeat_age(now: float | None = None) -> float | None:
    """Seconds since a worker last stamped the heartbeat, or None when there is no stamp."""
    stamp = _redis().get(HEARTBEAT_KEY)
    if stamp is None:
        return None
    return (time.time() if now is None else now) - float(stamp)


def _request_heartbeat() -> None:
    """Queue one heartbeat task per interval (the NX key keeps /healthz from flooding a queue
    that no worker empties); the task expires rather than pile up."""
    if _redis().set(HEARTBEAT_REQUESTED_KEY, "1", nx=True, ex=HEARTBEAT_INTERVAL):
        from .tasks import worker_heartbeat

        worker_heartbeat.apply_async(expires=HEARTBEAT_MAX_AGE)


def worker_ok() -> bool:
    try:
        age = worker_heartbeat_age()
        if age is None or age > HEARTBEAT_INTERVAL:
            _request_heartbeat()
    except Exception:
        return False
    return age is not None and age <= HEARTBEAT_MAX_AGE


def health_report() -> dict:
    checks = {"database": database_ok(), "redis": redis_ok()}
    checks["worker"] = worker_ok() if checks["redis"] else False
    return {"status": "ok" if all(checks.values()) else "error", "checks": checks}
