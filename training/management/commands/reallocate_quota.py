from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from core.commands import ContractCommand
from core.errors import PortalError
from programs.commands import cycle_by_code
from training.reallocation.selectors import reallocation_compute
from training.reallocation.services import quota_reallocate


class Command(ContractCommand):
    help = (
        "Move the seats districts cannot fill to districts with more eligible applicants "
        "(§8, docs/quota-reallocation.md). "
        "Without --dry-run the new quotas are saved (only after registration closes)."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--program", required=True, help="Program cycle code")
        parser.add_argument("--dry-run", action="store_true", help="Compute and print; save nothing.")
        parser.add_argument("--user", help="Username recorded in the quota ledger as the one who saved it.")

    def handle(self, *args, **options):
        cycle = cycle_by_code(options["program"])
        user = self.user_from(options.get("user"))
        try:
            if options["dry_run"]:
                result = reallocation_compute(cycle=cycle)
            else:
                # The command is the operator's direct route (§9): it saves without the page's
                # second-person approval, and the ledger names the command as the reason.
                result = quota_reallocate(
                    cycle=cycle, by=user, reason=_("Saved by the reallocate_quota command.")
                )
        except PortalError as exc:
            raise CommandError(str(exc.message)) from None
        if options["dry_run"]:
            summary = _("%(code)s (dry run, nothing saved): pool %(pool)s, unallocated %(unallocated)s")
        else:
            summary = _("%(code)s: new quotas saved; pool %(pool)s, unallocated %(unallocated)s")
        lines = [
            _(
                "%(region)s: quota %(quota)s, eligible %(eligible)s, surplus %(surplus)s, demand %(demand)s, "
                "extra %(extra)s, new quota %(new_quota)s"
            )
            % district.as_dict()
            for district in result.districts
        ]
        self.emit(
            result.as_dict(program=cycle.code),
            summary=summary % {"code": cycle.code, "pool": result.pool, "unallocated": result.unallocated},
            lines=lines,
        )
