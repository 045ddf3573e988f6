import datetime

import pytest
from django.utils import translation

from audit.models import AuditEvent
from programs.models import CycleQuota
from tests.programs.factories import ProgramCycleFactory
from tests.training.factories import UpcomingBatchFactory as BatchFactory
from training.enrolment.services import EnrolmentRefused, enrolment_create, enrolment_withdraw
from training.models import Enrolment

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_enrolling_the_first_in_line_takes_a_seat_and_is_audited_with_the_rank(
    paser_batch, make_applicant, paser_blk_admin
):
    first = make_applicant(paser_batch.cycle, desil=1)
    make_applicant(paser_batch.cycle, desil=2)

    enrolment = enrolment_create(batch=paser_batch, application=first, by=paser_blk_admin)

    assert enrolment.status == Enrolment.Status.ENROLLED
    assert (enrolment.cycle_id, enrolment.regency_id) == (first.cycle_id, "64.01")
    assert enrolment.enrolled_by == paser_blk_admin
    event = AuditEvent.objects.get(action="enrolment.create")
    assert event.after["waiting_list_rank"] == 1
    assert event.regency_code == "64.01"
    assert event.actor == paser_blk_admin


def test_a_full_batch_refuses_with_the_seat_count(psk, paser_provider, make_applicant, paser_blk_admin):
    CycleQuota.objects.filter(cycle=psk).update(initial_quota=10)
    batch = BatchFactory(cycle=psk, provider=paser_provider, name="Angkatan Barista", capacity=2)
    applicants = [make_applicant(psk, registered_minutes=i) for i in range(3)]
    for applicant in applicants[:2]:
        enrolment_create(batch=batch, application=applicant, by=paser_blk_admin)

    with pytest.raises(EnrolmentRefused) as refused:
        enrolment_create(batch=batch, application=applicants[2], by=paser_blk_admin)

    assert refused.value.message == "Angkatan Barista is full (2 of 2 seats)."
    assert Enrolment.objects.filter(batch=batch).count() == 2


def test_the_district_quota_is_shared_by_all_batches_of_the_cycle(psk, paser_provider, make_applicant, paser_blk_admin):
    first, second = (BatchFactory(cycle=psk, provider=paser_provider) for _ in range(2))
    applicants = [make_applicant(psk, registered_minutes=i) for i in range(5)]
    for i, applicant in enumerate(applicants[:4]):
        enrolment_create(batch=first if i % 2 else second, application=applicant, by=paser_blk_admin)

    with pytest.raises(EnrolmentRefused) as refused:
        enrolment_create(batch=first, application=applicants[4], by=paser_blk_admin)

    assert refused.value.message == "Kabupaten Paser has used all 4 seats of its quota for PSK-2026."


def test_a_reallocated_quota_replaces_the_initial_one(psk, paser_batch, make_applicant, paser_blk_admin):
    CycleQuota.objects.filter(cycle=psk, regency_id="64.01").update(initial_quota=4, reallocated_quota=1)
    applicants = [make_applicant(psk, registered_minutes=i) for i in range(2)]
    enrolment_create(batch=paser_batch, application=applicants[0], by=paser_blk_admin)

    with pytest.raises(EnrolmentRefused, match="all 1 seats"):
        enrolment_create(batch=paser_batch, application=applicants[1], by=paser_blk_admin)


def test_a_district_without_quota_in_the_cycle_gets_no_seat(
    psk, paser_batch, make_applicant, paser_blk_admin, tabalong
):
    applicant = make_applicant(psk, regency_code="63.09")

    with pytest.raises(EnrolmentRefused, match="no quota for this district in this cycle"):
        enrolment_create(batch=paser_batch, application=applicant, by=paser_blk_admin)


@pytest.mark.parametrize(
    ("status", "decision", "evaluated"),
    [("INELIGIBLE", None, True), ("REVIEW", None, True), ("ELIGIBLE", "REJECTED", True), (None, None, False)],
    ids=["ineligible", "review-undecided", "eligible-but-rejected", "never-evaluated"],
)
def test_only_eligible_or_approved_applications_may_take_a_seat(
    paser_batch, make_applicant, paser_blk_admin, status, decision, evaluated
):
    applicant = make_applicant(paser_batch.cycle, status=status, decision=decision, evaluated=evaluated)

    with pytest.raises(EnrolmentRefused, match="is not eligible"):
        enrolment_create(batch=paser_batch, application=applicant, by=paser_blk_admin)
    assert not Enrolment.objects.exists()


def test_staff_approval_opens_a_seat_whatever_the_automatic_status(paser_batch, make_applicant, paser_blk_admin):
    applicant = make_applicant(paser_batch.cycle, status="REVIEW", decision="APPROVED")

    enrolment_create(batch=paser_batch, application=applicant, by=paser_blk_admin)

    assert Enrolment.objects.filter(application=applicant).exists()


def test_an_application_holds_one_seat_only(psk, paser_provider, make_applicant, paser_blk_admin):
    first = BatchFactory(cycle=psk, provider=paser_provider, name="Angkatan Menjahit")
    second = BatchFactory(cycle=psk, provider=paser_provider, name="Angkatan Las")
    applicant = make_applicant(psk)
    enrolment_create(batch=first, application=applicant, by=paser_blk_admin)

    with pytest.raises(EnrolmentRefused) as refused:
        enrolment_create(batch=second, application=applicant, by=paser_blk_admin, note="moving")

    assert refused.value.message.endswith("is already enrolled in Angkatan Menjahit.")


