from pathlib import Path

from celery import shared_task
from django.utils.translation import gettext as _

from core.jobs import ProgressReporter, run_job_task
from core.models import Job


@shared_task(name="participants.import_applicants", acks_late=True)
def import_applicants(job_id: int) -> None:
    run_job_task(job_id, _import_applicants_work)


def _import_applicants_work(job: Job) -> tuple[dict, str]:
    from core.importing import progress_total, report_path

    from .services import applicants_import

    path = Path(job.input_file)
    total = progress_total(path)
    codes = job.params.get("regency_codes")
    report = applicants_import(
        path=path, file_name=job.input_name, by=job.created_by, job=job,
        regency_codes=set(codes) if codes is not None else None, progress=ProgressReporter(job, total=total),
    )
    report.write_csv(report_path(job.pk))
    return report.as_dict(limit=200), report.summary_line(_("Applicants"))
