"""A graduate's proposal and the grant it becomes: its items, the handover record (BAST) and
the KUR referral."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Grant(models.Model):
    """A proposal for one graduate under one scheme, entered by staff, and what became of it.

    Workflow: draft → submitted → verified → approved → disbursed (cash, through the bank) or
    handed over (equipment) or credit approved (KUR); rejected with a reason at any step before
    approval. Above the scheme's threshold a second official approves after the first. Four
    eyes: whoever entered or submitted a proposal never verifies or approves it, and each check
    is by another person (the constraints below hold this in the database too)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        VERIFIED = "verified", _("Verified")
        FIRST_APPROVED = "first_approved", _("Waiting for the second approval")
        APPROVED = "approved", _("Approved")
        PAYMENT_FAILED = "payment_failed", _("Approved, payment failed")
        DISBURSED = "disbursed", _("Disbursed")
        HANDED_OVER = "handed_over", _("Handed over")
        CREDIT_APPROVED = "credit_approved", _("Credit approved by the bank")
        CREDIT_REJECTED = "credit_rejected", _("Credit rejected by the bank")
        REJECTED = "rejected", _("Rejected")
        CANCELLED = "cancelled", _("Cancelled")
        RETURNED = "returned", _("Returned")

    # The budget ledger (grants.schemes.selectors.scheme_ledger) counts by these.
    COMMITTED = (Status.APPROVED, Status.PAYMENT_FAILED)
    DELIVERED = (Status.DISBURSED, Status.HANDED_OVER, Status.CREDIT_APPROVED)
    RELEASED = (Status.CANCELLED, Status.RETURNED, Status.CREDIT_REJECTED)
    # A person holds one grant per scheme unless it ended before anything was given.
    ENDED_UNGIVEN = (Status.REJECTED, Status.CANCELLED, Status.CREDIT_REJECTED)

    scheme = models.ForeignKey(
        "grants.GrantScheme", on_delete=models.PROTECT, related_name="grants", verbose_name=_("scheme")
    )
    # The scheme's district, copied so scoping and the lists need no join.
    regency = models.ForeignKey(
        "regions.Regency", on_delete=models.PROTECT, related_name="+", verbose_name=_("kabupaten/kota")
    )
    enrolment = models.ForeignKey(
        "training.Enrolment", on_delete=models.PROTECT, related_name="+", verbose_name=_("training")
    )
    person = models.ForeignKey(
        "participants.Person", on_delete=models.PROTECT, related_name="grants", verbose_name=_("graduate")
    )
    business_type = models.CharField(_("business type"), max_length=100)
    business_name = models.CharField(_("business name"), max_length=200, blank=True)
    village = models.ForeignKey(
        "regions.Village", on_delete=models.PROTECT, related_name="+", verbose_name=_("business location")
    )
    plan = models.TextField(_("business plan"))
    amount = models.PositiveBigIntegerField(_("amount (Rp)"))
    bank_name = models.CharField(_("bank"), max_length=100, blank=True)
    bank_account_number = models.CharField(_("account number"), max_length=34, blank=True)
    bank_account_name = models.CharField(_("account holder"), max_length=200, blank=True)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("field officer"), help_text=_("Coaches the recipient; monitoring visits go to them."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)

    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("entered by")
    )
    created_at = models.DateTimeField(_("entered"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("verified by"),
    )
    verified_at = models.DateTimeField(_("verified"), null=True, blank=True)
    verification_note = models.TextField(_("verification note"), blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    second_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("second approval by"),
    )
    second_approved_at = models.DateTimeField(_("second approval"), null=True, blank=True)
    approval_note = models.TextField(_("approval note"), blank=True)
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("rejected by"),
    )
    rejected_at = models.DateTimeField(_("rejected"), null=True, blank=True)
    rejected_from = models.CharField(_("rejected at step"), max_length=20, choices=Status.choices, blank=True)
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    # Cash paid by the bank, equipment handed over, or KUR credit approved: monitoring counts
    # its months from this day.
    delivered_on = models.DateField(_("handed over / disbursed on"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("cancelled or returned by"),
    )
    closed_at = models.DateTimeField(_("cancelled or returned"), null=True, blank=True)
    close_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        constraints = [
            # Four eyes, as with reallocation: nobody checks their own proposal, and every check is
            # by another person. (A NULL comparison passes, so steps not taken yet are fine.)
            models.CheckConstraint(
                condition=Q(verified_by__isnull=True)
                | (~Q(verified_by=F("proposed_by"))
                   & (Q(submitted_by__isnull=True) | ~Q(verified_by=F("submitted_by")))),
                name="grant_verified_by_someone_else",
            ),
            models.CheckConstraint(
                condition=Q(approved_by__isnull=True)
                | (~Q(approved_by=F("proposed_by"))
                   & (Q(submitted_by__isnull=True) | ~Q(approved_by=F("submitted_by")))
                   & (Q(verified_by__isnull=True) | ~Q(approved_by=F("verified_by")))),
                name="grant_approved_by_someone_else",
            ),
            models.CheckConstraint(
                condition=Q(second_approved_by__isnull=True)
                | (~Q(second_approved_by=F("proposed_by"))
                   & (Q(submitted_by__isnull=True) | ~Q(second_approved_by=F("submitted_by")))
                   & (Q(verified_by__isnull=True) | ~Q(second_approved_by=F("verified_by")))
                   & (Q(approved_by__isnull=True) | ~Q(second_approved_by=F("approved_by")))),
                name="grant_second_approval_by_a_third_person",
            ),
            models.CheckConstraint(
                condition=Q(rejected_by__isnull=True) | ~Q(rejected_by=F("proposed_by")),
                name="grant_rejected_by_someone_else",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""), name="grant_rejection_has_reason"
            ),
            models.UniqueConstraint(
                fields=["scheme", "person"], condition=~Q(status__in=["rejected", "cancelled", "credit_rejected"]),
                name="one_grant_per_person_and_scheme",
            ),
        ]
        indexes = [
            models.Index(fields=["regency", "status"]),
            models.Index(fields=["scheme", "status"]),
            models.Index(fields=["delivered_on"]),
        ]

    def __str__(self):
        return f"{self.scheme_id}/{self.person_id} ({self.status})"


