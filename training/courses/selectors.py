"""Reads of providers, instructors, packages and batches, scoped to the user.

A BLK admin sees only their own provider (its workshops, instructors and batches); everyone
else sees the providers located in their districts and what belongs to them (a province: all of
its districts; a system admin: all). Training packages are a shared catalogue that everyone with
access to the training pages sees, and that only system admins and provincial staff edit.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _

from accounts.selectors import first_or_404, scope_to_user
from training.models import (
    Batch,
    BatchSession,
    CompetencyUnit,
    Enrolment,
    Instructor,
    InstructorBooking,
    InstructorCertification,
    Provider,
    TrainingPackage,
    Workshop,
)
from training.rules import expired_certifications


def _is_provider_staff(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.provider_id and not user.is_system_admin)


# --- providers -------------------------------------------------------------------------------


def provider_queryset_visible_to(*, user) -> QuerySet[Provider]:
    if _is_provider_staff(user):
        return Provider.objects.filter(pk=user.provider_id)
    return scope_to_user(Provider.objects.all(), user=user)


def provider_list_visible_to(*, user, kind: str = "") -> QuerySet[Provider]:
    """The provider list with its counts of workshops, instructors and batches, all in one
    query however many providers the page shows."""
    queryset = provider_queryset_visible_to(user=user).select_related("regency")
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset.annotate(
        workshop_count=Count("workshops", distinct=True),
        instructor_count=Count("instructors", distinct=True),
        batch_count=Count("batches", distinct=True),
    ).order_by("name")


def provider_get_visible_or_404(*, user, pk: int) -> Provider:
    return first_or_404(provider_queryset_visible_to(user=user).select_related("regency"), pk=pk)


def user_may_edit_provider(*, user, provider: Provider) -> bool:
    """Who may change a provider, its workshops and its instructors: a system admin, or a user
    with the training capability who works for that very provider (its BLK admin)."""
    if not user.has_perm("accounts.manage_training"):
        return False
    return user.is_system_admin or user.provider_id == provider.pk


def workshop_get_visible_or_404(*, user, pk: int) -> Workshop:
    return first_or_404(
        Workshop.objects.filter(provider__in=provider_queryset_visible_to(user=user)).select_related("provider__regency"),
        pk=pk,
    )


# --- instructors -----------------------------------------------------------------------------


def _with_certifications(queryset: QuerySet[Instructor]) -> QuerySet[Instructor]:
    return queryset.select_related("provider").prefetch_related(
        Prefetch("certifications", queryset=InstructorCertification.objects.order_by("expires_on", "pk"))
    )


def instructor_queryset_visible_to(*, user) -> QuerySet[Instructor]:
    return Instructor.objects.filter(provider__in=provider_queryset_visible_to(user=user))


def instructor_list_visible_to(*, user, provider_id: int | None = None) -> QuerySet[Instructor]:
    queryset = instructor_queryset_visible_to(user=user)
    if provider_id:
        queryset = queryset.filter(provider_id=provider_id)
    return _with_certifications(queryset).order_by("name", "pk")


def instructor_get_visible_or_404(*, user, pk: int, with_certifications: bool = True) -> Instructor:
    queryset = instructor_queryset_visible_to(user=user)
    queryset = _with_certifications(queryset) if with_certifications else queryset.select_related("provider")
    return first_or_404(queryset, pk=pk)


def certification_get_visible_or_404(*, user, pk: int) -> InstructorCertification:
    return first_or_404(
        InstructorCertification.objects.filter(instructor__in=instructor_queryset_visible_to(user=user))
        .select_related("instructor__provider"),
        pk=pk,
    )


def flag_instructors(instructors, *, on: date) -> list[Instructor]:
    """Set `expired` (the certificates invalid on `on`) on instructors whose certifications are
    prefetched; for a batch, `on` is its end date, so an instructor whose certificate lapses
    mid-course is flagged too."""
    instructors = list(instructors)
    for instructor in instructors:
        instructor.expired = expired_certifications(list(instructor.certifications.all()), on=on)
    return instructors


# --- packages --------------------------------------------------------------------------------


def user_may_edit_packages(*, user) -> bool:
    """The package catalogue is shared by every provider of every district, so a district's
    BLK admin or staff member must not rewrite it for all: system admins edit it, and staff
    working for a province (who manage training or programs there)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_system_admin:
        return True
    return bool(user.province_id) and (
        user.has_perm("accounts.manage_training") or user.has_perm("accounts.manage_programs")
    )


def package_list(*, vocation: str = "") -> QuerySet[TrainingPackage]:
    queryset = TrainingPackage.objects.annotate(unit_count=Count("units"))
    if vocation:
        queryset = queryset.filter(vocation__iexact=vocation)
    return queryset.order_by("name", "pk")


def package_get_or_404(*, pk: int) -> TrainingPackage:
    return first_or_404(
        TrainingPackage.objects.prefetch_related(Prefetch("units", queryset=CompetencyUnit.objects.order_by("code"))),
        pk=pk,
    )


# --- batches ---------------------------------------------------------------------------------


def batch_queryset_visible_to(*, user) -> QuerySet[Batch]:
    if _is_provider_staff(user):
        return Batch.objects.filter(provider_id=user.provider_id)
    return scope_to_user(Batch.objects.all(), user=user, regency_field="provider__regency")


def batch_get_visible_or_404(*, user, pk: int) -> Batch:
    return first_or_404(
        batch_queryset_visible_to(user=user).select_related(
            "cycle__program", "package", "provider__regency", "workshop"
        ),
        pk=pk,
    )


