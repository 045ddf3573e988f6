"""Reads of training records: attendance, results, certificates."""

from programs.models import Batch


def batch_records_context(*, batch: Batch, user) -> dict:
    """What the batch page's records partial (programs/partials/_batch_records.html) needs."""
    return {}
