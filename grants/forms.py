"""Forms of the grants pages. Forms validate; the views call the services."""

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import DateField, RupiahField
from core.uploads import image_content_type
from grants import rules
from grants.models import BusinessStatus, GraduateOutcome, GrantScheme, KurReferral
from programs.models import ProgramCycle
from regions.forms import VillagePickerField

BUSINESS_TYPES = ("Warung sembako", "Bengkel sepeda motor", "Angkringan", "Usaha kue dan makanan ringan",
                  "Menjahit", "Pangkas rambut", "Kedai kopi", "Laundry")
PHOTOS_PER_VISIT = 6


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


# --- schemes -------------------------------------------------------------------------------------


class SchemeForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=50, help_text=_("Short and unique, e.g. BST-PSR-2026."))
    name = forms.CharField(label=_("Name"), max_length=255)
    regency = forms.ModelChoiceField(label=_("Kabupaten/kota"), queryset=None, empty_label=None)
    cycle = forms.ModelChoiceField(label=_("Program cycle"), queryset=ProgramCycle.objects.select_related("program"))
    kind = forms.ChoiceField(label=_("Kind"), choices=GrantScheme.Kind.choices)
    amount_per_recipient = RupiahField(label=_("Amount per recipient (Rp)"), required=False, min_value=1,
                                       help_text=_("Cash: the most one recipient gets. KUR: the largest credit to "
                                                   "refer, if any."))
    items = forms.CharField(
        label=_("Items (equipment)"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One item a line: name; unit; unit price. For example: Kompor gas dua tungku; unit; 750000"),
    )
    budget_ceiling = RupiahField(label=_("Budget ceiling (Rp)"), required=False, min_value=1)
    budget_line = forms.CharField(label=_("Budget line (DPA/APBD account)"), max_length=255, required=False)
    eligible_cycles = forms.ModelMultipleChoiceField(
        label=_("Graduates of the cycles"), queryset=ProgramCycle.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple, help_text=_("None chosen: the scheme's own cycle."),
    )
    require_competent = forms.BooleanField(label=_("Only graduates assessed competent (kompeten)"), required=False,
                                           initial=True)
    second_approval_above = RupiahField(label=_("Second approval above (Rp)"), required=False, min_value=0,
                                        help_text=_("A grant above this amount needs a second official. "
                                                    "Empty: one approval is enough."))
    monitoring_months = forms.CharField(label=_("Monitoring visits, months after handover"), initial="3, 6, 12")
    is_open = forms.BooleanField(label=_("Open for proposals"), required=False, initial=True)

    def __init__(self, *args, regencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regency"].queryset = regencies
        if regencies.count() == 1:
            self.fields["regency"].widget = forms.HiddenInput()
            self.fields["regency"].initial = regencies.first()

    def clean_monitoring_months(self):
        try:
            months = sorted({int(part) for part in self.cleaned_data["monitoring_months"].replace(";", ",").split(",")
                             if part.strip()})
        except ValueError:
            raise forms.ValidationError(_("Give whole numbers of months, e.g. 3, 6, 12.")) from None
        if not months or any(m < 1 or m > 60 for m in months):
            raise forms.ValidationError(_("Give whole numbers of months from 1 to 60, e.g. 3, 6, 12."))
        return months

    def clean_items(self):
        items = []
        for number, line in enumerate(self.cleaned_data["items"].splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split(";")]
            price = parts[2].replace(".", "") if len(parts) == 3 else ""
            if len(parts) != 3 or not parts[0] or not (price.isascii() and price.isdigit()):
                raise forms.ValidationError(
                    _("Line %(line)s: write name; unit; unit price.") % {"line": number})
            items.append((parts[0], parts[1] or "unit", int(price)))
        return items

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == GrantScheme.Kind.CASH and not data.get("amount_per_recipient"):
            self.add_error("amount_per_recipient", _("A cash scheme needs the amount per recipient."))
        if kind == GrantScheme.Kind.EQUIPMENT and not data.get("items"):
            self.add_error("items", _("An equipment scheme needs at least one item with its unit price."))
        if kind in (GrantScheme.Kind.CASH, GrantScheme.Kind.EQUIPMENT) and not data.get("budget_ceiling"):
            self.add_error("budget_ceiling", _("Give the budget ceiling."))
        return data


def scheme_initial(scheme: GrantScheme) -> dict:
    return {
        "code": scheme.code, "name": scheme.name, "regency": scheme.regency, "cycle": scheme.cycle,
        "kind": scheme.kind, "amount_per_recipient": scheme.amount_per_recipient,
        "items": "\n".join(f"{i.name}; {i.unit}; {i.unit_price}" for i in scheme.items.all()),
        "budget_ceiling": scheme.budget_ceiling, "budget_line": scheme.budget_line,
        "eligible_cycles": list(scheme.eligible_cycles.all()), "require_competent": scheme.require_competent,
        "second_approval_above": scheme.second_approval_above,
        "monitoring_months": ", ".join(str(m) for m in scheme.monitoring_months), "is_open": scheme.is_open,
    }


class LetterheadForm(forms.Form):
    government_name = forms.CharField(label=_("Government"), max_length=200,
                                      help_text=_("For example PEMERINTAH KABUPATEN PASER."))
    office_name = forms.CharField(label=_("Office"), max_length=200, help_text=_("For example DINAS SOSIAL."))
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    contact = forms.CharField(label=_("Phone, e-mail, website"), max_length=300, required=False)
    place = forms.CharField(label=_("Town"), max_length=100, required=False,
                            help_text=_("Written before the date of a signature."))
    logo = forms.FileField(label=_("Logo (JPEG or PNG)"), required=False,
                           widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png"}))
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)

    def clean_logo(self):
        return _checked_image(self.cleaned_data.get("logo"))


def _checked_image(upload):
    if not upload:
        return upload
    limit = settings.DOCUMENT_MAX_UPLOAD_BYTES
    if upload.size > limit:
        raise forms.ValidationError(
            _("%(name)s is %(size)s; images up to %(limit)s are accepted.")
            % {"name": upload.name, "size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large")
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if image_content_type(head) is None:
        raise forms.ValidationError(
            _("%(name)s is not a JPEG or PNG image (its content was checked, not its name).") % {"name": upload.name},
            code="content")
    return upload


# --- proposals -----------------------------------------------------------------------------------


class GrantForm(forms.Form):
    business_type = forms.CharField(label=_("Business type"), max_length=100,
                                    widget=forms.TextInput(attrs={"list": "business-types"}))
    business_name = forms.CharField(label=_("Business name"), max_length=200, required=False)
    village = VillagePickerField(label=_("Business location"))
    plan = forms.CharField(label=_("Business plan"), widget=forms.Textarea(attrs={"rows": 4}))
    amount = RupiahField(label=_("Amount requested (Rp)"), required=False, min_value=1)
    bank_name = forms.CharField(label=_("Bank"), max_length=100, required=False)
    bank_account_number = forms.RegexField(label=_("Account number"), max_length=34, required=False,
                                           regex=r"^[0-9 .-]+$",
                                           error_messages={"invalid": _("Digits only, please.")})
    bank_account_name = forms.CharField(label=_("Account holder"), max_length=200, required=False)
    officer = UserChoiceField(label=_("Field officer"), queryset=None, required=False,
                              help_text=_("Coaches the recipient; monitoring visits go to them."))

    def __init__(self, *args, scheme: GrantScheme, regencies, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.scheme = scheme
        self.fields["village"].regency_queryset = regencies.filter(code=scheme.regency_id)
        self.fields["officer"].queryset = officers.filter(regency_id=scheme.regency_id)
        self.item_fields = []
        if scheme.kind == GrantScheme.Kind.EQUIPMENT:
            del self.fields["amount"]
            for item in scheme.items.all():
                name = f"item_{item.pk}"
                self.fields[name] = forms.IntegerField(
                    label=f"{item.name} ({item.unit}, Rp{item.unit_price:,})".replace(",", "."), min_value=0,
                    max_value=1000, required=False, initial=0)
                self.item_fields.append((item, name))
        else:
            self.fields["amount"].required = True
            if scheme.amount_per_recipient:
                self.fields["amount"].initial = scheme.amount_per_recipient
        if scheme.kind != GrantScheme.Kind.CASH:
            for name in ("bank_name", "bank_account_number", "bank_account_name"):
                del self.fields[name]

    def clean_bank_account_number(self):
        return "".join(ch for ch in self.cleaned_data.get("bank_account_number", "") if ch.isdigit())

    def items(self):
        return [(item, self.cleaned_data.get(name) or 0) for item, name in self.item_fields]

    def item_bound_fields(self):
        return [self[name] for _item, name in self.item_fields]

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        arguments = {name: data[name] for name in ("business_type", "business_name", "village", "plan", "officer")}
        for name in ("bank_name", "bank_account_number", "bank_account_name"):
            if name in self.fields:
                arguments[name] = data[name]
        if self.scheme.kind == GrantScheme.Kind.EQUIPMENT:
            arguments["items"] = self.items()
        else:
            arguments["amount"] = data["amount"]
        return arguments


def grant_initial(grant) -> dict:
    initial = {name: getattr(grant, name) for name in ("business_type", "business_name", "village", "plan", "amount",
                                                       "bank_name", "bank_account_number", "bank_account_name",
                                                       "officer")}
    for item in grant.items.all():
        if item.scheme_item_id:
            initial[f"item_{item.scheme_item_id}"] = item.quantity
    return initial


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class BankAccountForm(forms.Form):
    bank_name = forms.CharField(label=_("Bank"), max_length=100)
    bank_account_number = forms.RegexField(label=_("Account number"), max_length=34, regex=r"^[0-9 .-]+$",
                                           error_messages={"invalid": _("Digits only, please.")})
    bank_account_name = forms.CharField(label=_("Account holder"), max_length=200)

    def clean_bank_account_number(self):
        return "".join(ch for ch in self.cleaned_data["bank_account_number"] if ch.isdigit())


class HandoverForm(forms.Form):
    handed_over_on = DateField(label=_("Date of handover"))
    place = forms.CharField(label=_("Place"), max_length=200)
    officer = UserChoiceField(label=_("Officer handing over"), queryset=None)
    officer_position = forms.CharField(label=_("Officer's position"), max_length=200, required=False,
                                       help_text=_("For example Kepala Bidang Pemberdayaan Sosial."))

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers

    def clean_handed_over_on(self):
        day = self.cleaned_data["handed_over_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The handover date cannot be in the future."))
        return day


class KurReferralForm(forms.Form):
    bank_name = forms.CharField(label=_("Bank"), max_length=200, help_text=_("For example BRI Unit Bantaeng."))
    referred_on = DateField(label=_("Referred on"))


class KurDecisionForm(forms.Form):
    decision = forms.ChoiceField(label=_("Bank's decision"), choices=KurReferral.Decision.choices)
    decided_on = DateField(label=_("Decided on"), required=False)
    credit_amount = RupiahField(label=_("Credit amount (Rp)"), required=False, min_value=1)
    note = forms.CharField(label=_("Note"), required=False)


class ResultFileForm(forms.Form):
    file = forms.FileField(label=_("The bank's result file (CSV or XLSX)"),
                           widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.DOCUMENT_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise forms.ValidationError(_("The file is %(size)s; result files up to %(limit)s are accepted.")
                                        % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)})
        if not (upload.name or "").lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Only .csv and .xlsx files can be imported"))
        return upload


# --- monitoring ----------------------------------------------------------------------------------


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultiplePhotoField(forms.FileField):
    """Several photos at once; each is size- and content-checked like a document."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        uploads = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        uploads = [super(MultiplePhotoField, self).clean(upload, initial) for upload in uploads if upload]
        if len(uploads) > PHOTOS_PER_VISIT:
            raise forms.ValidationError(_("At most %(count)s photos per visit.") % {"count": PHOTOS_PER_VISIT})
        return [_checked_image(upload) for upload in uploads]


BUTTON_RADIO = {"class": "btn-check"}


class VisitForm(forms.Form):
    """Made for a phone in the field: big buttons for the choices, the phone's date picker and
    keypad, photos from the camera, and the location only when the officer taps for it."""

    visited_on = DateField(label=_("Date of the visit"),
                           widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}))
    business_status = forms.ChoiceField(label=_("Business status"), choices=BusinessStatus.choices,
                                        widget=forms.RadioSelect(attrs=BUTTON_RADIO))
    monthly_revenue = RupiahField(label=_("Monthly revenue (Rp)"), required=False)
    employees = forms.IntegerField(label=_("People employed"), min_value=0, max_value=1000, required=False,
                                   widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                                   help_text=_("Besides the owner."))
    outcome = forms.ChoiceField(label=_("The graduate's outcome now"), choices=GraduateOutcome.Status.choices,
                                widget=forms.RadioSelect(attrs=BUTTON_RADIO))
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    photos = MultiplePhotoField(label=_("Photos (JPEG or PNG)"), required=False)
    latitude = forms.DecimalField(max_digits=9, decimal_places=6, min_value=-90, max_value=90, required=False,
                                  widget=forms.HiddenInput)
    longitude = forms.DecimalField(max_digits=9, decimal_places=6, min_value=-180, max_value=180, required=False,
                                   widget=forms.HiddenInput)
    accuracy = forms.IntegerField(min_value=0, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.asset_fields = []
        for item in items:
            name = f"in_use_{item.pk}"
            self.fields[name] = forms.TypedChoiceField(
                label=f"{item.name} · {item.asset_tag}", choices=[("1", _("In use")), ("0", _("Not in use"))],
                coerce=lambda value: value == "1", widget=forms.RadioSelect(attrs=BUTTON_RADIO))
            self.asset_fields.append((item, name))
        for name in ("visited_on", "monthly_revenue", "employees", "notes", "photos"):
            self.fields[name].widget.attrs["class"] = "form-control form-control-lg"

    def clean_visited_on(self):
        day = self.cleaned_data["visited_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The visit date cannot be in the future."))
        return day

    def clean(self):
        data = super().clean()
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            raise forms.ValidationError(_("The location is incomplete; take it again or leave it out."))
        # Decimal places beyond the column's are rounded by the field; a browser sends more.
        return data

    def asset_bound_fields(self):
        return [self[name] for _item, name in self.asset_fields]

    def in_use(self) -> dict[int, bool]:
        return {item.pk: self.cleaned_data[name] for item, name in self.asset_fields}


class VisitAssignForm(forms.Form):
    officer = UserChoiceField(label=_("Officer"), queryset=None)

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers


class PersonChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.name


class CoachingForm(forms.Form):
    topic = forms.CharField(label=_("Topic"), max_length=255)
    held_on = DateField(label=_("Date"))
    place = forms.CharField(label=_("Place"), max_length=255)
    officer = UserChoiceField(label=_("Officer"), queryset=None)
    scheme = forms.ModelChoiceField(label=_("Scheme"), queryset=None, required=False)
    attendees = PersonChoiceField(label=_("Attendees"), queryset=None, required=False,
                                  widget=forms.CheckboxSelectMultiple)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, officers, schemes, graduates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers
        self.fields["scheme"].queryset = schemes
        self.fields["attendees"].queryset = graduates


class OutcomeForm(forms.Form):
    status = forms.ChoiceField(label=_("Graduate outcome"), choices=GraduateOutcome.Status.choices,
                               widget=forms.RadioSelect)
    confirmed_on = DateField(label=_("Confirmed on"))
    note = forms.CharField(label=_("Note"), required=False)


# --- village needs -------------------------------------------------------------------------------

NEED_LINES = 6


class VillageNeedForm(forms.Form):
    village = VillagePickerField(label=_("Desa/kelurahan"))
    meeting_date = DateField(label=_("Date of the village meeting (musyawarah desa)"))
    potential = forms.CharField(label=_("Local potential"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    tags = forms.CharField(label=_("Potential, as tags"), required=False,
                           help_text=_("Separated by commas, e.g. kelapa sawit, perikanan, rotan."))
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, regencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].regency_queryset = regencies
        for number in range(NEED_LINES):
            self.fields[f"type_{number}"] = forms.CharField(
                label=_("Training type"), max_length=100, required=False,
                widget=forms.TextInput(attrs={"list": "training-types"}))
            self.fields[f"families_{number}"] = forms.IntegerField(
                label=_("Interested families"), min_value=1, max_value=100_000, required=False)

    def line_rows(self):
        return [(self[f"type_{n}"], self[f"families_{n}"]) for n in range(NEED_LINES)]

    def clean(self):
        data = super().clean()
        lines = []
        for number in range(NEED_LINES):
            kind, families = (data.get(f"type_{number}") or "").strip(), data.get(f"families_{number}")
            if kind and not families:
                self.add_error(f"families_{number}", _("How many families are interested?"))
            elif families and not kind:
                self.add_error(f"type_{number}", _("Which training?"))
            elif kind:
                lines.append((kind, families))
        if not lines and not self.errors:
            raise forms.ValidationError(_("Give at least one proposed training with its number of interested "
                                          "families."))
        data["lines"] = lines
        data["tag_list"] = rules.clean_tags(data.get("tags", ""))
        return data


class CycleFromNeedsForm(forms.Form):
    code = forms.CharField(label=_("Code of the new cycle"), max_length=50)
    program = forms.CharField(label=_("Program"), max_length=255)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    registration_opens = DateField(label=_("Registration opens"), required=False)
    registration_closes = DateField(label=_("Registration closes"))
    quota = forms.IntegerField(label=_("Seats for the district"), min_value=1)


class LinkBatchForm(forms.Form):
    batch = forms.ModelChoiceField(label=_("Batch"), queryset=None)

    def __init__(self, *args, batches, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["batch"].queryset = batches
