from datetime import date
from pathlib import Path

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from core.commands import ContractCommand
from core.errors import PortalError
from core.tabular import FileRefused
from verification.services import dtks_import_file


class Command(ContractCommand):
    help = (
        "Import a DTKS extract (CSV or XLSX) as a new snapshot of one or more kabupaten/kota "
        "(§3, docs/dtks-snapshot.md)."
    )


    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("file")
        parser.add_argument("--snapshot-date", required=True, help="YYYY-MM-DD")
        parser.add_argument(
            "--district", action="append", metavar="CODE",
            help="A kabupaten/kota the extract covers (64.01 or 6401); repeatable. Rows elsewhere are rejected. "
                 "Default: the kabupaten/kota of the accepted rows.",
        )
        parser.add_argument("--user", help="Username recorded as the importer.")

    def handle(self, *args, **options):
        try:
            snapshot_date = date.fromisoformat(options["snapshot_date"])
        except ValueError:
            raise CommandError(_("--snapshot-date must be YYYY-MM-DD")) from None
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("File not found: %(path)s") % {"path": path})
        coverage = self.districts_from(options.get("district") or [])
        user = self.user_from(options.get("user"))
        try:
            snapshot, report = dtks_import_file(path=path, file_name=path.name, snapshot_date=snapshot_date,
                                                coverage=coverage, by=user)
        except (FileRefused, PortalError) as exc:
            raise CommandError(str(exc.message)) from None
        summary = report.summary_line(_("DTKS snapshot %(date)s") % {"date": snapshot_date.isoformat()})
        if snapshot is None:
            summary += " " + _("(no data rows: no snapshot created)")
        else:
            summary += "; " + _("covers %(districts)s") % {"districts": ", ".join(report.districts) or "-"}
        self.emit(report.as_dict(streaming=True), summary=summary, lines=report.problem_lines())
