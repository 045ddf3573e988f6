"""Where and how the training happens: providers and their workshops, instructors, training
packages, and course batches (angkatan) with their sessions."""

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import RangeOperators
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from core.db import TsTzRange

DEFAULT_CLASS_SIZE = 16


class Provider(models.Model):
    """A training provider: a district BLK, a Ministry BPVP unit, an LKP course institute,
    another government office, or an NGO."""

    class Kind(models.TextChoices):
        BLK = "blk", _("BLK (district training centre)")
        BPVP = "bpvp", _("BPVP (Ministry training centre)")
        LKP = "lkp", _("LKP (course institute)")
        SKPD = "skpd", _("Government office (SKPD, kecamatan)")
        NGO = "ngo", _("NGO / foundation")
        # A provider first named in an imported participant report, whose kind its name does not tell.
        OTHER = "other", _("Other (not yet classified)")

    name = models.CharField(_("name"), max_length=255, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # Where the provider is; district users see the providers of their district.
    regency = models.ForeignKey(
        "regions.Regency", on_delete=models.PROTECT, related_name="+", verbose_name=_("kabupaten/kota")
    )
    village_code = models.CharField(_("desa/kelurahan code"), max_length=13, blank=True)
    address = models.TextField(_("address"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=255, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("training provider")
        verbose_name_plural = _("training providers")

    def __str__(self):
        return self.name


class Workshop(models.Model):
    """A workshop or room of a provider; a batch runs in one."""

    provider = models.ForeignKey(
        Provider, on_delete=models.CASCADE, related_name="workshops", verbose_name=_("provider")
    )
    name = models.CharField(_("name"), max_length=255)
    capacity = models.PositiveIntegerField(_("capacity"))

    class Meta:
        ordering = ["provider", "name"]
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        constraints = [models.UniqueConstraint(fields=["provider", "name"], name="unique_workshop_name_per_provider")]

    def __str__(self):
        return f"{self.name} ({self.provider})" if self.provider_id else self.name


class Instructor(models.Model):
    provider = models.ForeignKey(
        Provider, on_delete=models.PROTECT, related_name="instructors", verbose_name=_("provider")
    )
    name = models.CharField(_("name"), max_length=255)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("instructor")
        verbose_name_plural = _("instructors")

    def __str__(self):
        return self.name


class InstructorCertification(models.Model):
    instructor = models.ForeignKey(
        Instructor, on_delete=models.CASCADE, related_name="certifications", verbose_name=_("instructor")
    )
    scheme = models.CharField(_("certification scheme"), max_length=255)
    number = models.CharField(_("certificate number"), max_length=100)
    issuer = models.CharField(_("issuer"), max_length=255)
    expires_on = models.DateField(_("valid until"), null=True, blank=True)

    class Meta:
        ordering = ["instructor", "expires_on"]
        verbose_name = _("instructor certification")
        verbose_name_plural = _("instructor certifications")

    def __str__(self):
        return f"{self.scheme} {self.number}"


class TrainingPackage(models.Model):
    """A course: a vocation (tata boga, menjahit, barista, ...), its hours and class size; a
    competency-based package lists its SKKNI units and ends with a BNSP certificate."""

    code = models.CharField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=255)
    vocation = models.CharField(_("vocation"), max_length=100)
    competency_based = models.BooleanField(_("competency-based (SKKNI)"), default=False)
    hours = models.PositiveIntegerField(_("training hours"))
    class_size = models.PositiveIntegerField(_("class size"), default=DEFAULT_CLASS_SIZE)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("training package")
        verbose_name_plural = _("training packages")

    def __str__(self):
        return f"{self.code} · {self.name}"


class CompetencyUnit(models.Model):
    package = models.ForeignKey(
        TrainingPackage, on_delete=models.CASCADE, related_name="units", verbose_name=_("training package")
    )
    code = models.CharField(_("unit code"), max_length=50)
    title = models.CharField(_("title"), max_length=255)

    class Meta:
        ordering = ["package", "code"]
        verbose_name = _("competency unit")
        verbose_name_plural = _("competency units")
        constraints = [models.UniqueConstraint(fields=["package", "code"], name="unique_unit_per_package")]

    def __str__(self):
        return f"{self.code} {self.title}"


class Batch(models.Model):
    """A course batch (angkatan): a package taught for one cycle at a provider, in a workshop,
    by its instructors, over its sessions."""

    cycle = models.ForeignKey(
        "programs.ProgramCycle", on_delete=models.PROTECT, related_name="batches", verbose_name=_("program cycle")
    )
    package = models.ForeignKey(
        TrainingPackage, on_delete=models.PROTECT, related_name="batches", verbose_name=_("training package")
    )
    provider = models.ForeignKey(Provider, on_delete=models.PROTECT, related_name="batches", verbose_name=_("provider"))
    workshop = models.ForeignKey(Workshop, on_delete=models.PROTECT, related_name="batches", verbose_name=_("workshop"))
    name = models.CharField(_("name"), max_length=255)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    capacity = models.PositiveIntegerField(_("capacity"), default=DEFAULT_CLASS_SIZE)
    instructors = models.ManyToManyField(
        Instructor, related_name="batches", blank=True, verbose_name=_("instructors")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["start_date", "name"]
        verbose_name = _("batch")
        verbose_name_plural = _("batches")
        constraints = [
            models.CheckConstraint(condition=Q(end_date__gte=F("start_date")), name="batch_ends_after_start"),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="batch_capacity_positive"),
        ]
        indexes = [models.Index(fields=["cycle", "provider"])]

    def __str__(self):
        return self.name


class BatchSession(models.Model):
    """One teaching session of a batch. The workshop is copied from the batch so PostgreSQL can
    refuse two overlapping sessions in one workshop (the exclusion constraint below)."""

    batch = models.ForeignKey(Batch, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("batch"))
    workshop = models.ForeignKey(Workshop, on_delete=models.PROTECT, related_name="+", verbose_name=_("workshop"))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"),
            ExclusionConstraint(
                name="no_workshop_double_booking",
                expressions=[
                    ("workshop", RangeOperators.EQUAL),
                    (TsTzRange("starts_at", "ends_at"), RangeOperators.OVERLAPS),
                ],
            ),
        ]

    def __str__(self):
        return f"{self.batch_id} {self.starts_at:%Y-%m-%d %H:%M}"


class InstructorBooking(models.Model):
    """An instructor teaching a session: one row per batch instructor × session, kept in step
    by the batch services, so PostgreSQL can refuse an instructor in two overlapping sessions."""

    session = models.ForeignKey(BatchSession, on_delete=models.CASCADE, related_name="bookings")
    instructor = models.ForeignKey(Instructor, on_delete=models.PROTECT, related_name="bookings")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()

    class Meta:
        verbose_name = _("instructor booking")
        verbose_name_plural = _("instructor bookings")
        constraints = [
            models.UniqueConstraint(fields=["session", "instructor"], name="unique_booking_per_session_instructor"),
            ExclusionConstraint(
                name="no_instructor_double_booking",
                expressions=[
                    ("instructor", RangeOperators.EQUAL),
                    (TsTzRange("starts_at", "ends_at"), RangeOperators.OVERLAPS),
                ],
            ),
        ]

    def __str__(self):
        return f"{self.instructor_id} @ {self.session_id}"
