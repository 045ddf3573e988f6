"""Pure date helpers for the schedule pages: month and week grids, query-string parsing, and
the dates a weekly repeat pattern falls on. No ORM, no request, no "today" of their own:
callers pass the dates in, so the helpers are trivially testable.

Weeks start on Monday (Senin), as in Indonesian calendars. Names of days and months are not
produced here: templates render them with the `date` filter so that they follow the active
language ("Senin", "Agustus").
"""

import calendar
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TypeVar

from core.dates import FIRST_YEAR, LAST_YEAR

MONDAY = 0
VIEWS = ("month", "week")
T = TypeVar("T")

_calendar = calendar.Calendar(firstweekday=MONDAY)


class DateOutOfRange(ValueError):
    """A calendar address names a month or week outside FIRST_YEAR..LAST_YEAR (the page answers
    400: unlike a mistyped date, no calendar is meant)."""


def _within_calendar(day: date) -> date:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise DateOutOfRange(day.isoformat())
    return day


def month_start(day: date) -> date:
    return day.replace(day=1)


def week_start(day: date) -> date:
    """The Monday of the week holding `day`."""
    return day - timedelta(days=day.weekday())


def add_months(first: date, months: int) -> date:
    """The first day of the month `months` after the month of `first` (negative: before)."""
    index = first.year * 12 + (first.month - 1) + months
    return date(index // 12, index % 12 + 1, 1)


def parse_month(text: str | None, *, default: date) -> date:
    """'2026-08' -> date(2026, 8, 1); anything unreadable falls back to the month of `default`,
    so a mistyped link still shows a calendar instead of an error page. A real month outside
    FIRST_YEAR..LAST_YEAR raises DateOutOfRange."""
    try:
        year, month = (int(part) for part in (text or "").split("-"))
        first = date(year, month, 1)
    except (ValueError, OverflowError):
        return month_start(default)
    return _within_calendar(first)


def parse_week(text: str | None, *, default: date) -> date:
    """'2026-08-12' -> the Monday of that week (2026-08-10); unreadable: the week of `default`;
    a date outside FIRST_YEAR..LAST_YEAR raises DateOutOfRange."""
    try:
        day = date.fromisoformat(text or "")
    except ValueError:
        return week_start(default)
    return week_start(_within_calendar(day))


def month_weeks(first: date) -> list[list[date]]:
    """The month's grid: whole Monday-to-Sunday weeks, including the days of the neighbouring
    months that fill the first and last week."""
    return _calendar.monthdatescalendar(first.year, first.month)


def week_days(monday: date) -> list[date]:
    return [monday + timedelta(days=offset) for offset in range(7)]


@dataclass
class Grid:
    """What a calendar page shows: the weeks (one for the week view), the days it spans
    [first, last], the anchor of this, the previous and the next page, and the view's name."""

    view: str
    anchor: date
    weeks: list[list[date]]
    previous: date
    next: date
    items_by_day: dict[date, list] = field(default_factory=dict)

    @property
    def first(self) -> date:
        return self.weeks[0][0]

    @property
    def last(self) -> date:
        return self.weeks[-1][-1]


def grid_for(*, view: str | None, month: str | None, week: str | None, today: date) -> Grid:
    """The grid a calendar request asks for: `view` is "month" (the default) or "week"; `month`
    ("2026-08") or `week` (any day of it, "2026-08-10") picks which one, else today's."""
    if view == "week":
        monday = parse_week(week, default=today)
        return Grid("week", monday, [week_days(monday)], monday - timedelta(days=7), monday + timedelta(days=7))
    first = parse_month(month, default=today)
    return Grid("month", first, month_weeks(first), add_months(first, -1), add_months(first, 1))


def group_by_day(items: Iterable[T], *, day_of: Callable[[T], date]) -> dict[date, list[T]]:
    """Items (already in time order) grouped under their day, order kept."""
    grouped: dict[date, list[T]] = {}
    for item in items:
        grouped.setdefault(day_of(item), []).append(item)
    return grouped


def dates_on_weekdays(*, start: date, end: date, weekdays: Iterable[int]) -> list[date]:
    """Every date from `start` to `end` (both included) falling on one of `weekdays`
    (0 = Monday ... 6 = Sunday): the days of a weekly repeat pattern."""
    wanted = set(weekdays)
    days = []
    day = start
    while day <= end:
        if day.weekday() in wanted:
            days.append(day)
        day += timedelta(days=1)
    return days


def overlapping_pairs(spans: list[tuple[datetime, datetime]]) -> list[tuple[int, int]]:
    """Index pairs (i, j) of spans that overlap each other. Spans are half-open [start, end), like
    PostgreSQL's tstzrange, so a session ending at 12:00 and one starting at 12:00 do not overlap."""
    order = sorted(range(len(spans)), key=lambda index: spans[index])
    pairs = []
    for position, i in enumerate(order):
        for j in order[position + 1:]:
            if spans[j][0] >= spans[i][1]:
                break
            pairs.append((i, j))
    return pairs


def combine_span(day: date, starts: time, ends: time, *, tz) -> tuple[datetime, datetime]:
    """An aware [start, end) span for a session typed as a date and two wall-clock times."""
    return datetime.combine(day, starts, tzinfo=tz), datetime.combine(day, ends, tzinfo=tz)
