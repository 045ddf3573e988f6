"""Training results files, the participant reports (rekap peserta) of any provider
(§10, docs/training-results.md).

One validating Python pass checks each row on its own and feeds it to PostgreSQL's COPY, into
a temporary table. Everything that needs stored data is then set-based, in the same
transaction, a fixed number of statements whatever the size of the file:

1. rows whose NIK already has a training in that cycle (imported before, or a seat that was not
   withdrawn in one of the cycle's batches) or whose certificate number is already held (by an
   imported training or an enrolment) are rejected;
2. of the rows left, a row that repeats the NIK and cycle, or the certificate number, of an
   earlier row that was accepted is rejected: only the rows sharing such a key are read back,
   and they are settled in line order;
3. providers are matched by name (training.rules.provider_name_key); an unknown name creates
   one provider, reported once;
4. persons are created for NIKs new in the row's district (an existing person is never overwritten; a differing name
   or birth date is a warning), and the trainings are inserted.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from core.copy import NULL, copy_text
from core.dates import clean_birth_date, clean_date
from core.identifiers import InvalidValue, clean_nik, clean_region_code
from core.importing import ImportReport, Problem, memoized
from participants.values import clean_sex
from training.rules import provider_name_clean, provider_name_key
from training.values import clean_competence, clean_training_result

COLUMNS = (
    "nik", "nama", "tanggal_lahir", "jenis_kelamin", "kode_wilayah", "program", "penyelenggara", "kejuruan",
    "tanggal_mulai", "tanggal_selesai", "hasil", "kompeten", "no_sertifikat",
)
REQUIRED = tuple(c for c in COLUMNS if c not in ("kompeten", "no_sertifikat"))

# Column widths of the stored rows: a longer value is a malformed row, not a failed import.
MAX_LENGTH = {"nama": 255, "penyelenggara": 255, "kejuruan": 255, "no_sertifikat": 100}

# Serialises training results imports: the checks against stored trainings and certificates,
# and the providers created, must see the previous import's rows.
ADVISORY_LOCK = 7_310_001

STAGING = """
CREATE TEMPORARY TABLE training_result_staging (
    line integer PRIMARY KEY, nik varchar(16), name varchar(255), birth_date date, sex varchar(1),
    village_code varchar(13), regency varchar(5), cycle_id bigint, provider_id bigint, provider_key text,
    provider_name varchar(255), vocation varchar(255), start_date date, end_date date, result varchar(20),
    competent varchar(5), certificate varchar(100)
) ON COMMIT DROP
"""

# (line, cycle code, 'import' or 'enrolment', the district's name or NULL): the NIK already has
# a training in the row's cycle, in the row's own district (NULL) or in another one. Each district
# keeps its own record of a NIK: of another district's only its name and the cycle are said.
ALREADY_TRAINED = """
SELECT DISTINCT s.line, c.code, 'import', CASE WHEN p.regency_id <> s.regency THEN r.name END
FROM training_result_staging s
JOIN participants_person p ON p.nik = s.nik
JOIN training_importedtraining t ON t.person_id = p.id AND t.cycle_id = s.cycle_id
JOIN programs_programcycle c ON c.id = s.cycle_id
JOIN regions_regency r ON r.code = p.regency_id
UNION
SELECT DISTINCT s.line, c.code, 'enrolment', CASE WHEN p.regency_id <> s.regency THEN r.name END
FROM training_result_staging s
JOIN participants_person p ON p.nik = s.nik
JOIN participants_application a ON a.person_id = p.id
JOIN training_enrolment e ON e.application_id = a.id AND e.status <> 'withdrawn'
JOIN training_batch b ON b.id = e.batch_id AND b.cycle_id = s.cycle_id
JOIN programs_programcycle c ON c.id = s.cycle_id
JOIN regions_regency r ON r.code = p.regency_id
ORDER BY 1, 4 NULLS FIRST, 3
"""

# (line, 'import' or 'enrolment'): the certificate number is already held.
CERTIFICATE_HELD = """
SELECT s.line, 'import' FROM training_result_staging s
JOIN training_importedtraining t ON t.certificate_number = s.certificate
WHERE s.certificate <> ''
UNION
SELECT s.line, 'enrolment' FROM training_result_staging s
JOIN training_enrolment e ON e.certificate_number = s.certificate
WHERE s.certificate <> ''
ORDER BY 1, 2
"""

# Only the rows that share their NIK and cycle, or their certificate number, with another row
# left in the file: all other rows cannot collide within the file.
SHARED_KEYS = """
SELECT line, nik, cycle_id, certificate FROM (
    SELECT line, nik, cycle_id, certificate,
           count(*) OVER (PARTITION BY nik, cycle_id) AS same_training,
           count(*) OVER (PARTITION BY certificate) AS same_certificate
    FROM training_result_staging
) s
WHERE same_training > 1 OR (certificate <> '' AND same_certificate > 1)
ORDER BY line
"""

NEW_PROVIDERS = """
SELECT DISTINCT ON (provider_key) provider_key, provider_name, regency, line
FROM training_result_staging WHERE provider_id IS NULL
ORDER BY provider_key, line
"""

SET_NEW_PROVIDERS = """
UPDATE training_result_staging s SET provider_id = m.id
FROM unnest(%(keys)s::text[], %(ids)s::bigint[]) AS m(key, id)
WHERE s.provider_id IS NULL AND s.provider_key = m.key
"""

# A person is one record per NIK and district (the row's desa's): new in the district, created;
# never overwritten.
INSERT_PERSONS = """
INSERT INTO participants_person
    (nik, no_kk, name, birth_date, sex, village_code, regency_id, address, phone, created_at, updated_at)
