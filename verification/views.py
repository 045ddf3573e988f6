import tempfile
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.errors import PortalError
from core.jobs import job_live_state
from core.uploads import import_upload_store, upload_limit, upload_refused
from regions.selectors import village_names

from . import selectors
from .forms import ApplicationDecisionForm, ApplicationFilterForm, SnapshotDeleteForm, SnapshotUploadForm
from .services import (
    application_decide,
    dtks_import_start,
    dtks_snapshot_delete,
    dtks_snapshot_manageable_by,
    eligibility_export,
    eligibility_run_start,
)

verify_required = permission_required("accounts.verify_eligibility", raise_exception=True)
dtks_required = permission_required("accounts.import_dtks", raise_exception=True)
CYCLES_PER_PAGE = 50
APPLICATIONS_PER_PAGE = 50
SNAPSHOTS_PER_PAGE = 50


# --- cycles ----------------------------------------------------------------------------------


@verify_required
def cycle_list(request):
    cycles = selectors.cycle_list_with_counts(user=request.user)
    page = Paginator(cycles, CYCLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "verification/cycle_list.html", {"page": page})


@verify_required
def cycle_detail(request, code):
    cycle = selectors.cycle_get_with_counts(user=request.user, code=code)
    job = selectors.cycle_latest_job(user=request.user, cycle=cycle)
    return render(request, "verification/cycle_detail.html", {
        "cycle": cycle,
        "run": selectors.cycle_latest_run(user=request.user, cycle=cycle),
        "dtks_districts": selectors.cycle_dtks_districts(user=request.user, cycle=cycle),
        "job": job,
        "state": job_live_state(job) if job else None,
    })


@verify_required
def cycle_figures(request, code):
    """The counts and the latest run, fetched again by the cycle page when its run job ends."""
    cycle = selectors.cycle_get_with_counts(user=request.user, code=code)
    return render(request, "verification/partials/_cycle_figures.html", {
        "cycle": cycle,
        "run": selectors.cycle_latest_run(user=request.user, cycle=cycle),
        "dtks_districts": selectors.cycle_dtks_districts(user=request.user, cycle=cycle),
    })


@verify_required
@require_POST
def cycle_run(request, code):
    cycle = selectors.cycle_get_with_counts(user=request.user, code=code)
    try:
        eligibility_run_start(cycle=cycle, by=request.user, only_their_districts=True)
    except PortalError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The eligibility run of %(code)s has been queued.") % {"code": cycle.code})
    return redirect("verification:cycle-detail", code=cycle.code)


@verify_required
def cycle_export(request, code):
    """The §7 CSV of the user's districts (every district for a system admin)."""
    cycle = selectors.cycle_get_with_counts(user=request.user, code=code)
    # Spooled to a temporary file by PostgreSQL's COPY, then streamed from there.
    out = tempfile.TemporaryFile()
    eligibility_export(cycle=cycle, out=out, user=request.user)
    out.seek(0)
    return FileResponse(
        out, as_attachment=True, filename=f"kelayakan-{cycle.code}.csv", content_type="text/csv; charset=utf-8"
    )


# --- applications ----------------------------------------------------------------------------


