import itertools
import random
from datetime import date

import pytest
from django.utils import translation

from verification.rules import (
    EDUCATION_RANK,
    FLAGS,
    REASONS,
    ApplicantFacts,
    CycleRules,
    age_on,
    age_reasons,
    evaluate,
    explain,
)

CLOSES = date(2026, 7, 31)


@pytest.fixture(autouse=True)
def english_messages():
    """The explanations are translated; these tests read the English message ids (before, they
    relied on an earlier test's request having left English active in the thread)."""
    with translation.override("en"):
        yield


def make_nik(birth_date, sex, *, prefix="640101", serial="0001"):
    day = birth_date.day + (40 if sex == "P" else 0)
    return f"{prefix}{day:02d}{birth_date.month:02d}{birth_date.year % 100:02d}{serial}"


def make_facts(**overrides):
    birth_date = overrides.pop("birth_date", date(2008, 5, 15))
    sex = overrides.pop("sex", "L")
    values = {
        "nik": make_nik(birth_date, sex),
        "birth_date": birth_date,
        "sex": sex,
        "school_status": "putus_sekolah",
        "education": "sma",
        "regency_code": "64.01",
        "dtks_nik_match": True,
        "dtks_kk_match": True,
        "dtks_birth_date": birth_date,
        "dtks_desil": 2,
    }
    values.update(overrides)
    return ApplicantFacts(**values)


def make_rules(**rules):
    return CycleRules.from_cycle_rules(rules, registration_closes=CLOSES)


def codes(facts, rules):
    _status, reasons, flags = evaluate(facts, rules)
    return set(reasons) | set(flags)


# --- age -------------------------------------------------------------------------------------


def test_birthday_on_the_reference_date_counts_as_the_new_age():
    assert age_on(date(2006, 7, 31), date(2026, 7, 31)) == 20
    assert age_on(date(2006, 8, 1), date(2026, 7, 31)) == 19


def test_applicant_turning_21_on_the_reference_date_is_too_old_for_max_20():
    rules = make_rules(max_age=20)
    assert evaluate(make_facts(birth_date=date(2005, 7, 31)), rules) == (
        "INELIGIBLE",
        ("AGE_ABOVE_MAX",),
        (),
    )


def test_applicant_turning_21_the_day_after_the_reference_date_is_still_20():
    assert evaluate(make_facts(birth_date=date(2005, 8, 1)), make_rules(max_age=20)) == (
        "ELIGIBLE",
        (),
        (),
    )


def test_max_age_is_inclusive_on_the_reference_date():
    assert (
        age_reasons(birth_date=date(2006, 7, 31), ref=date(2026, 7, 31), min_age=None, max_age=20)
        == ()
    )


def test_applicant_turning_the_minimum_age_on_the_reference_date_is_old_enough():
    assert (
        evaluate(make_facts(birth_date=date(2010, 7, 31)), make_rules(min_age=16))[0] == "ELIGIBLE"
    )


def test_applicant_turning_the_minimum_age_a_day_after_the_reference_date_is_too_young():
    status, reasons, _flags = evaluate(
        make_facts(birth_date=date(2010, 8, 1)), make_rules(min_age=16)
    )
    assert (status, reasons) == ("INELIGIBLE", ("AGE_BELOW_MIN",))


def test_someone_born_on_29_february_turns_a_year_older_on_1_march_of_a_common_year():
    born = date(2008, 2, 29)
    assert age_on(born, date(2026, 2, 28)) == 17
    assert age_on(born, date(2026, 3, 1)) == 18
    assert age_on(born, date(2028, 2, 28)) == 19
    assert age_on(born, date(2028, 2, 29)) == 20


def test_29_february_birth_is_not_too_old_for_max_17_when_the_reference_date_is_28_february():
    facts = make_facts(birth_date=date(2008, 2, 29))
    assert evaluate(facts, make_rules(max_age=17, age_reference_date="2026-02-28"))[0] == "ELIGIBLE"
    assert evaluate(facts, make_rules(max_age=17, age_reference_date="2026-03-01"))[1] == (
        "AGE_ABOVE_MAX",
    )


