"""Every paginated list pages through one partial, core/partials/_pagination.html, built on
`{% querystring %}`: its links keep the list's filters (and any other GET parameter).

Each list is walked below: rows for a second page are created (page sizes are lowered to
PER_PAGE so that few rows are enough), page 1 is opened with the list's filters, every link to
page 2 must carry those filters, and page 2, reached through that link, must show the rest of
the filtered rows. The last tests make sure no paginated list escapes the walk: every template
that includes the partial and every view of the URLconf that builds a Paginator is walked."""

import ast
import datetime
import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from django.conf import settings
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from programs.models import CycleQuota, QuotaChange
from tests.participants.factories import ApplicationFactory
from tests.programs.factories import ProgramCycleFactory as PlainCycleFactory
from tests.training.factories import (
    BatchFactory,
    InstructorFactory,
    ProviderFactory,
    TrainingPackageFactory,
    WorkshopFactory,
)
from tests.verification.factories import ProgramCycleFactory
from training.models import TrainingPackage
from verification.models import DtksSnapshot, EligibilityResult

pytestmark = pytest.mark.django_db

PARTIAL = "core/partials/_pagination.html"
PER_PAGE = 3
MATCHING = PER_PAGE + 2  # a full first page, two rows on the second
BASE_DIR = Path(settings.BASE_DIR)


@dataclass
class Walk:
    """What a list's setup made: who opens it, where, with which filters, and the primary keys
    of every row those filters keep."""

    user: object
    url: str
    params: dict[str, str]
    expected: list = field(default_factory=list)


@dataclass
class PaginatedList:
    url_name: str
    template: str
    per_page: str  # the dotted path of the page-size constant the view reads
    setup: Callable  # setup(fixture) -> Walk; fixture(name) returns a pytest fixture's value


LISTS: dict[str, PaginatedList] = {}


def paginated_list(url_name, *, template, per_page):
    def register(setup):
        LISTS[url_name] = PaginatedList(url_name=url_name, template=template, per_page=per_page, setup=setup)
        return setup

    return register


def _eligible(application, status="ELIGIBLE"):
    EligibilityResult.objects.create(application=application, status=status, desil=3)
    return application


# --- the lists -------------------------------------------------------------------------------


@paginated_list("programs:program-list", template="programs/program_list.html",
                per_page="programs.views.CYCLES_PER_PAGE")
def _program_list(fixture):
    cycles = PlainCycleFactory.create_batch(MATCHING)
    return Walk(fixture("paser_staff"), reverse("programs:program-list"), {},
                [cycle.pk for cycle in cycles])


@paginated_list("verification:cycle-list", template="verification/cycle_list.html",
                per_page="verification.views.CYCLES_PER_PAGE")
def _verification_cycle_list(fixture):
    cycles = ProgramCycleFactory.create_batch(MATCHING)
    return Walk(fixture("paser_staff"), reverse("verification:cycle-list"), {},
                [cycle.pk for cycle in cycles])


@paginated_list("verification:application-list", template="verification/application_list.html",
                per_page="verification.views.APPLICATIONS_PER_PAGE")
def _verification_application_list(fixture):
    fixture("paser_village")
    fixture("bantaeng_village")
    cycle = ProgramCycleFactory()
    matching = [
        _eligible(ApplicationFactory(cycle=cycle, person__name=f"Cocok {n}", person__regency_code="64.01"))
        for n in range(MATCHING)
    ]
    _eligible(ApplicationFactory(cycle=cycle, person__name="Cocok Bantaeng", person__regency_code="73.03"))
    _eligible(ApplicationFactory(cycle=cycle, person__name="Lain", person__regency_code="64.01"))
    _eligible(ApplicationFactory(cycle=cycle, person__name="Cocok ditinjau", person__regency_code="64.01"),
              status="REVIEW")
    _eligible(ApplicationFactory(person__name="Cocok siklus lain", person__regency_code="64.01"))
    return Walk(fixture("system_admin"), reverse("verification:application-list", args=[cycle.code]),
                {"q": "cocok", "status": "ELIGIBLE", "desa": "64.01.01.2001"},
                [application.pk for application in matching])


@paginated_list("verification:snapshot-list", template="verification/snapshot_list.html",
                per_page="verification.views.SNAPSHOTS_PER_PAGE")
def _snapshot_list(fixture):
    snapshots = [
        DtksSnapshot.objects.create(snapshot_date=datetime.date(2026, 1, n + 1), file_name=f"dtks-{n}.csv",
                                    status=DtksSnapshot.Status.COMPLETED)
        for n in range(MATCHING)
    ]
    return Walk(fixture("paser_staff"), reverse("verification:snapshot-list"), {},
                [snapshot.pk for snapshot in snapshots])


