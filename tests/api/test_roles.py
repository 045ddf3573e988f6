"""Who reads and writes what through the API, role by role, mirroring the pages: the status each
role gets from each endpoint and, for lists, the districts it sees. Paser (64.01) is in
Kalimantan Timur, Bantaeng (73.03) in Sulawesi Selatan."""

import json
from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.programs.factories import ProgramCycleFactory
from verification.models import DtksSnapshot

from .conftest import evaluate, token_client

pytestmark = pytest.mark.django_db

ROLES = {
    "dinas_staff": "paser_staff",
    "blk_admin": "paser_blk_admin",
    "official": "paser_official",
    "system_admin": "system_admin",
    "province_user": "kaltim_staff",
    "other_district": "bantaeng_staff",
}
PASER, BANTAENG = "64.01", "73.03"

# endpoint -> role -> (status, districts seen in the answer; None: not a list of districts)
EXPECTED = {
    "me": dict.fromkeys(ROLES, (200, None)),
    "cycle list": {"dinas_staff": (200, None), "blk_admin": (403, None), "official": (403, None),
                   "system_admin": (200, None), "province_user": (200, None), "other_district": (200, None)},
    "application list": {"dinas_staff": (200, {PASER}), "blk_admin": (403, None), "official": (403, None),
                         "system_admin": (200, {PASER, BANTAENG}), "province_user": (200, {PASER}),
                         "other_district": (200, {BANTAENG})},
    "paser application": {"dinas_staff": (200, None), "blk_admin": (403, None), "official": (403, None),
                          "system_admin": (200, None), "province_user": (200, None), "other_district": (404, None)},
    "decide paser application": {"dinas_staff": (200, None), "blk_admin": (403, None), "official": (403, None),
                                 "system_admin": (200, None), "province_user": (200, None),
                                 "other_district": (404, None)},
    "register in paser": {"dinas_staff": (201, None), "blk_admin": (403, None), "official": (403, None),
                          "system_admin": (201, None), "province_user": (201, None), "other_district": (400, None)},
    "dtks snapshots": {"dinas_staff": (200, {PASER}), "blk_admin": (403, None), "official": (403, None),
                       "system_admin": (200, {PASER, BANTAENG}), "province_user": (200, {PASER}),
                       "other_district": (200, {BANTAENG})},
    "indicators": {"dinas_staff": (200, {PASER}), "blk_admin": (200, {PASER}), "official": (200, {PASER}),
                   "system_admin": (200, {PASER, BANTAENG}), "province_user": (200, {PASER}),
                   "other_district": (200, {BANTAENG})},
}


@pytest.fixture
def world(cycle, paser_application, bantaeng_application):
    evaluate(paser_application, status="ELIGIBLE")
    evaluate(bantaeng_application, status="REVIEW")
    for code in (PASER, BANTAENG):
        DtksSnapshot.objects.create(snapshot_date=date(2026, 6, 30), file_name=f"{code}.csv", coverage=[code],
                                    status=DtksSnapshot.Status.COMPLETED, finished_at=timezone.now())
    ProgramCycleFactory(code="PKP-2026", registration_closes=timezone.localdate() + timedelta(days=60))
    return {"paser_application": paser_application}


def _request(api, endpoint, world, paser_village):
    application = world["paser_application"]
    if endpoint == "me":
        return api.get("/api/v1/me/"), None
    if endpoint == "cycle list":
        return api.get("/api/v1/cycles/"), None
    if endpoint == "application list":
        response = api.get("/api/v1/applications/")
        return response, lambda body: {row["district"] for row in body["results"]}
    if endpoint == "paser application":
        return api.get(f"/api/v1/applications/{application.pk}/"), None
    if endpoint == "decide paser application":
        return api.post(f"/api/v1/applications/{application.pk}/decision/",
                        json.dumps({"decision": "APPROVED", "note": "Memenuhi syarat"}),
                        content_type="application/json"), None
    if endpoint == "register in paser":
        return api.post("/api/v1/applications/", json.dumps({
            "nik": "6401015708050001", "no_kk": "6401010101050001", "name": "Siti Aminah",
            "birth_date": "2005-08-17", "sex": "P", "village": paser_village.code, "education": "sma",
            "school_status": "putus_sekolah", "cycle": "PKP-2026",
        }), content_type="application/json"), None
    if endpoint == "dtks snapshots":
        response = api.get("/api/v1/dtks-snapshots/")
        return response, lambda body: {code for row in body["results"] for code in row["coverage"]}
    if endpoint == "indicators":
        response = api.get("/api/v1/indicators/", {"year": 2026})
        return response, lambda body: {row["region"] for row in body["districts"]}
    raise AssertionError(endpoint)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", EXPECTED)
def test_each_role_gets_what_its_pages_give_it(request, role, endpoint, world, paser_village):
    user = request.getfixturevalue(ROLES[role])
    response, districts_of = _request(token_client(user), endpoint, world, paser_village)
    status, districts = EXPECTED[endpoint][role]
    assert response.status_code == status, response.content
    if status >= 400:
        assert set(response.json()) == {"code", "message", "errors"}
    if districts is not None:
        assert districts_of(response.json()) == districts
