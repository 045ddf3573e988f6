"""Reachability of the parts the portal needs: the database, Redis and a Celery worker."""

import redis
from django.conf import settings
from django.db import connection


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def redis_ok() -> bool:
    try:
        client = redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_connect_timeout=1, socket_timeout=1)
        return bool(client.ping())
    except Exception:
        return False


def worker_ok(timeout: float = 1.0) -> bool:
    from training_portal.celery import app

    try:
        replies = app.control.ping(timeout=timeout)
    except Exception:
        return False
    return bool(replies)


def health_report() -> dict:
    checks = {"database": database_ok(), "redis": redis_ok()}
    checks["worker"] = worker_ok() if checks["redis"] else False
    return {"status": "ok" if all(checks.values()) else "error", "checks": checks}
