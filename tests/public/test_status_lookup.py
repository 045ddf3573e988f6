"""The status of one's registration by registration number and birth date: the status in plain
words and nothing of the person, one answer for an unknown number and a wrong birth date, a
limit of tries per address, and an audit row of every lookup."""

import re
from datetime import date

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from public.services import STATUS_LOOKUP_LIMIT
from tests.participants.factories import ApplicationFactory
from tests.training.factories import BatchFactory, EnrolmentFactory
from verification.models import EligibilityResult

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(paser_cycle):
    return ApplicationFactory(cycle=paser_cycle, person__name="Andi Rahasia", person__birth_date=date(2007, 5, 9),
                              person__address="Jl. Tersembunyi 7")


def lookup(client, number, birth_date="09-05-2007", **extra):
    return client.post(reverse("public:status"), {"registration_number": number, "birth_date": birth_date}, **extra)


def test_the_status_is_shown_in_plain_words_without_name_nik_or_address(client, application):
    EligibilityResult.objects.create(application=application, status="INELIGIBLE", reasons=["AGE_ABOVE_MAX"])
    page = lookup(client, application.registration_number).content.decode()
    assert 'data-status="ineligible"' in page
    assert "Tidak memenuhi syarat" in page
    assert "Usia Anda lebih dari 20 tahun pada 31 Jul 2026." in page
    assert "Pelatihan Keterampilan Pemuda Putus Sekolah" in page
    for secret in ("Andi Rahasia", application.person.nik, application.person.no_kk, "Tersembunyi"):
        assert secret not in page


def test_the_number_may_be_typed_in_lower_case_with_a_dash_and_spaces(client, application):
    number = application.registration_number.lower()
    page = lookup(client, f" {number[:5]} - {number[5:]} ").content.decode()
    assert 'data-status="registered"' in page
    assert "Terdaftar" in page


def test_a_seat_in_a_batch_reads_accepted_into_training(client, application):
    EligibilityResult.objects.create(application=application, status="ELIGIBLE")
    EnrolmentFactory(application=application, batch=BatchFactory(cycle=application.cycle))
    page = lookup(client, application.registration_number).content.decode()
    assert 'data-status="in_training"' in page
    assert "Diterima di angkatan pelatihan" in page


def test_an_unknown_number_and_a_wrong_birth_date_get_the_same_answer(client, application):
    other = "".join(reversed(application.registration_number))
    unknown = lookup(client, other, birth_date="10-05-2007").content.decode()
    wrong_birth = lookup(client, application.registration_number, birth_date="10-05-2007").content.decode()
    assert 'data-testid="status-not-found"' in unknown

    def answer(page, typed):  # the page without the number typed and the form's CSRF token
        page = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page)
        return page.replace(typed, "")

    assert answer(unknown, other) == answer(wrong_birth, application.registration_number)
    assert 'data-status=' not in wrong_birth


def test_every_lookup_is_audited_with_the_number_asked_the_outcome_and_the_address(client, application):
    lookup(client, application.registration_number, REMOTE_ADDR="10.1.2.3")
    lookup(client, application.registration_number, birth_date="01-01-2000", REMOTE_ADDR="10.1.2.3")
    events = list(AuditEvent.objects.filter(action="public.status_lookup").order_by("id"))
    assert [e.after["found"] for e in events] == [True, False]
    assert {e.after["registration_number"] for e in events} == {application.registration_number}
    assert {e.after["ip"] for e in events} == {"10.1.2.3"}
    assert events[0].regency_code == "64.01" and events[1].regency_code == ""
    assert "birth" not in str(events[1].after) and "2000" not in str(events[1].after)


def test_past_ten_tries_in_ten_minutes_an_address_gets_a_friendly_429(client, application):
    for _ in range(STATUS_LOOKUP_LIMIT):
        assert lookup(client, "ABCDEFGHJK", REMOTE_ADDR="10.9.9.9").status_code == 200
    response = lookup(client, application.registration_number, REMOTE_ADDR="10.9.9.9")
    assert response.status_code == 429
    assert "Terlalu banyak percobaan" in response.content.decode()
    assert AuditEvent.objects.filter(action="public.status_lookup").count() == STATUS_LOOKUP_LIMIT
    # Another address is not held back.
    assert lookup(client, application.registration_number, REMOTE_ADDR="10.9.9.10").status_code == 200


def test_a_malformed_number_is_a_form_error_not_a_lookup(client, application):
    page = lookup(client, "OOOO0").content.decode()
    assert "Nomor pendaftaran terdiri dari 10 huruf dan angka" in page
    assert not AuditEvent.objects.filter(action="public.status_lookup").exists()


def test_a_status_lookup_makes_a_few_queries(client, application, django_assert_max_num_queries):
    EligibilityResult.objects.create(application=application, status="INELIGIBLE", reasons=["OUTSIDE_REGION"])
    for _ in range(20):
        ApplicationFactory(cycle=application.cycle)
    with django_assert_max_num_queries(7):
        assert 'data-status="ineligible"' in lookup(client, application.registration_number).content.decode()
