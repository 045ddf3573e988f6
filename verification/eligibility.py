"""The eligibility decision for a whole cycle (data-contracts §6), set-based.

The facts of every application come from one query (applications joined with the active DTKS
snapshot by NIK and by No. KK); the rules in verification.rules decide each one in a Python loop;
all results are written back with one COPY and one INSERT ... ON CONFLICT. A staff decision is
never touched: a changed automatic result only marks it for another look.
"""

from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.copy import copy_from_lines
from core.errors import PortalError
from programs.models import ProgramCycle

from .models import DtksSnapshot, EligibilityRun, EligibilityStatus
from .rules import ApplicantFacts, CycleRules, evaluate

# The facts the rules see, for the applications the WHERE clause picks: the batch takes a whole
# cycle, the application page one application.
FACTS_SQL = """
SELECT a.id, p.nik, p.birth_date, p.sex, a.school_status, a.education, a.regency_id,
       d.nik IS NOT NULL AS nik_match,
       d.birth_date,
       d.desil,
       EXISTS (SELECT 1 FROM verification_dtksrecord k WHERE k.snapshot_id = %(snapshot)s AND k.no_kk = p.no_kk)
FROM participants_application a
JOIN participants_person p ON p.id = a.person_id
LEFT JOIN verification_dtksrecord d ON d.snapshot_id = %(snapshot)s AND d.nik = p.nik
WHERE {where}
"""


def facts_from_row(row) -> tuple[int, ApplicantFacts]:
    """(application id, facts) from a row of FACTS_SQL."""
    app_id, nik, birth, sex, school, education, regency, nik_match, d_birth, d_desil, kk_match = row
    return app_id, ApplicantFacts(
        nik=nik, birth_date=birth, sex=sex, school_status=school, education=education, regency_code=regency,
        dtks_nik_match=nik_match, dtks_kk_match=kk_match, dtks_birth_date=d_birth, dtks_desil=d_desil,
    )

UPSERT_SQL = """
INSERT INTO verification_eligibilityresult
    (application_id, status, reasons, flags, desil, run_id, evaluated_at, decision, decision_note, needs_recheck)
SELECT application_id, status, reasons, flags, desil, %(run)s, %(now)s, NULL, '', false FROM eligibility_batch
ON CONFLICT (application_id) DO UPDATE SET
    needs_recheck = verification_eligibilityresult.needs_recheck OR (
        verification_eligibilityresult.decision IS NOT NULL
        AND (verification_eligibilityresult.status, verification_eligibilityresult.reasons,
             verification_eligibilityresult.flags)
            IS DISTINCT FROM (EXCLUDED.status, EXCLUDED.reasons, EXCLUDED.flags)
    ),
    status = EXCLUDED.status,
    reasons = EXCLUDED.reasons,
    flags = EXCLUDED.flags,
    desil = EXCLUDED.desil,
    run_id = EXCLUDED.run_id,
    evaluated_at = EXCLUDED.evaluated_at
-- An unchanged result is left as it is: a re-run writes only what changed. Every run covers
-- every application of its cycle, so the cycle's latest run is what stands behind each result;
-- run_id and evaluated_at tell when the result last changed. A new desil alone (it ranks the
-- waiting list, it decides nothing) is written without asking for another look.
WHERE (verification_eligibilityresult.status, verification_eligibilityresult.reasons,
       verification_eligibilityresult.flags, verification_eligibilityresult.desil)
    IS DISTINCT FROM (EXCLUDED.status, EXCLUDED.reasons, EXCLUDED.flags, EXCLUDED.desil)
"""


def cycle_rules(cycle: ProgramCycle) -> CycleRules:
    return CycleRules.from_cycle_rules(cycle.rules, registration_closes=cycle.registration_closes)


def snapshot_for_run(cycle: ProgramCycle) -> DtksSnapshot | None:
    """The active snapshot; refuses a run that needs DTKS while none is active (§6)."""
    snapshot = DtksSnapshot.objects.active()
    if snapshot is None and cycle.requires_dtks:
        raise PortalError(
            _("Cycle %(code)s requires DTKS, but no DTKS snapshot is active. Import one first.") % {"code": cycle.code}
        )
    return snapshot


def _pg_array(codes) -> str:
    return "{" + ",".join(codes) + "}"


