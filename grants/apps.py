from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class GrantsConfig(AppConfig):
    name = "grants"
    verbose_name = _("Grants")

    def ready(self):
        from core.demo import demo_seeder_register
        from core.navigation import MenuItem, menu_register
        from participants.panels import PersonPanel, person_panel_register

        from .demo import seed_grants
        from .proposals.selectors import person_grants_context

        # Two entries only (the menu is long already); monitoring, coaching and village needs are
        # reached through the grants pages' own navigation.
        menu_register(
            MenuItem(_("Grants"), "grants:scheme-list", "accounts.manage_grants", 80, "cash-coin",
                     pgettext_lazy("menu group", "Grants")),
            MenuItem(_("Grant approvals"), "grants:approval-list", "accounts.approve_grants", 82, "check2-square",
                     pgettext_lazy("menu group", "Grants")),
        )
        person_panel_register(
            "grants", PersonPanel(template="grants/partials/_person_grants.html", context=person_grants_context,
                                  order=20),
        )
        demo_seeder_register(self.label, seed_grants)
