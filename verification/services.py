from django.db import transaction
from django.utils import timezone

from audit.services import audit_record
from participants.models import Application

from .models import Decision, EligibilityResult


def _decision_state(result: EligibilityResult) -> dict:
    return {
        "status": result.status,
        "decision": result.decision,
        "note": result.decision_note,
        "needs_recheck": result.needs_recheck,
        "decided_by": result.decided_by.get_username() if result.decided_by_id else None,
    }


@transaction.atomic
def application_decide(*, application: Application, by, approve: bool, note: str) -> EligibilityResult:
    """Record a staff decision beside the automatic result; later automatic runs never
    overwrite it (§6). Deciding again clears the mark for another look."""
    EligibilityResult.objects.get_or_create(application=application)
    result = (
        EligibilityResult.objects.select_for_update(of=("self",))
        .select_related("decided_by")
        .get(application=application)
    )
    before = _decision_state(result)
    result.decision = Decision.APPROVED if approve else Decision.REJECTED
    result.decision_note = note
    result.decided_by = by
    result.decided_at = timezone.now()
    result.needs_recheck = False
    result.save(update_fields=["decision", "decision_note", "decided_by", "decided_at", "needs_recheck"])
    audit_record(
        actor=by, action="application.decide", target=application, before=before, after=_decision_state(result),
        regency_code=application.regency_id,
    )
    return result
