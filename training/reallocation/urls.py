from django.urls import path

from training.reallocation import views

urlpatterns = [
    path("quotas/", views.quota_overview, name="quota-overview"),
    path("cycles/<str:code>/reallocation/", views.reallocation, name="reallocation"),
    path("cycles/<str:code>/reallocation/propose/", views.reallocation_propose_view, name="reallocation-propose"),
    path(
        "cycles/<str:code>/reallocation/<int:proposal_id>/decide/",
        views.reallocation_decide,
        name="reallocation-decide",
    ),
    path("cycles/<str:code>/quota-ledger/", views.quota_ledger, name="quota-ledger"),
    path("cycles/<str:code>/initial-allocation/", views.initial_allocation, name="initial-allocation"),
]
