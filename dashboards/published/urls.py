from django.urls import path

from . import views

urlpatterns = [
    path("published/", views.published_list, name="published-list"),
    path("published/publish/", views.published_create, name="published-create"),
    path("published/<int:pk>/", views.published_detail, name="published-detail"),
    path("published/<int:pk>/changes/", views.published_changes, name="published-changes"),
    path("published/<int:pk>/figures.xlsx", views.published_xlsx, name="published-xlsx"),
    path("published/<int:pk>/report.pdf", views.published_pdf, name="published-pdf"),
]
