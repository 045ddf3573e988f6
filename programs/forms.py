import re
from datetime import date

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.forms import DateField
from programs.catalog import CATALOG_EXTENSIONS, CODE_MAX_LENGTH, CODE_PATTERN, PROGRAM_MAX_LENGTH, YEAR_RANGE
from programs.models import ProgramCycle
from programs.rules_validation import RULE_KEYS, RulesError, clean_regency_code, normalise_rules
from programs.selectors import program_names, regency_choices_for, regency_codes

SCHOOL_STATUS_CHOICES = [
    ("masih_sekolah", gettext_lazy("Still in school (masih sekolah)")),
    ("putus_sekolah", gettext_lazy("Dropped out (putus sekolah)")),
    ("lulus", gettext_lazy("Finished school, not continuing (lulus)")),
]
EDUCATION_CHOICES = [
    ("", gettext_lazy("No minimum")),
    ("tidak_sekolah", gettext_lazy("No schooling")),
    ("sd", gettext_lazy("SD (primary)")),
    ("smp", gettext_lazy("SMP (junior secondary)")),
    ("sma", gettext_lazy("SMA/SMK (senior secondary)")),
    ("diploma", gettext_lazy("Diploma (D1–D3)")),
    ("sarjana", gettext_lazy("Bachelor or higher (D4, S1 and up)")),
]
_QUOTA_LINE = re.compile(r"^(?P<code>[0-9.]+)\s*[=:]?\s*(?P<seats>-?\d+)$")
CATALOG_MAX_BYTES = 2 * 1024 * 1024


def quotas_as_text(quotas: dict[str, int]) -> str:
    return "\n".join(f"{code} = {seats}" for code, seats in sorted(quotas.items()))


