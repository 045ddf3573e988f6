"""Writes of monitoring and coaching: scheduling visits, recording a visit, assigning officers,
coaching sessions and graduate outcomes. Each runs in one transaction with its audit row."""

import uuid
from pathlib import Path

from django.core.files.base import File
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.services import audit_record
from core.errors import PortalError
from core.uploads import image_content_type
from grants import rules
from grants.models import (
    CoachingSession,
    GraduateOutcome,
    Grant,
    MonitoringVisit,
    VisitAssetCheck,
    VisitPhoto,
)

# Every delivered grant gets one visit per month of its scheme's monitoring_months, due that many
# months after delivery (PostgreSQL's date + interval keeps the day, or takes the month's last, as
# grants.rules.add_months does). ON CONFLICT DO NOTHING on (grant, months_after): running it again
# creates nothing twice, and never touches a visit that exists, done or not.
SCHEDULE_VISITS = """
    INSERT INTO grants_monitoringvisit (grant_id, regency_id, months_after, due_on, officer_id, status, visited_on,
                                        business_status, monthly_revenue, employees, notes, latitude, longitude,
                                        location_accuracy_m, recorded_by_id, recorded_at, created_at)
    SELECT g.id, g.regency_id, m.months, (g.delivered_on + make_interval(months => m.months))::date, g.officer_id,
           'scheduled', NULL, '', NULL, NULL, '', NULL, NULL, NULL, NULL, NULL, now()
    FROM grants_grant g
    JOIN grants_grantscheme s ON s.id = g.scheme_id
    CROSS JOIN LATERAL unnest(s.monitoring_months) AS m(months)
    WHERE g.status = ANY(%(delivered)s) AND g.delivered_on IS NOT NULL
    ON CONFLICT (grant_id, months_after) DO NOTHING
"""


@transaction.atomic
def visits_schedule() -> int:
    """Create the monitoring visits every delivered grant is owed (one set-based statement);
    returns how many were created. Safe to run any number of times."""
    with connection.cursor() as cursor:
        cursor.execute(SCHEDULE_VISITS, {"delivered": list(Grant.DELIVERED)})
        created = cursor.rowcount
    if created:
        audit_record(actor=None, action="monitoring.schedule", after={"visits_created": created})
    return created


class VisitRefused(PortalError):
    pass


def _store_photo(visit: MonitoringVisit, upload, by) -> VisitPhoto:
    upload.seek(0)
    detected = image_content_type(upload.read(16))
    upload.seek(0)
    if detected is None:
        raise VisitRefused(_("Only JPEG or PNG photos are accepted."))
    content_type, extension = detected
    photo = VisitPhoto(visit=visit, original_name=Path(upload.name or "").name[:255] or "foto",
                       content_type=content_type, size=upload.size, uploaded_by=by)
    photo.file.save(f"{uuid.uuid4().hex}{extension}", File(upload), save=False)
    return photo


def visit_record(*, visit: MonitoringVisit, by, visited_on, business_status: str, monthly_revenue: int | None = None,
                 employees: int | None = None, notes: str = "", in_use: dict | None = None, photos=(),
                 latitude=None, longitude=None, accuracy=None, outcome: str = "") -> MonitoringVisit:
    """Record what the officer found. A visit is recorded once: a visit already done is never
    overwritten (a later visit of the same kind is refused). `in_use` is {grant item id: bool}
    for the grant's tagged items; `outcome` updates the graduate's outcome (unless a later
    confirmation is already recorded)."""
    today = timezone.localdate()
    saved_files = []
    try:
        with transaction.atomic():
            visit = (MonitoringVisit.objects.select_for_update(of=("self",))
                     .select_related("grant__person", "recorded_by").get(pk=visit.pk))
            if visit.status == MonitoringVisit.Status.DONE:
                raise VisitRefused(
                    _("This visit was already recorded on %(day)s by %(who)s; a second visit of the same kind "
                      "does not replace it.")
                    % {"day": visit.visited_on.strftime("%d-%m-%Y"),
                       "who": visit.recorded_by.get_full_name() or visit.recorded_by.username if visit.recorded_by
                       else "—"})
            grant = visit.grant
            if visited_on > today:
                raise VisitRefused(_("The visit date cannot be in the future."))
            if grant.delivered_on and visited_on < grant.delivered_on:
                raise VisitRefused(_("The visit date is before the grant was handed over."))
            visit.status = MonitoringVisit.Status.DONE
            visit.visited_on, visit.business_status = visited_on, business_status
            visit.monthly_revenue, visit.employees, visit.notes = monthly_revenue, employees, (notes or "").strip()
            visit.latitude, visit.longitude, visit.location_accuracy_m = latitude, longitude, accuracy
            visit.recorded_by, visit.recorded_at = by, timezone.now()
            if visit.officer_id is None:
                visit.officer = by
            visit.save()
            tagged = {item.pk: item for item in grant.items.exclude(asset_tag="")}
            checks = [VisitAssetCheck(visit=visit, item_id=item_id, in_use=bool(value))
                      for item_id, value in (in_use or {}).items() if item_id in tagged]
            VisitAssetCheck.objects.bulk_create(checks)
            stored = []
            for upload in photos:
                photo = _store_photo(visit, upload, by)
                saved_files.append(photo.file.name)
                stored.append(photo)
            VisitPhoto.objects.bulk_create(stored)
            outcome_after = None
            if outcome:
                outcome_after = _outcome_write(person=grant.person, by=by, status=outcome, confirmed_on=visited_on,
                                               visit=visit, note="")
            audit_record(
                actor=by, action="monitoring.visit_record", target=visit, regency_code=visit.regency_id,
                after={"grant": grant.pk, "months_after": visit.months_after, "visited_on": visited_on.isoformat(),
                       "business_status": business_status, "monthly_revenue": monthly_revenue,
                       "employees": employees, "in_use": {tagged[c.item_id].asset_tag: c.in_use for c in checks},
                       "photos": len(stored), "gps": latitude is not None, "outcome": outcome_after},
            )
    except Exception:
        for name in saved_files:
            VisitPhoto.file.field.storage.delete(name)
        raise
    return visit


