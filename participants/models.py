from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Func
from django.utils.translation import gettext_lazy as _

from .values import REGISTRATION_NUMBER_LENGTH, registration_number_display


class ParticipantsJob(models.TextChoices):
    """The background jobs of this app (registered with core.jobs in apps.py)."""

    APPLICANT_IMPORT = "applicant_import", _("Applicant import")


class Sex(models.TextChoices):
    MALE = "L", _("Male")
    FEMALE = "P", _("Female")


class Education(models.TextChoices):
    """Highest education, in rank order (§6, docs/eligibility.md)."""

    NONE = "tidak_sekolah", _("No schooling")
    SD = "sd", _("Primary (SD/MI)")
    SMP = "smp", _("Junior secondary (SMP/MTs)")
    SMA = "sma", _("Senior secondary (SMA/SMK/MA)")
    DIPLOMA = "diploma", _("Diploma (D1–D3)")
    SARJANA = "sarjana", _("Degree (D4/S1 and above)")


class SchoolStatus(models.TextChoices):
    IN_SCHOOL = "masih_sekolah", _("Still in school")
    DROPPED_OUT = "putus_sekolah", _("Dropped out")
    FINISHED = "lulus", _("Finished, not continuing")


class Person(models.Model):
    """A resident as one district (kabupaten/kota) knows them: one record per NIK and district.

    The KTP address declared to the district decides the district (the NIK prefix does not,
    since people keep their NIK when they move). Each district keeps its own record of what
    was declared to it (name, No. KK, birth date, sex, address, desa, phone), so a district's
    staff never read or change what another district stored; a NIK in two districts is two
    records (docs/identifiers.md). Applications, enrolments and grants hang on their district's
    record."""

    nik = models.CharField(_("NIK"), max_length=16, db_index=True)
    no_kk = models.CharField(_("No. KK"), max_length=16, db_index=True)
    name = models.CharField(_("name"), max_length=255)
    birth_date = models.DateField(_("birth date"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    # KTP desa/kelurahan code (dotted); it may be absent from the current decree, so it is kept
    # as a code, with the district it belongs to as a foreign key.
    village_code = models.CharField(_("desa/kelurahan code"), max_length=13)
    regency = models.ForeignKey(
        "regions.Regency", on_delete=models.PROTECT, related_name="+", verbose_name=_("kabupaten/kota")
    )
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        indexes = [models.Index(fields=["regency", "village_code"])]
        constraints = [models.UniqueConstraint(fields=["nik", "regency"], name="one_person_per_nik_and_regency")]

    def __str__(self):
        return self.name

    @property
    def subdistrict_code(self) -> str:
        return self.village_code[:8]


class Application(models.Model):
    """A person's application to one program cycle, with the education and school status they
    declared for it."""

    class Source(models.TextChoices):
        FORM = "form", _("Registration form")
        IMPORT = "import", _("File import")

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="applications", verbose_name=_("person"))
    cycle = models.ForeignKey(
        "programs.ProgramCycle", on_delete=models.PROTECT, related_name="applications", verbose_name=_("program cycle")
    )
    # The applicant's district when applying: what quotas and scoping count.
    regency = models.ForeignKey(
        "regions.Regency", on_delete=models.PROTECT, related_name="+", verbose_name=_("kabupaten/kota")
    )
    village_code = models.CharField(_("desa/kelurahan code"), max_length=13)
    education = models.CharField(_("highest education"), max_length=20, choices=Education.choices)
    school_status = models.CharField(_("school status"), max_length=20, choices=SchoolStatus.choices)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.FORM)
    # What the applicant keeps to ask for their status on the public page: drawn by PostgreSQL
    # on every insert (migration 0004: random, not sequential, no 0/O/1/I), so the form, the
    # set-based import and any SQL insert all get one without a query of their own.
    registration_number = models.CharField(
        _("registration number"), max_length=REGISTRATION_NUMBER_LENGTH, unique=True,
        db_default=Func(function="participants_registration_number", output_field=models.CharField()),
        editable=False,
    )
    import_job = models.ForeignKey(
        "core.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("import")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("registered by"),
    )
    created_at = models.DateTimeField(_("registered"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [models.UniqueConstraint(fields=["person", "cycle"], name="unique_application_per_cycle")]
        indexes = [models.Index(fields=["cycle", "regency"])]

    def __str__(self):
        return f"{self.person} · {self.cycle_id}"

    @property
    def registration_number_display(self) -> str:
        return registration_number_display(self.registration_number)


def document_upload_to(instance, filename):
    return f"documents/{instance.application_id}/{instance.kind}-{filename}"


class Document(models.Model):
    """A supporting document of an application, stored outside the static tree and served only
    through a view that checks who may see the application."""

    class Kind(models.TextChoices):
        KTP = "ktp", _("KTP")
        KK = "kk", _("Kartu Keluarga")
        SKTM = "sktm", _("SKTM letter")
        SCHOOL_LEAVING = "school_leaving", _("Proof of leaving school")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to=document_upload_to, max_length=500)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size"))
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)

    class Meta:
        ordering = ["kind", "-uploaded_at"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return f"{self.get_kind_display()}: {self.original_name}"

    @property
    def download_name(self) -> str:
        """The uploader's file name with the extension of the type its content was checked to
        be (the stored file's): a PDF uploaded as `ktp.html` downloads as `ktp.pdf`, so no
        browser or desktop opens it as something else."""
        extension = PurePath(self.file.name).suffix.lower()
        stem = PurePath(self.original_name).stem or self.kind
        return f"{stem}{extension}"
