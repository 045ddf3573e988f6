from django.urls import path

from training.enrolment import views

urlpatterns = [
    path("waiting-list/", views.waiting_list_view, name="waiting-list"),
    path("enrolments/new/", views.enrolment_create_view, name="enrolment-create"),
    path("enrolments/<int:pk>/withdraw/", views.enrolment_withdraw_view, name="enrolment-withdraw"),
]
