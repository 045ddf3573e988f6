from django import forms
from django.utils.translation import gettext_lazy as _

from .dates import parse_numeric_date, parse_written_date


class DateField(forms.DateField):
    """A date typed day-first (17-08-2025, 17/08/2025), as ISO (2025-08-17) or written out
    (17 Agustus 2025). Month-first input such as 10/25/2009 is refused, never guessed."""

    default_error_messages = {
        "invalid": _("Enter a date as DD-MM-YYYY, DD/MM/YYYY, YYYY-MM-DD or '17 Agustus 2025'."),
    }

    def to_python(self, value):
        if isinstance(value, str):
            text = value.strip()
            if not text:
                return None
            parsed = parse_numeric_date(text) or parse_written_date(text)
            if parsed is None:
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            return parsed
        return super().to_python(value)