SELECT DISTINCT ON (nik, regency) nik, '', name, birth_date, sex, village_code, regency, '', '', %(now)s, %(now)s
FROM training_result_staging ORDER BY nik, regency, line
ON CONFLICT (nik, regency_id) DO NOTHING
"""

# After the persons are in: a row whose name or birth date differs from the person its district
# stored under its NIK (registered before, or created from an earlier row of this file); another
# district's record is never compared.
PERSON_DIFFERS = """
SELECT s.line,
       lower(regexp_replace(btrim(p.name), '\\s+', ' ', 'g')) <> lower(s.name) AS name_differs,
       p.birth_date <> s.birth_date AS birth_date_differs
FROM training_result_staging s JOIN participants_person p ON p.nik = s.nik AND p.regency_id = s.regency
WHERE lower(regexp_replace(btrim(p.name), '\\s+', ' ', 'g')) <> lower(s.name) OR p.birth_date <> s.birth_date
ORDER BY s.line
"""

INSERT_TRAININGS = """
INSERT INTO training_importedtraining
    (person_id, cycle_id, provider_id, vocation, start_date, end_date, result, competent, certificate_number,
     regency_id, village_code, import_job_id, file_name, line, imported_by_id, imported_at)
SELECT p.id, s.cycle_id, s.provider_id, s.vocation, s.start_date, s.end_date, s.result, s.competent, s.certificate,
       s.regency, s.village_code, %(job)s, %(file)s, s.line, %(user)s, %(now)s
