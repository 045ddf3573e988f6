"""DTKS snapshot metadata (never the rows) and the §12 indicators, as the pages and
report_indicators give them, for the token's districts only."""

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from tests.participants.factories import ApplicationFactory
from verification.models import DtksSnapshot

from .conftest import evaluate, token_client

pytestmark = pytest.mark.django_db


def _snapshot(coverage, day):
    return DtksSnapshot.objects.create(snapshot_date=day, file_name=f"dtks-{coverage[0]}.csv", coverage=coverage,
                                       status=DtksSnapshot.Status.COMPLETED, imported_rows=120,
                                       finished_at=timezone.now())


def test_snapshots_list_their_metadata_and_where_they_are_active_for_the_users_districts(paser_api, paser, bantaeng):
    older = _snapshot(["64.01"], date(2026, 1, 31))
    newer = _snapshot(["64.01", "73.03"], date(2026, 6, 30))
    bantaeng_only = _snapshot(["73.03"], date(2026, 7, 31))
    rows = paser_api.get("/api/v1/dtks-snapshots/").json()["results"]
    assert [row["id"] for row in rows] == [newer.pk, older.pk]
    assert bantaeng_only.pk not in {row["id"] for row in rows}
    assert rows[0]["active_for"] == ["64.01"] and rows[1]["active_for"] == []
    assert rows[0]["imported_rows"] == 120 and rows[0]["coverage"] == ["64.01", "73.03"]
    assert not {"rows", "records", "nik"} & set(rows[0])


def test_snapshots_are_for_those_who_import_them(paser_official):
    response = token_client(paser_official).get("/api/v1/dtks-snapshots/")
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"


def test_the_indicators_are_report_indicators_figures_for_the_users_districts(paser_official, cycle, paser_village,
                                                                              bantaeng_village):
    for application in ApplicationFactory.create_batch(3, cycle=cycle, person__regency_code="64.01"):
        evaluate(application, status="ELIGIBLE")
    ApplicationFactory.create_batch(2, cycle=cycle, person__regency_code="73.03")
    body = token_client(paser_official).get("/api/v1/indicators/", {"year": 2026}).json()
    out = StringIO()
    call_command("report_indicators", "--year", "2026", "--district", "64.01", "--json", stdout=out)
    assert body == json.loads(out.getvalue())
    assert [d["region"] for d in body["districts"]] == ["64.01"]
    assert body["districts"][0]["applicants"] == 3 and body["districts"][0]["eligible"] == 3


def test_the_indicators_need_a_year(paser_official):
    response = token_client(paser_official).get("/api/v1/indicators/", {"year": "26"})
    assert response.status_code == 400 and list(response.json()["errors"]) == ["year"]
