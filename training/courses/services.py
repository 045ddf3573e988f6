"""Writes to the training side: providers, workshops, instructors and their certificates,
training packages with their competency units, and batches with their sessions.

Each service runs in one transaction with its audit row. The forms check what they can first
and explain it; the services check again (a form is not the only caller) and the database has
the final word on double booking through its exclusion constraints.
"""

from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.errors import PortalError
from training.courses.calendar import overlapping_pairs
from training.courses.selectors import batch_seats_used, schedule_conflicts, user_may_edit_packages
from training.models import (
    Attendance,
    Batch,
    BatchSession,
    CompetencyUnit,
    Instructor,
    InstructorBooking,
    InstructorCertification,
    Provider,
    TrainingPackage,
    Workshop,
)

DOUBLE_BOOKING_CONSTRAINTS = ("no_workshop_double_booking", "no_instructor_double_booking")

PROVIDER_FIELDS = ("name", "kind", "regency", "village_code", "address", "contact_name", "phone", "email")
WORKSHOP_FIELDS = ("name", "capacity")
INSTRUCTOR_FIELDS = ("name", "phone", "email")
CERTIFICATION_FIELDS = ("scheme", "number", "issuer", "expires_on")
PACKAGE_FIELDS = ("code", "name", "vocation", "competency_based", "hours", "class_size", "description")


class BatchSaveError(PortalError):
    """A batch cannot be saved as asked; `messages` lists every reason (e.g. each conflict)."""

    def __init__(self, messages: list[str]):
        super().__init__(" ".join(str(m) for m in messages))
        self.messages = [str(m) for m in messages]


def _plain(value):
    """A field value as JSON for the audit trail."""
    if hasattr(value, "pk"):
        return value.pk
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    return value


def _snapshot(obj, fields) -> dict | None:
    if obj is None or obj.pk is None:
        return None
    return {name: _plain(getattr(obj, name)) for name in fields}


def _apply(obj, values: dict, fields) -> None:
    for name in fields:
        if name in values:
            setattr(obj, name, values[name])


# --- providers, workshops, instructors -------------------------------------------------------


@transaction.atomic
def provider_save(*, by, provider: Provider | None = None, **values) -> Provider:
    """Create a provider (system admins, checked by the view) or change one."""
    before = _snapshot(provider, PROVIDER_FIELDS)
    provider = provider or Provider()
    _apply(provider, values, PROVIDER_FIELDS)
    provider.save()
    audit_record(actor=by, action="provider.create" if before is None else "provider.update", target=provider,
                 before=before, after=_snapshot(provider, PROVIDER_FIELDS), regency_code=provider.regency_id)
    return provider


@transaction.atomic
def workshop_save(*, by, provider: Provider, workshop: Workshop | None = None, name: str, capacity: int) -> Workshop:
    """Create or change a workshop. Shrinking it below a batch that already runs there is
    refused: that batch would promise more seats than the room holds."""
    if workshop is not None:
        largest = workshop.batches.order_by("-capacity").values_list("capacity", flat=True).first()
        if largest is not None and capacity < largest:
            raise PortalError(_("A batch in this workshop has %(seats)s seats; the capacity cannot be lower.")
                              % {"seats": largest})
    before = _snapshot(workshop, ("provider",) + WORKSHOP_FIELDS)
    workshop = workshop or Workshop(provider=provider)
    workshop.name, workshop.capacity = name, capacity
    workshop.save()
    audit_record(actor=by, action="workshop.create" if before is None else "workshop.update", target=workshop,
                 before=before, after=_snapshot(workshop, ("provider",) + WORKSHOP_FIELDS),
                 regency_code=provider.regency_id)
    return workshop


@transaction.atomic
def instructor_save(*, by, provider: Provider, instructor: Instructor | None = None, **values) -> Instructor:
    before = _snapshot(instructor, ("provider",) + INSTRUCTOR_FIELDS)
    instructor = instructor or Instructor(provider=provider)
    _apply(instructor, values, INSTRUCTOR_FIELDS)
    instructor.save()
    audit_record(actor=by, action="instructor.create" if before is None else "instructor.update",
                 target=instructor, before=before, after=_snapshot(instructor, ("provider",) + INSTRUCTOR_FIELDS),
                 regency_code=provider.regency_id)
    return instructor


