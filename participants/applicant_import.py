"""Applicant files from villages and staff (§4, docs/applicants.md).

Rows are validated in one Python pass, copied into a temporary table, and turned into persons
and applications with a few set-based statements in one transaction: a failure leaves nothing
half-imported.
"""

from datetime import date

from django.utils.translation import gettext as _

from core.copy import copy_text
from core.dates import clean_birth_date
from core.identifiers import InvalidValue, clean_nik, clean_no_kk, clean_region_code, regency_of
from core.importing import ImportReport, Problem
from participants.values import clean_sex
from programs.values import clean_education, clean_school_status

COLUMNS = (
    "nik", "no_kk", "nama", "tanggal_lahir", "jenis_kelamin", "kode_wilayah", "alamat", "no_hp",
    "pendidikan_terakhir", "status_sekolah", "program",
)
REQUIRED = tuple(c for c in COLUMNS if c not in ("alamat", "no_hp"))

STAGING = """
CREATE TEMPORARY TABLE applicant_staging (
    line integer PRIMARY KEY, nik varchar(16), no_kk varchar(16), name varchar(255), birth_date date,
    sex varchar(1), village_code varchar(13), regency varchar(5), address text, phone varchar(30),
    education varchar(20), school_status varchar(20), cycle_id bigint
) ON COMMIT DROP
"""

# Each district keeps its own record of a NIK (docs/identifiers.md): a row is compared only with
# the record of its own district (the row's desa's), never with what another district stored.
ALREADY_STORED = """
SELECT s.line, c.code FROM applicant_staging s
JOIN participants_person p ON p.nik = s.nik AND p.regency_id = s.regency
JOIN participants_application a ON a.person_id = p.id AND a.cycle_id = s.cycle_id
JOIN programs_programcycle c ON c.id = s.cycle_id
ORDER BY s.line
"""

# The same NIK's application to the row's cycle in another district: the row is rejected too,
# and all it says is which district and which cycle.
STORED_ELSEWHERE = """
SELECT DISTINCT ON (s.line) s.line, r.name, c.code FROM applicant_staging s
JOIN participants_person p ON p.nik = s.nik AND p.regency_id <> s.regency
JOIN participants_application a ON a.person_id = p.id AND a.cycle_id = s.cycle_id
JOIN programs_programcycle c ON c.id = s.cycle_id
JOIN regions_regency r ON r.code = a.regency_id
ORDER BY s.line, a.id
"""

PERSON_DIFFERS = """
SELECT s.line FROM applicant_staging s JOIN participants_person p ON p.nik = s.nik AND p.regency_id = s.regency
WHERE p.name <> s.name OR p.birth_date <> s.birth_date OR p.sex <> s.sex
ORDER BY s.line
"""

INSERT_PERSONS = """
INSERT INTO participants_person
    (nik, no_kk, name, birth_date, sex, village_code, regency_id, address, phone, created_at, updated_at)
SELECT DISTINCT ON (nik, regency) nik, no_kk, name, birth_date, sex, village_code, regency, address, phone,
       %(now)s, %(now)s
FROM applicant_staging ORDER BY nik, regency, line
ON CONFLICT (nik, regency_id) DO NOTHING
"""

INSERT_APPLICATIONS = """
INSERT INTO participants_application
    (person_id, cycle_id, regency_id, village_code, education, school_status, source, import_job_id,
     created_by_id, created_at)
SELECT p.id, s.cycle_id, s.regency, s.village_code, s.education, s.school_status, 'import', %(job)s, %(user)s, %(now)s
FROM applicant_staging s JOIN participants_person p ON p.nik = s.nik AND p.regency_id = s.regency
ORDER BY s.line
"""


def applicant_rows(table, *, cycles: dict[str, int], regency_codes: set[str] | None, report: ImportReport,
                   current_year: int, today: date, known_regencies: set[str], known_villages: set[str], progress=None):
    """Yield the rows that pass as COPY lines; problems go to `report`."""
    seen: dict[tuple[str, int], int] = {}
    for line, (nik, no_kk, nama, lahir, jk, wilayah, alamat, no_hp, pendidikan, status, program) in table:
        problems = []

        def check(column, cleaner, raw, *, line=line, problems=problems, **kwargs):
            if not raw:
                problems.append(Problem(line, column, _("A value is required")))
                return None
            try:
                return cleaner(raw, **kwargs)
            except InvalidValue as exc:
                problems.append(Problem(line, column, str(exc.message)))
                return None

        nik = check("nik", clean_nik, nik, current_year=current_year)
        no_kk = check("no_kk", clean_no_kk, no_kk)
        if not nama:
            problems.append(Problem(line, "nama", _("A value is required")))
        birth = check("tanggal_lahir", clean_birth_date, lahir, today=today)
        sex = check("jenis_kelamin", clean_sex, jk)
        village = check("kode_wilayah", clean_region_code, wilayah, level="village")
        regency = None
        if village:
            regency = regency_of(village)
            if regency not in known_regencies:
                problems.append(Problem(
                    line, "kode_wilayah", _("Unknown kabupaten/kota in desa code %(code)s") % {"code": village}
                ))
            elif regency_codes is not None and regency not in regency_codes:
                problems.append(Problem(
                    line, "kode_wilayah", _("Desa %(code)s is outside your area") % {"code": village}
                ))
        education = check("pendidikan_terakhir", clean_education, pendidikan)
        school = check("status_sekolah", clean_school_status, status)
        cycle_id = None
        if not program:
            problems.append(Problem(line, "program", _("A value is required")))
        else:
            cycle_id = cycles.get(program.strip())
            if cycle_id is None:
                problems.append(Problem(
                    line, "program", _("Unknown program code %(code)s") % {"code": program.strip()}
                ))
        if not problems and (nik, cycle_id) in seen:
            problems.append(Problem(line, "nik", _("This NIK already applies to %(code)s at line %(line)s of this file")
                                    % {"code": program.strip(), "line": seen[(nik, cycle_id)]}))
        if problems:
            report.errors.extend(problems)
            report.rejected += 1
            continue
        if village not in known_villages:
            report.warnings.append(Problem(
                line, "kode_wilayah", _("Desa code %(code)s is not in the current region data") % {"code": village}
            ))
        seen[(nik, cycle_id)] = line
        if progress is not None:
            progress(line)
        yield (
            f"{line}\t{nik}\t{no_kk}\t{copy_text(nama)}\t{birth.isoformat()}\t{sex}\t{village}\t{regency}\t"
            f"{copy_text(alamat)}\t{copy_text(no_hp[:30])}\t{education}\t{school}\t{cycle_id}\n"
        )
