# Replaces Django's "id" locale input formats, which accept month-first dates
# (10/25/2009 read as 25 October). Indonesian dates are day-first; ISO is accepted too.
# Written month names ("17 Agustus 2025") are handled by core.forms.DateField.
from django.conf.locale.id.formats import *  # noqa: F403

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
