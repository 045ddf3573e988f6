from django import forms
from django.utils.translation import gettext_lazy as _

from .dates import parse_numeric_date, parse_written_date


def id_param(value: str | None) -> int | None:
    """A record id from a query parameter (?scheme=12): ASCII digits that fit PostgreSQL's
    bigint, else None. (str.isdigit() is true of '²', which int() refuses.)"""
    text = (value or "").strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 18:
        return None
    return int(text)


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


class RupiahField(forms.CharField):
    """Whole rupiah typed as people write them: 1500000, 1.500.000, Rp1.500.000. Cleans to an
    int; shown with dots as thousands separators."""

    default_error_messages = {
        "invalid": _("Enter an amount in whole rupiah, e.g. 1.500.000."),
        "min_value": _("The amount must be at least %(limit_value)s."),
    }

    def __init__(self, *, min_value: int | None = 0, **kwargs):
        self.min_value = min_value
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, int):
            return f"{value:,}".replace(",", ".")
        return value

    def to_python(self, value):
        import re

        text = super().to_python(value).strip()
        if not text:
            return None
        text = re.sub(r"^rp\.?\s*", "", text, flags=re.IGNORECASE).replace(" ", "")
        if re.fullmatch(r"\d{1,3}(\.\d{3})+", text):
            text = text.replace(".", "")
        # str.isdigit() also accepts superscript and other digits that int() refuses.
        if not (text.isascii() and text.isdigit()):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        amount = int(text)
        if self.min_value is not None and amount < self.min_value:
            raise forms.ValidationError(self.error_messages["min_value"], code="min_value",
                                        params={"limit_value": self.min_value})
        return amount
