"""Writes of the verification app: DTKS snapshots (§3, docs/dtks-snapshot.md), the eligibility run (§6)
and its export (§7), staff decisions, and the jobs that run the imports and runs in the
background. Each write runs in one transaction with its audit row."""

from datetime import date
from pathlib import Path

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.selectors import regency_codes_visible_to
from audit.services import audit_record
from core.copy import copy_from_lines
from core.errors import PortalError
from core.exports import FORMULA_TRIGGERS
from core.importing import CoverageReport
from core.jobs import job_create, job_enqueue
from core.models import Job
from participants.models import Application
from programs.models import ProgramCycle

from . import tasks
from .dtks_import import dtks_load
from .eligibility import (
    FACTS_SQL,
    UPSERT_SQL,
    cycle_rules,
    facts_from_row,
    pg_array,
    registry_for_run,
)
from .models import Decision, DtksSnapshot, EligibilityResult, EligibilityRun, EligibilityStatus, VerificationJob
from .rules import evaluate


def _decision_state(result: EligibilityResult) -> dict:
    return {
        "status": result.status,
        "decision": result.decision,
        "note": result.decision_note,
        "needs_recheck": result.needs_recheck,
        "decided_by": result.decided_by.get_username() if result.decided_by_id else None,
    }


@transaction.atomic
def application_decide(*, application: Application, by, approve: bool, note: str) -> EligibilityResult:
    """Record a staff decision beside the automatic result; later automatic runs never
    overwrite it (§6). Deciding again clears the mark for another look."""
    EligibilityResult.objects.get_or_create(application=application)
    result = (
        EligibilityResult.objects.select_for_update(of=("self",))
        .select_related("decided_by")
        .get(application=application)
    )
    before = _decision_state(result)
    result.decision = Decision.APPROVED if approve else Decision.REJECTED
    result.decision_note = note
    result.decided_by = by
    result.decided_at = timezone.now()
    result.needs_recheck = False
    result.save(update_fields=["decision", "decision_note", "decided_by", "decided_at", "needs_recheck"])
    audit_record(
        actor=by, action="application.decide", target=application, before=before, after=_decision_state(result),
        regency_code=application.regency_id,
    )
    return result


# --- DTKS snapshots (§3) ---------------------------------------------------------------------


def dtks_districts_allowed(*, by) -> frozenset[str] | None:
    """The kabupaten/kota a user may import or delete DTKS snapshots for: their own district,
    every district of their province for provincial staff, any (None) for a system admin or for
    no user at all (a command run without --user)."""
    if by is None:
        return None
    codes = regency_codes_visible_to(user=by)
    return None if codes is None else frozenset(codes)


def _coverage_check(*, by, coverage) -> None:
    """Refuse when `by` may not import or delete a snapshot covering `coverage` (§3)."""
    allowed = dtks_districts_allowed(by=by)
    if allowed is None:
        return
    outside = sorted(set(coverage) - allowed)
    if outside or not allowed:
        raise PortalError(
            _("Only staff of a covered district, or provincial staff above it, may import or delete a DTKS "
              "snapshot of %(codes)s.") % {"codes": ", ".join(outside or sorted(coverage)) or "-"}
        )


def dtks_snapshot_manageable_by(*, snapshot: DtksSnapshot, by) -> bool:
    """Whether `by` may delete the snapshot: every district it covers is theirs (§3)."""
    allowed = dtks_districts_allowed(by=by)
    return allowed is None or (bool(allowed) and set(snapshot.coverage) <= allowed)


@transaction.atomic
def _snapshot_start(*, snapshot_date: date, file_name: str, coverage: list[str], by=None, job=None) -> DtksSnapshot:
    return DtksSnapshot.objects.create(
        snapshot_date=snapshot_date, file_name=file_name, coverage=coverage, imported_by=by, job=job
    )


@transaction.atomic
def _snapshot_fail(*, snapshot: DtksSnapshot) -> None:
    DtksSnapshot.objects.filter(pk=snapshot.pk, status=DtksSnapshot.Status.IMPORTING).update(
        status=DtksSnapshot.Status.FAILED, finished_at=timezone.now()
    )


