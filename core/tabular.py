"""Reading the CSV and XLSX files of the imports (§5, docs/file-conventions.md).

`open_table` checks the header at once and refuses the whole file (FileRefused) when it is
unusable; iterating the Table then streams the records as `(line, values)`, one pass, with
little memory whatever the file size.

Where §5 is silent:
- Only the known `columns` matter in the header: a known column named twice refuses the
  file; unknown columns, blank header cells and unknown names repeated are ignored.
- A row counts as empty, and is skipped, when its cells in the known columns are all empty:
  cells of unknown columns are ignored like their columns (a pre-numbered "No" column does
  not turn a template's unused rows into rejected rows).
- A short row reads "" for the cells it lacks; cells beyond the header are ignored.
- A header-only file yields nothing, but its header is still checked. A file with no header
  at all (0 bytes, or nothing but blank lines) yields nothing and is not refused.
- XLSX: a boolean cell reads TRUE or FALSE, as Excel shows it; a date-and-time cell reads as
  its date; a formula cell reads as its value when the file was last saved (blank if never
  calculated); of merged cells only the top-left one holds the value.
- A file that turns out unreadable part-way (bytes that are not UTF-8, binary data, broken
  XLSX) raises FileRefused from the iteration, naming the line where that is known.
- XLSX is bounded before it is parsed (a 144 KB workbook can unpack to a million-row sheet):
  a workbook whose members unpack to more than IMPORT_XLSX_MAX_UNPACKED_BYTES, or whose first
  sheet declares more than IMPORT_XLSX_MAX_ROWS rows, is refused at once; a sheet whose
  declared size is wrong is refused when its rows pass the limit.
"""

import csv
import io
import os
import re
import zipfile
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from decimal import Decimal
from itertools import chain
from operator import itemgetter

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from core.errors import TranslatedError
from core.errors import lazy_fill as _fill


class FileRefused(TranslatedError):
    """The whole file cannot be imported. `message` is a lazy translatable string."""

_UNSUPPORTED = _("Only .csv and .xlsx files can be imported")
_NOT_FOUND = _("File not found: %(name)s")
_UNREADABLE = _("The file cannot be read: %(name)s")
_MISSING_COLUMNS = ngettext_lazy(
    "Missing required column: %(columns)s", "Missing required columns: %(columns)s", "count"
)
_REPEATED_COLUMNS = ngettext_lazy(
    "Column named twice: %(columns)s", "Columns named twice: %(columns)s", "count"
)
_NOT_UTF8 = _('The file is not valid UTF-8 text (line %(line)s); save it as "CSV UTF-8"')
_BINARY = _(
    "The file is not CSV text: it holds binary data (line %(line)s); save it as "
    '"CSV UTF-8", or import a workbook as .xlsx'
)
_MALFORMED_CSV = _("The CSV file cannot be read at line %(line)s")
_NOT_XLSX = _("The file is not a readable XLSX workbook")
_BROKEN_XLSX = _("The XLSX workbook cannot be read past line %(line)s")
_XLSX_TOO_LARGE = _(
    "The XLSX workbook unpacks to %(size)s, more than the %(limit)s a workbook import may hold; "
    'save the sheet as "CSV UTF-8" (CSV files have no such limit) or split it'
)
_XLSX_TOO_MANY_ROWS = _(
    "The XLSX sheet has %(rows)s rows, more than the %(limit)s rows a workbook import may hold; "
    'save the sheet as "CSV UTF-8" (CSV files have no such limit) or split it'
)

_CSV_BUFFER = 1 << 16


class Table:
    """The records of an import file, in one streaming pass, like an open file.

    Iterating yields `(line, values)`: `line` counts records with the header as line 1, and
    `values` holds one stripped string per requested column, "" where the file lacks it.
    """

    def __init__(
        self, *, kind: str, columns: tuple[str, ...], columns_present: tuple[str, ...], rows, closer
    ):
        self.kind = kind
        self.columns = columns
        self.columns_present = columns_present
        self._rows = rows
        self._closer = closer

    def __iter__(self) -> Iterator[tuple[int, tuple[str, ...]]]:
        return self._rows

    def close(self) -> None:
        self._rows.close()
        self._closer()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self.close()


