"""The eligibility decision for a whole cycle (§6, docs/eligibility.md), set-based.

The facts of every application come from one query (applications joined with the current DTKS
registry, each kabupaten's active snapshot, by NIK and by No. KK); the rules in verification.rules
decide each one in a Python loop; all results are written back with one COPY and one
INSERT ... ON CONFLICT. A staff decision is
never touched: a changed automatic result only marks it for another look.
"""


from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from core.errors import PortalError
from programs.models import ProgramCycle

from .models import DtksSnapshot
from .rules import ApplicantFacts, CycleRules

# The facts the rules see, for the applications the WHERE clause picks: the batch takes a whole
# cycle, the application page one application. The NIK and the No. KK are looked up in the
# current registry (§3): the rows of each kabupaten's active snapshot that lie in that kabupaten,
# given as the arrays registry_snapshots / registry_regencies / registry_ranks (rank 0: the newest
# snapshot). A person may be listed by two districts (they moved): the row of the applicant's own
# kabupaten counts, else the one of the newest snapshot. `snapshots` lets PostgreSQL skip every
# other partition.
FACTS_SQL = """
WITH registry (snapshot_id, regency, rank) AS (
    SELECT * FROM unnest(%(registry_snapshots)s::bigint[], %(registry_regencies)s::varchar[],
                         %(registry_ranks)s::int[])
)
SELECT a.id, p.nik, p.birth_date, p.sex, a.school_status, a.education, a.regency_id,
       d.snapshot_id, d.birth_date, d.desil, k.snapshot_id
FROM participants_application a
JOIN participants_person p ON p.id = a.person_id
LEFT JOIN LATERAL (
    SELECT r.snapshot_id, r.birth_date, r.desil
    FROM verification_dtksrecord r
    JOIN registry g ON g.snapshot_id = r.snapshot_id AND g.regency = left(r.village_code, 5)
    WHERE r.snapshot_id = ANY(%(snapshots)s::bigint[]) AND r.nik = p.nik
    ORDER BY g.regency = a.regency_id DESC, g.rank
    LIMIT 1
) d ON true
LEFT JOIN LATERAL (
    SELECT r.snapshot_id
    FROM verification_dtksrecord r
    JOIN registry g ON g.snapshot_id = r.snapshot_id AND g.regency = left(r.village_code, 5)
    WHERE r.snapshot_id = ANY(%(snapshots)s::bigint[]) AND r.no_kk = p.no_kk
    ORDER BY g.regency = a.regency_id DESC, g.rank
    LIMIT 1
) k ON true
WHERE {where}
"""


@dataclass(frozen=True)
class Registry:
    """The current DTKS registry (§3): for each kabupaten/kota, the id and date of its active
    snapshot. A kabupaten with no key has no active snapshot."""

    snapshots: dict[str, int]  # "64.01" -> snapshot id
    dates: dict[int, date]  # snapshot id -> snapshot date
    ranks: dict[int, int]  # snapshot id -> 0 for the newest

    @classmethod
    def current(cls) -> "Registry":
        active = DtksSnapshot.objects.active_by_regency()
        newest = sorted({s.pk: s for s in active.values()}.values(),
                        key=lambda s: (s.snapshot_date, s.finished_at, s.pk), reverse=True)
        return cls(
            snapshots={code: snapshot.pk for code, snapshot in active.items()},
            dates={snapshot.pk: snapshot.snapshot_date for snapshot in newest},
            ranks={snapshot.pk: rank for rank, snapshot in enumerate(newest)},
        )

    @classmethod
    def from_run(cls, run) -> "Registry":
        """The registry a run used, as it recorded it (EligibilityRun.registry)."""
        entries = run.registry or {}
        dates = {entry["snapshot"]: date.fromisoformat(entry["date"]) for entry in entries.values()}
        order = sorted(dates, key=lambda pk: (dates[pk], pk), reverse=True)
        return cls(
            snapshots={code: entry["snapshot"] for code, entry in entries.items()},
            dates=dates,
            ranks={pk: rank for rank, pk in enumerate(order)},
        )

    def as_json(self) -> dict:
        return {code: {"snapshot": pk, "date": self.dates[pk].isoformat()}
                for code, pk in sorted(self.snapshots.items())}

    def newest(self) -> int | None:
        return min(self.ranks, key=self.ranks.get) if self.ranks else None

    def query_params(self) -> dict:
        codes = sorted(self.snapshots)
        return {
            "registry_snapshots": [self.snapshots[code] for code in codes],
            "registry_regencies": codes,
            "registry_ranks": [self.ranks[self.snapshots[code]] for code in codes],
            "snapshots": sorted(self.ranks),
        }


