from django.urls import path

from grants.villages import views

urlpatterns = [
    path("village-needs/", views.need_list, name="village-need-list"),
    path("village-needs/new/", views.need_form, name="village-need-create"),
    path("village-needs/<int:pk>/", views.need_form, name="village-need-edit"),
    path("village-needs/summary/", views.need_summary, name="village-need-summary"),
    path("village-needs/summary/cycle/", views.need_create_cycle, name="village-need-cycle"),
    path("village-needs/summary/batch/", views.need_link_batch, name="village-need-batch"),
]
