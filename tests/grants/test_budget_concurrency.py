"""The budget is never exceeded, also when officials approve at the same moment (issue 10, "Done
when"): 30 approvals racing for a budget that fits 10, each on its own PostgreSQL connection,
released together by a barrier, end with exactly 10.

These tests commit for real (transaction=True): the scheme row's lock only matters between
separate connections, which a test wrapped in one transaction would never have."""

import threading

import pytest
from django.db import connection
from django.utils import translation

from grants.models import Grant
from grants.proposals.services import GrantRefused, grant_approve, grant_submit, grant_verify
from grants.schemes.selectors import scheme_ledger

from .factories import graduate

pytestmark = pytest.mark.django_db(transaction=True)

ATTEMPTS = 30


def _free_connections() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SHOW max_connections")
        maximum = int(cursor.fetchone()[0])
        cursor.execute("SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'")
        return maximum - cursor.fetchone()[0]


def _approve_all_at_once(grants, *, by):
    assert _free_connections() > len(grants) + 2, "PostgreSQL has too few free connections for this test"
    barrier = threading.Barrier(len(grants))
    lock = threading.Lock()
    approved, refusals, errors = [], [], []

    def attempt(grant):
        try:
            with translation.override("en"):
                connection.ensure_connection()
                barrier.wait(timeout=60)
                try:
                    result = grant_approve(grant=grant, by=by)
                except GrantRefused as refused:
                    with lock:
                        refusals.append(refused.message)
                else:
                    with lock:
                        approved.append(result)
        except BaseException as error:
            with lock:
                errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(grant,)) for grant in grants]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "an approval hung"
    return approved, refusals, errors


def test_thirty_simultaneous_approvals_for_a_budget_that_fits_ten_end_with_ten(
    cash_scheme, psk, paser_provider, propose, paser_staff, paser_staff2, paser_official
):
    # Rp15.000.000 fits ten grants of Rp1.500.000.
    cash_scheme.second_approval_above = None
    cash_scheme.save()
    grants = []
    for number in range(ATTEMPTS):
        enrolment = graduate(cycle=psk, provider=paser_provider, name=f"Lulusan {number:02d}")
        grant = grant_submit(grant=propose(cash_scheme, enrolment, amount=1_500_000), by=paser_staff)
        grants.append(grant_verify(grant=grant, by=paser_staff2))

    approved, refusals, errors = _approve_all_at_once(grants, by=paser_official)

    assert errors == []
    assert len(approved) == 10
    assert Grant.objects.filter(scheme=cash_scheme, status="approved").count() == 10
    assert Grant.objects.filter(scheme=cash_scheme, status="verified").count() == 20
    ledger = scheme_ledger(scheme=cash_scheme)
    assert (ledger.committed, ledger.remaining) == (15_000_000, 0)
    assert refusals == [
        "The budget of BST-PSR-2026 is not enough: Rp0 remains, this grant is Rp1.500.000."
    ] * 20
