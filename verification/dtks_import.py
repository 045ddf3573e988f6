"""Loading a DTKS extract into a new snapshot of one or more kabupaten/kota (§3,
docs/dtks-snapshot.md).

One streaming pass: the file is read row by row, each row validated in Python and handed to
PostgreSQL's COPY as it is produced, into a table of the snapshot's own. Its indexes are built
after the rows are in, and the table is attached to verification_dtksrecord in the same
transaction that marks the snapshot completed: a crash or a refused file leaves no trace but
a failed snapshot row, and the active snapshot stays what it was.
"""

from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.copy import NULL, copy_from_lines, copy_text
from core.dates import clean_date
from core.identifiers import InvalidValue, clean_nik, clean_no_kk, clean_region_code
from core.importing import CoverageReport, Problem, memoized
from core.tabular import open_table
from participants.values import clean_sex
from regions.selectors import known_region_codes
from verification.values import clean_desil

from .models import DtksSnapshot

COLUMNS = ("id_dtks", "nik", "no_kk", "nama", "tanggal_lahir", "jenis_kelamin", "kode_wilayah", "alamat", "desil")
REQUIRED = ("nik", "no_kk", "nama", "kode_wilayah")


def _dtks_rows(table, *, snapshot_id: int, report: CoverageReport, current_year: int, known_regencies: set[str],
               known_villages: set[str], coverage: frozenset[str], within: frozenset[str] | None, progress=None):
    """Validate rows and yield them as COPY lines; problems go to `report`, and the kabupaten of
    the accepted rows to report.districts. A row outside `coverage` (when named) or outside
    `within` (the districts the importer may import for; None: any) is rejected.

    This loop runs a million times per import: valid rows take a path with no allocation
    beyond the output line, and repeated values are cleaned once (see memoized)."""
    errors = report.errors
    warnings = report.warnings
    seen_nik: dict[str, int] = {}
    sid = str(snapshot_id)
    clean_birth = memoized(lambda raw: clean_date(raw).isoformat())
    clean_jk = memoized(clean_sex)
    clean_village = memoized(clean_region_code, level="village")
    clean_desil_text = memoized(lambda raw: str(clean_desil(raw) or ""))
    missing_name = _("A name is required")
    unknown_regency = _("Unknown kabupaten/kota in desa code %(code)s")
    unknown_village = _("Desa code %(code)s is not in the current region data")
    repeated_nik = _("NIK already given at line %(line)s of this file")
    outside_coverage = _("Kabupaten/kota %(code)s is outside this snapshot's coverage (%(coverage)s)")
    outside_rights = _("Kabupaten/kota %(code)s is not one of the districts you may import DTKS for")
    allowed = coverage or within
    outside = outside_coverage if coverage else outside_rights
    coverage_text = ", ".join(sorted(coverage))
    regencies: set[str] = set()
    invalid = InvalidValue
    imported = rejected = 0
    for line, (id_dtks, nik, no_kk, nama, tanggal_lahir, jenis_kelamin, kode_wilayah, alamat, desil) in table:
        problems = None
        try:
            nik = clean_nik(nik, current_year=current_year)
        except invalid as exc:
            problems = [Problem(line, "nik", str(exc.message))]
            nik = None
        try:
            no_kk = clean_no_kk(no_kk)
        except invalid as exc:
            problems = (problems or []) + [Problem(line, "no_kk", str(exc.message))]
        if not nama:
            problems = (problems or []) + [Problem(line, "nama", missing_name)]
        birth = clean_birth(tanggal_lahir) if tanggal_lahir else NULL
        if birth.__class__ is invalid:
            problems = (problems or []) + [Problem(line, "tanggal_lahir", birth.message)]
        sex = clean_jk(jenis_kelamin) if jenis_kelamin else ""
        if sex.__class__ is invalid:
            problems = (problems or []) + [Problem(line, "jenis_kelamin", sex.message)]
        village = clean_village(kode_wilayah)
        if village.__class__ is invalid:
            problems = (problems or []) + [Problem(line, "kode_wilayah", village.message)]
        elif (regency := village[:5]) not in known_regencies:
            problems = (problems or []) + [Problem(line, "kode_wilayah", unknown_regency % {"code": village})]
        elif allowed is not None and regency not in allowed:
            problems = (problems or []) + [
                Problem(line, "kode_wilayah", outside % {"code": regency, "coverage": coverage_text})
            ]
        desil_text = clean_desil_text(desil) if desil else ""
        if desil_text.__class__ is invalid:
            problems = (problems or []) + [Problem(line, "desil", desil_text.message)]
        if problems is None and nik in seen_nik:
            problems = [Problem(line, "nik", repeated_nik % {"line": seen_nik[nik]})]
        if problems is not None:
            errors.extend(problems)
            rejected += 1
            continue
        if village not in known_villages:
            warnings.append(Problem(line, "kode_wilayah", unknown_village % {"code": village}))
        seen_nik[nik] = line
        regencies.add(regency)
        imported += 1
        if progress is not None:
            progress(line)
        yield (
            f"{sid}\t{line}\t{copy_text(id_dtks)}\t{nik}\t{no_kk}\t{copy_text(nama)}\t{birth}\t{sex}\t"
            f"{village}\t{copy_text(alamat)}\t{desil_text or NULL}\n"
        )
    report.imported = imported
    report.rejected = rejected
    report.districts = sorted(coverage or regencies)


