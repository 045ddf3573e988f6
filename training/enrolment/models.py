"""A seat: an application's enrolment in a batch, and what became of it (completion, drop-out,
assessment, certificate)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Enrolment(models.Model):
    """An application's seat in a batch. ENROLLED, COMPLETED and DROPPED_OUT hold a seat (of the
    batch and of the district's quota); WITHDRAWN gives it back to the next in line."""

    class Status(models.TextChoices):
        ENROLLED = "enrolled", _("Enrolled")
        COMPLETED = "completed", _("Completed")
        # Not "putus sekolah" (the school status of the same English words): left the course.
        DROPPED_OUT = "dropped_out", pgettext_lazy("training outcome", "Dropped out")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class Assessment(models.TextChoices):
        COMPETENT = "kompeten", _("Competent (kompeten)")
        NOT_YET_COMPETENT = "belum_kompeten", _("Not yet competent (belum kompeten)")

    SEAT_HOLDING = (Status.ENROLLED, Status.COMPLETED, Status.DROPPED_OUT)

    batch = models.ForeignKey(
        "training.Batch", on_delete=models.PROTECT, related_name="enrolments", verbose_name=_("batch")
    )
    application = models.ForeignKey(
        "participants.Application", on_delete=models.PROTECT, related_name="enrolments",
        verbose_name=_("application"),
    )
    # The application's cycle and district, copied so the quota count needs no join.
    cycle = models.ForeignKey(
        "programs.ProgramCycle", on_delete=models.PROTECT, related_name="+", verbose_name=_("program cycle")
    )
    regency = models.ForeignKey(
        "regions.Regency", on_delete=models.PROTECT, related_name="+", verbose_name=_("kabupaten/kota")
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ENROLLED)
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("enrolled by"),
    )
    enrolled_at = models.DateTimeField(_("enrolled"), auto_now_add=True)
    # Withdrawal (before or at the start; frees the seat) or drop-out (during the course).
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    end_reason = models.TextField(_("reason"), blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    assessment = models.CharField(
        _("competency assessment"), max_length=20, choices=Assessment.choices, blank=True
    )
    assessed_on = models.DateField(_("assessed on"), null=True, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=100, blank=True)
    certificate_issuer = models.CharField(_("certificate issuer"), max_length=100, blank=True)
    certificate_expires_on = models.DateField(_("certificate valid until"), null=True, blank=True)

    class Meta:
        ordering = ["batch", "enrolled_at"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            # An application holds at most one seat at a time.
            models.UniqueConstraint(
                fields=["application"], condition=~Q(status="withdrawn"), name="one_seat_per_application"
            ),
            models.UniqueConstraint(
                fields=["certificate_issuer", "certificate_number"], condition=~Q(certificate_number=""),
                name="unique_certificate_number",
            ),
        ]
        indexes = [models.Index(fields=["cycle", "regency", "status"]), models.Index(fields=["batch", "status"])]

    def __str__(self):
        # The audit trail names the record by this: who, in which batch.
        return f"{self.application.person.name} · {self.batch.name}"