@transaction.atomic
def dtks_snapshot_delete(*, snapshot: DtksSnapshot, by) -> None:
    """Delete a snapshot and its rows (dropping its partition). Runs that used it keep their
    results and the snapshot's date. Only staff of every covered district (or provincial staff
    above them) may (§3)."""
    _coverage_check(by=by, coverage=snapshot.coverage)
    before = {"snapshot_date": snapshot.snapshot_date, "file": snapshot.file_name, "rows": snapshot.imported_rows,
              "coverage": snapshot.coverage}
    with connection.cursor() as cursor:
        cursor.execute(f'DROP TABLE IF EXISTS "{snapshot.partition_table}"')
    audit_record(actor=by, action="dtks.delete", target=snapshot, before=before,
                 regency_code=snapshot.coverage[0] if len(snapshot.coverage) == 1 else "")
    snapshot.delete()


def dtks_import_file(*, path: Path, file_name: str, snapshot_date: date, coverage: list[str] | None = None,
                     by=None, job=None, progress=None,
                     current_year: int | None = None) -> tuple[DtksSnapshot | None, CoverageReport]:
    """Create the snapshot row (visible at once as importing), load the file into it, and leave
    it failed if the load did not finish. Returns (snapshot or None for an empty file, report).

    `coverage` names the kabupaten/kota codes ("64.01") the snapshot covers (§3): rows elsewhere
    are rejected. Without it, the snapshot covers the kabupaten of its accepted rows, and only
    rows of districts `by` may import for are accepted. Refused (PortalError) when `by` may not
    import for a named district."""
    coverage = sorted(set(coverage or ()))
    _coverage_check(by=by, coverage=coverage)
    if job is not None:
        # A retried job: the snapshot its killed attempt left behind never finished.
        DtksSnapshot.objects.filter(job=job, status=DtksSnapshot.Status.IMPORTING).update(
            status=DtksSnapshot.Status.FAILED, finished_at=timezone.now()
        )
    snapshot = _snapshot_start(snapshot_date=snapshot_date, file_name=file_name, coverage=coverage, by=by, job=job)
    try:
        report = dtks_load(snapshot=snapshot, path=path, file_name=file_name, by=by, progress=progress,
                           current_year=current_year, within=dtks_districts_allowed(by=by))
    except BaseException:
        _snapshot_fail(snapshot=snapshot)
        raise
    if not DtksSnapshot.objects.filter(pk=snapshot.pk).exists():
        return None, report
    snapshot.refresh_from_db()
    return snapshot, report


# --- the eligibility run (§6) and its export (§7) ---------------------------------------------


def eligibility_run(
    *, cycle: ProgramCycle, by=None, job=None, progress=None, regency_codes: list[str] | None = None
) -> EligibilityRun:
    """Evaluate the applications of `cycle` (§6) and write their results. `regency_codes`
    limits the run to those districts' applications (None: every application of the cycle);
    the results of other districts are not touched."""
    rules = cycle_rules(cycle)
    registry = registry_for_run(cycle)
    newest = DtksSnapshot.objects.filter(pk=registry.newest()).first() if registry.ranks else None
    counts = {EligibilityStatus.ELIGIBLE: 0, EligibilityStatus.INELIGIBLE: 0, EligibilityStatus.REVIEW: 0}
    where = "a.cycle_id = %(cycle)s"
    if regency_codes is not None:
        where += " AND a.regency_id = ANY(%(regencies)s)"
    with transaction.atomic():
        run = EligibilityRun.objects.create(
            cycle=cycle, snapshot=newest, snapshot_date=newest.snapshot_date if newest else None,
            registry=registry.as_json(), rules=cycle.rules, rules_version=cycle.rules_version,
            reference_date=rules.reference_date,
            job=job, started_by=by if by is not None and by.pk else None,
            regency_codes=sorted(regency_codes) if regency_codes is not None else [],
        )
        with connection.cursor() as cursor:
            cursor.execute(FACTS_SQL.format(where=where), {
                **registry.query_params(), "cycle": cycle.pk, "regencies": list(regency_codes or []),
            })
            facts_rows = cursor.fetchall()
            total = len(facts_rows)

            def lines():
                for index, row in enumerate(facts_rows, 1):
                    app_id, facts = facts_from_row(row, registry)
                    status, reasons, flags = evaluate(facts, rules)
                    counts[status] += 1
                    if progress is not None:
                        progress(index)
                    desil = "\\N" if facts.dtks_desil is None else facts.dtks_desil
                    yield f"{app_id}\t{status}\t{pg_array(reasons)}\t{pg_array(flags)}\t{desil}\n"

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
            after={"run": run.pk, "snapshot_date": run.snapshot_date, "registry": run.registry,
                   "rules_version": run.rules_version,
                   "districts": run.regency_codes or None, **run.counts},
            regency_code=run.regency_codes[0] if len(run.regency_codes) == 1 else "",
        )
    return run