def dtks_load(*, snapshot: DtksSnapshot, path: Path, file_name: str, by=None, current_year: int | None = None,
              within: frozenset[str] | None = None, progress=None) -> CoverageReport:
    """Load the file into `snapshot` (status IMPORTING) and make it completed. Its coverage is
    snapshot.coverage when named, else the kabupaten of the accepted rows (§3); `within` limits
    the rows to the districts the importer may import for. Raises core.tabular.FileRefused for a
    file refused whole; then nothing is kept."""
    report = CoverageReport()
    current_year = current_year or timezone.localdate().year
    table_name = snapshot.partition_table
    known_regencies, known_villages = known_region_codes()
    with transaction.atomic():
        table = open_table(path, columns=COLUMNS, required=REQUIRED, file_name=file_name)
        with connection.cursor() as cursor:
            cursor.execute(f'DROP TABLE IF EXISTS "{table_name}"')
            cursor.execute(
                f'CREATE TABLE "{table_name}" (LIKE verification_dtksrecord INCLUDING DEFAULTS)'
            )
            rows = _dtks_rows(table, snapshot_id=snapshot.pk, report=report, current_year=current_year,
                              known_regencies=known_regencies, known_villages=known_villages,
                              coverage=frozenset(snapshot.coverage), within=within, progress=progress)
            copy_from_lines(
                cursor,
                f'COPY "{table_name}" (snapshot_id, line, id_dtks, nik, no_kk, name, birth_date, sex, '
                f"village_code, address, desil) FROM STDIN",
                rows,
            )
            if report.imported:
                cursor.execute(f'CREATE INDEX "{table_name}_nik" ON "{table_name}" (nik)')
                cursor.execute(f'CREATE INDEX "{table_name}_kk" ON "{table_name}" (no_kk)')
                cursor.execute(
                    f'ALTER TABLE "{table_name}" ADD CONSTRAINT "{table_name}_sid" '
                    f"CHECK (snapshot_id = {int(snapshot.pk)})"
                )
                cursor.execute(
                    f'ALTER TABLE verification_dtksrecord ATTACH PARTITION "{table_name}" '
                    f"FOR VALUES IN ({int(snapshot.pk)})"
                )
                cursor.execute(f'ANALYZE "{table_name}"')
            else:
                cursor.execute(f'DROP TABLE "{table_name}"')
        if not report.imported and not report.rejected:
            # A file with no data rows creates no snapshot (§3).
            snapshot.delete()
            return report
        snapshot.imported_rows = report.imported
        snapshot.rejected_rows = report.rejected
        snapshot.warning_rows = report.warnings.distinct_lines()
        snapshot.coverage = report.districts
        snapshot.finished_at = timezone.now()
        # A snapshot that accepted no row never becomes active (§3).
        snapshot.status = DtksSnapshot.Status.COMPLETED if report.imported else DtksSnapshot.Status.FAILED
        snapshot.save(update_fields=["imported_rows", "rejected_rows", "warning_rows", "coverage", "finished_at",
                                     "status"])
        audit_record(
            actor=by, action="dtks.import", target=snapshot,
            after={"snapshot_date": snapshot.snapshot_date, "file": file_name, "coverage": snapshot.coverage,
                   "imported": report.imported, "rejected": report.rejected, "status": snapshot.status},
            regency_code=snapshot.coverage[0] if len(snapshot.coverage) == 1 else "",
        )
    return report
