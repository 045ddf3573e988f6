from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class DashboardsConfig(AppConfig):
    """The top layer: reads every app below (indicators.py), writes only its own published figures."""

    name = "dashboards"
    verbose_name = _("Dashboards")

    def ready(self):
        from core.home import home_register
        from core.jobs import job_success_hook_register
        from core.navigation import MenuItem, menu_register

        from . import tasks, views

        home_register(views.home)
        # An import or an eligibility run changed many figures: recompute them now, not at the next beat.
        job_success_hook_register(lambda job: tasks.refresh_stale_figures.delay())
        menu_register(
            MenuItem(_("Indicators"), "dashboards:funnel", "accounts.view_dashboards", 85, "bar-chart-line",
                     pgettext_lazy("menu group", "Monitoring")),
            MenuItem(_("Official figures"), "dashboards:published-list", "accounts.view_dashboards", 86,
                     "patch-check", pgettext_lazy("menu group", "Monitoring")),
        )
