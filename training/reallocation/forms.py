from django import forms
from django.utils.translation import gettext_lazy as _

from training.reallocation.services import WEIGHT_ELIGIBLE, WEIGHT_EQUAL, WEIGHT_REGISTERED


class ReallocationProposeForm(forms.Form):
    reason = forms.CharField(
        label=_("Why now"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Kept in the quota ledger with every change this reallocation makes."),
    )


class ReallocationDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), widget=forms.RadioSelect,
        choices=[("approve", _("Approve and apply")), ("reject", _("Reject"))],
    )
    note = forms.CharField(label=_("Note"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    @property
    def approve(self) -> bool:
        return self.cleaned_data["decision"] == "approve"


class InitialAllocationForm(forms.Form):
    total = forms.IntegerField(label=_("Seats for the province"), min_value=0, max_value=1_000_000)
    weight = forms.ChoiceField(
        label=_("Split the seats above the minimum by"),
        choices=[
            (WEIGHT_EQUAL, _("Equal shares")),
            (WEIGHT_REGISTERED, _("Registered applications")),
            (WEIGHT_ELIGIBLE, _("Eligible applications")),
        ],
        initial=WEIGHT_EQUAL,
    )
    minimum = forms.IntegerField(
        label=_("Minimum seats per district"), min_value=0, max_value=100_000, initial=4,
        help_text=_("Every district gets at least this many seats, e.g. four a year for Paser."),
    )
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
