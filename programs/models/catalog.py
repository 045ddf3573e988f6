from django.db import models
from django.utils.translation import gettext_lazy as _


class Program(models.Model):
    """A training program as the province names it (e.g. "Pelatihan Keterampilan Pemuda Putus
    Sekolah"); it runs in cycles."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("program")
        verbose_name_plural = _("programs")

    def __str__(self):
        return self.name


class ProgramCycle(models.Model):
    """One run of a program in a year or wave: its registration dates, eligibility rules and
    per-district quotas (data-contracts §2)."""

    code = models.CharField(_("code"), max_length=50, unique=True)
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="cycles", verbose_name=_("program"))
    year = models.PositiveSmallIntegerField(_("year"))
    registration_opens = models.DateField(_("registration opens"), null=True, blank=True)
    registration_closes = models.DateField(_("registration closes"))
    # The `rules` object of §2, normalised by programs.rules.normalise_rules: every key present,
    # "no such rule" as None, region codes dotted and sorted.
    rules = models.JSONField(_("eligibility rules"), default=dict)
    # Incremented whenever `rules` change, so a run records which rules it used.
    rules_version = models.PositiveIntegerField(_("rules version"), default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-year", "code"]
        verbose_name = _("program cycle")
        verbose_name_plural = _("program cycles")

    def __str__(self):
        return f"{self.code} · {self.program.name}" if self.program_id else self.code

    @property
    def requires_dtks(self) -> bool:
        return bool(self.rules.get("require_dtks"))


class CycleQuota(models.Model):
    """Seats of one district in one cycle: the catalog's initial allocation, and beside it the
    quota saved by a reallocation (§8), if any."""

    cycle = models.ForeignKey(ProgramCycle, on_delete=models.CASCADE, related_name="quotas", verbose_name=_("cycle"))
    regency = models.ForeignKey(
        "regions.Regency", on_delete=models.PROTECT, related_name="+", verbose_name=_("kabupaten/kota")
    )
    initial_quota = models.PositiveIntegerField(_("initial quota"))
    reallocated_quota = models.PositiveIntegerField(_("quota after reallocation"), null=True, blank=True)

    class Meta:
        ordering = ["cycle", "regency"]
        verbose_name = _("quota")
        verbose_name_plural = _("quotas")
        constraints = [models.UniqueConstraint(fields=["cycle", "regency"], name="unique_quota_per_cycle_regency")]

    def __str__(self):
        return f"{self.cycle_id}/{self.regency_id}: {self.current_quota}"

    @property
    def current_quota(self) -> int:
        return self.initial_quota if self.reallocated_quota is None else self.reallocated_quota


