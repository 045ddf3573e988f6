"""What every file import shares: the problems it reports per line (§9, docs/commands.md)."""

import csv
import heapq
import io
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
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


def _line_of(problem: Problem) -> int:
    return problem.line


class ProblemLog:
    """The errors (or the warnings) of one import, in line order, with bounded memory.

    It takes problems in any order, like a list (`append`, `extend`), and gives them back in
    line order (problems of one line in the order they came) each time it is iterated. At most
    `keep` problems (the IMPORT_PROBLEMS_IN_MEMORY setting) are held in memory: past that, they
    go, sorted, to temporary files, merged again on reading. A file of a million bad rows thus
    costs a few thousand problems of memory; `len()` is still the whole count.
    """

    MAX_RUNS = 16  # temporary files before they are merged into one

    def __init__(self, problems: Iterable[Problem] = (), *, keep: int | None = None):
        self.keep = keep or settings.IMPORT_PROBLEMS_IN_MEMORY
        self._buffer: list[Problem] = []
        self._runs: list[io.TextIOBase] = []
        self._count = 0
        self.extend(problems)

    def append(self, problem: Problem) -> None:
        self._buffer.append(problem)
        self._count += 1
        if len(self._buffer) >= self.keep:
            self._spill()

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.append(problem)

    def __len__(self) -> int:
        return self._count

    @property
    def in_memory(self) -> int:
        """How many of the problems are held in memory (at most `keep`)."""
        return len(self._buffer)

    def __bool__(self) -> bool:
        return self._count > 0

    def __iter__(self) -> Iterator[Problem]:
        self._buffer.sort(key=_line_of)
        if not self._runs:
            return iter(list(self._buffer))
        return heapq.merge(*(self._read(run) for run in self._runs), iter(list(self._buffer)), key=_line_of)

    def head(self, count: int | None) -> list[Problem]:
        """The first `count` problems in line order (all of them when `count` is None)."""
        return list(islice(self, count))

    def __getitem__(self, index):
        if isinstance(index, slice) and index.start is None and index.step is None:
            return self.head(index.stop)
        if isinstance(index, int) and index >= 0:
            return self.head(index + 1)[index]
        return list(self)[index]

    def __eq__(self, other):
        if isinstance(other, ProblemLog | list | tuple):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None

    def without_lines_of(self, other: "ProblemLog") -> "ProblemLog":
        """A new log of these problems but those on a line `other` has a problem on (both are
        read in line order, side by side: no set of lines is built)."""
        kept = ProblemLog(keep=self.keep)
        others = iter(other)
        current = next(others, None)
        for problem in self:
            while current is not None and current.line < problem.line:
                current = next(others, None)
            if current is None or current.line != problem.line:
                kept.append(problem)
        return kept

    def distinct_lines(self) -> int:
        """How many lines have at least one problem."""
        count, last = 0, None
        for problem in self:
            if problem.line != last:
                count, last = count + 1, problem.line
        return count

    def _spill(self) -> None:
        self._buffer.sort(key=_line_of)
        self._runs.append(self._write(self._buffer))
        self._buffer = []
        if len(self._runs) >= self.MAX_RUNS:
            merged = self._write(heapq.merge(*(self._read(run) for run in self._runs), key=_line_of))
            for run in self._runs:
                run.close()
            self._runs = [merged]

    @staticmethod
    def _write(problems: Iterable[Problem]) -> io.TextIOBase:
        run = tempfile.TemporaryFile("w+", encoding="utf-8", newline="")
        writer = csv.writer(run)
        writer.writerows((p.line, p.column, str(p.message)) for p in problems)
        return run

    @staticmethod
    def _read(run: io.TextIOBase) -> Iterator[Problem]:
        run.seek(0)
        for line, column, message in csv.reader(run):
            yield Problem(int(line), column, message)

    def close(self) -> None:
        for run in self._runs:
            run.close()
        self._runs = []


def _problem_log() -> ProblemLog:
    return ProblemLog()


@dataclass
class ImportReport:
    """What an import did. `errors` and `warnings` are ProblemLogs: appended to like lists,
    read in line order, bounded in memory however many problems a file has."""

    imported: int = 0
    rejected: int = 0
    errors: ProblemLog = field(default_factory=_problem_log)
    warnings: ProblemLog = field(default_factory=_problem_log)

    def __setattr__(self, name, value):
        # `report.warnings = [...]` (a filtered list) stays a bounded log.
        if name in ("errors", "warnings") and not isinstance(value, ProblemLog):
            value = ProblemLog(value)
        super().__setattr__(name, value)

    def as_dict(self, *, limit: int | None = None, streaming: bool = False) -> dict:
        """§9's report; with `limit` (a job's stored result), only the first problems, and
        `errors_total` and `warnings_total` give how many there are in all. `streaming` gives
        the problems as iterators, for a command to print one at a time."""
        if streaming:
            errors = (p.as_dict() for p in self.errors)
            warnings = (p.as_dict() for p in self.warnings)
        else:
            errors = [p.as_dict() for p in self.errors.head(limit)]
            warnings = [p.as_dict() for p in self.warnings.head(limit)]
        data = {"imported": self.imported, "rejected": self.rejected, "errors": errors, "warnings": warnings}
        if limit is not None:
            data |= {"errors_total": len(self.errors), "warnings_total": len(self.warnings)}
        return data

    def summary_line(self, what: str) -> str:
        return _("%(what)s: %(imported)s imported, %(rejected)s rejected, %(warnings)s warnings") % {
            "what": what, "imported": self.imported, "rejected": self.rejected, "warnings": len(self.warnings),
        }

    def problem_lines(self) -> Iterator[str]:
        """One text line per problem, errors first (a generator: a million of them are never
        held at once)."""
        for p in self.errors:
            yield _("line %(line)s, %(column)s: %(message)s") % p.as_dict()
        for p in self.warnings:
            yield _("line %(line)s, %(column)s: warning: %(message)s") % p.as_dict()

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

    def as_dict(self, *, limit: int | None = None, streaming: bool = False) -> dict:
        data = super().as_dict(limit=limit, streaming=streaming)
        return {"imported": data["imported"], "rejected": data["rejected"], "districts": list(self.districts),
                **{key: value for key, value in data.items() if key not in ("imported", "rejected")}}


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
