"""Reads for the verification pages: cycles with their counts, applications with their
eligibility, one application's facts, DTKS snapshots. Every read of personal data is narrowed
to the user's districts here; the views never filter by district themselves."""

from dataclasses import dataclass

from django.contrib.postgres.aggregates import ArrayAgg
from django.db import connection
from django.db.models import Count, F, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from accounts.selectors import get_visible_or_404, regency_codes_visible_to, scope_to_user
from core.models import Job
from core.selectors import job_list_visible_to
from participants.models import Application
from programs.models import ProgramCycle

from .eligibility import FACTS_SQL, facts_from_row
from .models import DtksSnapshot, EligibilityResult, EligibilityRun, EligibilityStatus, VerificationJob
from .rules import ApplicantFacts, Criterion, CycleRules, explain

NOT_EVALUATED = "none"
UNDECIDED = "none"
# More applicants than this from one Kartu Keluarga in one cycle is worth a second look.
MAX_APPLICANTS_PER_KK = 2


# --- cycles ----------------------------------------------------------------------------------



def eligibility_of(application) -> EligibilityResult | None:
    """The application's eligibility result (automatic and staff decision), or None when it was
    never evaluated nor decided; no query when it was selected with the application."""
    try:
        return application.eligibility
    except EligibilityResult.DoesNotExist:
        return None

def _cycle_count(codes, **condition) -> Count:
    scope = Q(**{f"applications__{key}": value for key, value in condition.items()})
    if codes is not None:
        scope &= Q(applications__regency_id__in=codes)
    return Count("applications", filter=scope, distinct=True)


def cycle_list_with_counts(*, user) -> QuerySet:
    """Every cycle (cycles are province-wide), with counts of the user's districts' applications
    per automatic status, decided and needing another look."""
    codes = regency_codes_visible_to(user=user)
    total = Count("applications", distinct=True)
    if codes is not None:
        total = Count("applications", filter=Q(applications__regency_id__in=codes), distinct=True)
    return ProgramCycle.objects.select_related("program").annotate(
        count_total=total,
        count_eligible=_cycle_count(codes, eligibility__status=EligibilityStatus.ELIGIBLE),
        count_ineligible=_cycle_count(codes, eligibility__status=EligibilityStatus.INELIGIBLE),
        count_review=_cycle_count(codes, eligibility__status=EligibilityStatus.REVIEW),
        count_decided=_cycle_count(codes, eligibility__decision__isnull=False),
        count_recheck=_cycle_count(codes, eligibility__needs_recheck=True),
    ).annotate(
        count_not_evaluated=F("count_total") - F("count_eligible") - F("count_ineligible") - F("count_review"),
    ).order_by("-year", "code")


def cycle_get_with_counts(*, user, code: str) -> ProgramCycle:
    return get_object_or_404(cycle_list_with_counts(user=user), code=code)


def cycle_latest_run(*, user, cycle: ProgramCycle) -> EligibilityRun | None:
    """The latest finished run of the cycle that evaluated the whole cycle or only districts of
    the user's (a district's own run is not shown to another district)."""
    runs = EligibilityRun.objects.filter(cycle=cycle, finished_at__isnull=False)
    codes = regency_codes_visible_to(user=user)
    if codes is not None:
        runs = runs.filter(regency_codes__contained_by=list(codes))
    return runs.select_related("snapshot", "started_by").order_by("-finished_at", "-id").first()


def cycle_latest_job(*, user, cycle: ProgramCycle) -> Job | None:
    """The latest eligibility job of the cycle the user may follow, for the progress bar."""
    return (
        job_list_visible_to(user=user)
        .filter(kind=VerificationJob.ELIGIBILITY_RUN, params__cycle_id=cycle.pk)
        .order_by("-created_at", "-id")
        .first()
    )


# --- applications ----------------------------------------------------------------------------


def application_list_visible_to(*, user, cycle: ProgramCycle, filters: dict | None = None) -> QuerySet:
    """Applications of a cycle in the user's districts, with person and eligibility loaded.
    `filters` are the cleaned values of ApplicationFilterForm (empty values are ignored)."""
    applications = scope_to_user(
        Application.objects.filter(cycle=cycle).select_related("person", "regency", "eligibility"),
        user=user,
        regency_field="regency",
    )
    filters = filters or {}
    status = filters.get("status")
    if status == NOT_EVALUATED:
        applications = applications.filter(Q(eligibility__isnull=True) | Q(eligibility__status__isnull=True))
    elif status:
        applications = applications.filter(eligibility__status=status)
    decision = filters.get("decision")
    if decision == UNDECIDED:
        applications = applications.filter(Q(eligibility__isnull=True) | Q(eligibility__decision__isnull=True))
    elif decision:
        applications = applications.filter(eligibility__decision=decision)
    if filters.get("needs_recheck"):
        applications = applications.filter(eligibility__needs_recheck=True)
    if filters.get("reason"):
        applications = applications.filter(eligibility__reasons__contains=[filters["reason"]])
    if filters.get("flag"):
        applications = applications.filter(eligibility__flags__contains=[filters["flag"]])
    if filters.get("desa"):
        applications = applications.filter(village_code=filters["desa"])
    elif filters.get("kecamatan"):
        applications = applications.filter(village_code__startswith=filters["kecamatan"] + ".")
    if filters.get("q"):
        text = filters["q"]
        applications = applications.filter(Q(person__name__icontains=text) | Q(person__nik=text))
    return applications.order_by("person__name", "id")


