from django.urls import include, path, re_path

from . import applications, cycles, grants, indicators, snapshots, training, views

app_name = "api"

v1 = [
    path("me/", views.me, name="me"),
    path("cycles/", cycles.CycleList.as_view(), name="cycle-list"),
    path("cycles/<str:code>/", cycles.CycleDetail.as_view(), name="cycle-detail"),
    path("applications/", applications.ApplicationListRegister.as_view(), name="application-list"),
    path("applications/<int:application_id>/", applications.ApplicationDetail.as_view(), name="application-detail"),
    path("applications/<int:application_id>/decision/", applications.ApplicationDecide.as_view(),
         name="application-decide"),
    path("dtks-snapshots/", snapshots.SnapshotList.as_view(), name="dtks-snapshot-list"),
    path("indicators/", indicators.Indicators.as_view(), name="indicators"),
    # Training records and grants (api/training.py, api/grants.py).
    path("batches/", training.BatchList.as_view(), name="batch-list"),
    path("batches/<int:batch_id>/", training.BatchDetail.as_view(), name="batch-detail"),
    path("batches/<int:batch_id>/attendance/", training.BatchAttendance.as_view(), name="batch-attendance"),
    path("batches/<int:batch_id>/sessions/<int:session_id>/attendance/", training.SessionAttendance.as_view(),
         name="session-attendance"),
    path("enrolments/", training.EnrolmentList.as_view(), name="enrolment-list"),
    path("enrolments/<int:enrolment_id>/", training.EnrolmentDetail.as_view(), name="enrolment-detail"),
    path("enrolments/<int:enrolment_id>/result/", training.EnrolmentResult.as_view(), name="enrolment-result"),
    path("training-results/", training.TrainingResultsImport.as_view(), name="training-results-import"),
    path("grants/", grants.GrantList.as_view(), name="grant-list"),
    path("grants/<int:grant_id>/", grants.GrantDetail.as_view(), name="grant-detail"),
    path("monitoring-visits/", grants.VisitList.as_view(), name="visit-list"),
    path("monitoring-visits/<int:visit_id>/", grants.VisitDetail.as_view(), name="visit-detail"),
]

urlpatterns = [
    path("v1/", include(v1)),
    path("schema/", views.schema, name="schema"),
    path("docs/", views.docs, name="docs"),
    # Any other address under /api/ answers the API's JSON 404, not the portal's page.
    re_path(r"^", views.not_found),
]
