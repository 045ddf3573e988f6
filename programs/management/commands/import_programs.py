import json
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from programs.catalog import CatalogError, catalog_read
from programs.services import programs_import_catalog


class Command(BaseCommand):
    help = gettext_lazy(
        "Import the program catalog (§2, docs/program-catalog.md) from a .json, .yaml or .yml file: cycles are "
        "upserted by code; a file with any problem is refused whole and nothing changes."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FILE", help=gettext_lazy("The catalog file (.json, .yaml or .yml)."))
        parser.add_argument(
            "--json",
            action="store_true",
            help=gettext_lazy('Print {"created": n, "updated": n, "unchanged": n}, or {"error": "..."}.'),
        )
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help=gettext_lazy("Record the changes in the audit trail as made by this user."),
        )

    def handle(self, *args, **options):
        as_json = options["json"]
        try:
            by = self._user(options["user"])
            path = Path(options["file"])
            if not path.is_file():
                raise CommandError(_("No such file: %(path)s") % {"path": path})
            data = catalog_read(content=path.read_bytes(), filename=path.name)
            summary = programs_import_catalog(data=data, by=by)
        except (CatalogError, CommandError) as exc:
            message = exc.message if isinstance(exc, CatalogError) else str(exc)
            if as_json:
                self.stdout.write(json.dumps({"error": message}, ensure_ascii=False))
                raise SystemExit(1) from None
            raise CommandError(message) from None

        if as_json:
            counts = {key: summary[key] for key in ("created", "updated", "unchanged")}
            self.stdout.write(json.dumps(counts))
            return
        self.stdout.write(
            _("Programs: %(created)s created, %(updated)s updated, %(unchanged)s unchanged") % summary
        )
        for message in summary["messages"]:
            self.stdout.write(message)

    def _user(self, username):
        if not username:
            return None
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(_("Unknown or inactive user: %(username)s") % {"username": username})
        if not user.has_perm("accounts.manage_programs"):
            raise CommandError(
                _("The user %(username)s may not manage programs.") % {"username": username}
            )
        return user
