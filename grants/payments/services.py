"""Writes of payment lists: making one from a cash scheme's approved grants, cancelling it, and
reconciling it with the bank's result file.

The result file is checked whole before anything changes. Any mismatch (a reference not in the
list, a reference twice or missing, an amount that differs, a control total that differs, a
status that is neither paid nor failed, a failure without its reason) refuses the whole file,
with every mismatch listed by line, and nothing is changed. A file that agrees marks each
payment paid (the grant is disbursed on the day paid) or failed (the grant goes back to
"approved, payment failed", ready for a follow-up list)."""

import re
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.dates import clean_date
from core.errors import PortalError
from core.identifiers import InvalidValue
from core.tabular import FileRefused, open_table
from grants.models import Grant, GrantScheme, Payment, PaymentBatch

RESULT_COLUMNS = ("referensi", "jumlah", "status", "alasan", "tanggal_bayar")
RESULT_REQUIRED = ("referensi", "jumlah", "status")
PAID_WORDS = {"berhasil", "sukses", "dibayar", "lunas", "paid", "success", "ok"}
FAILED_WORDS = {"gagal", "ditolak", "retur", "failed", "rejected"}
# Enough to show a bank what is wrong; a file with more is wrong everywhere anyway.
MISMATCHES_SHOWN = 200
_AMOUNT = re.compile(r"^(?:rp\.?\s*)?(?P<number>\d{1,3}(?:([.,])\d{3})(?:\2\d{3})*|\d+)(?:[.,]00?)?$", re.IGNORECASE)


def _rupiah(amount: int) -> str:
    return f"Rp{amount:,}".replace(",", ".")


def parse_amount(text: str) -> int | None:
    """Whole rupiah as banks write them: 1500000, 1.500.000, 1,500,000, Rp1.500.000,
    1500000.00. None when the text is none of these."""
    match = _AMOUNT.match((text or "").strip().replace(" ", ""))
    if not match:
        return None
    return int(re.sub(r"[.,]", "", match["number"]))


def payable_grants(*, scheme: GrantScheme):
    """Approved cash grants (also those whose payment failed) with a bank account, not waiting
    in another list."""
    pending = Payment.objects.filter(grant=OuterRef("pk"), status=Payment.Status.PENDING)
    return (Grant.objects.filter(scheme=scheme, status__in=Grant.COMMITTED).exclude(Exists(pending))
            .exclude(bank_account_number="").select_related("person").order_by("person__name", "pk"))


@transaction.atomic
def payment_batch_create(*, scheme: GrantScheme, by, grant_ids=None) -> PaymentBatch:
    """A payment list of every payable grant of the scheme (or of those in `grant_ids`), with
    a reference per payment and its control totals."""
    if scheme.kind != GrantScheme.Kind.CASH:
        raise PortalError(_("Only a cash scheme is paid through a payment list."))
    scheme = GrantScheme.objects.select_for_update().get(pk=scheme.pk)
    grants = payable_grants(scheme=scheme).select_for_update(of=("self",))
    if grant_ids is not None:
        grants = grants.filter(pk__in=list(grant_ids))
    grants = list(grants)
    if not grants:
        raise PortalError(_("No approved grant of this scheme is waiting for payment."))
    sequence = (PaymentBatch.objects.filter(scheme=scheme).aggregate(n=Max("sequence"))["n"] or 0) + 1
    batch = PaymentBatch.objects.create(
        scheme=scheme, regency_id=scheme.regency_id, sequence=sequence,
        number=f"DN/{scheme.code}/{sequence:03d}", control_count=len(grants),
        control_total=sum(g.amount for g in grants), created_by=by,
    )
    Payment.objects.bulk_create(
        Payment(batch=batch, grant=grant, position=position, reference=f"BNT{batch.pk:06d}{position:04d}",
                amount=grant.amount, bank_name=grant.bank_name, account_number=grant.bank_account_number,
                account_name=grant.bank_account_name)
        for position, grant in enumerate(grants, start=1)
    )
    audit_record(actor=by, action="payment_batch.create", target=batch, regency_code=batch.regency_id,
                 after={"number": batch.number, "count": batch.control_count, "total": batch.control_total,
                        "grants": [g.pk for g in grants],
                        "follow_up": [g.pk for g in grants if g.status == Grant.Status.PAYMENT_FAILED]})
    return batch


