import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.errors import PortalError

from .models import ApiToken, User, api_token_hash
from .roles import ROLE_GROUP_NAMES, Role


def _user_snapshot(user: User) -> dict:
    return {
        "username": user.username,
        "role": user.role,
        "regency": user.regency_id,
        "province": user.province_id,
        "provider": user.provider_id,
        "is_active": user.is_active,
    }


def user_sync_role_group(*, user: User) -> None:
    """Put the user in exactly the group of their role."""
    role_groups = Group.objects.filter(name__in=ROLE_GROUP_NAMES.values())
    user.groups.remove(*role_groups.exclude(name=ROLE_GROUP_NAMES.get(user.role)))
    if user.role in ROLE_GROUP_NAMES:
        user.groups.add(Group.objects.get(name=ROLE_GROUP_NAMES[user.role]))


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    role: str,
    regency=None,
    province=None,
    first_name: str = "",
    last_name: str = "",
    email: str = "",
    created_by: User | None = None,
) -> User:
    user = User(
        username=username,
        role=role,
        regency=regency,
        province=province,
        first_name=first_name,
        last_name=last_name,
        email=email,
        is_staff=role == Role.SYSTEM_ADMIN,
        is_superuser=role == Role.SYSTEM_ADMIN,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    user_sync_role_group(user=user)
    audit_record(actor=created_by, action="user.create", target=user, after=_user_snapshot(user),
                 regency_code=user.regency_id or "")
    return user


@transaction.atomic
def user_update_from_admin(*, user: User, before: dict | None, by: User) -> User:
    """Called after the admin saved a user: align the role group and record the change."""
    user_sync_role_group(user=user)
    audit_record(actor=by, action="user.change", target=user, before=before, after=_user_snapshot(user),
                 regency_code=user.regency_id or "")
    return user


def user_snapshot(user: User) -> dict:
    return _user_snapshot(user)


# --- the login lockout (django-axes, accounts.throttling) ----------------------------------------


@transaction.atomic
def login_lockout_record(*, username: str, ip_address: str) -> None:
    """Audit a lockout: the user name tried (an account of that name, if any, is the target)
    and the address the failures came from."""
    user = User.objects.filter(username=username).first() if username else None
    audit_record(
        actor=None, action="login.lockout", target=user, after={"username": username, "ip_address": ip_address},
        regency_code=(user.regency_id or "") if user else "",
    )


@transaction.atomic
def login_unlock(*, by, username: str = "", ip_address: str = "") -> int:
    """Lift the lockout of a user name, of an address, or of both (every failed attempt of
    either is forgotten), before the cool-down ends; audited. Returns the attempts removed."""
    from axes.utils import reset

    username, ip_address = (username or "").strip(), (ip_address or "").strip()
    if not username and not ip_address:
        raise PortalError(_("Name a user name or an address to unlock."))
    removed = reset(ip=ip_address or None, username=username or None, ip_or_username=bool(username and ip_address))
    user = User.objects.filter(username=username).first() if username else None
    audit_record(
        actor=by, action="login.unlock", target=user,
        after={"username": username, "ip_address": ip_address, "attempts_removed": removed},
        regency_code=(user.regency_id or "") if user else "",
    )
    return removed


# --- API tokens (the REST API's Authorization: Token <key>) ------------------------------------

API_TOKEN_PREFIX_LENGTH = 8


@dataclass(frozen=True)
class NewApiToken:
    """A token just made, with its key: the only time the key is known."""

    token: ApiToken
    key: str


def _api_token_snapshot(token: ApiToken) -> dict:
    return {
        "user": token.user.get_username(),
        "name": token.name,
        "prefix": token.prefix,
        "expires_at": token.expires_at.isoformat(),
        "revoked_at": token.revoked_at.isoformat() if token.revoked_at else None,
    }


@transaction.atomic
def api_token_create(*, user: User, name: str, days: int, by: User | None = None) -> NewApiToken:
    """Make a token for `user`, valid for `days` days; returns its key, which is never kept
    (only its sha256 is). `by` is who made it (the user themself, or None from the command line)."""
    name = (name or "").strip()
    if not user.is_active:
        raise PortalError(_("An inactive user cannot have an API token."))
    if not name:
        raise PortalError(_("Name the token, e.g. the system that will use it."))
    if not 1 <= days <= settings.API_TOKEN_MAX_DAYS:
        raise PortalError(
            _("A token is valid for 1 to %(max)s days.") % {"max": settings.API_TOKEN_MAX_DAYS}
        )
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        key_hash=api_token_hash(key),
        prefix=key[:API_TOKEN_PREFIX_LENGTH],
        expires_at=timezone.now() + timedelta(days=days),
    )
    audit_record(actor=by, action="api_token.create", target=token, after=_api_token_snapshot(token),
                 regency_code=user.regency_id or "")
    return NewApiToken(token=token, key=key)


@transaction.atomic
def api_token_revoke(*, token: ApiToken, by: User | None) -> ApiToken:
    """Stop a token from working from now on; revoking it again changes nothing."""
    token = ApiToken.objects.select_for_update().select_related("user").get(pk=token.pk)
    if token.revoked_at is not None:
        return token
    before = _api_token_snapshot(token)
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
    audit_record(actor=by, action="api_token.revoke", target=token, before=before,
                 after=_api_token_snapshot(token), regency_code=token.user.regency_id or "")
    return token


def api_token_touch(*, token: ApiToken) -> None:
    """Note when a token was last used, at most once a minute (not audited: it is no change of
    what the token may do, and a busy client would fill the trail)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
