"""The dashboards app writes only one thing: the figures an official publishes.

A publication is a frozen snapshot (JSON) of a year's figures for the official's area: the §12
indicators of every district in it and the dashboard's tables, with who published it and when.
It never changes: the model refuses to save an existing row or to delete one, and a database
trigger (migration 0003) refuses any UPDATE or DELETE, so a queryset `.update()` or raw SQL
cannot change it either. A correction is a new version of the same year and area.

`DashboardAccess` has no rows: it carries the dashboards' own capability."""

from django.conf import settings
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


class PublishedReportChangeRefused(Exception):
    """Raised on an attempt to change or delete a published report."""


class PublishedReport(models.Model):
    year = models.PositiveSmallIntegerField(_("year"))
    # The area the official publishes for: a kabupaten/kota code ("64.01"), a province code
    # ("64") or "" for the whole country (a system administrator).
    scope = models.CharField(_("area"), max_length=13, blank=True)
    scope_name = models.CharField(_("area name"), max_length=255)
    version = models.PositiveIntegerField(_("version"))
    figures = models.JSONField(_("figures"))
    note = models.TextField(_("note"), blank=True)
    computed_at = models.DateTimeField(_("computed at"))
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
                                     verbose_name=_("published by"))

    class Meta:
        ordering = ["-year", "scope", "-version"]
        constraints = [models.UniqueConstraint(fields=["year", "scope", "version"],
                                               name="dashboards_published_report_version_unique")]
        verbose_name = _("published report")
        verbose_name_plural = _("published reports")

    def __str__(self):
        return f"{self.scope_name} {self.year} v{self.version}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PublishedReportChangeRefused("a published report never changes; publish a new version")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PublishedReportChangeRefused("a published report is never deleted")
