from django.urls import path

from grants.payments import views

urlpatterns = [
    path("schemes/<int:pk>/payments/new/", views.batch_create, name="payment-batch-create"),
    path("payments/<int:pk>/", views.batch_detail, name="payment-batch"),
    path("payments/<int:pk>/daftar-nominatif.xlsx", views.batch_file, {"kind": "xlsx"}, name="payment-batch-xlsx"),
    path("payments/<int:pk>/daftar-nominatif.csv", views.batch_file, {"kind": "csv"}, name="payment-batch-csv"),
    path("payments/<int:pk>/result/", views.batch_result, name="payment-batch-result"),
    path("payments/<int:pk>/cancel/", views.batch_cancel, name="payment-batch-cancel"),
]
