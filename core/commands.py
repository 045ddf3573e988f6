"""What the data-contract commands share (§9): one-line summary or one JSON document, exit 1
with a clear message and no traceback for a bad command."""

import json
from collections.abc import Iterator

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from regions.models import Regency

from .identifiers import InvalidValue, clean_region_code


class ContractCommand(BaseCommand):
    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Print one JSON document instead of text.")

    def execute(self, *args, **options):
        self._json = options.get("json", False)
        try:
            return super().execute(*args, **options)
        except CommandError as exc:
            if self._json:
                self.stdout.write(json.dumps({"error": str(exc)}, ensure_ascii=False))
                raise SystemExit(1) from None
            raise

    def emit(self, payload: dict, *, summary: str, lines: list[str] = ()) -> None:
        """Print `payload` as one JSON document (with --json), else `summary` and `lines`. A
        value of `payload` that is an iterator (the problems of a large import) is written
        item by item, never held whole; the document reads as json.dumps would write it."""
        if self._json:
            self._write_json(payload)
            return
        self.stdout.write(summary)
        for line in lines:
            self.stdout.write(line)

    def _write_json(self, payload: dict) -> None:
        def dumps(value):
            return json.dumps(value, ensure_ascii=False, default=str)

        write = self.stdout.write
        write("{", ending="")
        for index, (key, value) in enumerate(payload.items()):
            write(("" if index == 0 else ", ") + dumps(key) + ": ", ending="")
            if isinstance(value, Iterator):
                write("[", ending="")
                for position, item in enumerate(value):
                    write(("" if position == 0 else ", ") + dumps(item), ending="")
                write("]", ending="")
            else:
                write(dumps(value), ending="")
        write("}")

    def user_from(self, username: str | None):
        if not username:
            return None
        user = get_user_model().objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(_("Unknown user: %(username)s") % {"username": username})
        return user

    @staticmethod
    def districts_from(raw_codes) -> list[str]:
        """The kabupaten/kota codes of repeated `--district` options (`64.01` or `6401`), sorted
        and each once; a malformed or unknown code ends the command with a clear message."""
        codes = set()
        for raw in raw_codes:
            try:
                codes.add(clean_region_code(raw, level="regency"))
            except InvalidValue as exc:
                raise CommandError(f"--district {raw}: {exc.message}") from None
        unknown = sorted(codes - set(Regency.objects.filter(code__in=codes).values_list("code", flat=True)))
        if unknown:
            raise CommandError(_("Unknown kabupaten/kota: %(codes)s") % {"codes": ", ".join(unknown)})
        return sorted(codes)
