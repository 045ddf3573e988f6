import csv
from datetime import date

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from accounts.selectors import regency_codes_visible_to
from core.errors import PortalError
from core.exports import spreadsheet_safe
from core.identifiers import InvalidValue, clean_nik, nik_birth_disagrees, nik_birth_parts, regency_of
from core.uploads import import_upload_store, upload_limit, upload_refused
from participants.values import clean_sex
from regions.selectors import regency_name, village_names

from .applicant_import import COLUMNS, REQUIRED
from .forms import ApplicantImportForm, ApplicantRegisterForm, DocumentUploadForm
from .models import Document, Education, SchoolStatus
from .panels import person_panels_render
from .selectors import (
    application_get_visible,
    application_list_of_person,
    application_list_visible_to,
    application_status_label,
    document_get_visible,
    document_list_of,
    person_get_visible,
    persons_by_nik_visible_to,
    registrations_elsewhere,
)
from .services import (
    ApplicationDuplicate,
    RegistrationRefused,
    applicant_register,
    applicants_import_start,
    document_upload,
)

register_applicants_required = permission_required("accounts.register_applicants", raise_exception=True)
APPLICATIONS_PER_PAGE = 25

# What each column of the applicant file holds (§4, docs/applicants.md), shown on the import page.
COLUMN_HELP = {
    "nik": gettext_lazy("16 digits"),
    "no_kk": gettext_lazy("16 digits"),
    "nama": gettext_lazy("the name as on the KTP"),
    "tanggal_lahir": gettext_lazy("YYYY-MM-DD, DD-MM-YYYY or DD/MM/YYYY"),
    "jenis_kelamin": gettext_lazy("L / P (also LAKI-LAKI, PEREMPUAN)"),
    "kode_wilayah": gettext_lazy("desa/kelurahan code of the KTP address: 64.01.01.2009 or 6401012009"),
    "alamat": gettext_lazy("the KTP address"),
    "no_hp": gettext_lazy("mobile number"),
    "pendidikan_terakhir": Education.choices,
    "status_sekolah": SchoolStatus.choices,
    "program": gettext_lazy("the program cycle code from the catalog, e.g. PSK-2026"),
}
ALIASES = [
    ("SLTA, SMK, MA", "sma"), ("SLTP, MTS", "smp"), ("MI", "sd"), ("D1, D2, D3", "diploma"),
    ("D4, S1, S2, S3", "sarjana"), ("putus sekolah, DO", "putus_sekolah"), ("LAKI-LAKI / PEREMPUAN", "L / P"),
]
TEMPLATE_ROW = ["3201015708050001", "3201010101050001", "Siti Aminah", "17-08-2005", "P", "64.01.01.2009",
                "Jl. Contoh No. 1", "081234567890", "sma", "putus_sekolah", "KODE-PROGRAM"]


def _verification_url(application) -> str:
    return reverse("verification:application-detail", args=[application.pk])


@register_applicants_required
@upload_limit("IMPORT_MAX_UPLOAD_BYTES")
def applicant_import(request):
    if request.method == "POST":
        form = ApplicantImportForm(request.POST, request.FILES)
        if not upload_refused(request, form) and form.is_valid():
            upload = form.cleaned_data["file"]
            path = import_upload_store(upload=upload)
            job = applicants_import_start(stored_path=str(path), file_name=upload.name, by=request.user)
            messages.info(request, _("The file was received; the import runs in the background."))
            return redirect("core:job-detail", job_id=job.pk)
    else:
        form = ApplicantImportForm()
    columns = []
    for name in COLUMNS:
        help_text = COLUMN_HELP.get(name, "")
        coded = isinstance(help_text, list)
        columns.append({"name": name, "required": name in REQUIRED, "help": "" if coded else help_text,
                        "choices": help_text if coded else None})
    return render(request, "participants/applicant_import.html", {
        "form": form, "columns": columns, "aliases": ALIASES, "max_bytes": settings.IMPORT_MAX_UPLOAD_BYTES,
    })


@register_applicants_required
@require_GET
def applicant_template(request):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="template-pendaftar.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(COLUMNS)
    writer.writerow([spreadsheet_safe(value) for value in TEMPLATE_ROW])
    return response


@register_applicants_required
def application_list(request):
    search = request.GET.get("q", "").strip()
    applications = application_list_visible_to(user=request.user, search=search)
    page = Paginator(applications, APPLICATIONS_PER_PAGE).get_page(request.GET.get("page"))
    desa = village_names(a.village_code for a in page.object_list)
    rows = [{"application": a, "status": application_status_label(a), "detail_url": _verification_url(a),
             "desa": desa.get(a.village_code, "")} for a in page.object_list]
    return render(request, "participants/application_list.html", {"page": page, "rows": rows, "q": search})


def _initial_from_person(person) -> dict:
    return {
        "nik": person.nik, "no_kk": person.no_kk, "name": person.name, "birth_date": person.birth_date,
        "sex": person.sex, "village": person.village_code, "address": person.address, "phone": person.phone,
    }