def batch_list_visible_to(
    *,
    user,
    cycle_id: int | None = None,
    provider_id: int | None = None,
    package_id: int | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[Batch]:
    """The batch list, filtered; `seats_used` counts the seat-holding enrolments in the same
    query. A date filter keeps the batches running at some point between the two dates."""
    queryset = batch_queryset_visible_to(user=user)
    if cycle_id:
        queryset = queryset.filter(cycle_id=cycle_id)
    if provider_id:
        queryset = queryset.filter(provider_id=provider_id)
    if package_id:
        queryset = queryset.filter(package_id=package_id)
    if date_from:
        queryset = queryset.filter(end_date__gte=date_from)
    if date_to:
        queryset = queryset.filter(start_date__lte=date_to)
    return (
        queryset.select_related("cycle", "package", "provider", "workshop")
        .annotate(seats_used=Count("enrolments", filter=Q(enrolments__status__in=Enrolment.SEAT_HOLDING)))
        .order_by("-start_date", "name", "pk")
    )


def batch_seats_used(*, batch: Batch) -> int:
    return batch.enrolments.filter(status__in=Enrolment.SEAT_HOLDING).count()


def batch_instructors_flagged(*, batch: Batch) -> list[Instructor]:
    return flag_instructors(_with_certifications(batch.instructors.all()).order_by("name"), on=batch.end_date)


def batch_sessions(*, batch: Batch) -> QuerySet[BatchSession]:
    return batch.sessions.select_related("workshop").order_by("starts_at")


# --- calendars -------------------------------------------------------------------------------


def _day_range(first: date, last: date) -> tuple[datetime, datetime]:
    """[first 00:00, the day after last 00:00) in the portal's time zone."""
    tz = timezone.get_current_timezone()
    start = datetime.combine(first, datetime.min.time(), tzinfo=tz)
    end = datetime.combine(last + timedelta(days=1), datetime.min.time(), tzinfo=tz)
    return start, end


def provider_sessions_between(*, provider: Provider, first: date, last: date) -> list[BatchSession]:
    """The provider's sessions on the days first..last, in one query."""
    start, end = _day_range(first, last)
    return list(
        BatchSession.objects.filter(batch__provider=provider, starts_at__lt=end, ends_at__gt=start)
        .select_related("batch__package", "workshop")
        .order_by("starts_at", "pk")
    )


def instructor_sessions_between(*, instructor: Instructor, first: date, last: date) -> list[BatchSession]:
    """The sessions the instructor teaches on the days first..last, in one query."""
    start, end = _day_range(first, last)
    return list(
        BatchSession.objects.filter(bookings__instructor=instructor, starts_at__lt=end, ends_at__gt=start)
        .select_related("batch__package", "workshop")
        .order_by("starts_at", "pk")
    )


# --- double booking --------------------------------------------------------------------------


@dataclass(frozen=True)
class ScheduleConflict:
    """Another batch's session that a proposed session overlaps: through the workshop, or
    through one of the instructors (then `instructor` names them)."""

    kind: str  # "workshop" or "instructor"
    resource: str  # the workshop's or the instructor's name
    batch_name: str
    package_name: str
    starts_at: datetime
    ends_at: datetime

    @property
    def message(self) -> str:
        starts = timezone.localtime(self.starts_at)
        ends = timezone.localtime(self.ends_at)
        values = {
            "resource": self.resource,
            "batch": self.batch_name,
            "package": self.package_name,
            "date": date_format(starts.date(), "j M Y"),
            "start": time_format(starts.time(), "H:i"),
            "end": time_format(ends.time(), "H:i"),
        }
        if self.kind == "instructor":
            return _(
                "Instructor %(resource)s already teaches %(batch)s (%(package)s) on %(date)s %(start)s–%(end)s."
            ) % values
        return _("Workshop %(resource)s is used by %(batch)s (%(package)s) on %(date)s %(start)s–%(end)s.") % values


def _overlapping(spans: list[tuple[datetime, datetime]], prefix: str = "") -> Q:
    """Rows overlapping any of the spans, half-open like tstzrange (touching is no overlap)."""
    condition = Q(pk__in=[])
    for starts, ends in spans:
        condition |= Q(**{f"{prefix}starts_at__lt": ends, f"{prefix}ends_at__gt": starts})
    return condition


def schedule_conflicts(
    *,
    workshop: Workshop,
    instructors,
    spans: list[tuple[datetime, datetime]],
    exclude_batch: Batch | None = None,
    limit: int = 10,
) -> list[ScheduleConflict]:
    """Other batches' sessions that the proposed `spans` would double-book: the same workshop, or
    one of `instructors`, at overlapping times. Two queries however many sessions are proposed;
    the database's exclusion constraints are the final word, this is what explains them."""
    if not spans:
        return []
    conflicts = []
    sessions = BatchSession.objects.filter(_overlapping(spans), workshop=workshop)
    if exclude_batch is not None and exclude_batch.pk:
        sessions = sessions.exclude(batch=exclude_batch)
    for session in sessions.select_related("batch__package", "workshop").order_by("starts_at")[:limit]:
        conflicts.append(ScheduleConflict(
            "workshop", session.workshop.name, session.batch.name, session.batch.package.name,
            session.starts_at, session.ends_at,
        ))
    instructor_ids = [instructor.pk for instructor in instructors]
    if instructor_ids:
        bookings = InstructorBooking.objects.filter(_overlapping(spans), instructor_id__in=instructor_ids)
        if exclude_batch is not None and exclude_batch.pk:
            bookings = bookings.exclude(session__batch=exclude_batch)
        for booking in bookings.select_related("instructor", "session__batch__package").order_by("starts_at")[:limit]:
            conflicts.append(ScheduleConflict(
                "instructor", booking.instructor.name, booking.session.batch.name,
                booking.session.batch.package.name, booking.starts_at, booking.ends_at,
            ))
    return conflicts
