"""Payment lists (daftar nominatif) of cash grants, sent to the bank or the BPKAD, and the
bank's result for each payment."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PaymentBatch(models.Model):
    """One payment list of a cash scheme. Its control totals (how many payments, what sum) are
    fixed when it is made; the bank's result file must agree with them and with every line."""

    class Status(models.TextChoices):
        OPEN = "open", _("Sent, waiting for the bank's result")
        RECONCILED = "reconciled", _("Reconciled")
        CANCELLED = "cancelled", _("Cancelled")

    scheme = models.ForeignKey(
        "grants.GrantScheme", on_delete=models.PROTECT, related_name="payment_batches", verbose_name=_("scheme")
    )
    regency = models.ForeignKey(
        "regions.Regency", on_delete=models.PROTECT, related_name="+", verbose_name=_("kabupaten/kota")
    )
    sequence = models.PositiveIntegerField(_("sequence"))
    number = models.CharField(_("number"), max_length=50, unique=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    control_count = models.PositiveIntegerField(_("number of payments"))
    control_total = models.PositiveBigIntegerField(_("total (Rp)"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("made by")
    )
    created_at = models.DateTimeField(_("made"), auto_now_add=True)
    reconciled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("reconciled by"),
    )
    reconciled_at = models.DateTimeField(_("reconciled"), null=True, blank=True)
    result_file_name = models.CharField(_("result file"), max_length=255, blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("payment list")
        verbose_name_plural = _("payment lists")
        constraints = [models.UniqueConstraint(fields=["scheme", "sequence"], name="unique_payment_batch_per_scheme")]

    def __str__(self):
        return self.number


class Payment(models.Model):
    """One line of a payment list: a grant's transfer, with its own reference, which the bank
    returns with the result."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the bank")
        PAID = "paid", _("Paid")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    batch = models.ForeignKey(PaymentBatch, on_delete=models.CASCADE, related_name="payments",
                              verbose_name=_("payment list"))
    grant = models.ForeignKey("grants.Grant", on_delete=models.PROTECT, related_name="payments",
                              verbose_name=_("grant"))
    position = models.PositiveIntegerField(_("no."))
    reference = models.CharField(_("reference"), max_length=40, unique=True)
    amount = models.PositiveBigIntegerField(_("amount (Rp)"))
    # The account as sent to the bank, kept even if the proposal's details change later.
    bank_name = models.CharField(_("bank"), max_length=100)
    account_number = models.CharField(_("account number"), max_length=34)
    account_name = models.CharField(_("account holder"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    failure_reason = models.TextField(_("reason for failure"), blank=True)

    class Meta:
        ordering = ["batch", "position"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        constraints = [
            # A grant waits in at most one payment list at a time.
            models.UniqueConstraint(fields=["grant"], condition=Q(status="pending"),
                                    name="one_pending_payment_per_grant"),
            models.CheckConstraint(condition=~Q(status="failed") | ~Q(failure_reason=""),
                                   name="failed_payment_has_reason"),
        ]

    def __str__(self):
        return self.reference
