"""The pure grid helpers behind the provider and instructor calendars."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from training.courses.calendar import (
    add_months,
    combine_span,
    dates_on_weekdays,
    grid_for,
    group_by_day,
    month_weeks,
    overlapping_pairs,
    parse_month,
    parse_week,
)

TODAY = date(2026, 8, 12)
WITA = ZoneInfo("Asia/Makassar")


def test_a_month_grid_is_whole_weeks_from_monday():
    weeks = month_weeks(date(2026, 8, 1))
    assert weeks[0][0] == date(2026, 7, 27)  # 1 August 2026 is a Saturday: the week starts Monday 27 July
    assert weeks[-1][-1] == date(2026, 9, 6)
    assert all(len(week) == 7 and week[0].weekday() == 0 for week in weeks)


def test_month_view_links_to_the_neighbouring_months_across_a_year_end():
    grid = grid_for(view="month", month="2026-12", week=None, today=TODAY)
    assert (grid.previous, grid.anchor, grid.next) == (date(2026, 11, 1), date(2026, 12, 1), date(2027, 1, 1))
    assert add_months(date(2026, 1, 1), -1) == date(2025, 12, 1)


def test_week_view_starts_on_the_monday_of_the_asked_day():
    grid = grid_for(view="week", month=None, week="2026-08-13", today=TODAY)
    assert grid.first == date(2026, 8, 10) and grid.last == date(2026, 8, 16)
    assert (grid.previous, grid.next) == (date(2026, 8, 3), date(2026, 8, 17))


def test_unreadable_parameters_show_todays_month_or_week():
    assert parse_month("August", default=TODAY) == date(2026, 8, 1)
    assert parse_month("2026-13", default=TODAY) == date(2026, 8, 1)
    assert parse_week("soon", default=TODAY) == date(2026, 8, 10)
    assert grid_for(view=None, month=None, week=None, today=TODAY).view == "month"


def test_a_weekly_pattern_gives_every_matching_date_including_both_ends():
    days = dates_on_weekdays(start=date(2026, 8, 10), end=date(2026, 8, 21), weekdays=[0, 2, 4])
    assert days == [date(2026, 8, d) for d in (10, 12, 14, 17, 19, 21)]


def test_a_forty_session_course_from_a_pattern():
    days = dates_on_weekdays(start=date(2026, 8, 3), end=date(2026, 9, 25), weekdays=range(5))
    assert len(days) == 40


def test_touching_spans_do_not_overlap_but_crossing_ones_do():
    eight, twelve, one = (combine_span(date(2026, 8, 10), time(h), time(h + 4), tz=WITA) for h in (8, 12, 11))
    assert overlapping_pairs([eight, twelve]) == []
    assert overlapping_pairs([eight, twelve, one]) == [(0, 2), (2, 1)]


def test_items_are_grouped_under_their_day_in_order():
    items = [datetime(2026, 8, 10, 8), datetime(2026, 8, 10, 13), datetime(2026, 8, 12, 8)]
    grouped = group_by_day(items, day_of=lambda item: item.date())
    assert grouped == {date(2026, 8, 10): items[:2], date(2026, 8, 12): items[2:]}
