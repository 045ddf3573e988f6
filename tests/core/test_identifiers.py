from datetime import date

import pytest
from django.utils import translation

from core.identifiers import (
    InvalidValue,
    clean_nik,
    clean_no_kk,
    clean_region_code,
    mask_nik,
    nik_birth_date,
    nik_birth_digits,
    nik_birth_disagrees,
    nik_birth_parts,
    regency_of,
)

YEAR = 2026


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def nik(pp="64", kk="01", cc="01", dd="41", mm="01", yy="05", serial="0001"):
    return pp + kk + cc + dd + mm + yy + serial


def refusal(raw, current_year=YEAR):
    with pytest.raises(InvalidValue) as caught:
        clean_nik(raw, current_year=current_year)
    return str(caught.value)


@pytest.mark.parametrize(
    "pp", ["11", "19", "21", "31", "36", "51", "53", "61", "65", "71", "76", "81", "82", "91", "96"]
)
def test_nik_accepts_every_province_code_group_edge(pp):
    assert clean_nik(nik(pp=pp), current_year=YEAR) == nik(pp=pp)


@pytest.mark.parametrize(
    "pp",
    [
        "00",
        "10",
        "20",
        "22",
        "30",
        "37",
        "50",
        "54",
        "60",
        "66",
        "70",
        "77",
        "80",
        "83",
        "90",
        "97",
        "99",
    ],
)
def test_nik_refuses_province_codes_never_issued_naming_the_code(pp):
    message = refusal(nik(pp=pp))
    assert "province" in message and pp in message


def test_nik_of_kalimantan_utara_and_the_new_papua_provinces_is_accepted():
    # python-stdnum refuses these.
    for pp in ["65", "92", "93", "94", "95", "96"]:
        assert clean_nik(nik(pp=pp), current_year=YEAR) == nik(pp=pp)


def test_nik_with_kabupaten_or_kecamatan_00_is_refused():
    assert "kabupaten" in refusal(nik(kk="00"))
    assert "kecamatan" in refusal(nik(cc="00"))


def test_nik_with_unknown_but_nonzero_kabupaten_is_accepted():
    assert clean_nik(nik(kk="99", cc="99"), current_year=YEAR) == nik(kk="99", cc="99")


@pytest.mark.parametrize("dd", ["01", "31", "41", "71"])
def test_nik_day_edges_for_men_and_women_are_accepted(dd):
    assert clean_nik(nik(dd=dd), current_year=YEAR) == nik(dd=dd)


@pytest.mark.parametrize("dd", ["00", "32", "40", "72", "99"])
def test_nik_day_outside_01_31_and_41_71_is_refused(dd):
    assert "day" in refusal(nik(dd=dd))


@pytest.mark.parametrize("mm", ["00", "13"])
def test_nik_month_outside_01_12_is_refused(mm):
    assert "month" in refusal(nik(mm=mm))


def test_nik_month_edges_are_accepted():
    assert clean_nik(nik(mm="01"), current_year=YEAR)
    assert clean_nik(nik(mm="12"), current_year=YEAR)


def test_nik_date_that_does_not_exist_is_refused():
    assert "date" in refusal(nik(dd="31", mm="04"))
    assert "date" in refusal(nik(dd="71", mm="04"))


def test_nik_29_february_needs_a_leap_year():
    assert clean_nik(nik(dd="29", mm="02", yy="24"), current_year=YEAR)
    assert clean_nik(nik(dd="69", mm="02", yy="24"), current_year=YEAR)
    assert clean_nik(nik(dd="29", mm="02", yy="96"), current_year=YEAR)
    assert "date" in refusal(nik(dd="29", mm="02", yy="23"))
    assert "date" in refusal(nik(dd="69", mm="02", yy="97"))


def test_nik_29_february_00_is_2000_a_leap_year_not_1900():
    assert clean_nik(nik(dd="29", mm="02", yy="00"), current_year=YEAR)


