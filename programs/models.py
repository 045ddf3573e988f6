from django.conf import settings
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
    per-district quotas (§2, docs/program-catalog.md)."""

    code = models.CharField(_("code"), max_length=50, unique=True)
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="cycles", verbose_name=_("program"))
    year = models.PositiveSmallIntegerField(_("year"))
    registration_opens = models.DateField(_("registration opens"), null=True, blank=True)
    registration_closes = models.DateField(_("registration closes"))
    # The `rules` object of §2, normalised by programs.rules_validation.normalise_rules: every key present,
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


class QuotaChange(models.Model):
    """The quota ledger: one row for every change of a district's seats in a cycle, whatever
    made it (catalog import, the initial allocation tool, a reallocation, a manual edit).
    Rows are only ever added.

    It lives beside CycleQuota because every writer of quotas must write it in the same
    transaction: the catalog import and the cycle form here, the reallocation and the initial
    allocation tool in `training`. A reallocation names the rows it wrote
    (training.ReallocationProposal.quota_changes)."""

    class Kind(models.TextChoices):
        CATALOG = "catalog", _("Catalog import")
        MANUAL = "manual", _("Manual edit")
        INITIAL_ALLOCATION = "initial_allocation", _("Initial allocation")
        REALLOCATION = "reallocation", _("Reallocation")
        REALLOCATION_DISCARDED = "reallocation_discarded", _("Reallocation discarded")

    cycle = models.ForeignKey(
        "programs.ProgramCycle", on_delete=models.CASCADE, related_name="quota_changes", verbose_name=_("cycle")
    )
    regency = models.ForeignKey(
        "regions.Regency", on_delete=models.PROTECT, related_name="+", verbose_name=_("kabupaten/kota")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    # Seats in force before and after (the current quota: reallocated if any, else initial);
    # None when the district had no quota row before, or has none after.
    quota_before = models.PositiveIntegerField(_("quota before"), null=True, blank=True)
    quota_after = models.PositiveIntegerField(_("quota after"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    # None for a change made by a command or a scheduled task.
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-changed_at", "-id"]
        verbose_name = _("quota change")
        verbose_name_plural = _("quota ledger")
        indexes = [models.Index(fields=["cycle", "regency"])]

    def __str__(self):
        return f"{self.cycle_id}/{self.regency_id}: {self.quota_before} → {self.quota_after}"


class DistrictTarget(models.Model):
    """The number of residents a district means to train in a year: the target of its RPJMD /
    Renstra (§11, docs/targets.md), set by officials on the targets page or imported. One per
    year and district; the achievement indicator (§12) divides the trained by it."""

    year = models.PositiveSmallIntegerField(_("year"))
    regency = models.ForeignKey(
        "regions.Regency", on_delete=models.PROTECT, related_name="+", verbose_name=_("kabupaten/kota")
    )
    target = models.PositiveIntegerField(_("target"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("set by"),
    )
    updated_at = models.DateTimeField(_("set"), auto_now=True)

    class Meta:
        ordering = ["-year", "regency"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(fields=["year", "regency"], name="unique_target_per_year_regency"),
            models.CheckConstraint(condition=models.Q(target__gte=1), name="target_at_least_one"),
        ]

    def __str__(self):
        return f"{self.year}/{self.regency_id}: {self.target}"
