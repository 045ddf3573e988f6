"""Reads of training records: attendance, results, certificates.

Every function here takes a batch the caller already fetched through
`training.courses.selectors.batch_get_visible_or_404`, so row scoping happened before; these
reads only narrow to that batch. Each page is built from a fixed handful of queries whatever the
size of the roster (no query per participant or per session).
"""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet

from training.models import Attendance, Batch, BatchSession, Enrolment, ImportedTraining
from verification.selectors import eligibility_of


def attendance_rate(*, present: int, held: int) -> int | None:
    """Whole percent of present marks over the sessions held; None before any session was held
    (0 % would wrongly read as 'never came')."""
    if held <= 0:
        return None
    return round(100 * present / held)


def batch_record_roster(*, batch: Batch) -> QuerySet[Enrolment]:
    """The participants whose records are kept: every seat-holding enrolment (enrolled,
    completed, dropped out). A withdrawn enrolment gave its seat back before the course ran,
    so it gets no attendance or result."""
    return (
        Enrolment.objects.filter(batch=batch, status__in=Enrolment.SEAT_HOLDING)
        .select_related("application__person")
        .order_by("application__person__name", "pk")
    )


def batch_sessions(*, batch: Batch) -> list[BatchSession]:
    return list(BatchSession.objects.filter(batch=batch).order_by("starts_at", "pk"))


def session_marks(*, session: BatchSession) -> dict[int, str]:
    """{enrolment id: attendance status} recorded for one session."""
    return dict(Attendance.objects.filter(session=session).values_list("enrolment_id", "status"))


def batch_marks(*, batch: Batch) -> dict[tuple[int, int], str]:
    """{(enrolment id, session id): attendance status} for the whole batch, in one query."""
    rows = Attendance.objects.filter(session__batch=batch).values_list("enrolment_id", "session_id", "status")
    return {(enrolment_id, session_id): status for enrolment_id, session_id, status in rows}


@dataclass
class AttendanceRow:
    enrolment: Enrolment
    cells: list[str | None]  # the status per session, None where nothing is recorded
    present: int
    rate: int | None


@dataclass
class AttendanceMatrix:
    sessions: list[BatchSession]
    rows: list[AttendanceRow]
    # Sessions whose attendance was taken for at least one participant: the percentage counts
    # over these, not over the planned sessions still to come.
    held_session_ids: set[int] = field(default_factory=set)

    @property
    def held(self) -> int:
        return len(self.held_session_ids)


def batch_attendance_matrix(*, batch: Batch) -> AttendanceMatrix:
    """Participants × sessions with each participant's attendance percentage, from three
    queries (sessions, roster, marks) whatever the size of the batch."""
    sessions = batch_sessions(batch=batch)
    marks = batch_marks(batch=batch)
    held_ids = {session_id for (_enrolment_id, session_id) in marks}
    rows = []
    for enrolment in batch_record_roster(batch=batch):
        cells = [marks.get((enrolment.pk, session.pk)) for session in sessions]
        present = sum(1 for cell in cells if cell == Attendance.Status.PRESENT)
        rows.append(AttendanceRow(enrolment=enrolment, cells=cells, present=present,
                                  rate=attendance_rate(present=present, held=len(held_ids))))
    return AttendanceMatrix(sessions=sessions, rows=rows, held_session_ids=held_ids)


def certificate_holder(*, issuer: str, number: str, exclude_pk: int | None = None) -> Enrolment | None:
    """The enrolment already holding this certificate number of this issuer, if any."""
    holders = Enrolment.objects.select_related("application__person").filter(
        certificate_issuer=issuer, certificate_number=number
    )
    if exclude_pk is not None:
        holders = holders.exclude(pk=exclude_pk)
    return holders.first()


def batch_result_counts(*, batch: Batch) -> dict:
    """How many of the batch's seats ended how: one aggregate query."""
    return Enrolment.objects.filter(batch=batch, status__in=Enrolment.SEAT_HOLDING).aggregate(
        participants=Count("pk"),
        completed=Count("pk", filter=Q(status=Enrolment.Status.COMPLETED)),
        dropped_out=Count("pk", filter=Q(status=Enrolment.Status.DROPPED_OUT)),
        competent=Count("pk", filter=Q(assessment=Enrolment.Assessment.COMPETENT)),
        not_yet_competent=Count("pk", filter=Q(assessment=Enrolment.Assessment.NOT_YET_COMPETENT)),
        certified=Count("pk", filter=~Q(certificate_number="")),
    )