def test_a_batch_of_another_cycle_is_refused(paser_batch, make_applicant, paser_blk_admin, paser):
    other_cycle = ProgramCycleFactory(code="LAIN-2026")
    applicant = make_applicant(other_cycle)

    with pytest.raises(EnrolmentRefused, match="applied to LAIN-2026, not to PSK-2026"):
        enrolment_create(batch=paser_batch, application=applicant, by=paser_blk_admin)


def test_enrolling_ahead_of_the_line_needs_a_reason_which_is_audited(paser_batch, make_applicant, paser_blk_admin):
    make_applicant(paser_batch.cycle, desil=1)
    second = make_applicant(paser_batch.cycle, desil=2)

    with pytest.raises(EnrolmentRefused, match="number 2 on the waiting list"):
        enrolment_create(batch=paser_batch, application=second, by=paser_blk_admin)
    enrolment_create(batch=paser_batch, application=second, by=paser_blk_admin, note="Lives next to the BLK")

    event = AuditEvent.objects.get(action="enrolment.create")
    assert event.after["waiting_list_rank"] == 2
    assert event.after["note"] == "Lives next to the BLK"


def test_withdrawal_needs_a_reason(paser_batch, make_applicant, paser_blk_admin):
    enrolment = enrolment_create(batch=paser_batch, application=make_applicant(paser_batch.cycle), by=paser_blk_admin)

    with pytest.raises(EnrolmentRefused, match="Give a reason"):
        enrolment_withdraw(enrolment=enrolment, by=paser_blk_admin, reason="  ")
    enrolment.refresh_from_db()
    assert enrolment.status == Enrolment.Status.ENROLLED


def test_withdrawal_gives_the_quota_seat_to_the_next_in_line(psk, paser_batch, make_applicant, paser_blk_admin):
    applicants = [make_applicant(psk, registered_minutes=i) for i in range(5)]
    enrolments = [enrolment_create(batch=paser_batch, application=a, by=paser_blk_admin) for a in applicants[:4]]
    with pytest.raises(EnrolmentRefused, match="used all 4 seats"):
        enrolment_create(batch=paser_batch, application=applicants[4], by=paser_blk_admin)

    withdrawn = enrolment_withdraw(enrolment=enrolments[0], by=paser_blk_admin, reason="Found a job")
    enrolment_create(batch=paser_batch, application=applicants[4], by=paser_blk_admin)

    assert withdrawn.status == Enrolment.Status.WITHDRAWN
    assert withdrawn.end_reason == "Found a job"
    assert withdrawn.ended_at is not None
    event = AuditEvent.objects.get(action="enrolment.withdraw")
    assert event.before == {"status": "enrolled"} and event.after["reason"] == "Found a job"
    assert Enrolment.objects.filter(status__in=Enrolment.SEAT_HOLDING).count() == 4


def test_a_withdrawn_enrolment_cannot_be_withdrawn_again(paser_batch, make_applicant, paser_blk_admin):
    enrolment = enrolment_create(batch=paser_batch, application=make_applicant(paser_batch.cycle), by=paser_blk_admin)
    enrolment_withdraw(enrolment=enrolment, by=paser_blk_admin, reason="Moved away")

    with pytest.raises(EnrolmentRefused, match="cannot be withdrawn"):
        enrolment_withdraw(enrolment=enrolment, by=paser_blk_admin, reason="again")
    assert AuditEvent.objects.filter(action="enrolment.withdraw").count() == 1


def test_someone_who_withdrew_can_be_enrolled_again_with_a_reason(psk, paser_provider, make_applicant, paser_blk_admin):
    first = BatchFactory(cycle=psk, provider=paser_provider)
    second = BatchFactory(cycle=psk, provider=paser_provider)
    applicant = make_applicant(psk)
    enrolment_withdraw(
        enrolment=enrolment_create(batch=first, application=applicant, by=paser_blk_admin),
        by=paser_blk_admin, reason="Moves to the afternoon batch",
    )

    with pytest.raises(EnrolmentRefused, match="not on the waiting list"):
        enrolment_create(batch=second, application=applicant, by=paser_blk_admin)
    enrolment_create(batch=second, application=applicant, by=paser_blk_admin, note="Moved from the morning batch")

    assert Enrolment.objects.filter(application=applicant, status="enrolled", batch=second).exists()


def test_enrolling_into_a_batch_that_has_ended_needs_a_reason_which_is_audited(
    psk, paser_provider, make_applicant, paser_blk_admin
):
    from tests.training.factories import BatchFactory as EndedBatchFactory

    ended = EndedBatchFactory(cycle=psk, provider=paser_provider, name="Angkatan Lama",
                              start_date=datetime.date(2025, 8, 1), end_date=datetime.date(2025, 8, 20))
    applicant = make_applicant(psk)
    with pytest.raises(EnrolmentRefused) as refused:
        enrolment_create(batch=ended, application=applicant, by=paser_blk_admin)
    assert refused.value.message.startswith("Angkatan Lama ended on")
    assert not Enrolment.objects.exists()

    enrolment_create(batch=ended, application=applicant, by=paser_blk_admin, note="Dicatat dari daftar hadir kertas")
    event = AuditEvent.objects.get(action="enrolment.create")
    assert event.after["batch_ended"] is True
    assert event.after["note"] == "Dicatat dari daftar hadir kertas"
