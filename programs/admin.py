"""Read-only admin views of the catalog. Changes go through the staff pages or the catalog
import, which normalise the rules, keep rules_version and reallocations right, and write the
audit trail; an admin form would do none of that."""

from django.contrib import admin

from .models import (
    Batch,
    BatchSession,
    CompetencyUnit,
    CycleQuota,
    Instructor,
    InstructorCertification,
    Program,
    ProgramCycle,
    Provider,
    TrainingPackage,
    Workshop,
)


class ReadOnlyAdminMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class CycleQuotaInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = CycleQuota
    fields = ["regency", "initial_quota", "reallocated_quota"]
    readonly_fields = fields
    extra = 0


@admin.register(Program)
class ProgramAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["name", "created_at"]
    search_fields = ["name"]


@admin.register(ProgramCycle)
class ProgramCycleAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ["code", "program", "year", "registration_opens", "registration_closes", "rules_version"]
    list_filter = ["year", "program"]
    search_fields = ["code", "program__name"]
    list_select_related = ["program"]
    inlines = [CycleQuotaInline]


# --- training: read-only, like the catalog. Providers, packages and batches are changed on the
# portal's pages, whose services keep InstructorBooking in step with the sessions and write the
# audit trail; the admin is for looking things up.


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
