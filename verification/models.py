from datetime import date

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _


class VerificationJob(models.TextChoices):
    """The background jobs of this app (registered with core.jobs in apps.py)."""

    DTKS_IMPORT = "dtks_import", _("DTKS import")
    ELIGIBILITY_RUN = "eligibility_run", _("Eligibility run")


class DtksSnapshotQuerySet(models.QuerySet):
    def completed(self):
        return self.filter(status=DtksSnapshot.Status.COMPLETED)

    def newest_first(self):
        """Completed snapshots in the order §3 ranks them: the latest snapshot date first; of two
        with the same date, the one imported later."""
        return self.completed().order_by("-snapshot_date", "-finished_at", "-id")

    def active_by_regency(self) -> dict[str, "DtksSnapshot"]:
        """The active snapshot of each kabupaten/kota (§3): of the completed snapshots covering
        it, the first in newest_first. A kabupaten no snapshot covers has none (no key)."""
        active: dict[str, DtksSnapshot] = {}
        for snapshot in self.newest_first():
            for code in snapshot.coverage:
                active.setdefault(code, snapshot)
        return active

    def active(self, regency_code: str) -> "DtksSnapshot | None":
        """The active snapshot of one kabupaten/kota ("64.01"), or None."""
        return self.newest_first().filter(coverage__contains=[regency_code]).first()


