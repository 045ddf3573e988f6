"""Row scoping: what part of the country a user may see.

Every selector that returns personal data narrows its queryset with `scope_to_user`;
views never filter by district themselves.
"""

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from .models import ApiToken, User, api_token_hash


def regency_codes_visible_to(*, user: User) -> list[str] | None:
    """The kabupaten/kota codes the user may see, or None for every one (system admins)."""
    if not user.is_authenticated or not user.is_active:
        return []
    if user.is_system_admin:
        return None
    if user.regency_id:
        return [user.regency_id]
    if user.province_id:
        from regions.models import Regency

        return list(Regency.objects.filter(province_id=user.province_id).values_list("code", flat=True))
    return []


def scope_to_user(queryset: QuerySet, *, user: User, regency_field: str = "regency") -> QuerySet:
    """Narrow any queryset to the user's districts through `regency_field`, a lookup path to a
    Regency foreign key (e.g. "person__regency"), or "" when the queryset is of Regency itself."""
    if not user.is_authenticated or not user.is_active:
        return queryset.none()
    if user.is_system_admin:
        return queryset
    prefix = f"{regency_field}__" if regency_field else ""
    if user.regency_id:
        return queryset.filter(**{f"{prefix}code": user.regency_id})
    if user.province_id:
        return queryset.filter(**{f"{prefix}province_id": user.province_id})
    return queryset.none()


def first_or_404(queryset: QuerySet, **lookup):
    """The first row of `queryset` matching `lookup`, or Http404. For querysets that are already
    narrowed to what the user may see (or that hold no personal data): a row outside them
    answers 404 like a row that does not exist."""
    obj = queryset.filter(**lookup).first()
    if obj is None:
        raise Http404
    return obj


def get_visible_or_404(queryset: QuerySet, *, user: User, regency_field: str = "regency", **lookup):
    """Fetch one row the user may see. A row of another district answers 404, like a row that
    does not exist, so that its existence is not confirmed."""
    return first_or_404(scope_to_user(queryset, user=user, regency_field=regency_field), **lookup)


def user_may_see_regency(*, user: User, regency_code: str) -> bool:
    codes = regency_codes_visible_to(user=user)
    return codes is None or regency_code in codes




def api_tokens_of(*, user: User) -> QuerySet:
    """The user's own API tokens, newest first (revoked and expired ones too)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def api_token_of_user_or_404(*, user: User, token_id: int) -> ApiToken:
    token = api_tokens_of(user=user).filter(pk=token_id).select_related("user").first()
    if token is None:
        raise Http404
    return token


def api_token_for_key(*, key: str) -> ApiToken | None:
    """The usable token of this key (not revoked, not expired, of an active user), or None."""
    return (
        ApiToken.objects.select_related("user", "user__regency", "user__province")
        .filter(key_hash=api_token_hash(key), revoked_at__isnull=True, expires_at__gt=timezone.now(),
                user__is_active=True)
        .first()
    )
