from django.urls import include, path, re_path

from . import applications, cycles, indicators, snapshots, views

app_name = "api"

v1 = [
    path("me/", views.me, name="me"),
    path("cycles/", cycles.CycleList.as_view(), name="cycle-list"),
    path("cycles/<str:code>/", cycles.CycleDetail.as_view(), name="cycle-detail"),
    path("applications/", applications.ApplicationListRegister.as_view(), name="application-list"),
    path("applications/<int:application_id>/", applications.ApplicationDetail.as_view(), name="application-detail"),
    path("applications/<int:application_id>/decision/", applications.ApplicationDecide.as_view(),
         name="application-decide"),
    path("dtks-snapshots/", snapshots.SnapshotList.as_view(), name="dtks-snapshot-list"),
    path("indicators/", indicators.Indicators.as_view(), name="indicators"),
]

urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", views.schema, name="schema"),
    path("docs/", views.docs, name="docs"),
    # Any other address under /api/ answers the API's JSON 404, not the portal's page.
    re_path(r"^", views.not_found),
]
