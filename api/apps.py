from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The top layer: the REST API other systems use. It reads through the selectors and writes
    through the services of the apps below, exactly as their pages do (docs/api.md)."""

    name = "api"
    verbose_name = _("REST API")

    def ready(self):
        from . import schema  # noqa: F401  (registers the token scheme with drf-spectacular)
