"""Reading and checking a program catalog file (§2, docs/program-catalog.md) before anything is saved.

The whole file is checked first: every problem is collected with the entry (its number and,
when it has one, its code) and the key it concerns, and any problem refuses the whole file.
"""

import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath

import yaml
from django.utils.translation import gettext as _

from core.dates import clean_date

from .rules_validation import RulesError, clean_regency_code, normalise_rules

CATALOG_EXTENSIONS = (".json", ".yaml", ".yml")
REQUIRED_KEYS = ("code", "program", "year", "registration_closes")
ENTRY_KEYS = (*REQUIRED_KEYS, "registration_opens", "rules", "quotas")
# Codes appear in page addresses (/programs/cycles/<code>/), hence no slashes or spaces.
CODE_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
CODE_MAX_LENGTH = 50
PROGRAM_MAX_LENGTH = 255
YEAR_RANGE = (2000, 2100)
MAX_PROBLEMS_SHOWN = 20
# Lists and objects inside one another: a catalog needs 5 levels (the file, "programs", an
# entry, its "rules", a list in them); a file nested deeper is refused before it is checked.
MAX_NESTING = 10


class CatalogError(Exception):
    """The file is refused as a whole. `problems` are the lines to show, `message` all of it."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        self.shown = self.problems[:MAX_PROBLEMS_SHOWN]
        if len(self.problems) > len(self.shown):
            more = len(self.problems) - len(self.shown)
            self.shown.append(_("... and %(count)s more problems.") % {"count": more})
        self.heading = _("The catalog file was refused; nothing was changed.")
        self.message = "\n".join([self.heading, *self.shown])
        super().__init__(self.message)


@dataclass(frozen=True)
class CycleData:
    """One checked catalog entry, or one cycle as the staff form describes it."""

    code: str
    program: str
    year: int
    registration_closes: date
    rules: dict  # normalised (programs.rules_validation.normalise_rules)
    quotas: dict[str, int] = field(default_factory=dict)  # dotted kabupaten code -> initial seats
    registration_opens: date | None = None
    # A file that leaves out registration_opens keeps the date staff set on the page.
    has_registration_opens: bool = True


class _CatalogYamlLoader(yaml.SafeLoader):
    pass


# YAML would read an unquoted 64.10 as the number 64.1, losing the kabupaten; kept as text it
# is checked like any other code. (Real numbers have no place in a catalog.)
_CatalogYamlLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:float"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


# Python's JSON parser explains itself in English; these are the messages it gives (json.decoder).
JSON_PROBLEMS = {
    "Expecting value": _("a value was expected"),
    "Expecting ',' delimiter": _("a comma was expected"),
    "Expecting ':' delimiter": _("a colon was expected"),
    "Expecting property name enclosed in double quotes": _("a key in double quotes was expected"),
    "Unterminated string starting at": _("a text value is not closed with a double quote"),
    "Invalid control character at": _("a text value holds a line break or tab"),
    "Extra data": _("there is more after the end of the catalog"),
}


def catalog_read(*, content: bytes, filename: str):
    """Parse the file as JSON or YAML, told by its extension. Raises CatalogError."""
    extension = PurePath(filename).suffix.lower()
    if extension not in CATALOG_EXTENSIONS:
        raise CatalogError(
            [_("The catalog must be a .json, .yaml or .yml file, not %(name)s.") % {"name": filename}]
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CatalogError([_("The file is not UTF-8 text.")]) from None
    too_deep = CatalogError(
        [_("The file nests lists and objects more than %(levels)s levels deep; a catalog needs far fewer.")
         % {"levels": MAX_NESTING}]
    )
    try:
        if extension == ".json":
            data = json.loads(text)
        else:
            data = yaml.load(text, Loader=_CatalogYamlLoader)
    # The parsers recurse once per level: thousands of levels exhaust Python's stack.
    except RecursionError:
        raise too_deep from None
    except json.JSONDecodeError as exc:
        problem = JSON_PROBLEMS.get(exc.msg)
        if problem is None:
            raise CatalogError(
                [_("The file is not valid JSON (line %(line)s, column %(column)s).")
                 % {"line": exc.lineno, "column": exc.colno}]
            ) from None
        raise CatalogError(
            [_("The file is not valid JSON (line %(line)s, column %(column)s: %(error)s).")
             % {"line": exc.lineno, "column": exc.colno, "error": problem}]
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = _(" (line %(line)s)") % {"line": mark.line + 1} if mark is not None else ""
        raise CatalogError([_("The file is not valid YAML%(where)s.") % {"where": where}]) from None
    if nesting_depth(data) > MAX_NESTING:
        raise too_deep
    return data


def nesting_depth(data) -> int:
    """How many lists and objects deep `data` goes (a plain value: 0). Without recursion, and
    stopping once past MAX_NESTING: YAML aliases can make a small file a very large tree."""
    deepest = 0
    seen: dict[int, int] = {}  # a container YAML aliases in many places is walked once per depth
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            children = value.values()
        elif isinstance(value, list):
            children = value
        else:
            continue
        if seen.get(id(value), 0) >= depth:
            continue
        seen[id(value)] = depth
        deepest = max(deepest, depth)
        if deepest > MAX_NESTING:
            break
        stack.extend((child, depth + 1) for child in children)
    return deepest


def entry_label(number: int, code) -> str:
    if isinstance(code, str) and code.strip():
        return _('Entry %(number)s ("%(code)s")') % {"number": number, "code": code.strip()}
    return _("Entry %(number)s") % {"number": number}


def catalog_clean(data, *, known_regency_codes: set[str]) -> list[CycleData]:
    """Check a parsed catalog whole and return its entries. Raises CatalogError naming every
    entry and key at fault; nothing is returned unless the whole file is good."""
    if not isinstance(data, dict) or "programs" not in data:
        raise CatalogError([_('The file must hold an object with a "programs" list.')])
    entries = data["programs"]
    if entries is None:
        entries = []
    if not isinstance(entries, list):
        raise CatalogError([_('"programs" must be a list of program cycles.')])

    problems: list[str] = []
    cleaned: list[CycleData] = []
    first_seen: dict[str, int] = {}
    for number, entry in enumerate(entries, start=1):
        label = entry_label(number, entry.get("code") if isinstance(entry, dict) else None)

        def problem(key: str, message: str, label=label) -> None:
            problems.append(
                _('%(entry)s, key "%(key)s": %(message)s') % {"entry": label, "key": key, "message": message}
            )

        if not isinstance(entry, dict):
            problems.append(_("%(entry)s: must be an object with the keys %(keys)s.")
                            % {"entry": label, "keys": ", ".join(REQUIRED_KEYS)})
            continue
        code = entry.get("code")
        if isinstance(code, str) and code.strip():
            if code.strip() in first_seen:
                problem("code", _("the code is repeated in the file (first in entry %(number)s)")
                        % {"number": first_seen[code.strip()]})
            else:
                first_seen[code.strip()] = number
        result = _entry_clean(entry, problem=problem, known_regency_codes=known_regency_codes)
        if result is not None:
            cleaned.append(result)

    if problems:
        raise CatalogError(problems)
    return cleaned


def _entry_clean(entry: dict, *, problem, known_regency_codes: set[str]) -> CycleData | None:
    ok = True

    def bad(key: str, message: str) -> None:
        nonlocal ok
        ok = False
        problem(key, message)

    for key in entry:
        if key not in ENTRY_KEYS:
            # A misspelt "quotas" would otherwise remove every quota of the cycle.
            bad(str(key), _("is not a known key (known: %(keys)s)") % {"keys": ", ".join(ENTRY_KEYS)})
    for key in REQUIRED_KEYS:
        if entry.get(key) is None or (isinstance(entry.get(key), str) and not entry[key].strip()):
            bad(key, _("is missing"))

    code = entry.get("code")
    if code is not None and not (isinstance(code, str) and not code.strip()):
        if not isinstance(code, str):
            bad("code", _("must be text"))
        else:
            code = code.strip()
            if len(code) > CODE_MAX_LENGTH:
                bad("code", _("must be at most %(count)s characters") % {"count": CODE_MAX_LENGTH})
            elif not CODE_PATTERN.match(code):
                bad("code", _("may hold only letters, digits, dots, dashes and underscores"))

    program = entry.get("program")
    if program is not None and not (isinstance(program, str) and not program.strip()):
        if not isinstance(program, str):
            bad("program", _("must be text (the program's name)"))
        else:
            program = " ".join(program.split())
            if len(program) > PROGRAM_MAX_LENGTH:
                bad("program", _("must be at most %(count)s characters") % {"count": PROGRAM_MAX_LENGTH})

    year = entry.get("year")
    if year is not None:
        low, high = YEAR_RANGE
        if isinstance(year, bool) or not isinstance(year, int) or not low <= year <= high:
            bad("year", _("must be a year between %(low)s and %(high)s") % {"low": low, "high": high})

    closes = opens = None
    date_message = _("must be a date (YYYY-MM-DD, DD-MM-YYYY or DD/MM/YYYY)")
    if entry.get("registration_closes") is not None:
        try:
            closes = clean_date(entry["registration_closes"])
        except ValueError:
            bad("registration_closes", date_message)
    if entry.get("registration_opens") is not None:
        try:
            opens = clean_date(entry["registration_opens"])
        except ValueError:
            bad("registration_opens", date_message)
    if opens is not None and closes is not None and opens > closes:
        bad("registration_opens", _("is after registration_closes"))

    rules = None
    try:
        rules = normalise_rules(entry.get("rules"))
    except RulesError as exc:
        bad("rules" if exc.key == "rules" else f"rules.{exc.key}", exc.message)
    if rules is not None:
        for region in rules["regions"] or []:
            if region not in known_regency_codes:
                bad("rules.regions", _("%(code)s is not a known kabupaten/kota code") % {"code": region})

    quotas = quotas_clean(entry.get("quotas"), known_regency_codes=known_regency_codes, on_error=bad)

    if not ok:
        return None
    return CycleData(
        code=code,
        program=program,
        year=year,
        registration_closes=closes,
        registration_opens=opens,
        has_registration_opens="registration_opens" in entry,
        rules=rules,
        quotas=quotas,
    )


def quotas_clean(raw, *, known_regency_codes: set[str], on_error) -> dict[str, int]:
    """{"64.01": 4, "6402": 6} -> {"64.01": 4, "64.02": 6}; problems go to on_error(key, message)."""
    if raw is None or raw == {} or raw == []:
        return {}
    if not isinstance(raw, dict):
        on_error("quotas", _('must be an object of kabupaten/kota codes and seats, e.g. {"64.01": 4}'))
        return {}
    quotas: dict[str, int] = {}
    for raw_code, seats in raw.items():
        try:
            code = clean_regency_code(raw_code)
        except ValueError:
            on_error(
                "quotas",
                _("%(value)s is not a kabupaten/kota code (write 64.01 or 6401)") % {"value": repr(raw_code)},
            )
            continue
        if code not in known_regency_codes:
            on_error("quotas", _("%(code)s is not a known kabupaten/kota code") % {"code": code})
            continue
        if code in quotas:
            on_error("quotas", _("%(code)s is given twice") % {"code": code})
            continue
        if isinstance(seats, bool) or not isinstance(seats, int) or seats < 0:
            on_error(f"quotas.{code}", _("must be a whole number of seats, 0 or more"))
            continue
        quotas[code] = seats
    return dict(sorted(quotas.items()))
