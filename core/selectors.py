from django.db.models import Q

from accounts.selectors import first_or_404, regency_codes_visible_to

from .jobs import job_kinds
from .models import Job


def job_kinds_startable_by(*, user) -> list[str]:
    """The kinds of job the user could start: those whose capability they hold."""
    return [kind.code for kind in job_kinds() if user.has_perm(kind.capability)]


def job_list_visible_to(*, user):
    """Jobs a user may follow: of a kind they could have started themselves (its capability),
    and their own or of their districts (system admins: all). A job's page, progress and report
    show what it read and wrote, so an official or a BLK admin does not see a staff import."""
    if not user.is_authenticated or not user.is_active:
        return Job.objects.none()
    jobs = Job.objects.select_related("created_by")
    codes = regency_codes_visible_to(user=user)
    if codes is None:
        return jobs
    return jobs.filter(kind__in=job_kinds_startable_by(user=user)).filter(
        Q(created_by=user) | Q(regency_code__in=codes)
    )


def job_get_visible(*, user, job_id: int) -> Job:
    return first_or_404(job_list_visible_to(user=user), pk=job_id)