class DtksSnapshot(models.Model):
    """One import of a Dinas Sosial's DTKS extract, covering one or more kabupaten/kota (§3). Its
    rows live in their own partition of verification_dtksrecord, attached only when the import
    finished."""

    class Status(models.TextChoices):
        IMPORTING = "importing", _("Importing")
        COMPLETED = "completed", _("Completed")
        FAILED = "failed", _("Failed")

    snapshot_date = models.DateField(_("snapshot date"))
    file_name = models.CharField(_("file name"), max_length=255)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.IMPORTING)
    imported_rows = models.PositiveIntegerField(_("rows imported"), default=0)
    rejected_rows = models.PositiveIntegerField(_("rows rejected"), default=0)
    warning_rows = models.PositiveIntegerField(_("rows with warnings"), default=0)
    # The kabupaten/kota codes ("64.01") the snapshot covers: named when the import starts
    # (--district, the uploader's district), else those of its accepted rows once it finished.
    coverage = ArrayField(models.CharField(max_length=5), default=list, blank=True, verbose_name=_("coverage"))
    job = models.ForeignKey("core.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("imported by"),
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = DtksSnapshotQuerySet.as_manager()

    class Meta:
        ordering = ["-snapshot_date", "-finished_at", "-id"]
        verbose_name = _("DTKS snapshot")
        verbose_name_plural = _("DTKS snapshots")

    def __str__(self):
        return f"DTKS {self.snapshot_date:%Y-%m-%d} ({self.file_name})"

    @property
    def coverage_label(self) -> str:
        return ", ".join(self.coverage)

    @property
    def partition_table(self) -> str:
        return f"verification_dtksrecord_s{self.pk}"


class DtksRecord(models.Model):
    """A row of a DTKS snapshot. The table is partitioned by snapshot (migration 0002 creates it),
    so a snapshot is loaded with COPY into a fresh table and deleted by dropping it."""

    pk = models.CompositePrimaryKey("snapshot_id", "line")
    snapshot = models.ForeignKey(DtksSnapshot, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    line = models.PositiveIntegerField()
    id_dtks = models.CharField(max_length=50, blank=True)
    nik = models.CharField(max_length=16)
    no_kk = models.CharField(max_length=16)
    name = models.CharField(max_length=255)
    birth_date = models.DateField(null=True)
    sex = models.CharField(max_length=1, blank=True)
    village_code = models.CharField(max_length=13)
    address = models.TextField(blank=True)
    desil = models.PositiveSmallIntegerField(null=True)

    class Meta:
        managed = False
        db_table = "verification_dtksrecord"

    def __str__(self):
        return f"{self.snapshot_id}:{self.line}"


class EligibilityRun(models.Model):
    """One evaluation of the applications of a cycle: which snapshots and rules it used, and
    which districts' applications it evaluated (a run started on the web by district staff
    evaluates only their district; the command, every application of the cycle)."""

    cycle = models.ForeignKey("programs.ProgramCycle", on_delete=models.CASCADE, related_name="eligibility_runs")
    # The newest of the snapshots the run used (the registry below names them all).
    snapshot = models.ForeignKey(
        DtksSnapshot, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("DTKS snapshot"),
    )
    snapshot_date = models.DateField(_("snapshot date"), null=True, blank=True)
    # The current registry the run used (§3): {"64.01": {"snapshot": id, "date": "YYYY-MM-DD"}, ...},
    # kept with the dates so that a deleted snapshot is still named.
    registry = models.JSONField(_("DTKS registry used"), default=dict, blank=True)
    rules = models.JSONField(_("rules used"))
    rules_version = models.PositiveIntegerField(_("rules version"))
    reference_date = models.DateField(_("age reference date"))
    job = models.ForeignKey("core.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    counts = models.JSONField(_("results"), default=dict)
    # Empty: every application of the cycle.
    regency_codes = ArrayField(
        models.CharField(max_length=5), default=list, blank=True, verbose_name=_("districts evaluated")
    )

    class Meta:
        ordering = ["-started_at", "-id"]
        get_latest_by = "started_at"
        verbose_name = _("eligibility run")
        verbose_name_plural = _("eligibility runs")

    def __str__(self):
        return f"{self.cycle_id} @ {self.started_at:%Y-%m-%d %H:%M}"

    @property
    def registry_dates(self) -> list[tuple[str, date]]:
        """(kabupaten code, snapshot date) of the registry the run used, by code."""
        return [(code, date.fromisoformat(entry["date"])) for code, entry in sorted((self.registry or {}).items())]


class EligibilityStatus(models.TextChoices):
    ELIGIBLE = "ELIGIBLE", _("Eligible")
    INELIGIBLE = "INELIGIBLE", _("Ineligible")
    REVIEW = "REVIEW", _("Review")


class Decision(models.TextChoices):
    APPROVED = "APPROVED", _("Approved")
    REJECTED = "REJECTED", _("Rejected")


class EligibilityResult(models.Model):
    """The automatic result of an application's latest run, and beside it the staff decision,
    which a later run never overwrites (§6)."""

    application = models.OneToOneField(
        "participants.Application", on_delete=models.CASCADE, primary_key=True, related_name="eligibility"
    )
    status = models.CharField(  # noqa: DJ001 - NULL: never evaluated
        _("automatic status"), max_length=12, choices=EligibilityStatus.choices, null=True, blank=True
    )
    reasons = ArrayField(models.CharField(max_length=40), default=list, blank=True, verbose_name=_("reasons"))
    flags = ArrayField(models.CharField(max_length=40), default=list, blank=True, verbose_name=_("flags"))
    run = models.ForeignKey(EligibilityRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    evaluated_at = models.DateTimeField(_("evaluated"), null=True, blank=True)
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, null=True, blank=True)  # noqa: DJ001 - NULL: undecided
    decision_note = models.TextField(_("decision note"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    needs_recheck = models.BooleanField(_("needs another look"), default=False)
    # The DTKS desil the latest run saw (None: not in DTKS); ranks the waiting list.
    desil = models.PositiveSmallIntegerField(_("DTKS desil"), null=True, blank=True)

    class Meta:
        verbose_name = _("eligibility result")
        verbose_name_plural = _("eligibility results")
        indexes = [models.Index(fields=["status"]), models.Index(fields=["decision"])]

    def __str__(self):
        return f"{self.application_id}: {self.status or '-'} / {self.decision or '-'}"
