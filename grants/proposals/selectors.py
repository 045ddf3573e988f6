"""Reads of proposals and grants, always narrowed to the user's districts."""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from accounts.selectors import get_visible_or_404, scope_to_user
from grants.models import Grant, GrantItem, GrantScheme, MonitoringVisit, Payment
from training.models import Enrolment

GRANT_LIST_RELATED = ("person", "scheme", "village__subdistrict", "proposed_by")


def grant_list_visible_to(*, user, scheme: GrantScheme | None = None, status: str = "",
                          search: str = "") -> QuerySet[Grant]:
    """Proposals and grants of the user's districts, newest first; narrowed by scheme, status
    and a name or NIK search."""
    grants = scope_to_user(Grant.objects.select_related(*GRANT_LIST_RELATED), user=user)
    if scheme is not None:
        grants = grants.filter(scheme=scheme)
    if status:
        grants = grants.filter(status=status)
    search = (search or "").strip()
    if search:
        compact = search.replace(" ", "").replace(".", "").replace("-", "")
        grants = grants.filter(person__nik__startswith=compact) if compact.isdigit() else grants.filter(
            person__name__icontains=search)
    return grants.order_by("-created_at", "-id")


def grant_get_visible(*, user, pk: int) -> Grant:
    """One grant the user may see, with what its page shows; 404 for another district's."""
    return get_visible_or_404(
        Grant.objects.select_related(
            "person", "scheme__cycle", "scheme__regency", "enrolment__batch__provider", "enrolment__batch__package",
            "village__subdistrict", "officer", "proposed_by", "submitted_by", "verified_by", "approved_by",
            "second_approved_by", "rejected_by", "closed_by",
        ).prefetch_related(
            Prefetch("items", queryset=GrantItem.objects.order_by("position", "pk")),
            Prefetch("payments", queryset=Payment.objects.select_related("batch").order_by("-batch__created_at")),
            Prefetch("visits", queryset=MonitoringVisit.objects.select_related("officer").order_by("months_after")),
        ),
        user=user, pk=pk,
    )


def handover_of(grant: Grant):
    return getattr(grant, "handover", None) if _has(grant, "handover") else None


def kur_referral_of(grant: Grant):
    return getattr(grant, "kur_referral", None) if _has(grant, "kur_referral") else None


def _has(obj, name) -> bool:
    from django.core.exceptions import ObjectDoesNotExist

    try:
        getattr(obj, name)
    except ObjectDoesNotExist:
        return False
    return True


def scheme_candidates(*, scheme: GrantScheme, search: str = "") -> QuerySet[Enrolment]:
    """Training records that qualify for the scheme (completed, of its cycles and district,
    competent when required) and whose graduate holds no grant of it yet."""
    cycles = list(scheme.eligible_cycles.values_list("pk", flat=True)) or [scheme.cycle_id]
    enrolments = Enrolment.objects.filter(
        status=Enrolment.Status.COMPLETED, cycle_id__in=cycles, regency_id=scheme.regency_id
    )
    if scheme.require_competent:
        enrolments = enrolments.filter(assessment=Enrolment.Assessment.COMPETENT)
    held = Grant.objects.filter(scheme=scheme, person_id=OuterRef("application__person_id")).exclude(
        status__in=Grant.ENDED_UNGIVEN)
    enrolments = enrolments.exclude(Exists(held))
    search = (search or "").strip()
    if search:
        enrolments = enrolments.filter(Q(application__person__name__icontains=search)
                                       | Q(application__person__nik__startswith=search.replace(" ", "")))
    return enrolments.select_related("application__person", "batch__package", "batch__provider").order_by(
        "application__person__name", "pk")


def enrolment_for_proposal(*, scheme: GrantScheme, enrolment_id: int) -> Enrolment:
    """A training record of the scheme's district (404 otherwise; qualification is checked by
    the service, which says why in words)."""
    from django.http import Http404

    enrolment = (Enrolment.objects.select_related("application__person", "batch__package", "batch__provider")
                 .filter(pk=enrolment_id, regency_id=scheme.regency_id).first())
    if enrolment is None:
        raise Http404
    return enrolment


def approvals_waiting(*, user) -> QuerySet[Grant]:
    """Verified proposals (and those waiting for a second approval) of the user's districts that
    the user may decide: not their own, not one they checked before."""
    grants = scope_to_user(Grant.objects.select_related(*GRANT_LIST_RELATED, "approved_by"), user=user).filter(
        status__in=[Grant.Status.VERIFIED, Grant.Status.FIRST_APPROVED]
    )
    grants = grants.exclude(proposed_by=user).exclude(submitted_by=user).exclude(verified_by=user).exclude(
        approved_by=user)
    return grants.order_by("verified_at", "pk")


def person_grants(*, user, person) -> list[Grant]:
    return list(
        scope_to_user(Grant.objects.filter(person=person).select_related("scheme"), user=user).order_by("-created_at")
    )


def person_grants_context(*, user, person) -> dict:
    """The person page's grants panel (registered in grants/apps.py): the person's grants in the
    user's districts and their outcome. Nothing for a user without the grants capabilities.
    Two queries."""
    from grants.access import may_view
    from grants.models import GraduateOutcome

    if not may_view(user):
        return {"grants_visible": False}
    return {
        "grants_visible": True,
        "person": person,
        "grants": person_grants(user=user, person=person),
        "outcome": GraduateOutcome.objects.select_related("confirmed_by").filter(person=person).first(),
        "may_manage": user.has_perm("accounts.manage_grants"),
    }
