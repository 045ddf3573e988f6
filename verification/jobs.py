"""Starting the verification jobs, from a page or a command."""

from django.db import transaction

from core.jobs import job_create, job_enqueue
from core.models import Job
from programs.models import ProgramCycle

from .eligibility import snapshot_for_run


@transaction.atomic
def eligibility_run_start(*, cycle: ProgramCycle, by=None) -> Job:
    """Queue a run of the whole cycle; refused at once when the cycle needs DTKS and no
    snapshot is active."""
    from .tasks import run_eligibility

    snapshot_for_run(cycle)
    job = job_create(kind=Job.Kind.ELIGIBILITY_RUN, by=by, params={"cycle_id": cycle.pk, "program": cycle.code})
    job_enqueue(job, run_eligibility)
    return job


@transaction.atomic
def dtks_import_start(*, stored_path: str, file_name: str, snapshot_date, by) -> Job:
    from .tasks import import_dtks

    job = job_create(
        kind=Job.Kind.DTKS_IMPORT, by=by, params={"snapshot_date": snapshot_date.isoformat()},
        input_file=stored_path, input_name=file_name,
    )
    job_enqueue(job, import_dtks)
    return job