@paginated_list("training:quota-overview", template="training/quota_overview.html",
                per_page="training.reallocation.views.CYCLES_PER_PAGE")
def _quota_overview(fixture):
    paser, bantaeng = fixture("paser"), fixture("bantaeng")
    cycles = PlainCycleFactory.create_batch(MATCHING)
    for cycle in cycles:
        CycleQuota.objects.create(cycle=cycle, regency=paser, initial_quota=4)
    CycleQuota.objects.create(cycle=PlainCycleFactory(), regency=bantaeng, initial_quota=4)
    return Walk(fixture("paser_official"), reverse("training:quota-overview"), {},
                [cycle.pk for cycle in cycles])


@paginated_list("training:quota-ledger", template="training/quota_ledger.html",
                per_page="training.reallocation.views.LEDGER_PER_PAGE")
def _quota_ledger(fixture):
    paser, bantaeng = fixture("paser"), fixture("bantaeng")
    cycle, other_cycle = PlainCycleFactory(), PlainCycleFactory()
    changes = [
        QuotaChange.objects.create(cycle=cycle, regency=paser, kind=QuotaChange.Kind.MANUAL, quota_before=n,
                                   quota_after=n + 1)
        for n in range(MATCHING)
    ]
    QuotaChange.objects.create(cycle=cycle, regency=bantaeng, kind=QuotaChange.Kind.MANUAL, quota_after=1)
    QuotaChange.objects.create(cycle=other_cycle, regency=paser, kind=QuotaChange.Kind.MANUAL, quota_after=1)
    return Walk(fixture("paser_official"), reverse("training:quota-ledger", args=[cycle.code]), {},
                [change.pk for change in changes])


@paginated_list("training:batch-list", template="training/batch_list.html",
                per_page="training.courses.views.BATCHES_PER_PAGE")
def _batch_list(fixture):
    provider, other_provider = fixture("paser_provider"), fixture("bantaeng_provider")
    cycle, package = PlainCycleFactory(), TrainingPackageFactory()
    workshop = WorkshopFactory(provider=provider)
    same = {"provider": provider, "workshop": workshop, "cycle": cycle, "package": package}
    matching = [BatchFactory(name=f"Cocok {n}", **same) for n in range(MATCHING)]
    BatchFactory(name="Penyedia lain", provider=other_provider, cycle=cycle, package=package)
    BatchFactory(name="Siklus lain", **{**same, "cycle": PlainCycleFactory()})
    BatchFactory(name="Paket lain", **{**same, "package": TrainingPackageFactory()})
    BatchFactory(name="Sudah selesai", start_date=datetime.date(2026, 6, 1), end_date=datetime.date(2026, 6, 30),
                 **same)
    return Walk(fixture("system_admin"), reverse("training:batch-list"),
                {"provider": str(provider.pk), "cycle": str(cycle.pk), "package": str(package.pk),
                 "date_from": "01-08-2026"},
                [batch.pk for batch in matching])


@paginated_list("training:waiting-list", template="training/waiting_list.html",
                per_page="training.enrolment.views.WAITING_LIST_PER_PAGE")
def _waiting_list(fixture):
    fixture("paser")
    fixture("bantaeng")
    # Not the newest cycle, nor a district the list would open on by itself.
    older, newest = ProgramCycleFactory(year=2025), ProgramCycleFactory(year=2027)
    matching = [
        _eligible(ApplicationFactory(cycle=older, person__regency_code="73.03", person__name=f"Cocok {n}"))
        for n in range(MATCHING)
    ]
    for cycle, regency_code in [(older, "64.01"), (newest, "73.03"), (newest, "64.01")]:
        _eligible(ApplicationFactory(cycle=cycle, person__regency_code=regency_code))
    return Walk(fixture("system_admin"), reverse("training:waiting-list"),
                {"cycle": older.code, "regency": "73.03"},
                [application.pk for application in matching])


@paginated_list("training:package-list", template="training/package_list.html",
                per_page="training.courses.views.PACKAGES_PER_PAGE")
def _package_list(fixture):
    TrainingPackageFactory.create_batch(MATCHING)
    return Walk(fixture("paser_blk_admin"), reverse("training:package-list"), {},
                list(TrainingPackage.objects.values_list("pk", flat=True)))


@paginated_list("training:provider-list", template="training/provider_list.html",
                per_page="training.courses.views.PROVIDERS_PER_PAGE")
