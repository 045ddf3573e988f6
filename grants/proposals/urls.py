from django.urls import path

from grants.proposals import views

urlpatterns = [
    path("proposals/", views.grant_list, name="grant-list"),
    path("approvals/", views.approval_list, name="approval-list"),
    path("schemes/<int:pk>/propose/<int:enrolment_id>/", views.grant_create, name="grant-create"),
    path("proposals/<int:pk>/", views.grant_detail, name="grant-detail"),
    path("proposals/<int:pk>/edit/", views.grant_edit, name="grant-edit"),
    path("proposals/<int:pk>/submit/", views.grant_step, {"step": "submit"}, name="grant-submit"),
    path("proposals/<int:pk>/verify/", views.grant_step, {"step": "verify"}, name="grant-verify"),
    path("proposals/<int:pk>/reject/", views.grant_step, {"step": "reject"}, name="grant-reject"),
    path("proposals/<int:pk>/cancel/", views.grant_step, {"step": "cancel"}, name="grant-cancel"),
    path("proposals/<int:pk>/return/", views.grant_step, {"step": "return"}, name="grant-return"),
    path("proposals/<int:pk>/account/", views.grant_account_view, name="grant-account"),
    path("proposals/<int:pk>/approve/", views.grant_approve_view, name="grant-approve"),
    path("proposals/<int:pk>/handover/", views.handover_view, name="grant-handover"),
    path("proposals/<int:pk>/bast.pdf", views.bast_pdf, name="grant-bast"),
    path("proposals/<int:pk>/kur/", views.kur_view, name="grant-kur"),
]
