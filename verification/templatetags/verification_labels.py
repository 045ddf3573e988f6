from django import template

from verification.rules import code_label

register = template.Library()


@register.filter
def eligibility_label(code: str) -> str:
    """A reason or flag code as staff read it (AGE_ABOVE_MAX -> "Older than the maximum age")."""
    return code_label(code)
