# Replaces Django's "id" locale input formats, which accept month-first dates
# (10/25/2009 read as 25 October). Indonesian dates are day-first; ISO is accepted too.
# Written month names ("17 Agustus 2025") are handled by core.forms.DateField.
from django.conf.locale.id.formats import *  # noqa: F403

# One style for each, on every page (issue 12): "2 Des 2026", "08.00 WITA" (a moment: the
# portal's TIME_ZONE, Asia/Makassar, is WITA), "2 Des 2026, 15.20 WITA", "Agustus 2026",
# and numbers grouped with a dot, "12.500" (settings.USE_THOUSAND_SEPARATOR). A time of day
# alone (a session's start in a range "08.00–12.00 WITA") is "08.00": the `hour_minute` filter.
DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = DATE_FORMAT
TIME_FORMAT = "H.i T"
DATETIME_FORMAT = "j M Y, H.i T"
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j M"

DATE_INPUT_FORMATS = ["%d-%m-%Y", "%d/%m/%Y", "%Y-%m-%d"]
DATETIME_INPUT_FORMATS = [
    "%d-%m-%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d-%m-%Y %H.%M",
    "%d/%m/%Y %H.%M",
]
TIME_INPUT_FORMATS = ["%H:%M:%S", "%H:%M", "%H.%M.%S", "%H.%M"]
