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
