"""Scheduled work of the training app; thin: each task calls a service."""

from celery import shared_task


@shared_task(name="training.propose_due_reallocations", acks_late=True)
def propose_due_reallocations() -> list[int]:
    """Daily (Celery beat): propose the §8 reallocation of every cycle whose registration has
    closed, for a second person to approve. Safe to run twice: cycles with a proposal are skipped.
    Returns the ids of the proposals created."""
    from training.reallocation.services import reallocations_propose_due

    return [proposal.pk for proposal in reallocations_propose_due()]
