import datetime

import pytest
from django.urls import reverse

from tests.participants.factories import ApplicationFactory, PersonFactory
from tests.training.factories import BatchFactory, BatchSessionFactory, EnrolmentFactory
from training.models import Attendance, Enrolment
from verification.models import EligibilityResult

pytestmark = pytest.mark.django_db


@pytest.fixture
def person_with_path(paser_batch, paser_staff, paser_blk_admin):
    """Andi of the Paser batch: eligible, approved by staff, present at 2 of 3 recorded sessions,
    completed, kompeten, BNSP certificate; and an earlier application whose seat was withdrawn."""
    andi = Enrolment.objects.select_related("application__person").get(
        batch=paser_batch, application__person__name="Andi Saputra")
    EligibilityResult.objects.create(application=andi.application, status="ELIGIBLE", decision="APPROVED",
                                     decided_by=paser_staff, decision_note="ok")
    for session, status in zip(paser_batch.sessions.order_by("starts_at"), ["hadir", "hadir", "sakit"], strict=False):
        Attendance.objects.create(session=session, enrolment=andi, status=status, recorded_by=paser_blk_admin)
    Enrolment.objects.filter(pk=andi.pk).update(
        status="completed", completed_on=datetime.date(2026, 8, 28), assessment="kompeten",
        assessed_on=datetime.date(2026, 8, 28), certificate_number="BNSP-TB-0001", certificate_issuer="BNSP",
        certificate_expires_on=datetime.date(2029, 8, 28),
    )
    earlier_batch = BatchFactory(provider=paser_batch.provider, name="Barista Angkatan Lama")
    earlier = ApplicationFactory(person=andi.application.person)
    EnrolmentFactory(batch=earlier_batch, application=earlier, status="withdrawn", end_reason="Pindah domisili")
    return andi.application.person


def person_url(person):
    return reverse("participants:person-detail", args=[person.pk])


def test_person_page_shows_the_whole_training_path(client, paser_staff, person_with_path, paser_batch):
    client.force_login(paser_staff)
    response = client.get(person_url(person_with_path))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Training path" in html
    for text in ("Eligible", "Staff decision", "Approved", "Tata Boga Angkatan 1", "UPTD BLK Kabupaten Paser",
                 "present at 2 of 3 sessions held (67%)", "completed on", "Competent (kompeten)",
                 "BNSP-TB-0001", "valid until", "Barista Angkatan Lama", "Withdrawn: Pindah domisili"):
        assert text in html, text
    # The batch is linked (its page, or its attendance until the batch page exists).
    assert f'href="/training/batches/{paser_batch.pk}/' in html


def test_drop_out_reason_is_on_the_path(client, paser_staff, paser_batch):
    budi = Enrolment.objects.get(batch=paser_batch, application__person__name="Budi Santoso")
    Enrolment.objects.filter(pk=budi.pk).update(status="dropped_out", end_reason="Diterima bekerja")
    client.force_login(paser_staff)
    html = client.get(person_url(budi.application.person)).content.decode()
    assert "dropped out: Diterima bekerja" in html
    assert "no session recorded yet" in html


def test_application_without_a_seat_says_so(client, paser_staff, paser):
    person = PersonFactory(name="Gita Menunggu")
    ApplicationFactory(person=person)
    client.force_login(paser_staff)
    assert "Not placed in a batch yet." in client.get(person_url(person)).content.decode()


def test_person_page_stays_scoped_to_the_district(client, bantaeng_staff, person_with_path):
    client.force_login(bantaeng_staff)
    assert client.get(person_url(person_with_path)).status_code == 404


def test_person_page_query_count_does_not_grow_with_the_path(
    client, paser_staff, person_with_path, paser_batch, paser_blk_admin, django_assert_max_num_queries
):
    # Three more applications, each with a seat and recorded attendance in its own batch.
    for n in range(3):
        batch = BatchFactory(provider=paser_batch.provider, name=f"Angkatan Tambahan {n}",
                             start_date=datetime.date(2026, 9, 1 + 7 * n),
                             end_date=datetime.date(2026, 9, 5 + 7 * n))
        session = BatchSessionFactory(batch=batch, day=datetime.date(2026, 9, 1 + 7 * n))
        enrolment = EnrolmentFactory(batch=batch, application=ApplicationFactory(person=person_with_path),
                                     status="dropped_out", end_reason="Sakit")
        Attendance.objects.create(session=session, enrolment=enrolment, status="hadir", recorded_by=paser_blk_admin)
    client.force_login(paser_staff)
    # The applications table and the training-path panel (registered by training) each read the
    # applications once, the panel also the trainings reported by providers; none grows with the path.
    # The grants panel (registered by grants) adds two fixed reads: the person's grants and outcome;
    # the same NIK's applications in other districts (named by district and cycle only) one more,
    # and the desa's name one more.
    with django_assert_max_num_queries(16):
        response = client.get(person_url(person_with_path))
    assert response.status_code == 200
    html = response.content.decode()
    # Every seat of the path is on the page: the two of the fixture and the three added, each
    # added one with its attendance and drop-out reason.
    assert html.count('data-enrolment="') == 5
    for text in ("Tata Boga Angkatan 1", "Barista Angkatan Lama", "Angkatan Tambahan 0", "Angkatan Tambahan 1",
                 "Angkatan Tambahan 2"):
        assert text in html, text
    assert html.count("present at 1 of 1 sessions held (100%)") == 3
    assert html.count("dropped out: Sakit") == 3
