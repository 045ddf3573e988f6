from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record

from .errors import PortalError
from .jobs import job_enqueue, job_kind, job_live_state
from .models import Job


@transaction.atomic
def job_retry(*, job: Job, by) -> Job:
    """Queue a failed job again (the work starts over; earlier data was left intact). Retrying
    needs the capability that starting the job needs."""
    job = Job.objects.select_for_update().get(pk=job.pk)
    kind = job_kind(job.kind)
    if kind is None:
        raise PortalError(_("This kind of job cannot be retried"))
    if by is not None and not by.has_perm(kind.capability):
        raise PortalError(_("You could not start this kind of job, so you cannot retry it."))
    if job_live_state(job)["status"] != Job.Status.FAILED:
        raise PortalError(_("Only a failed job can be retried"))
    job.status = Job.Status.QUEUED
    job.message = ""
    job.save(update_fields=["status", "message"])
    audit_record(actor=by, action="job.retry", target=job, regency_code=job.regency_code)
    job_enqueue(job, kind.task)
    return job