def test_age_is_measured_on_the_age_reference_date_not_on_registration_close():
    facts = make_facts(birth_date=date(2005, 7, 1))  # 21 on registration close, 20 on 2026-06-30
    assert evaluate(facts, make_rules(max_age=20))[1] == ("AGE_ABOVE_MAX",)
    assert evaluate(facts, make_rules(max_age=20, age_reference_date="2026-06-30"))[0] == "ELIGIBLE"


# --- school, education, region ---------------------------------------------------------------


def test_pupil_still_in_school_is_ineligible_for_a_dropout_program():
    rules = make_rules(school_status=["putus_sekolah"])
    assert evaluate(make_facts(school_status="masih_sekolah"), rules)[1] == ("SCHOOL_STATUS",)
    assert evaluate(make_facts(school_status="putus_sekolah"), rules)[0] == "ELIGIBLE"


def test_education_below_the_minimum_rank_is_ineligible_and_the_minimum_itself_is_enough():
    rules = make_rules(min_education="sma")
    assert evaluate(make_facts(education="smp"), rules)[1] == ("EDUCATION_BELOW_MIN",)
    assert evaluate(make_facts(education="sma"), rules)[0] == "ELIGIBLE"
    assert evaluate(make_facts(education="diploma"), rules)[0] == "ELIGIBLE"


def test_education_ranks_follow_the_contract_order():
    assert sorted(EDUCATION_RANK, key=EDUCATION_RANK.get) == [
        "tidak_sekolah",
        "sd",
        "smp",
        "sma",
        "diploma",
        "sarjana",
    ]


def test_applicant_living_outside_the_program_districts_is_ineligible():
    rules = make_rules(regions=["64.01", "64.02"])
    assert evaluate(make_facts(regency_code="73.03"), rules)[1] == ("OUTSIDE_REGION",)


def test_district_comes_from_the_ktp_address_not_from_the_nik_prefix():
    born = date(2008, 5, 15)
    moved_in = make_facts(nik=make_nik(born, "L", prefix="730301"), regency_code="64.01")
    assert evaluate(moved_in, make_rules(regions=["64.01"]))[0] == "ELIGIBLE"


# --- DTKS ------------------------------------------------------------------------------------


def test_applicant_unknown_to_dtks_is_ineligible_when_the_program_requires_dtks():
    facts = make_facts(
        dtks_nik_match=False, dtks_kk_match=False, dtks_birth_date=None, dtks_desil=None
    )
    assert evaluate(facts, make_rules(require_dtks=True)) == ("INELIGIBLE", ("NOT_IN_DTKS",), ())


def test_household_only_match_goes_to_review_and_skips_the_desil_rules():
    facts = make_facts(
        dtks_nik_match=False, dtks_kk_match=True, dtks_birth_date=None, dtks_desil=None
    )
    assert evaluate(facts, make_rules(require_dtks=True, max_desil=4)) == (
        "REVIEW",
        (),
        ("DTKS_HOUSEHOLD_ONLY",),
    )


def test_household_only_match_ignores_a_desil_the_caller_passed_by_mistake():
    facts = make_facts(
        dtks_nik_match=False, dtks_kk_match=True, dtks_birth_date=date(1990, 1, 1), dtks_desil=9
    )
    assert evaluate(facts, make_rules(require_dtks=True, max_desil=4)) == (
        "REVIEW",
        (),
        ("DTKS_HOUSEHOLD_ONLY",),
    )


def test_desil_above_the_maximum_is_ineligible_and_the_maximum_itself_is_allowed():
    rules = make_rules(require_dtks=True, max_desil=4)
    assert evaluate(make_facts(dtks_desil=5), rules) == ("INELIGIBLE", ("DESIL_ABOVE_MAX",), ())
    assert evaluate(make_facts(dtks_desil=4), rules) == ("ELIGIBLE", (), ())


def test_blank_desil_goes_to_review_only_when_a_maximum_desil_is_set():
    facts = make_facts(dtks_desil=None)
    assert evaluate(facts, make_rules(require_dtks=True, max_desil=4)) == (
        "REVIEW",
        (),
        ("DESIL_UNKNOWN",),
    )
    assert evaluate(facts, make_rules(require_dtks=True)) == ("ELIGIBLE", (), ())


