"""What the data-contract commands of the apps above need from programs."""

from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from .models import ProgramCycle


def cycle_by_code(code: str) -> ProgramCycle:
    """The cycle a command's --program names; an unknown code is a bad command (exit 1)."""
    cycle = ProgramCycle.objects.select_related("program").filter(code=code).first()
    if cycle is None:
        raise CommandError(_("Unknown program code: %(code)s") % {"code": code})
    return cycle