@transaction.atomic
def payment_batch_cancel(*, batch: PaymentBatch, by, reason: str) -> PaymentBatch:
    """Withdraw a list the bank has not paid: its grants can go into another list."""
    reason = (reason or "").strip()
    if not reason:
        raise PortalError(_("Give a reason for cancelling the payment list."))
    GrantScheme.objects.select_for_update().get(pk=batch.scheme_id)
    batch = PaymentBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != PaymentBatch.Status.OPEN:
        raise PortalError(_("Only a list still waiting for the bank's result can be cancelled."))
    batch.payments.update(status=Payment.Status.CANCELLED)
    batch.status, batch.cancel_reason = PaymentBatch.Status.CANCELLED, reason
    batch.save(update_fields=["status", "cancel_reason"])
    audit_record(actor=by, action="payment_batch.cancel", target=batch, regency_code=batch.regency_id,
                 after={"reason": reason})
    return batch


# --- the bank's result ---------------------------------------------------------------------


@dataclass
class Mismatch:
    line: int | None
    message: str


class ResultRefused(PortalError):
    """The result file does not match the list; nothing was changed. `mismatches` lists all."""

    def __init__(self, message, mismatches: list[Mismatch], more: int = 0):
        super().__init__(message)
        self.mismatches = mismatches
        self.more = more


@dataclass
class _Reading:
    outcomes: dict = field(default_factory=dict)  # reference -> (paid?, reason, paid_on, line)
    mismatches: list = field(default_factory=list)
    more: int = 0
    rows: int = 0
    total: int = 0
    control_total: int | None = None

    def mismatch(self, line, message):
        if len(self.mismatches) < MISMATCHES_SHOWN:
            self.mismatches.append(Mismatch(line, message))
        else:
            self.more += 1


def _read_result(table, *, payments: dict[str, Payment], batch: PaymentBatch, default_paid_on) -> _Reading:
    reading = _Reading()
    for line, (reference, amount_text, status_text, reason, paid_text) in table:
        reference = reference.strip()
        amount = parse_amount(amount_text)
        if reference.upper() == "TOTAL":
            if amount is None:
                reading.mismatch(line, _("The control total '%(value)s' is not an amount in rupiah.")
                                 % {"value": amount_text})
            else:
                reading.control_total = amount
            continue
        reading.rows += 1
        payment = payments.get(reference)
        if payment is None:
            reading.mismatch(line, _("Reference %(reference)s is not in payment list %(batch)s.")
                             % {"reference": reference or "—", "batch": batch.number})
            continue
        if reference in reading.outcomes:
            reading.mismatch(line, _("Reference %(reference)s appears twice (first on line %(first)s).")
                             % {"reference": reference, "first": reading.outcomes[reference][3]})
            continue
        if amount is None:
            reading.mismatch(line, _("Reference %(reference)s: the amount '%(value)s' is not an amount in rupiah.")
                             % {"reference": reference, "value": amount_text})
        else:
            reading.total += amount
            if amount != payment.amount:
                reading.mismatch(line, _("Reference %(reference)s: the amount is %(file)s in the file but "
                                         "%(batch)s in the list.")
                                 % {"reference": reference, "file": _rupiah(amount), "batch": _rupiah(payment.amount)})
        word = status_text.strip().lower()
        paid_on = default_paid_on
        if paid_text.strip():
            try:
                paid_on = clean_date(paid_text)
            except InvalidValue:
                reading.mismatch(line, _("Reference %(reference)s: the payment date '%(value)s' is not a date.")
                                 % {"reference": reference, "value": paid_text})
        if word in PAID_WORDS:
            reading.outcomes[reference] = (True, "", paid_on, line)
        elif word in FAILED_WORDS:
            if not reason.strip():
                reading.mismatch(line, _("Reference %(reference)s failed, but the file gives no reason.")
                                 % {"reference": reference})
            reading.outcomes[reference] = (False, reason.strip(), None, line)
        else:
            reading.mismatch(line, _("Reference %(reference)s: the status '%(value)s' is neither paid (berhasil) "
                                     "nor failed (gagal).") % {"reference": reference, "value": status_text})
            reading.outcomes[reference] = (None, "", None, line)
    return reading


