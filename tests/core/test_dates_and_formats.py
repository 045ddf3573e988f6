from datetime import date

import pytest
from django import forms
from django.utils import translation

from core.forms import DateField
from core.templatetags.portal import percent_id, rupiah


class BirthForm(forms.Form):
    born = DateField()


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("17-08-2025", date(2025, 8, 17)),
        ("17/08/2025", date(2025, 8, 17)),
        ("2025-08-17", date(2025, 8, 17)),
        ("7/8/2025", date(2025, 8, 7)),
        ("17 Agustus 2025", date(2025, 8, 17)),
        ("1 Des 2024", date(2024, 12, 1)),
        ("05/06/2025", date(2025, 6, 5)),
    ],
)
def test_dates_are_read_day_first_in_both_languages(typed, expected):
    for language in ("id", "en"):
        with translation.override(language):
            form = BirthForm(data={"born": typed})
            assert form.is_valid(), form.errors
            assert form.cleaned_data["born"] == expected


@pytest.mark.parametrize("typed", ["10/25/2009", "31-02-2025", "2025/08/17", "17 Agustusan 2025", "tomorrow"])
def test_month_first_and_impossible_dates_are_refused_not_guessed(typed):
    with translation.override("id"):
        form = BirthForm(data={"born": typed})
        assert not form.is_valid()
        assert "DD-MM-YYYY" in str(form.errors["born"])


def test_django_date_field_uses_the_day_first_formats():
    from django.utils.formats import get_format

    with translation.override("id"):
        assert get_format("DATE_INPUT_FORMATS") == ["%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d"]
        assert forms.DateField().clean("25/10/2009") is not None
        with pytest.raises(forms.ValidationError):
            forms.DateField().clean("10/25/2009")


def test_money_is_integer_rupiah_with_dot_thousands():
    assert rupiah(1500000) == "Rp1.500.000"
    assert rupiah(0) == "Rp0"
    assert rupiah(-2500) == "-Rp2.500"


def test_target_achievement_reads_with_a_decimal_comma():
    assert percent_id(11630 / 3000 * 100) == "387,7 %"


def test_time_zone_defaults_to_wita(settings):
    assert settings.TIME_ZONE == "Asia/Makassar"
