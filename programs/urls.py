from django.urls import path

from programs import views

app_name = "programs"


urlpatterns = [
    path("", views.program_list, name="program-list"),
    path("new/", views.cycle_create, name="cycle-create"),
    path("import/", views.catalog_import, name="catalog-import"),
    path("targets/", views.target_list, name="target-list"),
    path("cycles/<str:code>/", views.cycle_detail, name="cycle-detail"),
    path("cycles/<str:code>/edit/", views.cycle_edit, name="cycle-edit"),
]
