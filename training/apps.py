from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = _("Training")

    def ready(self):
        from core.demo import demo_seeder_register
        from core.jobs import job_kind_register
        from core.navigation import MenuItem, menu_register
        from participants.panels import PersonPanel, person_panel_register

        from . import tasks
        from .demo import seed_training
        from .models import TrainingJob
        from .records.selectors import person_training_path_context

        job_kind_register(
            code=TrainingJob.RESULTS_IMPORT, label=TrainingJob.RESULTS_IMPORT.label,
            task=tasks.import_training_results, capability="accounts.import_training_results",
            form_url="training:results-import",
        )

        menu_register(
            MenuItem(_("Training"), "training:batch-list", "accounts.manage_training", 50, "easel",
                     pgettext_lazy("menu group", "Training")),
            MenuItem(_("Waiting list"), "training:waiting-list", "accounts.manage_training", 60, "hourglass-split",
                     pgettext_lazy("menu group", "Training")),
            MenuItem(_("Quotas"), "training:quota-overview", "accounts.view_dashboards", 70, "pie-chart",
                     pgettext_lazy("menu group", "Training")),
            MenuItem(_("Training results"), "training:results-import", "accounts.import_training_results", 65, "award",
                     pgettext_lazy("menu group", "Training")),
        )
        person_panel_register(
            "training-path", PersonPanel(template="training/partials/_training_path.html",
                                         context=person_training_path_context, order=10),
        )
        demo_seeder_register(self.label, seed_training)
