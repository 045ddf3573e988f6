"""Writes through the API are the pages' writes: registering an applicant calls the registration
form's validation and service, deciding calls the decision form's; the same rows, the same audit."""

import json
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEvent
from participants.models import Application, Person
from tests.programs.factories import ProgramCycleFactory
from verification.models import EligibilityResult

from .conftest import token_client

pytestmark = pytest.mark.django_db

SITI = "6401015708050001"  # a woman born 17-08-2005, of Paser
RINA = "6401014508050002"  # a woman born 05-08-2005, of Paser


@pytest.fixture
def open_cycle(paser):
    return ProgramCycleFactory(code="PKP-2026", registration_closes=timezone.localdate() + timedelta(days=60))


def applicant(desa, **overrides):
    body = {"nik": SITI, "no_kk": "6401010101050001", "name": "Siti Aminah", "birth_date": "2005-08-17", "sex": "P",
            "village": desa.code, "address": "Jl. Contoh 1", "phone": "0812", "education": "sma",
            "school_status": "putus_sekolah", "cycle": "PKP-2026"}
    body.update(overrides)
    return body


def post(api, path, body, **extra):
    return api.post(path, json.dumps(body), content_type="application/json", **extra)


def _row(model_instance, *ignore):
    return {field.attname: getattr(model_instance, field.attname) for field in model_instance._meta.concrete_fields
            if field.attname not in {"id", *ignore}}


def test_registering_through_the_api_makes_the_rows_and_the_audit_the_form_makes(
    client, paser_staff, paser_village, open_cycle
):
    client.force_login(paser_staff)
    page = client.post(reverse("participants:register"), {
        **applicant(paser_village, nik=RINA, name="Rina Wati", birth_date="05-08-2005"),
        "village_0": "64.01", "village_1": "64.01.01", "village_2": paser_village.code,
    })
    assert page.status_code == 302
    response = post(token_client(paser_staff), "/api/v1/applications/", applicant(paser_village))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["nik"] == SITI and body["district"] == "64.01" and body["cycle"] == "PKP-2026"
    assert body["status"] is None and response["Location"] == f"/api/v1/applications/{body['id']}/"

    by_page, by_api = Application.objects.get(person__nik=RINA), Application.objects.get(person__nik=SITI)
    # Each gets its own random registration number; everything else is the same.
    assert by_page.registration_number and by_api.registration_number == body["registration_number"]
    ignore = ("person_id", "created_at", "registration_number")
    assert _row(by_page, *ignore) == _row(by_api, *ignore)
    person_fields = ("nik", "name", "birth_date", "created_at", "updated_at")
    assert _row(by_page.person, *person_fields) == _row(by_api.person, *person_fields)
    page_event, api_event = (AuditEvent.objects.get(action__startswith="application.", target_id=str(a.pk))
                             for a in (by_page, by_api))
    assert (page_event.action, page_event.actor, page_event.regency_code) == (
        api_event.action, api_event.actor, api_event.regency_code) == ("application.register", paser_staff, "64.01")
    person_keys = {"nik", "name", "birth_date"}
    assert ({k: v for k, v in page_event.after.items() if k not in person_keys}
            == {k: v for k, v in api_event.after.items() if k not in person_keys})
    assert AuditEvent.objects.filter(action__startswith="application.").count() == 2


def test_the_api_refuses_what_the_form_refuses_naming_the_field(paser_staff, paser_village, open_cycle):
    api = token_client(paser_staff)
    response = post(api, "/api/v1/applications/", applicant(paser_village, nik="123", birth_date="31-02-2005",
                                                            village="64.01.01.9999"))
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert {"nik", "birth_date", "village"} <= set(response.json()["errors"])
    assert post(api, "/api/v1/applications/", applicant(paser_village)).status_code == 201
    again = post(api, "/api/v1/applications/", applicant(paser_village), HTTP_ACCEPT_LANGUAGE="en")
    assert again.status_code == 400
    assert again.json()["errors"] == {"cycle": ["This NIK already has an application to PKP-2026."]}
    assert Application.objects.count() == 1 and Person.objects.count() == 1


def test_a_closed_registration_is_refused_as_on_the_page(paser_staff, paser_village):
    ProgramCycleFactory(code="PKP-2026", registration_closes=timezone.localdate() - timedelta(days=1))
    response = post(token_client(paser_staff), "/api/v1/applications/", applicant(paser_village))
    assert response.status_code == 400 and "cycle" in response.json()["errors"]
    assert not Application.objects.exists()


def test_a_paser_token_cannot_register_into_bantaeng(paser_staff, bantaeng_village, open_cycle):
    response = post(token_client(paser_staff), "/api/v1/applications/",
                    applicant(bantaeng_village, nik="7303015708050001"))
    assert response.status_code == 400 and "village" in response.json()["errors"]
    assert not Application.objects.exists()


def test_registering_needs_the_registration_capability(paser_official, paser_village, open_cycle):
    response = post(token_client(paser_official), "/api/v1/applications/", applicant(paser_village))
    assert response.status_code == 403
    assert not Application.objects.exists()


def test_a_body_that_is_not_json_is_a_400(paser_staff):
    response = token_client(paser_staff).post("/api/v1/applications/", "{nope", content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "parse_error"


# --- decisions -------------------------------------------------------------------------------


def test_deciding_through_the_api_is_the_pages_decision(paser_staff, paser_application):
    api = token_client(paser_staff)
    response = post(api, f"/api/v1/applications/{paser_application.pk}/decision/",
                    {"decision": "REJECTED", "note": "Masih bersekolah"})
    assert response.status_code == 200, response.content
    assert response.json()["decision"] == "REJECTED" and response.json()["decision_note"] == "Masih bersekolah"
    result = EligibilityResult.objects.get(application=paser_application)
    assert result.decided_by == paser_staff
    event = AuditEvent.objects.get(action="application.decide")
    assert event.actor == paser_staff and event.after["decision"] == "REJECTED"


def test_a_decision_needs_a_note_and_a_known_decision(paser_staff, paser_application):
    api = token_client(paser_staff)
    response = post(api, f"/api/v1/applications/{paser_application.pk}/decision/", {"decision": "MAYBE"})
    assert response.status_code == 400 and set(response.json()["errors"]) == {"decision", "note"}
    assert not AuditEvent.objects.filter(action="application.decide").exists()


def test_nobody_decides_another_districts_application(paser_staff, bantaeng_application):
    response = post(token_client(paser_staff), f"/api/v1/applications/{bantaeng_application.pk}/decision/",
                    {"decision": "APPROVED", "note": "x"})
    assert response.status_code == 404
    assert not EligibilityResult.objects.filter(application=bantaeng_application).exists()


def test_an_official_may_not_decide(paser_official, paser_application):
    response = post(token_client(paser_official), f"/api/v1/applications/{paser_application.pk}/decision/",
                    {"decision": "APPROVED", "note": "x"})
    assert response.status_code == 403

