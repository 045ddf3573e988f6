"""The grants app's pages, one module per area; each area's urls.py owns its `urlpatterns`."""

from grants.monitoring import urls as monitoring
from grants.payments import urls as payments
from grants.proposals import urls as proposals
from grants.schemes import urls as schemes
from grants.villages import urls as villages

app_name = "grants"

urlpatterns = [
    *schemes.urlpatterns,
    *proposals.urlpatterns,
    *payments.urlpatterns,
    *monitoring.urlpatterns,
    *villages.urlpatterns,
]