def visits_assign(*, by, visits, officer: User) -> int:
    """Give scheduled visits (already narrowed to `by`'s districts) to an officer of their
    district. One statement and one audit row, whatever the number."""
    visits = list(visits.filter(status=MonitoringVisit.Status.SCHEDULED).values_list("pk", "regency_id"))
    if not visits:
        raise PortalError(_("Choose at least one visit that is still to be made."))
    regencies = {regency for _pk, regency in visits}
    if officer.regency_id not in regencies or len(regencies) > 1 or not officer.has_perm("accounts.manage_grants"):
        raise PortalError(_("%(name)s is not an officer of these visits' district.")
                          % {"name": officer.get_full_name() or officer.username})
    ids = [pk for pk, _regency in visits]
    with transaction.atomic():
        changed = MonitoringVisit.objects.filter(pk__in=ids, status=MonitoringVisit.Status.SCHEDULED).update(
            officer=officer)
        audit_record(actor=by, action="monitoring.assign", target=officer, regency_code=regencies.pop(),
                     after={"visits": ids, "officer": officer.pk, "changed": changed})
    return changed


# --- coaching and outcomes -------------------------------------------------------------------


@transaction.atomic
def coaching_session_save(*, by, regency, session: CoachingSession | None = None, attendees=(), **values
                          ) -> CoachingSession:
    """Create or change a coaching session with its attendees (graduates of the district)."""
    attendees = list(attendees)
    if any(person.regency_id != regency.code for person in attendees):
        raise PortalError(_("Attendees must be graduates of the session's district."))
    before = None
    if session is not None:
        session = CoachingSession.objects.select_for_update().get(pk=session.pk)
        before = {"topic": session.topic, "held_on": session.held_on.isoformat(), "place": session.place,
                  "officer": session.officer_id, "attendees": sorted(session.attendees.values_list("pk", flat=True))}
    else:
        session = CoachingSession(regency=regency, created_by=by)
    for name in ("topic", "held_on", "place", "officer", "notes", "scheme"):
        if name in values:
            setattr(session, name, values[name])
    session.save()
    session.attendees.set(attendees)
    audit_record(actor=by, action="coaching.save", target=session, before=before, regency_code=regency.code,
                 after={"topic": session.topic, "held_on": session.held_on.isoformat(), "place": session.place,
                        "officer": session.officer_id, "attendees": sorted(p.pk for p in attendees)})
    return session


def _outcome_write(*, person, by, status: str, confirmed_on, visit=None, note: str = "") -> dict | None:
    outcome = GraduateOutcome.objects.select_for_update().filter(person=person).first()
    if outcome is not None and outcome.confirmed_on > confirmed_on:
        return None  # a later confirmation stands
    before = {"status": outcome.status, "confirmed_on": outcome.confirmed_on.isoformat()} if outcome else None
    outcome = outcome or GraduateOutcome(person=person)
    outcome.status, outcome.confirmed_on, outcome.confirmed_by = status, confirmed_on, by
    outcome.visit, outcome.note = visit, (note or "").strip()
    outcome.save()
    return {"before": before, "status": status, "confirmed_on": confirmed_on.isoformat()}


@transaction.atomic
def outcome_record(*, person, by, status: str, confirmed_on, note: str = "") -> GraduateOutcome:
    """An officer confirms what a graduate does now (employed, self-employed, not working,
    continuing study)."""
    if confirmed_on > timezone.localdate():
        raise PortalError(_("The date of confirmation cannot be in the future."))
    written = _outcome_write(person=person, by=by, status=status, confirmed_on=confirmed_on, note=note)
    if written is None:
        raise PortalError(_("A later confirmation of this graduate's outcome is already recorded."))
    audit_record(actor=by, action="graduate_outcome.record", target=person, regency_code=person.regency_id,
                 after=written)
    return GraduateOutcome.objects.get(person=person)


def outcome_suggested(business_status: str) -> str:
    return rules.outcome_for_business(business_status)
