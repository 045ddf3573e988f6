"""One person record per NIK and district (issue 9, docs/identifiers.md).

Before this, a NIK was one record nationwide, with one district: a second district's import or
registration read or overwrote what the first had stored. The data step splits every person
whose rows lie in several districts: the record stays with its own district, and each other
district gets a copy of the identity data (its desa taken from that district's latest row),
to which that district's applications (and so their enrolments), imported trainings, grants and
coaching attendances move. Graduate outcomes stay with the original record. Set-based: a few
statements whatever the number of persons. Nothing is deleted.

Where another district's registration form had overwritten the record (it moved the person and
replaced name, No. KK, address and phone), the copy for the district that lost its data gets back
what that district last held, from the registration audit rows (each keeps the record before and
after): of the snapshots whose desa lies in the district, the latest.
"""

from django.db import migrations, models

# Every (person, district) pair where a row of another district than the person's hangs on the
# person, with the desa to give that district's copy (the latest application's, else the latest
# imported training's, else the grant's business location, else the person's own).
SPLIT_PAIRS = """
CREATE TEMPORARY TABLE person_split ON COMMIT DROP AS
SELECT DISTINCT ON (x.person_id, x.regency_id) x.person_id AS old_id, x.regency_id,
       coalesce(x.village_code, p.village_code) AS village_code
FROM (
    SELECT person_id, regency_id, village_code, 1 AS rank, id FROM participants_application
    UNION ALL SELECT person_id, regency_id, village_code, 2, id FROM training_importedtraining
    UNION ALL SELECT person_id, regency_id, village_id, 3, id FROM grants_grant
    UNION ALL SELECT a.person_id, s.regency_id, NULL, 4, s.id
              FROM grants_coachingsession_attendees a JOIN grants_coachingsession s ON s.id = a.coachingsession_id
) x JOIN participants_person p ON p.id = x.person_id
WHERE x.regency_id <> p.regency_id
ORDER BY x.person_id, x.regency_id, x.rank, x.id DESC
"""

INSERT_COPIES = """
INSERT INTO participants_person
    (nik, no_kk, name, birth_date, sex, village_code, regency_id, address, phone, created_at, updated_at)
SELECT p.nik, p.no_kk, p.name, p.birth_date, p.sex, s.village_code, s.regency_id, p.address, p.phone,
       p.created_at, now()
FROM person_split s JOIN participants_person p ON p.id = s.old_id
"""

# A copy takes back the data its district last held, when the audit rows of the registration
# form keep it: the latest snapshot (before or after a registration) whose desa is the district's.
RESTORE_COPIES = """
CREATE TEMPORARY TABLE person_split_held ON COMMIT DROP AS
SELECT DISTINCT ON (v.snap->>'nik', left(v.snap->>'village_code', 5))
       v.snap->>'nik' AS nik, left(v.snap->>'village_code', 5) AS regency_id, v.snap
FROM audit_auditevent e
CROSS JOIN LATERAL (VALUES (1, e.after), (0, e.before)) AS v(step, snap)
WHERE e.action = 'application.register' AND v.snap IS NOT NULL
  AND v.snap->>'nik' IN (SELECT o.nik FROM person_split s JOIN participants_person o ON o.id = s.old_id)
ORDER BY v.snap->>'nik', left(v.snap->>'village_code', 5), e.created_at DESC, e.id DESC, v.step DESC;

UPDATE participants_person n
SET no_kk = h.snap->>'no_kk', name = h.snap->>'name', birth_date = (h.snap->>'birth_date')::date,
    sex = h.snap->>'sex', village_code = h.snap->>'village_code', address = coalesce(h.snap->>'address', ''),
    phone = coalesce(h.snap->>'phone', '')
FROM person_split s, participants_person o, person_split_held h
WHERE o.id = s.old_id AND h.nik = o.nik AND h.regency_id = s.regency_id
  AND n.nik = o.nik AND n.regency_id = s.regency_id
"""

# Rows of `table` (with person_id and regency_id columns) move to their district's copy.
MOVE_ROWS = """
UPDATE {table} t SET person_id = n.id
FROM participants_person o, participants_person n
WHERE t.person_id = o.id AND t.regency_id <> o.regency_id AND n.nik = o.nik AND n.regency_id = t.regency_id
"""

MOVE_ATTENDEES = """
UPDATE grants_coachingsession_attendees a SET person_id = n.id
FROM grants_coachingsession s, participants_person o, participants_person n
WHERE s.id = a.coachingsession_id AND a.person_id = o.id AND s.regency_id <> o.regency_id
  AND n.nik = o.nik AND n.regency_id = s.regency_id
"""

SPLIT = ";\n".join([
    SPLIT_PAIRS,
    INSERT_COPIES,
    RESTORE_COPIES,
    MOVE_ROWS.format(table="participants_application"),
    MOVE_ROWS.format(table="training_importedtraining"),
    MOVE_ROWS.format(table="grants_grant"),
    MOVE_ATTENDEES,
    # The moves queue deferred foreign-key checks; run them now, before the table is altered.
    "SET CONSTRAINTS ALL IMMEDIATE",
])


class Migration(migrations.Migration):

    dependencies = [
        ('participants', '0002_initial'),
        ('regions', '0001_initial'),
        # The rows that hang on a person and move with the split.
        ('training', '0003_imported_training'),
        ('grants', '0001_initial'),
        # The registration audit rows, from which overwritten data is taken back.
        ('audit', '0002_append_only'),
    ]

    operations = [
        migrations.AlterField(
            model_name='person',
            name='nik',
            field=models.CharField(db_index=True, max_length=16, verbose_name='NIK'),
        ),
        migrations.RunSQL(SPLIT, reverse_sql=migrations.RunSQL.noop),
        migrations.AddConstraint(
            model_name='person',
            constraint=models.UniqueConstraint(fields=('nik', 'regency'), name='one_person_per_nik_and_regency'),
        ),
    ]
