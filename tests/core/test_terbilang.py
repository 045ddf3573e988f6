"""Amounts in Indonesian words, as the handover record (BAST) writes them beside the figures."""

import pytest

from core.terbilang import rupiah_terbilang, terbilang


@pytest.mark.parametrize("number, words", [
    (0, "nol"),
    (1, "satu"),
    (10, "sepuluh"),
    (11, "sebelas"),
    (12, "dua belas"),
    (19, "sembilan belas"),
    (20, "dua puluh"),
    (21, "dua puluh satu"),
    (99, "sembilan puluh sembilan"),
    (100, "seratus"),
    (101, "seratus satu"),
    (111, "seratus sebelas"),
    (215, "dua ratus lima belas"),
    (1000, "seribu"),
    (1001, "seribu satu"),
    (1100, "seribu seratus"),
    (2026, "dua ribu dua puluh enam"),
    (11_000, "sebelas ribu"),
    (100_000, "seratus ribu"),
    (999_999, "sembilan ratus sembilan puluh sembilan ribu sembilan ratus sembilan puluh sembilan"),
    (1_000_000, "satu juta"),
    (1_500_000, "satu juta lima ratus ribu"),
    (2_750_000, "dua juta tujuh ratus lima puluh ribu"),
    (1_001_000, "satu juta seribu"),
    (15_000_000, "lima belas juta"),
    (1_000_000_000, "satu miliar"),
    (2_500_000_000, "dua miliar lima ratus juta"),
    (1_000_000_000_000, "satu triliun"),
    (3_000_000_000_011, "tiga triliun sebelas"),
])
def test_numbers_in_indonesian_words(number, words):
    assert terbilang(number) == words


def test_an_amount_of_rupiah_in_words():
    assert rupiah_terbilang(1_500_000) == "satu juta lima ratus ribu rupiah"


def test_negative_numbers_say_minus():
    assert terbilang(-1500) == "minus seribu lima ratus"
