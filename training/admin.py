"""Read-only admin views of training. Providers, packages and batches are changed on the
portal's pages, whose services keep InstructorBooking in step with the sessions and write the
audit trail; the admin is for looking things up."""

from django.contrib import admin

from programs.admin import ReadOnlyAdminMixin

from .models import (
    Batch,
    BatchSession,
    CompetencyUnit,
    ImportedTraining,
    Instructor,
    InstructorCertification,
    Provider,
    TrainingPackage,
    Workshop,
)


class WorkshopInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Workshop
    fields = ["name", "capacity"]
    readonly_fields = fields
    extra = 0


@admin.register(Provider)
class ProviderAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "kind", "regency", "contact_name", "phone"]
    list_filter = ["kind"]
    search_fields = ["name", "regency__name"]
    list_select_related = ["regency"]
    inlines = [WorkshopInline]


class CertificationInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = InstructorCertification
    fields = ["scheme", "number", "issuer", "expires_on"]
    readonly_fields = fields
    extra = 0


@admin.register(Instructor)
class InstructorAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "provider", "phone", "email"]
    search_fields = ["name", "provider__name"]
    list_select_related = ["provider"]
    inlines = [CertificationInline]


class CompetencyUnitInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = CompetencyUnit
    fields = ["code", "title"]
    readonly_fields = fields
    extra = 0


@admin.register(TrainingPackage)
class TrainingPackageAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["code", "name", "vocation", "competency_based", "hours", "class_size"]
    list_filter = ["competency_based", "vocation"]
    search_fields = ["code", "name", "vocation"]
    inlines = [CompetencyUnitInline]


class BatchSessionInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = BatchSession
    fields = ["starts_at", "ends_at", "workshop"]
    readonly_fields = fields
    extra = 0


@admin.register(Batch)
class BatchAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "cycle", "package", "provider", "workshop", "start_date", "end_date", "capacity"]
    list_filter = ["cycle", "provider"]
    search_fields = ["name", "provider__name", "package__name"]
    list_select_related = ["cycle__program", "package", "provider", "workshop__provider"]
    inlines = [BatchSessionInline]


@admin.register(ImportedTraining)
class ImportedTrainingAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["person", "cycle", "provider", "vocation", "result", "competent", "certificate_number", "regency",
                    "file_name", "line"]
    list_filter = ["cycle", "result", "regency"]
    search_fields = ["person__nik", "person__name", "provider__name", "certificate_number"]
    list_select_related = ["person", "cycle__program", "provider", "regency"]
