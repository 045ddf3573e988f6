from django.db import models
from django.utils.translation import gettext_lazy as _


class DashboardAccess(models.Model):
    """No rows: it carries the dashboards' own capability. `view_named_lists` lets a user who
    otherwise sees counts only (a read-only official, a BLK admin) open the named list behind a
    count and see breakdown cells of 1–4 persons. It is given to a user one by one (Django admin,
    user permissions), never to a role's group: the roles stay as accounts.roles says."""

    class Meta:
        managed = False
        default_permissions = ()
        permissions = [("view_named_lists", "Can see the named lists behind dashboard counts")]
        verbose_name = _("dashboard access")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
