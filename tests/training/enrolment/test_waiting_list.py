import pytest
from django.urls import reverse

from audit.models import AuditEvent
from programs.models import CycleQuota
from tests.factories import UserFactory, VillageFactory
from tests.pages import table_rows
from tests.programs.factories import ProgramCycleFactory
from tests.training.factories import EnrolmentFactory
from tests.training.factories import UpcomingBatchFactory as BatchFactory
from training.enrolment.selectors import waiting_list, waiting_list_rank
from training.models import Enrolment

pytestmark = pytest.mark.django_db

URL = reverse("training:waiting-list")


def names_on_page(response) -> list[str]:
    return [application.person.name for application, _desa in response.context["rows"]]


def open_list(client, user, cycle, regency_code="64.01", **params):
    client.force_login(user)
    return client.get(URL, {"cycle": cycle.code, "regency": regency_code, **params})


def test_ranking_is_lower_desil_then_earlier_registration_then_application_id(
    english_client, psk, make_applicant, paser_staff
):
    make_applicant(psk, name="Desil 2 early", desil=2, registered_minutes=0)
    make_applicant(psk, name="Not in DTKS earliest", desil=None, registered_minutes=-60)
    make_applicant(psk, name="Desil 1 late", desil=1, registered_minutes=10)
    make_applicant(psk, name="Desil 2 early, later id", desil=2, registered_minutes=0)
    make_applicant(psk, name="Desil 1 early", desil=1, registered_minutes=5)

    response = open_list(english_client, paser_staff, psk)

    assert names_on_page(response) == [
        "Desil 1 early", "Desil 1 late", "Desil 2 early", "Desil 2 early, later id", "Not in DTKS earliest",
    ]
    assert [application.rank for application, _desa in response.context["rows"]] == [1, 2, 3, 4, 5]
    assert "lower DTKS desil first" in response.content.decode()


def test_only_applicants_who_may_take_a_seat_and_hold_none_are_listed(
    english_client, psk, paser_batch, make_applicant, paser_staff
):
    make_applicant(psk, name="Eligible")
    make_applicant(psk, name="Approved after review", status="REVIEW", decision="APPROVED")
    make_applicant(psk, name="Approved though ineligible", status="INELIGIBLE", decision="APPROVED")
    make_applicant(psk, name="Eligible but rejected", status="ELIGIBLE", decision="REJECTED")
    make_applicant(psk, name="Ineligible", status="INELIGIBLE")
    make_applicant(psk, name="Waiting for review", status="REVIEW")
    make_applicant(psk, name="Never evaluated", evaluated=False)
    EnrolmentFactory(batch=paser_batch, application=make_applicant(psk, name="Already enrolled"))
    EnrolmentFactory(batch=paser_batch, application=make_applicant(psk, name="Withdrew"), status="withdrawn")
    make_applicant(ProgramCycleFactory(code="OTHER-2026"), name="Other cycle")

    response = open_list(english_client, paser_staff, psk)

    assert sorted(names_on_page(response)) == ["Approved after review", "Approved though ineligible", "Eligible"]


def test_ranks_continue_across_pages(english_client, psk, make_applicant, paser_staff):
    for minute in range(55):
        make_applicant(psk, name=f"Applicant {minute:02d}", registered_minutes=minute)

    response = open_list(english_client, paser_staff, psk, page=2)

    rows = response.context["rows"]
    assert [application.rank for application, _desa in rows] == [51, 52, 53, 54, 55]
    assert names_on_page(response)[0] == "Applicant 50"
    assert "page=1" in response.content.decode()


def test_header_shows_quota_seats_used_left_and_next_in_line(
    english_client, psk, paser_batch, make_applicant, paser_blk_admin
):
    EnrolmentFactory(batch=paser_batch, application=make_applicant(psk, name="Seated"))
    make_applicant(psk, name="Siti Next", desil=1)
    make_applicant(psk, name="Budi Later", desil=4)
    CycleQuota.objects.filter(cycle=psk, regency_id="64.01").update(reallocated_quota=3)

    response = open_list(english_client, paser_blk_admin, psk)

    seats = response.context["seats"]
    assert (seats.quota, seats.used, seats.left) == (3, 1, 2)
    assert seats.next_in_line.person.name == "Siti Next"
    body = response.content.decode()
    assert 'data-testid="next-in-line">Siti Next' in body


def test_a_district_user_opens_on_their_own_district(english_client, psk, make_applicant, paser_staff):
    make_applicant(psk, name="Andi Paser")
    english_client.force_login(paser_staff)

    response = english_client.get(URL)

    assert response.context["regency"].code == "64.01"
    assert names_on_page(response) == ["Andi Paser"]


def test_a_paser_user_never_sees_bantaeng_applicants(
    english_client, psk, make_applicant, paser_staff, paser_blk_admin, bantaeng
):
    make_applicant(psk, name="Basri Bantaeng", regency_code="73.03")
    for user in (paser_staff, paser_blk_admin):
        response = open_list(english_client, user, psk, regency_code="73.03")

        assert response.status_code == 200
        assert not response.context["listed"]
        assert "Basri Bantaeng" not in response.content.decode()
        assert "Select a valid choice" in response.content.decode()


