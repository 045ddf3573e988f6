from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("funnel/", views.funnel, name="funnel"),
    path("targets/", views.targets, name="targets"),
    path("quota/", views.quota, name="quota"),
    path("breakdowns/", views.breakdowns, name="breakdowns"),
    path("grants/", views.grants, name="grants"),
    path("people/", views.people, name="people"),
]
