import re
from pathlib import Path

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.forms import DateField
from core.uploads import upload_too_large_message
from regions.selectors import regency_list_visible_to

from .models import Decision, EligibilityStatus
from .rules import CODE_LABELS, FLAGS, REASONS
from .selectors import NOT_EVALUATED, UNDECIDED

DTKS_EXTENSIONS = (".csv", ".xlsx")
_KECAMATAN = re.compile(r"^\d{2}\.\d{2}\.\d{2}$")
_DESA = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$")


class ApplicationFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or NIK"), required=False)
    status = forms.ChoiceField(
        label=_("Automatic status"), required=False,
        choices=[("", _("Any")), *EligibilityStatus.choices, (NOT_EVALUATED, _("Not evaluated"))],
    )
    decision = forms.ChoiceField(
        label=_("Decision"), required=False,
        choices=[("", _("Any")), *Decision.choices, (UNDECIDED, _("Not decided"))],
    )
    needs_recheck = forms.BooleanField(label=_("Needs another look"), required=False)
    reason = forms.ChoiceField(label=_("Reason"), required=False,
                               choices=[("", _("Any")), *((c, CODE_LABELS[c]) for c in REASONS)])
    flag = forms.ChoiceField(label=_("Flag"), required=False,
                             choices=[("", _("Any")), *((c, CODE_LABELS[c]) for c in FLAGS)])
    kecamatan = forms.CharField(label=_("Kecamatan code"), required=False, help_text=_("e.g. 64.01.01"))
    desa = forms.CharField(label=_("Desa/kelurahan code"), required=False, help_text=_("e.g. 64.01.01.2001"))

    def clean_kecamatan(self):
        code = self.cleaned_data["kecamatan"].strip()
        if code and not _KECAMATAN.match(code):
            raise forms.ValidationError(_("Enter a kecamatan code such as 64.01.01."))
        return code

    def clean_desa(self):
        code = self.cleaned_data["desa"].strip()
        if code and not _DESA.match(code):
            raise forms.ValidationError(_("Enter a desa/kelurahan code such as 64.01.01.2001."))
        return code


class ApplicationDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), widget=forms.RadioSelect,
        choices=[("approve", _("Approve")), ("reject", _("Reject"))],
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    @property
    def approve(self) -> bool:
        return self.cleaned_data["decision"] == "approve"


class SnapshotUploadForm(forms.Form):
    """The snapshot's coverage (§3) is the uploader's district; provincial staff pick districts
    of their province, a system admin any (none picked: those of the accepted rows)."""

    # The date and districts come first: an oversize upload stops the reading of the body at the file.
    snapshot_date = DateField(label=_("Snapshot date"), help_text=_("The date of the extract, e.g. 31-07-2025."))
    districts = forms.MultipleChoiceField(
        label=_("Districts the extract covers"), widget=forms.CheckboxSelectMultiple,
        help_text=_("Rows outside these kabupaten/kota are rejected."),
    )
    file = forms.FileField(label=_("DTKS file (CSV or XLSX)"))

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.regency_id:
            del self.fields["districts"]
            return
        regencies = regency_list_visible_to(user=user).order_by("code")
        self.fields["districts"].choices = [(r.code, f"{r.code} {r.name}") for r in regencies]
        if user.is_system_admin:
            self.fields["districts"].widget = forms.SelectMultiple(attrs={"size": 10})
            self.fields["districts"].required = False
            self.fields["districts"].help_text = _(
                "Rows outside these kabupaten/kota are rejected. None picked: the snapshot covers the "
                "kabupaten/kota of its rows."
            )

    @property
    def coverage(self) -> list[str]:
        if "districts" not in self.fields:
            return [self.user.regency_id]
        return sorted(self.cleaned_data.get("districts") or [])

    @staticmethod
    def too_large_message() -> str:
        return upload_too_large_message(settings.IMPORT_MAX_UPLOAD_BYTES)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in DTKS_EXTENSIONS:
            raise forms.ValidationError(_("Only .csv and .xlsx files can be imported."))
        if upload.size > settings.IMPORT_MAX_UPLOAD_BYTES:
            raise forms.ValidationError(self.too_large_message())
        return upload


class SnapshotDeleteForm(forms.Form):
    confirm = forms.BooleanField(label=_("Yes, delete this snapshot and its rows"))
