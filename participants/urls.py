from django.urls import path

from . import views

app_name = "participants"

urlpatterns = [
    path("", views.application_list, name="application-list"),
    path("import/", views.applicant_import, name="applicant-import"),
    path("import/template.csv", views.applicant_template, name="applicant-template"),
    path("register/", views.register, name="register"),
    path("register/nik-check/", views.nik_check, name="nik-check"),
    path("persons/<int:person_id>/", views.person_detail, name="person-detail"),
    path("applications/<int:application_id>/documents/", views.application_documents, name="application-documents"),
    path("documents/<int:document_id>/download/", views.document_download, name="document-download"),
]
