"""Targets files (§11, docs/targets.md): the number of residents each district means to train in
a year. Rows are checked one by one in a single pass; a repeated (tahun, kode_wilayah) keeps the
last row. What is kept is bounded by the distinct (year, district) pairs, never by the file."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from core.identifiers import InvalidValue, clean_region_code
from core.importing import ImportReport, Problem

COLUMNS = ("tahun", "kode_wilayah", "target")
REQUIRED = COLUMNS


@dataclass(frozen=True)
class TargetRow:
    line: int
    year: int
    regency: str
    target: int


def clean_year(raw: str) -> int:
    """A year written with four digits (2025)."""
    if len(raw) != 4 or not (raw.isascii() and raw.isdigit()) or raw[0] == "0":
        raise InvalidValue(_("A year is written with four digits, like 2025"))
    return int(raw)


def clean_target(raw: str) -> int:
    """A whole number of at least 1, written with digits only."""
    if not (raw.isascii() and raw.isdigit()) or int(raw) < 1:
        raise InvalidValue(_("The target must be a whole number of at least 1, written with digits only"))
    return int(raw)


def _clean_regency(raw: str) -> str:
    # A kecamatan or desa code is malformed here, not read as its kabupaten.
    return clean_region_code(raw, level="regency")


def target_rows(table, *, report: ImportReport, known_regencies: set[str],
                regency_codes: set[str] | None = None) -> dict[tuple[int, str], TargetRow]:
    """{(year, kabupaten code): the last valid row for it}. Malformed rows are rejected in
    `report`; a row replaced by a later one of the same year and district is a warning on the
    earlier line. `regency_codes` limits the rows to a user's districts (None: any)."""
    required = _("A value is required")
    rows: dict[tuple[int, str], TargetRow] = {}
    for line, (tahun, kode_wilayah, target) in table:
        problems = []
        values = {}
        for column, raw, cleaner in (("tahun", tahun, clean_year), ("kode_wilayah", kode_wilayah, _clean_regency),
                                     ("target", target, clean_target)):
            if not raw:
                problems.append(Problem(line, column, required))
                continue
            try:
                values[column] = cleaner(raw)
            except InvalidValue as exc:
                problems.append(Problem(line, column, str(exc.message)))
        regency = values.get("kode_wilayah")
        if regency is not None:
            if regency not in known_regencies:
                problems.append(Problem(line, "kode_wilayah", _("Unknown kabupaten/kota %(code)s") % {"code": regency}))
            elif regency_codes is not None and regency not in regency_codes:
                problems.append(Problem(line, "kode_wilayah", _("%(code)s is outside your area") % {"code": regency}))
        if problems:
            report.errors.extend(problems)
            report.rejected += 1
            continue
        key = (values["tahun"], regency)
        earlier = rows.get(key)
        if earlier is not None:
            report.warnings.append(Problem(earlier.line, "target", _(
                "Replaced by line %(line)s of this file, the later target for %(code)s in %(year)s"
            ) % {"line": line, "code": regency, "year": values["tahun"]}))
        rows[key] = TargetRow(line=line, year=values["tahun"], regency=regency, target=values["target"])
        report.imported += 1
    return rows
