from celery import shared_task

from .health import worker_heartbeat_write


@shared_task(name="core.worker_heartbeat", ignore_result=True)
def worker_heartbeat() -> None:
    """A worker ran a task just now: /healthz reads the stamp (core.health)."""
    worker_heartbeat_write()
