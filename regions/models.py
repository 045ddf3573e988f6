"""Kemendagri administrative regions, keyed by their dotted codes (64, 64.01, 64.01.01, 64.01.01.2009).

In this portal "district" means a kabupaten/kota, which Kemendagri's English calls a regency.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Province(models.Model):
    code = models.CharField(_("code"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self):
        return f"{self.code} {self.name}"


class Regency(models.Model):
    """A kabupaten or kota: the district whose government runs the portal."""

    code = models.CharField(_("code"), max_length=5, primary_key=True)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="regencies", verbose_name=_("province")
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("kabupaten/kota")
        verbose_name_plural = _("kabupaten/kota")

    def __str__(self):
        return f"{self.code} {self.name}"


class Subdistrict(models.Model):
    """A kecamatan."""

    code = models.CharField(_("code"), max_length=8, primary_key=True)
    regency = models.ForeignKey(
        Regency, on_delete=models.PROTECT, related_name="subdistricts", verbose_name=_("kabupaten/kota")
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("kecamatan")
        verbose_name_plural = _("kecamatan")

    def __str__(self):
        return f"{self.code} {self.name}"


class Village(models.Model):
    """A desa or kelurahan."""

    code = models.CharField(_("code"), max_length=13, primary_key=True)
    subdistrict = models.ForeignKey(
        Subdistrict, on_delete=models.PROTECT, related_name="villages", verbose_name=_("kecamatan")
    )
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("desa/kelurahan")
        verbose_name_plural = _("desa/kelurahan")

    def __str__(self):
        return f"{self.code} {self.name}"
