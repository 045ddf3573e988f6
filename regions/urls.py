from django.urls import path

from . import views

app_name = "regions"

urlpatterns = [
    path("subdistricts/", views.subdistrict_options, name="subdistrict-options"),
    path("villages/", views.village_options, name="village-options"),
]
