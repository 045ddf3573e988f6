"""Demo data for a first look at the portal: every app's registered seeder (core.demo), then the
demo logins. Idempotent."""

from django.core.management.base import BaseCommand, CommandError

from core.demo import DemoContext, demo_seeders
from core.errors import PortalError


class Command(BaseCommand):
    help = "Load demo data (idempotent) and print the demo logins."

    def add_arguments(self, parser):
        parser.add_argument("--applicants", type=int, default=800)
        parser.add_argument(
            "--reset-passwords", action="store_true",
            help="Give every demo account a new random password (by default existing accounts keep theirs).",
        )

    def handle(self, *args, **options):
        context = DemoContext(
            applicants=options["applicants"], write=self.stdout.write, reset_passwords=options["reset_passwords"]
        )
        try:
            for seeder in demo_seeders():
                seeder(context)
        except PortalError as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        for line in context.logins:
            self.stdout.write(line)
