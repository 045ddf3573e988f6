"""Background work of the training app; thin: each task calls a service."""

from celery import shared_task


@shared_task(name="training.propose_due_reallocations", acks_late=True)
def propose_due_reallocations() -> list[int]:
    """Daily (Celery beat): propose the §8 reallocation of every cycle whose registration has
    closed, for a second person to approve. Safe to run twice: cycles with a proposal are skipped.
    Returns the ids of the proposals created."""
    from training.reallocation.services import reallocations_propose_due

    return [proposal.pk for proposal in reallocations_propose_due()]


@shared_task(name="training.import_training_results", acks_late=True)
def import_training_results(job_id: int) -> None:
    """A training results import (§10) queued from the upload page. Safe to run again: the
    import is one transaction, and a retried file's rows already stored are rejected."""
    from core.jobs import run_job
    from core.models import Job

    job = Job.objects.filter(id=job_id).first()
    if job is None:
        return
    run_job(job, _import_training_results_work)


def _import_training_results_work(job) -> tuple[dict, str]:
    from pathlib import Path

    from django.utils.translation import gettext as _

    from core.importing import progress_total, report_path
    from core.jobs import ProgressReporter
    from training.records.services import training_results_import

    path = Path(job.input_file)
    codes = job.params.get("regency_codes")
    report = training_results_import(
        path=path, file_name=job.input_name, by=job.created_by, job=job,
        regency_codes=set(codes) if codes is not None else None,
        progress=ProgressReporter(job, total=progress_total(path)),
    )
    report.write_csv(report_path(job.pk))
    return report.as_dict(limit=200), report.summary_line(_("Training results"))
