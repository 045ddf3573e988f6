from django.urls import path

from . import views

app_name = "public"

urlpatterns = [
    path("", views.catalog, name="catalog"),
    path("program/<str:code>/", views.cycle_detail, name="cycle-detail"),
    path("program/<str:code>/poster.pdf", views.cycle_poster, name="cycle-poster"),
    path("cek/", views.precheck, name="precheck"),
    path("status/", views.status, name="status"),
]