@transaction.atomic
def certification_save(
    *, by, instructor: Instructor, certification: InstructorCertification | None = None, **values
) -> InstructorCertification:
    before = _snapshot(certification, CERTIFICATION_FIELDS)
    certification = certification or InstructorCertification(instructor=instructor)
    _apply(certification, values, CERTIFICATION_FIELDS)
    certification.save()
    audit_record(actor=by, action="certification.create" if before is None else "certification.update",
                 target=instructor, before=before, after=_snapshot(certification, CERTIFICATION_FIELDS),
                 regency_code=instructor.provider.regency_id)
    return certification


@transaction.atomic
def certification_delete(*, by, certification: InstructorCertification) -> None:
    """Remove a certificate entered by mistake or long replaced (an old expired one keeps
    flagging the instructor only while no certificate of its scheme is valid)."""
    instructor = certification.instructor
    before = _snapshot(certification, CERTIFICATION_FIELDS)
    certification.delete()
    audit_record(actor=by, action="certification.delete", target=instructor, before=before, after=None,
                 regency_code=instructor.provider.regency_id)


# --- packages --------------------------------------------------------------------------------


@transaction.atomic
def package_save(
    *, by, package: TrainingPackage | None = None, units: list[tuple[str, str]], **values
) -> TrainingPackage:
    """Create or change a package and make its competency units exactly `units` (code, title):
    units are matched by code, so a corrected title keeps the unit's row. Refused unless `by`
    may edit the shared catalogue (selectors.user_may_edit_packages)."""
    if not user_may_edit_packages(user=by):
        raise PortalError(
            _("The package catalogue is shared by every district: only provincial staff or a system "
              "administrator change it.")
        )
    before = None
    if package is not None:
        before = _snapshot(package, PACKAGE_FIELDS) | {
            "units": [[u.code, u.title] for u in package.units.order_by("code")]
        }
    package = package or TrainingPackage()
    _apply(package, values, PACKAGE_FIELDS)
    package.save()
    wanted = dict(units)
    existing = {unit.code: unit for unit in package.units.all()}
    package.units.exclude(code__in=wanted).delete()
    changed = [unit for code, unit in existing.items() if code in wanted and unit.title != wanted[code]]
    for unit in changed:
        unit.title = wanted[unit.code]
    CompetencyUnit.objects.bulk_update(changed, ["title"])
    CompetencyUnit.objects.bulk_create(
        [
            CompetencyUnit(package=package, code=code, title=title)
            for code, title in wanted.items()
            if code not in existing
        ]
    )
    after = _snapshot(package, PACKAGE_FIELDS) | {"units": [[code, wanted[code]] for code in sorted(wanted)]}
    audit_record(actor=by, action="package.create" if before is None else "package.update", target=package,
                 before=before, after=after)
    return package


# --- batches ---------------------------------------------------------------------------------

BATCH_FIELDS = ("cycle", "package", "provider", "workshop", "name", "start_date", "end_date", "capacity")


def _batch_snapshot(batch: Batch, *, instructor_ids, spans) -> dict:
    return _snapshot(batch, BATCH_FIELDS) | {
        "instructors": sorted(instructor_ids),
        "sessions": [[starts.isoformat(), ends.isoformat()] for starts, ends in sorted(spans)],
    }


def batch_check(
    *, batch: Batch | None, provider: Provider, workshop: Workshop, instructors, start_date: date, end_date: date,
    capacity: int, spans: list[tuple[datetime, datetime]],
) -> list[str]:
    """Reasons a batch cannot be saved as given, apart from other batches' bookings (see
    `schedule_conflicts`). Shared by the form (to explain) and by `batch_save` (to refuse)."""
    problems = []
    if workshop.provider_id != provider.pk:
        problems.append(_("The workshop %(workshop)s belongs to another provider.") % {"workshop": workshop.name})
    strangers = [i.name for i in instructors if i.provider_id != provider.pk]
    if strangers:
        problems.append(_("Not instructors of this provider: %(names)s.") % {"names": ", ".join(strangers)})
    if end_date < start_date:
        problems.append(_("The batch cannot end before it starts."))
    if capacity > workshop.capacity:
        problems.append(
            _("The workshop %(workshop)s holds %(seats)s participants; the capacity cannot be higher.")
            % {"workshop": workshop.name, "seats": workshop.capacity}
        )
    if batch is not None and batch.pk:
        used = batch_seats_used(batch=batch)
        if capacity < used:
            problems.append(
                _("%(used)s participants already hold a seat; the capacity cannot be lower.") % {"used": used}
            )
    for starts, ends in spans:
        local = timezone.localtime(starts)
        if ends <= starts:
            problems.append(_("The session on %(date)s ends before it starts.") % {"date": date_format(local.date())})
        elif not (start_date <= local.date() <= end_date):
            problems.append(
                _("The session on %(date)s is outside the batch's dates.") % {"date": date_format(local.date())}
            )
    for _i, j in overlapping_pairs(spans):
        problems.append(
            _("Two sessions of this batch overlap on %(date)s.")
            % {"date": date_format(timezone.localtime(spans[j][0]).date())}
        )
    return problems


