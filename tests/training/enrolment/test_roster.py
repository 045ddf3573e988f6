import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from tests.pages import table_rows
from training.enrolment.selectors import batch_roster_context
from training.enrolment.services import enrolment_create
from training.enrolment.views import batch_page_url
from training.models import Enrolment

pytestmark = pytest.mark.django_db


@pytest.fixture
def full_paser(psk, paser_batch, make_applicant, paser_blk_admin):
    """Paser's 4 quota seats all taken in the batch, and two applicants waiting."""
    seated = [
        enrolment_create(
            batch=paser_batch, application=make_applicant(psk, name=f"Seated {i}", registered_minutes=i),
            by=paser_blk_admin,
        )
        for i in range(4)
    ]
    waiting = [
        make_applicant(psk, name="Wulan Waiting", desil=4, registered_minutes=10),
        make_applicant(psk, name="Yusuf Later", desil=5, registered_minutes=11),
    ]
    return seated, waiting


def test_roster_lists_participants_with_masked_nik_and_seat_count(
    english_client, paser_batch, full_paser, paser_blk_admin
):
    seated, _waiting = full_paser
    english_client.force_login(paser_blk_admin)

    response = english_client.get(reverse("training:batch-detail", args=[paser_batch.pk]))

    body = response.content.decode()
    assert "4 of 16 seats used" in body
    nik = seated[0].application.person.nik
    assert nik not in body and f"{nik[:6]}********{nik[-2:]}" in body
    assert "Seated 0" in body and "Kabupaten Paser" in body
    assert body.count('data-testid="withdraw-form"') == 4


def test_withdrawal_frees_a_seat_for_the_next_in_line(english_client, psk, paser_batch, full_paser, paser_blk_admin):
    seated, (wulan, yusuf) = full_paser
    english_client.force_login(paser_blk_admin)

    response = english_client.post(
        reverse("training:enrolment-withdraw", args=[seated[0].pk]), {"reason": "Found a job"}, follow=True
    )

    body = response.content.decode()
    assert response.redirect_chain[0][1] == 302
    assert "Next in line for Kabupaten Paser: Wulan Waiting." in body
    assert 'data-testid="next-in-line"' in body and "3 of 16 seats used" in body
    assert Enrolment.objects.get(pk=seated[0].pk).status == Enrolment.Status.WITHDRAWN

    response = english_client.post(
        reverse("training:enrolment-create"), {"application": wulan.pk, "batch": paser_batch.pk}, follow=True
    )

    assert "Wulan Waiting is enrolled in Angkatan Tata Boga 1." in response.content.decode()
    assert Enrolment.objects.filter(cycle=psk, regency_id="64.01", status__in=Enrolment.SEAT_HOLDING).count() == 4


def test_withdrawal_without_a_reason_is_refused(english_client, paser_batch, full_paser, paser_blk_admin):
    seated, _waiting = full_paser
    english_client.force_login(paser_blk_admin)

    response = english_client.post(
        reverse("training:enrolment-withdraw", args=[seated[0].pk]), {"reason": ""}, follow=True
    )

    assert "Give a reason for the withdrawal." in response.content.decode()
    assert Enrolment.objects.get(pk=seated[0].pk).status == Enrolment.Status.ENROLLED


def test_a_blk_admin_of_another_provider_gets_404(client, paser_batch, full_paser, bantaeng_blk_admin):
    seated, _waiting = full_paser
    client.force_login(bantaeng_blk_admin)

    assert client.post(reverse("training:enrolment-withdraw", args=[seated[0].pk]), {"reason": "x"}).status_code == 404
    assert client.get(reverse("training:batch-detail", args=[paser_batch.pk])).status_code == 404
    assert Enrolment.objects.get(pk=seated[0].pk).status == Enrolment.Status.ENROLLED


def test_withdrawing_needs_the_training_capability(client, paser_batch, full_paser, paser_staff):
    seated, _waiting = full_paser
    client.force_login(paser_staff)

    assert client.post(reverse("training:enrolment-withdraw", args=[seated[0].pk]), {"reason": "x"}).status_code == 403
    # Staff may read the roster, without the Withdraw action.
    body = client.get(reverse("training:batch-detail", args=[paser_batch.pk])).content.decode()
    assert "Seated 0" in body and 'data-testid="withdraw-form"' not in body


def test_the_partial_renders_from_the_context_the_batch_page_merges_in(
    paser_batch, full_paser, paser_blk_admin, django_assert_max_num_queries
):
    seated, _waiting = full_paser
    Enrolment.objects.filter(pk=seated[1].pk).update(status="withdrawn", end_reason="Moved to Balikpapan")
    request = RequestFactory().get("/")
    request.user = paser_blk_admin

    with translation.override("en"), django_assert_max_num_queries(8):
        context = {"batch": paser_batch, **batch_roster_context(batch=paser_batch, user=paser_blk_admin)}
        html = render_to_string("training/partials/_batch_roster.html", context, request=request)

    # Every participant is a row, the withdrawn one with the reason and without a Withdraw form.
    rows = table_rows(html)
    assert [row.attrs["data-enrolment"] for row in rows] == [str(enrolment.pk) for enrolment in seated]
    assert [row.cells[0] for row in rows] == ["Seated 0", "Seated 1", "Seated 2", "Seated 3"]
    assert all(row.cells[2] == "Kabupaten Paser" for row in rows)
    assert "Moved to Balikpapan" in rows[1].cells[3]
    assert "3 of 16 seats used" in html
    assert "Next in line for Kabupaten Paser: Wulan Waiting" in html
    assert html.count('data-testid="withdraw-form"') == 3


def test_after_a_withdrawal_the_user_returns_to_the_batch_page(client, paser_batch, full_paser, paser_blk_admin):
    seated, _waiting = full_paser
    client.force_login(paser_blk_admin)

    response = client.post(reverse("training:enrolment-withdraw", args=[seated[0].pk]), {"reason": "Ill"})

    assert response["Location"] == batch_page_url(paser_batch.pk)
