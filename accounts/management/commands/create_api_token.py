from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import User
from accounts.services import api_token_create
from core.errors import PortalError


class Command(BaseCommand):
    help = gettext_lazy("Make an API token for a user and print its key (shown only this once; audited).")

    def add_arguments(self, parser):
        parser.add_argument("username", help=gettext_lazy("The user the token acts as."))
        parser.add_argument("--days", type=int, default=settings.API_TOKEN_DEFAULT_DAYS,
                            help=gettext_lazy("How many days the token is valid."))
        parser.add_argument("--name", default="", help=gettext_lazy("What the token is for."))

    def handle(self, *args, **options):
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(_("There is no user %(username)s.") % {"username": options["username"]})
        if not user.is_active:
            raise CommandError(_("The user %(username)s is inactive.") % {"username": user.username})
        try:
            new = api_token_create(user=user, name=options["name"] or _("command line"), days=options["days"],
                                   by=None)
        except PortalError as exc:
            raise CommandError(str(exc.message)) from None
        self.stderr.write(
            _("Token %(prefix)s… for %(username)s, valid until %(expires)s:") % {
                "prefix": new.token.prefix, "username": user.username,
                "expires": new.token.expires_at.isoformat(timespec="minutes")}
        )
        self.stdout.write(new.key)
