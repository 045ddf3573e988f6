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
    state = job_live_state(job)
    if state["status"] != Job.Status.FAILED:
        raise PortalError(_("Only a failed job can be retried"))
    if state["refused"]:
        raise PortalError(_("The file was refused; running the job again would refuse it again. Upload a "
                            "corrected file instead."))
    job.status = Job.Status.QUEUED
    job.message = ""
    job.save(update_fields=["status", "message"])
    audit_record(actor=by, action="job.retry", target=job, regency_code=job.regency_code)
    job_enqueue(job, kind.task)
    return job


LETTERHEAD_FIELDS = ("government_name", "office_name", "address", "contact", "place")


def _letterhead_snapshot(letterhead) -> dict:
    return {**{name: getattr(letterhead, name) for name in LETTERHEAD_FIELDS}, "logo": letterhead.logo.name or ""}


def letterhead_save(*, regency, by, logo=None, remove_logo: bool = False, **values):
    """Set up or change a district's letterhead. `logo` is an uploaded JPEG or PNG (checked by
    its content here too); the old logo file is removed once the new one is saved."""
    import uuid

    from django.core.files.base import File

    from .models import Letterhead
    from .uploads import image_content_type

    with transaction.atomic():
        letterhead = Letterhead.objects.select_for_update().filter(regency=regency).first()
        before = _letterhead_snapshot(letterhead) if letterhead else None
        letterhead = letterhead or Letterhead(regency=regency)
        for name in LETTERHEAD_FIELDS:
            if name in values:
                setattr(letterhead, name, (values[name] or "").strip())
        old_logo = letterhead.logo.name if letterhead.logo else ""
        new_file = None
        if logo is not None:
            logo.seek(0)
            detected = image_content_type(logo.read(16))
            logo.seek(0)
            if detected is None:
                raise PortalError(_("The logo must be a JPEG or PNG image."))
            letterhead.logo.save(f"{uuid.uuid4().hex}{detected[1]}", File(logo), save=False)
            new_file = letterhead.logo.name
        elif remove_logo:
            letterhead.logo = ""
        letterhead.updated_by = by
        try:
            letterhead.save()
            audit_record(actor=by, action="letterhead.save", target=letterhead, before=before,
                         after=_letterhead_snapshot(letterhead), regency_code=regency.code)
        except Exception:
            if new_file:
                letterhead.logo.storage.delete(new_file)
            raise
    if old_logo and old_logo != (letterhead.logo.name or ""):
        letterhead.logo.storage.delete(old_logo)
    return letterhead
