from django.urls import path

from . import views

app_name = "verification"

urlpatterns = [
    path("cycles/", views.cycle_list, name="cycle-list"),
    path("cycles/<str:code>/", views.cycle_detail, name="cycle-detail"),
    path("cycles/<str:code>/run/", views.cycle_run, name="cycle-run"),
    path("cycles/<str:code>/figures/", views.cycle_figures, name="cycle-figures"),
    path("cycles/<str:code>/export.csv", views.cycle_export, name="cycle-export"),
    path("cycles/<str:code>/applications/", views.application_list, name="application-list"),
    path("applications/<int:application_id>/", views.application_detail, name="application-detail"),
    path("applications/<int:application_id>/decide/", views.application_decide_view, name="application-decide"),
    path("snapshots/", views.snapshot_list, name="snapshot-list"),
    path("snapshots/upload/", views.snapshot_upload, name="snapshot-upload"),
    path("snapshots/<int:snapshot_id>/delete/", views.snapshot_delete, name="snapshot-delete"),
]