def test_different_birth_date_in_dtks_goes_to_review_but_a_blank_one_does_not():
    rules = make_rules(require_dtks=True)
    assert evaluate(make_facts(dtks_birth_date=date(2008, 5, 16)), rules) == (
        "REVIEW",
        (),
        ("DTKS_DOB_MISMATCH",),
    )
    assert evaluate(make_facts(dtks_birth_date=None), rules) == ("ELIGIBLE", (), ())


def test_program_without_dtks_rule_raises_no_dtks_reason_or_flag():
    rules = make_rules(max_desil=4)  # a desil ceiling alone, without require_dtks, is no rule
    for facts in (
        make_facts(
            dtks_nik_match=False, dtks_kk_match=False, dtks_birth_date=None, dtks_desil=None
        ),
        make_facts(dtks_nik_match=False, dtks_kk_match=True, dtks_birth_date=None, dtks_desil=None),
        make_facts(dtks_desil=9, dtks_birth_date=date(1999, 1, 1)),
        make_facts(dtks_desil=None),
    ):
        assert evaluate(facts, rules) == ("ELIGIBLE", (), ())


# --- NIK -------------------------------------------------------------------------------------


def test_woman_whose_nik_day_has_40_added_passes_the_nik_check():
    born = date(2007, 3, 9)
    assert evaluate(make_facts(birth_date=born, sex="P", nik="6401014903070002"), make_rules()) == (
        "ELIGIBLE",
        (),
        (),
    )


@pytest.mark.parametrize(
    "nik, sex",
    [
        ("6401010903070002", "P"),  # woman, day without the 40
        ("6401014903070002", "L"),  # man, day with the 40
        ("6401011003070002", "L"),  # day differs
        ("6401010904070002", "L"),  # month differs
        ("6401010903080002", "L"),  # year differs
        ("640101090307000", "L"),  # not 16 digits
        ("64010109030700X2", "L"),
    ],
)
def test_nik_disagreeing_with_birth_date_or_sex_goes_to_review(nik, sex):
    facts = make_facts(birth_date=date(2007, 3, 9), sex=sex, nik=nik)
    assert evaluate(facts, make_rules()) == ("REVIEW", (), ("NIK_DOB_MISMATCH",))


def test_nik_check_compares_only_the_last_two_digits_of_the_year():
    facts = make_facts(birth_date=date(1907, 3, 9), nik="6401010903070002", dtks_birth_date=None)
    assert evaluate(facts, make_rules()) == ("ELIGIBLE", (), ())


def test_nik_check_runs_whether_or_not_the_program_requires_dtks():
    facts = make_facts(nik="6401011003080002")
    assert evaluate(facts, make_rules())[2] == ("NIK_DOB_MISMATCH",)
    assert evaluate(facts, make_rules(require_dtks=True))[2] == ("NIK_DOB_MISMATCH",)


# --- status and recording --------------------------------------------------------------------


def test_every_reason_and_flag_is_recorded_in_alphabetical_order():
    facts = make_facts(
        birth_date=date(2000, 1, 1),
        nik="6401010101990001",
        school_status="masih_sekolah",
        education="sd",
        regency_code="73.03",
        dtks_birth_date=date(2000, 1, 2),
        dtks_desil=9,
    )
    rules = make_rules(
        max_age=20,
        school_status=["putus_sekolah"],
        min_education="smp",
        regions=["64.01"],
        require_dtks=True,
        max_desil=4,
    )
    assert evaluate(facts, rules) == (
        "INELIGIBLE",
        (
            "AGE_ABOVE_MAX",
            "DESIL_ABOVE_MAX",
            "EDUCATION_BELOW_MIN",
            "OUTSIDE_REGION",
            "SCHOOL_STATUS",
        ),
        ("DTKS_DOB_MISMATCH", "NIK_DOB_MISMATCH"),
    )


