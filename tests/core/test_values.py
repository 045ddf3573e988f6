from datetime import date

import pytest
from django.utils import translation

from core.dates import clean_date
from core.identifiers import InvalidValue
from participants.values import clean_sex
from programs.values import EDUCATION_RANK, clean_education, clean_school_status
from verification.values import clean_desil


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def refusal(clean, raw):
    with pytest.raises(InvalidValue) as caught:
        clean(raw)
    return str(caught.value)


@pytest.mark.parametrize(
    "raw, sex",
    [
        ("L", "L"),
        ("p", "P"),
        (" l ", "L"),
        ("LAKI-LAKI", "L"),
        ("laki-laki", "L"),
        ("Laki Laki", "L"),
        ("PEREMPUAN", "P"),
        (" perempuan", "P"),
    ],
)
def test_sex_is_l_or_p_whatever_the_case_and_spelling(raw, sex):
    assert clean_sex(raw) == sex


@pytest.mark.parametrize("raw", ["W", "Pria", "Wanita", "LAKI", "M", "F", "LAKI_LAKI"])
def test_other_sex_values_are_refused_naming_the_allowed_ones(raw):
    message = refusal(clean_sex, raw)
    assert "L or P" in message and "PEREMPUAN" in message


@pytest.mark.parametrize(
    "raw, level",
    [
        ("tidak_sekolah", "tidak_sekolah"),
        ("Tidak Sekolah", "tidak_sekolah"),
        (" TIDAK SEKOLAH ", "tidak_sekolah"),
        ("SD", "sd"),
        ("MI", "sd"),
        ("smp", "smp"),
        ("SLTP", "smp"),
        ("MTs", "smp"),
        ("SMA", "sma"),
        ("slta", "sma"),
        ("SMK", "sma"),
        ("MA", "sma"),
        ("D1", "diploma"),
        ("d2", "diploma"),
        ("D3", "diploma"),
        ("Diploma", "diploma"),
        ("D4", "sarjana"),
        ("S1", "sarjana"),
        ("s2", "sarjana"),
        ("S3", "sarjana"),
        ("SARJANA", "sarjana"),
    ],
)
def test_education_reads_levels_and_their_aliases(raw, level):
    assert clean_education(raw) == level


@pytest.mark.parametrize("raw", ["SMU", "S4", "D5", "paket c", "tidak-sekolah", "kuliah"])
def test_unknown_education_is_refused_naming_the_levels(raw):
    message = refusal(clean_education, raw)
    assert "tidak_sekolah, sd, smp, sma, diploma or sarjana" in message


@pytest.mark.parametrize(
    "raw, status",
    [
        ("masih_sekolah", "masih_sekolah"),
        ("Masih Sekolah", "masih_sekolah"),
        ("putus_sekolah", "putus_sekolah"),
        ("putus sekolah", "putus_sekolah"),
        ("PUTUS SEKOLAH", "putus_sekolah"),
        ("DO", "putus_sekolah"),
        (" do ", "putus_sekolah"),
        ("Lulus", "lulus"),
    ],
)
def test_school_status_reads_values_and_aliases(raw, status):
    assert clean_school_status(raw) == status


@pytest.mark.parametrize("raw", ["tamat", "drop out", "putus", "sekolah"])
def test_unknown_school_status_is_refused_naming_the_values(raw):
    assert "masih_sekolah, putus_sekolah or lulus" in refusal(clean_school_status, raw)


@pytest.mark.parametrize("clean", [clean_sex, clean_education, clean_school_status, clean_date])
def test_blank_coded_value_is_reported_as_missing(clean):
    assert "required" in refusal(clean, "  ")


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("2005-08-17", date(2005, 8, 17)),
        ("17-08-2005", date(2005, 8, 17)),
        ("17/08/2005", date(2005, 8, 17)),
        ("7/8/2005", date(2005, 8, 7)),
        (" 1-2-2005 ", date(2005, 2, 1)),
    ],
)
def test_dates_in_the_three_file_formats_are_read_day_first(raw, expected):
    assert clean_date(raw) == expected
    assert clean_date(raw) == expected  # also when remembered


@pytest.mark.parametrize(
    "raw", ["08/25/2005", "31-02-2005", "2005/08/17", "17 Agustus 2005", "17-08-05", "20050817"]
)
def test_other_dates_are_refused_naming_the_formats(raw):
    assert "YYYY-MM-DD, DD-MM-YYYY or DD/MM/YYYY" in refusal(clean_date, raw)


@pytest.mark.parametrize(
    "raw, desil", [("1", 1), ("10", 10), (" 3 ", 3), ("07", 7), ("", None), ("  ", None)]
)
def test_desil_is_1_to_10_or_blank_for_unknown(raw, desil):
    assert clean_desil(raw) == desil


@pytest.mark.parametrize("raw", ["0", "11", "3.0", "3,5", "-1", "tiga", "٣"])
def test_desil_outside_1_to_10_or_not_whole_is_refused(raw):
    assert "1 to 10" in refusal(clean_desil, raw)


def test_education_ranks_follow_the_school_ladder():
    assert sorted(EDUCATION_RANK, key=EDUCATION_RANK.get) == [
        "tidak_sekolah",
        "sd",
        "smp",
        "sma",
        "diploma",
        "sarjana",
    ]
    assert EDUCATION_RANK["tidak_sekolah"] == 0 and EDUCATION_RANK["sarjana"] == 5
