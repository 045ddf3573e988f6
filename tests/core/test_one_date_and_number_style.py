"""One Indonesian style for dates, times and numbers on every page (issue 12): "2 Des 2026",
"08.00 WITA", "2 Des 2026, 15.20 WITA", "12.500". Every page kind of every demo role is
rendered and its text (not its links or attributes) searched for any other style."""

import re
from html.parser import HTMLParser

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from accounts.models import User
from tests.demo_pages import demo_seed, pages_by_role

pytestmark = pytest.mark.django_db

OTHER_STYLES = {
    "numeric date": re.compile(r"(?<![\w/.-])\d{1,2}[-/]\d{1,2}[-/]\d{2,4}(?![\w/-])"),
    "ISO date": re.compile(r"(?<![\w/.-])\d{4}-\d{2}-\d{2}(?![\w/-])"),
    "time with a colon": re.compile(r"(?<![\w:])\d{1,2}:\d{2}(?![\w:])"),
    "month with a dot": re.compile(r"\b(Jan|Feb|Mar|Apr|Jun|Jul|Agu|Sep|Okt|Nov|Des)\.(?=\s*\d)"),
    "date-time without WITA": re.compile(r"\d{4}, \d{1,2}\.\d{2}(?! WITA|–\d)"),
    "ungrouped number": re.compile(r"(?<![\w.,/*:-])(?:[1-9]\d{4,14}|(?!19\d\d|20\d\d)[1-9]\d{3})(?![\w.,/*-])"),
}


class _Text(HTMLParser):
    """The text a reader sees, without attributes, scripts and styles, and without what shows
    how to type a value into a form or a file (help texts, `data-input-syntax`, <code>): those
    follow the input rules (DD-MM-YYYY, 750000), not the display style."""

    SKIP = {"script", "style", "template", "textarea", "code"}

    def __init__(self):
        super().__init__()
        self.parts, self.open_tags = [], []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        syntax = "data-input-syntax" in attributes or "form-text" in (attributes.get("class") or "").split()
        if tag not in {"br", "hr", "img", "input", "meta", "link", "wbr", "col", "source"}:
            self.open_tags.append((tag, tag in self.SKIP or syntax))

    def handle_endtag(self, tag):
        while self.open_tags:
            if self.open_tags.pop()[0] == tag:
                break

    @property
    def skipping(self) -> bool:
        return any(skip for _tag, skip in self.open_tags)

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def other_styles(text: str) -> list[str]:
    found = []
    for name, pattern in OTHER_STYLES.items():
        for match in pattern.finditer(text):
            found.append(f"{name}: {text[max(match.start() - 40, 0):match.end() + 20]!r}")
    return found


def test_the_formats_are_the_portals_one_style():
    moment = timezone.make_aware(timezone.datetime(2026, 12, 2, 15, 20))
    with translation.override("id"):
        template = Template(
            "{{ d|date }} | {{ m }} | {{ m|time }} | {{ n }} | {{ f }} | {{ m|date:'SHORT_DATE_FORMAT' }}")
        text = template.render(Context({"d": moment.date(), "m": moment, "n": 40016, "f": 12500.5}))
    assert text == "2 Des 2026 | 2 Des 2026, 15.20 WITA | 15.20 WITA | 40.016 | 12.500,5 | 2 Des 2026"


def test_the_sweep_finds_each_other_style():
    assert other_styles("02-12-2026 3.20 | 2026-07-31 | 08:00 | 2 Des. 2026, 3.20 | 12500 quota 40016 of 1500")
    found = " ".join(other_styles("02-12-2026 | 2026-07-31 | 08:00 | 2 Des. 2026 | 2 Des 2026, 3.20 | 12500 | 1500"))
    for name in OTHER_STYLES:
        assert name in found, name
    assert other_styles("2 Des 2026, 15.20 WITA · 08.00–12.00 WITA · 12.500 · 2026 · PSK-2026 · 64.01.01.2001 "
                        "· 6401015203050001 · 0812345678 · 87,5 %") == []


def test_every_page_of_every_demo_role_writes_dates_times_and_numbers_one_way(client, tmp_path, settings):
    from programs.models import CycleQuota, DistrictTarget

    demo_seed(tmp_path=tmp_path, settings=settings)
    # Figures large enough to need a separator where officers read them.
    quota = CycleQuota.objects.filter(regency__code="64.01").order_by("pk").first()
    CycleQuota.objects.filter(pk=quota.pk).update(initial_quota=40016)
    DistrictTarget.objects.update_or_create(year=quota.cycle.year, regency_id=quota.regency_id,
                                            defaults={"target": 12500})
    problems, pages = [], 0
    for username, urls in pages_by_role().items():
        if username:
            client.force_login(User.objects.get(username=username))
        else:
            client.logout()
        for path in urls:
            response = client.get(path, HTTP_ACCEPT_LANGUAGE="id")
            assert response.status_code == 200, f"{username} {path}"
            pages += 1
            problems += [f"{username or 'anonymous'} {path}: {found}"
                         for found in other_styles(visible_text(response.content.decode()))]
    assert pages > 80
    assert problems == [], "\n".join(problems)
