"""After the grant: monitoring visits, coaching sessions and each graduate's outcome."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class BusinessStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    GROWING = "growing", _("Growing")
    STOPPED = "stopped", _("Stopped")
    MOVED = "moved", _("Moved")


# A business that a visit found in one of these counts as surviving.
SURVIVING = (BusinessStatus.ACTIVE, BusinessStatus.GROWING)


class MonitoringVisit(models.Model):
    """A visit due some months after a grant was handed over or disbursed (the scheme's
    monitoring months). Created by the scheduler, one per grant and month: a second run or a
    second visit of the same kind never replaces the first."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        DONE = "done", _("Done")

    grant = models.ForeignKey("grants.Grant", on_delete=models.PROTECT, related_name="visits", verbose_name=_("grant"))
    regency = models.ForeignKey(
        "regions.Regency", on_delete=models.PROTECT, related_name="+", verbose_name=_("kabupaten/kota")
    )
    months_after = models.PositiveSmallIntegerField(_("months after handover"))
    due_on = models.DateField(_("due"))
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("officer"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    visited_on = models.DateField(_("visited on"), null=True, blank=True)
    business_status = models.CharField(_("business status"), max_length=10, choices=BusinessStatus.choices, blank=True)
    monthly_revenue = models.PositiveBigIntegerField(_("monthly revenue (Rp)"), null=True, blank=True)
    employees = models.PositiveSmallIntegerField(_("people employed"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    location_accuracy_m = models.PositiveIntegerField(_("location accuracy (m)"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("monitoring visit")
        verbose_name_plural = _("monitoring visits")
        constraints = [
            models.UniqueConstraint(fields=["grant", "months_after"], name="one_visit_per_grant_and_month"),
            models.CheckConstraint(
                condition=Q(status="scheduled") | (Q(visited_on__isnull=False) & ~Q(business_status="")),
                name="done_visit_has_date_and_status",
            ),
        ]
        indexes = [
            models.Index(fields=["regency", "status", "due_on"]),
            models.Index(fields=["officer", "status", "due_on"]),
        ]

    def __str__(self):
        return f"{self.grant_id} +{self.months_after} ({self.status})"


class VisitAssetCheck(models.Model):
    """Whether an item of an equipment grant (by its asset tag) was found in use."""

    visit = models.ForeignKey(MonitoringVisit, on_delete=models.CASCADE, related_name="asset_checks")
    item = models.ForeignKey("grants.GrantItem", on_delete=models.PROTECT, related_name="checks")
    in_use = models.BooleanField(_("in use"))

    class Meta:
        verbose_name = _("asset check")
        verbose_name_plural = _("asset checks")
        constraints = [models.UniqueConstraint(fields=["visit", "item"], name="one_check_per_visit_and_item")]

    def __str__(self):
        return f"{self.item_id}: {self.in_use}"


def visit_photo_upload_to(instance, filename):
    return f"visit-photos/{instance.visit_id}/{filename}"


class VisitPhoto(models.Model):
    """A photo taken at a visit (JPEG or PNG, checked by content), served only through a view
    that checks who may see the visit."""

    visit = models.ForeignKey(MonitoringVisit, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("photo"), upload_to=visit_photo_upload_to, max_length=300)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=50)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["visit", "pk"]
        verbose_name = _("visit photo")
        verbose_name_plural = _("visit photos")

    def __str__(self):
        return self.original_name


class CoachingSession(models.Model):
    """A coaching session after the training (pembinaan pascapelatihan)."""

    regency = models.ForeignKey(
        "regions.Regency", on_delete=models.PROTECT, related_name="+", verbose_name=_("kabupaten/kota")
    )
    scheme = models.ForeignKey(
        "grants.GrantScheme", on_delete=models.SET_NULL, null=True, blank=True, related_name="coaching_sessions",
        verbose_name=_("scheme"),
    )
    topic = models.CharField(_("topic"), max_length=255)
    held_on = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=255)
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("officer")
    )
    notes = models.TextField(_("notes"), blank=True)
    attendees = models.ManyToManyField(
        "participants.Person", related_name="coaching_sessions", blank=True, verbose_name=_("attendees")
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name = _("coaching session")
        verbose_name_plural = _("coaching sessions")

    def __str__(self):
        return f"{self.held_on} {self.topic}"


class GraduateOutcome(models.Model):
    """What a graduate does now, as last confirmed, and by whom (a visit or an officer)."""

    class Status(models.TextChoices):
        EMPLOYED = "employed", _("Employed")
        SELF_EMPLOYED = "self_employed", _("Self-employed")
        NOT_WORKING = "not_working", _("Not working")
        STUDYING = "studying", _("Continuing study")

    person = models.OneToOneField(
        "participants.Person", on_delete=models.PROTECT, related_name="graduate_outcome", verbose_name=_("graduate")
    )
    status = models.CharField(_("outcome"), max_length=15, choices=Status.choices)
    confirmed_on = models.DateField(_("last confirmed"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("confirmed by")
    )
    visit = models.ForeignKey(
        MonitoringVisit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("visit"),
    )
    note = models.TextField(_("note"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("graduate outcome")
        verbose_name_plural = _("graduate outcomes")

    def __str__(self):
        return f"{self.person_id}: {self.status}"
