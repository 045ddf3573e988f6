"""The grants app's models, one module per area (schemes, proposals, payments, monitoring,
villages); Django loads them from here."""

from grants.monitoring.models import (
    BusinessStatus,
    CoachingSession,
    GraduateOutcome,
    MonitoringVisit,
    VisitAssetCheck,
    VisitPhoto,
)
from grants.payments.models import Payment, PaymentBatch
from grants.proposals.models import Grant, GrantItem, Handover, KurReferral
from grants.schemes.models import GrantScheme, SchemeItem
from grants.villages.models import VillageNeed, VillageNeedLine

__all__ = [
    "BusinessStatus",
    "CoachingSession",
    "GraduateOutcome",
    "Grant",
    "GrantItem",
    "GrantScheme",
    "Handover",
    "KurReferral",
    "MonitoringVisit",
    "Payment",
    "PaymentBatch",
    "SchemeItem",
    "VillageNeed",
    "VillageNeedLine",
    "VisitAssetCheck",
    "VisitPhoto",
]