def open_table(
    path, *, columns: Sequence[str], required: Sequence[str], file_name: str | None = None
) -> Table:
    """Open the CSV or XLSX file at `path` (its kind told by the extension of `file_name`,
    else of `path`) and check its header; FileRefused when the file cannot be imported."""
    columns = tuple(name.lower() for name in columns)
    required = tuple(name.lower() for name in required)
    if not set(required) <= set(columns):
        raise ValueError("every required column must be one of the columns")
    extension = os.path.splitext(file_name or os.fspath(path))[1].lower()
    if extension not in (".csv", ".xlsx"):
        raise FileRefused(_UNSUPPORTED)
    name = os.path.basename(file_name or os.fspath(path))
    try:
        binary = open(path, "rb", buffering=0)
    except FileNotFoundError:
        raise FileRefused(_fill(_NOT_FOUND, {"name": name})) from None
    except OSError:
        raise FileRefused(_fill(_UNREADABLE, {"name": name})) from None
    try:
        if extension == ".csv":
            return _open_csv(path, binary, columns, required)
        return _open_xlsx(binary, columns, required)
    except BaseException:
        binary.close()
        raise


def _read_header(header: Sequence[str], columns, required) -> list[int | None]:
    """For each of `columns`, its position in the header (None when absent)."""
    positions: dict[str, int] = {}
    repeated = []
    for position, cell in enumerate(header):
        name = cell.strip().lstrip("\ufeff").strip().lower()
        if name not in columns:
            continue
        if name in positions:
            if name not in repeated:
                repeated.append(name)
            continue
        positions[name] = position
    if repeated:
        raise FileRefused(
            _fill(_REPEATED_COLUMNS, {"columns": ", ".join(repeated), "count": len(repeated)})
        )
    missing = [name for name in required if name not in positions]
    if missing:
        raise FileRefused(
            _fill(_MISSING_COLUMNS, {"columns": ", ".join(missing), "count": len(missing)})
        )
    return [positions.get(name) for name in columns]


def _picker(positions: list[int | None]):
    """A function from a file row (padded to `width` cells, plus a trailing "" when some
    column is absent) to the raw cells of the requested columns; and that width."""
    present = [p for p in positions if p is not None]
    width = max(present) + 1 if present else 0
    indices = [-1 if p is None else p for p in positions]
    if len(indices) == 1:
        (index,) = indices
        return (lambda row: (row[index],)), width
    return itemgetter(*indices), width


def _no_rows():
    yield from ()


def _no_header_table(kind, columns, required, records, closer):
    """The first record is blank: a file of blank lines has no data and is not refused;
    anything after a blank header line is data without column names."""
    try:
        for record in records:
            if any(cell.strip() if isinstance(cell, str) else cell is not None for cell in record):
                _read_header((), columns, required)  # refuses naming the missing columns
                break
    finally:
        closer()
    return Table(
        kind=kind, columns=columns, columns_present=(), rows=_no_rows(), closer=lambda: None
    )


# --- CSV ---------------------------------------------------------------------------------


class _BinaryData(Exception):
    pass


class _TextBytes(io.RawIOBase):
    """Passes the file's bytes on, stopping at a NUL byte: text files have none, and the
    database would refuse one in a name or address halfway through an import."""

    def __init__(self, raw):
        self._raw = raw

    def readable(self):
        return True

    def readinto(self, buffer):
        data = self._raw.read(len(buffer))
        if b"\x00" in data:
            raise _BinaryData
        size = len(data)
        buffer[:size] = data
        return size

    def close(self):
        self._raw.close()
        super().close()


