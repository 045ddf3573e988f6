"""Reads for the verification pages: cycles with their counts, applications with their
eligibility, one application's facts, DTKS snapshots. Every read of personal data is narrowed
to the user's districts here; the views never filter by district themselves."""

from dataclasses import dataclass, replace

from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from accounts.selectors import first_or_404, get_visible_or_404, regency_codes_visible_to, scope_to_user
from core.models import Job
from core.selectors import job_list_visible_to
from participants.models import Application
from participants.selectors import registrations_elsewhere
from participants.values import registered_elsewhere_text
from programs.models import ProgramCycle

from .eligibility import FACTS_SQL, Registry, cycle_regency_codes, facts_from_row
from .models import DtksSnapshot, EligibilityResult, EligibilityRun, EligibilityStatus, VerificationJob
from .rules import ApplicantFacts, Criterion, CycleRules, explain, snapshot_source

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


def application_list_visible_to(*, user, cycle: ProgramCycle | None, filters: dict | None = None) -> QuerySet:
    """Applications of a cycle (None: of every cycle, for the REST API) in the user's districts,
    with person, cycle and eligibility loaded. `filters` are the cleaned values of
    ApplicationFilterForm (empty values are ignored); `district` (a kabupaten/kota code) narrows
    further within the user's districts."""
    applications = Application.objects.select_related("person", "regency", "cycle", "eligibility")
    if cycle is not None:
        applications = applications.filter(cycle=cycle)
    # The user's districts as a list of codes (scope_to_user's rule), not a join on the province:
    # PostgreSQL misjudges that join and sorts a whole province before taking a page (600 ms
    # against 13 ms for a page deep into 100,000 applications, bench/api.py).
    codes = regency_codes_visible_to(user=user)
    if codes is not None:
        applications = applications.filter(regency_id__in=codes)
    filters = filters or {}
    if filters.get("district"):
        applications = applications.filter(regency_id=filters["district"])
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
    """The same NIK's other applications in the user's districts (provincial staff: in every
    district of the province); another district's are only named by registrations_elsewhere."""
    return scope_to_user(
        Application.objects.filter(person__nik=application.person.nik)
        .exclude(pk=application.pk)
        .select_related("cycle__program", "eligibility", "regency"),
        user=user,
        regency_field="regency",
    ).order_by("-cycle__year", "cycle__code")


def person_registrations_elsewhere(*, user, application: Application) -> list[str]:
    """The same NIK's applications in districts the user may not see, each said as only the
    district and the cycle (docs/identifiers.md)."""
    return [registered_elsewhere_text(regency_name=row["regency"], cycle_code=row["cycle"])
            for row in registrations_elsewhere(user=user, nik=application.person.nik)]


@dataclass(frozen=True)
class DedupWarning:
    code: str  # "SAME_YEAR", "OTHER_DISTRICT" or "KK_CROWDED"
    text: str


