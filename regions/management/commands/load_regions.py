import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from regions.services import LEVELS, RegionSourceError, regions_default_source_dir, regions_load

LEVEL_LABELS = {
    "provinces": gettext_lazy("provinces"),
    "regencies": gettext_lazy("kabupaten/kota"),
    "subdistricts": gettext_lazy("kecamatan"),
    "villages": gettext_lazy("desa/kelurahan"),
}


class Command(BaseCommand):
    help = gettext_lazy(
        "Load or refresh the region reference data (provinces, kabupaten/kota, kecamatan, "
        "desa/kelurahan) from the idn-area-data package. Running it twice changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--source",
            type=Path,
            help=gettext_lazy(
                "Directory holding provinces.csv, regencies.csv, districts.csv and villages.csv "
                "(default: idn-area-data/data under NODE_MODULES_DIR)."
            ),
        )
        parser.add_argument(
            "--json",
            action="store_true",
            help=gettext_lazy("Print the report as one JSON document."),
        )

    def handle(self, *args, **options):
        source_dir = options["source"] or regions_default_source_dir()
        try:
            report = regions_load(source_dir=source_dir)
        except RegionSourceError as exc:
            raise CommandError(str(exc)) from exc

        if options["json"]:
            self.stdout.write(json.dumps(report, ensure_ascii=False))
            return
        parts = [
            _(
                "%(label)s %(total)s "
                "(%(created)s created, %(updated)s updated, %(unchanged)s unchanged)"
            )
            % {"label": LEVEL_LABELS[level.key], **report[level.key]}
            for level in LEVELS
        ]
        kept = sum(report[level.key]["not_in_source"] for level in LEVELS)
        summary = _("Regions loaded from %(source)s: %(levels)s.") % {
            "source": report["source"],
            "levels": "; ".join(parts),
        }
        if kept:
            summary += " " + ngettext(
                "%(count)s code no longer in the source was kept (listed by --json).",
                "%(count)s codes no longer in the source were kept (listed by --json).",
                kept,
            ) % {"count": kept}
        self.stdout.write(summary)
