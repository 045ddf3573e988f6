"""Hostile addresses and files that used to end as a 500 (issue 9): each now answers the
portal's own 400 page, or refuses the file with a clear message."""

import io
import json

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from accounts.roles import Role
from programs.models import ProgramCycle
from tests.factories import UserFactory
from tests.programs.factories import ProgramCycleFactory
from tests.training.factories import InstructorFactory

pytestmark = pytest.mark.django_db

BAD_REQUEST_TITLE = "Permintaan tidak valid"


@pytest.fixture
def staff_client(client, paser_staff):
    client.force_login(paser_staff)
    return client


def assert_portal_400(response):
    assert response.status_code == 400
    page = response.content.decode()
    assert BAD_REQUEST_TITLE in page
    assert "Traceback" not in page
    assert 'href="/"' in page or reverse("core:dashboard") in page  # the portal's own page, with its menu


@pytest.mark.parametrize("url", [
    "/participants/?q=%00",
    "/participants/?q=Siti%00Aminah",
    "/regions/subdistricts/?regency=64.01%00",
    "/regions/villages/?subdistrict=%0064.01.01",
    "/grants/proposals/?q=%00",
])
def test_a_nul_in_a_search_or_region_parameter_answers_400(staff_client, url):
    assert_portal_400(staff_client.get(url))


@pytest.mark.parametrize("name", [
    "programs:cycle-detail", "programs:cycle-edit", "verification:cycle-detail", "verification:application-list",
    "verification:cycle-export", "training:reallocation", "training:quota-ledger",
])
def test_a_nul_in_a_cycle_code_answers_400(staff_client, name):
    ProgramCycleFactory(code="PKP-2026")
    path = reverse(name, kwargs={"code": "PKP-2026"}).replace("PKP-2026", "PKP%00-2026")
    assert_portal_400(staff_client.get(path))


def test_a_nul_answers_400_to_an_anonymous_visitor_too(client):
    assert client.get("/programs/cycles/A%00B/").status_code == 400


@pytest.mark.parametrize("query", ["view=month&month=9999-12", "view=week&week=0001-W01", "view=week&week=9999-12-31",
                                   "month=0001-01", "view=week&week=0001-01-01"])
def test_a_calendar_date_outside_the_calendar_answers_400(client, paser_provider, paser_blk_admin, query):
    client.force_login(paser_blk_admin)
    instructor = InstructorFactory(provider=paser_provider)
    for name, pk in (("training:provider-calendar", paser_provider.pk),
                     ("training:instructor-calendar", instructor.pk)):
        assert_portal_400(client.get(reverse(name, kwargs={"pk": pk}) + "?" + query))


def test_a_readable_calendar_month_still_shows_and_a_mistyped_one_falls_back(client, paser_provider, paser_blk_admin):
    client.force_login(paser_blk_admin)
    url = reverse("training:provider-calendar", kwargs={"pk": paser_provider.pk})
    assert client.get(url + "?month=2999-12").status_code == 200
    assert client.get(url + "?month=2026-13").status_code == 200
    assert client.get(url + "?view=week&week=kemarin").status_code == 200


def nested(depth: int) -> bytes:
    return ('{"programs": ' + "[" * depth + "]" * depth + "}").encode()


@pytest.mark.parametrize("depth", [20, 100_000])
def test_a_deeply_nested_catalog_upload_is_refused_with_a_clear_message(client, paser, depth):
    admin = UserFactory(role=Role.SYSTEM_ADMIN, is_superuser=True)
    client.force_login(admin)
    upload = SimpleUploadedFile("katalog.json", nested(depth), content_type="application/json")
    response = client.post(reverse("programs:catalog-import"), {"file": upload})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Berkas ini menumpuk daftar dan objek lebih dari 10 tingkat" in page
    assert not ProgramCycle.objects.exists()


def test_a_deeply_nested_yaml_catalog_is_refused_by_the_command(tmp_path):
    path = tmp_path / "katalog.yaml"
    path.write_text("programs: " + "[" * 50_000 + "]" * 50_000 + "\n", encoding="utf-8")
    with pytest.raises(CommandError, match="lebih dari 10 tingkat"):
        call_command("import_programs", str(path), stdout=io.StringIO())


def test_a_deeply_nested_json_catalog_is_refused_by_the_command_as_json(tmp_path):
    path = tmp_path / "katalog.json"
    path.write_bytes(nested(200_000))
    out = io.StringIO()
    with pytest.raises(SystemExit):
        call_command("import_programs", str(path), "--json", stdout=out)
    assert "10" in json.loads(out.getvalue())["error"]


def test_the_400_page_is_in_english_for_who_chose_english(staff_client):
    staff_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = staff_client.get("/participants/?q=%00")
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()


def test_a_nul_in_a_posted_form_answers_400_and_saves_nothing(client):
    admin = UserFactory(role=Role.SYSTEM_ADMIN, is_superuser=True, is_staff=True)
    client.force_login(admin)
    response = client.post("/admin/accounts/user/add/", {"username": "nul\x00user", "password1": "x", "password2": "x"})
    assert_portal_400(response)
    response = client.post(reverse("programs:cycle-create"), {"code": "PKP\x002026", "program": "Pelatihan"})
    assert_portal_400(response)
    assert not ProgramCycle.objects.exists()
