from django.db import transaction

from accounts.selectors import regency_codes_visible_to
from core.jobs import job_create, job_enqueue
from core.models import Job


@transaction.atomic
def applicants_import_start(*, stored_path: str, file_name: str, by) -> Job:
    """Queue an applicant import; rows are limited to the user's districts."""
    from .tasks import import_applicants

    codes = regency_codes_visible_to(user=by)
    job = job_create(
        kind=Job.Kind.APPLICANT_IMPORT, by=by, regency_code=by.regency_id or "",
        params={"regency_codes": codes}, input_file=stored_path, input_name=file_name,
    )
    job_enqueue(job, import_applicants)
    return job
