"""Writes to the program catalog: the catalog import (§2, docs/program-catalog.md) and the staff
form; and the districts' yearly targets (§11), imported or set on the targets page. Each runs in
one transaction with its audit rows. A person may save only cycles they own
(programs.rules.may_edit_cycle), as they were and as they will be."""

from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.errors import PortalError
from core.importing import CoverageReport
from programs.catalog import CatalogError, CycleData, catalog_clean, entry_label, quotas_clean
from programs.models import CycleQuota, DistrictTarget, Program, ProgramCycle, QuotaChange
from programs.rules import cycle_districts
from programs.rules_validation import clean_regency_code, normalise_rules, rules_changed
from programs.selectors import cycle_districts_of, districts_editable_by
from regions.models import Regency


def quota_ledger_write(
    *, cycle: ProgramCycle, kind: str, changes, reason: str, by=None
) -> list[QuotaChange]:
    """Add one ledger row per (regency code, seats before, seats after) in `changes` whose seats
    differ. Seats are those in force (the current quota); None = no quota row."""
    rows = [
        QuotaChange(
            cycle=cycle,
            regency_id=code,
            kind=kind,
            quota_before=before,
            quota_after=after,
            reason=reason,
            changed_by=by if by is not None and by.pk else None,
        )
        for code, before, after in changes
        if before != after
    ]
    return QuotaChange.objects.bulk_create(rows)


class CycleNotYours(PortalError):
    """The user may not change this cycle: it reaches districts outside their area."""


def cycle_refusal_message(*, code: str, districts) -> str:
    reach = ", ".join(sorted(districts)) or _("every kabupaten/kota")
    return _(
        "You may not change %(code)s: it reaches %(districts)s. A cycle of one kabupaten/kota is changed "
        "by its own staff; a cycle of several belongs to their province and is changed by provincial staff "
        "or a system administrator."
    ) % {"code": code, "districts": reach}


def _refusal(*, by, code: str, cycle: ProgramCycle | None, data: CycleData) -> str | None:
    """Why `by` may not save `data` over `cycle` (None: they may). Both the cycle as it is and
    as it will be must be theirs: a district cannot take over a shared cycle by cutting it down
    to itself, nor spread its own cycle over its neighbours."""
    states = [cycle_districts_of(cycle)] if cycle is not None else []
    states.append(cycle_districts(regions=data.rules.get("regions"), quota_codes=data.quotas))
    for districts in states:
        if not districts_editable_by(user=by, districts=districts):
            return cycle_refusal_message(code=code, districts=districts)
    return None


class CycleSaveError(Exception):
    """The staff form's data cannot be saved; `key` names the field, `message` is for users."""

    def __init__(self, key: str, message: str):
        super().__init__(f"{key}: {message}")
        self.key = key
        self.message = message


@dataclass
class CycleSaveResult:
    cycle: ProgramCycle
    outcome: str  # "created", "updated" or "unchanged"
    messages: list[str] = field(default_factory=list)


def _cycle_snapshot(cycle: ProgramCycle, quotas: list[CycleQuota]) -> dict:
    return {
        "code": cycle.code,
        "program": cycle.program.name,
        "year": cycle.year,
        "registration_opens": cycle.registration_opens.isoformat() if cycle.registration_opens else None,
        "registration_closes": cycle.registration_closes.isoformat(),
        "rules": cycle.rules,
        "rules_version": cycle.rules_version,
        "quotas": {
            q.regency_id: {"initial": q.initial_quota, "reallocated": q.reallocated_quota}
            for q in sorted(quotas, key=lambda q: q.regency_id)
        },
    }


