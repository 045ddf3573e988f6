from django.db.models import Q

from accounts.selectors import first_or_404, regency_codes_visible_to

from .models import Job


def job_list_visible_to(*, user):
    """Jobs a user may follow: their own, and their districts' (system admins: all)."""
    codes = regency_codes_visible_to(user=user)
    jobs = Job.objects.select_related("created_by")
    if codes is None:
        return jobs
    return jobs.filter(Q(created_by=user) | Q(regency_code__in=codes))


def job_get_visible(*, user, job_id: int) -> Job:
    return first_or_404(job_list_visible_to(user=user), pk=job_id)
