"""The dashboards' figures cache (dashboards/figures_cache.py): a repeated question is answered
from the cache in one query, and any write to the data, whatever the code path (a model save, a
queryset update, raw SQL), shows on the next request. Outside a transaction, as a web request."""

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
