from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The top layer: the REST API other systems use. It reads through the selectors and writes
    through the services of the apps below, exactly as their pages do (docs/api.md)."""

    name = "api"
    verbose_name = _("REST API")
    # api.schema (the token scheme for drf-spectacular) is imported by api.views, with the URLs:
    # importing it here cost every process 0.2 s at start (drf-spectacular loads django.test),
    # management commands and Celery workers included.
