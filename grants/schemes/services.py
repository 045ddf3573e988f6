"""Writes of schemes: creating and changing one, with its items, in one transaction with its
audit row."""

from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.errors import PortalError
from grants.models import Grant, GrantScheme, SchemeItem

SCHEME_FIELDS = ("code", "name", "cycle", "kind", "amount_per_recipient", "budget_ceiling", "budget_line",
                 "require_competent", "second_approval_above", "monitoring_months", "is_open")


def _snapshot(scheme: GrantScheme) -> dict:
    data = {name: getattr(scheme, f"{name}_id" if name == "cycle" else name) for name in SCHEME_FIELDS}
    data["eligible_cycles"] = sorted(scheme.eligible_cycles.values_list("pk", flat=True))
    data["items"] = [[i.name, i.unit, i.unit_price] for i in scheme.items.order_by("position", "pk")]
    return data


@transaction.atomic
def scheme_save(*, by, regency, scheme: GrantScheme | None = None, eligible_cycles, items=(), **values) -> GrantScheme:
    """Create a scheme of `regency` or change `scheme`. `items` is a list of (name, unit,
    unit price) for an equipment scheme. The ceiling cannot go below what is already committed
    and disbursed; the kind cannot change once proposals exist."""
    before = None
    if scheme is not None:
        scheme = GrantScheme.objects.select_for_update().get(pk=scheme.pk)
        before = _snapshot(scheme)
        has_grants = Grant.objects.filter(scheme=scheme).exists()
        if has_grants and values.get("kind", scheme.kind) != scheme.kind:
            raise PortalError(_("The kind of a scheme with proposals cannot change."))
        ceiling = values.get("budget_ceiling", scheme.budget_ceiling)
        if ceiling is not None:
            from grants.schemes.selectors import scheme_ledger

            ledger = scheme_ledger(scheme=scheme)
            used = ledger.committed + ledger.disbursed
            if ceiling < used:
                raise PortalError(
                    _("The ceiling cannot be lower than what is already committed and disbursed (Rp%(used)s).")
                    % {"used": f"{used:,}".replace(",", ".")}
                )
    else:
        scheme = GrantScheme(regency=regency, created_by=by)
    for name, value in values.items():
        if name not in SCHEME_FIELDS:
            raise TypeError(name)
        setattr(scheme, name, value)
    if scheme.kind != GrantScheme.Kind.EQUIPMENT:
        items = ()
    elif not items:
        raise PortalError(_("An equipment scheme needs at least one item with its unit price."))
    months = sorted({int(m) for m in scheme.monitoring_months or []})
    if not months or any(m < 1 or m > 60 for m in months):
        raise PortalError(_("Give the monitoring months as whole numbers from 1 to 60, e.g. 3, 6, 12."))
    scheme.monitoring_months = months
    # A KUR referral's credit is the bank's money: its ceiling is optional.
    if scheme.kind != GrantScheme.Kind.KUR and scheme.budget_ceiling is None:
        raise PortalError(_("Give the budget ceiling."))
    scheme.save()
    scheme.eligible_cycles.set(eligible_cycles or [scheme.cycle])
    if scheme.kind == GrantScheme.Kind.EQUIPMENT:
        existing = list(scheme.items.order_by("position", "pk"))
        wanted = [(name.strip(), unit.strip() or "unit", int(price)) for name, unit, price in items]
        if [(i.name, i.unit, i.unit_price) for i in existing] != wanted:
            # Proposals keep their own copy of names and prices (GrantItem), so the list can be
            # replaced whole.
            scheme.items.all().delete()
            SchemeItem.objects.bulk_create(
                SchemeItem(scheme=scheme, name=name, unit=unit, unit_price=price, position=n)
                for n, (name, unit, price) in enumerate(wanted)
            )
    audit_record(actor=by, action="grant_scheme.create" if before is None else "grant_scheme.change",
                 target=scheme, before=before, after=_snapshot(scheme), regency_code=scheme.regency_id)
    return scheme