def _open_csv(path, binary, columns, required) -> Table:
    start = binary.read(4)
    binary.seek(0)
    if start[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise FileRefused(_fill(_NOT_UTF8, {"line": 1}))
    text = io.TextIOWrapper(
        io.BufferedReader(_TextBytes(binary), _CSV_BUFFER), encoding="utf-8-sig", newline=""
    )
    try:
        first_line = text.readline()
    except _BinaryData:
        raise FileRefused(_fill(_BINARY, {"line": 1})) from None
    except UnicodeDecodeError:
        raise FileRefused(_fill(_NOT_UTF8, {"line": _bad_csv_line(path, ",")})) from None
    if not first_line:
        text.close()
        return Table(
            kind="csv", columns=columns, columns_present=(), rows=_no_rows(), closer=lambda: None
        )
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    records = csv.reader(chain((first_line,), text), delimiter=delimiter)
    try:
        header = next(records)
        if not any(cell.strip() for cell in header):
            return _no_header_table(
                "csv", columns, required, _csv_guarded(records, path, delimiter), text.close
            )
        positions = _read_header(header, columns, required)
    except FileRefused:
        text.close()
        raise
    except (_BinaryData, UnicodeDecodeError, csv.Error) as error:
        text.close()
        raise _csv_refusal(error, path, delimiter, 0) from None
    present = tuple(name for name, position in zip(columns, positions, strict=True) if position is not None)
    rows = _csv_rows(records, positions, path, delimiter, text)
    return Table(kind="csv", columns=columns, columns_present=present, rows=rows, closer=text.close)


def _csv_guarded(records, path, delimiter):
    line = 1
    try:
        for record in records:
            line += 1
            yield record
    except (_BinaryData, UnicodeDecodeError, csv.Error) as error:
        raise _csv_refusal(error, path, delimiter, line) from None


def _csv_refusal(error, path, delimiter, records_read) -> FileRefused:
    if isinstance(error, csv.Error):
        return FileRefused(_fill(_MALFORMED_CSV, {"line": records_read + 1}))
    line = _bad_csv_line(path, delimiter)
    return FileRefused(
        _fill(_BINARY if isinstance(error, _BinaryData) else _NOT_UTF8, {"line": line})
    )


def _bad_csv_line(path, delimiter) -> int:
    """The record holding the first NUL byte or byte that is not UTF-8. The fast reader
    decodes far ahead of the records it hands out, so the file is read again, a line at a
    time (a UTF-8 character never contains the newline byte)."""

    def lines(binary):
        for number, raw in enumerate(binary):
            if number == 0 and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            if b"\x00" in raw:
                raise _BinaryData
            yield raw.decode("utf-8")

    records_read = 0
    with open(path, "rb") as binary:
        try:
            for _record in csv.reader(lines(binary), delimiter=delimiter):
                records_read += 1
        except (_BinaryData, UnicodeDecodeError, csv.Error):
            pass
    return records_read + 1


def _csv_rows(records, positions, path, delimiter, text):
    pick, width = _picker(positions)
    pad = None in positions
    strip = str.strip
    line = 1
    try:
        for line, row in enumerate(records, 2):
            if len(row) < width:
                if not row:
                    continue
                row += [""] * (width - len(row))
            if pad:
                row.append("")
            values = tuple(map(strip, pick(row)))
            if any(values):
                yield line, values
    except (_BinaryData, UnicodeDecodeError, csv.Error) as error:
        raise _csv_refusal(error, path, delimiter, line) from None
    finally:
        text.close()


# --- XLSX --------------------------------------------------------------------------------


def _cell_text(value) -> str:
    if value is None:
        return ""
    kind = value.__class__
    if kind is str:
        return value.strip()
    if kind is int:
        return str(value)
    if kind is float:
        if value.is_integer():
            return str(int(value))
        text = repr(value)
        return format(Decimal(text), "f") if "e" in text else text
    if kind is bool:
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"[A-Z]*\d*:?[A-Z]*(\d+)\"")
_SHEET_MEMBER = re.compile(r"^xl/worksheets/[^/]+\.xml$")


def xlsx_limits() -> tuple[int, int]:
    """(most bytes a workbook may unpack to, most rows its sheet may have): docs/file-conventions.md."""
    return settings.IMPORT_XLSX_MAX_UNPACKED_BYTES, settings.IMPORT_XLSX_MAX_ROWS