def eligibility_run(*, cycle: ProgramCycle, by=None, job=None, progress=None) -> EligibilityRun:
    rules = cycle_rules(cycle)
    snapshot = snapshot_for_run(cycle)
    counts = {EligibilityStatus.ELIGIBLE: 0, EligibilityStatus.INELIGIBLE: 0, EligibilityStatus.REVIEW: 0}
    with transaction.atomic():
        run = EligibilityRun.objects.create(
            cycle=cycle, snapshot=snapshot, snapshot_date=snapshot.snapshot_date if snapshot else None,
            rules=cycle.rules, rules_version=cycle.rules_version, reference_date=rules.reference_date,
            job=job, started_by=by if by is not None and by.pk else None,
        )
        with connection.cursor() as cursor:
            cursor.execute(FACTS_SQL.format(where="a.cycle_id = %(cycle)s"),
                           {"snapshot": snapshot.pk if snapshot else 0, "cycle": cycle.pk})
            facts_rows = cursor.fetchall()
            total = len(facts_rows)

            def lines():
                for index, row in enumerate(facts_rows, 1):
                    app_id, facts = facts_from_row(row)
                    status, reasons, flags = evaluate(facts, rules)
                    counts[status] += 1
                    if progress is not None:
                        progress(index)
                    desil = "\\N" if facts.dtks_desil is None else facts.dtks_desil
                    yield f"{app_id}\t{status}\t{_pg_array(reasons)}\t{_pg_array(flags)}\t{desil}\n"

            # Dropped at commit; dropped here too for two runs in one transaction (tests, scripts).
            cursor.execute("DROP TABLE IF EXISTS eligibility_batch")
            cursor.execute(
                "CREATE TEMPORARY TABLE eligibility_batch (application_id bigint, status varchar(12), "
                "reasons varchar(40)[], flags varchar(40)[], desil smallint) ON COMMIT DROP"
            )
            copy_from_lines(cursor, "COPY eligibility_batch FROM STDIN", lines())
            cursor.execute(UPSERT_SQL, {"run": run.pk, "now": timezone.now()})
        run.finished_at = timezone.now()
        run.counts = {str(k): v for k, v in counts.items()} | {"total": total}
        run.save(update_fields=["finished_at", "counts"])
        audit_record(
            actor=by, action="eligibility.run", target=cycle,
            after={"run": run.pk, "snapshot_date": run.snapshot_date, "rules_version": run.rules_version, **run.counts},
        )
    return run


EXPORT_SQL = """
COPY (
    SELECT p.nik, c.code, coalesce(r.status, ''),
           coalesce(array_to_string(r.reasons, ';'), ''),
           coalesce(array_to_string(r.flags, ';'), ''),
           coalesce(r.decision, ''),
           CASE WHEN r.needs_recheck THEN 1 ELSE 0 END,
           p.name, a.regency_id, a.village_code
    FROM participants_application a
    JOIN participants_person p ON p.id = a.person_id
    JOIN programs_programcycle c ON c.id = a.cycle_id
    LEFT JOIN verification_eligibilityresult r ON r.application_id = a.id
    WHERE a.cycle_id = {cycle} {scope}
    ORDER BY p.nik
) TO STDOUT WITH (FORMAT csv)
"""

EXPORT_HEADER = [
    "nik", "program", "status", "reasons", "flags", "decision", "needs_recheck", "nama", "kabupaten", "kode_wilayah",
]


def eligibility_export(*, cycle: ProgramCycle, out, regency_codes: list[str] | None = None) -> None:
    """Write the §7 CSV of a cycle to the binary file `out`: UTF-8 with a BOM, ordered by NIK,
    narrowed to `regency_codes` when given (a district user's export)."""
    scope = ""
    params = []
    if regency_codes is not None:
        scope = "AND a.regency_id = ANY(%s)"
        params = [list(regency_codes)]
    out.write("\ufeff".encode())
    header = ",".join(EXPORT_HEADER) + "\n"
    out.write(header.encode())
    with connection.cursor() as cursor:
        sql = EXPORT_SQL.format(cycle=int(cycle.pk), scope=scope)
        if params:
            sql = cursor.mogrify(sql, params).decode()
        cursor.copy_expert(sql, out)


def eligibility_export_to_path(*, cycle: ProgramCycle, path: Path, regency_codes=None) -> None:
    with open(path, "wb") as out:
        eligibility_export(cycle=cycle, out=out, regency_codes=regency_codes)


