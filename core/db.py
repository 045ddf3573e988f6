"""Database expressions the apps share."""

from django.contrib.postgres.fields import DateTimeRangeField
from django.db.models import Func


class TsTzRange(Func):
    """tstzrange(start, end): a span of time as a range, for exclusion constraints (no two
    overlapping bookings of one workshop or instructor)."""

    function = "TSTZRANGE"
    output_field = DateTimeRangeField()
