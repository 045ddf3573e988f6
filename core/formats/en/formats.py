# The portal's users write dates day-first whatever the interface language.
from django.conf.locale.en.formats import *  # noqa: F403

from core.formats.id.formats import (  # noqa: F401
    DATE_INPUT_FORMATS,
    DATETIME_INPUT_FORMATS,
    TIME_INPUT_FORMATS,
)

# The same shapes in English: "2 Dec 2026", "08:00 WITA", "2 Dec 2026, 15:20 WITA".
DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = DATE_FORMAT
TIME_FORMAT = "H:i T"
DATETIME_FORMAT = "j M Y, H:i T"
SHORT_DATETIME_FORMAT = DATETIME_FORMAT
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j M"
