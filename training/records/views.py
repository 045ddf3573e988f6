"""Training-record pages of a batch: attendance entry per session, the attendance overview,
results (completion, drop-out, assessment, certificate) and the printable PDFs; and the upload
of a provider's training results file (§10), which is not tied to a batch.

Who: BLK admins record (`manage_training`); everyone with `view_dashboards` may look (the pages
then show no form). Which batch: `batch_get_visible_or_404`, so a BLK admin reaches only their
provider's batches and a district user only those of providers in their district; another
batch answers 404 as if it did not exist.
"""

import re

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET

from accounts.selectors import first_or_404
from core.errors import PortalError
from core.letterhead import letterhead_for
from core.uploads import UploadSizeLimit, import_upload_store
from training.courses.selectors import batch_get_visible_or_404
from training.models import Batch, Instructor
from training.records import pdf, selectors
from training.records.forms import EnrolmentResultForm, SessionAttendanceForm, TrainingResultsImportForm
from training.records.results_import import COLUMNS as RESULT_COLUMNS
from training.records.results_import import REQUIRED as RESULT_REQUIRED
from training.records.services import (
    DEFAULT_COMPETENCY_ISSUER,
    ResultsRefused,
    attendance_record,
    results_save,
    training_results_import_start,
)
from training.rules import attendance_default
from training.values import RESULTS

EDIT_PERMISSION = "accounts.manage_training"
VIEW_PERMISSIONS = ("accounts.manage_training", "accounts.view_dashboards")


def _batch_for(request, pk: int, *, edit: bool) -> Batch:
    """The batch if the user may see (or, for a POST, edit) its records: 403 without the
    capability, 404 outside the user's providers or districts."""
    if edit and request.method == "POST":
        if not request.user.has_perm(EDIT_PERMISSION):
            raise PermissionDenied
    elif not any(request.user.has_perm(permission) for permission in VIEW_PERMISSIONS):
        raise PermissionDenied
    return batch_get_visible_or_404(user=request.user, pk=pk)


def batch_page_url(batch) -> str:
    return reverse("training:batch-detail", args=[batch.pk])


def _page_context(request, batch, **extra) -> dict:
    return {"batch": batch, "batch_url": batch_page_url(batch), "can_edit": request.user.has_perm(EDIT_PERMISSION),
            **extra}


@login_required
def attendance(request, pk, session_pk):
    """The whole roster of one session on one page: a choice per participant, saved at once."""
    batch = _batch_for(request, pk, edit=True)
    session = first_or_404(batch.sessions.all(), pk=session_pk)
    roster = list(selectors.batch_record_roster(batch=batch))
    recorded = selectors.session_marks(session=session)
    initial = {}
    for enrolment in roster:
        if enrolment.pk in recorded:
            initial[enrolment.pk] = recorded[enrolment.pk]
        elif default := attendance_default(enrolment_status=enrolment.status, ended_at=enrolment.ended_at,
                                           session_starts_at=session.starts_at):
            initial[enrolment.pk] = default
    form = SessionAttendanceForm(request.POST or None, roster=roster, initial_marks=initial)
    if request.method == "POST" and form.is_valid():
        try:
            changed = attendance_record(session=session, marks=form.marks(), by=request.user)
        except PortalError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Attendance saved for %(count)s participants (%(changed)s changed).")
                             % {"count": len(roster), "changed": changed})
            return redirect("training:attendance", pk=batch.pk, session_pk=session.pk)
    sessions = selectors.batch_sessions(batch=batch)
    return render(request, "training/attendance_session.html", _page_context(
        request, batch, session=session, sessions=sessions, form=form, recorded=bool(recorded),
    ))


@login_required
@require_GET
def attendance_overview(request, pk):
    batch = _batch_for(request, pk, edit=False)
    matrix = selectors.batch_attendance_matrix(batch=batch)
    return render(request, "training/attendance_overview.html", _page_context(request, batch, matrix=matrix))


@login_required
def results(request, pk):
    """Outcome, assessment and certificate of every participant; one submit saves all rows or,
    when a row is refused, none (each refusal shown on its row)."""
    batch = _batch_for(request, pk, edit=True)
    roster = list(selectors.batch_record_roster(batch=batch))
    data = request.POST if request.method == "POST" else None
    forms = [EnrolmentResultForm(data, enrolment=enrolment) for enrolment in roster]
    if request.method == "POST" and all(form.is_valid() for form in forms):
        try:
            changed = results_save(batch=batch, entries=[form.entry() for form in forms], by=request.user)
        except ResultsRefused as exc:
            messages.error(request, exc.message)
            for form in forms:
                if form.enrolment.pk in exc.errors:
                    form.add_error(None, exc.errors[form.enrolment.pk])
        else:
            messages.success(request, _("Results saved (%(changed)s participants changed).") % {"changed": changed})
            return redirect("training:results", pk=batch.pk)
    return render(request, "training/results_batch.html", _page_context(
        request, batch, forms=forms, counts=selectors.batch_result_counts(batch=batch),
        default_issuer=DEFAULT_COMPETENCY_ISSUER if batch.package.competency_based else batch.provider.name,
    ))


