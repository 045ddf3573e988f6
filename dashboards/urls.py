from django.urls import path  # noqa: F401

from dashboards.exports.urls import urlpatterns as export_urlpatterns
from dashboards.published.urls import urlpatterns as published_urlpatterns

app_name = "dashboards"

urlpatterns = []

# The official figures and the exports (the Excel workbooks, the PDF report).
urlpatterns += published_urlpatterns + export_urlpatterns