def test_flags_are_sorted_when_several_are_raised():
    facts = make_facts(nik="6401011003080002", dtks_birth_date=date(2008, 5, 16), dtks_desil=None)
    assert evaluate(facts, make_rules(require_dtks=True, max_desil=4)) == (
        "REVIEW",
        (),
        ("DESIL_UNKNOWN", "DTKS_DOB_MISMATCH", "NIK_DOB_MISMATCH"),
    )


def test_reason_codes_and_flag_codes_are_the_contract_ones():
    assert set(REASONS) == {
        "AGE_BELOW_MIN",
        "AGE_ABOVE_MAX",
        "SCHOOL_STATUS",
        "EDUCATION_BELOW_MIN",
        "OUTSIDE_REGION",
        "NOT_IN_DTKS",
        "DESIL_ABOVE_MAX",
    }
    assert set(FLAGS) == {
        "NIK_DOB_MISMATCH",
        "DTKS_HOUSEHOLD_ONLY",
        "DTKS_NOT_LOADED",
        "DTKS_DOB_MISMATCH",
        "DESIL_UNKNOWN",
    }


# --- catalog rules ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "rules",
    [
        {},
        None,
        dict.fromkeys((
            "min_age", "max_age", "age_reference_date", "school_status", "min_education", "require_dtks", "max_desil",
            "regions",
        )),
        {"school_status": [], "regions": [], "require_dtks": False},
    ],
)
def test_missing_null_or_empty_rules_mean_no_such_rule(rules):
    cycle = CycleRules.from_cycle_rules(rules, registration_closes=CLOSES)
    assert cycle == CycleRules(
        min_age=None,
        max_age=None,
        reference_date=CLOSES,
        school_status=frozenset(),
        min_education=None,
        require_dtks=False,
        max_desil=None,
        regions=frozenset(),
    )
    nobody_special = make_facts(
        birth_date=date(1950, 1, 1),
        school_status="masih_sekolah",
        education="tidak_sekolah",
        regency_code="91.01",
        dtks_nik_match=False,
        dtks_kk_match=False,
        dtks_birth_date=None,
        dtks_desil=None,
    )
    assert evaluate(nobody_special, cycle) == ("ELIGIBLE", (), ())


def test_catalog_rules_are_read_with_the_reference_date_parsed_and_districts_dotted():
    cycle = make_rules(
        min_age=15,
        max_age=20,
        age_reference_date="2026-06-30",
        school_status=["putus_sekolah", "lulus"],
        min_education="smp",
        require_dtks=True,
        max_desil=4,
        regions=["6401", "64.02"],
    )
    assert cycle == CycleRules(
        min_age=15,
        max_age=20,
        reference_date=date(2026, 6, 30),
        school_status=frozenset({"putus_sekolah", "lulus"}),
        min_education="smp",
        require_dtks=True,
        max_desil=4,
        regions=frozenset({"64.01", "64.02"}),
    )


def test_unknown_minimum_education_in_the_rules_is_refused():
    with pytest.raises(ValueError, match="min_education"):
        make_rules(min_education="s4")


# --- explanation -----------------------------------------------------------------------------


def test_explanation_lists_every_criterion_in_a_fixed_order_even_when_no_rule_is_set():
    criteria = explain(make_facts(), make_rules(), snapshot_date=None)
    assert [c.code for c in criteria] == list(REASONS + FLAGS)
    assert [c.severity for c in criteria] == ["reason"] * len(REASONS) + ["flag"] * len(FLAGS)
    unset = [c for c in criteria if c.code != "NIK_DOB_MISMATCH"]
    assert all(not c.applies and c.passed and c.rule == "" for c in unset)


def test_explanation_shows_age_on_the_reference_date_against_the_rule():
    criteria = {
        c.code: c
        for c in explain(
            make_facts(birth_date=date(2007, 5, 1)), make_rules(max_age=20), snapshot_date=None
        )
    }
    age = criteria["AGE_ABOVE_MAX"]
    assert (age.value, age.rule, age.applies, age.passed) == (
        "19 years on 31 Jul 2026",
        "at most 20 years",
        True,
        True,
    )
    assert str(age.label) == "Maximum age"
    assert age.source == "Application"