def _provider_list(fixture):
    paser = fixture("paser")
    matching = [ProviderFactory(name=f"LKP {n}", kind="lkp", regency=paser) for n in range(MATCHING)]
    ProviderFactory.create_batch(3, kind="blk", regency=paser)
    return Walk(fixture("system_admin"), reverse("training:provider-list"), {"kind": "lkp"},
                [provider.pk for provider in matching])


@paginated_list("training:instructor-list", template="training/instructor_list.html",
                per_page="training.courses.views.INSTRUCTORS_PER_PAGE")
def _instructor_list(fixture):
    provider, other = fixture("paser_provider"), fixture("bantaeng_provider")
    matching = InstructorFactory.create_batch(MATCHING, provider=provider)
    InstructorFactory.create_batch(3, provider=other)
    return Walk(fixture("system_admin"), reverse("training:instructor-list"), {"provider": str(provider.pk)},
                [instructor.pk for instructor in matching])


@paginated_list("participants:application-list", template="participants/application_list.html",
                per_page="participants.views.APPLICATIONS_PER_PAGE")
def _participant_application_list(fixture):
    fixture("paser_village")
    matching = [ApplicationFactory(person__name=f"Siti {n}", person__regency_code="64.01") for n in range(MATCHING)]
    ApplicationFactory.create_batch(3, person__name="Budi", person__regency_code="64.01")
    return Walk(fixture("paser_staff"), reverse("participants:application-list"), {"q": "siti"},
                [application.pk for application in matching])


def _grants_setup(fixture, *, count=MATCHING, status="draft", name="Cocok"):
    """A Paser cash scheme with `count` proposals taken to `status`, each step by its own person,
    and one more proposal that the lists' filters leave out."""
    from accounts.roles import Role
    from grants.proposals import services
    from tests.factories import UserFactory
    from tests.grants.factories import GrantSchemeFactory, graduate

    paser, village, staff = fixture("paser"), fixture("paser_village"), fixture("paser_staff")
    staff2 = UserFactory(username="staf2.paser", role=Role.DINSOS_STAFF, regency=paser)
    scheme = GrantSchemeFactory(regency=paser, cycle=PlainCycleFactory())

    def propose(person_name, to):
        grant = services.grant_create(
            by=staff, scheme=scheme, enrolment=graduate(cycle=scheme.cycle, provider=fixture("paser_provider"),
                                                        name=person_name),
            amount=1_000_000, business_type="Warung", village=village, plan="Rencana", bank_name="Bank",
            bank_account_number="0012345678", bank_account_name=person_name)
        if to != "draft":
            grant = services.grant_submit(grant=grant, by=staff)
        if to == "verified":
            grant = services.grant_verify(grant=grant, by=staff2)
        return grant

    matching = [propose(f"{name} {n}", status) for n in range(count)]
    propose("Lain", "submitted")
    return scheme, matching


@paginated_list("grants:scheme-list", template="grants/scheme_list.html",
                per_page="grants.schemes.views.SCHEMES_PER_PAGE")
def _grant_scheme_list(fixture):
    from tests.grants.factories import GrantSchemeFactory

    paser, bantaeng = fixture("paser"), fixture("bantaeng")
    schemes = GrantSchemeFactory.create_batch(MATCHING, regency=paser)
    GrantSchemeFactory(regency=bantaeng)
    return Walk(fixture("paser_staff"), reverse("grants:scheme-list"), {}, [scheme.pk for scheme in schemes])


@paginated_list("grants:scheme-detail", template="grants/partials/_grant_table.html",
                per_page="grants.schemes.views.GRANTS_PER_PAGE")
def _grant_scheme_detail(fixture):
    scheme, matching = _grants_setup(fixture)
    return Walk(fixture("paser_staff"), reverse("grants:scheme-detail", args=[scheme.pk]), {"status": "draft"},
                [grant.pk for grant in matching])


@paginated_list("grants:grant-list", template="grants/partials/_grant_table.html",
                per_page="grants.proposals.views.GRANTS_PER_PAGE")
def _grant_list(fixture):
    _scheme, matching = _grants_setup(fixture)
    return Walk(fixture("paser_staff"), reverse("grants:grant-list"), {"status": "draft", "q": "cocok"},
                [grant.pk for grant in matching])


@paginated_list("grants:approval-list", template="grants/approval_list.html",
                per_page="grants.proposals.views.GRANTS_PER_PAGE")
def _grant_approval_list(fixture):
    _scheme, matching = _grants_setup(fixture, status="verified")
    return Walk(fixture("paser_official"), reverse("grants:approval-list"), {}, [grant.pk for grant in matching])


@paginated_list("grants:scheme-candidates", template="grants/scheme_candidates.html",
                per_page="grants.schemes.views.GRANTS_PER_PAGE")