def batch_records_context(*, batch: Batch, user) -> dict:
    """What the batch page's records partial (training/partials/_batch_records.html) needs:
    the sessions (to link each one's attendance entry), an attendance and result summary, and
    whether the user may edit. Three queries."""
    sessions = list(
        BatchSession.objects.filter(batch=batch).annotate(marked=Count("attendance")).order_by("starts_at", "pk")
    )
    attendance = Attendance.objects.filter(session__batch=batch).aggregate(
        marks=Count("pk"), present=Count("pk", filter=Q(status=Attendance.Status.PRESENT))
    )
    held = sum(1 for session in sessions if session.marked)
    return {
        "records_sessions": sessions,
        "records_sessions_held": held,
        "records_attendance_rate": attendance_rate(present=attendance["present"], held=attendance["marks"]),
        "records_counts": batch_result_counts(batch=batch),
        "records_can_edit": user.has_perm("accounts.manage_training"),
    }


def enrolment_attendance_counts(enrolments) -> dict[int, dict]:
    """{enrolment id: {"present", "held", "rate"}} for a few enrolments (a person's path), in two
    aggregate queries: the present marks of each enrolment, and per batch the sessions whose
    attendance was taken."""
    enrolments = list(enrolments)
    if not enrolments:
        return {}
    present = dict(
        Attendance.objects.filter(enrolment__in=enrolments, status=Attendance.Status.PRESENT)
        .values("enrolment_id").annotate(n=Count("pk")).values_list("enrolment_id", "n")
    )
    held = dict(
        Attendance.objects.filter(session__batch_id__in={e.batch_id for e in enrolments})
        .values("session__batch_id").annotate(n=Count("session_id", distinct=True))
        .values_list("session__batch_id", "n")
    )
    counts = {}
    for enrolment in enrolments:
        n_present, n_held = present.get(enrolment.pk, 0), held.get(enrolment.batch_id, 0)
        counts[enrolment.pk] = {"present": n_present, "held": n_held,
                                "rate": attendance_rate(present=n_present, held=n_held)}
    return counts


# --- a person's training path (a panel of the person page) ---------------------------------


def person_imported_trainings(*, person) -> list[ImportedTraining]:
    """The person's trainings reported by providers (§10), latest first, in one query."""
    return list(
        ImportedTraining.objects.filter(person=person).select_related("cycle__program", "provider")
        .order_by("-start_date", "-id")
    )


def person_training_paths(*, person, imported: list[ImportedTraining] | None = None) -> list[dict]:
    """Each application of the person with what followed it, for the training path on the
    person page: the eligibility result and staff decision, then every seat (enrolment) with its
    batch, attendance, result and certificate, and the trainings of that cycle that a provider
    reported (`imported`, from person_imported_trainings). Withdrawn seats stay in the list: the
    path is a history. A fixed number of queries (applications, enrolments, two attendance
    counts), however many applications the person has."""
    applications = list(
        person.applications.select_related("cycle__program", "eligibility__decided_by")
        .prefetch_related(Prefetch(
            "enrolments",
            queryset=Enrolment.objects.select_related("batch__provider", "batch__package")
            .order_by("enrolled_at", "pk"),
        ))
        .order_by("-created_at", "-id")
    )
    enrolments = [enrolment for application in applications for enrolment in application.enrolments.all()]
    attendance = enrolment_attendance_counts(enrolments)
    imported_by_cycle: dict[int, list[ImportedTraining]] = {}
    for training in imported or ():
        imported_by_cycle.setdefault(training.cycle_id, []).append(training)
    return [
        {
            "application": application,
            "result": eligibility_of(application),
            "enrolments": [{"enrolment": e, "attendance": attendance[e.pk]} for e in application.enrolments.all()],
            "imported": imported_by_cycle.get(application.cycle_id, []),
        }
        for application in applications
    ]


def person_training_path_context(*, user, person) -> dict:
    """The person page's training-path panel (registered in training/apps.py): the paths of the
    applications, and beside them the reported trainings of cycles the person never applied to
    (a kecamatan's or an LKP's course that was not run through the portal)."""
    imported = person_imported_trainings(person=person)
    paths = person_training_paths(person=person, imported=imported)
    applied_cycles = {path["application"].cycle_id for path in paths}
    return {"paths": paths, "other_imported": [t for t in imported if t.cycle_id not in applied_cycles]}
