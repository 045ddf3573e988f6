"""A reallocation (§8, docs/quota-reallocation.md) waiting for, or given, a second person's decision."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class ReallocationProposal(models.Model):
    """A reallocation (§8, docs/quota-reallocation.md) computed and waiting for a second person's approval.
    `result` holds the §9 JSON document of the computation; applying it writes the new quotas."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPLIED = "applied", _("Approved and applied")
        REJECTED = "rejected", _("Rejected")
        SUPERSEDED = "superseded", _("Superseded")

    cycle = models.ForeignKey(
        "programs.ProgramCycle", on_delete=models.CASCADE, related_name="reallocation_proposals",
        verbose_name=_("cycle"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PENDING)
    result = models.JSONField(_("proposed quotas"))
    reason = models.TextField(_("reason"), blank=True)
    # None when Celery beat proposed it at registration close.
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("proposed by"),
    )
    proposed_at = models.DateTimeField(_("proposed"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)
    # The ledger rows its approval wrote.
    quota_changes = models.ManyToManyField(
        "programs.QuotaChange", blank=True, related_name="reallocation_proposals", verbose_name=_("quota changes")
    )

    class Meta:
        ordering = ["-proposed_at", "-id"]
        verbose_name = _("reallocation proposal")
        verbose_name_plural = _("reallocation proposals")
        constraints = [
            # Four eyes: whoever proposed may not approve or reject.
            models.CheckConstraint(
                condition=Q(proposed_by__isnull=True) | Q(decided_by__isnull=True) | ~Q(decided_by=F("proposed_by")),
                name="reallocation_decided_by_someone_else",
            ),
            models.UniqueConstraint(
                fields=["cycle"], condition=Q(status="pending"), name="one_pending_reallocation_per_cycle"
            ),
        ]

    def __str__(self):
        return f"{self.cycle_id} #{self.pk} ({self.status})"
