from django.contrib import admin

from accounts.selectors import scope_to_user

from .models import Application, Document, Person


class ScopedAdmin(admin.ModelAdmin):
    """Admin lists narrowed like the portal's pages (system admins see every district)."""

    regency_field = "regency"

    def get_queryset(self, request):
        return scope_to_user(super().get_queryset(request), user=request.user, regency_field=self.regency_field)


@admin.register(Person)
class PersonAdmin(ScopedAdmin):
    list_display = ["name", "nik", "birth_date", "sex", "regency", "village_code"]
    list_filter = ["regency"]
    search_fields = ["name", "=nik", "=no_kk"]
    list_select_related = ["regency"]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(Application)
class ApplicationAdmin(ScopedAdmin):
    list_display = ["person", "cycle", "regency", "education", "school_status", "source", "created_at"]
    list_filter = ["cycle", "source", "regency"]
    search_fields = ["person__name", "=person__nik"]
    list_select_related = ["person", "cycle", "regency"]
    raw_id_fields = ["person", "import_job", "created_by"]
    readonly_fields = ["created_at"]


@admin.register(Document)
class DocumentAdmin(ScopedAdmin):
    regency_field = "application__regency"
    list_display = ["application", "kind", "original_name", "content_type", "size", "uploaded_at"]
    list_filter = ["kind"]
    raw_id_fields = ["application", "uploaded_by"]
    readonly_fields = ["uploaded_at", "content_type", "size"]
