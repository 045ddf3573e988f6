from datetime import date
from pathlib import Path

from celery import shared_task

from core.jobs import ProgressReporter, run_job_task
from core.models import Job


@shared_task(name="verification.import_dtks", acks_late=True)
def import_dtks(job_id: int) -> None:
    run_job_task(job_id, _import_dtks_work)


def _import_dtks_work(job: Job) -> tuple[dict, str]:
    from core.importing import progress_total, report_path

    from .services import dtks_import_file

    path = Path(job.input_file)
    progress = ProgressReporter(job, total=progress_total(path))
    snapshot, report = dtks_import_file(
        path=path, file_name=job.input_name, snapshot_date=date.fromisoformat(job.params["snapshot_date"]),
        coverage=job.params.get("districts"), by=job.created_by, job=job, progress=progress,
    )
    report.write_csv(report_path(job.pk))
    result = report.as_dict(limit=200) | {"snapshot": snapshot.pk if snapshot else None}
    return result, report.summary_line("DTKS")


@shared_task(name="verification.run_eligibility", acks_late=True)
def run_eligibility(job_id: int) -> None:
    run_job_task(job_id, _run_eligibility_work)


def _run_eligibility_work(job: Job) -> tuple[dict, str]:
    from programs.models import ProgramCycle

    from .services import eligibility_run

    cycle = ProgramCycle.objects.get(pk=job.params["cycle_id"])
    regency_codes = job.params.get("regency_codes")  # absent: the whole cycle
    applications = cycle.applications.all()
    if regency_codes is not None:
        applications = applications.filter(regency_id__in=regency_codes)
    run = eligibility_run(cycle=cycle, by=job.created_by, job=job, regency_codes=regency_codes,
                          progress=ProgressReporter(job, total=applications.count()))
    return {"program": cycle.code, "run": run.pk, **run.counts}, ""
