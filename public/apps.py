from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicConfig(AppConfig):
    """The residents' pages (issue 13): the catalog of open programs, an anonymous pre-check, the
    status of one's registration and a poster per cycle. A top layer beside dashboards: it reads
    the apps below and nothing imports it."""

    name = "public"
    verbose_name = _("Public pages")

    def ready(self):
        from core.demo import demo_seeder_register

        from .demo import seed_open_cycle

        demo_seeder_register(self.label, seed_open_cycle)
