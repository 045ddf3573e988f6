from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from core.commands import ContractCommand
from core.tabular import FileRefused
from programs.services import targets_import


class Command(ContractCommand):
    help = (
        "Import the districts' yearly training targets (CSV or XLSX: tahun, kode_wilayah, target), an upsert "
        "by year and district (§11, docs/targets.md)."
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
            report = targets_import(path=path, file_name=path.name, by=user)
        except FileRefused as exc:
            raise CommandError(str(exc.message)) from None
        self.emit(report.as_dict(streaming=True), summary=report.summary_line(_("Targets")),
                  lines=report.problem_lines())
