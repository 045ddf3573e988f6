from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from core.errors import PortalError

from .models import User
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
