from rest_framework.permissions import BasePermission


class HasCapability(BasePermission):
    """The view's `capabilities` (any one of them), as the pages check them: e.g.
    ("accounts.verify_eligibility",). Row scoping is the selectors' work, not this class's."""

    def has_permission(self, request, view):
        needed = getattr(view, "capabilities", ())
        return bool(request.user and request.user.is_authenticated) and (
            not needed or any(request.user.has_perm(capability) for capability in needed)
        )