def _constraint_name(exc: IntegrityError) -> str:
    diag = getattr(exc.__cause__, "diag", None)
    return getattr(diag, "constraint_name", "") or ""


@transaction.atomic
def batch_save(
    *,
    by,
    provider: Provider,
    batch: Batch | None = None,
    cycle,
    package: TrainingPackage,
    workshop: Workshop,
    name: str,
    start_date: date,
    end_date: date,
    capacity: int,
    instructors,
    sessions: list[tuple[datetime, datetime]],
) -> Batch:
    """Create or change a batch with its instructors and sessions, in one transaction.

    The sessions become exactly `sessions` ([start, end) aware datetimes): unchanged ones are
    kept (their attendance with them), others removed or added, all in the batch's workshop.
    InstructorBooking rows are rebuilt as instructors × sessions, so PostgreSQL's exclusion
    constraints see every instructor's time. A double booking that another user saved after the
    form checked raises `BatchSaveError` naming the conflict, never an IntegrityError.
    """
    instructors = list(instructors)
    spans = sorted(set(sessions))
    if batch is not None and batch.pk:
        batch = Batch.objects.select_for_update().get(pk=batch.pk)
    problems = batch_check(batch=batch, provider=provider, workshop=workshop, instructors=instructors,
                           start_date=start_date, end_date=end_date, capacity=capacity, spans=spans)
    if problems:
        raise BatchSaveError(problems)

    before = None
    existing: dict[tuple[datetime, datetime], BatchSession] = {}
    if batch is not None and batch.pk:
        existing = {(s.starts_at, s.ends_at): s for s in batch.sessions.all()}
        before = _batch_snapshot(batch, instructor_ids=batch.instructors.values_list("pk", flat=True),
                                 spans=list(existing))
    else:
        batch = Batch(provider=provider, created_by=by)

    wanted = set(spans)
    removed = [session for key, session in existing.items() if key not in wanted]
    attended_ids = set(
        Attendance.objects.filter(session__in=removed).values_list("session_id", flat=True)
    ) if removed else set()
    attended = sorted(s.starts_at for s in removed if s.pk in attended_ids)
    if attended:
        # Removing the session would delete its attendance (cascade): refuse instead.
        raise BatchSaveError([
            _("Attendance is already recorded for the session of %(date)s; it cannot be removed.")
            % {"date": date_format(timezone.localtime(starts), "j M Y H:i")}
            for starts in attended
        ])

    _apply(batch, {"cycle": cycle, "package": package, "provider": provider, "workshop": workshop, "name": name,
                   "start_date": start_date, "end_date": end_date, "capacity": capacity}, BATCH_FIELDS)
    try:
        # A savepoint: a constraint refusal rolls back only these writes, so the message can be
        # worked out with a query on the same connection before the whole save is refused.
        with transaction.atomic():
            batch.save()
            batch.instructors.set(instructors)
            BatchSession.objects.filter(pk__in=[s.pk for s in removed]).delete()
            batch.sessions.exclude(workshop=workshop).update(workshop=workshop)
            BatchSession.objects.bulk_create([
                BatchSession(batch=batch, workshop=workshop, starts_at=starts, ends_at=ends)
                for starts, ends in spans if (starts, ends) not in existing
            ])
            InstructorBooking.objects.filter(session__batch=batch).delete()
            InstructorBooking.objects.bulk_create([
                InstructorBooking(session=session, instructor=instructor, starts_at=session.starts_at,
                                  ends_at=session.ends_at)
                for session in batch.sessions.all()
                for instructor in instructors
            ])
    except IntegrityError as exc:
        if _constraint_name(exc) not in DOUBLE_BOOKING_CONSTRAINTS:
            raise
        conflicts = schedule_conflicts(workshop=workshop, instructors=instructors, spans=spans,
                                       exclude_batch=batch if before is not None else None)
        raise BatchSaveError(
            [conflict.message for conflict in conflicts]
            or [_("Another batch booked the workshop or an instructor at the same time. Reload and try again.")]
        ) from exc

    audit_record(actor=by, action="batch.create" if before is None else "batch.update", target=batch,
                 before=before, after=_batch_snapshot(batch, instructor_ids=[i.pk for i in instructors], spans=spans),
                 regency_code=provider.regency_id)
    return batch
