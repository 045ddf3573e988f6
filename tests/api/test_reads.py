"""Reading program cycles and applications: the pages' selectors, so the same scoping (another
district's application is 404), masking (no view_full_nik: masked NIKs) and filters."""

import pytest
from django.contrib.auth.models import Permission

from accounts.roles import Role
from tests.factories import UserFactory
from tests.participants.factories import ApplicationFactory

from .conftest import evaluate, token_client

pytestmark = pytest.mark.django_db


def test_cycles_come_paginated_with_their_rules_and_quotas(paser_api, cycle):
    response = paser_api.get("/api/v1/cycles/")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "next", "previous", "results"} and body["count"] == 1
    psk = body["results"][0]
    assert psk["code"] == "PSK-2026" and psk["year"] == 2026
    assert psk["rules"]["max_age"] == 30 and psk["rules"]["school_status"] == ["putus_sekolah"]
    assert psk["quotas"] == [
        {"district": "64.01", "initial_quota": 20, "reallocated_quota": None, "quota": 20},
        {"district": "73.03", "initial_quota": 10, "reallocated_quota": 12, "quota": 12},
    ]
    assert paser_api.get("/api/v1/cycles/PSK-2026/").json() == psk
    assert paser_api.get("/api/v1/cycles/NOPE/").json()["code"] == "not_found"


def test_an_application_carries_its_district_cycle_eligibility_and_decision(paser_api, paser_application):
    evaluate(paser_application, status="REVIEW", reasons=[], flags=["DTKS_NOT_LOADED"], decision="APPROVED",
             needs_recheck=True)
    body = paser_api.get("/api/v1/applications/").json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row["id"] == paser_application.pk
    assert row["district"] == "64.01" and row["cycle"] == "PSK-2026" and row["name"] == "Andi Paser"
    assert row["status"] == "REVIEW" and row["flags"] == ["DTKS_NOT_LOADED"] and row["reasons"] == []
    assert row["decision"] == "APPROVED" and row["needs_recheck"] is True
    assert row["nik"] == paser_application.person.nik  # Dinas staff hold view_full_nik
    assert paser_api.get(f"/api/v1/applications/{paser_application.pk}/").json() == row


def test_a_never_evaluated_application_reads_null_status_and_no_reasons(paser_api, paser_application):
    row = paser_api.get(f"/api/v1/applications/{paser_application.pk}/").json()
    assert row["status"] is None and row["decision"] is None
    assert row["reasons"] == [] and row["flags"] == [] and row["needs_recheck"] is False


def test_a_paser_token_never_sees_a_bantaeng_application(paser_api, paser_application, bantaeng_application):
    rows = paser_api.get("/api/v1/applications/").json()["results"]
    assert [row["id"] for row in rows] == [paser_application.pk]
    response = paser_api.get(f"/api/v1/applications/{bantaeng_application.pk}/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert paser_api.get("/api/v1/applications/", {"district": "73.03"}).json()["count"] == 0


def test_without_view_full_nik_the_niks_are_masked(paser, paser_application):
    verifier = UserFactory(username="verifikator.paser", role=Role.BLK_ADMIN, regency=paser)
    verifier.user_permissions.add(Permission.objects.get(content_type__app_label="accounts",
                                                         codename="verify_eligibility"))
    row = token_client(verifier).get(f"/api/v1/applications/{paser_application.pk}/").json()
    nik, kk = paser_application.person.nik, paser_application.person.no_kk
    assert row["nik"] == nik[:6] + "********" + nik[-2:]
    assert row["no_kk"] == kk[:6] + "********" + kk[-2:]


def test_applications_filter_by_cycle_status_and_district(kaltim_staff, cycle, paser, paser_village):
    from tests.verification.factories import ProgramCycleFactory

    other = ProgramCycleFactory(code="TBG-2026")
    eligible = ApplicationFactory(cycle=cycle, person__regency_code="64.01")
    review = ApplicationFactory(cycle=cycle, person__regency_code="64.01")
    elsewhere = ApplicationFactory(cycle=other, person__regency_code="64.01")
    evaluate(eligible, status="ELIGIBLE")
    evaluate(review, status="REVIEW")
    api = token_client(kaltim_staff)

    def ids(**params):
        return [row["id"] for row in api.get("/api/v1/applications/", params).json()["results"]]

    assert ids() == [eligible.pk, review.pk, elsewhere.pk]
    assert ids(cycle="PSK-2026") == [eligible.pk, review.pk]
    assert ids(cycle="PSK-2026", status="REVIEW") == [review.pk]
    assert ids(status="none") == [elsewhere.pk]
    assert ids(district="64.01") == [eligible.pk, review.pk, elsewhere.pk]
    assert ids(district="64.02") == []


def test_a_bad_filter_is_a_400_naming_the_parameter(paser_api, cycle):
    response = paser_api.get("/api/v1/applications/", {"status": "MAYBE", "cycle": "NOPE", "district": "x"})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and set(body["errors"]) == {"status", "cycle", "district"}
    assert body["errors"]["cycle"] == ["Tidak ada siklus program NOPE."]


@pytest.mark.parametrize("rows", [3, 40])
def test_the_application_list_costs_the_same_queries_whatever_the_page_holds(
    paser_api, cycle, paser_village, rows, django_assert_max_num_queries
):
    for application in ApplicationFactory.create_batch(rows, cycle=cycle, person__regency_code="64.01"):
        evaluate(application, status="ELIGIBLE")
    paser_api.get("/api/v1/applications/")  # the token's last use is noted once a minute: not in the count
    # The token, the two permission lookups, the cycle and its quotas, the count, the page's ids, its rows.
    with django_assert_max_num_queries(8):
        response = paser_api.get("/api/v1/applications/", {"page_size": 50, "cycle": "PSK-2026"})
    assert len(response.json()["results"]) == rows


def test_page_size_is_capped(paser_api, cycle, paser_village):
    ApplicationFactory.create_batch(3, cycle=cycle, person__regency_code="64.01")
    body = paser_api.get("/api/v1/applications/", {"page_size": 2}).json()
    assert body["count"] == 3 and len(body["results"]) == 2 and "page=2" in body["next"]
    assert len(paser_api.get("/api/v1/applications/", {"page_size": 100000}).json()["results"]) == 3


def test_an_application_carries_the_registration_number_the_public_status_page_takes(paser_api, paser_application):
    found = paser_api.get(f"/api/v1/applications/{paser_application.pk}/").json()
    paser_application.refresh_from_db()
    assert found["registration_number"] == paser_application.registration_number
    assert len(found["registration_number"]) == 10
