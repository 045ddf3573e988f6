"""Writes of training records: attendance per session, completion, drop-out, competency
assessment and certificates, and the import of providers' training results (data-contracts
§10). Each write runs in one transaction with its audit row.

Seats: a drop-out keeps the seat (the district's quota was spent on that person and the batch
ran with them); only a withdrawal, written by the enrolment services, gives it back. So none of
these services touch seat counts.
"""

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.selectors import regency_codes_visible_to
from audit.services import audit_record
from core.copy import copy_from_lines
from core.errors import PortalError
from core.identifiers import mask_nik
from core.importing import CoverageReport, ImportReport, Problem
from core.jobs import job_create, job_enqueue
from core.models import Job
from core.tabular import open_table
from participants.values import registered_elsewhere_text
from programs.models import ProgramCycle
from regions.selectors import known_region_codes
from training.models import Attendance, Batch, BatchSession, Enrolment, Provider, TrainingJob
from training.records import results_import
from training.records.selectors import certificate_holder
from training.rules import certificate_expires_before_earned, provider_kind_from_name, provider_name_key

# The national certification agency: a competency-based (SKKNI) package ends with its certificate.
DEFAULT_COMPETENCY_ISSUER = "BNSP"


def _person_label(enrolment: Enrolment) -> str:
    person = enrolment.application.person
    return f"{person.name} ({mask_nik(person.nik)})"


def _refuse_if_withdrawn(enrolment: Enrolment, message: str) -> None:
    if enrolment.status == Enrolment.Status.WITHDRAWN:
        raise PortalError(message % {"name": _person_label(enrolment)})


# --- attendance ------------------------------------------------------------------------------


@transaction.atomic
def attendance_record(*, session: BatchSession, marks: dict[int, str], by) -> int:
    """Save the attendance of one session for the roster in one statement: an insert that
    updates the rows already there (re-saving a session corrects its marks). One audit row per
    save holds the marks that changed. Returns how many marks changed."""
    valid = set(Attendance.Status.values)
    if any(status not in valid for status in marks.values()):
        raise PortalError(_("Choose Present, Excused, Sick or Absent for every participant."))
    roster = set(
        Enrolment.objects.filter(
            batch_id=session.batch_id, status__in=Enrolment.SEAT_HOLDING, pk__in=list(marks)
        ).values_list("pk", flat=True)
    )
    if roster != set(marks):
        raise PortalError(_("Attendance can only be recorded for the participants of this batch."))
    before = dict(
        Attendance.objects.select_for_update().filter(session=session).values_list("enrolment_id", "status")
    )
    Attendance.objects.bulk_create(
        [Attendance(session=session, enrolment_id=pk, status=status, recorded_by=by) for pk, status in marks.items()],
        update_conflicts=True,
        unique_fields=["session", "enrolment"],
        update_fields=["status", "recorded_by", "recorded_at"],
    )
    changed = {str(pk): status for pk, status in marks.items() if before.get(pk) != status}
    audit_record(
        actor=by, action="attendance.record", target=session,
        before={str(pk): before[pk] for pk in map(int, changed) if pk in before},
        after={"marks": changed, "participants": len(marks)},
        regency_code=Batch.objects.filter(pk=session.batch_id).values_list("provider__regency_id", flat=True).first()
        or "",
    )
    return len(changed)


# --- results ---------------------------------------------------------------------------------


def _result_state(enrolment: Enrolment) -> dict:
    """The result fields as JSON, for the audit row's before/after."""
    return {
        "status": enrolment.status,
        "completed_on": enrolment.completed_on.isoformat() if enrolment.completed_on else None,
        "end_reason": enrolment.end_reason,
        "assessment": enrolment.assessment,
        "assessed_on": enrolment.assessed_on.isoformat() if enrolment.assessed_on else None,
        "certificate_number": enrolment.certificate_number,
        "certificate_issuer": enrolment.certificate_issuer,
        "certificate_expires_on": (
            enrolment.certificate_expires_on.isoformat() if enrolment.certificate_expires_on else None
        ),
    }


def _save_audited(enrolment: Enrolment, *, by, action: str, before: dict, fields: list[str]) -> Enrolment:
    enrolment.save(update_fields=fields)
    audit_record(actor=by, action=action, target=enrolment, before=before, after=_result_state(enrolment),
                 regency_code=enrolment.regency_id)
    return enrolment


