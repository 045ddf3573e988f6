from .navigation import menu_for, menu_groups_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"menu": [], "menu_groups": []}
    return {"menu": menu_for(user), "menu_groups": menu_groups_for(user)}
