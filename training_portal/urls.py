from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from core.views import healthz

admin.site.site_header = "Portal Pelatihan Keterampilan"
admin.site.site_title = "Portal Pelatihan"

urlpatterns = [
    path("", include("core.urls")),
    path("accounts/", include("accounts.urls")),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    path("healthz", healthz, name="healthz"),
    path("regions/", include("regions.urls")),
    path("programs/", include("programs.urls")),
    path("participants/", include("participants.urls")),
    path("verification/", include("verification.urls")),
    path("training/", include("training.urls")),
    path("grants/", include("grants.urls")),
    path("dashboards/", include("dashboards.urls")),
    path("p/", include("public.urls")),
    path("api/", include("api.urls")),
    path("admin/", admin.site.urls),
]

handler400 = "core.errors.bad_request"
handler404 = "core.errors.page_not_found"
handler500 = "core.errors.server_error"
