# The portal's users write dates day-first whatever the interface language.
from django.conf.locale.en.formats import *  # noqa: F403

from core.formats.id.formats import (  # noqa: F401
    DATE_INPUT_FORMATS,
    DATETIME_INPUT_FORMATS,
    TIME_INPUT_FORMATS,
)
