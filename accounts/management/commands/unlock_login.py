from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.services import login_unlock
from core.errors import PortalError


class Command(BaseCommand):
    help = gettext_lazy(
        "Lift a login lockout before its cool-down ends: of a user name, of an address, or of both "
        "(audited)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", default="", help=gettext_lazy("The user name that is locked out."))
        parser.add_argument("--ip", default="", help=gettext_lazy("The address that is locked out."))

    def handle(self, *args, **options):
        try:
            removed = login_unlock(by=None, username=options["username"], ip_address=options["ip"])
        except PortalError as exc:
            raise CommandError(str(exc.message)) from None
        self.stdout.write(_("Unlocked: %(count)s failed attempts forgotten.") % {"count": removed})
