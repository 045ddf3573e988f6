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
               "grants", "dashboards", "api")


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


_GETTEXT_FUNCTIONS = {"_": 0, "gettext": 0, "gettext_lazy": 0, "ngettext": 0, "ngettext_lazy": 0,
                      "gettext_noop": 0, "pgettext": 1, "pgettext_lazy": 1, "npgettext": 1, "npgettext_lazy": 1}
_TEMPLATIZED = re.compile(r"(n?p?gettext)\(u?'((?:[^'\\]|\\.)*)'(?:,\s*u?'((?:[^'\\]|\\.)*)')?")


def _catalog_keys() -> set[tuple[str | None, str]]:
    return {(e.get("msgctxt"), e["msgid"]) for e in _messages() if all(_translations(e))}


def _code_messages():
    """(where, context, msgid) of every gettext call with a literal message in the apps' code."""
    for path in _source_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            index = _GETTEXT_FUNCTIONS.get(name)
            if index is None or len(node.args) <= index:
                continue
            message = node.args[index]
            if isinstance(message, ast.Constant) and isinstance(message.value, str):
                context = node.args[0].value if index == 1 and isinstance(node.args[0], ast.Constant) else None
                yield f"{path.relative_to(settings.BASE_DIR)}:{node.lineno}", context, message.value


def _templates():
    return sorted((Path(settings.BASE_DIR) / "templates").rglob("*.html"))


def _template_messages():
    """(where, context, msgid) of every {% translate %} and {% blocktranslate %} of the
    templates, as makemessages reads them (django.utils.translation.template.templatize)."""
    from django.utils.translation.template import templatize

    for path in _templates():
        text = templatize(path.read_text(encoding="utf-8"), origin=str(path))
        for match in _TEMPLATIZED.finditer(text):
            first = ast.literal_eval(f"'{match[2]}'")
            where = str(path.relative_to(settings.BASE_DIR))
            if match[1].startswith(("p", "np")):
                yield where, first, ast.literal_eval(f"'{match[3] or ''}'")
            else:
                yield where, None, first


def test_every_message_of_the_code_and_the_templates_is_in_the_catalog_translated():
    known = _catalog_keys()
    code = list(_code_messages())
    templates = list(_template_messages())
    assert len(code) > 1000 and len(templates) > 1000
    missing = [(where, msgid) for where, context, msgid in code + templates if (context, msgid) not in known]
    assert missing == []


# Words a template may show as they are: acronyms and names that read the same in both languages.
_SAME_IN_BOTH = {"CSV", "SKKNI", "NIK", "DTKS", "BLK", "KUR", "BAST", "PDF", "XLSX"}


def _untranslated_template_text(text: str) -> list[str]:
    """The words a template shows outside {% translate %} and {% blocktranslate %}: text
    between tags and the text of title, aria-label, placeholder and alt attributes."""
    text = re.sub(r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}|{#.*?#}", " ", text, flags=re.S)
    text = re.sub(r"{%\s*blocktranslate.*?{%\s*endblocktranslate\s*%}", " ", text, flags=re.S)
    text = re.sub(r"{%.*?%}|{{.*?}}", " ", text, flags=re.S)
    text = re.sub(r"<(script|style)\b.*?</\1>", " ", text, flags=re.S)
    shown = re.findall(r'\b(?:title|aria-label|placeholder|alt)="([^"]*)"', text)
    text = re.sub(r'\s(?:on\w+|hx-\w+|data-[\w-]+|style|class|href|src)="[^"]*"', " ", text)
    text = re.sub(r"<[^>]*>", " ", text, flags=re.S)
    text = re.sub(r"&#?\w+;", " ", text)
    words = re.findall(r"[A-Za-z][A-Za-z'-]{2,}", " ".join([text, *shown]))
    return [word for word in words if word not in _SAME_IN_BOTH]


@pytest.mark.parametrize("path", _templates(), ids=lambda path: path.name)
def test_templates_show_no_text_outside_translation_tags(path):
    if path.name == "500.html":
        # Rendered without a request (the failure may be anywhere): it says it in both languages.
        page = path.read_text(encoding="utf-8")
        assert "Terjadi kesalahan" in page and "Something went wrong" in page
        return
    assert _untranslated_template_text(path.read_text(encoding="utf-8")) == []


def test_job_summaries_name_what_was_imported_in_translated_words():
    """report.summary_line(what): `what` goes through gettext (an acronym like DTKS may stay)."""
    untranslated = []
    for path in _source_files():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "summary_line" and node.args
                    and isinstance(node.args[0], ast.Constant) and not str(node.args[0].value).isupper()):
                untranslated.append(f"{path.relative_to(settings.BASE_DIR)}:{node.lineno}")
    assert untranslated == []


def test_the_import_report_csv_is_headed_and_filled_in_indonesian(tmp_path):
    from core.importing import ImportReport, Problem

    report = ImportReport(rejected=1, errors=[Problem(2, "nik", "x")], warnings=[Problem(3, "desa", "y")])
    with translation.override("id"):
        report.write_csv(tmp_path / "laporan.csv")
    rows = (tmp_path / "laporan.csv").read_text(encoding="utf-8-sig").splitlines()
    assert rows == ["baris,kolom,jenis,pesan", "2,nik,galat,x", "3,desa,peringatan,y"]
