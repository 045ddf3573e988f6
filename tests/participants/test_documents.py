import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from audit.models import AuditEvent
from participants.models import Document

from .factories import ApplicationFactory

pytestmark = pytest.mark.django_db

SMALL_PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def application(paser_village, cycle):
    return ApplicationFactory(cycle=cycle)


def upload(client, application, name, content, kind="ktp"):
    return client.post(reverse("participants:application-documents", args=[application.pk]),
                       {"kind": kind, "file": SimpleUploadedFile(name, content, content_type="application/pdf")})


def test_documents_page_states_the_size_limit(english, paser_staff, application):
    english.force_login(paser_staff)
    page = english.get(reverse("participants:application-documents", args=[application.pk])).content.decode()
    assert "PDF, JPEG or PNG, up to 5.0\xa0MB" in page


@pytest.mark.parametrize("content", [b"MZ\x90\x00\x03\x00\x00\x00program", b"just some text\n"])
def test_a_renamed_file_is_refused_by_its_content(english, paser_staff, application, media_root, content):
    english.force_login(paser_staff)
    response = upload(english, application, "ktp.pdf", content)
    assert response.status_code == 200
    assert "This file is not a PDF, JPEG or PNG" in response.content.decode()
    assert not Document.objects.exists()


def test_an_oversize_document_is_refused(english, paser_staff, application, media_root, settings):
    settings.DOCUMENT_MAX_UPLOAD_BYTES = 100
    english.force_login(paser_staff)
    response = upload(english, application, "ktp.pdf", SMALL_PDF + b" " * 200)
    assert "documents up to 100\xa0bytes are accepted" in response.content.decode()
    assert not Document.objects.exists()


def test_a_small_pdf_is_stored_audited_and_downloadable(english, paser_staff, application, media_root):
    english.force_login(paser_staff)
    response = upload(english, application, "KTP Siti.pdf", SMALL_PDF)
    assert response.status_code == 302
    document = Document.objects.get()
    assert document.content_type == "application/pdf"
    assert document.original_name == "KTP Siti.pdf"
    assert str(media_root) in document.file.path
    assert AuditEvent.objects.filter(action="document.upload", target_id=str(document.pk)).exists()

    download = english.get(reverse("participants:document-download", args=[document.pk]))
    assert download.status_code == 200
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content) == SMALL_PDF


def test_a_png_is_accepted(english, paser_staff, application, media_root):
    english.force_login(paser_staff)
    response = upload(english, application, "kk.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, kind="kk")
    assert response.status_code == 302
    assert Document.objects.get().content_type == "image/png"


def test_another_districts_staff_gets_404(client, paser_staff, bantaeng_staff, application, media_root):
    client.force_login(paser_staff)
    upload(client, application, "ktp.pdf", SMALL_PDF)
    document = Document.objects.get()
    client.force_login(bantaeng_staff)
    assert client.get(reverse("participants:document-download", args=[document.pk])).status_code == 404
    assert client.get(reverse("participants:application-documents", args=[application.pk])).status_code == 404
    response = upload(client, application, "ktp.pdf", SMALL_PDF)
    assert response.status_code == 404
    assert Document.objects.count() == 1


@pytest.mark.parametrize("name, content, expected", [
    ("x.html", SMALL_PDF, "x.pdf"),
    ("KTP Siti.exe", SMALL_PDF, "KTP Siti.pdf"),
    ("kk.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, "kk.png"),
    ("foto", b"\xff\xd8\xff\xe0" + b"\x00" * 20, "foto.jpg"),
])
def test_a_document_downloads_with_the_extension_of_its_checked_type(
    english, paser_staff, application, media_root, name, content, expected
):
    english.force_login(paser_staff)
    upload(english, application, name, content)
    document = Document.objects.get()

    download = english.get(reverse("participants:document-download", args=[document.pk]))

    assert download["Content-Disposition"] == f'attachment; filename="{expected}"'
    assert download["Content-Type"] == document.content_type
