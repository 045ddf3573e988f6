from rest_framework.permissions import BasePermission


class HasCapability(BasePermission):
    """The view's `capabilities` (any one of them), as the pages check them: a tuple such as
    ("accounts.verify_eligibility",), or a dict of them by HTTP method when reading and writing
    at one address need different ones. Row scoping is the selectors' work, not this class's."""

    def has_permission(self, request, view):
        if not (request.user and request.user.is_authenticated):
            return False
        needed = getattr(view, "capabilities", ())
        if isinstance(needed, dict):
            needed = needed.get(request.method, needed.get("GET", ())) if request.method != "OPTIONS" else ()
        return not needed or any(request.user.has_perm(capability) for capability in needed)
