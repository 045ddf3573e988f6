"""Loading the Kemendagri region reference data (idn-area-data) into the region tables."""

import csv
import re
from dataclasses import dataclass
from pathlib import Path

import psycopg2
from django.conf import settings
from django.db import connection, models, transaction
from django.utils.translation import gettext as _

from audit.services import audit_record

from .models import Province, Regency, Subdistrict, Village


class RegionSourceError(Exception):
    """The source directory is missing or one of its files cannot be loaded."""


class RegionSourceMissing(RegionSourceError):
    pass


@dataclass(frozen=True)
class _Level:
    key: str  # the key in the report, stable for scripts
    model: type[models.Model]
    filename: str
    parent_column: str | None  # the column of the CSV file holding the parent's code
    parent_field: str | None  # the model's foreign key to the parent level
    code_pattern: str  # a PostgreSQL regular expression


# Parents before children: each level's parent codes are checked against the table
# the previous step has just filled.
LEVELS = [
    _Level("provinces", Province, "provinces.csv", None, None, r"^[0-9]{2}$"),
    _Level(
        "regencies", Regency, "regencies.csv", "province_code", "province", r"^[0-9]{2}\.[0-9]{2}$"
    ),
    _Level(
        "subdistricts",
        Subdistrict,
        "districts.csv",
        "regency_code",
        "regency",
        r"^[0-9]{2}\.[0-9]{2}\.[0-9]{2}$",
    ),
    _Level(
        "villages",
        Village,
        "villages.csv",
        "district_code",
        "subdistrict",
        r"^[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{4}$",
    ),
]

_COLUMN_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")
_EXAMPLES = 5


def regions_default_source_dir() -> Path:
    return Path(settings.NODE_MODULES_DIR) / "idn-area-data" / "data"


def regions_load(*, source_dir: Path) -> dict:
    """Insert new regions and update changed names from the idn-area-data CSV files in `source_dir`.

    All four levels load in one transaction: a bad file changes nothing. Rows whose code is no
    longer in the source are kept, since applications and users may point at them, and are
    listed under `not_in_source_codes`. Returns per level the counts `total` (rows in the
    source), `created`, `updated`, `unchanged` and `not_in_source`.
    """
    source_dir = Path(source_dir)
    missing = [level.filename for level in LEVELS if not (source_dir / level.filename).is_file()]
    if missing:
        raise RegionSourceMissing(
            _(
                "Region reference data not found: %(files)s missing in %(dir)s. "
                "Run `npm ci` in the project directory to install the idn-area-data package, "
                "or pass --source with the directory holding its CSV files."
            )
            % {"files": ", ".join(missing), "dir": source_dir}
        )

    report = {"source": str(source_dir)}
    with transaction.atomic(), connection.cursor() as cursor:
        # Two loads at once would count each other's rows as their own.
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('regions.load'))")
        for level in LEVELS:
            report[level.key] = _load_level(cursor, level=level, path=source_dir / level.filename)
        changed = {
            level.key: {k: report[level.key][k] for k in ("created", "updated")} for level in LEVELS
        }
        if any(n for counts in changed.values() for n in counts.values()):
            audit_record(
                actor=None, action="regions.load", after={"source": str(source_dir), **changed}
            )
    return report


