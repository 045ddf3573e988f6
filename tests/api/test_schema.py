"""The OpenAPI document is valid, and its docs page is for signed-in users, loading nothing from
a CDN."""

import json
import re

import pytest
from django.test import Client
from openapi_spec_validator import validate

pytestmark = pytest.mark.django_db


def test_the_schema_is_a_valid_openapi_3_document(paser_api):
    response = paser_api.get("/api/schema/")
    assert response.status_code == 200
    document = json.loads(response.content)
    assert document["openapi"].startswith("3.")
    validate(document)
    assert "/api/v1/me/" in document["paths"]


def test_the_schema_is_not_for_anonymous_visitors(db):
    response = Client().get("/api/schema/")
    assert response.status_code == 401
    assert json.loads(response.content)["code"] == "not_authenticated"


def test_the_docs_page_sends_a_visitor_to_login_and_loads_only_the_portals_own_files(client, paser_staff):
    assert client.get("/api/docs/")["Location"].startswith("/accounts/login/")
    client.force_login(paser_staff)
    page = client.get("/api/docs/").content.decode()
    assert "swagger-ui" in page
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(not source.startswith(("http:", "https:", "//")) for source in sources), sources
    assert any("drf_spectacular_sidecar" in source for source in sources)
