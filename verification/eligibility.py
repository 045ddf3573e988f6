"""The eligibility decision for a whole cycle (§6, docs/eligibility.md), set-based.

The facts of every application come from one query (applications joined with the active DTKS
snapshot by NIK and by No. KK); the rules in verification.rules decide each one in a Python loop;
all results are written back with one COPY and one INSERT ... ON CONFLICT. A staff decision is
never touched: a changed automatic result only marks it for another look.
"""


from django.utils.translation import gettext as _

from core.errors import PortalError
from programs.models import ProgramCycle

from .models import DtksSnapshot
from .rules import ApplicantFacts, CycleRules

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


def pg_array(codes) -> str:
    return "{" + ",".join(codes) + "}"
