"""Who may use the grants pages. Staff with `manage_grants` record everything; officials with
`approve_grants` look and approve. Everyone else (a BLK admin, for one) gets 403. Which rows:
the selectors narrow to the user's districts, so another district's record answers 404."""

from functools import wraps

from django.core.exceptions import PermissionDenied

MANAGE = "accounts.manage_grants"
APPROVE = "accounts.approve_grants"


def may_view(user) -> bool:
    return user.has_perm(MANAGE) or user.has_perm(APPROVE)


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
manage_required = _requiring(lambda user: user.has_perm(MANAGE))
approve_required = _requiring(lambda user: user.has_perm(APPROVE))