FROM training_result_staging s JOIN participants_person p ON p.nik = s.nik AND p.regency_id = s.regency
ORDER BY s.line
"""


def result_rows(table, *, cycles: dict[str, int], providers: dict[str, int], regency_codes: set[str] | None,
                report: ImportReport, current_year: int, known_regencies: set[str], known_villages: set[str],
                progress=None):
    """Check each row on its own and yield the rows that pass as COPY lines; problems go to
    `report`. `providers` maps provider_name_key(name) to a provider id. Nothing here reads the
    database: it runs while the COPY is fed."""
    required = _("A value is required")
    too_long = _("At most %(count)s characters")
    unknown_regency = _("Unknown kabupaten/kota in desa code %(code)s")
    outside = _("Desa %(code)s is outside your area")
    unknown_village = _("Desa code %(code)s is not in the current region data")
    unknown_program = _("Unknown program code %(code)s")
    ends_before = _("Tanggal selesai is before tanggal mulai")
    certificate_not_earned = _(
        "A certificate number can only be given when hasil is lulus and kompeten is ya"
    )
    cleaners = {
        "nik": memoized(clean_nik, current_year=current_year),
        "tanggal_lahir": memoized(clean_birth_date, today=timezone.localdate()),
        "jenis_kelamin": memoized(clean_sex),
        "kode_wilayah": memoized(clean_region_code, level="village"),
        "tanggal_mulai": memoized(clean_date),
        "tanggal_selesai": memoized(clean_date),
        "hasil": memoized(clean_training_result),
        "kompeten": memoized(clean_competence),
    }
    for line, values in table:
        row = dict(zip(COLUMNS, values, strict=True))
        problems = []
        clean = {}
        for column in REQUIRED:
            if not row[column]:
                problems.append(Problem(line, column, required))
        for column, cleaner in cleaners.items():
            if row[column]:
                value = cleaner(row[column])
                if isinstance(value, InvalidValue):
                    problems.append(Problem(line, column, value.message))
                else:
                    clean[column] = value
            else:
                clean[column] = None if column in REQUIRED else ""
        name = " ".join(row["nama"].split())
        provider_name = provider_name_clean(row["penyelenggara"])
        vocation = " ".join(row["kejuruan"].split())
        certificate = row["no_sertifikat"].strip()
        for column, value in (("nama", name), ("penyelenggara", provider_name), ("kejuruan", vocation),
                              ("no_sertifikat", certificate)):
            if len(value) > MAX_LENGTH[column]:
                problems.append(Problem(line, column, too_long % {"count": MAX_LENGTH[column]}))
        village = clean.get("kode_wilayah")
        regency = None
        if village:
            regency = village[:5]
            if regency not in known_regencies:
                problems.append(Problem(line, "kode_wilayah", unknown_regency % {"code": village}))
            elif regency_codes is not None and regency not in regency_codes:
                problems.append(Problem(line, "kode_wilayah", outside % {"code": village}))
        cycle_id = None
        if row["program"]:
            cycle_id = cycles.get(row["program"])
            if cycle_id is None:
                problems.append(Problem(line, "program", unknown_program % {"code": row["program"]}))
        start, end = clean.get("tanggal_mulai"), clean.get("tanggal_selesai")
        if start and end and end < start:
            problems.append(Problem(line, "tanggal_selesai", ends_before))
        result, competent = clean.get("hasil"), clean.get("kompeten")
        if certificate and result is not None and competent is not None and (result != "lulus" or competent != "ya"):
            problems.append(Problem(line, "no_sertifikat", certificate_not_earned))
        if problems:
            report.errors.extend(problems)
            report.rejected += 1
            continue
        if village not in known_villages:
            report.warnings.append(Problem(line, "kode_wilayah", unknown_village % {"code": village}))
        key = provider_name_key(provider_name)
        provider_id = providers.get(key)
        if progress is not None:
            progress(line)
        yield (
            f"{line}\t{clean['nik']}\t{copy_text(name)}\t{clean['tanggal_lahir'].isoformat()}\t"
            f"{clean['jenis_kelamin']}\t{village}\t{regency}\t{cycle_id}\t"
            f"{NULL if provider_id is None else provider_id}\t{copy_text(key)}\t{copy_text(provider_name)}\t"
            f"{copy_text(vocation)}\t{start.isoformat()}\t{end.isoformat()}\t{result}\t{competent}\t"
            f"{copy_text(certificate)}\n"
        )


def settle_shared_keys(rows) -> list[Problem]:
    """Of rows (line, nik, cycle id, certificate) in line order, the problems of those that
    repeat the NIK and cycle, or the certificate, of an earlier row accepted here: a row
    rejected for one key does not block a later row with its other key."""
    trained: dict[tuple[str, int], int] = {}
    certificates: dict[str, int] = {}
    problems = []
    for line, nik, cycle_id, certificate in rows:
        found = []
        if (nik, cycle_id) in trained:
            found.append(Problem(line, "nik", _(
                "This NIK already has a training in this program at line %(line)s of this file"
            ) % {"line": trained[(nik, cycle_id)]}))
        if certificate and certificate in certificates:
            found.append(Problem(line, "no_sertifikat", _(
                "This certificate number is already given at line %(line)s of this file"
            ) % {"line": certificates[certificate]}))
        if found:
            problems.extend(found)
            continue
        trained[(nik, cycle_id)] = line
        if certificate:
            certificates[certificate] = line
    return problems
