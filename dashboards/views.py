"""The dashboard pages. Every page renders DashboardTables (dashboards.tables), which do the
scoping; a view only reads the filters the user chose and picks the tables."""

from dataclasses import dataclass

from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from . import tables
from .figures_cache import current_freshness, figures_page
from .selectors import dashboard_cycle_choices, dashboard_district_choices, dashboard_years, drilldown_persons

PEOPLE_PER_PAGE = 50


@dataclass
class Choice:
    """The filters of a dashboard page, as chosen (and allowed)."""

    year: int
    cycle: object  # a ProgramCycle of the year, or None
    regency_codes: list[str] | None  # None: every district the user may see
    years: list[int]
    cycles: list
    districts: list[tuple[str, str]]


def _choice(request) -> Choice:
    years = dashboard_years()
    today = timezone.localdate()
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = None
    if year is None or year not in years:
        year = max((y for y in years if y <= today.year), default=years[-1] if years else today.year)
    cycles = dashboard_cycle_choices(year=year)
    code = request.GET.get("cycle", "")
    cycle = next((c for c in cycles if c.code == code), None)
    districts = dashboard_district_choices(user=request.user)
    allowed = {code for code, _name in districts}
    chosen = [code for code in request.GET.getlist("district") if code in allowed]
    return Choice(year=year, cycle=cycle, regency_codes=chosen or None, years=years, cycles=cycles,
                  districts=districts)


def _page(request, template: str, choice: Choice, table_list: list, **extra):
    return render(request, template, {
        "choice": choice, "tables": table_list, "may_see_names": tables.may_see_names(request.user),
        "freshness": current_freshness(), **extra,
    })


def _args(choice: Choice) -> tuple:
    return (choice.year, choice.regency_codes, choice.cycle)


@figures_page(allow_stale=True)
def home(request):
    """The home page of each role, with what that role needs first (registered as core's home)."""
    user = request.user
    choice = _choice(request)
    if user.has_perm("accounts.verify_eligibility") or user.has_perm("accounts.register_applicants"):
        role, makers = "staff", (tables.review_backlog_table, tables.jobs_table, tables.applications_week_table)
    elif user.has_perm("accounts.manage_training") and getattr(user, "provider_id", None):
        role, makers = "blk", (tables.sessions_week_table, tables.free_seats_table,
                               tables.attendance_missing_table, tables.results_missing_table)
    elif user.has_perm("accounts.view_dashboards"):
        role, makers = "official", (tables.funnel_table, tables.targets_table)
    else:
        role, makers = "other", ()
    table_list = [make(user, *_args(choice)) for make in makers]
    return _page(request, "dashboards/home.html", choice, table_list, role=role)


@permission_required("accounts.view_dashboards", raise_exception=True)
@figures_page(allow_stale=True)
def funnel(request):
    choice = _choice(request)
    table_list = [tables.funnel_table(request.user, *_args(choice))]
    if choice.regency_codes is None or len(choice.regency_codes) > 1:
        table_list.append(tables.funnel_by_district_table(request.user, *_args(choice)))
    return _page(request, "dashboards/page.html", choice, table_list, page="funnel", heading=_("Funnel"))


@permission_required("accounts.view_dashboards", raise_exception=True)
@figures_page(allow_stale=True)
def targets(request):
    choice = _choice(request)
    table_list = [tables.targets_table(request.user, *_args(choice)),
                  tables.ranking_table(request.user, *_args(choice)),
                  tables.years_table(request.user, *_args(choice))]
    return _page(request, "dashboards/page.html", choice, table_list, page="targets",
                 heading=_("Targets and achievement"), no_cycle=True)


@permission_required("accounts.view_dashboards", raise_exception=True)
@figures_page(allow_stale=True)
def quota(request):
    choice = _choice(request)
    return _page(request, "dashboards/page.html", choice, [tables.quota_table(request.user, *_args(choice))],
                 page="quota", heading=_("Quota use"))


@permission_required("accounts.view_dashboards", raise_exception=True)
@figures_page(allow_stale=True)
def breakdowns(request):
    choice = _choice(request)
    dimension = request.GET.get("dim", "sex")
    if dimension not in tables.BREAKDOWNS:
        dimension = "sex"
    table = tables.breakdown_table(request.user, *_args(choice), dimension=dimension)
    return _page(request, "dashboards/page.html", choice, [table], page="breakdowns", heading=_("Breakdowns"),
                 dimension=dimension, dimensions=[(key, title) for key, (title, _steps) in tables.BREAKDOWNS.items()])


@permission_required("accounts.view_dashboards", raise_exception=True)
@figures_page(allow_stale=True)
def grants(request):
    choice = _choice(request)
    table_list = [tables.grants_table(request.user, *_args(choice)),
                  tables.outcomes_table(request.user, *_args(choice)),
                  tables.survival_table(request.user, *_args(choice))]
    return _page(request, "dashboards/page.html", choice, table_list, page="grants",
                 heading=_("Grants and outcomes"))


@permission_required("accounts.view_dashboards", raise_exception=True)
def people(request):
    """The named list behind a count: only for users who may see names (tables.may_see_names);
    the others get a 403 and see counts only."""
    if not tables.may_see_names(request.user):
        raise PermissionDenied(_("Your role sees the counts, not the names behind them."))
    choice = _choice(request)
    step = request.GET.get("step", "")
    dimension = request.GET.get("dim") or None
    if step not in tables.FUNNEL_STEPS or (dimension is not None and dimension not in tables.BREAKDOWNS):
        raise Http404
    value = request.GET.get("value") if dimension else None
    outcome, survival, detail = _outcome_or_survival(request, step)
    persons = drilldown_persons(user=request.user, step=step, year=choice.year, cycle=choice.cycle,
                                regency_codes=choice.regency_codes, dimension=dimension, value=value or None,
                                outcome=outcome, survival=survival)
    page = Paginator(persons, PEOPLE_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "dashboards/people.html", {
        "choice": choice, "page": page, "count": page.paginator.count,
        "step_label": tables.INDICATORS_BY_KEY[step].label, "step_numerator": tables.INDICATORS_BY_KEY[step].numerator,
        "dimension_label": tables.BREAKDOWNS[dimension][0] if dimension else "", "value": value, "detail": detail,
    })


def _outcome_or_survival(request, step: str) -> tuple[str | None, tuple[int, bool] | None, str]:
    """The outcome (?outcome=, "none": not recorded yet) or survival cell (?survival=MONTHS
    &active=1|0) a named list narrows to, and its description; 404 for values that don't exist."""
    from grants.monitoring.models import GraduateOutcome

    outcome = request.GET.get("outcome")
    if outcome is not None:
        labels = dict(GraduateOutcome.Status.choices)
        if step != "trained" or (outcome != "none" and outcome not in labels):
            raise Http404
        label = labels.get(outcome) or _("Not recorded yet")
        return ("" if outcome == "none" else outcome), None, _("Outcome: %(outcome)s") % {"outcome": label}
    months = request.GET.get("survival")
    if months is not None:
        if step != "granted" or not months.isdigit() or not 0 < int(months) <= 120:
            raise Http404
        active = request.GET.get("active") == "1"
        text = (_("Business active or growing at the visit %(months)s months after the handover") if active
                else _("Recipients whose handover was at least %(months)s months ago"))
        return None, (int(months), active), text % {"months": months}
    return None, None, ""