def test_explanation_names_the_dtks_snapshot_and_shows_the_failing_desil():
    rules = make_rules(require_dtks=True, max_desil=4)
    criteria = {
        c.code: c for c in explain(make_facts(dtks_desil=7), rules, snapshot_date=date(2026, 6, 30))
    }
    desil = criteria["DESIL_ABOVE_MAX"]
    assert (desil.value, desil.rule, desil.passed) == ("desil 7", "desil at most 4", False)
    assert desil.source == "DTKS snapshot 30 Jun 2026"
    assert criteria["NIK_DOB_MISMATCH"].source == "NIK"


def test_explanation_of_a_household_only_match_says_the_desil_was_not_checked():
    facts = make_facts(
        dtks_nik_match=False, dtks_kk_match=True, dtks_birth_date=None, dtks_desil=None
    )
    criteria = {
        c.code: c
        for c in explain(facts, make_rules(require_dtks=True, max_desil=4), snapshot_date=None)
    }
    assert criteria["DTKS_HOUSEHOLD_ONLY"].passed is False
    assert criteria["DESIL_UNKNOWN"].passed is True
    assert criteria["DESIL_UNKNOWN"].value.startswith("not checked")


def _spec_codes(facts, rules):
    """§6, transcribed table row by table row, independently of verification.rules."""
    ref, dob = rules.reference_date, facts.birth_date
    age = ref.year - dob.year - ((ref.month, ref.day) < (dob.month, dob.day))
    nik_day, nik_month, nik_yy = int(facts.nik[6:8]), int(facts.nik[8:10]), int(facts.nik[10:12])
    nik_matched = rules.require_dtks and facts.dtks_nik_match
    reasons = {
        "AGE_BELOW_MIN": rules.min_age is not None and age < rules.min_age,
        "AGE_ABOVE_MAX": rules.max_age is not None and age > rules.max_age,
        "SCHOOL_STATUS": bool(rules.school_status)
        and facts.school_status not in rules.school_status,
        "EDUCATION_BELOW_MIN": rules.min_education is not None
        and EDUCATION_RANK[facts.education] < EDUCATION_RANK[rules.min_education],
        "OUTSIDE_REGION": bool(rules.regions) and facts.regency_code not in rules.regions,
        "NOT_IN_DTKS": rules.require_dtks and not facts.dtks_nik_match and not facts.dtks_kk_match
        and facts.dtks_loaded,
        "DESIL_ABOVE_MAX": nik_matched
        and rules.max_desil is not None
        and facts.dtks_desil is not None
        and facts.dtks_desil > rules.max_desil,
    }
    flags = {
        "NIK_DOB_MISMATCH": (nik_day % 40, nik_month, nik_yy)
        != (dob.day, dob.month, dob.year % 100)
        or (nik_day > 40) != (facts.sex == "P"),
        "DTKS_HOUSEHOLD_ONLY": rules.require_dtks
        and not facts.dtks_nik_match
        and facts.dtks_kk_match,
        "DTKS_NOT_LOADED": rules.require_dtks
        and not facts.dtks_nik_match
        and not facts.dtks_kk_match
        and not facts.dtks_loaded,
        "DTKS_DOB_MISMATCH": nik_matched
        and facts.dtks_birth_date is not None
        and facts.dtks_birth_date != dob,
        "DESIL_UNKNOWN": nik_matched and rules.max_desil is not None and facts.dtks_desil is None,
    }
    return {c for c, hit in reasons.items() if hit}, {c for c, hit in flags.items() if hit}


