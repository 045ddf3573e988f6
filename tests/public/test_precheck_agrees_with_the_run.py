"""The anonymous pre-check says what the real eligibility run (verification.services.eligibility_run)
says, on every §6 boundary of the criteria a resident can answer: age exactly the minimum and the
maximum on the reference date and a day either side, each school status, each education rank
around the minimum, the kabupaten in and out."""

from datetime import date

import pytest

from programs.rules_validation import normalise_rules
from public.rules import PrecheckAnswer, precheck_reasons
from tests.participants.factories import ApplicationFactory
from tests.programs.factories import ProgramCycleFactory
from verification.eligibility import cycle_rules
from verification.models import EligibilityResult
from verification.services import eligibility_run

pytestmark = pytest.mark.django_db

RULES = {"min_age": 16, "max_age": 30, "age_reference_date": "2026-07-31", "school_status": ["putus_sekolah", "lulus"],
         "min_education": "smp", "regions": ["64.01"]}
# Passes every rule unless a case says otherwise.
BASE = {"birth_date": date(2005, 3, 14), "school_status": "putus_sekolah", "education": "sma", "regency": "64.01"}

CASES = {
    # age: 16 on 31-07-2026 means born on or before 31-07-2010
    "exactly the minimum age on the reference date": {"birth_date": date(2010, 7, 31)},
    "a day older than the minimum": {"birth_date": date(2010, 7, 30)},
    "a day short of the minimum": {"birth_date": date(2010, 8, 1)},
    # 30 on 31-07-2026 until the 31st birthday on 31-07-2026 (born 31-07-1995)
    "exactly the maximum age on the reference date": {"birth_date": date(1996, 7, 31)},
    "the last day of the maximum age": {"birth_date": date(1995, 8, 1)},
    "a day past the maximum age": {"birth_date": date(1995, 7, 31)},
    "born on 29 February": {"birth_date": date(2008, 2, 29)},
    "school status still in school": {"school_status": "masih_sekolah"},
    "school status dropped out": {"school_status": "putus_sekolah"},
    "school status finished": {"school_status": "lulus"},
    "education none": {"education": "tidak_sekolah"},
    "education sd (one below the minimum)": {"education": "sd"},
    "education smp (the minimum)": {"education": "smp"},
    "education sma (one above)": {"education": "sma"},
    "education diploma": {"education": "diploma"},
    "education sarjana": {"education": "sarjana"},
    "kabupaten in the rules": {"regency": "64.01"},
    "kabupaten outside the rules": {"regency": "73.03"},
    "everything wrong at once": {"birth_date": date(1990, 1, 1), "school_status": "masih_sekolah",
                                 "education": "sd", "regency": "73.03"},
}


@pytest.mark.parametrize("case", list(CASES))
def test_the_precheck_agrees_with_the_eligibility_run(case, paser, bantaeng):
    facts = BASE | CASES[case]
    cycle = ProgramCycleFactory(code="UJI-2026", registration_opens=date(2026, 1, 1),
                                registration_closes=date(2026, 7, 31), rules=normalise_rules(RULES))
    application = ApplicationFactory(
        cycle=cycle, person__birth_date=facts["birth_date"], person__regency_code=facts["regency"],
        education=facts["education"], school_status=facts["school_status"],
    )
    eligibility_run(cycle=cycle)
    result = EligibilityResult.objects.get(application=application)

    answer = PrecheckAnswer(birth_date=facts["birth_date"], school_status=facts["school_status"],
                            education=facts["education"], regency_code=facts["regency"])
    reasons = precheck_reasons(answer, cycle_rules(cycle))

    assert reasons == tuple(result.reasons)
    assert (not reasons) == (result.status == "ELIGIBLE")
