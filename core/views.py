from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from .errors import PortalError
from .health import health_report
from .home import home_renderer
from .importing import report_path
from .jobs import job_live_state
from .selectors import job_get_visible
from .services import job_retry


def dashboard(request):
    render_home = home_renderer()
    if render_home is not None:
        return render_home(request)
    return render(request, "core/dashboard.html")


def about(request):
    return render(request, "core/about.html")


@login_not_required
@never_cache
@require_GET
def healthz(request):
    report = health_report()
    return JsonResponse(report, status=200 if report["status"] == "ok" else 503)


def job_detail(request, job_id):
    job = job_get_visible(user=request.user, job_id=job_id)
    return render(request, "core/job_detail.html", {"job": job, "state": job_live_state(job)})


@never_cache
def job_progress(request, job_id):
    """The progress partial, polled by htmx until the job is finished; JSON for scripts."""
    job = job_get_visible(user=request.user, job_id=job_id)
    state = job_live_state(job)
    if request.GET.get("format") == "json":
        return JsonResponse({"id": job.pk, "kind": job.kind, **state, "message": job.message, "result": job.result})
    return render(request, "core/partials/_job_progress.html", {"job": job, "state": state})


@require_POST
def job_retry_view(request, job_id):
    job = job_get_visible(user=request.user, job_id=job_id)
    try:
        job_retry(job=job, by=request.user)
    except PortalError as exc:
        messages.error(request, exc.message)
    return redirect("core:job-detail", job_id=job.pk)


def job_report(request, job_id):
    """The per-line problem report of an import, as CSV."""
    job = job_get_visible(user=request.user, job_id=job_id)
    path = report_path(job.pk)
    if not path.exists():
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=f"laporan-impor-{job.pk}.csv",
                        content_type="text/csv; charset=utf-8")
