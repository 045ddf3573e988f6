"""The home page. core knows no domain app: the app that draws the home page (dashboards)
registers a function here in its AppConfig.ready(); without one, the home page lists the menu."""

from collections.abc import Callable

_HOME: list[Callable] = []


def home_register(render_home: Callable) -> None:
    """`render_home(request)` returns the home page's response."""
    _HOME[:] = [render_home]


def home_renderer() -> Callable | None:
    return _HOME[0] if _HOME else None
