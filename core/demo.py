"""Demo data for a first look at the portal. Each app registers a seeder for what it owns in its
AppConfig.ready(); `manage.py seed_demo` runs them in the order of INSTALLED_APPS, lower layers
first (the catalog before the applicants, the applicants before their eligibility, ...).

Every seeder is idempotent: running `seed_demo` again adds nothing."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.apps import apps

# The districts of the demo, one per province of the four that run the program.
SEED_REGENCIES = ["64.01", "73.03", "63.09", "62.71"]


@dataclass
class DemoContext:
    """What the seeders share: the demo year, the size asked for, a way to say what was done, and
    the sign-in lines the command prints at the end; `reset_passwords` asks for new demo
    passwords even for accounts that exist."""

    year: int = field(default_factory=lambda: date.today().year)
    applicants: int = 800
    write: Callable[[str], None] = print
    logins: list[str] = field(default_factory=list)
    reset_passwords: bool = False


Seeder = Callable[[DemoContext], None]
_SEEDERS: dict[str, list[Seeder]] = {}


def demo_seeder_register(app_label: str, seeder: Seeder) -> None:
    """Register `seeder` for `app_label` (called from the app's ready(); registering the same
    function twice is harmless)."""
    seeders = _SEEDERS.setdefault(app_label, [])
    if seeder not in seeders:
        seeders.append(seeder)


def demo_seeders() -> list[Seeder]:
    """The registered seeders, in the order of INSTALLED_APPS."""
    return [seeder for config in apps.get_app_configs() for seeder in _SEEDERS.get(config.label, [])]
