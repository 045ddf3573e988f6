from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyModelAdmin

from .actions import action_label
from .models import AuditEvent


class ActionFilter(admin.SimpleListFilter):
    """The actions by label, not by code."""

    title = _("action")
    parameter_name = "action"

    def lookups(self, request, model_admin):
        present = model_admin.get_queryset(request).order_by().values_list("action", flat=True).distinct()
        return sorted(((code, action_label(code)) for code in present), key=lambda pair: pair[1])

    def queryset(self, request, queryset):
        return queryset.filter(action=self.value()) if self.value() else queryset


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyModelAdmin):
    list_display = ["created_at", "actor_username", "action_display", "target_repr", "regency_code"]
    list_filter = [ActionFilter, "target_type", "regency_code", "created_at"]
    search_fields = ["actor_username", "action", "target_repr", "target_id"]
    date_hierarchy = "created_at"
    list_select_related = ["target_type"]
    readonly_fields = [f.name for f in AuditEvent._meta.fields]

    @admin.display(description=_("action"), ordering="action")
    def action_display(self, event):
        return format_html('<span title="{}">{}</span>', event.action, action_label(event.action))

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and (
            request.user.is_superuser or request.user.has_perm("accounts.view_audit")
        )

