from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ParticipantsConfig(AppConfig):
    name = "participants"
    verbose_name = _("Participants")

    def ready(self):
        from core.demo import demo_seeder_register
        from core.jobs import job_kind_register
        from core.navigation import MenuItem, menu_register

        from . import tasks
        from .demo import seed_applicants
        from .models import ParticipantsJob

        job_kind_register(
            code=ParticipantsJob.APPLICANT_IMPORT, label=ParticipantsJob.APPLICANT_IMPORT.label,
            task=tasks.import_applicants, capability="accounts.register_applicants",
            form_url="participants:applicant-import",
        )
        menu_register(MenuItem(_("Applicants"), "participants:application-list", "accounts.register_applicants", 10,
                                "people", pgettext_lazy("menu group", "Applicants")))
        demo_seeder_register(self.label, seed_applicants)
