from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin import ReadOnlyModelAdmin

from .models import ApiToken, User
from .services import api_token_revoke, login_unlock, user_update_from_admin


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "full_name", "role", "regency", "province", "provider", "is_active"]
    list_filter = ["role", "is_active", "province", "regency"]
    list_select_related = ["regency", "province", "provider"]
    # provider: the training provider a BLK admin works for (they see only its batches).
    autocomplete_fields = ["regency", "province", "provider"]
    fieldsets = DjangoUserAdmin.fieldsets + (
        (_("Portal role"), {"fields": ["role", "regency", "province", "provider"]}),
    )
    add_fieldsets = DjangoUserAdmin.add_fieldsets + (
        (_("Portal role"), {"fields": ["role", "regency", "province", "provider"]}),
    )

    @admin.display(description=_("full name"), ordering="first_name")
    def full_name(self, user):
        return user.get_full_name()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        before = None
        if change:
            before = {
                key: form.initial.get(key)
                for key in ("username", "role", "regency", "province", "provider", "is_active")
            }
        user_update_from_admin(user=form.instance, before=before, by=request.user)


@admin.register(AccessAttempt)
class LoginAttemptAdmin(ReadOnlyModelAdmin):
    """Failed logins counted by django-axes. Rows are never edited or deleted here: unlocking
    goes through login_unlock, which is audited."""

    list_display = ["attempt_time", "username", "ip_address", "failures_since_start", "locked_out"]
    list_filter = ["attempt_time"]
    search_fields = ["username", "ip_address"]
    ordering = ["-attempt_time"]
    fields = ["username", "ip_address", "user_agent", "path_info", "failures_since_start", "attempt_time"]
    readonly_fields = fields
    actions = ["unlock"]

    @admin.display(boolean=True, description=_("locked out"))
    def locked_out(self, attempt):
        return attempt.failures_since_start >= settings.AXES_FAILURE_LIMIT

    @admin.action(description=_("Unlock the selected user names and addresses"), permissions=["view"])
    def unlock(self, request, queryset):
        pairs = set(queryset.values_list("username", "ip_address"))
        for username, ip_address in sorted(pairs, key=lambda pair: (pair[0] or "", pair[1] or "")):
            login_unlock(by=request.user, username=username or "", ip_address=ip_address or "")
        self.message_user(
            request, gettext("%(count)s lockouts lifted.") % {"count": len(pairs)}, messages.SUCCESS
        )


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyModelAdmin):
    """API tokens of every user. The key is never shown (only its hash is kept); tokens are made
    by their user on "My account" or with `manage.py create_api_token`, and revoked here through
    the audited service."""

    list_display = ["prefix", "name", "user", "created_at", "expires_at", "last_used_at", "revoked_at"]
    list_filter = ["created_at", "expires_at", "revoked_at"]
    list_select_related = ["user"]
    search_fields = ["prefix", "name", "user__username"]
    fields = ["user", "name", "prefix", "created_at", "expires_at", "last_used_at", "revoked_at"]
    readonly_fields = fields
    actions = ["revoke"]

    @admin.action(description=_("Revoke the selected tokens"), permissions=["view"])
    def revoke(self, request, queryset):
        tokens = list(queryset.filter(revoked_at__isnull=True))
        for token in tokens:
            api_token_revoke(token=token, by=request.user)
        self.message_user(
            request, gettext("%(count)s tokens revoked.") % {"count": len(tokens)}, messages.SUCCESS
        )