@transaction.atomic
def enrolment_complete(*, enrolment: Enrolment, completed_on: date, by) -> Enrolment:
    """The participant finished the course. Also corrects an earlier drop-out entered by mistake."""
    _refuse_if_withdrawn(enrolment, _("%(name)s withdrew from this batch; a withdrawn enrolment cannot be completed."))
    if completed_on is None:
        raise PortalError(_("Enter the date %(name)s completed the course.") % {"name": _person_label(enrolment)})
    before = _result_state(enrolment)
    enrolment.status = Enrolment.Status.COMPLETED
    enrolment.completed_on = completed_on
    enrolment.ended_at = None
    enrolment.end_reason = ""
    return _save_audited(enrolment, by=by, action="enrolment.complete", before=before,
                         fields=["status", "completed_on", "ended_at", "end_reason"])


@transaction.atomic
def enrolment_drop_out(*, enrolment: Enrolment, reason: str, by) -> Enrolment:
    """The participant left during the course. The seat stays taken: the status is one of
    Enrolment.SEAT_HOLDING, so neither the batch nor the district's quota gets it back."""
    _refuse_if_withdrawn(enrolment, _("%(name)s withdrew from this batch; a withdrawn enrolment cannot drop out."))
    reason = (reason or "").strip()
    if not reason:
        raise PortalError(_("Enter why %(name)s dropped out.") % {"name": _person_label(enrolment)})
    before = _result_state(enrolment)
    if enrolment.status != Enrolment.Status.DROPPED_OUT:
        enrolment.ended_at = timezone.now()  # correcting only the reason keeps the original time
    enrolment.status = Enrolment.Status.DROPPED_OUT
    enrolment.end_reason = reason
    enrolment.completed_on = None
    return _save_audited(enrolment, by=by, action="enrolment.drop_out", before=before,
                         fields=["status", "end_reason", "ended_at", "completed_on"])


@transaction.atomic
def enrolment_reopen(*, enrolment: Enrolment, by) -> Enrolment:
    """Back to 'enrolled' (still in training): undoes a completion or drop-out entered by mistake."""
    _refuse_if_withdrawn(enrolment, _("%(name)s withdrew from this batch; a withdrawn enrolment cannot be reopened."))
    before = _result_state(enrolment)
    enrolment.status = Enrolment.Status.ENROLLED
    enrolment.completed_on = None
    enrolment.ended_at = None
    enrolment.end_reason = ""
    return _save_audited(enrolment, by=by, action="enrolment.reopen", before=before,
                         fields=["status", "completed_on", "ended_at", "end_reason"])


@transaction.atomic
def enrolment_assess(*, enrolment: Enrolment, assessment: str, assessed_on: date | None, by) -> Enrolment:
    """Record the competency assessment (kompeten / belum kompeten) and its date; an empty
    assessment clears it."""
    _refuse_if_withdrawn(enrolment, _("%(name)s withdrew from this batch; a withdrawn enrolment cannot be assessed."))
    label = _person_label(enrolment)
    if assessment and assessment not in Enrolment.Assessment.values:
        raise PortalError(_("Choose competent or not yet competent for %(name)s.") % {"name": label})
    if assessment and assessed_on is None:
        raise PortalError(_("Enter the date %(name)s was assessed.") % {"name": label})
    # A BNSP certificate rests on the 'kompeten' assessment: it cannot be taken away while the
    # certificate is recorded.
    if (enrolment.certificate_number and enrolment.batch.package.competency_based
            and assessment != Enrolment.Assessment.COMPETENT):
        raise PortalError(_("%(name)s holds certificate %(number)s; remove the certificate number before changing "
                            "the assessment.") % {"name": label, "number": enrolment.certificate_number})
    before = _result_state(enrolment)
    enrolment.assessment = assessment or ""
    enrolment.assessed_on = assessed_on if assessment else None
    return _save_audited(enrolment, by=by, action="enrolment.assess", before=before,
                         fields=["assessment", "assessed_on"])