def _cycle_apply(
    *, data: CycleData, cycle: ProgramCycle | None, by, action_prefix: str, ledger_kind: str
) -> CycleSaveResult:
    """Create or update one cycle from checked data. `cycle` is the existing row, locked, with
    its program selected and its quotas prefetched. Writes nothing when nothing changes.
    Every change of seats goes to the quota ledger as `ledger_kind` (catalog import or manual)."""
    ledger_reason = (
        _("Catalog import") if ledger_kind == QuotaChange.Kind.CATALOG else _("Cycle edited on the programs page")
    )
    if cycle is None:
        program, _created = Program.objects.get_or_create(name=data.program)
        cycle = ProgramCycle.objects.create(
            code=data.code,
            program=program,
            year=data.year,
            registration_opens=data.registration_opens,
            registration_closes=data.registration_closes,
            rules=data.rules,
            rules_version=1,
        )
        quotas = CycleQuota.objects.bulk_create(
            CycleQuota(cycle=cycle, regency_id=code, initial_quota=seats) for code, seats in data.quotas.items()
        )
        quota_ledger_write(
            cycle=cycle, kind=ledger_kind, changes=[(q.regency_id, None, q.initial_quota) for q in quotas],
            reason=ledger_reason, by=by,
        )
        audit_record(actor=by, action=f"{action_prefix}create", target=cycle, after=_cycle_snapshot(cycle, quotas))
        return CycleSaveResult(cycle=cycle, outcome="created")

    old_quotas = {q.regency_id: q for q in cycle.quotas.all()}
    old_initial = {code: q.initial_quota for code, q in old_quotas.items()}  # before the rows change below
    opens = data.registration_opens if data.has_registration_opens else cycle.registration_opens
    initial_changed = old_initial != data.quotas
    cycle_changed = (
        cycle.program.name != data.program
        or cycle.year != data.year
        or cycle.registration_opens != opens
        or cycle.registration_closes != data.registration_closes
        or cycle.rules != data.rules
    )
    if not cycle_changed and not initial_changed:
        return CycleSaveResult(cycle=cycle, outcome="unchanged")

    before = _cycle_snapshot(cycle, list(old_quotas.values()))
    messages = []
    if rules_changed(
        old_rules=cycle.rules,
        old_closes=cycle.registration_closes,
        new_rules=data.rules,
        new_closes=data.registration_closes,
    ):
        cycle.rules_version += 1
    if cycle.program.name != data.program:
        cycle.program, _created = Program.objects.get_or_create(name=data.program)
    cycle.year = data.year
    cycle.registration_opens = opens
    cycle.registration_closes = data.registration_closes
    cycle.rules = data.rules
    cycle.save()

    quotas = list(old_quotas.values())
    if initial_changed:
        # A reallocation (§8) was computed from the old initial quotas; it no longer holds.
        discarded = {
            code: q.reallocated_quota for code, q in sorted(old_quotas.items()) if q.reallocated_quota is not None
        }
        gone = [code for code in old_quotas if code not in data.quotas]
        if gone:
            CycleQuota.objects.filter(cycle=cycle, regency_id__in=gone).delete()
        kept = []
        for code, q in old_quotas.items():
            if code in data.quotas:
                q.initial_quota = data.quotas[code]
                q.reallocated_quota = None
                kept.append(q)
        if kept:
            CycleQuota.objects.bulk_update(kept, ["initial_quota", "reallocated_quota"])
        added = CycleQuota.objects.bulk_create(
            CycleQuota(cycle=cycle, regency_id=code, initial_quota=seats)
            for code, seats in data.quotas.items()
            if code not in old_quotas
        )
        quotas = kept + added
        # The ledger follows the seats in force: a discarded reallocation first falls back to
        # the old initial quota, then the initial quota moves to the new one.
        quota_ledger_write(
            cycle=cycle,
            kind=QuotaChange.Kind.REALLOCATION_DISCARDED,
            changes=[(code, seats, old_initial[code]) for code, seats in discarded.items()],
            reason=_("The initial quotas changed, so the reallocated quotas no longer hold."),
            by=by,
        )
        quota_ledger_write(
            cycle=cycle,
            kind=ledger_kind,
            changes=[
                (code, old_initial.get(code), data.quotas.get(code))
                for code in sorted(set(old_initial) | set(data.quotas))
            ],
            reason=ledger_reason,
            by=by,
        )
        if discarded:
            messages.append(
                _("%(code)s: the initial quotas changed, so the reallocated quotas were discarded (%(quotas)s).")
                % {"code": cycle.code, "quotas": ", ".join(f"{c}: {n}" for c, n in discarded.items())}
            )
    audit_record(
        actor=by,
        action=f"{action_prefix}update",
        target=cycle,
        before=before,
        after=_cycle_snapshot(cycle, quotas),
    )
    return CycleSaveResult(cycle=cycle, outcome="updated", messages=messages)


