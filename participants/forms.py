from pathlib import Path

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import birth_date_problem
from core.forms import DateField
from core.identifiers import InvalidValue, clean_nik, clean_no_kk
from programs.models import ProgramCycle
from regions.forms import VillagePickerField
from regions.selectors import regency_list_visible_to

from .models import Document, Education, SchoolStatus, Sex
from .services import document_content_type, registration_refusal

IMPORT_EXTENSIONS = (".csv", ".xlsx")


class ApplicantImportForm(forms.Form):
    file = forms.FileField(
        label=_("Applicant file (CSV or XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name or "").suffix.lower() not in IMPORT_EXTENSIONS:
            raise forms.ValidationError(_("Only .csv or .xlsx files can be imported."), code="extension")
        limit = settings.IMPORT_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size)s; files up to %(limit)s can be imported.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
                code="too_large",
            )
        return upload


def nik_field_clean(raw: str) -> str:
    try:
        return clean_nik(raw or "", current_year=timezone.localdate().year)
    except InvalidValue as exc:
        raise forms.ValidationError(str(exc.message), code="nik") from None


class ApplicantRegisterForm(forms.Form):
    nik = forms.CharField(label=_("NIK"), max_length=30)
    no_kk = forms.CharField(label=_("No. KK"), max_length=30)
    name = forms.CharField(label=_("Name"), max_length=255)
    birth_date = DateField(label=_("Birth date"), help_text=_("DD-MM-YYYY"))
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, widget=forms.RadioSelect)
    village = VillagePickerField(label=_("Desa/kelurahan of the KTP address"))
    address = forms.CharField(label=_("Address"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    education = forms.ChoiceField(label=_("Highest education"), choices=[("", "—")] + Education.choices)
    school_status = forms.ChoiceField(label=_("School status"), choices=[("", "—")] + SchoolStatus.choices)
    cycle = forms.ModelChoiceField(label=_("Program cycle"), queryset=ProgramCycle.objects.none(),
                                   to_field_name="code")
    late_reason = forms.CharField(
        label=_("Reason for a late registration"), required=False, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Only when registration for the cycle has closed; the reason is kept in the audit trail."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].regency_queryset = regency_list_visible_to(user=user)
        self.fields["cycle"].queryset = ProgramCycle.objects.select_related("program").order_by("-year", "code")
        self.fields["nik"].widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})
        self.may_register_late = user.has_perm("accounts.register_late")
        if not self.may_register_late:
            del self.fields["late_reason"]

    def clean_birth_date(self):
        birth_date = self.cleaned_data["birth_date"]
        problem = birth_date_problem(birth_date, today=timezone.localdate())
        if problem is not None:
            raise forms.ValidationError(str(problem), code="birth_date")
        return birth_date

    def clean(self):
        cleaned = super().clean()
        cycle = cleaned.get("cycle")
        if cycle is not None:
            refusal = registration_refusal(cycle=cycle, today=timezone.localdate(),
                                           late_reason=cleaned.get("late_reason", ""),
                                           may_register_late=self.may_register_late)
            if refusal is not None:
                self.add_error(*refusal)
        return cleaned

    def clean_nik(self):
        return nik_field_clean(self.cleaned_data["nik"])

    def clean_no_kk(self):
        try:
            return clean_no_kk(self.cleaned_data["no_kk"])
        except InvalidValue as exc:
            raise forms.ValidationError(str(exc.message), code="no_kk") from None

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError(_("Enter the name."), code="required")
        return name


class DocumentUploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Document.Kind.choices)
    file = forms.FileField(
        label=_("File (PDF, JPEG or PNG)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}),
    )

    @staticmethod
    def too_large_message() -> str:
        """When the reading of the upload stopped at the limit (core.uploads.upload_limit)."""
        limit = filesizeformat(settings.DOCUMENT_MAX_UPLOAD_BYTES)
        return _("The file is larger than %(limit)s; documents up to %(limit)s are accepted.") % {"limit": limit}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.DOCUMENT_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size)s; documents up to %(limit)s are accepted.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
                code="too_large",
            )
        upload.seek(0)
        head = upload.read(16)
        upload.seek(0)
        if document_content_type(head) is None:
            raise forms.ValidationError(
                _("This file is not a PDF, JPEG or PNG (its content was checked, not its name)."), code="content"
            )
        return upload