def facts_from_row(row, registry: Registry) -> tuple[int, ApplicantFacts]:
    """(application id, facts) from a row of FACTS_SQL run with `registry`."""
    app_id, nik, birth, sex, school, education, regency, nik_source, d_birth, d_desil, kk_source = row
    return app_id, ApplicantFacts(
        nik=nik, birth_date=birth, sex=sex, school_status=school, education=education, regency_code=regency,
        dtks_nik_match=nik_source is not None, dtks_kk_match=kk_source is not None, dtks_birth_date=d_birth,
        dtks_desil=d_desil, dtks_loaded=regency in registry.snapshots,
        dtks_source=nik_source if nik_source is not None else kk_source,
    )

UPSERT_SQL = """
INSERT INTO verification_eligibilityresult
    (application_id, status, reasons, flags, desil, run_id, evaluated_at, decision, decision_note, needs_recheck)
SELECT application_id, status, reasons, flags, desil, %(run)s, %(now)s, NULL, '', false FROM eligibility_batch
ON CONFLICT (application_id) DO UPDATE SET
    needs_recheck = verification_eligibilityresult.needs_recheck OR (
        verification_eligibilityresult.decision IS NOT NULL
        AND (verification_eligibilityresult.status, verification_eligibilityresult.reasons,
             verification_eligibilityresult.flags)
            IS DISTINCT FROM (EXCLUDED.status, EXCLUDED.reasons, EXCLUDED.flags)
    ),
    status = EXCLUDED.status,
    reasons = EXCLUDED.reasons,
    flags = EXCLUDED.flags,
    desil = EXCLUDED.desil,
    run_id = EXCLUDED.run_id,
    evaluated_at = EXCLUDED.evaluated_at
-- An unchanged result is left as it is: a re-run writes only what changed. Every run covers
-- every application of its cycle, so the cycle's latest run is what stands behind each result;
-- run_id and evaluated_at tell when the result last changed. A new desil alone (it ranks the
-- waiting list, it decides nothing) is written without asking for another look.
WHERE (verification_eligibilityresult.status, verification_eligibilityresult.reasons,
       verification_eligibilityresult.flags, verification_eligibilityresult.desil)
    IS DISTINCT FROM (EXCLUDED.status, EXCLUDED.reasons, EXCLUDED.flags, EXCLUDED.desil)
"""


def cycle_rules(cycle: ProgramCycle) -> CycleRules:
    return CycleRules.from_cycle_rules(cycle.rules, registration_closes=cycle.registration_closes)


def cycle_regency_codes(cycle: ProgramCycle) -> set[str]:
    """The districts of a cycle: those its rules limit it to, else those of its quotas, else
    those of its applications."""
    rules = cycle_rules(cycle)
    if rules.regions:
        return set(rules.regions)
    codes = set(cycle.quotas.values_list("regency_id", flat=True))
    return codes or set(cycle.applications.values_list("regency_id", flat=True).distinct())


def registry_for_run(cycle: ProgramCycle) -> Registry:
    """The current registry; refuses a run that needs DTKS while none of the cycle's districts
    has an active snapshot (§6). A district without one gets DTKS_NOT_LOADED, not NOT_IN_DTKS."""
    registry = Registry.current()
    if not cycle.requires_dtks:
        return registry
    if not registry.snapshots:
        raise PortalError(
            _("Cycle %(code)s requires DTKS, but no DTKS snapshot is active. Import one first.") % {"code": cycle.code}
        )
    if not cycle_regency_codes(cycle) & set(registry.snapshots):
        raise PortalError(
            _("Cycle %(code)s requires DTKS, but none of its districts has an active DTKS snapshot. "
              "Import one first.") % {"code": cycle.code}
        )
    return registry


def pg_array(codes) -> str:
    return "{" + ",".join(codes) + "}"
