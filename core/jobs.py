"""Background jobs: created by a page or command, run by a Celery task, followed on a page.

Live progress and a heartbeat go to Redis (the cache), not the database: a job that loads a
file inside one transaction cannot show its progress through that transaction.
"""

import time
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from .models import Job

PROGRESS_TTL = 24 * 3600


@dataclass(frozen=True)
class JobKind:
    """A kind of background job, registered by the app that owns it (in its AppConfig.ready()),
    so that core can show, retry and guard jobs without knowing the apps above it."""

    code: str
    label: str
    # The Celery task that runs it: it takes the job's id.
    task: object
    # The capability that starting it needs ("accounts.import_dtks"); retrying it needs the same.
    capability: str
    # The URL name of the page that starts it with a file ("participants:applicant-import"):
    # where a refused file is sent back to. Empty for jobs started without a file.
    form_url: str = ""


_KINDS: dict[str, JobKind] = {}


def job_kind_register(*, code: str, label, task, capability: str, form_url: str = "") -> JobKind:
    kind = JobKind(code=code, label=label, task=task, capability=capability, form_url=form_url)
    _KINDS[code] = kind
    return kind


_SUCCESS_HOOKS: list[Callable[[Job], None]] = []


def job_success_hook_register(hook: Callable[[Job], None]) -> None:
    """Call `hook(job)` after every job that succeeded, once its transaction has committed (the
    dashboards recompute the figures an import or an eligibility run changed)."""
    _SUCCESS_HOOKS.append(hook)


def job_kind(code: str) -> JobKind | None:
    return _KINDS.get(code)


def job_kinds() -> list[JobKind]:
    return list(_KINDS.values())


def job_kind_choices() -> list[tuple[str, str]]:
    """The registered kinds as field choices (Job.kind)."""
    return [(kind.code, kind.label) for kind in _KINDS.values()]


def _progress_key(job_id: int) -> str:
    return f"job:{job_id}:progress"


@transaction.atomic
def job_create(*, kind: str, by=None, regency_code: str = "", params: dict | None = None,
               input_file: str = "", input_name: str = "") -> Job:
    job = Job.objects.create(
        kind=kind, created_by=by if by is not None and by.pk else None, regency_code=regency_code,
        params=params or {}, input_file=input_file, input_name=input_name,
    )
    cache.delete(_progress_key(job.pk))  # ids can be reused after a restore or a test flush
    return job


def job_enqueue(job: Job, task) -> None:
    """Queue the task once the job row is committed (a worker must be able to load it)."""
    transaction.on_commit(lambda: task.delay(job.pk))


def job_mark_running(job: Job) -> None:
    now = timezone.now()
    job.status = Job.Status.RUNNING
    job.started_at = now
    job.heartbeat_at = now
    job.finished_at = None
    job.message = ""
    job.attempts += 1
    job.progress_done = 0
    job.save(
        update_fields=["status", "started_at", "heartbeat_at", "finished_at", "message", "attempts", "progress_done"]
    )
    cache.delete(_progress_key(job.pk))


class ProgressReporter:
    """Report progress at most every `every` seconds: cheap enough to call for every row."""

    def __init__(self, job: Job, *, total: int | None = None, every: float = 0.5):
        self.job_id = job.pk
        self.total = total
        self.every = every
        self._last = 0.0

    def __call__(self, done: int, *, force: bool = False) -> None:
        now = time.monotonic()
        if force or now - self._last >= self.every:
            self._last = now
            cache.set(_progress_key(self.job_id), {"done": done, "total": self.total, "at": time.time()}, PROGRESS_TTL)


def job_succeed(job: Job, *, result: dict, message: str = "") -> None:
    job.status = Job.Status.SUCCEEDED
    job.result = result
    job.message = message
    job.finished_at = timezone.now()
    live = cache.get(_progress_key(job.pk)) or {}
    job.progress_done = live.get("done", job.progress_done)
    job.progress_total = live.get("total") or job.progress_total or job.progress_done
    job.save(update_fields=["status", "result", "message", "finished_at", "progress_done", "progress_total"])
    for hook in _SUCCESS_HOOKS:
        transaction.on_commit(lambda hook=hook: hook(job))


def job_fail(job: Job, *, message: str, result: dict | None = None) -> None:
    job.status = Job.Status.FAILED
    job.message = message
    if result is not None:
        job.result = result
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "message", "result", "finished_at"])


def job_live_state(job: Job) -> dict:
    """Status, progress and staleness as a page shows them."""
    live = cache.get(_progress_key(job.pk)) or {}
    done = live.get("done", job.progress_done)
    total = live.get("total", job.progress_total)
    if job.status == Job.Status.RUNNING and live.get("at"):
        heartbeat = timezone.datetime.fromtimestamp(live["at"], tz=timezone.get_current_timezone())
        stale = timezone.now() - heartbeat > Job.stale_after()
    else:
        stale = job.is_stale
    status = Job.Status.FAILED if stale else job.status
    refused = job_refused(job) and not stale
    if status == Job.Status.SUCCEEDED:
        percent = 100
    elif total:
        percent = min(99, int(100 * done / total))
    else:
        percent = 0
    return {"status": status, "stale": stale, "done": done, "total": total, "percent": percent,
            "finished": status in (Job.Status.SUCCEEDED, Job.Status.FAILED), "refused": refused,
            "retryable": status == Job.Status.FAILED and not refused}


def job_refused(job: Job) -> bool:
    """Whether the job failed because its input was refused (a file with a missing column, say):
    running it again would only fail again, unlike a crash."""
    return job.status == Job.Status.FAILED and bool((job.result or {}).get("refused"))


def run_job(job: Job, work: Callable[[Job], tuple[dict, str]]) -> None:
    """Run `work(job)` as the body of a task: mark the job running, then finished or failed.

    `work` returns (result, message). A failure leaves earlier data as it was (the work runs in
    its own transaction) and records the reason; the job can be retried."""
    job_mark_running(job)
    try:
        result, message = work(job)
    except Exception as exc:
        from .errors import PortalError, TranslatedError, user_message_for

        # A refused input file says so in the user's words, and running the job again would
        # refuse the same file; anything else (a crash, or a job without a file whose conditions
        # may change) can be retried.
        refused = bool(job.input_file) and isinstance(exc, TranslatedError | PortalError)
        job_fail(job, message=user_message_for(exc), result={"refused": True} if refused else None)
        raise
    job_succeed(job, result=result, message=message)


def run_job_task(job_id: int, work: Callable[[Job], tuple[dict, str]]) -> None:
    """The whole body of a job's Celery task: run_job on the job of `job_id`, or nothing when
    that job is gone (deleted while queued)."""
    job = Job.objects.filter(id=job_id).first()
    if job is None:
        return
    run_job(job, work)
