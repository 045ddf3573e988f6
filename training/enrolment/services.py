"""Writes of seats: enrolling an application into a batch, and withdrawing it.

Seats are counted, never stored: a batch holds as many seats as it has seat-holding enrolments
(Enrolment.SEAT_HOLDING), and so does a district's quota in a cycle. Counting and then inserting
is only safe while nobody else can insert between the two, so `enrolment_create` first takes
row locks that every enrolment of the same district or batch must also take:

  1. the district's CycleQuota row (cycle, regency),
  2. the Batch row.

Always in this order: the reallocation service locks quota rows too, and two transactions that
take the same locks in the same order cannot deadlock. The partial unique constraint
`one_seat_per_application` backs "one seat per application" in the database as well.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.errors import PortalError
from participants.models import Application
from programs.models import CycleQuota
from training.enrolment.selectors import application_may_take_seat, waiting_list_rank
from training.models import Batch, Enrolment


class EnrolmentRefused(PortalError):
    """An enrolment the rules do not allow; `message` says why, in the user's language."""


def _seat_held_by(application: Application) -> Enrolment | None:
    return (
        Enrolment.objects.filter(application=application, status__in=Enrolment.SEAT_HOLDING)
        .select_related("batch")
        .first()
    )


def enrolment_create(*, batch: Batch, application: Application, by, note: str = "") -> Enrolment:
    """Give `application` a seat in `batch`, within the batch's capacity and the district's
    quota, whatever other enrolments run at the same moment.

    `note` is the reason for enrolling someone who is not first in line on their district's
    waiting list, or for enrolling into a batch that has already ended (recording a seat given
    earlier): it is then required, and kept in the audit trail with the rank they had."""
    note = (note or "").strip()
    name = application.person.name
    batch_ended = batch.end_date < timezone.localdate()
    if batch_ended and not note:
        raise EnrolmentRefused(
            _("%(batch)s ended on %(date)s: give a reason for enrolling %(name)s into a batch that is over.")
            % {"batch": batch.name, "date": date_format(batch.end_date), "name": name}
        )
    if application.cycle_id != batch.cycle_id:
        raise EnrolmentRefused(
            _("%(name)s applied to %(application_cycle)s, not to %(batch_cycle)s of %(batch)s.")
            % {"name": name, "application_cycle": application.cycle.code, "batch_cycle": batch.cycle.code,
               "batch": batch.name}
        )
    with transaction.atomic():
        # Lock order: quota row, then batch row (see the module docstring).
        quota = (
            CycleQuota.objects.select_for_update()
            .select_related("regency", "cycle")
            .filter(cycle_id=application.cycle_id, regency_id=application.regency_id)
            .first()
        )
        if quota is None:
            raise EnrolmentRefused(
                _("%(district)s: there is no quota for this district in this cycle (%(cycle)s), "
                  "so no seat can be given.")
                % {"district": application.regency.name, "cycle": application.cycle.code}
            )
        batch = Batch.objects.select_for_update().get(pk=batch.pk)

        # Read the decision inside the lock, so a rejection that just committed counts.
        application = Application.objects.select_related("person", "eligibility").get(pk=application.pk)
        if not application_may_take_seat(application):
            raise EnrolmentRefused(
                _("%(name)s is not eligible: only applications that are eligible and not rejected, "
                  "or approved by staff, may take a seat.") % {"name": name}
            )
        held = _seat_held_by(application)
        if held is not None:
            raise EnrolmentRefused(_already_enrolled_message(name=name, batch=held.batch))

        batch_used = Enrolment.objects.filter(batch=batch, status__in=Enrolment.SEAT_HOLDING).count()
        if batch_used >= batch.capacity:
            raise EnrolmentRefused(
                _("%(batch)s is full (%(used)s of %(capacity)s seats).")
                % {"batch": batch.name, "used": batch_used, "capacity": batch.capacity}
            )
        district_used = Enrolment.objects.filter(
            cycle_id=application.cycle_id, regency_id=application.regency_id, status__in=Enrolment.SEAT_HOLDING
        ).count()
        if district_used >= quota.current_quota:
            raise EnrolmentRefused(
                _("%(district)s has used all %(quota)s seats of its quota for %(cycle)s.")
                % {"district": quota.regency.name, "quota": quota.current_quota, "cycle": quota.cycle.code}
            )

        # Computed under the quota lock, so no other enrolment of the district moves it meanwhile.
        rank = waiting_list_rank(application=application)
        if rank != 1 and not note:
            if rank is None:
                message = _("%(name)s is not on the waiting list (they withdrew earlier): give a reason "
                            "for enrolling them.") % {"name": name}
            else:
                message = _("%(name)s is number %(rank)s on the waiting list, not first in line: give a "
                            "reason for enrolling them ahead of others.") % {"name": name, "rank": rank}
            raise EnrolmentRefused(message)

        try:
            # A savepoint, so the refusal leaves the outer transaction usable.
            with transaction.atomic():
                enrolment = Enrolment.objects.create(
                    batch=batch,
                    application=application,
                    cycle_id=application.cycle_id,
                    regency_id=application.regency_id,
                    status=Enrolment.Status.ENROLLED,
                    enrolled_by=by,
                )
        except IntegrityError:
            # Another transaction enrolled the same application between our check and insert
            # (possible only through a path that skips the quota lock); the constraint held.
            held = _seat_held_by(application)
            raise EnrolmentRefused(
                _already_enrolled_message(name=name, batch=held.batch) if held
                else _("%(name)s already holds a seat.") % {"name": name}
            ) from None

        audit_record(
            actor=by,
            action="enrolment.create",
            target=enrolment,
            after={
                "batch": batch.pk,
                "batch_name": batch.name,
                "application": application.pk,
                "cycle": application.cycle_id,
                "waiting_list_rank": rank,
                "note": note,
                "batch_ended": batch_ended,
                "batch_seats_used": batch_used + 1,
                "district_seats_used": district_used + 1,
                "district_quota": quota.current_quota,
            },
            regency_code=application.regency_id,
        )
    return enrolment


