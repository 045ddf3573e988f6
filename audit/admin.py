from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor_username", "action", "target_repr", "regency_code"]
    list_filter = ["action", "target_type", "regency_code", "created_at"]
    search_fields = ["actor_username", "action", "target_repr", "target_id"]
    date_hierarchy = "created_at"
    list_select_related = ["target_type"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and (
            request.user.is_superuser or request.user.has_perm("accounts.view_audit")
        )