def _locked_cycles(codes) -> dict[str, ProgramCycle]:
    cycles = (
        ProgramCycle.objects.select_for_update(of=("self",))
        .select_related("program")
        .prefetch_related("quotas")
        .filter(code__in=codes)
    )
    return {cycle.code: cycle for cycle in cycles}


def programs_import_catalog(*, data, by=None) -> dict:
    """Upsert the cycles of a parsed catalog (§2) by code. The whole file is checked before
    anything is saved; any problem raises CatalogError and nothing changes, also an entry that
    `by` does not own (none is checked without `by`: the command run by the operator). Cycles
    not in the file are kept. Returns {"created", "updated", "unchanged", "messages"}."""
    known = set(Regency.objects.values_list("code", flat=True))
    entries = catalog_clean(data, known_regency_codes=known)
    summary = {"created": 0, "updated": 0, "unchanged": 0, "messages": []}
    with transaction.atomic():
        existing = _locked_cycles([entry.code for entry in entries])
        if by is not None:
            # The whole file is refused when one entry is not the importer's (checked clean, every
            # entry is the file's entry of the same number).
            refusals = [
                _("%(entry)s: %(refusal)s") % {"entry": entry_label(number, entry.code), "refusal": refusal}
                for number, entry in enumerate(entries, start=1)
                if (refusal := _refusal(by=by, code=entry.code, cycle=existing.get(entry.code), data=entry))
            ]
            if refusals:
                raise CatalogError(refusals)
        for entry in entries:
            result = _cycle_apply(
                data=entry, cycle=existing.get(entry.code), by=by, action_prefix="program_cycle.import_",
                ledger_kind=QuotaChange.Kind.CATALOG,
            )
            summary[result.outcome] += 1
            summary["messages"].extend(result.messages)
    return summary


def programs_cycle_save(
    *,
    by,
    cycle: ProgramCycle | None = None,
    code: str | None = None,
    program: str,
    year: int,
    registration_closes: date,
    registration_opens: date | None = None,
    rules: dict | None = None,
    quotas: dict | None = None,
) -> CycleSaveResult:
    """Create a cycle (`code`, no `cycle`) or change `cycle`, as the staff form does: the rules
    are normalised, rules_version moves on when they change, and changed initial quotas discard
    the cycle's reallocated quotas (said in the result's messages). Raises RulesError or
    CycleSaveError for data the form should have refused, and CycleNotYours when `by` does not
    own the cycle as it is or as it would be."""
    normalised = normalise_rules(rules)
    problems = []
    known = set(Regency.objects.filter(code__in=_maybe_codes(quotas, normalised)).values_list("code", flat=True))
    cleaned_quotas = quotas_clean(
        quotas, known_regency_codes=known, on_error=lambda key, message: problems.append((key, message))
    )
    for region in normalised["regions"] or []:
        if region not in known:
            problems.append(("regions", _("%(code)s is not a known kabupaten/kota code") % {"code": region}))
    if problems:
        raise CycleSaveError(*problems[0])
    if registration_opens is not None and registration_opens > registration_closes:
        raise CycleSaveError("registration_opens", _("is after registration_closes"))

    with transaction.atomic():
        if cycle is not None:
            locked = _locked_cycles([cycle.code]).get(cycle.code)
            if locked is None:
                raise CycleSaveError("code", _("This cycle no longer exists."))
            code = locked.code
        else:
            code = (code or "").strip()
            if not code:
                raise CycleSaveError("code", _("is missing"))
            if ProgramCycle.objects.filter(code=code).exists():
                raise CycleSaveError(
                    "code", _("A cycle with the code %(code)s already exists.") % {"code": code}
                )
            locked = None
        data = CycleData(
            code=code,
            program=" ".join(program.split()),
            year=year,
            registration_opens=registration_opens,
            registration_closes=registration_closes,
            rules=normalised,
            quotas=cleaned_quotas,
        )
        if by is not None and (refusal := _refusal(by=by, code=code, cycle=locked, data=data)):
            raise CycleNotYours(refusal)
        return _cycle_apply(
            data=data, cycle=locked, by=by, action_prefix="program_cycle.", ledger_kind=QuotaChange.Kind.MANUAL
        )


