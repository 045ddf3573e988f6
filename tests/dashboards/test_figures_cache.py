"""The dashboards' figures cache (dashboards/figures_cache.py): a repeated question is answered
from the cache in one query, and any write to the data, whatever the code path (a model save, a
queryset update, raw SQL), shows on the next request. Outside a transaction, as a web request."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from dashboards.facts import breakdown_counts
from dashboards.indicators import indicators_compute
from programs.models import DistrictTarget, ProgramCycle
from tests.participants.factories import ApplicationFactory, PersonFactory

from .conftest import YEAR

pytestmark = pytest.mark.django_db(transaction=True)


def _count(action):
    with CaptureQueriesContext(connection) as queries:
        result = action()
    return result, len(queries.captured_queries)


def _paser(report):
    return next(d for d in report.districts if d.region == "64.01")


def test_a_repeat_is_answered_from_the_cache_and_a_write_shows_at_once(world, paser):
    cache.clear()
    first, computed = _count(lambda: indicators_compute(year=YEAR))
    again, cached = _count(lambda: indicators_compute(year=YEAR))
    assert again.as_dict() == first.as_dict() and _paser(again).applicants == 8
    assert cached == 1 < computed  # only the data version is read

    # A new applicant (a model save) counts on the next request.
    cycle = ProgramCycle.objects.get(code="A-2025")
    ApplicationFactory(person=PersonFactory(regency=paser), cycle=cycle, regency=paser)
    assert _paser(indicators_compute(year=YEAR)).applicants == 9

    # A queryset update (no save(), no signal) shows too: the trigger is in the database.
    DistrictTarget.objects.filter(year=YEAR, regency_id="64.01").update(target=40)
    assert _paser(indicators_compute(year=YEAR)).target == 40

    # And so does raw SQL.
    with connection.cursor() as cursor:
        cursor.execute("UPDATE programs_districttarget SET target = 41 WHERE year = %s AND regency_id = '64.01'",
                       [YEAR])
    assert _paser(indicators_compute(year=YEAR)).target == 41


def test_different_questions_are_kept_apart(world):
    cache.clear()
    cycles = list(ProgramCycle.objects.filter(year=YEAR).values_list("pk", flat=True))
    by_sex = breakdown_counts(dimension="sex", year=YEAR, cycle_ids=cycles, regency_codes=["64.01"])
    tabalong = breakdown_counts(dimension="sex", year=YEAR, cycle_ids=cycles, regency_codes=["63.09"])
    assert by_sex != tabalong
    assert breakdown_counts(dimension="sex", year=YEAR, cycle_ids=cycles, regency_codes=["64.01"]) == by_sex
    assert _paser(indicators_compute(year=YEAR, regency_codes=["64.01"])).applicants == 8
    assert [d.region for d in indicators_compute(year=YEAR, regency_codes=["63.09"]).districts] == ["63.09"]


def test_with_the_cache_server_down_the_figures_are_computed_and_the_page_opens(world, paser_official, client):
    from django.test import override_settings
    from django.urls import reverse

    unreachable = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                               "LOCATION": "redis://127.0.0.1:1/0"}}
    with override_settings(CACHES=unreachable):
        assert _paser(indicators_compute(year=YEAR)).applicants == 8
        client.force_login(paser_official)
        assert client.get(reverse("dashboards:funnel"), {"year": YEAR}).status_code == 200


def _funnel_applicants(page: str) -> int:
    from tests.pages import table_rows

    row = next(r for r in table_rows(page, "funnel") if r.cells[0] == "Pendaftar")
    return int(row.cells[1].replace(".", ""))


def _wait(condition, seconds=30.0):
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.2)
    return False


def test_after_a_change_the_page_answers_at_once_says_so_and_the_worker_brings_the_new_figures(
        world, paser, paser_official, client, celery_worker, settings):
    """Stale-while-revalidate: the page does not make its visitor wait for the recomputation."""
    from django.urls import reverse

    settings.DASHBOARD_FIGURES_STALE_SECONDS = 3600
    cache.clear()
    client.force_login(paser_official)
    url = reverse("dashboards:funnel")
    first = client.get(url, {"year": YEAR, "district": "64.01"}).content.decode()
    assert _funnel_applicants(first) == 8 and 'data-refreshing="true"' not in first

    cycle = ProgramCycle.objects.get(code="A-2025")
    ApplicationFactory(person=PersonFactory(regency=paser), cycle=cycle, regency=paser)

    # The first visit after the change: the figures it has, and the page says they are being recomputed.
    during = client.get(url, {"year": YEAR, "district": "64.01"}).content.decode()
    assert 'data-refreshing="true"' in during and _funnel_applicants(during) == 8
    assert "data telah berubah sejak itu dan angka baru sedang dihitung" in during
    # The worker recomputes (each figure of the page); then the page shows the new count, no longer
    # marked as being recomputed.
    def recomputed():
        page = client.get(url, {"year": YEAR, "district": "64.01"}).content.decode()
        return 'data-refreshing="true"' not in page and page

    after = _wait(recomputed)
    assert after and _funnel_applicants(after) == 9 and "Angka dihitung" in after


def test_the_beat_task_recomputes_what_a_change_touched_before_anyone_asks(world, paser, celery_worker, settings):
    from dashboards import figures_cache
    from dashboards.figures_cache import figures_page
    from dashboards.tasks import refresh_stale_figures

    settings.DASHBOARD_FIGURES_STALE_SECONDS = 3600
    cache.clear()
    assert _paser(indicators_compute(year=YEAR)).applicants == 8
    DistrictTarget.objects.filter(year=YEAR, regency_id="64.01").update(target=55)

    refresh_stale_figures.delay()

    def all_fresh():
        version = figures_cache.data_version()
        keys = figures_cache._redis().smembers(figures_cache._index_key(version.database))
        return keys and all(figures_cache._is_fresh(cache.get(key.decode()), version) for key in keys)

    assert _wait(all_fresh)

    # A page allowed to show stale figures now gets the recomputed ones, and nothing is being recomputed.
    @figures_page(allow_stale=True)
    def page(request):
        from dashboards.figures_cache import current_freshness

        return indicators_compute(year=YEAR), current_freshness()

    report, freshness = page(None)
    assert _paser(report).target == 55 and not freshness.refreshing


def test_many_requests_asking_at_once_share_one_computation(world, settings):
    """Single flight: twenty officials opening the dashboard at once after a deploy don't compute
    the same figures twenty times (each computation would be the same seconds of database work)."""
    import threading

    from django.db import connections

    from dashboards.figures_cache import current_freshness, figures_page

    cache.clear()
    seen = []

    @figures_page(allow_stale=False)
    def page(request):
        report = indicators_compute(year=YEAR)
        seen.append((_paser(report).applicants, current_freshness().computed_at))

    def visitor():
        try:
            page(None)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=visitor) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(seen) == 6 and {applicants for applicants, _at in seen} == {8}
    assert len({at for _applicants, at in seen}) == 1  # one computation, its time shared by all


def test_an_export_never_uses_figures_computed_before_a_change(world, paser, paser_official, client, settings):
    from io import BytesIO

    from django.urls import reverse
    from openpyxl import load_workbook

    settings.DASHBOARD_FIGURES_STALE_SECONDS = 3600
    cache.clear()
    client.force_login(paser_official)
    client.get(reverse("dashboards:funnel"), {"year": YEAR, "district": "64.01"})
    cycle = ProgramCycle.objects.get(code="A-2025")
    ApplicationFactory(person=PersonFactory(regency=paser), cycle=cycle, regency=paser)

    response = client.get(reverse("dashboards:export-table", args=["funnel"]), {"year": YEAR, "district": "64.01"})
    sheet = load_workbook(BytesIO(response.content)).active
    cells = [[c for c in row if c is not None] for row in sheet.iter_rows(values_only=True)]
    applicants = next(row for row in cells if row and row[0] == "Pendaftar")
    assert applicants[1] == 9


def test_a_finished_import_job_has_the_worker_recompute_the_figures_at_once(world, paser, celery_worker, settings):
    """No waiting for the beat: a job that succeeded (an import, an eligibility run) has the
    figures it may have changed recomputed as soon as it commits."""
    from core.jobs import job_create, job_succeed
    from dashboards import figures_cache

    settings.DASHBOARD_FIGURES_STALE_SECONDS = 3600
    cache.clear()
    assert _paser(indicators_compute(year=YEAR)).applicants == 8
    cycle = ProgramCycle.objects.get(code="A-2025")
    ApplicationFactory(person=PersonFactory(regency=paser), cycle=cycle, regency=paser)  # what the import wrote
    version = figures_cache.data_version()
    keys = figures_cache._redis().smembers(figures_cache._index_key(version.database))
    assert keys and not all(figures_cache._is_fresh(cache.get(k.decode()), version) for k in keys)

    job_succeed(job_create(kind="applicant_import", regency_code="64.01"), result={"created": 1})

    def all_fresh():
        now = figures_cache.data_version()
        return all(figures_cache._is_fresh(cache.get(k.decode()), now) for k in keys)

    assert _wait(all_fresh)
    entry = cache.get(next(k.decode() for k in keys if cache.get(k.decode()).result.__class__.__name__
                           == "IndicatorReport"))
    assert _paser(entry.result).applicants == 9


def test_a_recorded_outcome_shows_on_the_next_visit_although_the_outcome_counts_are_cached(world, paser_staff):
    """grants_graduateoutcome moves the data version too (migration 0005)."""
    from dashboards.facts import outcome_counts
    from grants.monitoring.models import GraduateOutcome
    from participants.models import Person

    cache.clear()
    cycles = list(ProgramCycle.objects.filter(year=YEAR).values_list("pk", flat=True))
    before = outcome_counts(year=YEAR, cycle_ids=cycles, regency_codes=["64.01"])
    assert before.get("employed", 0) == 0 and before[None] > 0
    GraduateOutcome.objects.create(person=Person.objects.get(name="Ani"), status="employed",
                                   confirmed_on=datetime.date(2026, 1, 5), confirmed_by=paser_staff)
    after = outcome_counts(year=YEAR, cycle_ids=cycles, regency_codes=["64.01"])
    assert after["employed"] == 1 and after[None] == before[None] - 1
