"""batch_save keeps sessions and instructor bookings in step, and the database refuses double
booking even when nothing checked first."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from audit.models import AuditEvent
from tests.training.factories import (
    BatchFactory,
    BatchSessionFactory,
    EnrolmentFactory,
    local_datetime,
)
from training.courses.services import BatchSaveError, batch_save
from training.models import Attendance, BatchSession, InstructorBooking

from .conftest import AUG_10

pytestmark = pytest.mark.django_db

AUG_11 = datetime.date(2026, 8, 11)
AUG_12 = datetime.date(2026, 8, 12)


def save(user, provider, workshop, *, batch=None, instructors=(), spans=(), cycle=None, package=None, **overrides):
    values = {
        "by": user, "provider": provider, "batch": batch, "cycle": cycle or batch.cycle,
        "package": package or batch.package, "workshop": workshop, "name": "Angkatan 3",
        "start_date": AUG_10, "end_date": datetime.date(2026, 8, 28), "capacity": 16,
        "instructors": list(instructors), "sessions": list(spans),
    }
    values.update(overrides)
    return batch_save(**values)


def span(day, start, end):
    return local_datetime(day, start), local_datetime(day, end)


@pytest.fixture
def new(cycle, menjahit, paser_blk_admin, paser_provider):
    """save() for a new batch of the Paser BLK."""
    def make(workshop, **kwargs):
        return save(paser_blk_admin, paser_provider, workshop, cycle=cycle, package=menjahit, **kwargs)
    return make


def test_sessions_and_bookings_are_instructors_times_sessions(new, ruang_jahit, budi, siti):
    batch = new(ruang_jahit, instructors=[budi, siti], spans=[span(AUG_10, 8, 12), span(AUG_11, 8, 12)])
    assert batch.sessions.count() == 2
    assert set(batch.sessions.values_list("workshop", flat=True)) == {ruang_jahit.pk}
    assert InstructorBooking.objects.filter(session__batch=batch).count() == 4
    event = AuditEvent.objects.get(action="batch.create")
    assert event.after["instructors"] == sorted([budi.pk, siti.pk]) and len(event.after["sessions"]) == 2
    assert event.regency_code == "64.01"


def test_editing_keeps_unchanged_sessions_and_rebuilds_bookings(new, ruang_jahit, bengkel_las, budi, siti,
                                                                paser_blk_admin, paser_provider):
    batch = new(ruang_jahit, instructors=[budi], spans=[span(AUG_10, 8, 12), span(AUG_11, 8, 12)])
    kept = batch.sessions.get(starts_at=local_datetime(AUG_10, 8))
    save(paser_blk_admin, paser_provider, bengkel_las, batch=batch, instructors=[siti],
         spans=[span(AUG_10, 8, 12), span(AUG_12, 13, 16)])
    assert list(batch.sessions.values_list("starts_at", flat=True)) == [
        local_datetime(AUG_10, 8), local_datetime(AUG_12, 13),
    ]
    assert batch.sessions.filter(pk=kept.pk, workshop=bengkel_las).exists()
    assert set(InstructorBooking.objects.filter(session__batch=batch).values_list("instructor", flat=True)) == {siti.pk}
    assert AuditEvent.objects.filter(action="batch.update", target_id=str(batch.pk)).exists()


def test_a_session_with_attendance_is_not_removed(new, ruang_jahit, paser_blk_admin, paser_provider):
    batch = new(ruang_jahit, spans=[span(AUG_10, 8, 12), span(AUG_11, 8, 12)])
    enrolment = EnrolmentFactory(batch=batch)
    session = batch.sessions.get(starts_at=local_datetime(AUG_10, 8))
    Attendance.objects.create(session=session, enrolment=enrolment, status="hadir", recorded_by=paser_blk_admin)
    with translation.override("en"), pytest.raises(BatchSaveError, match="Attendance is already recorded"):
        save(paser_blk_admin, paser_provider, ruang_jahit, batch=batch, spans=[span(AUG_11, 8, 12)])
    assert Attendance.objects.filter(session=session).exists()


def test_capacity_above_the_workshop_is_refused(new, ruang_jahit):
    with translation.override("en"), pytest.raises(BatchSaveError, match="Ruang Jahit holds 18"):
        new(ruang_jahit, capacity=19, spans=[span(AUG_10, 8, 12)])


def test_a_concurrent_double_booking_is_a_message_not_a_traceback(new, angkatan_2, ruang_jahit, budi):
    # The form's check passed in another request; here batch_save meets the constraint itself.
    with translation.override("en"), pytest.raises(BatchSaveError) as refused:
        new(ruang_jahit, instructors=[budi], spans=[span(AUG_12, 10, 14)])
    assert refused.value.messages == [
        "Instructor Budi already teaches Angkatan 2 (Menjahit) on 12 Aug 2026 08:00–12:00."
    ]
    assert not BatchSession.objects.filter(workshop=ruang_jahit).exists()


def test_a_concurrent_workshop_double_booking_names_the_workshop(new, angkatan_2, bengkel_las):
    with translation.override("en"), pytest.raises(BatchSaveError) as refused:
        new(bengkel_las, spans=[span(AUG_10, 11, 13)])
    assert refused.value.messages == [
        "Workshop Bengkel Las is used by Angkatan 2 (Menjahit) on 10 Aug 2026 08:00–12:00."
    ]


def test_the_database_refuses_an_overlapping_workshop_session(angkatan_2, bengkel_las):
    other = BatchFactory(provider=angkatan_2.provider, workshop=bengkel_las)
    with pytest.raises(IntegrityError, match="no_workshop_double_booking"), transaction.atomic():
        BatchSession.objects.create(batch=other, workshop=bengkel_las, starts_at=local_datetime(AUG_10, 11),
                                    ends_at=local_datetime(AUG_10, 13))


def test_the_database_refuses_an_overlapping_instructor_booking(angkatan_2, ruang_jahit, budi):
    other = BatchFactory(provider=angkatan_2.provider, workshop=ruang_jahit)
    session = BatchSessionFactory(batch=other, day=AUG_10, start_hour=9, end_hour=10)
    with pytest.raises(IntegrityError, match="no_instructor_double_booking"), transaction.atomic():
        InstructorBooking.objects.create(session=session, instructor=budi, starts_at=session.starts_at,
                                         ends_at=session.ends_at)


def test_the_database_lets_sessions_touch(angkatan_2, bengkel_las, budi):
    other = BatchFactory(provider=angkatan_2.provider, workshop=bengkel_las)
    session = BatchSessionFactory(batch=other, day=AUG_10, start_hour=12, end_hour=16)
    InstructorBooking.objects.create(session=session, instructor=budi, starts_at=session.starts_at,
                                     ends_at=session.ends_at)
    assert BatchSession.objects.filter(workshop=bengkel_las).count() == 3
