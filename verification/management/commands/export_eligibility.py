from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from core.commands import ContractCommand
from programs.commands import cycle_by_code
from verification.services import eligibility_export_to_path


class Command(ContractCommand):
    help = "Write the eligibility results of a program cycle as CSV (§7, docs/eligibility.md)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--program", required=True)
        parser.add_argument("--output", required=True)

    def handle(self, *args, **options):
        cycle = cycle_by_code(options["program"])
        path = Path(options["output"])
        if not path.parent.is_dir():
            raise CommandError(_("Folder not found: %(path)s") % {"path": path.parent})
        eligibility_export_to_path(cycle=cycle, path=path)
        rows = cycle.applications.count()
        self.emit({"program": cycle.code, "rows": rows, "output": str(path)},
                  summary=_("%(code)s: %(rows)s rows written to %(path)s")
                  % {"code": cycle.code, "rows": rows, "path": path})