def payment_result_check(*, batch: PaymentBatch, path, file_name: str, today=None) -> _Reading:
    """Read the bank's result file and compare it with the list; raises ResultRefused listing
    every mismatch. Changes nothing."""
    today = today or timezone.localdate()
    if batch.status != PaymentBatch.Status.OPEN:
        raise ResultRefused(_("This payment list is %(status)s: there is no result to import.")
                            % {"status": batch.get_status_display().lower()}, [])
    payments = {p.reference: p for p in batch.payments.filter(status=Payment.Status.PENDING)}
    try:
        with open_table(path, columns=RESULT_COLUMNS, required=RESULT_REQUIRED, file_name=file_name) as table:
            reading = _read_result(table, payments=payments, batch=batch, default_paid_on=today)
    except FileRefused as exc:
        raise ResultRefused(str(exc.message), []) from None
    missing = [reference for reference in payments if reference not in reading.outcomes]
    for reference in missing:
        reading.mismatch(None, _("Reference %(reference)s of the list is missing from the file.")
                         % {"reference": reference})
    if reading.rows != batch.control_count:
        reading.mismatch(None, _("The file has %(file)s payments; the list has %(batch)s.")
                         % {"file": reading.rows, "batch": batch.control_count})
    if reading.total != batch.control_total:
        reading.mismatch(None, _("The amounts in the file add up to %(file)s; the list's control total is %(batch)s.")
                         % {"file": _rupiah(reading.total), "batch": _rupiah(batch.control_total)})
    if reading.control_total is not None and reading.control_total != batch.control_total:
        reading.mismatch(None, _("The file's control total is %(file)s; the list's is %(batch)s.")
                         % {"file": _rupiah(reading.control_total), "batch": _rupiah(batch.control_total)})
    if reading.mismatches:
        raise ResultRefused(_("The result file does not match payment list %(batch)s; nothing was changed.")
                            % {"batch": batch.number}, reading.mismatches, reading.more)
    return reading


def payment_result_import(*, batch: PaymentBatch, by, path, file_name: str, today=None) -> dict:
    """Reconcile the list with the bank's result file (see the module docstring). Returns
    {"paid": n, "failed": n}."""
    reading = payment_result_check(batch=batch, path=path, file_name=file_name, today=today)
    with transaction.atomic():
        GrantScheme.objects.select_for_update().get(pk=batch.scheme_id)
        locked = PaymentBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.status != PaymentBatch.Status.OPEN:
            raise ResultRefused(_("This payment list was reconciled or cancelled meanwhile."), [])
        payments = list(locked.payments.select_for_update(of=("self",)).filter(status=Payment.Status.PENDING)
                        .select_related("grant"))
        grants = {p.grant_id: p.grant for p in payments}
        # Every writer of a grant's status holds the scheme lock taken above; the rows are locked
        # as well, in id order, for writers that might not.
        list(Grant.objects.select_for_update().filter(pk__in=list(grants)).order_by("pk").values_list("pk", flat=True))
        paid = failed = 0
        for payment in payments:
            ok, reason, paid_on, _line = reading.outcomes[payment.reference]
            grant = payment.grant
            if ok:
                payment.status, payment.paid_on = Payment.Status.PAID, paid_on
                grant.status, grant.delivered_on = Grant.Status.DISBURSED, paid_on
                paid += 1
            else:
                payment.status, payment.failure_reason = Payment.Status.FAILED, reason
                grant.status = Grant.Status.PAYMENT_FAILED
                failed += 1
        Payment.objects.bulk_update(payments, ["status", "paid_on", "failure_reason"])
        Grant.objects.bulk_update(list(grants.values()), ["status", "delivered_on"])
        locked.status = PaymentBatch.Status.RECONCILED
        locked.reconciled_by, locked.reconciled_at, locked.result_file_name = by, timezone.now(), file_name[:255]
        locked.save(update_fields=["status", "reconciled_by", "reconciled_at", "result_file_name"])
        audit_record(actor=by, action="payment_batch.reconcile", target=locked, regency_code=locked.regency_id,
                     after={"file": file_name, "paid": [p.reference for p in payments if p.status == "paid"],
                            "failed": {p.reference: p.failure_reason for p in payments if p.status == "failed"}})
    return {"paid": paid, "failed": failed}