def application_dedup_warnings(*, user, applications, cycle: ProgramCycle) -> dict[int, list[DedupWarning]]:
    """Duplicate signs for a page of applications of `cycle`, in two grouped queries whatever
    the page size: the same NIK applying to another cycle of the same year, and more than
    MAX_APPLICANTS_PER_KK applicants of one No. KK in this cycle.

    The same NIK is looked for in every district (a double benefit across a district border is
    still one), but of a district the user may not see only the district and the cycle are said
    (OTHER_DISTRICT: "NIK ini juga terdaftar di Kabupaten Bantaeng (BTG-DTKS-2026)"). The No. KK
    is what each district stored, so it is counted in the user's districts only."""
    applications = list(applications)
    if not applications:
        return {}
    niks = {a.person.nik for a in applications}
    kks = {a.person.no_kk for a in applications}
    visible = Exists(scope_to_user(Application.objects.filter(pk=OuterRef("pk")), user=user))
    same_year: dict[str, list[tuple[bool, str, str]]] = {}
    for nik, is_visible, regency, code in (
        Application.objects.filter(person__nik__in=niks, cycle__year=cycle.year)
        .exclude(cycle_id=cycle.pk)
        .annotate(visible=visible)
        .values_list("person__nik", "visible", "regency__name", "cycle__code")
        .distinct()
        .order_by("person__nik", "regency__name", "cycle__code")
    ):
        same_year.setdefault(nik, []).append((is_visible, regency, code))
    crowded = {
        row["person__no_kk"]: row["n"]
        for row in scope_to_user(Application.objects.filter(cycle_id=cycle.pk, person__no_kk__in=kks), user=user)
        .values("person__no_kk")
        .annotate(n=Count("id"))
        .filter(n__gt=MAX_APPLICANTS_PER_KK)
    }
    warnings: dict[int, list[DedupWarning]] = {}
    for application in applications:
        found = []
        others = same_year.get(application.person.nik, [])
        own = sorted({code for is_visible, _regency, code in others if is_visible})
        if own:
            found.append(DedupWarning(
                "SAME_YEAR",
                _("Also applied to %(cycles)s in %(year)s") % {"cycles": ", ".join(own), "year": cycle.year},
            ))
        for is_visible, regency, code in others:
            if not is_visible:
                found.append(DedupWarning(
                    "OTHER_DISTRICT", registered_elsewhere_text(regency_name=regency, cycle_code=code)
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

def application_facts(application: Application, registry: Registry) -> ApplicantFacts | None:
    """The facts the rules see for one application against a DTKS registry: the batch's own
    query, narrowed to this application."""
    with connection.cursor() as cursor:
        cursor.execute(FACTS_SQL.format(where="a.id = %(application)s"),
                       {**registry.query_params(), "application": application.pk})
        row = cursor.fetchone()
    if row is None:
        return None
    return facts_from_row(row, registry)[1]


def _run_registry(run: EligibilityRun) -> Registry:
    if run.registry or run.snapshot_id is None:
        return Registry.from_run(run)
    # A run from before snapshots had a coverage: its one snapshot, for the districts it covers.
    snapshot = run.snapshot
    return Registry(snapshots=dict.fromkeys(snapshot.coverage, snapshot.pk),
                    dates={snapshot.pk: snapshot.snapshot_date}, ranks={snapshot.pk: 0})


@dataclass(frozen=True)
class Explanation:
    criteria: list[Criterion]
    run: EligibilityRun | None
    # The snapshot the DTKS findings came from (§6): the one the NIK, else the No. KK, was found
    # in, else the active one of the applicant's district; None when there is none or when it
    # was deleted since (snapshot_date then still names it).
    snapshot: DtksSnapshot | None
    snapshot_date: object
    snapshot_coverage: list[str]
    snapshot_deleted: bool
    reference_date: object
    rules_version: int
    # True when the application was never evaluated and this shows what a run would decide now.
    preview: bool


def application_explanation(*, application: Application) -> Explanation | None:
    """Every criterion for the application, with the DTKS registry and rules of the run that
    evaluated it (or, before any run, the current registry and the cycle's current rules)."""
    cycle = application.cycle
    result = getattr(application, "eligibility", None)
    run = result.run if result is not None and result.run_id else None
    if run is not None:
        rules = CycleRules.from_cycle_rules(run.rules, registration_closes=cycle.registration_closes)
        registry = _run_registry(run)
        rules_version = run.rules_version
    else:
        rules = CycleRules.from_cycle_rules(cycle.rules, registration_closes=cycle.registration_closes)
        registry = Registry.current()
        rules_version = cycle.rules_version
    used = DtksSnapshot.objects.in_bulk(list(registry.ranks))
    existing = Registry(
        snapshots={code: pk for code, pk in registry.snapshots.items() if pk in used},
        dates={pk: day for pk, day in registry.dates.items() if pk in used},
        ranks={pk: rank for pk, rank in registry.ranks.items() if pk in used},
    )
    facts = application_facts(application, existing)
    if facts is None:
        return None
    # A district whose snapshot was deleted since still had one when the run decided.
    if not facts.dtks_loaded and application.regency_id in registry.snapshots:
        facts = replace(facts, dtks_loaded=True)
    source_id = facts.dtks_source or registry.snapshots.get(application.regency_id)
    snapshot = used.get(source_id)
    snapshot_date = registry.dates.get(source_id)
    coverage = list(snapshot.coverage) if snapshot else []
    return Explanation(
        criteria=explain(facts, rules, dtks_source=snapshot_source(snapshot_date, coverage) if source_id else None),
        run=run, snapshot=snapshot, snapshot_date=snapshot_date, snapshot_coverage=coverage,
        snapshot_deleted=source_id is not None and snapshot is None,
        reference_date=rules.reference_date, rules_version=rules_version, preview=run is None,
    )


# --- DTKS snapshots (the Dinas Sosial's registries, one per district or more) ------------------


def snapshot_list_visible_to(*, user) -> QuerySet:
    """Snapshots covering one of the user's districts, or imported by them (system admins: all)."""
    snapshots = DtksSnapshot.objects.select_related("imported_by", "job").order_by("-created_at", "-id")
    codes = regency_codes_visible_to(user=user)
    if codes is None:
        return snapshots
    return snapshots.filter(Q(coverage__overlap=list(codes)) | Q(imported_by=user))


def snapshot_active_by_regency(*, user=None) -> dict[str, DtksSnapshot]:
    """The active snapshot of each kabupaten/kota (§3), of the user's districts when given."""
    active = DtksSnapshot.objects.active_by_regency()
    codes = regency_codes_visible_to(user=user) if user is not None else None
    if codes is None:
        return dict(sorted(active.items()))
    return {code: active[code] for code in sorted(codes) if code in active}


def snapshot_get_visible(*, user, snapshot_id: int) -> DtksSnapshot:
    return first_or_404(snapshot_list_visible_to(user=user), pk=snapshot_id)


def cycle_dtks_districts(*, user, cycle: ProgramCycle) -> list[tuple[str, DtksSnapshot | None]]:
    """The cycle's districts the user may see, each with the active snapshot a new run would use
    (None: DTKS_NOT_LOADED for its applicants not found)."""
    active = DtksSnapshot.objects.active_by_regency()
    codes = cycle_regency_codes(cycle)
    visible = regency_codes_visible_to(user=user)
    if visible is not None:
        codes &= set(visible)
    return [(code, active.get(code)) for code in sorted(codes)]
