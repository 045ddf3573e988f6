"""Reads of seats: a batch's roster, a district's waiting list."""

from django.db.models import QuerySet

from programs.models import Batch, Enrolment


def batch_roster(*, batch: Batch) -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.filter(batch=batch)
        .select_related("application__person", "regency")
        .order_by("application__person__name", "pk")
    )


def batch_roster_context(*, batch: Batch, user) -> dict:
    """What the batch page's roster partial (programs/partials/_batch_roster.html) needs."""
    return {"roster": batch_roster(batch=batch)}
