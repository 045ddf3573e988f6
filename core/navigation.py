"""The main menu. Each app registers its entries in its AppConfig.ready() (core knows none of
them); an entry names the capability a user needs to see it, a Bootstrap Icons name and the
group it is listed under in the sidebar. Entries are shown in `order`; a group comes where its
first entry does, and entries without a group come first."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str
    capability: str | None  # "accounts.<codename>", or None for every signed-in user
    order: int = 100
    icon: str = "circle"  # a Bootstrap Icons name: "people" is <i class="bi bi-people">
    group: str = ""  # the heading it is listed under (a translatable label), or none


_MENU: dict[str, MenuItem] = {}


def menu_register(*items: MenuItem) -> None:
    """Add menu entries (keyed by URL name, so registering again replaces, never doubles)."""
    for item in items:
        _MENU[item.url_name] = item


def menu_items() -> list[MenuItem]:
    return sorted(_MENU.values(), key=lambda item: (item.order, item.url_name))


def menu_for(user) -> list[dict]:
    """The entries the user may see. A URL that does not resolve is a bug and raises: an entry
    must never vanish silently (tests reverse every registered entry)."""
    return [
        {"label": item.label, "url": reverse(item.url_name), "url_name": item.url_name, "icon": item.icon,
         "group": item.group}
        for item in menu_items()
        if not item.capability or user.has_perm(item.capability)
    ]


def menu_groups_for(user) -> list[dict]:
    """The user's entries under their headings: [{"label": heading or "", "items": [...]}, ...],
    the ungrouped entries first, then each group where its first entry comes."""
    groups: dict[str, dict] = {}
    ungrouped = {"label": "", "items": []}
    for entry in menu_for(user):
        if not entry["group"]:
            ungrouped["items"].append(entry)
            continue
        groups.setdefault(str(entry["group"]), {"label": entry["group"], "items": []})["items"].append(entry)
    return ([ungrouped] if ungrouped["items"] else []) + list(groups.values())


menu_register(MenuItem(_("Dashboard"), "core:dashboard", None, order=0, icon="speedometer2"))
