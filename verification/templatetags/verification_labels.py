from django import template
from django.utils.translation import gettext as _

from verification.rules import code_label

register = template.Library()


@register.filter
def eligibility_label(code: str) -> str:
    """A reason or flag code as staff read it (AGE_ABOVE_MAX -> "Older than the maximum age")."""
    return code_label(code)


@register.filter
def desil_missing_label(result) -> str:
    """What to say of an eligibility result without a desil: whether the person is missing from
    DTKS, or is in it (or their household is) with a blank desil."""
    if result is None or result.status is None:
        return _("not checked yet")
    if "NOT_IN_DTKS" in result.reasons:
        return _("not in DTKS")
    if "DTKS_HOUSEHOLD_ONLY" in result.flags:
        return _("household in DTKS, desil unknown")
    return _("desil unknown")
