from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    """The top layer: reads every app below (indicators.py), writes only its own published figures."""

    name = "dashboards"
    verbose_name = _("Dashboards")
