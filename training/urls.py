"""The training app's pages, one module per area; each area's urls.py owns its `urlpatterns`."""

from training.courses import urls as courses
from training.enrolment import urls as enrolment
from training.reallocation import urls as reallocation
from training.records import urls as records

app_name = "training"

urlpatterns = [
    *reallocation.urlpatterns,
    *courses.urlpatterns,
    *enrolment.urlpatterns,
    *records.urlpatterns,
]
