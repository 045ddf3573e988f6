from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class VerificationConfig(AppConfig):
    name = "verification"
    verbose_name = _("Verification")

    def ready(self):
        from core.demo import demo_seeder_register
        from core.jobs import job_kind_register
        from core.navigation import MenuItem, menu_register

        from . import tasks
        from .demo import seed_dtks_and_eligibility
        from .models import VerificationJob

        job_kind_register(
            code=VerificationJob.DTKS_IMPORT, label=VerificationJob.DTKS_IMPORT.label, task=tasks.import_dtks,
            capability="accounts.import_dtks", form_url="verification:snapshot-upload",
        )
        job_kind_register(
            code=VerificationJob.ELIGIBILITY_RUN, label=VerificationJob.ELIGIBILITY_RUN.label,
            task=tasks.run_eligibility, capability="accounts.verify_eligibility",
        )
        menu_register(
            MenuItem(_("Eligibility"), "verification:cycle-list", "accounts.verify_eligibility", 20, "clipboard-check",
                     pgettext_lazy("menu group", "Applicants")),
            MenuItem(_("DTKS snapshots"), "verification:snapshot-list", "accounts.import_dtks", 30, "database",
                     pgettext_lazy("menu group", "Applicants")),
        )
        demo_seeder_register(self.label, seed_dtks_and_eligibility)