def test_the_province_sees_each_of_its_districts(english_client, psk, make_applicant, kaltim_official, bantaeng):
    make_applicant(psk, name="Andi Paser")
    make_applicant(psk, name="Basri Bantaeng", regency_code="73.03")

    assert names_on_page(open_list(english_client, kaltim_official, psk, regency_code="64.01")) == ["Andi Paser"]
    assert not open_list(english_client, kaltim_official, psk, regency_code="73.03").context["listed"]


def test_the_waiting_list_needs_a_training_verification_or_dashboard_capability(client, psk, paser):
    user = UserFactory(username="no.role", regency=paser)
    user.groups.clear()
    client.force_login(user)

    assert client.get(URL).status_code == 403


def test_signed_out_visitors_are_sent_to_log_in(client, psk):
    response = client.get(URL)

    assert response.status_code == 302 and "login" in response["Location"]


def test_the_page_takes_the_same_few_queries_for_ten_or_sixty_applicants(
    client, psk, paser_batch, make_applicant, paser_blk_admin, django_assert_max_num_queries
):
    VillageFactory(code="64.01.01.2001", name="Desa Uji")
    for minute in range(10):
        make_applicant(psk, name=f"Pemohon {minute:02d}", registered_minutes=minute)
    client.force_login(paser_blk_admin)
    client.get(URL, {"cycle": psk.code, "regency": "64.01"})  # warm the session and permission caches
    with django_assert_max_num_queries(17) as few:
        response = client.get(URL, {"cycle": psk.code, "regency": "64.01"})
    assert response.status_code == 200
    assert len(table_rows(response.content.decode(), "waiting-list")) == 10
    for minute in range(10, 60):
        make_applicant(psk, name=f"Pemohon {minute:02d}", registered_minutes=minute)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(URL, {"cycle": psk.code, "regency": "64.01"})

    assert response.status_code == 200
    # A full first page: the 50 first in line, ranked, each with their desa and an Enrol form.
    rows = table_rows(response.content.decode(), "waiting-list")
    assert [(row.cells[0], row.cells[2]) for row in rows] == [(str(n + 1), f"Pemohon {n:02d}") for n in range(50)]
    assert all(row.cells[3] == "Desa Uji 64.01.01.2001" for row in rows)
    assert response.content.decode().count('data-testid="enrol-form"') == 50


def test_blk_admins_get_an_enrol_form_with_their_batches_that_have_free_seats(
    english_client, psk, paser_provider, bantaeng_provider, make_applicant, paser_blk_admin
):
    open_batch = BatchFactory(cycle=psk, provider=paser_provider, name="Angkatan Terbuka", capacity=16)
    full_batch = BatchFactory(cycle=psk, provider=paser_provider, name="Angkatan Penuh", capacity=1)
    EnrolmentFactory(batch=full_batch, application=make_applicant(psk))
    BatchFactory(cycle=psk, provider=bantaeng_provider, name="Angkatan Bantaeng")
    BatchFactory(cycle=ProgramCycleFactory(code="OTHER-2026"), provider=paser_provider, name="Angkatan Lain")
    make_applicant(psk, name="First", desil=1)
    make_applicant(psk, name="Second", desil=2)

    response = open_list(english_client, paser_blk_admin, psk)

    assert [batch.name for batch in response.context["batches"]] == [open_batch.name]
    body = response.content.decode()
    assert body.count('data-testid="enrol-form"') == 2
    assert body.count('name="note"') == 1  # only the second in line is asked for a reason
    assert "Angkatan Bantaeng" not in body and "Angkatan Lain" not in body


def test_staff_who_do_not_run_training_see_no_enrol_form(english_client, psk, paser_batch, make_applicant, paser_staff):
    make_applicant(psk)

    response = open_list(english_client, paser_staff, psk)

    assert 'data-testid="enrol-form"' not in response.content.decode()


def test_enrolling_from_the_list_follows_the_line_or_asks_for_a_reason(
    english_client, psk, paser_batch, make_applicant, paser_blk_admin
):
    first = make_applicant(psk, name="Siti First", desil=1)
    second = make_applicant(psk, name="Budi Second", desil=2)
    third = make_applicant(psk, name="Rudi Third", desil=3)
    english_client.force_login(paser_blk_admin)
    back = f"{URL}?cycle={psk.code}&regency=64.01"

    response = english_client.post(
        reverse("training:enrolment-create"), {"application": third.pk, "batch": paser_batch.pk, "next": back},
        follow=True,
    )
    assert "number 3 on the waiting list" in response.content.decode()
    assert not Enrolment.objects.exists()

    response = english_client.post(
        reverse("training:enrolment-create"), {"application": first.pk, "batch": paser_batch.pk, "next": back}
    )
    assert response.status_code == 302 and response["Location"] == back
    response = english_client.post(
        reverse("training:enrolment-create"),
        {"application": third.pk, "batch": paser_batch.pk, "note": "Only one free on weekdays", "next": back},
        follow=True,
    )

    assert "Rudi Third is enrolled in Angkatan Tata Boga 1." in response.content.decode()
    assert set(Enrolment.objects.values_list("application_id", flat=True)) == {first.pk, third.pk}
    assert names_on_page(response) == ["Budi Second"]
    assert AuditEvent.objects.filter(action="enrolment.create", after__waiting_list_rank=2).exists()
    assert waiting_list_rank(application=second) == 1


