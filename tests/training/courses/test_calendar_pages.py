"""The provider and instructor calendars: month and week grids, one query for the sessions."""

import datetime

import pytest
from django.urls import reverse

from tests.training.factories import BatchFactory, BatchSessionFactory
from training.models import InstructorBooking

pytestmark = pytest.mark.django_db


def cells(page) -> dict[str, str]:
    """The calendar's day cells by ISO date."""
    found = {}
    for chunk in page.split('data-day="')[1:]:
        found[chunk[:10]] = chunk.split("</td>", 1)[0]
    return found


def test_the_provider_month_shows_sessions_with_time_batch_and_workshop(client, paser_blk_admin, angkatan_2):
    client.force_login(paser_blk_admin)
    page = client.get(reverse("training:provider-calendar", args=[angkatan_2.provider.pk]),
                      {"view": "month", "month": "2026-08"}).content.decode()
    days = cells(page)
    assert list(days)[0] == "2026-07-27" and len(days) == 42  # six Monday-to-Sunday weeks
    monday = days["2026-08-10"]
    assert "08:00–12:00" in monday and "Angkatan 2" in monday and "Bengkel Las" in monday
    assert reverse("training:batch-detail", args=[angkatan_2.pk]) in monday
    assert "Angkatan 2" not in days["2026-08-11"]
    assert "?view=month&amp;month=2026-07" in page and "?view=month&amp;month=2026-09" in page
    assert "August 2026" in page


def test_the_week_view_starts_on_monday_and_links_neighbouring_weeks(client, paser_blk_admin, angkatan_2):
    client.force_login(paser_blk_admin)
    page = client.get(reverse("training:provider-calendar", args=[angkatan_2.provider.pk]),
                      {"view": "week", "week": "2026-08-12"}).content.decode()
    days = cells(page)
    assert list(days) == [f"2026-08-{day}" for day in range(10, 17)]
    assert "Angkatan 2" in days["2026-08-12"]
    assert "?view=week&amp;week=2026-08-03" in page and "?view=week&amp;week=2026-08-17" in page


def test_day_and_month_names_follow_the_language(client, paser_blk_admin, angkatan_2):
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "id"
    client.force_login(paser_blk_admin)
    page = client.get(reverse("training:provider-calendar", args=[angkatan_2.provider.pk]),
                      {"month": "2026-08"}).content.decode()
    assert "Agustus 2026" in page and "Senin" in page


def test_the_instructor_calendar_shows_only_their_sessions(
    client, paser_blk_admin, angkatan_2, budi, siti, ruang_jahit
):
    other = BatchFactory(provider=angkatan_2.provider, workshop=ruang_jahit, name="Angkatan Siti")
    session = BatchSessionFactory(batch=other, day=datetime.date(2026, 8, 11))
    InstructorBooking.objects.create(session=session, instructor=siti, starts_at=session.starts_at,
                                     ends_at=session.ends_at)
    client.force_login(paser_blk_admin)
    page = client.get(reverse("training:instructor-calendar", args=[budi.pk]), {"month": "2026-08"}).content.decode()
    assert "Angkatan 2" in cells(page)["2026-08-12"] and "Angkatan Siti" not in page


@pytest.mark.parametrize("name", ["provider-calendar", "instructor-calendar"])
def test_calendar_query_count(client, paser_blk_admin, angkatan_2, budi, name, django_assert_max_num_queries):
    for day in range(13, 29):
        session = BatchSessionFactory(batch=angkatan_2, day=datetime.date(2026, 8, day))
        InstructorBooking.objects.create(session=session, instructor=budi, starts_at=session.starts_at,
                                         ends_at=session.ends_at)
    client.force_login(paser_blk_admin)
    pk = angkatan_2.provider.pk if name == "provider-calendar" else budi.pk
    with django_assert_max_num_queries(7):
        response = client.get(reverse(f"training:{name}", args=[pk]), {"month": "2026-08"})
    assert response.status_code == 200
    page = response.content.decode()
    # All 18 sessions of the month, each on its day with its time, batch and workshop.
    assert page.count('data-testid="calendar-session"') == 18
    days = cells(page)
    for day in ["2026-08-10", "2026-08-12", *(f"2026-08-{day}" for day in range(13, 29))]:
        assert "08:00–12:00" in days[day] and "Angkatan 2" in days[day] and "Bengkel Las" in days[day], day