def _maybe_codes(quotas: dict | None, rules: dict) -> list[str]:
    """The dotted forms of the kabupaten codes given, for one existence query."""
    found = list(rules["regions"] or [])
    for raw in (quotas or {}):
        try:
            found.append(clean_regency_code(raw))
        except ValueError:
            pass
    return found


# --- the districts' yearly targets (§11) -----------------------------------------------------


def _target_entry(year: int, regency: str, target: int | None) -> dict:
    return {"year": year, "region": regency, "target": target}


def targets_import(*, path, file_name: str, by=None, regency_codes: set[str] | None = None) -> CoverageReport:
    """Import a targets file (§11): an upsert by (year, district), the last row of a repeated
    pair counting. One transaction: a refused or unreadable file changes nothing. One audit row
    holds every target that changed, before and after. Raises core.tabular.FileRefused."""
    from core.tabular import open_table
    from programs.targets import COLUMNS, REQUIRED, target_rows

    report = CoverageReport()
    known_regencies = set(Regency.objects.values_list("code", flat=True))
    with transaction.atomic():
        table = open_table(path, columns=COLUMNS, required=REQUIRED, file_name=file_name)
        rows = target_rows(table, report=report, known_regencies=known_regencies, regency_codes=regency_codes)
        report.districts = sorted({regency for _year, regency in rows})
        if not rows:
            return report
        stored = {
            (t.year, t.regency_id): t.target
            for t in DistrictTarget.objects.select_for_update().filter(
                year__in={year for year, _regency in rows}, regency_id__in=report.districts
            )
        }
        changed = [row for key, row in sorted(rows.items()) if stored.get(key) != row.target]
        DistrictTarget.objects.bulk_create(
            [DistrictTarget(year=row.year, regency_id=row.regency, target=row.target,
                            updated_by=by if by is not None and by.pk else None) for row in changed],
            update_conflicts=True, unique_fields=["year", "regency"],
            update_fields=["target", "updated_by", "updated_at"],
        )
        if changed:
            audit_record(
                actor=by, action="targets.import",
                before=[_target_entry(row.year, row.regency, stored.get((row.year, row.regency))) for row in changed],
                after={"file": file_name, "imported": report.imported, "rejected": report.rejected,
                       "targets": [_target_entry(row.year, row.regency, row.target) for row in changed]},
            )
    return report


class TargetsRefused(PortalError):
    pass


@transaction.atomic
def targets_set(*, by, year: int, targets: dict[str, int | None]) -> int:
    """Set the year's targets of the districts in `targets` from the targets page ({kabupaten
    code: target, or None to remove it}). Only districts the user may see; each change gets its
    own audit row with the target before and after. Returns how many targets changed."""
    from accounts.selectors import user_may_see_regency

    outside = sorted(code for code in targets if not user_may_see_regency(user=by, regency_code=code))
    if outside:
        raise TargetsRefused(_("You cannot set targets of %(codes)s.") % {"codes": ", ".join(outside)})
    if any(value is not None and value < 1 for value in targets.values()):
        raise TargetsRefused(_("A target is a whole number of at least 1."))
    stored = {
        t.regency_id: t
        for t in DistrictTarget.objects.select_for_update().filter(year=year, regency_id__in=list(targets))
    }
    changed = 0
    for code, value in sorted(targets.items()):
        current = stored.get(code)
        before = current.target if current is not None else None
        if before == value:
            continue
        if current is None:
            current = DistrictTarget.objects.create(year=year, regency_id=code, target=value, updated_by=by)
        elif value is not None:
            current.target = value
            current.updated_by = by
            current.save(update_fields=["target", "updated_by", "updated_at"])
        audit_record(
            actor=by, action="target.set" if value is not None else "target.remove", target=current,
            regency_code=code, before=_target_entry(year, code, before), after=_target_entry(year, code, value),
        )
        if value is None:
            current.delete()
        changed += 1
    return changed
