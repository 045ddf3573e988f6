import hashlib

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .roles import CAPABILITIES, Role


class User(AbstractUser):
    """A portal user. Everyone but a system administrator works for one kabupaten/kota,
    or for a province (provincial staff, who see all of its districts)."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    regency = models.ForeignKey(
        "regions.Regency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("kabupaten/kota"),
    )
    province = models.ForeignKey(
        "regions.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("province"),
        help_text=_("For provincial staff, who see every district of the province."),
    )
    # A BLK admin works for one training provider and sees only its batches.
    provider = models.ForeignKey(
        "training.Provider",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
        verbose_name=_("training provider"),
        help_text=_("For BLK admins: the provider whose batches they run."),
    )

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        permissions = CAPABILITIES
        constraints = [
            models.CheckConstraint(
                condition=~(Q(regency__isnull=False) & Q(province__isnull=False)),
                name="user_regency_or_province_not_both",
            ),
        ]

    @property
    def is_system_admin(self) -> bool:
        return self.is_superuser or self.role == Role.SYSTEM_ADMIN

    @property
    def work_area_label(self) -> str:
        if self.regency_id:
            return self.regency.name
        if self.province_id:
            return self.province.name
        return str(_("All regions"))


def api_token_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    """A key another system sends in `Authorization: Token <key>` to act as its user through
    the REST API. Only the key's sha256 is kept: the key itself is shown once, when made."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for, e.g. the system using it."))
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(_("prefix"), max_length=12, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.prefix}… ({self.name})"

    def is_usable_at(self, moment) -> bool:
        return self.revoked_at is None and self.expires_at > moment