class CycleForm(forms.Form):
    """A cycle's dates, rules and initial quotas. The code is set when the cycle is created and
    never changed afterwards: the catalog file finds its cycles by code."""

    code = forms.CharField(
        label=gettext_lazy("Code"),
        max_length=CODE_MAX_LENGTH,
        validators=[
            RegexValidator(CODE_PATTERN, gettext_lazy("Use only letters, digits, dots, dashes and underscores."))
        ],
        help_text=gettext_lazy("As in the catalog file, e.g. PSK-2026."),
    )
    program = forms.CharField(
        label=gettext_lazy("Program"),
        max_length=PROGRAM_MAX_LENGTH,
        help_text=gettext_lazy("The program's name; a new name creates a new program."),
        widget=forms.TextInput(attrs={"list": "program-names", "autocomplete": "off"}),
    )
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=YEAR_RANGE[0], max_value=YEAR_RANGE[1])
    registration_opens = DateField(label=gettext_lazy("Registration opens"), required=False)
    registration_closes = DateField(label=gettext_lazy("Registration closes"))

    min_age = forms.IntegerField(label=gettext_lazy("Minimum age"), required=False, min_value=0, max_value=150)
    max_age = forms.IntegerField(label=gettext_lazy("Maximum age"), required=False, min_value=0, max_value=150)
    age_reference_date = DateField(
        label=gettext_lazy("Age counted on"),
        required=False,
        help_text=gettext_lazy("Leave empty to count ages on the day registration closes."),
    )
    school_status = forms.MultipleChoiceField(
        label=gettext_lazy("School status"),
        required=False,
        choices=SCHOOL_STATUS_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy("Tick none to admit every school status."),
    )
    min_education = forms.ChoiceField(
        label=gettext_lazy("Minimum education"), required=False, choices=EDUCATION_CHOICES
    )
    require_dtks = forms.BooleanField(
        label=gettext_lazy("Applicants must be in the DTKS"), required=False
    )
    max_desil = forms.IntegerField(
        label=gettext_lazy("Highest DTKS desil"),
        required=False,
        min_value=1,
        max_value=10,
        help_text=gettext_lazy("Only applies when applicants must be in the DTKS. Empty: any desil."),
    )
    regions = forms.MultipleChoiceField(
        label=gettext_lazy("Kabupaten/kota of residence"),
        required=False,
        # A searchable picker (tom-select, templates/programs/cycle_form.html); without scripts a list.
        widget=forms.SelectMultiple(attrs={"size": 8, "data-picker": "search"}),
        help_text=gettext_lazy("Select none to admit applicants from every kabupaten/kota."),
    )
    quotas = forms.CharField(
        label=gettext_lazy("Seats per kabupaten/kota (initial quota)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "placeholder": "64.01 = 4\n64.02 = 6"}),
        help_text=gettext_lazy(
            "One line per kabupaten/kota: its code, '=' and the number of seats, e.g. 64.01 = 4. "
            "Changing these discards any reallocated quotas of the cycle."
        ),
    )

    RULE_FIELDS = RULE_KEYS

    def __init__(self, *args, user, cycle: ProgramCycle | None = None, **kwargs):
        self.cycle = cycle
        if cycle is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_from(cycle)
        super().__init__(*args, **kwargs)
        submitted = self.data.getlist("regions") if hasattr(self.data, "getlist") else self.data.get("regions", [])
        chosen = [*(self.initial.get("regions") or []), *submitted]
        self.fields["regions"].choices = regency_choices_for(user=user, keep=chosen)
        self.program_names = program_names()
        if cycle is not None:
            del self.fields["code"]

    @staticmethod
    def initial_from(cycle: ProgramCycle) -> dict:
        rules = cycle.rules or {}
        return {
            "program": cycle.program.name,
            "year": cycle.year,
            "registration_opens": cycle.registration_opens,
            "registration_closes": cycle.registration_closes,
            "min_age": rules.get("min_age"),
            "max_age": rules.get("max_age"),
            "age_reference_date": (
                date.fromisoformat(rules["age_reference_date"]) if rules.get("age_reference_date") else None
            ),
            "school_status": rules.get("school_status") or [],
            "min_education": rules.get("min_education") or "",
            "require_dtks": bool(rules.get("require_dtks")),
            "max_desil": rules.get("max_desil"),
            "regions": rules.get("regions") or [],
            "quotas": quotas_as_text({q.regency_id: q.initial_quota for q in cycle.quotas.all()}),
        }

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if ProgramCycle.objects.filter(code=code).exists():
            raise forms.ValidationError(_("A cycle with this code already exists."))
        return code

    def clean_program(self):
        return " ".join(self.cleaned_data["program"].split())

    def clean_quotas(self):
        known = regency_codes()
        quotas: dict[str, int] = {}
        errors = []
        for number, line in enumerate(self.cleaned_data["quotas"].splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            match = _QUOTA_LINE.match(line)
            if not match:
                errors.append(_("Line %(number)s: write the code, '=' and the seats, e.g. 64.01 = 4.")
                              % {"number": number})
                continue
            try:
                code = clean_regency_code(match["code"])
            except ValueError:
                errors.append(_("Line %(number)s: %(code)s is not a kabupaten/kota code (write 64.01 or 6401).")
                              % {"number": number, "code": match["code"]})
                continue
            seats = int(match["seats"])
            if code not in known:
                errors.append(_("Line %(number)s: %(code)s is not a known kabupaten/kota.")
                              % {"number": number, "code": code})
            elif code in quotas:
                errors.append(_("Line %(number)s: %(code)s is given twice.") % {"number": number, "code": code})
            elif seats < 0:
                errors.append(_("Line %(number)s: the seats cannot be negative.") % {"number": number})
            else:
                quotas[code] = seats
        if errors:
            raise forms.ValidationError(errors)
        return dict(sorted(quotas.items()))

    def clean(self):
        cleaned = super().clean()
        opens, closes = cleaned.get("registration_opens"), cleaned.get("registration_closes")
        if opens and closes and opens > closes:
            self.add_error("registration_opens", _("Registration cannot open after it closes."))
        min_age, max_age = cleaned.get("min_age"), cleaned.get("max_age")
        if min_age is not None and max_age is not None and min_age > max_age:
            self.add_error("min_age", _("The minimum age cannot be above the maximum age."))
        if any(name in self.errors for name in self.RULE_FIELDS):
            return cleaned
        raw = {name: cleaned.get(name) for name in self.RULE_FIELDS}
        raw["min_education"] = raw["min_education"] or None
        try:
            cleaned["rules"] = normalise_rules(raw)
        except RulesError as exc:
            self.add_error(exc.key if exc.key in self.fields else None, exc.message)
        return cleaned


class CatalogUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Catalog file"),
        help_text=gettext_lazy("A .json, .yaml or .yml file in the program catalog format (docs/program-catalog.md)."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(CATALOG_EXTENSIONS)}),
    )

    @staticmethod
    def too_large_message() -> str:
        return _("The file is larger than 2 MB.")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(CATALOG_EXTENSIONS):
            raise forms.ValidationError(_("Choose a .json, .yaml or .yml file."))
        if upload.size > CATALOG_MAX_BYTES:
            raise forms.ValidationError(self.too_large_message())
        return upload


class TargetsForm(forms.Form):
    """One target per district shown (field `target_<code>`), saved in one submit; blank means
    no target. Only the districts shown have a field: a posted code of any other is ignored."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for regency, target in rows:
            self.fields[self.field_name(regency.code)] = forms.IntegerField(
                label=f"{regency.code} {regency.name}", required=False, min_value=1, max_value=10_000_000,
                initial=target.target if target is not None else None,
                widget=forms.NumberInput(attrs={"class": "form-control form-control-sm", "inputmode": "numeric"}),
            )

    @staticmethod
    def field_name(code: str) -> str:
        return f"target_{code.replace('.', '_')}"

    def targets(self) -> dict[str, int | None]:
        return {regency.code: self.cleaned_data.get(self.field_name(regency.code)) for regency, _target in self.rows}

    def table(self) -> list[tuple]:
        """(district, stored target, bound field) per row, for the template."""
        return [(regency, target, self[self.field_name(regency.code)]) for regency, target in self.rows]
