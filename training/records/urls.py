"""Training records of a batch: attendance, results, printable PDFs (training/records/views.py)."""

from django.urls import path

from training.records import views as records

urlpatterns = [
    path("batches/<int:pk>/sessions/<int:session_pk>/attendance/", records.attendance, name="attendance"),
    path("batches/<int:pk>/attendance/", records.attendance_overview, name="attendance-overview"),
    path("batches/<int:pk>/attendance/sheet.pdf", records.attendance_sheet_pdf, name="attendance-sheet-pdf"),
    path("batches/<int:pk>/results/", records.results, name="results"),
    path("results/import/", records.results_import, name="results-import"),
    path("results/import/template.csv", records.results_import_template, name="results-import-template"),
    path("batches/<int:pk>/results/certificates.pdf", records.certificate_list_pdf, name="certificate-list-pdf"),
]
