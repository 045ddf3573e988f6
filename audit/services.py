from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from .models import AuditEvent


class AuditOutsideTransaction(RuntimeError):
    pass


def audit_record(
    *,
    actor,
    action: str,
    target: models.Model | None = None,
    before: Any = None,
    after: Any = None,
    regency_code: str = "",
) -> AuditEvent:
    """Write one audit row. Call it inside the transaction of the change it records, so that
    the change and its audit row are saved together or not at all."""
    if not transaction.get_connection().in_atomic_block:
        raise AuditOutsideTransaction(f"audit_record({action!r}) must run inside the change's transaction")
    actor_obj = actor if actor is not None and getattr(actor, "pk", None) else None
    return AuditEvent.objects.create(
        actor=actor_obj,
        actor_username=actor_obj.get_username() if actor_obj else "",
        action=action,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:255] if target is not None else "",
        regency_code=regency_code,
        before=before,
        after=after,
    )
