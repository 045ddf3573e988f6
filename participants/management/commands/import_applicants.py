from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from core.commands import ContractCommand
from core.tabular import FileRefused
from participants.services import applicants_import


class Command(ContractCommand):
    help = "Import applicants from a CSV or XLSX file, one application per row (§4, docs/applicants.md)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("file")
        parser.add_argument("--user", help="Username recorded as the importer.")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("File not found: %(path)s") % {"path": path})
        user = self.user_from(options.get("user"))
        try:
            report = applicants_import(path=path, file_name=path.name, by=user)
        except FileRefused as exc:
            raise CommandError(str(exc.message)) from None
        self.emit(report.as_dict(streaming=True), summary=report.summary_line(_("Applicants")),
                  lines=report.problem_lines())
