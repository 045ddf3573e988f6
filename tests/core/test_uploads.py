"""core.uploads.upload_limit on every view that receives a file: an oversize file is refused
with the portal's message while the body is read (not kept, not a bare 413), and the view still
checks the CSRF token although the middleware leaves it to the view."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from core.models import Job
from core.uploads import upload_limit
from participants.models import Document
from programs.forms import CATALOG_MAX_BYTES
from programs.models import ProgramCycle
from tests.participants.factories import ApplicationFactory, ProgramCycleFactory
from verification.models import DtksSnapshot

pytestmark = pytest.mark.django_db

SMALL_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def application(paser_village):
    return ApplicationFactory(cycle=ProgramCycleFactory(code="PKP-2026"))


# name, url arguments, the setting that holds the limit (None: CATALOG_MAX_BYTES), the fields
# the page sends before the file, the file's name, the message, and what must not be created.
UPLOAD_VIEWS = {
    "applicant import": (
        "participants:applicant-import", False, "IMPORT_MAX_UPLOAD_BYTES", {}, "pendaftar.csv",
        "The file is larger than 1.0\xa0KB; files up to 1.0\xa0KB can be imported.", Job,
    ),
    "DTKS snapshot": (
        "verification:snapshot-upload", False, "IMPORT_MAX_UPLOAD_BYTES", {"snapshot_date": "01-06-2026"},
        "dtks.csv", "The file is larger than 1.0\xa0KB; files up to 1.0\xa0KB can be imported.", DtksSnapshot,
    ),
    "document": (
        "participants:application-documents", True, "DOCUMENT_MAX_UPLOAD_BYTES", {"kind": "ktp"}, "ktp.pdf",
        "The file is larger than 1.0\xa0KB; documents up to 1.0\xa0KB are accepted.", Document,
    ),
    "program catalog": (
        "programs:catalog-import", False, None, {}, "catalog.json", "The file is larger than 2 MB.", ProgramCycle,
    ),
}


def _url(name, with_application, application):
    return reverse(name, args=[application.pk]) if with_application else reverse(name)


def _csrf_client(user):
    client = Client(enforce_csrf_checks=True)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(user)
    return client


@pytest.mark.parametrize("view", UPLOAD_VIEWS)
def test_an_oversize_upload_is_refused_while_reading_with_the_portals_message(
    view, paser_staff, application, media_root, settings
):
    name, with_application, setting, fields, file_name, message, model = UPLOAD_VIEWS[view]
    limit = CATALOG_MAX_BYTES
    if setting:
        limit = 1024
        setattr(settings, setting, limit)
    before = model.objects.count()
    client = _csrf_client(paser_staff)
    url = _url(name, with_application, application)
    client.get(url)
    response = client.post(url, {
        "csrfmiddlewaretoken": client.cookies["csrftoken"].value, **fields,
        "file": SimpleUploadedFile(file_name, SMALL_PDF + b" " * limit),
    })
    assert response.status_code == 200
    # The handler stopped the reading: the file never reached the form.
    assert response.wsgi_request.upload_over_limit is True
    assert "file" not in response.wsgi_request.FILES
    assert message in response.content.decode().replace("&#x27;", "'")
    assert model.objects.count() == before
    assert not (media_root / "imports").exists() or not any((media_root / "imports").iterdir())


@pytest.mark.parametrize("view", UPLOAD_VIEWS)
def test_an_upload_without_the_csrf_token_is_refused(view, paser_staff, application, media_root):
    name, with_application, _setting, fields, file_name, _message, model = UPLOAD_VIEWS[view]
    before = model.objects.count()
    client = _csrf_client(paser_staff)
    response = client.post(_url(name, with_application, application),
                           {**fields, "file": SimpleUploadedFile(file_name, SMALL_PDF)})
    assert response.status_code == 403
    assert model.objects.count() == before


def test_a_small_upload_with_the_token_goes_through(paser_staff, application, media_root):
    client = _csrf_client(paser_staff)
    url = reverse("participants:application-documents", args=[application.pk])
    client.get(url)
    response = client.post(url, {"csrfmiddlewaretoken": client.cookies["csrftoken"].value, "kind": "ktp",
                                 "file": SimpleUploadedFile("ktp.pdf", SMALL_PDF, content_type="application/pdf")})
    assert response.status_code == 302
    assert Document.objects.count() == 1


def test_the_limit_is_a_number_or_a_setting_read_at_each_request(rf, settings):
    seen = []

    def view(request):
        seen.append(request.upload_limit)
        return HttpResponse()

    by_number, by_setting = upload_limit(10)(view), upload_limit("IMPORT_MAX_UPLOAD_BYTES")(view)
    assert by_number.csrf_exempt and by_setting.csrf_exempt  # the middleware leaves the check to the view
    settings.IMPORT_MAX_UPLOAD_BYTES = 77
    for wrapped in (by_number, by_setting):
        request = rf.get("/")
        wrapped(request)
    assert seen == [10, 77]
