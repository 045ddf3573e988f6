"""Read-only admin views of the catalog. Changes go through the staff pages or the catalog
import, which normalise the rules, keep rules_version and reallocations right, and write the
audit trail; an admin form would do none of that."""

from django.contrib import admin

from .models import CycleQuota, DistrictTarget, Program, ProgramCycle


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


@admin.register(DistrictTarget)
class DistrictTargetAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Targets are set on the targets page or imported, both audited; here they are looked up."""

    list_display = ["year", "regency", "target", "updated_by", "updated_at"]
    list_filter = ["year"]
    search_fields = ["regency__code", "regency__name"]
    list_select_related = ["regency", "updated_by"]