@transaction.atomic
def enrolment_certify(*, enrolment: Enrolment, number: str, issuer: str, expires_on: date | None, by) -> Enrolment:
    """Record the certificate (number, issuer, expiry); an empty number removes it.

    A competency-based package's certificate (issuer BNSP unless another is given) needs the
    'kompeten' assessment first. The issuer of other packages defaults to the provider, which
    issues its own certificate of completion. A number is unique per issuer (also enforced by
    the database); the refusal names the person already holding it, with a masked NIK."""
    _refuse_if_withdrawn(
        enrolment, _("%(name)s withdrew from this batch; a withdrawn enrolment cannot get a certificate.")
    )
    number = (number or "").strip()
    issuer = (issuer or "").strip()
    before = _result_state(enrolment)
    label = _person_label(enrolment)
    if not number:
        enrolment.certificate_number = ""
        enrolment.certificate_issuer = ""
        enrolment.certificate_expires_on = None
        return _save_audited(enrolment, by=by, action="enrolment.certify", before=before,
                             fields=["certificate_number", "certificate_issuer", "certificate_expires_on"])
    batch = enrolment.batch
    if batch.package.competency_based:
        if enrolment.assessment != Enrolment.Assessment.COMPETENT:
            raise PortalError(_("%(name)s has not been assessed competent (kompeten); a certificate of a "
                                "competency-based package needs that assessment first.") % {"name": label})
        issuer = issuer or DEFAULT_COMPETENCY_ISSUER
    else:
        issuer = issuer or batch.provider.name[:100]
    if certificate_expires_before_earned(expires_on=expires_on, earned_on=enrolment.assessed_on):
        raise PortalError(_("The certificate of %(name)s cannot expire before it was earned.") % {"name": label})

    def refuse_duplicate():
        holder = certificate_holder(issuer=issuer, number=number, exclude_pk=enrolment.pk)
        return PortalError(
            _("Certificate number %(number)s of %(issuer)s is already recorded for %(holder)s.")
            % {"number": number, "issuer": issuer, "holder": _person_label(holder) if holder else "?"}
        )

    if certificate_holder(issuer=issuer, number=number, exclude_pk=enrolment.pk) is not None:
        raise refuse_duplicate()
    enrolment.certificate_number = number
    enrolment.certificate_issuer = issuer
    enrolment.certificate_expires_on = expires_on
    try:
        # Two people saving the same number at once: the unique constraint decides; the
        # savepoint keeps the surrounding transaction usable for the refusal.
        with transaction.atomic():
            return _save_audited(enrolment, by=by, action="enrolment.certify", before=before,
                                 fields=["certificate_number", "certificate_issuer", "certificate_expires_on"])
    except IntegrityError:
        raise refuse_duplicate() from None


# --- the results page: many rows in one submit -----------------------------------------------


@dataclass(frozen=True)
class ResultEntry:
    """What the results page holds for one participant."""

    enrolment_id: int
    outcome: str  # an Enrolment.Status other than withdrawn
    completed_on: date | None = None
    end_reason: str = ""
    assessment: str = ""
    assessed_on: date | None = None
    certificate_number: str = ""
    certificate_issuer: str = ""
    certificate_expires_on: date | None = None


class ResultsRefused(PortalError):
    """Some rows were refused; nothing was saved. `errors` maps an enrolment id to its message."""

    def __init__(self, errors: dict[int, str]):
        super().__init__(_("Nothing was saved: correct the rows marked below."))
        self.errors = errors


@transaction.atomic
def results_save(*, batch: Batch, entries: list[ResultEntry], by) -> int:
    """Save the results page: for each row, call only the services whose part changed (so a
    re-submitted page writes no audit rows), and save all rows or none. Returns how many
    participants changed."""
    enrolments = {
        e.pk: e for e in Enrolment.objects.select_for_update(of=("self",))
        .select_related("application__person", "batch__package", "batch__provider")
        .filter(batch=batch, pk__in=[entry.enrolment_id for entry in entries])
    }
    errors: dict[int, str] = {}
    changed = 0
    for entry in entries:
        enrolment = enrolments.get(entry.enrolment_id)
        if enrolment is None:
            errors[entry.enrolment_id] = _("This participant is not in the batch.")
            continue
        try:
            changed += _result_apply(enrolment, entry, by=by)
        except PortalError as exc:
            errors[entry.enrolment_id] = str(exc.message)
    if errors:
        raise ResultsRefused(errors)
    return changed