def _generated_cases():
    rnd = random.Random(20260731)
    options = {
        "min_age": (None, 16),
        "max_age": (None, 20),
        "age_reference_date": (None, "2028-02-28"),
        "school_status": (None, ["putus_sekolah", "lulus"]),
        "min_education": (None, "smp"),
        "require_dtks": (False, True),
        "max_desil": (None, 4),
        "regions": (None, ["64.01"]),
    }
    cycles = [
        make_rules(**dict(zip(options, combo, strict=True))) for combo in itertools.product(*options.values())
    ]
    births = [
        date(2008, 2, 29),
        date(2012, 7, 31),
        date(2007, 8, 1),
        date(2005, 7, 31),
        date(2010, 3, 1),
        date(1999, 12, 31),
    ]
    for i in range(4000):
        dob = rnd.choice(births)
        sex = rnd.choice("LP")
        nik = make_nik(dob, sex)
        if rnd.random() < 0.3:  # a wrong day, month, year or sex in the NIK
            nik = make_nik(rnd.choice(births), rnd.choice("LP"))
        nik_match = rnd.random() < 0.6
        facts = make_facts(
            birth_date=dob,
            sex=sex,
            nik=nik,
            school_status=rnd.choice(["masih_sekolah", "putus_sekolah", "lulus"]),
            education=rnd.choice(list(EDUCATION_RANK)),
            regency_code=rnd.choice(["64.01", "73.03"]),
            dtks_nik_match=nik_match,
            dtks_kk_match=nik_match or rnd.random() < 0.5,
            dtks_birth_date=rnd.choice([None, dob, date(2001, 1, 1)]) if nik_match else None,
            dtks_desil=rnd.choice([None, 1, 4, 5, 10]) if nik_match else None,
            dtks_loaded=rnd.random() < 0.8,
        )
        yield facts, cycles[i % len(cycles)]


def test_decisions_follow_the_contract_table_over_many_generated_applicants():
    seen = set()
    for facts, rules in _generated_cases():
        status, reasons, flags = evaluate(facts, rules)
        want_reasons, want_flags = _spec_codes(facts, rules)
        assert (set(reasons), set(flags)) == (want_reasons, want_flags), (facts, rules)
        assert list(reasons) == sorted(reasons) and list(flags) == sorted(flags)
        assert status == ("INELIGIBLE" if reasons else "REVIEW" if flags else "ELIGIBLE")
        seen |= set(reasons) | set(flags)
    assert seen == set(REASONS) | set(FLAGS)  # the grid reaches every code


def test_the_application_page_and_the_batch_never_disagree():
    for facts, rules in itertools.islice(_generated_cases(), 1500):
        _status, reasons, flags = evaluate(facts, rules)
        criteria = explain(facts, rules, snapshot_date=date(2026, 6, 30))
        assert {c.code for c in criteria if c.applies and not c.passed} == set(reasons) | set(flags)
        assert all(c.passed for c in criteria if not c.applies)


def test_explanation_never_calls_an_unrun_check_met():
    rules = make_rules(require_dtks=True, max_desil=4)
    household_only = make_facts(dtks_nik_match=False, dtks_kk_match=True, dtks_birth_date=None, dtks_desil=None)
    outcomes = {c.code: c.outcome for c in explain(household_only, rules, snapshot_date=None)}
    assert outcomes["DESIL_ABOVE_MAX"] == outcomes["DTKS_DOB_MISMATCH"] == outcomes["DESIL_UNKNOWN"] == "not_checked"
    assert outcomes["DTKS_HOUSEHOLD_ONLY"] == "flag"

    blank_desil = {c.code: c.outcome for c in explain(make_facts(dtks_desil=None), rules, snapshot_date=None)}
    assert blank_desil["DESIL_ABOVE_MAX"] == "desil_unknown"
    assert blank_desil["DESIL_UNKNOWN"] == "flag"


def test_explanation_of_a_birth_date_after_the_reference_date_does_not_check_the_age():
    criteria = {c.code: c for c in explain(make_facts(birth_date=date(2030, 8, 15)), make_rules(max_age=20),
                                           snapshot_date=None)}
    assert criteria["AGE_ABOVE_MAX"].outcome == "not_checked"
    assert "-" not in criteria["AGE_ABOVE_MAX"].value


def test_explanation_shows_school_status_and_education_by_name():
    criteria = {c.code: c for c in explain(make_facts(school_status="putus_sekolah", education="smp"),
                                           make_rules(school_status={"putus_sekolah"}, min_education="smp"),
                                           snapshot_date=None)}
    assert criteria["SCHOOL_STATUS"].value == "Dropped out"
    assert criteria["SCHOOL_STATUS"].rule == "one of Dropped out"
    assert criteria["EDUCATION_BELOW_MIN"].value == "Junior secondary (SMP/MTs)"