def _spreadsheet_safe_sql(column: str) -> str:
    """core.exports.spreadsheet_safe as an SQL expression, for an export PostgreSQL writes with
    COPY: text starting with a formula trigger gets a leading apostrophe."""
    triggers = ", ".join(f"chr({ord(trigger)})" for trigger in FORMULA_TRIGGERS)
    return f"CASE WHEN left({column}, 1) IN ({triggers}) THEN '''' || {column} ELSE {column} END"


# What people typed (the name, and the codes for good measure) goes out spreadsheet-safe. A
# stored NIK, cycle code, status, code list or decision never starts with a formula trigger, so
# the seven columns of §7 stay exactly as the contract says.
EXPORT_SQL = f"""
COPY (
    SELECT {_spreadsheet_safe_sql("p.nik")}, {_spreadsheet_safe_sql("c.code")}, coalesce(r.status, ''),
           coalesce(array_to_string(r.reasons, ';'), ''),
           coalesce(array_to_string(r.flags, ';'), ''),
           coalesce(r.decision, ''),
           CASE WHEN r.needs_recheck THEN 1 ELSE 0 END,
           {_spreadsheet_safe_sql("p.name")}, {_spreadsheet_safe_sql("a.regency_id")},
           {_spreadsheet_safe_sql("a.village_code")}
    FROM participants_application a
    JOIN participants_person p ON p.id = a.person_id
    JOIN programs_programcycle c ON c.id = a.cycle_id
    LEFT JOIN verification_eligibilityresult r ON r.application_id = a.id
    WHERE a.cycle_id = {{cycle}} {{scope}}
    ORDER BY p.nik
) TO STDOUT WITH (FORMAT csv)
"""

EXPORT_HEADER = [
    "nik", "program", "status", "reasons", "flags", "decision", "needs_recheck", "nama", "kabupaten", "kode_wilayah",
]


def eligibility_export(*, cycle: ProgramCycle, out, user=None) -> None:
    """Write the §7 CSV of a cycle to the binary file `out`: UTF-8 with a BOM, ordered by NIK.
    With a `user`, only the applications of the user's districts (every district for a system
    admin); without, all of them (the command)."""
    regency_codes = regency_codes_visible_to(user=user) if user is not None else None
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


def eligibility_export_to_path(*, cycle: ProgramCycle, path: Path) -> None:
    with open(path, "wb") as out:
        eligibility_export(cycle=cycle, out=out)


# --- background jobs ---------------------------------------------------------------------------


@transaction.atomic
def eligibility_run_start(*, cycle: ProgramCycle, by=None, only_their_districts: bool = False) -> Job:
    """Queue a run of the cycle; refused at once when the cycle needs DTKS and none of its
    districts has an active snapshot. With `only_their_districts` (the web page), the run
    evaluates only the applications of `by`'s districts (every district for a system admin):
    district staff never rewrite another district's results. Without it (the command), every
    application of the cycle."""
    registry_for_run(cycle)
    params = {"cycle_id": cycle.pk, "program": cycle.code}
    codes = regency_codes_visible_to(user=by) if only_their_districts and by is not None else None
    if codes is not None:
        params["regency_codes"] = sorted(codes)
    job = job_create(
        kind=VerificationJob.ELIGIBILITY_RUN, by=by, params=params,
        regency_code=codes[0] if codes is not None and len(codes) == 1 else "",
    )
    job_enqueue(job, tasks.run_eligibility)
    return job


@transaction.atomic
def dtks_import_start(*, stored_path: str, file_name: str, snapshot_date, by, coverage=()) -> Job:
    """Queue the import of a stored upload as a snapshot of `coverage` (the uploader's district,
    or the districts a provincial user picked; empty: those of the accepted rows). Refused at
    once when `by` may not import for them (§3)."""
    coverage = sorted(set(coverage))
    _coverage_check(by=by, coverage=coverage)
    job = job_create(
        kind=VerificationJob.DTKS_IMPORT, by=by,
        params={"snapshot_date": snapshot_date.isoformat(), "districts": coverage},
        input_file=stored_path, input_name=file_name,
        regency_code=coverage[0] if len(coverage) == 1 else "",
    )
    job_enqueue(job, tasks.import_dtks)
    return job