def _result_apply(enrolment: Enrolment, entry: ResultEntry, *, by) -> bool:
    touched = False
    if entry.outcome == Enrolment.Status.COMPLETED:
        # Most of a batch finishes on its last day: an empty date means that day.
        completed_on = entry.completed_on or enrolment.batch.end_date
        if enrolment.status != entry.outcome or enrolment.completed_on != completed_on:
            enrolment_complete(enrolment=enrolment, completed_on=completed_on, by=by)
            touched = True
    elif entry.outcome == Enrolment.Status.DROPPED_OUT:
        if enrolment.status != entry.outcome or enrolment.end_reason != (entry.end_reason or "").strip():
            enrolment_drop_out(enrolment=enrolment, reason=entry.end_reason, by=by)
            touched = True
    elif entry.outcome == Enrolment.Status.ENROLLED:
        if enrolment.status != entry.outcome:
            enrolment_reopen(enrolment=enrolment, by=by)
            touched = True
    else:
        raise PortalError(_("Choose an outcome."))

    certificate_changed = (
        enrolment.certificate_number != entry.certificate_number.strip()
        or (entry.certificate_issuer.strip() and enrolment.certificate_issuer != entry.certificate_issuer.strip())
        or enrolment.certificate_expires_on != entry.certificate_expires_on
    )
    assessment_changed = (enrolment.assessment != entry.assessment
                          or (entry.assessment and enrolment.assessed_on != entry.assessed_on))
    # Removing a certificate goes before changing the assessment it rested on; adding one after.
    if certificate_changed and not entry.certificate_number.strip():
        enrolment_certify(enrolment=enrolment, number="", issuer="", expires_on=None, by=by)
        certificate_changed, touched = False, True
    if assessment_changed:
        enrolment_assess(enrolment=enrolment, assessment=entry.assessment, assessed_on=entry.assessed_on, by=by)
        touched = True
    if certificate_changed:
        enrolment_certify(enrolment=enrolment, number=entry.certificate_number, issuer=entry.certificate_issuer,
                          expires_on=entry.certificate_expires_on, by=by)
        touched = True
    return touched


# --- the training results import (§10) ---------------------------------------------------------


def _reject_lines(cursor, report: ImportReport, problems: list[Problem]) -> None:
    """Reject the rows of these problems (one or more per row) and drop them from the staging table."""
    if not problems:
        return
    lines = sorted({problem.line for problem in problems})
    report.errors.extend(problems)
    report.rejected += len(lines)
    cursor.execute("DELETE FROM training_result_staging WHERE line = ANY(%s)", [lines])


def _providers_create(cursor, report: ImportReport) -> None:
    """Create the providers the accepted rows name that the portal does not know, one per name,
    each reported once (at the first row naming it)."""
    cursor.execute(results_import.NEW_PROVIDERS)
    new = cursor.fetchall()
    if not new:
        return
    created = Provider.objects.bulk_create([
        Provider(name=name, kind=provider_kind_from_name(name), regency_id=regency)
        for _key, name, regency, _line in new
    ])
    cursor.execute(results_import.SET_NEW_PROVIDERS,
                   {"keys": [key for key, *_rest in new], "ids": [provider.pk for provider in created]})
    for (_key, name, _regency, line), provider in zip(new, created, strict=True):
        report.warnings.append(Problem(line, "penyelenggara", _(
            "Provider %(name)s was not known to the portal and has been created (kind: %(kind)s)"
        ) % {"name": name, "kind": provider.get_kind_display()}))


