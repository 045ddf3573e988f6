import datetime

import pytest
from django.urls import reverse

from core.identifiers import mask_nik
from training.models import Enrolment

from .conftest import enrol

pytestmark = pytest.mark.django_db


def sheet_url(batch):
    return reverse("training:attendance-sheet-pdf", args=[batch.pk])


def certificates_url(batch):
    return reverse("training:certificate-list-pdf", args=[batch.pk])


def assert_pdf_attachment(response, batch, prefix):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith(f'attachment; filename="{prefix}-{batch.pk}-')
    assert response.content.startswith(b"%PDF")


def test_blank_attendance_sheet_lists_the_roster_with_masked_niks(client, paser_blk_admin, paser_batch):
    enrol(paser_batch, "Eko Mundur", status=Enrolment.Status.WITHDRAWN)
    client.force_login(paser_blk_admin)
    response = client.get(sheet_url(paser_batch))
    assert_pdf_attachment(response, paser_batch, "daftar-hadir")
    assert b"tata-boga-angkatan-1" in response["Content-Disposition"].encode()
    content = response.content
    for enrolment in Enrolment.objects.filter(batch=paser_batch).select_related("application__person"):
        person = enrolment.application.person
        if enrolment.status == Enrolment.Status.WITHDRAWN:
            assert person.name.encode() not in content
        else:
            assert person.name.encode() in content
            assert mask_nik(person.nik).encode() in content
        assert person.nik.encode() not in content  # a printed sheet never carries a full NIK
    # The header: batch, provider, workshop, instructor; one column per training day (two days).
    for text in ("Tata Boga Angkatan 1", "UPTD BLK Kabupaten Paser", paser_batch.workshop.name, "Ibu Instruktur Sari",
                 "10 Aug", "11 Aug"):
        assert text.encode() in content


def test_filled_session_sheet_prints_the_recorded_marks(client, paser_blk_admin, paser_batch):
    session = paser_batch.sessions.order_by("starts_at").first()
    client.force_login(paser_blk_admin)
    data = {f"m{e.pk}": "sakit" for e in Enrolment.objects.filter(batch=paser_batch)}
    client.post(reverse("training:attendance", args=[paser_batch.pk, session.pk]), data)
    response = client.get(sheet_url(paser_batch), {"session": session.pk, "filled": "1"})
    assert_pdf_attachment(response, paser_batch, "daftar-hadir")
    assert b"Andi Saputra" in response.content
    assert b"(S)" in response.content  # the sick mark's code in a cell
    blank = client.get(sheet_url(paser_batch), {"session": session.pk})
    assert b"(S)" not in blank.content


def test_session_of_another_batch_is_not_found(client, paser_blk_admin, paser_batch, bantaeng_batch):
    client.force_login(paser_blk_admin)
    other_session = bantaeng_batch.sessions.first()
    assert client.get(sheet_url(paser_batch), {"session": other_session.pk}).status_code == 404


def test_certificate_list_shows_assessment_number_issuer_and_expiry(client, paser_blk_admin, paser_batch):
    Enrolment.objects.filter(batch=paser_batch, application__person__name="Andi Saputra").update(
        assessment="kompeten", assessed_on=datetime.date(2026, 8, 28), certificate_number="BNSP-TB-0001",
        certificate_issuer="BNSP", certificate_expires_on=datetime.date(2029, 8, 28),
    )
    client.force_login(paser_blk_admin)
    response = client.get(certificates_url(paser_batch))
    assert_pdf_attachment(response, paser_batch, "daftar-sertifikat")
    for text in ("Andi Saputra", "Budi Santoso", "Citra Lestari", "BNSP-TB-0001", "BNSP", "2029"):
        assert text.encode() in response.content


def test_pdfs_need_a_capability_and_a_visible_batch(client, no_role_user, bantaeng_blk_admin, paser_batch):
    client.force_login(no_role_user)
    assert client.get(sheet_url(paser_batch)).status_code == 403
    assert client.get(certificates_url(paser_batch)).status_code == 403
    client.force_login(bantaeng_blk_admin)
    assert client.get(sheet_url(paser_batch)).status_code == 404
    assert client.get(certificates_url(paser_batch)).status_code == 404


def test_district_staff_may_print_their_districts_batches(client, paser_staff, paser_batch):
    client.force_login(paser_staff)
    assert client.get(certificates_url(paser_batch)).status_code == 200


def test_long_batches_continue_on_more_pages(client, paser_blk_admin, paser_batch):
    from tests.training.factories import BatchSessionFactory

    for offset in range(2, 20):
        BatchSessionFactory(batch=paser_batch, day=datetime.date(2026, 8, 10) + datetime.timedelta(days=offset))
    client.force_login(paser_blk_admin)
    response = client.get(sheet_url(paser_batch))
    assert response.status_code == 200
    # 20 training days at twelve a page: the roster is printed on two pages.
    assert response.content.count(b"Andi Saputra") == 2
    assert b"29 Aug" in response.content


def test_pdf_query_count_does_not_grow_with_the_roster(
    client, paser_blk_admin, paser_batch, django_assert_max_num_queries
):
    for n in range(25):
        enrol(paser_batch, f"Peserta Tambahan {n:02d}")
    names = ["Andi Saputra", "Budi Santoso", "Citra Lestari", *(f"Peserta Tambahan {n:02d}" for n in range(25))]
    client.force_login(paser_blk_admin)
    with django_assert_max_num_queries(11):  # the certificate list's ten and the district's letterhead
        sheet = client.get(sheet_url(paser_batch), {"filled": "1"})
    assert_pdf_attachment(sheet, paser_batch, "daftar-hadir")
    with django_assert_max_num_queries(10):
        certificates = client.get(certificates_url(paser_batch))
    assert_pdf_attachment(certificates, paser_batch, "daftar-sertifikat")
    # Both print the whole roster.
    for name in names:
        assert name.encode() in sheet.content, name
        assert name.encode() in certificates.content, name