def _pdf_response(content: bytes, *, prefix: str, batch) -> HttpResponse:
    slug = re.sub(r"[^A-Za-z0-9]+", "-", batch.name).strip("-").lower() or "angkatan"
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{prefix}-{batch.pk}-{slug}.pdf"'
    response["Cache-Control"] = "private, no-store"  # personal data (names, masked NIKs)
    return response


def _batch_with_instructors(batch) -> Batch:
    # The PDF header lists the instructors; one query, ordered by name.
    return Batch.objects.prefetch_related(
        Prefetch("instructors", queryset=Instructor.objects.order_by("name"))
    ).select_related("cycle__program", "package", "provider__regency", "workshop").get(pk=batch.pk)


@login_required
@require_GET
def attendance_sheet_pdf(request, pk):
    """The attendance sheet of the batch (a column per day) or of one session (`?session=`);
    blank for signing by hand unless `?filled=1`, which prints the recorded marks."""
    batch = _batch_with_instructors(_batch_for(request, pk, edit=False))
    sessions = selectors.batch_sessions(batch=batch)
    session = None
    if request.GET.get("session"):
        session = next((s for s in sessions if str(s.pk) == request.GET["session"]), None)
        if session is None:
            raise Http404
    marks = selectors.batch_marks(batch=batch) if request.GET.get("filled") else None
    content = pdf.attendance_sheet_pdf(batch=batch, roster=selectors.batch_record_roster(batch=batch),
                                       sessions=sessions, marks=marks, session=session,
                                       letterhead=letterhead_for(batch.provider.regency))
    return _pdf_response(content, prefix="daftar-hadir", batch=batch)


@login_required
@require_GET
def certificate_list_pdf(request, pk):
    batch = _batch_with_instructors(_batch_for(request, pk, edit=False))
    content = pdf.certificate_list_pdf(batch=batch, roster=selectors.batch_record_roster(batch=batch))
    return _pdf_response(content, prefix="daftar-sertifikat", batch=batch)


# --- the training results import (§10) ---------------------------------------------------------

import_results_required = permission_required("accounts.import_training_results", raise_exception=True)

# What each column of the training results file holds (§10, docs/training-results.md), shown on the page.
RESULT_COLUMN_HELP = {
    "nik": "16 digits",
    "nama": "",
    "tanggal_lahir": "YYYY-MM-DD, DD-MM-YYYY or DD/MM/YYYY",
    "jenis_kelamin": "L / P (also LAKI-LAKI, PEREMPUAN)",
    "kode_wilayah": "64.01.01.2009 or 6401012009",
    "program": "",
    "penyelenggara": "",
    "kejuruan": "",
    "tanggal_mulai": "YYYY-MM-DD, DD-MM-YYYY or DD/MM/YYYY",
    "tanggal_selesai": "YYYY-MM-DD, DD-MM-YYYY or DD/MM/YYYY",
    "hasil": ", ".join(RESULTS),
    "kompeten": "ya, tidak",
    "no_sertifikat": "",
}
RESULT_TEMPLATE_ROW = [
    "6309015708050001", "Siti Aminah", "17-08-2005", "P", "63.09.01.2001", "KODE-PROGRAM",
    "LKP Tata Boga Tanjung", "Tata Boga", "01-09-2025", "30-09-2025", "lulus", "ya", "",
]


@csrf_exempt
@import_results_required
def results_import(request):
    # The upload handlers must be in place before the CSRF check reads the body, so the check
    # runs inside (csrf_protect) instead of in the middleware.
    request.upload_handlers.insert(0, UploadSizeLimit(request, limit=settings.IMPORT_MAX_UPLOAD_BYTES))
    return _results_import(request)


@csrf_protect
def _results_import(request):
    if request.method == "POST":
        form = TrainingResultsImportForm(request.POST, request.FILES)
        if getattr(request, "upload_over_limit", False):
            form.is_valid()
            form.errors.pop("file", None)
            form.add_error("file", _("The file is larger than %(limit)s; files up to %(limit)s can be imported.")
                           % {"limit": filesizeformat(settings.IMPORT_MAX_UPLOAD_BYTES)})
        elif form.is_valid():
            upload = form.cleaned_data["file"]
            path = import_upload_store(upload=upload, prefix="training-results")
            job = training_results_import_start(stored_path=str(path), file_name=upload.name, by=request.user)
            messages.info(request, _("The file was received; the import runs in the background."))
            return redirect("core:job-detail", job_id=job.pk)
    else:
        form = TrainingResultsImportForm()
    columns = [{"name": c, "required": c in RESULT_REQUIRED, "help": RESULT_COLUMN_HELP.get(c, "")}
               for c in RESULT_COLUMNS]
    return render(request, "training/results_import.html", {
        "form": form, "columns": columns, "max_bytes": settings.IMPORT_MAX_UPLOAD_BYTES,
    })


@import_results_required
@require_GET
def results_import_template(request):
    import csv

    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="template-rekap-peserta.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(RESULT_COLUMNS)
    writer.writerow(RESULT_TEMPLATE_ROW)
    return response
