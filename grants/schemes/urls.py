from django.urls import path

from grants.schemes import views

urlpatterns = [
    path("", views.scheme_list, name="scheme-list"),
    path("schemes/new/", views.scheme_create, name="scheme-create"),
    path("schemes/<int:pk>/", views.scheme_detail, name="scheme-detail"),
    path("schemes/<int:pk>/edit/", views.scheme_edit, name="scheme-edit"),
    path("schemes/<int:pk>/candidates/", views.scheme_candidates_view, name="scheme-candidates"),
    path("letterhead/<str:regency_code>/", views.letterhead_edit, name="letterhead"),
]
