"""Reads of providers and batches, scoped to the user.

A BLK admin sees only the batches of their own provider; everyone else sees the batches of the
providers located in their districts (a province: all of its districts; a system admin: all).
"""

from django.db.models import QuerySet
from django.http import Http404

from accounts.selectors import scope_to_user
from programs.models import Batch, Provider


def provider_queryset_visible_to(*, user) -> QuerySet[Provider]:
    if user.is_authenticated and user.is_active and user.provider_id and not user.is_system_admin:
        return Provider.objects.filter(pk=user.provider_id)
    return scope_to_user(Provider.objects.all(), user=user)


def batch_queryset_visible_to(*, user) -> QuerySet[Batch]:
    if user.is_authenticated and user.is_active and user.provider_id and not user.is_system_admin:
        return Batch.objects.filter(provider_id=user.provider_id)
    return scope_to_user(Batch.objects.all(), user=user, regency_field="provider__regency")


def batch_get_visible_or_404(*, user, pk: int) -> Batch:
    batch = (
        batch_queryset_visible_to(user=user)
        .select_related("cycle__program", "package", "provider__regency", "workshop")
        .filter(pk=pk)
        .first()
    )
    if batch is None:
        raise Http404
    return batch
