"""Who may use the report pages of the dashboards: anyone with `view_dashboards` reads (the
selectors narrow to their districts); only an official (or a system administrator) publishes
the year's official figures."""

from functools import wraps

from django.core.exceptions import PermissionDenied

from accounts.roles import Role

VIEW = "accounts.view_dashboards"


def may_view(user) -> bool:
    return user.is_authenticated and user.has_perm(VIEW)


def may_publish(user) -> bool:
    return may_view(user) and (user.role == Role.OFFICIAL or user.is_system_admin)


def _requiring(check):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


view_required = _requiring(may_view)
publish_required = _requiring(may_publish)
