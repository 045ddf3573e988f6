from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Training")

    def ready(self):
        from core.demo import demo_seeder_register
        from core.navigation import MenuItem, menu_register
        from participants.panels import PersonPanel, person_panel_register

        from .demo import seed_training
        from .records.selectors import person_training_path_context

        menu_register(
            MenuItem(_("Training"), "training:batch-list", "accounts.manage_training", 50),
            MenuItem(_("Waiting list"), "training:waiting-list", "accounts.manage_training", 60),
            MenuItem(_("Quotas"), "training:quota-overview", "accounts.view_dashboards", 70),
        )
        person_panel_register(
            "training-path", PersonPanel(template="training/partials/_training_path.html",
                                         context=person_training_path_context, order=10),
        )
        demo_seeder_register(self.label, seed_training)
