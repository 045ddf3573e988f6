from django.contrib import admin


class ReadOnlyModelAdmin(admin.ModelAdmin):
    """An admin that lists and shows rows but never adds, edits or deletes them there (the audit
    trail, counted login failures, API tokens: what changes them is an audited service, run from
    an admin action or a page)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
