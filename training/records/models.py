"""Attendance: one mark per participant and session."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "hadir", _("Present")
        EXCUSED = "izin", _("Excused")
        SICK = "sakit", _("Sick")
        ABSENT = "alpa", _("Absent")

    session = models.ForeignKey("training.BatchSession", on_delete=models.CASCADE, related_name="attendance")
    enrolment = models.ForeignKey("training.Enrolment", on_delete=models.CASCADE, related_name="attendance")
    status = models.CharField(_("attendance"), max_length=6, choices=Status.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["session", "enrolment"], name="unique_attendance_per_session")]

    def __str__(self):
        return f"{self.enrolment_id} @ {self.session_id}: {self.status}"