def application_next_to_review(*, user, application: Application) -> Application | None:
    """The review queue's next case after `application`: the next application of the same
    cycle, in the order of the application list, whose automatic status is REVIEW and that
    staff have not decided; wraps round to the first. None when the queue is empty."""
    queue = application_list_visible_to(
        user=user, cycle=application.cycle, filters={"status": EligibilityStatus.REVIEW, "decision": UNDECIDED}
    ).exclude(pk=application.pk)
    name = application.person.name
    after = queue.filter(Q(person__name__gt=name) | Q(person__name=name, id__gt=application.pk)).first()
    return after or queue.first()


def application_get_visible(*, user, application_id: int) -> Application:
    """One application the user may see; another district's answers 404."""
    return get_visible_or_404(
        Application.objects.select_related(
            "person", "regency", "cycle__program", "eligibility__decided_by", "eligibility__run__snapshot"
        ),
        user=user,
        regency_field="regency",
        pk=application_id,
    )


def person_other_applications(*, user, application: Application) -> QuerySet:
    return scope_to_user(
        Application.objects.filter(person_id=application.person_id)
        .exclude(pk=application.pk)
        .select_related("cycle__program", "eligibility"),
        user=user,
        regency_field="regency",
    ).order_by("-cycle__year", "cycle__code")


@dataclass(frozen=True)
class DedupWarning:
    code: str  # "SAME_YEAR" or "KK_CROWDED"
    text: str


def application_dedup_warnings(*, applications, cycle: ProgramCycle) -> dict[int, list[DedupWarning]]:
    """Duplicate signs for a page of applications of `cycle`, in two grouped queries whatever
    the page size: the same NIK (person) applying to another cycle of the same year, and more
    than MAX_APPLICANTS_PER_KK applicants of one No. KK in this cycle. Counted over every
    district: a duplicate across a district border is still a duplicate."""
    applications = list(applications)
    if not applications:
        return {}
    person_ids = {a.person_id for a in applications}
    kks = {a.person.no_kk for a in applications}
    same_year = {
        row["person_id"]: sorted(row["codes"])
        for row in Application.objects.filter(person_id__in=person_ids, cycle__year=cycle.year)
        .exclude(cycle_id=cycle.pk)
        .values("person_id")
        .annotate(codes=ArrayAgg("cycle__code", distinct=True))
    }
    crowded = {
        row["person__no_kk"]: row["n"]
        for row in Application.objects.filter(cycle_id=cycle.pk, person__no_kk__in=kks)
        .values("person__no_kk")
        .annotate(n=Count("id"))
        .filter(n__gt=MAX_APPLICANTS_PER_KK)
    }
    warnings: dict[int, list[DedupWarning]] = {}
    for application in applications:
        found = []
        if application.person_id in same_year:
            found.append(DedupWarning(
                "SAME_YEAR",
                _("Also applied to %(cycles)s in %(year)s")
                % {"cycles": ", ".join(same_year[application.person_id]), "year": cycle.year},
            ))
        count = crowded.get(application.person.no_kk)
        if count:
            found.append(DedupWarning(
                "KK_CROWDED", _("%(count)s applicants from the same No. KK in this cycle") % {"count": count}
            ))
        if found:
            warnings[application.pk] = found
    return warnings


# --- one application's eligibility, explained ------------------------------------------------

def application_facts(application: Application, snapshot_id: int | None) -> ApplicantFacts | None:
    """The facts the rules see for one application against one snapshot (None: no snapshot):
    the batch's own query, narrowed to this application."""
    with connection.cursor() as cursor:
        cursor.execute(FACTS_SQL.format(where="a.id = %(application)s"),
                       {"snapshot": snapshot_id or 0, "application": application.pk})
        row = cursor.fetchone()
    if row is None:
        return None
    return facts_from_row(row)[1]


@dataclass(frozen=True)
class Explanation:
    criteria: list[Criterion]
    run: EligibilityRun | None
    snapshot: DtksSnapshot | None
    snapshot_date: object
    reference_date: object
    rules_version: int
    # True when the application was never evaluated and this shows what a run would decide now.
    preview: bool


def application_explanation(*, application: Application) -> Explanation | None:
    """Every criterion for the application, with the snapshot and rules of the run that
    evaluated it (or, before any run, the active snapshot and the cycle's current rules)."""
    cycle = application.cycle
    result = getattr(application, "eligibility", None)
    run = result.run if result is not None and result.run_id else None
    if run is not None:
        rules = CycleRules.from_cycle_rules(run.rules, registration_closes=cycle.registration_closes)
        snapshot = run.snapshot
        snapshot_id = run.snapshot_id
        snapshot_date = run.snapshot_date
        rules_version = run.rules_version
    else:
        rules = CycleRules.from_cycle_rules(cycle.rules, registration_closes=cycle.registration_closes)
        snapshot = DtksSnapshot.objects.active()
        snapshot_id = snapshot.pk if snapshot else None
        snapshot_date = snapshot.snapshot_date if snapshot else None
        rules_version = cycle.rules_version
    facts = application_facts(application, snapshot_id)
    if facts is None:
        return None
    return Explanation(
        criteria=explain(facts, rules, snapshot_date=snapshot_date),
        run=run, snapshot=snapshot, snapshot_date=snapshot_date, reference_date=rules.reference_date,
        rules_version=rules_version, preview=run is None,
    )


# --- DTKS snapshots (the Dinas Sosial's registry: not district data) --------------------------


def snapshot_list() -> QuerySet:
    return DtksSnapshot.objects.select_related("imported_by", "job").order_by("-created_at", "-id")


def snapshot_active() -> DtksSnapshot | None:
    return DtksSnapshot.objects.active()


def snapshot_get(*, snapshot_id: int) -> DtksSnapshot:
    return get_object_or_404(DtksSnapshot.objects.select_related("imported_by"), pk=snapshot_id)
