from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def _job_kind_choices():
    from .jobs import job_kind_choices

    return job_kind_choices()


class Job(models.Model):
    """A long-running piece of work done by a Celery worker (an import, an eligibility run),
    followed by staff on a page that polls its status."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Finished")
        FAILED = "failed", _("Failed")

    # The apps register their kinds (core.jobs.job_kind_register); core knows none of them.
    kind = models.CharField(_("kind"), max_length=30, choices=_job_kind_choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("started by"),
    )
    # The district whose data the job touches ("" for a province-wide or system job).
    regency_code = models.CharField(_("kabupaten/kota"), max_length=5, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    input_file = models.CharField(_("input file"), max_length=500, blank=True)
    input_name = models.CharField(_("file name"), max_length=255, blank=True)
    progress_done = models.PositiveIntegerField(_("done"), default=0)
    progress_total = models.PositiveIntegerField(_("total"), null=True, blank=True)
    result = models.JSONField(_("result"), null=True, blank=True)
    message = models.TextField(_("message"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("job")
        verbose_name_plural = _("jobs")

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    @classmethod
    def stale_after(cls) -> timezone.timedelta:
        """A running job whose worker has not reported for this long is shown as failed."""
        return timezone.timedelta(seconds=settings.JOB_STALE_AFTER_SECONDS)

    @property
    def is_stale(self) -> bool:
        """Running, but its worker stopped reporting (killed or lost)."""
        if self.status != self.Status.RUNNING:
            return False
        last = self.heartbeat_at or self.started_at or self.created_at
        return timezone.now() - last > self.stale_after()


def letterhead_logo_upload_to(instance, filename):
    return f"letterheads/{instance.regency_id.replace('.', '')}-{filename}"


class Letterhead(models.Model):
    """A district government's letterhead (kop surat) for the documents the portal prints: the
    government and office names, the address, an optional logo, and the town whose name goes
    before the date of a signature ("Tana Paser, 3 Agustus 2026"). One per kabupaten/kota; a
    district without one prints a plain heading with its name (core.letterhead)."""

    regency = models.OneToOneField(
        "regions.Regency", on_delete=models.CASCADE, primary_key=True, related_name="letterhead",
        verbose_name=_("kabupaten/kota"),
    )
    government_name = models.CharField(
        _("government"), max_length=200, help_text=_("For example PEMERINTAH KABUPATEN PASER.")
    )
    office_name = models.CharField(_("office"), max_length=200, help_text=_("For example DINAS SOSIAL."))
    address = models.CharField(_("address"), max_length=300, blank=True)
    contact = models.CharField(_("phone, e-mail, website"), max_length=300, blank=True)
    place = models.CharField(
        _("town"), max_length=100, blank=True, help_text=_("Written before the date of a signature.")
    )
    logo = models.FileField(_("logo"), upload_to=letterhead_logo_upload_to, max_length=300, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("changed by"),
    )
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("letterhead")
        verbose_name_plural = _("letterheads")

    def __str__(self):
        return f"{self.regency_id} {self.office_name}"
