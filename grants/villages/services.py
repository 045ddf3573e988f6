"""Writes of village needs: recording a village meeting's needs, and creating a program cycle
(or choosing a batch) from the district's summary, which links the lines to it."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.errors import PortalError
from grants import rules
from grants.models import VillageNeed, VillageNeedLine
from programs.services import programs_cycle_save


def _snapshot(need: VillageNeed) -> dict:
    return {"village": need.village_id, "meeting_date": need.meeting_date.isoformat(), "potential": need.potential,
            "tags": list(need.potential_tags),
            "lines": [[line.training_type, line.interested_families] for line in need.lines.order_by("training_key")]}


@transaction.atomic
def village_need_save(*, by, village, meeting_date, potential: str = "", tags=(), notes: str = "", lines=(),
                      need: VillageNeed | None = None) -> VillageNeed:
    """Record (or correct) what a village meeting proposed: `lines` of (training type,
    interested families). A training type named twice is added up."""
    wanted: dict[str, list] = {}
    for training_type, families in lines:
        key = rules.training_key(training_type)
        if not key or not families:
            continue
        if key in wanted:
            wanted[key][1] += int(families)
        else:
            wanted[key] = [" ".join(training_type.split()), int(families)]
    if not wanted:
        raise PortalError(_("Give at least one proposed training with its number of interested families."))
    before = None
    if need is not None:
        need = VillageNeed.objects.select_for_update().get(pk=need.pk)
        before = _snapshot(need)
    else:
        need = VillageNeed(recorded_by=by)
    need.village, need.regency_id = village, village.subdistrict.regency_id
    need.meeting_date, need.potential, need.notes = meeting_date, (potential or "").strip(), (notes or "").strip()
    need.potential_tags = list(tags)
    need.recorded_by = by
    try:
        with transaction.atomic():
            need.save()
    except IntegrityError:
        raise PortalError(_("The meeting of %(village)s on this date is already recorded.")
                          % {"village": village.name}) from None
    existing = {line.training_key: line for line in need.lines.all()}
    for key, line in existing.items():
        if key not in wanted:
            line.delete()
    for key, (label, families) in wanted.items():
        line = existing.get(key) or VillageNeedLine(need=need, training_key=key)
        line.training_type, line.interested_families = label, families
        line.save()
    audit_record(actor=by, action="village_need.save", target=need, before=before, after=_snapshot(need),
                 regency_code=need.regency_id)
    return need


@transaction.atomic
def village_needs_create_cycle(*, by, lines, code: str, program: str, year: int, registration_closes,
                               registration_opens=None, quota: int | None = None):
    """Create a program cycle for a summary row (programs' own service, with its rules and
    ledger) and link the row's village-need lines to it. The district's quota defaults to the
    interested families."""
    lines = list(lines)
    if not lines:
        raise PortalError(_("This summary row has no village needs."))
    regency = lines[0].need.regency_id
    families = sum(line.interested_families for line in lines)
    result = programs_cycle_save(
        by=by, code=code, program=program, year=year, registration_opens=registration_opens,
        registration_closes=registration_closes, rules={"regions": [regency]}, quotas={regency: quota or families},
    )
    cycle = result.cycle
    VillageNeedLine.objects.filter(pk__in=[line.pk for line in lines]).update(cycle=cycle)
    audit_record(actor=by, action="village_need.create_cycle", target=cycle, regency_code=regency,
                 after={"cycle": cycle.code, "lines": [line.pk for line in lines], "families": families})
    return cycle


@transaction.atomic
def village_needs_link_batch(*, by, lines, batch) -> int:
    """Link a summary row's lines to a batch planned for them (a batch of the same district's
    providers, chosen by the caller from those the user may see)."""
    lines = list(lines)
    if not lines:
        raise PortalError(_("This summary row has no village needs."))
    regency = lines[0].need.regency_id
    if batch.provider.regency_id != regency:
        raise PortalError(_("Choose a batch of a provider in the same district."))
    changed = VillageNeedLine.objects.filter(pk__in=[line.pk for line in lines]).update(batch=batch)
    audit_record(actor=by, action="village_need.link_batch", target=batch, regency_code=regency,
                 after={"batch": batch.pk, "lines": [line.pk for line in lines]})
    return changed
