"""docs/api.md describes the API as it is: every address it lists exists in the schema, the
application it shows has the fields the API answers, and its client example registers an
applicant and reads their eligibility (mend the page together with the code)."""

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from tests.programs.factories import ProgramCycleFactory

from .conftest import token_client

pytestmark = pytest.mark.django_db

DOC = (Path(settings.BASE_DIR) / "docs" / "api.md").read_text(encoding="utf-8")


def _schema_paths(api) -> set[str]:
    return set(json.loads(api.get("/api/schema/").content)["paths"])


def test_every_address_the_page_lists_is_in_the_schema(paser_api):
    listed = set(re.findall(r"`(?:GET|POST) (/api/v1/[^`?]*)", DOC))
    assert {"/api/v1/applications/", "/api/v1/applications/{id}/decision/", "/api/v1/indicators/"} <= listed
    paths = {re.sub(r"\{[^}]+\}", "{}", path) for path in _schema_paths(paser_api)}
    assert {re.sub(r"\{[^}]+\}", "{}", path) for path in listed} <= paths


def test_the_application_shown_has_exactly_the_fields_the_api_answers(paser_api, paser_application):
    shown = json.loads(re.search(r"### An application\n\n```json\n(.*?)\n```", DOC, re.S).group(1))
    answered = paser_api.get(f"/api/v1/applications/{paser_application.pk}/").json()
    assert set(shown) == set(answered)


def test_the_error_codes_listed_are_those_the_api_gives():
    listed = set(re.findall(r"^\| \d{3} \| (.*?) \|", DOC, re.M))
    codes = {code for cell in listed for code in re.findall(r"`(\w+)`", cell)}
    source = (Path(settings.BASE_DIR) / "api" / "exceptions.py").read_text(encoding="utf-8")
    assert codes and all(f'"{code}"' in source for code in codes), codes


def test_the_client_example_registers_an_applicant_and_reads_their_eligibility(paser_staff, paser_village):
    ProgramCycleFactory(code="PSK-2026", registration_closes=timezone.localdate() + timedelta(days=60))
    body = json.loads(re.search(r"-d '(\{.*?\})'", DOC, re.S).group(1))
    assert body["village"] == paser_village.code
    api = token_client(paser_staff)
    answer = api.post("/api/v1/applications/", json.dumps(body), content_type="application/json")
    assert answer.status_code == 201, answer.content
    application = api.get(f"/api/v1/applications/{answer.json()['id']}/").json()
    python = re.search(r"```python\n(.*?)```", DOC, re.S).group(1)
    for field in re.findall(r'application\["(\w+)"\]', python):
        assert field in application, field
    assert application["name"] == "Siti Aminah" and application["status"] is None
