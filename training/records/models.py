"""Attendance: one mark per participant and session; trainings imported from providers' reports."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class TrainingJob(models.TextChoices):
    """The background jobs of the training app (registered with core.jobs in apps.py)."""

    RESULTS_IMPORT = "training_results_import", _("Training results import")


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


class ImportedTraining(models.Model):
    """One person's part in one training, from a provider's participant report (rekap peserta,
    §10, docs/training-results.md): also trainings that were never scheduled in the portal (an SKPD's, a
    kecamatan's, an LKP's), so that a district's totals are complete. At most one per person and
    cycle, and a certificate number is held once."""

    class Result(models.TextChoices):
        COMPLETED = "lulus", _("Completed (lulus)")
        NOT_COMPLETED = "tidak_lulus", _("Took part, did not complete (tidak lulus)")
        WITHDREW = "mengundurkan_diri", _("Withdrew (mengundurkan diri)")

    class Competence(models.TextChoices):
        COMPETENT = "ya", _("Competent")
        NOT_COMPETENT = "tidak", _("Not competent")

    # The results that count as taking part (§12 `participants`).
    TOOK_PART = (Result.COMPLETED, Result.NOT_COMPLETED)

    person = models.ForeignKey(
        "participants.Person", on_delete=models.PROTECT, related_name="imported_trainings", verbose_name=_("person")
    )
    cycle = models.ForeignKey(
        "programs.ProgramCycle", on_delete=models.PROTECT, related_name="imported_trainings",
        verbose_name=_("program cycle"),
    )
    provider = models.ForeignKey(
        "training.Provider", on_delete=models.PROTECT, related_name="imported_trainings", verbose_name=_("provider")
    )
    vocation = models.CharField(_("vocation or package"), max_length=255)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    result = models.CharField(_("result"), max_length=20, choices=Result.choices)
    # Blank: not assessed.
    competent = models.CharField(_("competency assessment"), max_length=5, choices=Competence.choices, blank=True)
    certificate_number = models.CharField(_("certificate number"), max_length=100, blank=True)
    # The kabupaten of the row's KTP desa code: the district the training counts for.
    regency = models.ForeignKey(
        "regions.Regency", on_delete=models.PROTECT, related_name="+", verbose_name=_("kabupaten/kota")
    )
    village_code = models.CharField(_("desa/kelurahan code"), max_length=13)
    import_job = models.ForeignKey(
        "core.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("import")
    )
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    line = models.PositiveIntegerField(_("line in the file"))
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("imported by"),
    )
    imported_at = models.DateTimeField(_("imported"), auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("imported training")
        verbose_name_plural = _("imported trainings")
        constraints = [
            models.UniqueConstraint(fields=["person", "cycle"], name="one_imported_training_per_cycle"),
            models.UniqueConstraint(
                fields=["certificate_number"], condition=~Q(certificate_number=""),
                name="unique_imported_certificate_number",
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")), name="imported_training_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(certificate_number="") | Q(result="lulus", competent="ya"),
                name="imported_certificate_only_when_competent",
            ),
        ]
        indexes = [models.Index(fields=["cycle", "regency"])]

    def __str__(self):
        return f"{self.person_id} · {self.cycle_id} · {self.result}"
