"""Page access by a check on the user, for views whose rule is more than one permission."""

from functools import wraps

from django.core.exceptions import PermissionDenied


def user_check_required(check):
    """A view decorator: the view answers 403 (the portal's page) unless `check(user)` holds.
    Unlike Django's user_passes_test it never redirects a signed-in user to the login page."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not check(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
