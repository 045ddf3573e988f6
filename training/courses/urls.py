from django.urls import path

from training.courses import views

urlpatterns = [
    path("providers/", views.provider_list, name="provider-list"),
    path("providers/new/", views.provider_create, name="provider-create"),
    path("providers/<int:pk>/", views.provider_detail, name="provider-detail"),
    path("providers/<int:pk>/edit/", views.provider_edit, name="provider-edit"),
    path("providers/<int:pk>/calendar/", views.provider_calendar, name="provider-calendar"),
    path("providers/<int:pk>/workshops/new/", views.workshop_create, name="workshop-create"),
    path("providers/<int:pk>/instructors/new/", views.instructor_create, name="instructor-create"),
    path("providers/<int:pk>/batches/new/", views.batch_create, name="batch-create"),
    path("workshops/<int:pk>/edit/", views.workshop_edit, name="workshop-edit"),
    path("instructors/", views.instructor_list, name="instructor-list"),
    path("instructors/<int:pk>/", views.instructor_detail, name="instructor-detail"),
    path("instructors/<int:pk>/edit/", views.instructor_edit, name="instructor-edit"),
    path("instructors/<int:pk>/calendar/", views.instructor_calendar, name="instructor-calendar"),
    path("instructors/<int:pk>/certifications/new/", views.certification_create, name="certification-create"),
    path("certifications/<int:pk>/edit/", views.certification_edit, name="certification-edit"),
    path("certifications/<int:pk>/delete/", views.certification_remove, name="certification-delete"),
    path("packages/", views.package_list, name="package-list"),
    path("packages/new/", views.package_create, name="package-create"),
    path("packages/<int:pk>/", views.package_detail, name="package-detail"),
    path("packages/<int:pk>/edit/", views.package_edit, name="package-edit"),
    path("batches/", views.batch_list, name="batch-list"),
    path("batches/new/", views.batch_create_own, name="batch-create-own"),
    path("batches/<int:pk>/", views.batch_detail, name="batch-detail"),
    path("batches/<int:pk>/edit/", views.batch_edit, name="batch-edit"),
]
