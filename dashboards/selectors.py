"""Reads of the dashboard pages besides the tables: the filter choices and the named lists
behind a count, scoped to the user's districts."""

from django.db.models import QuerySet

from accounts.selectors import regency_codes_visible_to, scope_to_user
from participants.models import Person
from programs.models import ProgramCycle
from regions.models import Regency

from . import facts
from .tables import _cycle_ids, visible_codes


def dashboard_years() -> list[int]:
    """The years that have a program cycle, ascending."""
    return sorted(set(ProgramCycle.objects.values_list("year", flat=True)))


def dashboard_cycle_choices(*, year: int) -> list[ProgramCycle]:
    return list(ProgramCycle.objects.filter(year=year).select_related("program").order_by("code"))


def dashboard_district_choices(*, user) -> list[tuple[str, str]]:
    """The districts the user may choose among (a district user: their own; a province user:
    the province's; a system admin: every one), as (code, name)."""
    return list(scope_to_user(Regency.objects.all(), user=user, regency_field="").order_by("code")
                .values_list("code", "name"))


def _grant_person_ids(*, year: int, codes: list[str], active_only: bool) -> list[int]:
    """The persons of §12's `granted` (a grant delivered in the year), or of `business_active`
    (of those, whose latest monitoring visit found the business active or growing)."""
    from grants.models import Grant
    from grants.monitoring.models import MonitoringVisit

    grants = Grant.objects.filter(status__in=Grant.DELIVERED, delivered_on__year=year, regency_id__in=codes)
    if not active_only:
        return list(grants.order_by().values_list("person_id", flat=True).distinct())
    latest: dict[tuple[str, int], str] = {}
    visits = (MonitoringVisit.objects.filter(grant__in=grants, status=MonitoringVisit.Status.DONE)
              .order_by("grant__regency_id", "grant__person_id", "-visited_on", "-id")
              .values_list("grant__regency_id", "grant__person_id", "business_status"))
    for regency, person, status in visits:
        latest.setdefault((regency, person), status)
    return sorted({person for (_regency, person), status in latest.items() if status in ("active", "growing")})


def _outcome_person_ids(ids: list[int], outcome: str) -> list[int]:
    """Of the persons `ids`, those whose latest recorded outcome is `outcome` ("" : none yet)."""
    from grants.monitoring.models import GraduateOutcome

    recorded = GraduateOutcome.objects.filter(person_id__in=ids)
    if outcome:
        return list(recorded.filter(status=outcome).values_list("person_id", flat=True))
    return sorted(set(ids) - set(recorded.values_list("person_id", flat=True)))


def drilldown_persons(*, user, step: str, year: int, cycle, regency_codes, dimension=None,
                      value=None, outcome: str | None = None, survival: tuple[int, bool] | None = None,
                      today=None) -> QuerySet[Person]:
    """The persons behind a count of the dashboards, in the user's districts only, by name: a
    funnel step (by a breakdown's value), the trained by `outcome` (their latest recorded
    outcome, "" for none yet), or a cell of the survival table (`survival`: (months, active
    only)). A few queries (the ids, then the page of persons) whatever the count."""
    from django.utils import timezone

    from grants.monitoring.selectors import survival_person_ids

    codes = visible_codes(user, regency_codes)
    if codes is None:
        codes = list(Regency.objects.values_list("code", flat=True))
    if survival is not None:
        months, active_only = survival
        ids = survival_person_ids(year=year, months=months, today=today or timezone.localdate(),
                                  regency_codes=codes, active_only=active_only)
    elif step in ("granted", "business_active"):
        ids = _grant_person_ids(year=year, codes=codes, active_only=step == "business_active")
    else:
        ids = facts.drilldown_person_ids(facts.DrillDown(
            step=step, year=year, cycle_ids=tuple(_cycle_ids(year, cycle)), regency_codes=tuple(codes),
            dimension=dimension, value=value))
        if outcome is not None:
            ids = _outcome_person_ids(ids, outcome)
    if regency_codes_visible_to(user=user) == []:
        return Person.objects.none()
    return Person.objects.filter(pk__in=ids).select_related("regency").order_by("name", "pk")