@verify_required
def application_list(request, code):
    cycle = selectors.cycle_get_with_counts(user=request.user, code=code)
    form = ApplicationFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    applications = selectors.application_list_visible_to(user=request.user, cycle=cycle, filters=filters)
    page = Paginator(applications, APPLICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    warnings = selectors.application_dedup_warnings(user=request.user, applications=page.object_list, cycle=cycle)
    desa = village_names(application.village_code for application in page.object_list)
    rows = [(application, warnings.get(application.pk, []), desa.get(application.village_code, ""))
            for application in page.object_list]
    return render(request, "verification/application_list.html", {
        "cycle": cycle, "form": form, "page": page, "rows": rows,
    })


def _documents_url(application) -> str | None:
    # Documents belong to the registration pages, built separately; link only once they exist.
    try:
        return reverse("participants:application-documents", args=[application.pk])
    except NoReverseMatch:
        return None


def _application_page(request, application, form, *, status=200):
    result = getattr(application, "eligibility", None)
    warnings = selectors.application_dedup_warnings(
        user=request.user, applications=[application], cycle=application.cycle
    )
    return render(request, "verification/application_detail.html", {
        "application": application,
        "person": application.person,
        "cycle": application.cycle,
        "result": result,
        "explanation": selectors.application_explanation(application=application),
        "others": selectors.person_other_applications(user=request.user, application=application),
        "elsewhere": selectors.person_registrations_elsewhere(user=request.user, application=application),
        "warnings": warnings.get(application.pk, []),
        "show_full_nik": request.user.has_perm("accounts.view_full_nik"),
        "documents_url": _documents_url(application),
        "desa": village_names([application.village_code]).get(application.village_code, ""),
        "next_case": selectors.application_next_to_review(user=request.user, application=application),
        "form": form,
    }, status=status)


@verify_required
def application_detail(request, application_id):
    application = selectors.application_get_visible(user=request.user, application_id=application_id)
    return _application_page(request, application, ApplicationDecisionForm())


@verify_required
@require_POST
def application_decide_view(request, application_id):
    application = selectors.application_get_visible(user=request.user, application_id=application_id)
    form = ApplicationDecisionForm(request.POST)
    if not form.is_valid():
        return _application_page(request, application, form, status=400)
    application_decide(application=application, by=request.user, approve=form.approve, note=form.cleaned_data["note"])
    messages.success(request, _("Decision recorded."))
    return redirect("verification:application-detail", application_id=application.pk)


# --- DTKS snapshots --------------------------------------------------------------------------


def _active_for(active: dict) -> dict[int, list[str]]:
    """Snapshot id -> the districts it is the active snapshot of."""
    districts: dict[int, list[str]] = {}
    for code, snapshot in active.items():
        districts.setdefault(snapshot.pk, []).append(code)
    return districts


@dtks_required
def snapshot_list(request):
    page = Paginator(selectors.snapshot_list_visible_to(user=request.user), SNAPSHOTS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    active = selectors.snapshot_active_by_regency(user=request.user)
    active_for = _active_for(active)
    rows = [
        (snapshot, active_for.get(snapshot.pk, []), dtks_snapshot_manageable_by(snapshot=snapshot, by=request.user))
        for snapshot in page.object_list
    ]
    return render(request, "verification/snapshot_list.html", {"page": page, "rows": rows, "active": active})


@dtks_required
@upload_limit("IMPORT_MAX_UPLOAD_BYTES")
def snapshot_upload(request):
    form = SnapshotUploadForm(request.POST or None, request.FILES or None, user=request.user)
    if not upload_refused(request, form) and request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        path = import_upload_store(upload=upload, prefix="dtks")
        try:
            job = dtks_import_start(
                stored_path=str(path), file_name=Path(upload.name).name[:255],
                snapshot_date=form.cleaned_data["snapshot_date"], by=request.user, coverage=form.coverage,
            )
        except PortalError as exc:
            path.unlink(missing_ok=True)
            messages.error(request, exc.message)
        else:
            return redirect("core:job-detail", job_id=job.pk)
    return render(request, "verification/snapshot_upload.html", {"form": form})


@dtks_required
def snapshot_delete(request, snapshot_id):
    snapshot = selectors.snapshot_get_visible(user=request.user, snapshot_id=snapshot_id)
    if not dtks_snapshot_manageable_by(snapshot=snapshot, by=request.user):
        raise PermissionDenied
    active_for = _active_for(selectors.snapshot_active_by_regency()).get(snapshot.pk, [])
    form = SnapshotDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        label = str(snapshot)
        try:
            dtks_snapshot_delete(snapshot=snapshot, by=request.user)
        except PortalError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("%(snapshot)s deleted.") % {"snapshot": label})
        return redirect("verification:snapshot-list")
    return render(request, "verification/snapshot_delete.html", {
        "snapshot": snapshot, "form": form, "is_active": bool(active_for), "active_for": active_for,
    })
