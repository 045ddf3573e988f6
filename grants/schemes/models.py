"""Grant schemes (skema bantuan): what a district gives its graduates, to whom, and from which
budget."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

DEFAULT_MONITORING_MONTHS = (3, 6, 12)


def default_monitoring_months() -> list[int]:
    return list(DEFAULT_MONITORING_MONTHS)


class GrantScheme(models.Model):
    """A scheme of one district, belonging to a program cycle: cash stimulus (bantuan stimulan),
    equipment in kind, or a referral to a bank for KUR micro-credit. Amounts are whole rupiah."""

    class Kind(models.TextChoices):
        CASH = "cash", _("Cash stimulus")
        EQUIPMENT = "equipment", _("Equipment (in kind)")
        KUR = "kur", _("KUR referral")

    code = models.CharField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=255)
    regency = models.ForeignKey(
        "regions.Regency", on_delete=models.PROTECT, related_name="+", verbose_name=_("kabupaten/kota")
    )
    cycle = models.ForeignKey(
        "programs.ProgramCycle", on_delete=models.PROTECT, related_name="grant_schemes",
        verbose_name=_("program cycle"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # Cash: the amount per recipient (a proposal may ask for less). KUR: the largest credit to
    # refer, if any. Equipment: the value comes from the items.
    amount_per_recipient = models.PositiveBigIntegerField(_("amount per recipient (Rp)"), null=True, blank=True)
    # None only for a KUR referral, whose credit the bank lends, not the district.
    budget_ceiling = models.PositiveBigIntegerField(_("budget ceiling (Rp)"), null=True, blank=True)
    budget_line = models.CharField(
        _("budget line"), max_length=255, blank=True, help_text=_("The DPA/APBD account code, as written in the DPA.")
    )
    eligible_cycles = models.ManyToManyField(
        "programs.ProgramCycle", related_name="+", verbose_name=_("graduates of the cycles"),
    )
    require_competent = models.BooleanField(_("assessed competent (kompeten) required"), default=True)
    # Approval levels by amount: a grant above this needs a second approver.
    second_approval_above = models.PositiveBigIntegerField(
        _("second approval above (Rp)"), null=True, blank=True,
        help_text=_("A grant of more than this amount needs the approval of a second official. Empty: never."),
    )
    monitoring_months = ArrayField(
        models.PositiveSmallIntegerField(), verbose_name=_("monitoring visits (months after handover)"),
        default=default_monitoring_months,
    )
    is_open = models.BooleanField(_("open for proposals"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "code"]
        verbose_name = _("grant scheme")
        verbose_name_plural = _("grant schemes")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="kur") | Q(budget_ceiling__isnull=False), name="scheme_budget_ceiling_unless_kur"
            ),
            models.CheckConstraint(
                condition=~Q(kind="cash") | Q(amount_per_recipient__gt=0), name="scheme_cash_amount_positive"
            ),
        ]

    def __str__(self):
        return f"{self.code} · {self.name}"

    @property
    def has_budget(self) -> bool:
        return self.budget_ceiling is not None


class SchemeItem(models.Model):
    """An item of an equipment scheme, with its unit price (a gas stove, a display case)."""

    scheme = models.ForeignKey(GrantScheme, on_delete=models.CASCADE, related_name="items", verbose_name=_("scheme"))
    name = models.CharField(_("item"), max_length=255)
    unit = models.CharField(_("unit"), max_length=30, default="unit")
    unit_price = models.PositiveBigIntegerField(_("unit price (Rp)"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["scheme", "position", "pk"]
        verbose_name = _("scheme item")
        verbose_name_plural = _("scheme items")

    def __str__(self):
        return self.name
