from django.urls import path

from dashboards.exports.urls import urlpatterns as export_urlpatterns
from dashboards.published.urls import urlpatterns as published_urlpatterns

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

# The official figures and the exports (the Excel workbooks, the PDF report).
urlpatterns += published_urlpatterns + export_urlpatterns
