"""Scheduled work of the grants app; thin: each task calls a service."""

from celery import shared_task


@shared_task(name="grants.schedule_monitoring_visits", acks_late=True)
def schedule_monitoring_visits() -> int:
    """Daily (Celery beat): create the monitoring visits due 3, 6 and 12 months (the scheme's
    months) after each handover or disbursement. Safe to run twice: nothing is created twice
    and no existing visit is touched. Returns how many were created."""
    from grants.monitoring.services import visits_schedule

    return visits_schedule()