# Formatted when the message is shown, in its language (1.000.000 in Indonesian).
_count = lazy(lambda number: number_format(number, force_grouping=True), str)
_size = lazy(filesizeformat, str)


def _too_many_rows(rows: int, limit: int) -> FileRefused:
    return FileRefused(_fill(_XLSX_TOO_MANY_ROWS, {"rows": _count(rows), "limit": _count(limit)}))


def _check_xlsx_size(binary) -> None:
    """Refuse a workbook that would unpack past the limits, from its zip directory and the
    first bytes of its sheets, before openpyxl reads (and keeps) any of it."""
    max_bytes, max_rows = xlsx_limits()
    try:
        with zipfile.ZipFile(binary) as archive:
            members = archive.infolist()
            unpacked = sum(member.file_size for member in members)
            if unpacked > max_bytes:
                raise FileRefused(_fill(_XLSX_TOO_LARGE, {"size": _size(unpacked),
                                                          "limit": _size(max_bytes)}))
            for member in members:
                if not _SHEET_MEMBER.match(member.filename):
                    continue
                with archive.open(member) as sheet:
                    match = _DIMENSION.search(sheet.read(16384))
                if match and int(match[1]) > max_rows:
                    raise _too_many_rows(int(match[1]), max_rows)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError):
        raise FileRefused(_NOT_XLSX) from None
    finally:
        binary.seek(0)


def _open_xlsx(binary, columns, required) -> Table:
    from openpyxl import load_workbook

    _check_xlsx_size(binary)
    try:
        workbook = load_workbook(binary, read_only=True, data_only=True)
    # A broken workbook fails in many ways inside openpyxl.
    except Exception:
        raise FileRefused(_NOT_XLSX) from None

    def close():
        workbook.close()
        binary.close()

    try:
        if not workbook.worksheets:
            raise FileRefused(_NOT_XLSX)
        sheet = workbook.worksheets[0]
        # Dimensions written by other programs are often wrong (too small cuts rows off,
        # too large pads every row to 16,384 cells): read what is there.
        sheet.reset_dimensions()
        records = sheet.iter_rows(values_only=True)
        header = next(records, None)
        if header is None:
            close()
            return Table(
                kind="xlsx",
                columns=columns,
                columns_present=(),
                rows=_no_rows(),
                closer=lambda: None,
            )
        header = [_cell_text(cell) for cell in header]
        if not any(header):
            return _no_header_table("xlsx", columns, required, _xlsx_guarded(records), close)
        positions = _read_header(header, columns, required)
    except FileRefused:
        close()
        raise
    except Exception:
        close()
        raise FileRefused(_NOT_XLSX) from None
    present = tuple(name for name, position in zip(columns, positions, strict=True) if position is not None)
    return Table(
        kind="xlsx",
        columns=columns,
        columns_present=present,
        rows=_xlsx_rows(records, positions, close),
        closer=close,
    )


def _xlsx_guarded(records):
    line = 1
    try:
        for record in records:
            line += 1
            yield record
    # Only openpyxl runs in here: the consumer's code runs outside the generator.
    except Exception:
        raise FileRefused(_fill(_BROKEN_XLSX, {"line": line})) from None


def _xlsx_rows(records, positions, close):
    pick, width = _picker(positions)
    pad = None in positions
    line = 1
    _max_bytes, max_rows = xlsx_limits()
    try:
        for line, row in enumerate(records, 2):
            if line > max_rows:
                raise _too_many_rows(line, max_rows)
            if len(row) < width:
                if not row:
                    continue
                row = (*row, *((None,) * (width - len(row))))
            if pad:
                row = (*row, None)
            values = tuple(map(_cell_text, pick(row)))
            if any(values):
                yield line, values
    except FileRefused:
        raise
    # Only openpyxl runs in here: the consumer's code runs outside the generator.
    except Exception:
        raise FileRefused(_fill(_BROKEN_XLSX, {"line": line})) from None
    finally:
        close()
