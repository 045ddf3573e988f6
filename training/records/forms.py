"""Forms of the training-record pages: attendance of one session, results of a batch, the
upload of a training results file."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.forms import DateField
from training.models import Attendance, Enrolment
from training.records.services import ResultEntry


class SessionAttendanceForm(forms.Form):
    """One choice per participant of the roster (field `m<enrolment id>`), so the whole roster is
    saved in one submit. Only the roster's fields exist: a posted id of anyone else is ignored."""

    def __init__(self, *args, roster, initial_marks: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.roster = list(roster)
        for enrolment in self.roster:
            self.fields[f"m{enrolment.pk}"] = forms.ChoiceField(
                label=enrolment.application.person.name,
                choices=Attendance.Status.choices,
                initial=initial_marks.get(enrolment.pk, Attendance.Status.PRESENT),
                widget=forms.RadioSelect,
            )

    def rows(self):
        """(enrolment, bound field) per participant, for the template's table."""
        return [(enrolment, self[f"m{enrolment.pk}"]) for enrolment in self.roster]

    def marks(self) -> dict[int, str]:
        return {enrolment.pk: self.cleaned_data[f"m{enrolment.pk}"] for enrolment in self.roster}


OUTCOME_CHOICES = [
    (Enrolment.Status.ENROLLED, _("In training")),
    (Enrolment.Status.COMPLETED, _("Completed")),
    (Enrolment.Status.DROPPED_OUT, pgettext_lazy("training outcome", "Dropped out")),
]


class EnrolmentResultForm(forms.Form):
    """One participant's row of the results page (prefixed `e<enrolment id>`). The rules that
    need the database (certificate needs 'kompeten', duplicate numbers, withdrawn) are the
    services'; this form only reads the values."""

    outcome = forms.ChoiceField(label=_("Outcome"), choices=OUTCOME_CHOICES)
    completed_on = DateField(label=_("Completed on"), required=False)
    end_reason = forms.CharField(label=_("Drop-out reason"), required=False, max_length=500)
    assessment = forms.ChoiceField(
        label=_("Assessment"), required=False, choices=[("", "—"), *Enrolment.Assessment.choices]
    )
    assessed_on = DateField(label=_("Assessed on"), required=False)
    certificate_number = forms.CharField(label=_("Certificate number"), required=False, max_length=100)
    certificate_issuer = forms.CharField(label=_("Issuer"), required=False, max_length=100)
    certificate_expires_on = DateField(label=_("Valid until"), required=False)

    def __init__(self, *args, enrolment: Enrolment, **kwargs):
        self.enrolment = enrolment
        kwargs.setdefault("prefix", f"e{enrolment.pk}")
        kwargs.setdefault("initial", {
            "outcome": enrolment.status,
            "completed_on": enrolment.completed_on,
            "end_reason": enrolment.end_reason,
            "assessment": enrolment.assessment,
            "assessed_on": enrolment.assessed_on,
            "certificate_number": enrolment.certificate_number,
            "certificate_issuer": enrolment.certificate_issuer,
            "certificate_expires_on": enrolment.certificate_expires_on,
        })
        super().__init__(*args, **kwargs)
        for form_field in self.fields.values():
            is_choice = isinstance(form_field, forms.ChoiceField)
            css = "form-select form-select-sm" if is_choice else "form-control form-control-sm"
            form_field.widget.attrs.setdefault("class", css)

    def entry(self) -> ResultEntry:
        data = self.cleaned_data
        return ResultEntry(
            enrolment_id=self.enrolment.pk,
            outcome=data["outcome"],
            completed_on=data["completed_on"],
            end_reason=data["end_reason"],
            assessment=data["assessment"],
            assessed_on=data["assessed_on"],
            certificate_number=data["certificate_number"],
            certificate_issuer=data["certificate_issuer"],
            certificate_expires_on=data["certificate_expires_on"],
        )


class TrainingResultsImportForm(forms.Form):
    file = forms.FileField(
        label=_("Training results file (CSV or XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def clean_file(self):
        from pathlib import Path

        from django.conf import settings
        from django.template.defaultfilters import filesizeformat

        upload = self.cleaned_data["file"]
        if Path(upload.name or "").suffix.lower() not in (".csv", ".xlsx"):
            raise forms.ValidationError(_("Only .csv or .xlsx files can be imported."), code="extension")
        limit = settings.IMPORT_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is %(size)s; files up to %(limit)s can be imported.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
                code="too_large",
            )
        return upload
