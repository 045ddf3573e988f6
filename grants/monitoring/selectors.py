"""Reads of monitoring: visit lists (due, overdue) with their counts per officer and per
kecamatan, the survival figures, coaching sessions and outcomes; scoped to the user's
districts. The survival figures and grant_indicator_counts are what a dashboard reads."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import connection
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.selectors import get_visible_or_404, regency_codes_visible_to, scope_to_user
from grants import rules
from grants.models import CoachingSession, GraduateOutcome, Grant, MonitoringVisit, VisitPhoto
from participants.models import Person
from training.models import Enrolment

STATES = ("overdue", "due", "scheduled", "done", "all")
# "Due": due today or within the next week (grants.rules.visit_state).
DUE_WINDOW_DAYS = 7


def visit_list_visible_to(*, user, today: date, state: str = "overdue", officer: str = "", subdistrict: str = "",
                          scheme=None) -> QuerySet[MonitoringVisit]:
    """Visits of the user's districts. `state`: overdue (due before today, not done), due (today
    or within a week), scheduled (not done), done, all. `officer`: a user id, or "none" for
    visits nobody is assigned to. `subdistrict`: a kecamatan code (the business location's)."""
    visits = scope_to_user(
        MonitoringVisit.objects.select_related("grant__person", "grant__scheme", "grant__village__subdistrict",
                                               "officer"),
        user=user,
    )
    if state == "overdue":
        visits = visits.filter(status=MonitoringVisit.Status.SCHEDULED, due_on__lt=today)
    elif state == "due":
        visits = visits.filter(status=MonitoringVisit.Status.SCHEDULED, due_on__gte=today,
                               due_on__lte=today + timedelta(days=DUE_WINDOW_DAYS))
    elif state == "scheduled":
        visits = visits.filter(status=MonitoringVisit.Status.SCHEDULED)
    elif state == "done":
        visits = visits.filter(status=MonitoringVisit.Status.DONE)
    if officer == "none":
        visits = visits.filter(officer__isnull=True)
    elif officer.isascii() and officer.isdigit():
        visits = visits.filter(officer_id=int(officer))
    if subdistrict:
        visits = visits.filter(grant__village__subdistrict_id=subdistrict)
    if scheme is not None:
        visits = visits.filter(grant__scheme=scheme)
    order = ("-visited_on", "-pk") if state == "done" else ("due_on", "pk")
    return visits.order_by(*order)


def _overdue(user, today):
    return scope_to_user(MonitoringVisit.objects.all(), user=user).filter(
        status=MonitoringVisit.Status.SCHEDULED, due_on__lt=today)


def overdue_summary(*, user, today: date) -> tuple[list[dict], list[dict]]:
    """Overdue visits counted per officer ([{officer id, name, count}], most first, None for
    nobody assigned) and per kecamatan of the business ([{code, name, count}]): one grouped query
    for both, plus one for the officers' names."""
    rows = list(_overdue(user, today).values("officer_id", "grant__village__subdistrict_id",
                                             "grant__village__subdistrict__name").annotate(n=Count("pk")))
    officers: dict = {}
    subdistricts: dict = {}
    for row in rows:
        officers[row["officer_id"]] = officers.get(row["officer_id"], 0) + row["n"]
        code = row["grant__village__subdistrict_id"]
        name, count = subdistricts.get(code, (row["grant__village__subdistrict__name"], 0))
        subdistricts[code] = (name, count + row["n"])
    names = {u.pk: u.get_full_name() or u.username for u in User.objects.filter(pk__in=[o for o in officers if o])}
    by_officer = sorted(({"officer_id": officer, "name": names.get(officer) if officer else None, "count": count}
                         for officer, count in officers.items()), key=lambda r: (-r["count"], r["officer_id"] or 0))
    by_subdistrict = sorted(({"code": code, "name": name, "count": count}
                             for code, (name, count) in subdistricts.items()), key=lambda r: (-r["count"], r["code"]))
    return by_officer, by_subdistrict


def visit_get_visible(*, user, pk: int) -> MonitoringVisit:
    return get_visible_or_404(
        MonitoringVisit.objects.select_related("grant__person", "grant__scheme", "grant__village__subdistrict",
                                               "officer", "recorded_by"),
        user=user, pk=pk,
    )


def visit_photo_get_visible(*, user, pk: int) -> VisitPhoto:
    """A visit's photo, only for a user who may see the visit (404 otherwise)."""
    return get_visible_or_404(VisitPhoto.objects.select_related("visit"), user=user, regency_field="visit__regency",
                              pk=pk)


def officers_visible_to(*, user) -> QuerySet[User]:
    """Users of the user's districts who may record grants: the officers visits can go to."""
    with_capability = Q(groups__permissions__codename="manage_grants",
                        groups__permissions__content_type__app_label="accounts") | Q(
        user_permissions__codename="manage_grants", user_permissions__content_type__app_label="accounts")
    users = User.objects.filter(with_capability, is_active=True, regency__isnull=False).distinct()
    return scope_to_user(users, user=user).order_by("first_name", "last_name", "username")


# --- survival ------------------------------------------------------------------------------------

# A visit's due_on is its grant's delivery + its months (the scheduler computes it), so it tells
# whether the milestone was reached without date arithmetic; only a grant the scheduler has not
# reached yet falls back to computing it. The cohort is computed once per grant, not per month.
SURVIVAL = """
    SELECT s.id, s.code, s.name, c.cohort, c.months, c.recipients, c.reached, c.visited, c.active
    FROM (
        SELECT g.scheme_id, g.cohort, m.months, count(*) AS recipients,
               count(*) FILTER (WHERE coalesce(v.due_on, (g.delivered_on + make_interval(months => m.months))::date)
                                      <= %(today)s) AS reached,
               count(v.id) FILTER (WHERE v.status = 'done') AS visited,
               count(v.id) FILTER (WHERE v.status = 'done' AND v.business_status = ANY(%(surviving)s)
                                     AND v.due_on <= %(today)s) AS active
        FROM (SELECT id, scheme_id, delivered_on, date_trunc('month', delivered_on::timestamp)::date AS cohort
              FROM grants_grant g
              WHERE g.delivered_on IS NOT NULL AND g.status = ANY(%(statuses)s) {where}) g
        JOIN grants_grantscheme s ON s.id = g.scheme_id
        CROSS JOIN LATERAL unnest(s.monitoring_months) AS m(months)
        LEFT JOIN grants_monitoringvisit v ON v.grant_id = g.id AND v.months_after = m.months
        GROUP BY g.scheme_id, g.cohort, m.months
    ) c JOIN grants_grantscheme s ON s.id = c.scheme_id
    ORDER BY s.code, c.cohort, c.months
"""


@dataclass
class SurvivalCell:
    months: int
    active: int  # numerator: businesses found active or growing at the visit of that month
    reached: int  # denominator: recipients whose handover is at least that many months ago
    visited: int

    @property
    def percent(self) -> float | None:
        return rules.percentage(self.active, self.reached)

    @property
    def not_visited(self) -> int:
        return max(self.reached - self.visited, 0)


@dataclass
class SurvivalRow:
    scheme_id: int
    scheme_code: str
    scheme_name: str
    cohort: date  # the month of handover or disbursement
    recipients: int
    cells: dict[int, SurvivalCell] = field(default_factory=dict)


def survival_numerator_label(months: int) -> str:
    return _("businesses found active or growing at the %(months)s-month visit") % {"months": months}


def survival_denominator_label(months: int) -> str:
    return _("recipients whose handover was at least %(months)s months ago") % {"months": months}


def survival_table(*, user, today: date, scheme=None, regency_codes=None) -> list[SurvivalRow]:
    """Per scheme and cohort (month of handover or disbursement): for each monitoring month,
    how many businesses were found active or growing (numerator) among the recipients who have
    reached that month (denominator). Unvisited recipients count in the denominator only, so a
    figure never flatters. One query. `regency_codes` narrows further within the user's; with no
    `user` (the dashboards' figures cache, which passes the districts the user may see as
    `regency_codes`) only `regency_codes` limits the rows."""
    visible = regency_codes_visible_to(user=user) if user is not None else None
    params = {"today": today, "surviving": ["active", "growing"],
              "statuses": [*Grant.DELIVERED, Grant.Status.RETURNED]}
    where = []
    if visible is not None:
        where.append("AND g.regency_id = ANY(%(codes)s)")
        params["codes"] = list(visible)
    if regency_codes is not None:
        where.append("AND g.regency_id = ANY(%(narrow)s)")
        params["narrow"] = list(regency_codes)
    if scheme is not None:
        where.append("AND g.scheme_id = %(scheme)s")
        params["scheme"] = scheme.pk
    rows: dict[tuple[int, date], SurvivalRow] = {}
    with connection.cursor() as cursor:
        cursor.execute(SURVIVAL.format(where=" ".join(where)), params)
        for scheme_id, code, name, cohort, months, recipients, reached, visited, active in cursor.fetchall():
            row = rows.get((scheme_id, cohort))
            if row is None:
                row = rows[scheme_id, cohort] = SurvivalRow(scheme_id, code, name, cohort, recipients)
            row.cells[months] = SurvivalCell(months=months, active=active, reached=reached, visited=visited)
    return list(rows.values())


SURVIVAL_PERSONS = """
    SELECT DISTINCT g.person_id
    FROM grants_grant g
    JOIN grants_grantscheme s ON s.id = g.scheme_id AND %(months)s = ANY(s.monitoring_months)
    LEFT JOIN grants_monitoringvisit v ON v.grant_id = g.id AND v.months_after = %(months)s
    WHERE g.delivered_on IS NOT NULL AND g.status = ANY(%(statuses)s)
      AND extract(year FROM g.delivered_on) = %(year)s AND g.regency_id = ANY(%(codes)s)
      AND coalesce(v.due_on, (g.delivered_on + make_interval(months => %(months)s))::date) <= %(today)s
      {active}
"""


def survival_person_ids(*, year: int, months: int, today: date, regency_codes: list[str],
                        active_only: bool) -> list[int]:
    """The recipients behind a cell of the dashboards' survival table (summed over schemes and
    cohorts of `year`): those whose handover was at least `months` ago, or (`active_only`) those
    of them found active or growing at that month's visit. The same conditions as SURVIVAL; the
    caller passes the districts the user may see. One query."""
    active = "AND v.status = 'done' AND v.business_status = ANY(%(surviving)s) AND v.due_on <= %(today)s"
    params = {"year": year, "months": months, "today": today, "codes": list(regency_codes),
              "surviving": ["active", "growing"], "statuses": [*Grant.DELIVERED, Grant.Status.RETURNED]}
    with connection.cursor() as cursor:
        cursor.execute(SURVIVAL_PERSONS.format(active=active if active_only else ""), params)
        return [row[0] for row in cursor.fetchall()]


def survival_months(rows: list[SurvivalRow]) -> list[int]:
    return sorted({months for row in rows for months in row.cells})


# --- what a dashboard reads (§12, docs/dashboards.md) -------------------------------------------------

INDICATORS = """
    WITH granted AS (
        SELECT g.regency_id, g.person_id, g.id,
               CASE WHEN g.status = 'credit_approved' THEN coalesce(k.credit_amount, g.amount)
                    ELSE g.amount END AS amount
        FROM grants_grant g LEFT JOIN grants_kurreferral k ON k.grant_id = g.id
        WHERE g.status = ANY(%(delivered)s) AND extract(year FROM g.delivered_on) = %(year)s {where}
    ), latest AS (
        SELECT DISTINCT ON (gr.regency_id, gr.person_id) gr.regency_id, gr.person_id, v.business_status
        FROM granted gr JOIN grants_monitoringvisit v ON v.grant_id = gr.id AND v.status = 'done'
        ORDER BY gr.regency_id, gr.person_id, v.visited_on DESC, v.id DESC
    )
    SELECT gr.regency_id, count(DISTINCT gr.person_id), sum(gr.amount),
           (SELECT count(*) FROM latest l WHERE l.regency_id = gr.regency_id AND l.business_status = ANY(%(surviving)s))
    FROM granted gr GROUP BY gr.regency_id ORDER BY gr.regency_id
"""


def grant_indicator_counts(*, year: int, regency_codes=None) -> dict[str, dict]:
    """§12's grant figures per kabupaten: `granted` (distinct persons with a grant delivered in
    `year`: cash paid, equipment handed over, KUR credit approved), `grant_amount` (their
    rupiah; a KUR credit counts at the amount the bank approved) and `business_active` (of those
    persons, whose latest visit found the business active or growing). One query."""
    params = {"delivered": list(Grant.DELIVERED), "year": year, "surviving": ["active", "growing"]}
    where = ""
    if regency_codes is not None:
        where, params["codes"] = "AND g.regency_id = ANY(%(codes)s)", list(regency_codes)
    with connection.cursor() as cursor:
        cursor.execute(INDICATORS.format(where=where), params)
        return {code: {"granted": granted, "grant_amount": int(amount or 0), "business_active": active}
                for code, granted, amount, active in cursor.fetchall()}


# --- coaching, graduates and outcomes ------------------------------------------------------------


def coaching_list_visible_to(*, user) -> QuerySet[CoachingSession]:
    return scope_to_user(CoachingSession.objects.select_related("officer", "scheme").annotate(
        attendee_count=Count("attendees")), user=user).order_by("-held_on", "-pk")


def coaching_get_visible(*, user, pk: int) -> CoachingSession:
    return get_visible_or_404(CoachingSession.objects.select_related("officer", "scheme", "regency")
                              .prefetch_related("attendees"), user=user, pk=pk)


def graduates_visible_to(*, user, batch_id: int | None = None, search: str = "") -> QuerySet[Person]:
    """Persons who completed a training in the user's districts (the attendees a coaching
    session is picked from), by name."""
    completed = scope_to_user(Enrolment.objects.filter(status=Enrolment.Status.COMPLETED), user=user)
    if batch_id:
        completed = completed.filter(batch_id=batch_id)
    persons = Person.objects.filter(applications__enrolments__in=completed).distinct()
    search = (search or "").strip()
    if search:
        persons = persons.filter(name__icontains=search)
    return persons.order_by("name", "pk")


def outcome_of(*, person) -> GraduateOutcome | None:
    return GraduateOutcome.objects.select_related("confirmed_by").filter(person=person).first()