def _grant_scheme_candidates(fixture):
    from tests.grants.factories import GrantSchemeFactory, graduate

    scheme = GrantSchemeFactory(regency=fixture("paser"), cycle=PlainCycleFactory())
    provider = fixture("paser_provider")
    matching = [graduate(cycle=scheme.cycle, provider=provider, name=f"Cocok {n}") for n in range(MATCHING)]
    graduate(cycle=scheme.cycle, provider=provider, name="Lain")
    return Walk(fixture("paser_staff"), reverse("grants:scheme-candidates", args=[scheme.pk]), {"q": "cocok"},
                [enrolment.pk for enrolment in matching])


@paginated_list("grants:visit-list", template="grants/visit_list.html",
                per_page="grants.monitoring.views.VISITS_PER_PAGE")
def _grant_visit_list(fixture):
    from grants.models import Grant, MonitoringVisit
    from grants.monitoring.services import visits_schedule

    scheme, grants = _grants_setup(fixture, count=1, status="submitted")
    scheme.monitoring_months = [3, 6, 12, 24, 36]
    scheme.save()
    Grant.objects.filter(pk=grants[0].pk).update(status="disbursed", delivered_on=datetime.date(2026, 1, 5))
    visits_schedule()
    kecamatan = grants[0].village.subdistrict_id
    return Walk(fixture("paser_staff"), reverse("grants:visit-list"), {"state": "all", "kecamatan": kecamatan},
                list(MonitoringVisit.objects.values_list("pk", flat=True)))


@paginated_list("grants:coaching-list", template="grants/coaching_list.html",
                per_page="grants.monitoring.views.COACHING_PER_PAGE")
def _grant_coaching_list(fixture):
    from grants.monitoring.services import coaching_session_save

    paser, bantaeng, staff = fixture("paser"), fixture("bantaeng"), fixture("paser_staff")
    sessions = [coaching_session_save(by=staff, regency=paser, topic=f"Topik {n}",
                                      held_on=datetime.date(2026, 9, n + 1), place="Aula", officer=staff)
                for n in range(MATCHING)]
    coaching_session_save(by=staff, regency=bantaeng, topic="Bantaeng", held_on=datetime.date(2026, 9, 1),
                          place="Aula", officer=staff)
    return Walk(staff, reverse("grants:coaching-list"), {}, [session.pk for session in sessions])


@paginated_list("dashboards:people", template="dashboards/people.html",
                per_page="dashboards.views.PEOPLE_PER_PAGE")
def _dashboard_people(fixture):
    fixture("paser_village")
    fixture("bantaeng_village")
    cycle = PlainCycleFactory(year=2026)
    matching = [ApplicationFactory(cycle=cycle, person__name=f"Pelamar {n}", person__regency_code="64.01")
                for n in range(MATCHING)]
    ApplicationFactory(cycle=cycle, person__name="Pelamar Bantaeng", person__regency_code="73.03")
    return Walk(fixture("paser_staff"), reverse("dashboards:people"), {"step": "applicants", "year": "2026"},
                [application.person_id for application in matching])


# --- walking them ----------------------------------------------------------------------------


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def links_to_page(html: str, number: int) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return [href for href in parser.hrefs if parse_qs(urlsplit(href).query).get("page") == [str(number)]]


def row_keys(response) -> list:
    return [row.pk for row in response.context["page"].object_list]


def assert_links_keep_filters(response, *, to_page: int, params: dict):
    links = links_to_page(response.content.decode(), to_page)
    assert links, f"no link to page {to_page}"
    for href in links:
        query = parse_qs(urlsplit(href).query, keep_blank_values=True)
        kept = {key: values[0] for key, values in query.items() if key in params and len(values) == 1}
        assert kept == params, f"the link {href!r} to page {to_page} lost filters"
    return links


@pytest.mark.parametrize("url_name", sorted(LISTS))
def test_paging_keeps_the_filters(url_name, client, request, monkeypatch):
    paginated = LISTS[url_name]
    monkeypatch.setattr(paginated.per_page, PER_PAGE)
    walk = paginated.setup(request.getfixturevalue)
    client.force_login(walk.user)

    first = client.get(walk.url, walk.params)

    assert first.status_code == 200
    templates = [template.name for template in first.templates]
    assert paginated.template in templates and PARTIAL in templates
    assert first.context["page"].number == 1
    links = assert_links_keep_filters(first, to_page=2, params=walk.params)

    second = client.get(urljoin(walk.url, links[0]))

    assert second.status_code == 200
    assert second.context["page"].number == 2
    assert_links_keep_filters(second, to_page=1, params=walk.params)
    page_1, page_2 = row_keys(first), row_keys(second)
    assert len(page_1) == PER_PAGE and len(page_2) == MATCHING - PER_PAGE
    assert sorted(page_1 + page_2) == sorted(walk.expected), "page 2 does not hold the rest of the filtered rows"