@register_applicants_required
def register(request):
    if request.method == "POST":
        form = ApplicantRegisterForm(request.POST, user=request.user)
        if form.is_valid():
            data = form.cleaned_data
            try:
                application = applicant_register(by=request.user, **data)
            except ApplicationDuplicate as exc:
                form.add_error("cycle", str(exc.message))
            except RegistrationRefused as exc:
                form.add_error(exc.field if exc.field in form.fields else None, str(exc.message))
            else:
                # The number is the applicant's receipt: they ask for their status with it on the
                # public page, so staff read it out or write it down for them now.
                messages.success(request, _("%(name)s is registered for %(code)s with registration number "
                                            "%(number)s.")
                                 % {"name": application.person.name, "code": application.cycle.code,
                                    "number": application.registration_number_display})
                return redirect(_verification_url(application)
                                or reverse("participants:person-detail", args=[application.person_id]))
    else:
        initial = {}
        nik = request.GET.get("nik", "")
        if nik:
            try:
                nik = clean_nik(nik, current_year=timezone.localdate().year)
            except InvalidValue:
                initial = {"nik": nik}
            else:
                # Only a record of the user's own districts fills the form; another district's
                # is never shown (docs/identifiers.md).
                persons = persons_by_nik_visible_to(user=request.user, nik=nik)
                initial = _initial_from_person(persons[0]) if persons else {"nik": nik}
        form = ApplicantRegisterForm(initial=initial, user=request.user)
    return render(request, "participants/register.html", {"form": form})


def _nik_mismatches(nik: str, *, birth_date: date | None, sex: str | None, current_year: int) -> list[str]:
    day, month, yy, is_female = nik_birth_parts(nik)
    date_differs, sex_differs = nik_birth_disagrees(nik, birth_date=birth_date, sex=sex)
    warnings = []
    if date_differs:
        warnings.append(_("The NIK encodes the birth date %(nik_date)s, but %(entered)s was entered.") % {
            "nik_date": f"{day:02d}-{month:02d}-{yy:02d}", "entered": birth_date.strftime("%d-%m-%Y"),
        })
    if sex_differs:
        warnings.append(_("The NIK is a woman's, but male was entered.") if is_female
                        else _("The NIK is a man's, but female was entered."))
    return warnings


@register_applicants_required
@require_GET
def nik_check(request):
    """The NIK as typed: valid or why not, warnings when it disagrees with the birth date or sex
    entered, the person already registered with it in the user's districts, and of other
    districts only which district and cycle it applied to."""
    from core.forms import DateField

    raw = request.GET.get("nik", "")
    context = {"raw": raw}
    current_year = timezone.localdate().year
    if raw.strip():
        try:
            nik = clean_nik(raw, current_year=current_year)
        except InvalidValue as exc:
            context["error"] = str(exc.message)
        else:
            context["nik"] = nik
            issued_in = regency_of(nik[:4])
            context["issued_in"] = regency_name(code=issued_in) or issued_in
            visible_codes = regency_codes_visible_to(user=request.user)
            context["issued_elsewhere"] = visible_codes is not None and issued_in not in visible_codes
            try:
                birth_date = DateField(required=False).clean(request.GET.get("birth_date", ""))
            except Exception:
                birth_date = None
            try:
                sex = clean_sex(request.GET.get("sex", "")) if request.GET.get("sex", "").strip() else None
            except InvalidValue:
                sex = None
            context["warnings"] = _nik_mismatches(nik, birth_date=birth_date, sex=sex, current_year=current_year)
            # This district's records in full; of other districts only which district and cycle.
            context["persons"] = [
                {"person": person, "applications": [
                    {"application": a, "status": application_status_label(a)}
                    for a in application_list_of_person(person=person)
                ]}
                for person in persons_by_nik_visible_to(user=request.user, nik=nik)
            ]
            if context["persons"]:
                context["prefill_url"] = f"{reverse('participants:register')}?nik={nik}"
            context["elsewhere"] = registrations_elsewhere(user=request.user, nik=nik)
    return render(request, "participants/partials/_nik_check.html", context)


@register_applicants_required
def person_detail(request, person_id):
    person = person_get_visible(user=request.user, person_id=person_id)
    rows = [{"application": a, "status": application_status_label(a), "detail_url": _verification_url(a)}
            for a in application_list_of_person(person=person)]
    return render(request, "participants/person_detail.html", {
        "person": person, "rows": rows, "panels": person_panels_render(request=request, person=person),
        "elsewhere": registrations_elsewhere(user=request.user, nik=person.nik),
        "desa": village_names([person.village_code]).get(person.village_code, ""),
    })


@register_applicants_required
@upload_limit("DOCUMENT_MAX_UPLOAD_BYTES")
def application_documents(request, application_id):
    application = application_get_visible(user=request.user, application_id=application_id)
    if request.method == "POST":
        form = DocumentUploadForm(request.POST, request.FILES)
        if not upload_refused(request, form, message=DocumentUploadForm.too_large_message()) and form.is_valid():
            try:
                document_upload(by=request.user, application=application, kind=form.cleaned_data["kind"],
                                upload=form.cleaned_data["file"])
            except PortalError as exc:
                form.add_error("file", str(exc.message))
            else:
                messages.success(request, _("The document was uploaded."))
                return redirect("participants:application-documents", application_id=application.pk)
    else:
        form = DocumentUploadForm()
    return render(request, "participants/application_documents.html", {
        "application": application, "documents": document_list_of(application=application), "form": form,
        "max_bytes": settings.DOCUMENT_MAX_UPLOAD_BYTES, "detail_url": _verification_url(application),
    })


@register_applicants_required
@require_GET
def document_download(request, document_id):
    document: Document = document_get_visible(user=request.user, document_id=document_id)
    response = FileResponse(document.file.open("rb"), as_attachment=True, filename=document.download_name,
                            content_type=document.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
