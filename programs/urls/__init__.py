"""The programs app's pages, one module per area; each module owns its `urlpatterns`."""

from . import catalog, enrolment, quota, records, training

app_name = "programs"

urlpatterns = [
    *catalog.urlpatterns,
    *quota.urlpatterns,
    *training.urlpatterns,
    *enrolment.urlpatterns,
    *records.urlpatterns,
]