class GrantItem(models.Model):
    """An item of an equipment grant, its price copied from the scheme when proposed. At the
    handover it gets an asset tag, which monitoring visits refer to."""

    grant = models.ForeignKey(Grant, on_delete=models.CASCADE, related_name="items", verbose_name=_("grant"))
    scheme_item = models.ForeignKey(
        "grants.SchemeItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("scheme item"),
    )
    name = models.CharField(_("item"), max_length=255)
    unit = models.CharField(_("unit"), max_length=30)
    quantity = models.PositiveIntegerField(_("quantity"))
    unit_price = models.PositiveBigIntegerField(_("unit price (Rp)"))
    asset_tag = models.CharField(_("asset tag"), max_length=40, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["grant", "position", "pk"]
        verbose_name = _("grant item")
        verbose_name_plural = _("grant items")
        constraints = [
            models.UniqueConstraint(fields=["asset_tag"], condition=~Q(asset_tag=""), name="unique_asset_tag"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="grant_item_quantity_positive"),
        ]

    def __str__(self):
        return f"{self.name} × {self.quantity}"

    @property
    def value(self) -> int:
        return self.quantity * self.unit_price


class Handover(models.Model):
    """The handover record (Berita Acara Serah Terima, BAST) of a grant: numbered per district
    and year, printed as a PDF for the recipient and the officer to sign."""

    grant = models.OneToOneField(Grant, on_delete=models.PROTECT, related_name="handover", verbose_name=_("grant"))
    regency = models.ForeignKey(
        "regions.Regency", on_delete=models.PROTECT, related_name="+", verbose_name=_("kabupaten/kota")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence"))
    number = models.CharField(_("number"), max_length=100, unique=True)
    handed_over_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("officer")
    )
    # Names as signed, kept even if the accounts or the person record change later.
    officer_name = models.CharField(_("officer's name"), max_length=200)
    officer_position = models.CharField(_("officer's position"), max_length=200, blank=True)
    recipient_name = models.CharField(_("recipient's name"), max_length=255)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        ordering = ["-handed_over_on", "-id"]
        verbose_name = _("handover record")
        verbose_name_plural = _("handover records")
        constraints = [
            models.UniqueConstraint(fields=["regency", "year", "sequence"], name="unique_handover_number_per_district")
        ]

    def __str__(self):
        return self.number


class KurReferral(models.Model):
    """A graduate referred to a bank for KUR micro-credit, and the bank's decision."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    grant = models.OneToOneField(Grant, on_delete=models.PROTECT, related_name="kur_referral", verbose_name=_("grant"))
    bank_name = models.CharField(_("bank"), max_length=200)
    referred_on = models.DateField(_("referred on"))
    decision = models.CharField(_("bank's decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING)
    credit_amount = models.PositiveBigIntegerField(_("credit amount (Rp)"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("KUR referral")
        verbose_name_plural = _("KUR referrals")
        constraints = [
            models.CheckConstraint(
                condition=Q(decision="pending") | Q(decided_on__isnull=False), name="kur_decision_has_a_date"
            ),
            models.CheckConstraint(
                condition=~Q(decision="approved") | Q(credit_amount__gt=0), name="kur_approval_has_an_amount"
            ),
        ]

    def __str__(self):
        return f"{self.grant_id} → {self.bank_name} ({self.decision})"
