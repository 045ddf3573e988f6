from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from core.commands import ContractCommand
from core.tabular import FileRefused
from training.records.services import training_results_import


class Command(ContractCommand):
    help = (
        "Import a provider's training results (rekap peserta), CSV or XLSX, one row per participant "
        "(§10, docs/training-results.md)."
    )

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
            report = training_results_import(path=path, file_name=path.name, by=user)
        except FileRefused as exc:
            raise CommandError(str(exc.message)) from None
        self.emit(report.as_dict(streaming=True), summary=report.summary_line(_("Training results")),
                  lines=report.problem_lines())
