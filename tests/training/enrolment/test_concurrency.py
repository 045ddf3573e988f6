"""Enrolment holds under concurrency (issue 4, "Done when"): many BLK admins pressing Enrol at
the same moment, each request on its own PostgreSQL connection, never fill more seats than the
batch or the district quota has.

These tests commit for real (transaction=True): the row locks only matter between separate
connections, which a test wrapped in one transaction would never have."""

import threading

import pytest
from django.db import connection
from django.utils import translation

from programs.models import CycleQuota
from tests.training.factories import UpcomingBatchFactory as BatchFactory
from training.enrolment.services import EnrolmentRefused, enrolment_create
from training.models import Enrolment

pytestmark = pytest.mark.django_db(transaction=True)

ATTEMPTS = 50


def _free_connections() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_connections")
        maximum = int(cursor.fetchone()[0])
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'")
        return maximum - cursor.fetchone()[0]


def _enrol_all_at_once(pairs, *, by) -> tuple[list[Enrolment], list[str], list[BaseException]]:
    """Run enrolment_create for every (batch, application) pair in its own thread and database
    connection, all released together by a barrier. Returns (enrolments, refusals, errors)."""
    assert _free_connections() > len(pairs) + 2, "PostgreSQL has too few free connections for this test"
    barrier = threading.Barrier(len(pairs))
    lock = threading.Lock()
    enrolments, refusals, errors = [], [], []

    def attempt(batch, application):
        try:
            with translation.override("en"):
                # Open the connection before the barrier, so all attempts really start together.
                connection.ensure_connection()
                barrier.wait(timeout=60)
                try:
                    enrolment = enrolment_create(
                        batch=batch, application=application, by=by, note="Concurrency test: every seat counts"
                    )
                except EnrolmentRefused as refused:
                    with lock:
                        refusals.append(refused.message)
                else:
                    with lock:
                        enrolments.append(enrolment)
        except BaseException as error:
            with lock:
                errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=pair) for pair in pairs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "an enrolment attempt hung"
    return enrolments, refusals, errors


def test_fifty_simultaneous_enrolments_into_sixteen_seats_end_with_sixteen(
    psk, paser_provider, make_applicant, paser_blk_admin
):
    CycleQuota.objects.filter(cycle=psk, regency_id="64.01").update(initial_quota=ATTEMPTS)
    batch = BatchFactory(cycle=psk, provider=paser_provider, name="Angkatan Barista 1", capacity=16)
    applications = [make_applicant(psk, registered_minutes=i) for i in range(ATTEMPTS)]

    enrolments, refusals, errors = _enrol_all_at_once([(batch, a) for a in applications], by=paser_blk_admin)

    assert errors == []
    assert len(enrolments) == 16
    assert Enrolment.objects.filter(batch=batch, status__in=Enrolment.SEAT_HOLDING).count() == 16
    assert refusals == ["Angkatan Barista 1 is full (16 of 16 seats)."] * 34


def test_simultaneous_enrolments_into_two_batches_stop_at_the_district_quota(
    psk, paser_provider, make_applicant, paser_blk_admin
):
    # Paser's quota is 4 (the §2 example); each batch alone would have room for everyone.
    morning = BatchFactory(cycle=psk, provider=paser_provider, capacity=16)
    afternoon = BatchFactory(cycle=psk, provider=paser_provider, capacity=16)
    applications = [make_applicant(psk, registered_minutes=i) for i in range(20)]
    pairs = [(morning if i % 2 else afternoon, application) for i, application in enumerate(applications)]

    enrolments, refusals, errors = _enrol_all_at_once(pairs, by=paser_blk_admin)

    assert errors == []
    assert len(enrolments) == 4
    assert Enrolment.objects.filter(cycle=psk, regency_id="64.01", status__in=Enrolment.SEAT_HOLDING).count() == 4
    assert refusals == ["Kabupaten Paser has used all 4 seats of its quota for PSK-2026."] * 16
