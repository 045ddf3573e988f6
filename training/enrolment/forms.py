"""Forms of the waiting list and the roster. They validate input only: who may take a seat,
and whether one is left, is the service's decision (training.enrolment.services)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.selectors import scope_to_user
from participants.models import Application
from programs.models import ProgramCycle
from training.courses.selectors import batch_queryset_visible_to
from training.enrolment.selectors import regency_choices_visible_to

NOTE_MAX_LENGTH = 500


class WaitingListFilterForm(forms.Form):
    """Which cycle and district to list; only the user's own districts are offered, so a
    district outside them is an invalid choice, never a list."""

    cycle = forms.ModelChoiceField(
        label=_("Program cycle"), queryset=ProgramCycle.objects.none(), to_field_name="code",
        empty_label=None,
    )
    regency = forms.ModelChoiceField(label=_("Kabupaten/kota"), queryset=None, empty_label=None)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cycle"].queryset = ProgramCycle.objects.select_related("program").order_by("-year", "code")
        self.fields["regency"].queryset = regency_choices_visible_to(user=user)
        # Fixed lists, read once: the template renders each select more than once.
        self.fields["cycle"].choices = [(c.code, str(c)) for c in self.fields["cycle"].queryset]
        self.fields["regency"].choices = [(r.code, r.name) for r in self.fields["regency"].queryset]

    def default_data(self, *, preferred_cycles=()) -> dict:
        """The newest of `preferred_cycles` (a BLK admin's: the cycles they have batches in),
        else the newest cycle; and, when the user has a single district, that district."""
        defaults = {}
        codes = [code for code, _label in self.fields["cycle"].choices]
        preferred = [code for code in preferred_cycles if code in codes]
        if preferred or codes:
            defaults["cycle"] = (preferred or codes)[0]
        if len(self.fields["regency"].choices) == 1:
            defaults["regency"] = self.fields["regency"].choices[0][0]
        return defaults


class EnrolmentForm(forms.Form):
    """One Enrol button of the waiting list. Batches and applications outside the user's reach
    are invalid choices, so a forged form cannot reach another provider's batch or another
    district's applicant."""

    application = forms.ModelChoiceField(queryset=Application.objects.none(), widget=forms.HiddenInput)
    batch = forms.ModelChoiceField(label=_("Batch"), queryset=None)
    note = forms.CharField(
        label=_("Reason for enrolling ahead of the line"), required=False, max_length=NOTE_MAX_LENGTH,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].queryset = scope_to_user(
            Application.objects.select_related("person", "cycle", "regency"), user=user
        )
        self.fields["batch"].queryset = batch_queryset_visible_to(user=user).select_related("cycle")


class WithdrawalForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the withdrawal"), max_length=NOTE_MAX_LENGTH)
