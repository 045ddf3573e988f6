from datetime import date

import pytest

from programs.rules_validation import RULE_KEYS, RulesError, age_reference, normalise_rules, rules_changed

NO_RULES = {
    "min_age": None,
    "max_age": None,
    "age_reference_date": None,
    "school_status": None,
    "min_education": None,
    "require_dtks": False,
    "max_desil": None,
    "regions": None,
}


@pytest.mark.parametrize("raw", [None, {}, dict.fromkeys(RULE_KEYS), {"school_status": [], "regions": []}])
def test_omitted_null_and_empty_rules_all_mean_no_such_rule(raw):
    assert normalise_rules(raw) == NO_RULES


def test_normalised_rules_have_every_key_in_a_fixed_form():
    rules = normalise_rules(
        {
            "max_age": 20,
            "school_status": ["Putus Sekolah", "lulus", "putus_sekolah"],
            "min_education": "SMP",
            "require_dtks": True,
            "max_desil": 4,
            "regions": ["7303", "64.01", "6401"],
            "age_reference_date": "31-07-2026",
        }
    )
    assert rules == {
        "min_age": None,
        "max_age": 20,
        "age_reference_date": "2026-07-31",
        "school_status": ["lulus", "putus_sekolah"],
        "min_education": "smp",
        "require_dtks": True,
        "max_desil": 4,
        "regions": ["64.01", "73.03"],
    }


def test_the_same_rules_written_differently_compare_equal():
    one = normalise_rules({"regions": ["64.01", "73.03"], "school_status": ["lulus", "putus_sekolah"]})
    other = normalise_rules({"regions": ["7303", "6401"], "school_status": ["PUTUS_SEKOLAH", "lulus"], "max_age": None})
    assert one == other
    assert normalise_rules(one) == one


def test_a_yaml_date_is_kept_as_an_iso_string():
    assert normalise_rules({"age_reference_date": date(2026, 1, 1)})["age_reference_date"] == "2026-01-01"


@pytest.mark.parametrize(
    "raw, key",
    [
        ({"max_age": -1}, "max_age"),
        ({"min_age": "17"}, "min_age"),
        ({"min_age": 17.5}, "min_age"),
        ({"max_age": True}, "max_age"),
        ({"min_age": 21, "max_age": 20}, "min_age"),
        ({"school_status": ["bolos"]}, "school_status"),
        ({"school_status": {"putus_sekolah": True}}, "school_status"),
        ({"min_education": "s4"}, "min_education"),
        ({"require_dtks": "yes"}, "require_dtks"),
        ({"max_desil": 0}, "max_desil"),
        ({"max_desil": 11}, "max_desil"),
        ({"regions": ["64-01"]}, "regions"),
        ({"regions": ["640"]}, "regions"),
        ({"regions": ["64.01.01"]}, "regions"),
        ({"age_reference_date": "2026-02-30"}, "age_reference_date"),
        ({"age_reference_date": "07/31/2026"}, "age_reference_date"),
        ({"max_ages": 20}, "max_ages"),
    ],
)
def test_a_bad_rule_is_refused_naming_its_key(raw, key):
    with pytest.raises(RulesError) as caught:
        normalise_rules(raw)
    assert caught.value.key == key


def test_ages_are_counted_on_registration_closing_unless_the_rules_say_otherwise():
    closes = date(2026, 7, 31)
    assert age_reference(normalise_rules({}), registration_closes=closes) == closes
    assert age_reference(
        normalise_rules({"age_reference_date": "2026-01-01"}), registration_closes=closes
    ) == date(2026, 1, 1)


def test_moving_the_closing_date_changes_the_rules_only_when_it_is_the_age_reference():
    closes, later = date(2026, 7, 31), date(2026, 8, 31)
    plain = normalise_rules({"max_age": 20})
    fixed = normalise_rules({"max_age": 20, "age_reference_date": "2026-01-01"})
    assert not rules_changed(old_rules=plain, old_closes=closes, new_rules=plain, new_closes=closes)
    assert rules_changed(old_rules=plain, old_closes=closes, new_rules=plain, new_closes=later)
    assert not rules_changed(old_rules=fixed, old_closes=closes, new_rules=fixed, new_closes=later)
    assert rules_changed(old_rules=plain, old_closes=closes, new_rules=fixed, new_closes=closes)


def test_moving_the_closing_date_of_a_cycle_without_age_rules_changes_no_rule():
    rules = normalise_rules({"require_dtks": True})
    assert not rules_changed(
        old_rules=rules, old_closes=date(2026, 7, 31), new_rules=rules, new_closes=date(2026, 9, 1)
    )


def test_coded_values_take_the_applicant_file_aliases():
    rules = normalise_rules({"school_status": ["DO", "Lulus"], "min_education": "SLTA"})
    assert rules["school_status"] == ["lulus", "putus_sekolah"]
    assert rules["min_education"] == "sma"
