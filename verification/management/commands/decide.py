from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from core.commands import ContractCommand
from core.identifiers import InvalidValue, clean_nik
from participants.models import Application
from programs.commands import cycle_by_code
from verification.services import application_decide


class Command(ContractCommand):
    help = "Record a staff decision on an application (§6, docs/eligibility.md), audited as on the review page."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--program", required=True)
        parser.add_argument("--nik", required=True)
        verdict = parser.add_mutually_exclusive_group(required=True)
        verdict.add_argument("--approve", action="store_true")
        verdict.add_argument("--reject", action="store_true")
        parser.add_argument("--note", required=True)
        parser.add_argument("--user", required=True)

    def handle(self, *args, **options):
        from django.utils import timezone

        cycle = cycle_by_code(options["program"])
        user = self.user_from(options["user"])
        if not user.has_perm("accounts.verify_eligibility"):
            raise CommandError(_("User %(username)s may not decide applications") % {"username": user.username})
        try:
            nik = clean_nik(options["nik"], current_year=timezone.localdate().year)
        except InvalidValue as exc:
            raise CommandError(str(exc.message)) from None
        application = Application.objects.filter(cycle=cycle, person__nik=nik).first()
        if application is None:
            raise CommandError(_("No application of NIK %(nik)s to %(code)s") % {"nik": nik, "code": cycle.code})
        if not options["note"].strip():
            raise CommandError(_("A note is required"))
        result = application_decide(application=application, by=user, approve=options["approve"], note=options["note"])
        self.emit(
            {"program": cycle.code, "nik": nik, "decision": result.decision, "status": result.status},
            summary=_("%(code)s %(nik)s: %(decision)s") % {"code": cycle.code, "nik": nik, "decision": result.decision},
        )
