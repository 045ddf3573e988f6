"""The committed Bahasa Indonesia catalog is complete and the compiled one is in use.

The .po is read with a small parser (no extra dependency); when GNU gettext's
msgattrib is installed it is asked as well. The .mo is compiled at setup by
`manage.py compilemessages`, so gettext() below reads what the .po says.
"""

import ast
import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

PO_FILE = Path(settings.BASE_DIR) / "locale" / "id" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|\{(\w+)\}")


def _entries(path):
    """Yield each entry of a .po file as a dict: comments, msgid, msgid_plural, msgstr, msgstr[n]."""
    entry, field = {"#": []}, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = line.strip()
        if not line:
            if "msgid" in entry:
                yield entry
            entry, field = {"#": []}, None
        elif line.startswith("#"):
            entry["#"].append(line)
        elif line.startswith('"'):
            entry[field] += ast.literal_eval(line)
        else:
            field, _, value = line.partition(" ")
            entry[field] = ast.literal_eval(value)


def _messages():
    return [e for e in _entries(PO_FILE) if e["msgid"]]


def _translations(entry):
    return [value for key, value in entry.items() if key.startswith("msgstr")]


def test_the_catalog_header_is_indonesian_utf8_with_one_plural_form():
    header = next(e for e in _entries(PO_FILE) if e["msgid"] == "")
    assert "Language: id\n" in header["msgstr"]
    assert "charset=UTF-8" in header["msgstr"]
    assert "Plural-Forms: nplurals=1; plural=0;" in header["msgstr"]
    assert not any("fuzzy" in c for c in header["#"] if c.startswith("#,"))


def test_every_message_is_translated_and_none_is_fuzzy():
    messages = _messages()
    assert len(messages) > 500
    untranslated = [e["msgid"] for e in messages if not all(_translations(e))]
    fuzzy = [e["msgid"] for e in messages if any("fuzzy" in c for c in e["#"] if c.startswith("#,"))]
    assert untranslated == []
    assert fuzzy == []


def test_plural_messages_have_exactly_one_form():
    for entry in _messages():
        if "msgid_plural" in entry:
            assert [k for k in entry if k.startswith("msgstr")] == ["msgstr[0]"], entry["msgid"]


def test_translations_keep_the_placeholders():
    for entry in _messages():
        expected = {m.group(0) for m in PLACEHOLDER.finditer(entry["msgid"] + entry.get("msgid_plural", ""))}
        if not any("python-format" in c or "python-brace-format" in c for c in entry["#"]):
            continue
        for translated in _translations(entry):
            assert {m.group(0) for m in PLACEHOLDER.finditer(translated)} == expected, entry["msgid"]


@pytest.mark.parametrize("option", ["--untranslated", "--only-fuzzy"])
def test_msgattrib_finds_nothing_left_to_do(option):
    result = subprocess.run(["msgattrib", option, str(PO_FILE)], capture_output=True, text=True, check=True)
    assert result.stdout == ""


def test_msgfmt_accepts_the_catalog():
    subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(PO_FILE)], capture_output=True, text=True, check=True)


@pytest.mark.parametrize(
    "english, indonesian",
    [
        ("Dashboard", "Dasbor"),
        ("Log in", "Masuk"),
        ("Forgot your password?", "Lupa kata sandi?"),
        ("Dinas Sosial staff", "Staf Dinas Sosial"),
        ("Eligible", "Layak"),
        ("Ineligible", "Tidak layak"),
        ("Review", "Perlu ditinjau"),
        ("Grants", "Bantuan"),
    ],
)
def test_the_compiled_catalog_is_used(english, indonesian):
    with translation.override("id"):
        assert translation.gettext(english) == indonesian
    with translation.override("en"):
        assert translation.gettext(english) == english


# --- no English left in the Indonesian interface (issue 12) ------------------------------------

SOURCE_APPS = ("accounts", "audit", "core", "regions", "programs", "participants", "verification", "training",
               "grants", "dashboards")


def _source_files():
    for app in SOURCE_APPS:
        for path in (Path(settings.BASE_DIR) / app).rglob("*.py"):
            if "migrations" not in path.parts:
                yield path


def _recorded_actions() -> set[str]:
    """Every audit action the code records: the literal codes on `action=` lines, and the
    prefixed ones (action=f"{action_prefix}create" with action_prefix="program_cycle.")."""
    code = re.compile(r'"([a-z_]+\.[a-z_]+)"')
    prefixes, suffixes, actions = set(), set(), set()
    for path in _source_files():
        for line in path.read_text(encoding="utf-8").splitlines():
            if "action=" in line and "action_prefix" not in line:
                actions.update(code.findall(line))
            prefixes.update(re.findall(r'action_prefix="([a-z_]+\.[a-z_]*)"', line))
            suffixes.update(re.findall(r'action=f"\{action_prefix\}([a-z_]+)"', line))
    return actions | {prefix + suffix for prefix in prefixes for suffix in suffixes}


def test_every_audit_action_has_an_indonesian_label():
    from audit.actions import ACTION_LABELS

    actions = _recorded_actions()
    assert {"enrolment.create", "application.register", "program_cycle.import_update"} <= actions
    assert sorted(actions - set(ACTION_LABELS)) == []
    with translation.override("en"):
        english = {code: str(label) for code, label in ACTION_LABELS.items()}
    with translation.override("id"):
        untranslated = [code for code, label in ACTION_LABELS.items() if str(label) == english[code]]
    assert untranslated == []