def _already_enrolled_message(*, name: str, batch: Batch) -> str:
    return _("%(name)s is already enrolled in %(batch)s.") % {"name": name, "batch": batch.name}


def enrolment_withdraw(*, enrolment: Enrolment, by, reason: str) -> Enrolment:
    """Withdraw a participant before or at the start of the course: the seat goes back to the
    batch and to the district's quota, for the next in line. A participant who already took part
    drops out instead (a training record), which keeps the seat counted."""
    reason = (reason or "").strip()
    if not reason:
        raise EnrolmentRefused(_("Give a reason for the withdrawal."))
    with transaction.atomic():
        # Locked so that two simultaneous withdrawals cannot both pass the status check.
        enrolment = (
            Enrolment.objects.select_for_update(of=("self",))
            .select_related("application__person", "batch")
            .get(pk=enrolment.pk)
        )
        if enrolment.status != Enrolment.Status.ENROLLED:
            raise EnrolmentRefused(
                _("%(name)s cannot be withdrawn: their enrolment is %(status)s.")
                % {"name": enrolment.application.person.name, "status": enrolment.get_status_display().lower()}
            )
        before = {"status": enrolment.status}
        enrolment.status = Enrolment.Status.WITHDRAWN
        enrolment.ended_at = timezone.now()
        enrolment.end_reason = reason
        enrolment.save(update_fields=["status", "ended_at", "end_reason"])
        audit_record(
            actor=by,
            action="enrolment.withdraw",
            target=enrolment,
            before=before,
            after={"status": enrolment.status, "reason": reason, "batch": enrolment.batch_id},
            regency_code=enrolment.regency_id,
        )
    return enrolment
