from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import User
from .services import user_update_from_admin


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ["username", "get_full_name", "role", "regency", "province", "provider", "is_active"]
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

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        before = None
        if change:
            before = {
                key: form.initial.get(key)
                for key in ("username", "role", "regency", "province", "provider", "is_active")
            }
        user_update_from_admin(user=form.instance, before=before, by=request.user)
