from django.urls import path

from . import views

urlpatterns = [
    path("export/all.xlsx", views.all_tables_xlsx, name="export-all"),
    path("export/<slug:key>.xlsx", views.table_xlsx, name="export-table"),
    path("report/<str:code>.pdf", views.district_report, name="report-pdf"),
]