def test_nik_year_up_to_the_current_one_is_this_century_above_it_the_last():
    assert nik_birth_date(nik(yy="26"), current_year=2026) == date(2026, 1, 1)
    assert nik_birth_date(nik(yy="27"), current_year=2026) == date(1927, 1, 1)
    assert nik_birth_date(nik(yy="27"), current_year=2027) == date(2027, 1, 1)


def test_nik_of_a_2005_birth_is_accepted_and_read_as_2005():
    # python-stdnum puts it in 1905.
    assert clean_nik("6401014101050001", current_year=YEAR) == "6401014101050001"
    assert nik_birth_date("6401014101050001", current_year=YEAR) == date(2005, 1, 1)


def test_nik_birth_date_check_follows_the_current_year_passed_in():
    # 29-02-28 exists in 1928 and 2028 alike, so the same NIK stays valid as years pass.
    assert clean_nik(nik(dd="29", mm="02", yy="28"), current_year=2026)
    assert clean_nik(nik(dd="29", mm="02", yy="28"), current_year=2030)


def test_nik_serial_0000_is_refused_with_a_hint_about_excel():
    message = refusal(nik(serial="0000"))
    assert "0000" in message and "Excel" in message


@pytest.mark.parametrize(
    "raw",
    [
        "64.01.01.410105.0001",
        "6401-0141-0105-0001",
        "6401 0141 0105 0001",
        " 6401014101050001 ",
        "6401\u00a00141\u00a001050001",
    ],
)
def test_nik_spaces_dots_and_dashes_are_stripped(raw):
    assert clean_nik(raw, current_year=YEAR) == "6401014101050001"


@pytest.mark.parametrize("raw, count", [("640101410105001", 15), ("64010141010500011", 17)])
def test_nik_of_15_or_17_digits_is_refused_saying_how_many(raw, count):
    message = refusal(raw)
    assert "16 digits" in message and str(count) in message


@pytest.mark.parametrize(
    "raw", ["64010141010500O1", "６４０１０１４１０１０５０００１"]
)
def test_nik_with_anything_but_ascii_digits_is_refused(raw):
    assert "digits only" in refusal(raw)


@pytest.mark.parametrize("raw", ["6.40101410105E+15", "6,40102E+15", "6.40102e15"])
def test_a_nik_excel_turned_into_a_number_says_to_format_the_column_as_text(raw):
    message = refusal(raw)
    assert raw in message and "format the column as Text" in message


def test_blank_nik_is_reported_missing():
    assert "missing" in refusal("  ")


def test_nik_birth_parts_give_day_without_the_40_for_women():
    assert nik_birth_parts("6401014101050001") == (1, 1, 5, True)
    assert nik_birth_parts("6401013112990001") == (31, 12, 99, False)


def test_nik_birth_parts_of_a_womans_day_edges_and_of_a_nik_that_is_not_16_digits():
    assert nik_birth_parts(nik(dd="71", mm="12")) == (31, 12, 5, True)
    assert nik_birth_parts(nik(dd="31", mm="12")) == (31, 12, 5, False)
    assert nik_birth_parts(nik(dd="40")) == (40, 1, 5, False)  # neither a man's day nor a woman's
    for raw in ("640101410105000", "64010141010500011", "640101410105OOO1", ""):
        assert nik_birth_parts(raw) is None


def test_nik_birth_digits_add_40_to_a_womans_day_and_read_back():
    assert nik_birth_digits(date(2005, 8, 17), sex="P") == "570805"
    assert nik_birth_digits(date(1999, 12, 1), sex="L") == "011299"
    for born, sex in ((date(2005, 8, 17), "P"), (date(2026, 1, 31), "L"), (date(1927, 2, 28), "P")):
        assert nik_birth_parts(nik(dd="", mm="", yy=nik_birth_digits(born, sex=sex))) == (
            born.day, born.month, born.year % 100, sex == "P"
        )


def test_nik_birth_date_of_a_woman_and_the_century_by_the_current_year():
    womans = nik(dd="57", mm="08", yy="26")
    assert nik_birth_date(womans, current_year=2026) == date(2026, 8, 17)
    assert nik_birth_date(womans, current_year=2025) == date(1926, 8, 17)
    assert nik_birth_date(nik(dd="01", mm="01", yy="00"), current_year=2026) == date(2000, 1, 1)
    assert nik_birth_date(nik(dd="71", mm="12", yy="99"), current_year=2026) == date(1999, 12, 31)


