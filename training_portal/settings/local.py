from .base import *  # noqa: F403
from .base import env

# `make run` shows the portal's own 404 and 403 pages, as users see them; Django's debug pages
# (which list every URL pattern) only when asked: DEBUG=1 (or DJANGO_DEBUG=1).
DEBUG = env.bool("DEBUG", default=env.bool("DJANGO_DEBUG", default=False))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Without debug, runserver serves no static files: WhiteNoise serves them from the source
# folders (no collectstatic in development), and sees edits without a restart.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
