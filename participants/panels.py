"""Sections that apps above participants add to a person's page (the training path, grants),
registered in their AppConfig.ready(): participants shows them without importing those apps."""

from collections.abc import Callable
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString


@dataclass(frozen=True)
class PersonPanel:
    template: str
    # (user, person) -> the template's context; runs a fixed number of queries.
    context: Callable[..., dict]
    order: int = 100


_PANELS: dict[str, PersonPanel] = {}


def person_panel_register(key: str, panel: PersonPanel) -> None:
    _PANELS[key] = panel


def person_panels_render(*, request, person) -> list[SafeString]:
    """Every registered panel rendered for this person, in order (autoescaped templates)."""
    panels = sorted(_PANELS.values(), key=lambda panel: panel.order)
    return [
        render_to_string(panel.template, panel.context(user=request.user, person=person), request=request)
        for panel in panels
    ]