def training_results_import(*, path: Path | None, file_name: str, by=None, job=None,
                            regency_codes: set[str] | None = None, current_year: int | None = None, progress=None,
                            rows=None) -> CoverageReport:
    """Import a training results file (§10) in one transaction: all of it lands, or (a refused or
    unreadable file) nothing. `regency_codes` limits the rows to a user's districts (None: any
    district, as the command does). Raises core.tabular.FileRefused for a refused file.

    `rows`, instead of a file at `path`: (line, values in results_import.COLUMNS order) as a
    file's table yields them (the API's JSON batch), checked the same way."""
    report = CoverageReport()
    current_year = current_year or timezone.localdate().year
    cycles = dict(ProgramCycle.objects.values_list("code", "id"))
    providers: dict[str, int] = {}
    for pk, name in Provider.objects.order_by("pk").values_list("pk", "name"):
        providers.setdefault(provider_name_key(name), pk)
    known_regencies, known_villages = known_region_codes()
    now = timezone.now()
    with transaction.atomic():
        table = rows if rows is not None else open_table(
            path, columns=results_import.COLUMNS, required=results_import.REQUIRED, file_name=file_name)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [results_import.ADVISORY_LOCK])
            cursor.execute("DROP TABLE IF EXISTS training_result_staging")
            cursor.execute(results_import.STAGING)
            rows = results_import.result_rows(
                table, cycles=cycles, providers=providers, regency_codes=regency_codes, report=report,
                current_year=current_year, known_regencies=known_regencies, known_villages=known_villages,
                progress=progress,
            )
            copy_from_lines(cursor, "COPY training_result_staging FROM STDIN", rows)
            cursor.execute("ANALYZE training_result_staging")

            stored = []
            cursor.execute(results_import.ALREADY_TRAINED)
            said = set()
            for line, code, source, elsewhere in cursor.fetchall():
                if elsewhere is not None:
                    # Another district's training: only which district and cycle (own first).
                    if line in said:
                        continue
                    message = registered_elsewhere_text(regency_name=elsewhere, cycle_code=code)
                else:
                    message = (_("This NIK already has an imported training in %(code)s") if source == "import"
                               else _("This NIK already has a seat in a batch of %(code)s")) % {"code": code}
                said.add(line)
                stored.append(Problem(line, "nik", message))
            cursor.execute(results_import.CERTIFICATE_HELD)
            for line, source in cursor.fetchall():
                stored.append(Problem(line, "no_sertifikat", _(
                    "This certificate number is already held by an imported training") if source == "import"
                    else _("This certificate number is already held by a participant of a batch")))
            _reject_lines(cursor, report, stored)

            cursor.execute(results_import.SHARED_KEYS)
            _reject_lines(cursor, report, results_import.settle_shared_keys(cursor.fetchall()))

            _providers_create(cursor, report)
            cursor.execute(results_import.INSERT_PERSONS, {"now": now})
            cursor.execute(results_import.PERSON_DIFFERS)
            for line, name_differs, birth_date_differs in cursor.fetchall():
                if name_differs:
                    report.warnings.append(Problem(line, "nama", _(
                        "A person with this NIK is registered under another name; the registered data is kept"
                    )))
                if birth_date_differs:
                    report.warnings.append(Problem(line, "tanggal_lahir", _(
                        "A person with this NIK is registered with another birth date; the registered data is kept"
                    )))
            cursor.execute(results_import.INSERT_TRAININGS, {
                "now": now, "job": job.pk if job else None, "file": file_name[:255],
                "user": by.pk if by is not None and by.pk else None,
            })
            report.imported = cursor.rowcount
            cursor.execute("SELECT DISTINCT regency FROM training_result_staging ORDER BY 1")
            report.districts = [code for (code,) in cursor.fetchall()]
            if report.imported > 1000:
                cursor.execute("ANALYZE participants_person, training_importedtraining")
        # A rejected row's warnings (an unknown desa code) no longer matter: its errors say why.
        report.warnings = report.warnings.without_lines_of(report.errors)
        if report.imported or report.rejected:
            audit_record(actor=by, action="training_results.import", target=job,
                         after={"file": file_name, "imported": report.imported, "rejected": report.rejected,
                                "districts": report.districts})
    return report


@transaction.atomic
def training_results_import_start(*, stored_path: str, file_name: str, by) -> Job:
    """Queue a training results import; rows are limited to the user's districts."""
    from training import tasks

    codes = regency_codes_visible_to(user=by)
    job = job_create(
        kind=TrainingJob.RESULTS_IMPORT, by=by, regency_code=by.regency_id or "",
        params={"regency_codes": codes}, input_file=stored_path, input_name=file_name,
    )
    job_enqueue(job, tasks.import_training_results)
    return job
