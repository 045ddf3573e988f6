"""The cycle's rules, the papers to bring and an application's status in a resident's words."""

from datetime import date

import pytest
from django.utils import translation

from public.rules import rules_in_plain_words, status_in_plain_words, what_to_bring
from verification.rules import CycleRules

NAMES = {"64.01": "Kabupaten Paser", "63.09": "Kabupaten Tabalong"}


def rules(**raw):
    return CycleRules.from_cycle_rules(raw, registration_closes=date(2026, 7, 31))


@pytest.fixture(autouse=True)
def indonesian():
    with translation.override("id"):
        yield


def test_the_psk_rules_read_as_the_issue_writes_them():
    lines = rules_in_plain_words(
        rules(max_age=20, school_status=["putus_sekolah"], require_dtks=True, regions=["64.01"]), region_names=NAMES)
    assert lines == [
        "usia paling tinggi 20 tahun pada 31 Jul 2026",
        "sudah tidak bersekolah (putus sekolah)",
        "terdaftar di DTKS (data kesejahteraan sosial)",
        "ber-KTP Kabupaten Paser",
    ]


def test_age_range_education_desil_and_two_districts_by_name_never_by_code():
    lines = rules_in_plain_words(
        rules(min_age=17, max_age=35, age_reference_date="2026-09-30", min_education="smp", require_dtks=True,
              max_desil=4, regions=["63.09", "64.01"]), region_names=NAMES)
    assert lines[0] == "usia 17 sampai 35 tahun pada 30 Sep 2026"
    assert lines[1] == "pendidikan terakhir paling rendah Sekolah menengah pertama (SMP/MTs)"
    assert lines[2] == "terdaftar di DTKS (data kesejahteraan sosial), desil 1 sampai 4"
    assert lines[3] == "ber-KTP Kabupaten Paser atau Kabupaten Tabalong"
    assert not any("64.01" in line or "63.09" in line for line in lines)


def test_a_cycle_without_rules_is_open_to_everyone():
    assert rules_in_plain_words(rules(), region_names={}) == ["terbuka untuk semua warga"]


def test_sktm_is_asked_only_where_dtks_is_required():
    with_dtks = what_to_bring(rules(require_dtks=True))
    without = what_to_bring(rules(min_age=17))
    assert any("SKTM" in item for item in with_dtks)
    assert not any("SKTM" in item for item in without)
    assert without[:2] == ["KTP", "Kartu Keluarga (KK)"]


def test_proof_of_leaving_school_is_asked_when_only_those_out_of_school_may_join():
    assert any("keluar sekolah" in item for item in what_to_bring(rules(school_status=["putus_sekolah"])))
    assert not any("keluar sekolah" in item for item in what_to_bring(rules(school_status=["masih_sekolah"])))


@pytest.mark.parametrize(("automatic", "decision", "enrolment", "code"), [
    (None, None, None, "registered"),
    ("REVIEW", None, None, "checking"),
    ("ELIGIBLE", None, None, "eligible"),
    ("INELIGIBLE", None, None, "ineligible"),
    ("INELIGIBLE", "APPROVED", None, "eligible"),
    ("ELIGIBLE", "REJECTED", None, "ineligible"),
    ("ELIGIBLE", None, "enrolled", "in_training"),
    ("ELIGIBLE", None, "completed", "completed"),
])
def test_a_staff_decision_wins_over_the_run_and_a_seat_over_both(automatic, decision, enrolment, code):
    words = status_in_plain_words(automatic=automatic, decision=decision, enrolment=enrolment, rules=rules(),
                                  region_names={}, registration_closes=date(2026, 7, 31))
    assert words.code == code
    assert words.headline and words.next_step


def test_an_ineligible_status_says_why_in_plain_words():
    words = status_in_plain_words(
        automatic="INELIGIBLE", decision=None, enrolment=None, reasons=("AGE_ABOVE_MAX", "OUTSIDE_REGION"),
        rules=rules(max_age=20, regions=["64.01"]), region_names=NAMES, registration_closes=date(2026, 7, 31))
    assert words.reasons == (
        "Usia Anda lebih dari 20 tahun pada 31 Jul 2026.",
        "Program ini hanya untuk warga ber-KTP Kabupaten Paser.",
    )
