"""What every file import shares: the problems it reports per line (§9, docs/commands.md)."""

import csv
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from .exports import spreadsheet_safe


@dataclass(slots=True)
class Problem:
    line: int
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"line": self.line, "column": self.column, "message": self.message}


@dataclass
class ImportReport:
    imported: int = 0
    rejected: int = 0
    errors: list[Problem] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def as_dict(self, *, limit: int | None = None) -> dict:
        return {
            "imported": self.imported,
            "rejected": self.rejected,
            "errors": [p.as_dict() for p in self.errors[:limit]],
            "warnings": [p.as_dict() for p in self.warnings[:limit]],
        }

    def summary_line(self, what: str) -> str:
        return _("%(what)s: %(imported)s imported, %(rejected)s rejected, %(warnings)s warnings") % {
            "what": what, "imported": self.imported, "rejected": self.rejected, "warnings": len(self.warnings),
        }

    def problem_lines(self) -> list[str]:
        lines = [_("line %(line)s, %(column)s: %(message)s") % p.as_dict() for p in self.errors]
        lines += [_("line %(line)s, %(column)s: warning: %(message)s") % p.as_dict() for p in self.warnings]
        return lines

    def write_csv(self, path: Path) -> None:
        """The per-line report staff download from the import page. Its messages quote what the
        file held, so every cell goes out spreadsheet-safe."""
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            # Staff read it in their language: headers and kinds are translated (docs/file-conventions.md).
            writer.writerow([_("line"), _("column"), _("kind"), _("message")])
            for kind, problems in ((_("error"), self.errors), (_("warning"), self.warnings)):
                for p in problems:
                    writer.writerow([p.line, spreadsheet_safe(p.column), kind, spreadsheet_safe(p.message)])


@dataclass
class CoverageReport(ImportReport):
    """An import report that also names the kabupaten/kota of the rows accepted, as §9 gives
    it: {"imported", "rejected", "districts", "errors", "warnings"}."""

    districts: list[str] = field(default_factory=list)

    def as_dict(self, *, limit: int | None = None) -> dict:
        data = super().as_dict(limit=limit)
        return {"imported": data["imported"], "rejected": data["rejected"], "districts": list(self.districts),
                "errors": data["errors"], "warnings": data["warnings"]}


def progress_total(path: Path) -> int | None:
    """Data rows of a CSV file, for the progress bar (physical lines less the header; cheap:
    counts newlines in blocks). None for XLSX, whose size is unknown until read."""
    if path.suffix.lower() != ".csv":
        return None
    lines = 0
    with open(path, "rb") as handle:
        while block := handle.read(1 << 20):
            lines += block.count(b"\n")
    return max(lines - 1, 1)


def report_path(job_id: int) -> Path:
    return Path(settings.MEDIA_ROOT) / "reports" / f"job-{job_id}.csv"


def memoized(cleaner, **kwargs):
    """A cleaner that remembers each raw text it has seen: in a million-row file the same birth
    dates, desa codes and coded values come back again and again. It returns the cleaned value,
    or the InvalidValue raised for that text (with its message already translated)."""
    from core.identifiers import InvalidValue

    cache: dict[str, object] = {}

    def clean(raw: str):
        try:
            return cache[raw]
        except KeyError:
            pass
        try:
            value = cleaner(raw, **kwargs)
        except InvalidValue as exc:
            exc.message = str(exc.message)
            value = exc
        if len(cache) < 200_000:
            cache[raw] = value
        return value

    return clean
