from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from core.commands import ContractCommand
from core.errors import PortalError
from programs.commands import cycle_by_code
from verification.services import eligibility_run, eligibility_run_start


class Command(ContractCommand):
    help = "Decide eligibility for every application of a program cycle (§6, docs/eligibility.md)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--program", required=True, help="Program cycle code")
        parser.add_argument("--sync", action="store_true", help="Run in this process and wait for the result.")
        parser.add_argument("--user", help="Username recorded as the one who started the run.")

    def handle(self, *args, **options):
        cycle = cycle_by_code(options["program"])
        user = self.user_from(options.get("user"))
        try:
            if not options["sync"]:
                job = eligibility_run_start(cycle=cycle, by=user)
                self.emit({"program": cycle.code, "job": job.pk},
                          summary=_("Eligibility run for %(code)s queued as job %(job)s")
                          % {"code": cycle.code, "job": job.pk})
                return
            run = eligibility_run(cycle=cycle, by=user)
        except PortalError as exc:
            raise CommandError(str(exc.message)) from None
        counts = {key: run.counts.get(key, 0) for key in ("ELIGIBLE", "INELIGIBLE", "REVIEW")}
        self.emit(
            {"program": cycle.code, **counts},
            summary=_("%(code)s: %(ELIGIBLE)s eligible, %(INELIGIBLE)s ineligible, %(REVIEW)s to review")
            % {"code": cycle.code, **counts},
        )