# --- nothing escapes the walk ----------------------------------------------------------------


def _project_templates():
    for directory in [BASE_DIR / "templates", *BASE_DIR.glob("*/templates")]:
        for path in directory.rglob("*.html"):
            yield path.relative_to(directory).as_posix(), path.read_text(encoding="utf-8")


def test_every_template_with_the_pager_is_walked():
    including = {name for name, source in _project_templates() if PARTIAL in source}
    assert including == {paginated.template for paginated in LISTS.values()}


def test_no_template_builds_page_links_by_hand():
    by_hand = re.compile(r"next_page_number|previous_page_number|[?&]page=")
    assert [name for name, source in _project_templates() if name != PARTIAL and by_hand.search(source)] == []
    assert not (BASE_DIR / "templates/programs/partials/_pagination.html").exists()
    assert not (BASE_DIR / "templates/verification/partials/_pager.html").exists()


def _url_patterns(resolver: URLResolver, namespace: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _url_patterns(entry, inner)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}", entry.callback


def _paginating_functions(module) -> set[str]:
    """Names of the module's functions that build a Paginator, directly or through another
    function of the same module."""
    calls: dict[str, set[str]] = {}
    for node in ast.walk(ast.parse(inspect.getsource(module))):
        if isinstance(node, ast.FunctionDef):
            calls[node.name] = {
                call.func.id if isinstance(call.func, ast.Name) else getattr(call.func, "attr", "")
                for call in ast.walk(node) if isinstance(call, ast.Call)
            }
    paginating = {name for name, called in calls.items() if "Paginator" in called}
    while grown := {name for name, called in calls.items() if called & paginating} - paginating:
        paginating |= grown
    return paginating


def paginating_views() -> set[str]:
    found = set()
    for url_name, callback in _url_patterns(get_resolver()):
        view_class = getattr(callback, "view_class", None)
        if view_class is not None:
            if getattr(view_class, "paginate_by", None):
                found.add(url_name)
            continue
        view = inspect.unwrap(callback)
        module = inspect.getmodule(view)
        source_file = Path(inspect.getsourcefile(module) or "")
        if BASE_DIR not in source_file.parents or ".venv" in source_file.parts:
            continue  # Django's own views (the admin) page by themselves
        if view.__name__ in _paginating_functions(module):
            found.add(url_name)
    return found


def test_every_paginating_view_is_walked():
    assert paginating_views() == set(LISTS)


# --- the partial -----------------------------------------------------------------------------


def render_pager(number, *, rows=30, per_page=3, query=None, language="en"):
    page = Paginator(range(rows), per_page).get_page(number)
    request = RequestFactory().get("/daftar/", query or {})
    with translation.override(language):
        return render_to_string(PARTIAL, {"page": page}, request=request)


def test_the_current_page_is_marked_and_previous_is_not_a_link_on_the_first_page():
    html = render_pager(1, query={"q": "siti", "status": ["ELIGIBLE", "REVIEW"]})
    assert '<nav aria-label="Pages"' in html
    assert re.search(r'<span class="page-link" aria-current="page">1</span>', html)
    assert re.search(r'<li class="page-item disabled">\s*<span class="page-link"[^>]*>Previous</span>', html)
    assert "Page 1 of 10" in html
    nexts = re.findall(r'<a class="page-link" href="([^"]+)" rel="next">Next</a>', html)
    assert nexts == ["?q=siti&amp;status=ELIGIBLE&amp;status=REVIEW&amp;page=2"]


def test_next_is_not_a_link_on_the_last_page():
    html = render_pager(10)
    assert re.search(r'<li class="page-item disabled">\s*<span class="page-link"[^>]*>Next</span>', html)
    assert 'rel="prev"' in html and 'aria-current="page">10<' in html


def test_a_single_page_shows_no_pager():
    assert render_pager(1, rows=3).strip() == ""


def test_large_page_numbers_have_thousand_separators_and_long_ranges_are_elided():
    html = render_pager(1234, rows=4500, per_page=3, language="id")
    assert '<nav aria-label="Halaman"' in html
    assert "Halaman 1.234 dari 1.500" in html
    assert 'aria-current="page">1.234<' in html
    assert 'href="?page=1235"' in html and ">1.235<" in html
    assert html.count("…") == 2
    assert ">Sebelumnya<" in html and ">Berikutnya<" in html
