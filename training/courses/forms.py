"""Forms of the training pages. They validate and explain; the services in
training.courses.services write (and check again)."""

import re
from datetime import date

from django import forms
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import DateField
from programs.models import ProgramCycle
from training.courses.calendar import combine_span, dates_on_weekdays
from training.courses.selectors import schedule_conflicts
from training.courses.services import batch_check
from training.models import Instructor, InstructorCertification, Provider, TrainingPackage, Workshop
from training.rules import expired_certifications

_UNIT_LINE = re.compile(r"^(?P<code>\S+)\s+(?P<title>.+)$")
# A few conflicts say enough; a 40-session clash would otherwise fill the page.
CONFLICTS_SHOWN = 10


class ProviderForm(forms.ModelForm):
    class Meta:
        model = Provider
        fields = ["name", "kind", "regency", "village_code", "address", "contact_name", "phone", "email"]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, may_move: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regency"].queryset = self.fields["regency"].queryset.order_by("code")
        if not may_move:
            # The district decides who sees the provider; only a system admin moves it.
            self.fields["regency"].disabled = True


class WorkshopForm(forms.ModelForm):
    class Meta:
        model = Workshop
        fields = ["name", "capacity"]

    def __init__(self, *args, provider: Provider, **kwargs):
        self.provider = provider
        super().__init__(*args, **kwargs)
        self.fields["capacity"].min_value = 1
        self.fields["capacity"].widget.attrs["min"] = 1

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        others = self.provider.workshops.filter(name__iexact=name)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(_("This provider already has a workshop with this name."))
        return name

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if capacity < 1:
            raise forms.ValidationError(_("A workshop holds at least one participant."))
        return capacity


class InstructorForm(forms.ModelForm):
    class Meta:
        model = Instructor
        fields = ["name", "phone", "email"]


class CertificationForm(forms.ModelForm):
    expires_on = DateField(
        label=gettext_lazy("Valid until"), required=False,
        help_text=gettext_lazy("Leave empty for a certificate without an expiry date."),
    )

    class Meta:
        model = InstructorCertification
        fields = ["scheme", "number", "issuer", "expires_on"]