def test_enrolling_needs_the_training_capability(client, psk, paser_batch, make_applicant, paser_staff):
    applicant = make_applicant(psk)
    client.force_login(paser_staff)

    response = client.post(reverse("training:enrolment-create"), {"application": applicant.pk, "batch": paser_batch.pk})

    assert response.status_code == 403
    assert not Enrolment.objects.exists()


def test_a_blk_admin_cannot_enrol_into_another_providers_batch_or_from_another_district(
    english_client, psk, paser_batch, bantaeng_provider, make_applicant, paser_blk_admin, bantaeng
):
    bantaeng_batch = BatchFactory(cycle=psk, provider=bantaeng_provider)
    paser_applicant = make_applicant(psk)
    bantaeng_applicant = make_applicant(psk, regency_code="73.03")
    english_client.force_login(paser_blk_admin)

    english_client.post(
        reverse("training:enrolment-create"), {"application": paser_applicant.pk, "batch": bantaeng_batch.pk}
    )
    english_client.post(
        reverse("training:enrolment-create"), {"application": bantaeng_applicant.pk, "batch": paser_batch.pk}
    )

    assert not Enrolment.objects.exists()


def test_an_outside_next_address_is_not_followed(english_client, psk, paser_batch, make_applicant, paser_blk_admin):
    applicant = make_applicant(psk)
    english_client.force_login(paser_blk_admin)

    response = english_client.post(
        reverse("training:enrolment-create"),
        {"application": applicant.pk, "batch": paser_batch.pk, "next": "https://evil.example/"},
    )

    assert response["Location"] == f"{URL}?cycle={psk.code}&regency=64.01"


def test_a_page_of_the_ranked_list_is_one_query_and_keeps_whole_list_ranks(
    psk, make_applicant, django_assert_num_queries
):
    # Set-based: a page is one query whatever the list's length (the window function ranks it).
    applications = [make_applicant(psk, registered_minutes=minute) for minute in range(3)]
    with django_assert_num_queries(1):
        rows = list(waiting_list(cycle=psk, regency_code="64.01")[1:3])
    assert [(row.pk, row.rank) for row in rows] == [(applications[1].pk, 2), (applications[2].pk, 3)]


def test_an_applicant_in_dtks_with_a_blank_desil_is_not_called_absent_from_dtks(
    english_client, psk, make_applicant, paser_staff
):
    from verification.models import EligibilityResult

    blank = make_applicant(psk, name="Desil Kosong", desil=None, status="REVIEW", decision="APPROVED")
    EligibilityResult.objects.filter(application=blank).update(flags=["DESIL_UNKNOWN"])
    page = open_list(english_client, paser_staff, psk).content.decode()
    assert "Desil Kosong" in page
    assert "desil unknown" in page
    assert "not in DTKS" not in page


def test_the_list_names_the_desa_with_its_code_small(english_client, psk, make_applicant, paser_staff):
    VillageFactory(code="64.01.01.2001", name="Desa Uji Paser")
    make_applicant(psk, name="Andi Paser")
    row = table_rows(open_list(english_client, paser_staff, psk).content.decode())[0]
    assert "Desa Uji Paser 64.01.01.2001" in row.cells


def test_the_list_opens_without_a_required_field_error_before_anything_is_chosen(client, psk, kaltim_official):
    from tests.factories import RegencyFactory

    RegencyFactory(code="64.02", name="Kabupaten Kutai Kartanegara", province=kaltim_official.province)
    client.force_login(kaltim_official)  # a province of two districts: none to open on
    page = client.get(URL).content.decode()
    assert "tidak boleh kosong" not in page and "This field is required" not in page
    assert 'data-testid="choose-filter"' in page


def test_a_blk_admin_opens_on_a_cycle_with_their_batch_and_is_told_to_create_one_otherwise(
    english_client, psk, paser_batch, make_applicant, paser_blk_admin
):
    newer = ProgramCycleFactory(code="PSK-2027", year=2027)
    CycleQuota.objects.create(cycle=newer, regency_id="64.01", initial_quota=4)
    make_applicant(newer, name="Menunggu 2027")
    english_client.force_login(paser_blk_admin)
    assert english_client.get(URL).context["cycle"] == psk

    page = open_list(english_client, paser_blk_admin, newer).content.decode()
    assert "create a batch first" in page
    assert "None of your batches of this cycle has a free seat." not in page