@pytest.mark.parametrize(
    "raw, birth_date, sex, expected",
    [
        (nik(dd="57", mm="08", yy="05"), date(2005, 8, 17), "P", (False, False)),
        (nik(dd="57", mm="08", yy="05"), date(2005, 8, 17), "L", (False, True)),
        (nik(dd="17", mm="08", yy="05"), date(2005, 8, 17), "P", (False, True)),  # 40 not added
        (nik(dd="17", mm="08", yy="05"), date(2005, 8, 18), "L", (True, False)),
        (nik(dd="17", mm="08", yy="05"), date(2005, 9, 17), "L", (True, False)),
        (nik(dd="17", mm="08", yy="05"), date(1905, 8, 17), "L", (False, False)),  # no century in a NIK
        (nik(dd="17", mm="08", yy="05"), date(2006, 8, 17), "L", (True, False)),
        (nik(dd="17", mm="08", yy="05"), None, None, (False, False)),  # nothing entered to compare
        ("6401011708051", date(2005, 8, 17), "L", (True, True)),  # not 16 digits: agrees with nothing
        ("6401011708051", None, None, (False, False)),
    ],
)
def test_nik_birth_disagrees_compares_day_month_two_digit_year_and_sex(raw, birth_date, sex, expected):
    assert nik_birth_disagrees(raw, birth_date=birth_date, sex=sex) == expected


def test_mask_nik_still_shows_only_the_ends():
    assert mask_nik("3201011234567890") == "320101********90"


@pytest.mark.parametrize(
    "raw",
    ["6401010101010001", "6401.0101.0101.0001", "6401-0101-0101-0001", " 6401 0101 0101 0001 "],
)
def test_no_kk_is_16_digits_after_stripping_separators(raw):
    assert clean_no_kk(raw) == "6401010101010001"


@pytest.mark.parametrize(
    "raw", ["640101010101000", "64010101010100011", "640101010101000A", "", "   "]
)
def test_no_kk_of_other_lengths_or_with_letters_is_refused(raw):
    with pytest.raises(InvalidValue):
        clean_no_kk(raw)


@pytest.mark.parametrize(
    "raw, level, dotted",
    [
        ("64", "province", "64"),
        ("64.01", "regency", "64.01"),
        ("6401", "regency", "64.01"),
        ("64.01.01", "subdistrict", "64.01.01"),
        ("640101", "subdistrict", "64.01.01"),
        ("64.01.01.2009", "village", "64.01.01.2009"),
        ("6401012009", "village", "64.01.01.2009"),
        ("  6401012009 ", "village", "64.01.01.2009"),
    ],
)
def test_region_codes_are_read_dotted_or_as_plain_digits(raw, level, dotted):
    assert clean_region_code(raw, level=level) == dotted


@pytest.mark.parametrize(
    "raw, level",
    [
        ("64.0101", "subdistrict"),
        ("64 01", "regency"),
        ("6401x", "regency"),
        ("64.01.01.209", "village"),
        ("6401.01.2009", "village"),
        ("64.01.01.2009.", "village"),
        ("64..01", "regency"),
        ("64-01", "regency"),
        ("64.01", "village"),
        ("640101200", "village"),
        ("６４０１", "regency"),
        ("", "regency"),
    ],
)
def test_region_codes_written_any_other_way_are_malformed(raw, level):
    with pytest.raises(InvalidValue) as caught:
        clean_region_code(raw, level=level)
    assert "written like" in str(caught.value)


def test_region_code_message_shows_both_accepted_spellings_of_the_level():
    with pytest.raises(InvalidValue) as caught:
        clean_region_code("64.01", level="village")
    assert "64.01.01.2009" in str(caught.value) and "6401012009" in str(caught.value)


def test_regency_of_a_desa_code_is_its_first_two_parts():
    assert regency_of("64.01.01.2009") == "64.01"
    assert regency_of("73.03.01") == "73.03"
