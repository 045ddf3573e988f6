from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from core.commands import ContractCommand
from dashboards.indicators import INDICATOR_KEYS, Figures, indicators_compute

# The table's columns: every key of §12, trained_by_sex split in two.
COLUMNS = [key for key in INDICATOR_KEYS if key != "trained_by_sex"]
COLUMNS[COLUMNS.index("trained") + 1:COLUMNS.index("trained") + 1] = ["trained_L", "trained_P"]


def _cells(figures: Figures, label: str) -> list[str]:
    cells = [label]
    for column in COLUMNS:
        if column.startswith("trained_"):
            value = figures.trained_by_sex[column[-1]]
        else:
            value = getattr(figures, column)
        cells.append("-" if value is None else str(value))
    return cells


class Command(ContractCommand):
    help = (
        "Print the officials' indicators of a year per kabupaten/kota and their total (§12, docs/dashboards.md): "
        "a table, or with --json one JSON document."
    )
    # A read that officials and cron jobs run often, and that must answer in under 2 s: the system
    # checks would import every URL configuration and view (PDF and spreadsheet libraries
    # included) first. `manage.py check` and the deploy run them.
    requires_system_checks = []

    def add_arguments(self, parser):
        super().add_arguments(parser)
        # Checked in handle(), so that a missing or bad value exits 1 with a message (and
        # {"error": ...} with --json) like every other bad command.
        parser.add_argument("--year", help="YYYY")
        parser.add_argument("--district", action="append", metavar="CODE",
                            help="A kabupaten/kota code (63.09 or 6309); repeatable. Default: every district.")

    def handle(self, *args, **options):
        raw_year = (options.get("year") or "").strip()
        if not raw_year:
            raise CommandError(_("--year is required (YYYY)"))
        if len(raw_year) != 4 or not (raw_year.isascii() and raw_year.isdigit()):
            raise CommandError(_("--year must be a year written with four digits, like 2025"))
        year = int(raw_year)
        codes = None
        if options.get("district"):
            codes = self.districts_from(options["district"])
        report = indicators_compute(year=year, regency_codes=codes)
        rows = [_cells(d, d.region) for d in report.districts] + [_cells(report.total, _("total"))]
        header = ["region", *COLUMNS]
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

        def line(cells):
            return "  ".join(cell.ljust(widths[0]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(cells))

        summary = _("Indicators %(year)s: %(count)s kabupaten/kota") % {"year": year, "count": len(report.districts)}
        self.emit(report.as_dict(), summary=summary, lines=[line(header), *(line(row) for row in rows)])
