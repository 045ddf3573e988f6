from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProgramsConfig(AppConfig):
    name = "programs"
    verbose_name = _("Programs")

    def ready(self):
        from core.demo import demo_seeder_register
        from core.navigation import MenuItem, menu_register

        from .demo import seed_catalog

        menu_register(
            MenuItem(_("Programs"), "programs:program-list", "accounts.manage_programs", 40, "journal-bookmark",
                     pgettext_lazy("menu group", "Programmes")),
            MenuItem(_("Targets"), "programs:target-list", "accounts.manage_targets", 75, "bullseye",
                     pgettext_lazy("menu group", "Programmes")),
        )
        demo_seeder_register(self.label, seed_catalog)
