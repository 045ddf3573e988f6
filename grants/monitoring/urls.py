from django.urls import path

from grants.monitoring import views

urlpatterns = [
    path("visits/", views.visit_list, name="visit-list"),
    path("visits/assign/", views.visits_assign, name="visit-assign"),
    path("visits/<int:pk>/", views.visit_detail, name="visit-detail"),
    path("visits/photos/<int:pk>/", views.visit_photo, name="visit-photo"),
    path("survival/", views.survival, name="survival"),
    path("coaching/", views.coaching_list, name="coaching-list"),
    path("coaching/new/", views.coaching_form, name="coaching-create"),
    path("coaching/<int:pk>/", views.coaching_form, name="coaching-edit"),
    path("outcomes/<int:person_id>/", views.outcome_edit, name="outcome-edit"),
]
