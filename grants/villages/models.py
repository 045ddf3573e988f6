"""Village needs and potential, from each village meeting (musyawarah desa), recorded before
the district chooses the training for its prasejahtera families."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class VillageNeed(models.Model):
    """What one village meeting asked for, and the local potential it named."""

    village = models.ForeignKey("regions.Village", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("desa/kelurahan"))
    regency = models.ForeignKey("regions.Regency", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("kabupaten/kota"))
    meeting_date = models.DateField(_("date of the village meeting"))
    potential = models.TextField(_("local potential"), blank=True)
    potential_tags = ArrayField(models.CharField(max_length=50), verbose_name=_("potential (tags)"), default=list,
                                blank=True)
    notes = models.TextField(_("notes"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)

    class Meta:
        ordering = ["village", "-meeting_date"]
        verbose_name = _("village need")
        verbose_name_plural = _("village needs")
        constraints = [models.UniqueConstraint(fields=["village", "meeting_date"], name="one_need_per_village_meeting")]

    def __str__(self):
        return f"{self.village_id} {self.meeting_date}"


class VillageNeedLine(models.Model):
    """A training type the meeting proposed, with the number of interested families. A cycle
    or batch created (or chosen) from the district's summary is linked here, so the choice of
    packages can be traced back to the villages that asked."""

    need = models.ForeignKey(VillageNeed, on_delete=models.CASCADE, related_name="lines")
    training_type = models.CharField(_("training type"), max_length=100)
    # The training type in lower case with single spaces: what the summary groups by.
    training_key = models.CharField(max_length=100, db_index=True)
    interested_families = models.PositiveIntegerField(_("interested families"))
    cycle = models.ForeignKey("programs.ProgramCycle", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("program cycle"))
    batch = models.ForeignKey("training.Batch", on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("batch"))

    class Meta:
        ordering = ["need", "training_type"]
        verbose_name = _("proposed training")
        verbose_name_plural = _("proposed trainings")
        constraints = [
            models.UniqueConstraint(fields=["need", "training_key"], name="one_line_per_need_and_training"),
            models.CheckConstraint(condition=Q(interested_families__gt=0), name="need_line_families_positive"),
        ]

    def __str__(self):
        return f"{self.training_type}: {self.interested_families}"
