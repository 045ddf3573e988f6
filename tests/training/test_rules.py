"""The rules of training are written once (training/rules.py); the set-based queries that apply
them to thousands of rows must agree with them."""

import datetime
import itertools

import pytest
from django.utils import timezone

from participants.models import Application
from tests.participants.factories import ApplicationFactory
from training import rules
from training.enrolment.selectors import seat_eligible_q
from verification.models import Decision, EligibilityResult, EligibilityStatus

STATUSES = [None, *EligibilityStatus.values]
DECISIONS = [None, *Decision.values]


def test_the_seat_rule_speaks_the_verification_codes():
    assert rules.SEAT_STATUS == EligibilityStatus.ELIGIBLE
    assert rules.SEAT_DECISION == Decision.APPROVED


@pytest.mark.parametrize("status, decision", itertools.product(STATUSES, DECISIONS))
def test_an_application_may_take_a_seat_when_approved_or_eligible_and_undecided(status, decision):
    expected = decision == "APPROVED" or (status == "ELIGIBLE" and decision is None)
    assert rules.may_take_seat(status=status, decision=decision) is expected


@pytest.mark.django_db
def test_the_waiting_list_query_and_the_seat_rule_never_disagree(paser):
    cases = {}
    for status, decision in itertools.product(STATUSES, DECISIONS):
        application = ApplicationFactory()
        EligibilityResult.objects.create(application=application, status=status, decision=decision)
        cases[application.pk] = rules.may_take_seat(status=status, decision=decision)
    never_evaluated = ApplicationFactory()
    cases[never_evaluated.pk] = False
    seated = set(Application.objects.filter(seat_eligible_q()).values_list("pk", flat=True))
    assert seated == {pk for pk, may in cases.items() if may}


def test_the_proposer_may_not_decide_their_own_reallocation():
    assert not rules.may_decide_proposal(proposed_by_id=7, user_id=7)
    assert rules.may_decide_proposal(proposed_by_id=7, user_id=8)
    assert rules.may_decide_proposal(proposed_by_id=None, user_id=8)  # proposed by the daily task


def test_after_dropping_out_a_participant_is_offered_absent_not_present():
    dropped = timezone.make_aware(datetime.datetime(2026, 8, 10, 12))
    later = dropped + datetime.timedelta(days=1)
    earlier = dropped - datetime.timedelta(days=1)
    assert rules.attendance_default(enrolment_status="dropped_out", ended_at=dropped, session_starts_at=later) == "alpa"
    assert rules.attendance_default(enrolment_status="dropped_out", ended_at=dropped, session_starts_at=earlier) is None
    assert rules.attendance_default(enrolment_status="enrolled", ended_at=None, session_starts_at=later) is None


def test_a_certificate_cannot_expire_on_or_before_the_day_it_was_earned():
    earned = datetime.date(2026, 8, 28)
    assert rules.certificate_expires_before_earned(expires_on=earned, earned_on=earned)
    assert not rules.certificate_expires_before_earned(expires_on=datetime.date(2029, 8, 28), earned_on=earned)
    assert not rules.certificate_expires_before_earned(expires_on=None, earned_on=earned)


@pytest.mark.parametrize("left, right", [
    ("UPTD BLK Kabupaten Paser", "uptd  blk kabupaten   PASER"), ("LKP Citra", " LKP Citra "),
    ("Kec.  Tanjung", "kec. tanjung"),
])
def test_provider_names_match_ignoring_case_and_runs_of_spaces(left, right):
    assert rules.provider_name_key(left) == rules.provider_name_key(right)
    assert rules.provider_name_key("LKP Citra") != rules.provider_name_key("LKP Citra Busana")


@pytest.mark.parametrize("name, kind", [
    ("UPTD BLK Kabupaten Tabalong", "blk"), ("Balai Latihan Kerja Tanjung", "blk"), ("BPVP Samarinda", "bpvp"),
    ("LKP Tata Busana", "lkp"), ("Lembaga Kursus Komputer Prima", "lkp"), ("Kecamatan Murung Pudak", "skpd"),
    ("Kec. Tanta", "skpd"), ("Dinas Tenaga Kerja Tabalong", "skpd"), ("Yayasan Harapan", "ngo"),
    ("Sanggar Karya Ibu", "other"), ("Kecak Dance Studio", "other"),
])
def test_a_new_providers_kind_is_told_by_whole_words_of_its_name(name, kind):
    assert rules.provider_kind_from_name(name) == kind