def _load_level(cursor, *, level: _Level, path: Path) -> dict:
    qn = connection.ops.quote_name
    header = _read_header(path=path, level=level)
    raw, rows = f"regions_load_raw_{level.key}", f"regions_load_{level.key}"
    table = qn(level.model._meta.db_table)

    # ON COMMIT DROP does not fire inside an outer transaction (tests, a second load in one
    # transaction), so clear any leftovers first.
    cursor.execute(f"DROP TABLE IF EXISTS {raw}, {rows}")
    cursor.execute(
        f"CREATE TEMP TABLE {raw} ({', '.join(f'{qn(c)} text' for c in header)}) ON COMMIT DROP"
    )
    try:
        with path.open(encoding="utf-8-sig", newline="") as source:
            copy_columns = ", ".join(qn(c) for c in header)
            cursor.copy_expert(
                f"COPY {raw} ({copy_columns}) FROM STDIN WITH (FORMAT csv, HEADER true)", source
            )
    except (psycopg2.DataError, UnicodeDecodeError) as exc:
        raise _unreadable(path, exc) from exc

    parent_expr = f"btrim({qn(level.parent_column)})" if level.parent_column else "NULL::text"
    cursor.execute(
        f"CREATE TEMP TABLE {rows} ON COMMIT DROP AS "
        f"SELECT btrim(code) AS code, {parent_expr} AS parent_code, btrim(name) AS name FROM {raw}"
    )
    _check_rows(cursor, level=level, path=path, rows=rows)

    # Columns compared and written besides the code: the name, and the parent's code.
    columns = ["name"]
    if level.parent_field:
        columns.append(qn(level.model._meta.get_field(level.parent_field).column))
    source_columns = ["name", "parent_code"][: len(columns)]
    target_tuple = "(" + ", ".join(f"t.{c}" for c in columns) + ")"
    cursor.execute(
        f"""
        SELECT count(*),
               count(*) FILTER (WHERE t.code IS NULL),
               count(*) FILTER (WHERE t.code IS NOT NULL AND {target_tuple} IS DISTINCT FROM
                                ({", ".join(f"r.{c}" for c in source_columns)}))
        FROM {rows} r LEFT JOIN {table} t ON t.code = r.code
        """
    )
    total, created, updated = cursor.fetchone()
    cursor.execute(
        f"""
        INSERT INTO {table} AS t (code, {", ".join(columns)})
        SELECT code, {", ".join(source_columns)} FROM {rows}
        ON CONFLICT (code) DO UPDATE SET {", ".join(f"{c} = EXCLUDED.{c}" for c in columns)}
        WHERE {target_tuple} IS DISTINCT FROM ({", ".join(f"EXCLUDED.{c}" for c in columns)})
        """
    )
    cursor.execute(
        f"SELECT t.code FROM {table} t "
        f"WHERE NOT EXISTS (SELECT 1 FROM {rows} r WHERE r.code = t.code) ORDER BY t.code"
    )
    not_in_source = [code for (code,) in cursor.fetchall()]
    cursor.execute(f"DROP TABLE {raw}, {rows}")
    return {
        "total": total,
        "created": created,
        "updated": updated,
        "unchanged": total - created - updated,
        "not_in_source": len(not_in_source),
        "not_in_source_codes": not_in_source,
    }


def _read_header(*, path: Path, level: _Level) -> list[str]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as source:
            header = next(csv.reader(source), [])
    except (UnicodeDecodeError, csv.Error) as exc:
        raise _unreadable(path, exc) from exc
    columns = [c.strip() for c in header]
    required = ["code", "name"] + ([level.parent_column] if level.parent_column else [])
    absent = [c for c in required if c not in columns]
    malformed = len(set(columns)) != len(columns) or not all(_COLUMN_NAME.match(c) for c in columns)
    if absent or malformed:
        raise RegionSourceError(
            _("%(file)s must have a header line with the columns %(columns)s.")
            % {"file": path, "columns": ", ".join(required)}
        )
    return columns


def _unreadable(path: Path, exc: Exception) -> RegionSourceError:
    return RegionSourceError(
        _("%(file)s is not a readable UTF-8 CSV file: %(error)s")
        % {"file": path, "error": str(exc).strip().splitlines()[0]}
    )


def _check_rows(cursor, *, level: _Level, path: Path, rows: str) -> None:
    max_name = level.model._meta.get_field("name").max_length
    checks = [
        (
            f"SELECT coalesce(code, '') FROM {rows} WHERE code IS NULL OR code !~ %s",
            [level.code_pattern],
            _("%(file)s has malformed codes: %(examples)s"),
        ),
        (
            f"SELECT code FROM {rows} GROUP BY code HAVING count(*) > 1",
            [],
            _("%(file)s repeats codes: %(examples)s"),
        ),
        (
            f"SELECT code FROM {rows} WHERE coalesce(name, '') = '' OR length(name) > %s",
            [max_name],
            _("%(file)s has empty or too long names for the codes: %(examples)s"),
        ),
    ]
    if level.parent_field:
        parent_table = connection.ops.quote_name(
            level.model._meta.get_field(level.parent_field).related_model._meta.db_table
        )
        checks += [
            # Kemendagri codes nest: 64.01.01 lies in 64.01, which lies in 64.
            (
                f"SELECT code FROM {rows} "
                r"WHERE parent_code IS DISTINCT FROM regexp_replace(code, '\.[^.]*$', '')",
                [],
                _("%(file)s has codes that do not start with their parent's code: %(examples)s"),
            ),
            (
                f"SELECT code FROM {rows} r "
                f"WHERE NOT EXISTS (SELECT 1 FROM {parent_table} p WHERE p.code = r.parent_code)",
                [],
                _("%(file)s has codes whose parent region is unknown: %(examples)s"),
            ),
        ]
    for sql, params, message in checks:
        cursor.execute(f"{sql} ORDER BY 1 LIMIT {_EXAMPLES}", params)
        examples = [code for (code,) in cursor.fetchall()]
        if examples:
            raise RegionSourceError(message % {"file": path, "examples": ", ".join(examples)})
    cursor.execute(f"SELECT count(*) FROM {rows}")
    if cursor.fetchone()[0] == 0:
        raise RegionSourceError(_("%(file)s has no rows.") % {"file": path})
