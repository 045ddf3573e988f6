from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.dates import birth_date_problem
from core.forms import DateField
from participants.models import Education, SchoolStatus
from participants.values import registration_number_clean


class _BirthDateMixin:
    def clean_birth_date(self):
        birth_date = self.cleaned_data["birth_date"]
        problem = birth_date_problem(birth_date, today=timezone.localdate())
        if problem is not None:
            raise forms.ValidationError(str(problem), code="birth_date")
        return birth_date


class PrecheckForm(_BirthDateMixin, forms.Form):
    """What a resident can say about themselves without any document: no NIK, no name."""

    birth_date = DateField(label=_("Birth date"), help_text=_("DD-MM-YYYY"))
    school_status = forms.ChoiceField(label=_("School status"), choices=[("", "—")] + SchoolStatus.choices)
    education = forms.ChoiceField(label=_("Highest education"), choices=[("", "—")] + Education.choices)
    regency = forms.ChoiceField(label=_("Kabupaten/kota of your KTP address"))

    def __init__(self, *args, regency_choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regency"].choices = [("", "—"), *regency_choices]
        self.fields["birth_date"].widget.attrs.update({"autocomplete": "bday", "inputmode": "numeric"})


class StatusLookupForm(_BirthDateMixin, forms.Form):
    registration_number = forms.CharField(
        label=_("Registration number"), max_length=20, help_text=_("10 letters and digits, e.g. K7MQ9-XP4RT"),
    )
    birth_date = DateField(label=_("Birth date"), help_text=_("DD-MM-YYYY"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["registration_number"].widget.attrs.update(
            {"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"})
        self.fields["birth_date"].widget.attrs.update({"autocomplete": "bday", "inputmode": "numeric"})

    def clean_registration_number(self):
        number = registration_number_clean(self.cleaned_data["registration_number"])
        if number is None:
            raise forms.ValidationError(
                _("A registration number has 10 letters and digits (no 0, O, 1 or I)."), code="invalid")
        return number