class PackageForm(forms.ModelForm):
    units = forms.CharField(
        label=gettext_lazy("Competency units (SKKNI)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "placeholder": "N.821100.001.02 Mengoperasikan mesin jahit"}),
        help_text=gettext_lazy("One unit per line: the unit code, a space, then its title."),
    )

    class Meta:
        model = TrainingPackage
        fields = ["code", "name", "vocation", "competency_based", "hours", "class_size", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("hours", "class_size"):
            self.fields[name].min_value = 1
            self.fields[name].widget.attrs["min"] = 1
        if self.instance.pk and not self.is_bound:
            self.initial["units"] = "\n".join(f"{u.code} {u.title}" for u in self.instance.units.all())

    def clean_class_size(self):
        if self.cleaned_data["class_size"] < 1:
            raise forms.ValidationError(_("A class has at least one participant."))
        return self.cleaned_data["class_size"]

    def clean_units(self):
        units: dict[str, str] = {}
        errors = []
        for number, line in enumerate(self.cleaned_data["units"].splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            match = _UNIT_LINE.match(line)
            if not match:
                errors.append(_("Line %(number)s: write the unit code, a space and its title.") % {"number": number})
            elif match["code"] in units:
                errors.append(_("Line %(number)s: the unit %(code)s is given twice.")
                              % {"number": number, "code": match["code"]})
            else:
                units[match["code"]] = match["title"].strip()
        if errors:
            raise forms.ValidationError(errors)
        return list(units.items())

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("competency_based") and "units" in cleaned and not cleaned["units"]:
            self.add_error("units", _("A competency-based package lists its SKKNI units."))
        return cleaned


# --- batches ---------------------------------------------------------------------------------

WEEKDAY_CHOICES = [(str(number), WEEKDAYS[number]) for number in range(7)]


class SessionForm(forms.Form):
    """One row of the session list. A blank row is ignored, so the page can offer spare rows;
    ticking "delete" drops the row when the batch is saved."""

    day = DateField(label=gettext_lazy("Date"), required=False,
                    widget=forms.DateInput(attrs={"type": "date", "class": "form-control form-control-sm"},
                                           format="%Y-%m-%d"))
    starts = forms.TimeField(label=gettext_lazy("Start"), required=False,
                             widget=forms.TimeInput(attrs={"type": "time", "class": "form-control form-control-sm"},
                                                    format="%H:%M"))
    ends = forms.TimeField(label=gettext_lazy("End"), required=False,
                           widget=forms.TimeInput(attrs={"type": "time", "class": "form-control form-control-sm"},
                                                  format="%H:%M"))

    def clean(self):
        cleaned = super().clean()
        values = [cleaned.get("day"), cleaned.get("starts"), cleaned.get("ends")]
        if any(name in self.errors for name in ("day", "starts", "ends")):
            return cleaned
        if any(v is not None for v in values) and not all(v is not None for v in values):
            raise forms.ValidationError(_("Give the session's date, start and end, or leave the row empty."))
        if all(v is not None for v in values) and cleaned["ends"] <= cleaned["starts"]:
            raise forms.ValidationError(_("A session ends after it starts."))
        return cleaned


SessionFormSet = forms.formset_factory(SessionForm, extra=3, can_delete=True)
SESSION_PREFIX = "sessions"


def session_rows(formset) -> list[dict]:
    """The filled, not deleted rows of a valid session formset, as dicts (day, starts, ends)."""
    rows = []
    for form in formset.forms:
        data = getattr(form, "cleaned_data", None) or {}
        if data.get("DELETE") or data.get("day") is None:
            continue
        rows.append({"day": data["day"], "starts": data["starts"], "ends": data["ends"]})
    return rows


def rows_to_spans(rows) -> list[tuple]:
    tz = timezone.get_current_timezone()
    return sorted({combine_span(r["day"], r["starts"], r["ends"], tz=tz) for r in rows})


def spans_to_rows(spans) -> list[dict]:
    rows = []
    for starts, ends in sorted(spans):
        starts, ends = timezone.localtime(starts), timezone.localtime(ends)
        rows.append({"day": starts.date(), "starts": starts.time(), "ends": ends.time()})
    return rows


class InstructorChoiceField(forms.ModelMultipleChoiceField):
    """Instructors as checkboxes whose labels warn when a certificate is not valid to the end
    of the batch."""

    def __init__(self, *args, **kwargs):
        self.expired_by_pk: dict[int, list] = {}
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        expired = self.expired_by_pk.get(obj.pk)
        if expired:
            return _("%(name)s — certificate expired or expiring before the batch ends: %(schemes)s") % {
                "name": obj.name, "schemes": ", ".join(f"{c.scheme} ({date_format(c.expires_on)})" for c in expired),
            }
        return obj.name


class BatchForm(forms.Form):
    """A batch with its instructors and sessions. The sessions are the rows of the session
    formset plus, when a weekly pattern is given, every matching date between the batch's
    start and end."""

    cycle = forms.ModelChoiceField(label=gettext_lazy("Program cycle"), queryset=ProgramCycle.objects.none())
    package = forms.ModelChoiceField(label=gettext_lazy("Training package"), queryset=TrainingPackage.objects.none())
    workshop = forms.ModelChoiceField(label=gettext_lazy("Workshop"), queryset=Workshop.objects.none())
    name = forms.CharField(label=gettext_lazy("Name"), max_length=255,
                           help_text=gettext_lazy("e.g. Angkatan 2 Menjahit 2026"))
    start_date = DateField(label=gettext_lazy("Start date"))
    end_date = DateField(label=gettext_lazy("End date"))
    capacity = forms.IntegerField(
        label=gettext_lazy("Capacity"), required=False, min_value=1,
        help_text=gettext_lazy("Leave empty for the package's class size. At most the workshop's capacity."),
    )
    instructors = InstructorChoiceField(
        label=gettext_lazy("Instructors"), queryset=Instructor.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    repeat_weekdays = forms.MultipleChoiceField(
        label=gettext_lazy("Repeat every"), choices=WEEKDAY_CHOICES, required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    repeat_starts = forms.TimeField(label=gettext_lazy("From"), required=False,
                                    widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    repeat_ends = forms.TimeField(label=gettext_lazy("To"), required=False,
                                  widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))

    PATTERN_FIELDS = ("repeat_weekdays", "repeat_starts", "repeat_ends")

    def __init__(self, *args, provider: Provider, batch=None, sessions=None, check_schedule: bool = True, **kwargs):
        self.provider = provider
        self.batch = batch
        self.sessions = sessions
        self.check_schedule = check_schedule
        if batch is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "cycle": batch.cycle_id, "package": batch.package_id, "workshop": batch.workshop_id,
                "name": batch.name, "start_date": batch.start_date, "end_date": batch.end_date,
                "capacity": batch.capacity, "instructors": [i.pk for i in batch.instructors.all()],
            }
        super().__init__(*args, **kwargs)
        self.fields["cycle"].queryset = ProgramCycle.objects.select_related("program").order_by("-year", "code")
        self.fields["package"].queryset = TrainingPackage.objects.order_by("name")
        self.fields["workshop"].queryset = provider.workshops.order_by("name")
        self.fields["workshop"].label_from_instance = lambda w: _("%(name)s (%(seats)s seats)") % {
            "name": w.name, "seats": w.capacity}
        instructors = provider.instructors.order_by("name")
        self.fields["instructors"].queryset = instructors
        on = self._end_date_for_flags()
        self.fields["instructors"].expired_by_pk = {
            instructor.pk: expired
            for instructor in instructors.prefetch_related("certifications")
            if (expired := expired_certifications(list(instructor.certifications.all()), on=on))
        }

    def _end_date_for_flags(self) -> date:
        """The batch's end as typed (or saved): certificates are checked against it."""
        if self.is_bound:
            try:
                return self.fields["end_date"].clean(self.data.get("end_date")) or timezone.localdate()
            except forms.ValidationError:
                pass
        if self.batch is not None:
            return self.batch.end_date
        return timezone.localdate()

    def pattern_rows(self) -> list[dict]:
        """The sessions of the weekly pattern, or [] when no pattern is given."""
        data = getattr(self, "cleaned_data", {})
        weekdays = [int(day) for day in data.get("repeat_weekdays") or []]
        needed = ("start_date", "end_date", "repeat_starts", "repeat_ends")
        if not weekdays or any(data.get(name) is None for name in needed) or data["end_date"] < data["start_date"]:
            return []
        return [
            {"day": day, "starts": data["repeat_starts"], "ends": data["repeat_ends"]}
            for day in dates_on_weekdays(start=data["start_date"], end=data["end_date"], weekdays=weekdays)
        ]

    def clean(self):
        cleaned = super().clean()
        weekdays, starts, ends = (cleaned.get(name) for name in self.PATTERN_FIELDS)
        if weekdays or starts or ends:
            if not (weekdays and starts and ends):
                self.add_error("repeat_weekdays", _("For repeated sessions give the days, the start and the end time."))
            elif ends <= starts:
                self.add_error("repeat_ends", _("A session ends after it starts."))
        if self.errors:
            return cleaned
        if cleaned.get("capacity") is None and cleaned.get("package") is not None:
            cleaned["capacity"] = cleaned["package"].class_size
        if not self.check_schedule or self.sessions is None or not self.sessions.is_valid():
            return cleaned
        spans = rows_to_spans(session_rows(self.sessions) + self.pattern_rows())
        cleaned["spans"] = spans
        if not spans:
            raise forms.ValidationError(_("Add the batch's sessions: repeat them weekly or list them."))
        instructors = list(cleaned.get("instructors") or [])
        problems = batch_check(
            batch=self.batch, provider=self.provider, workshop=cleaned["workshop"], instructors=instructors,
            start_date=cleaned["start_date"], end_date=cleaned["end_date"], capacity=cleaned["capacity"], spans=spans,
        )
        if problems:
            raise forms.ValidationError(problems)
        conflicts = schedule_conflicts(workshop=cleaned["workshop"], instructors=instructors, spans=spans,
                                       exclude_batch=self.batch, limit=CONFLICTS_SHOWN)
        if conflicts:
            raise forms.ValidationError([conflict.message for conflict in conflicts[:CONFLICTS_SHOWN]])
        return cleaned


class BatchFilterForm(forms.Form):
    cycle = forms.ModelChoiceField(label=gettext_lazy("Cycle"), queryset=ProgramCycle.objects.none(), required=False)
    provider = forms.ModelChoiceField(label=gettext_lazy("Provider"), queryset=Provider.objects.none(), required=False)
    package = forms.ModelChoiceField(label=gettext_lazy("Package"), queryset=TrainingPackage.objects.none(),
                                     required=False)
    date_from = DateField(label=gettext_lazy("Running from"), required=False,
                          widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    date_to = DateField(label=gettext_lazy("until"), required=False,
                        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))

    def __init__(self, *args, providers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cycle"].queryset = ProgramCycle.objects.order_by("-year", "code")
        self.fields["cycle"].label_from_instance = lambda cycle: cycle.code
        self.fields["provider"].queryset = providers.order_by("name")
        self.fields["package"].queryset = TrainingPackage.objects.order_by("name")

    def filters(self) -> dict:
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        return {
            "cycle_id": data["cycle"].pk if data.get("cycle") else None,
            "provider_id": data["provider"].pk if data.get("provider") else None,
            "package_id": data["package"].pk if data.get("package") else None,
            "date_from": data.get("date_from"),
            "date_to": data.get("date_to"),
        }
