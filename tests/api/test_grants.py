"""Grants and monitoring visits through the API are the grants pages' lists: the user's districts
only (another district's is 404), for who may open the grants pages, NIKs masked without
view_full_nik."""

import datetime

import pytest
from django.utils import timezone

from grants.models import MonitoringVisit
from grants.proposals.services import grant_create
from tests.grants.factories import GrantSchemeFactory, graduate
from tests.programs.factories import ProgramCycleFactory

from .conftest import token_client

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def psk(paser, bantaeng):
    return ProgramCycleFactory(code="PSK-2026", year=2026)


def propose(scheme, *, by, village, name):
    enrolment = graduate(cycle=scheme.cycle, regency_code=scheme.regency_id, name=name)
    return grant_create(by=by, scheme=scheme, enrolment=enrolment, amount=1_500_000, village=village,
                        business_type="Warung sembako", plan="Membuka warung sembako di depan rumah.")


@pytest.fixture
def paser_scheme(psk, paser):
    return GrantSchemeFactory(code="BST-PSR-2026", name="Bantuan Stimulan Usaha Paser 2026", regency=paser, cycle=psk)


@pytest.fixture
def paser_grant(paser_scheme, paser_staff, paser_village, paser_provider):
    return propose(paser_scheme, by=paser_staff, village=paser_village, name="Siti Rahmawati")


@pytest.fixture
def bantaeng_grant(psk, bantaeng, bantaeng_staff, bantaeng_village):
    scheme = GrantSchemeFactory(code="BST-BTG-2026", regency=bantaeng, cycle=psk)
    return propose(scheme, by=bantaeng_staff, village=bantaeng_village, name="Daeng Basri")


def visit(grant, *, months, due_on, **done):
    return MonitoringVisit.objects.create(grant=grant, regency_id=grant.regency_id, months_after=months,
                                          due_on=due_on, **done)


def test_a_grant_carries_its_scheme_status_amount_district_and_recipient(paser_staff, paser_grant, bantaeng_grant):
    api = token_client(paser_staff)
    body = api.get("/api/v1/grants/").json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row["id"] == paser_grant.pk and row["status"] == "draft" and row["amount"] == 1_500_000
    assert row["scheme"]["code"] == "BST-PSR-2026" and row["scheme"]["kind"] == "cash"
    assert row["district"] == "64.01" and row["village_code"] == "64.01.01.2001"
    assert row["person"] == {"id": paser_grant.person_id, "name": "Siti Rahmawati", "nik": paser_grant.person.nik}
    assert api.get(f"/api/v1/grants/{paser_grant.pk}/").json() == row


def test_a_paser_token_never_sees_a_bantaeng_grant_or_visit(paser_staff, paser_grant, bantaeng_grant):
    bantaeng_visit = visit(bantaeng_grant, months=3, due_on=TODAY)
    api = token_client(paser_staff)
    assert [g["id"] for g in api.get("/api/v1/grants/").json()["results"]] == [paser_grant.pk]
    response = api.get(f"/api/v1/grants/{bantaeng_grant.pk}/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    assert api.get("/api/v1/monitoring-visits/").json()["count"] == 0
    assert api.get(f"/api/v1/monitoring-visits/{bantaeng_visit.pk}/").status_code == 404
    scheme = api.get("/api/v1/grants/", {"scheme": bantaeng_grant.scheme_id})
    assert scheme.status_code == 400 and set(scheme.json()["errors"]) == {"scheme"}


def test_an_official_reads_grants_with_masked_niks(paser_official, paser_grant):
    row = token_client(paser_official).get(f"/api/v1/grants/{paser_grant.pk}/").json()
    nik = paser_grant.person.nik
    assert row["person"]["nik"] == nik[:6] + "********" + nik[-2:]  # officials lack view_full_nik


def test_who_may_not_open_the_grants_pages_gets_403(paser_blk_admin, paser_grant):
    api = token_client(paser_blk_admin)
    for path in ("/api/v1/grants/", f"/api/v1/grants/{paser_grant.pk}/", "/api/v1/monitoring-visits/"):
        response = api.get(path)
        assert response.status_code == 403 and response.json()["code"] == "permission_denied", path


def test_grants_filter_by_status_and_scheme_and_a_bad_status_is_a_400(paser_staff, paser_grant, paser_scheme):
    api = token_client(paser_staff)
    assert api.get("/api/v1/grants/", {"status": "draft", "scheme": paser_scheme.pk}).json()["count"] == 1
    assert api.get("/api/v1/grants/", {"status": "approved"}).json()["count"] == 0
    response = api.get("/api/v1/grants/", {"status": "maybe"})
    assert response.status_code == 400 and response.json()["code"] == "invalid"
    assert response.json()["errors"]["status"][0].startswith("Pilih salah satu")


def test_visits_say_when_they_are_due_and_what_the_visit_found(paser_staff, paser_grant):
    overdue = visit(paser_grant, months=3, due_on=TODAY - datetime.timedelta(days=5))
    done = visit(paser_grant, months=6, due_on=TODAY - datetime.timedelta(days=40), status="done",
                 visited_on=TODAY - datetime.timedelta(days=38), business_status="growing", monthly_revenue=4_500_000,
                 employees=2)
    api = token_client(paser_staff)
    rows = {row["id"]: row for row in api.get("/api/v1/monitoring-visits/").json()["results"]}
    assert rows[overdue.pk]["state"] == "overdue" and rows[overdue.pk]["business_status"] == ""
    assert rows[done.pk]["state"] == "done" and rows[done.pk]["business_status"] == "growing"
    assert rows[done.pk]["monthly_revenue"] == 4_500_000 and rows[done.pk]["grant"] == paser_grant.pk
    assert rows[done.pk]["person"]["name"] == "Siti Rahmawati" and rows[done.pk]["scheme"] == "BST-PSR-2026"
    assert [v["id"] for v in api.get("/api/v1/monitoring-visits/", {"state": "overdue"}).json()["results"]] == [
        overdue.pk]
    assert api.get(f"/api/v1/monitoring-visits/{done.pk}/").json() == rows[done.pk]
    bad = api.get("/api/v1/monitoring-visits/", {"state": "soon"})
    assert bad.status_code == 400 and set(bad.json()["errors"]) == {"state"}


@pytest.mark.parametrize("grants", [1, 12])
def test_the_grant_and_visit_lists_cost_the_same_queries_whatever_they_hold(
    paser_staff, paser_scheme, paser_village, paser_provider, grants, django_assert_max_num_queries
):
    for number in range(grants):
        grant = propose(paser_scheme, by=paser_staff, village=paser_village, name=f"Penerima {number}")
        visit(grant, months=3, due_on=TODAY)
    api = token_client(paser_staff)
    api.get("/api/v1/grants/")  # the token's last use is noted once a minute: not in the count
    # The token, the permission lookups, the count, the page.
    with django_assert_max_num_queries(6):
        listed = api.get("/api/v1/grants/", {"page_size": 50})
    with django_assert_max_num_queries(6):
        visits = api.get("/api/v1/monitoring-visits/", {"page_size": 50})
    assert len(listed.json()["results"]) == len(visits.json()["results"]) == grants
