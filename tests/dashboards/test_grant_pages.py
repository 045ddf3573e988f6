"""The grants page of the dashboards (budget, outcomes, business survival) and the grant steps
of the funnel, checked against amounts and persons written in the test."""

import datetime

import pytest
from django.urls import reverse

from grants.models import Grant
from grants.monitoring.models import GraduateOutcome, MonitoringVisit
from programs.models import ProgramCycle
from tests.factories import VillageFactory
from tests.grants.factories import GrantSchemeFactory
from tests.pages import table_rows
from training.models import Enrolment

from .conftest import YEAR

pytestmark = pytest.mark.django_db

CEILING = 15_000_000
# person: (status, amount, delivered on)
GRANTS = {
    "Ani": ("disbursed", 2_000_000, datetime.date(2025, 10, 1)),
    "Lina": ("approved", 1_500_000, None),
    "Candra": ("cancelled", 1_000_000, None),
}


@pytest.fixture
def granted(world, paser_staff):
    village = VillageFactory(code="64.01.01.2001")
    scheme = GrantSchemeFactory(name="Stimulan Paser 2025", regency_id="64.01",
                                cycle=ProgramCycle.objects.get(code="A-2025"), budget_ceiling=CEILING)
    grants = {}
    for name, (status, amount, delivered_on) in GRANTS.items():
        enrolment = Enrolment.objects.get(application__person__name=name, batch__cycle__code="A-2025")
        grants[name] = Grant.objects.create(
            scheme=scheme, regency_id="64.01", enrolment=enrolment, person=enrolment.application.person,
            business_type="Kuliner", village=village, plan="Warung", amount=amount, status=status,
            delivered_on=delivered_on, proposed_by=paser_staff)
    # Ani's business was active at the 3-month visit and had closed at the 6-month one; 12 not visited.
    for months, business in ((3, "active"), (6, "closed")):
        MonitoringVisit.objects.create(
            grant=grants["Ani"], regency_id="64.01", months_after=months, status="done", business_status=business,
            due_on=datetime.date(2025, 10, 1) + datetime.timedelta(days=30 * months),
            visited_on=datetime.date(2025, 10, 1) + datetime.timedelta(days=30 * months + 2))
    MonitoringVisit.objects.create(grant=grants["Ani"], regency_id="64.01", months_after=12,
                                   due_on=datetime.date(2026, 10, 1))
    GraduateOutcome.objects.create(person=grants["Ani"].person, status="self_employed",
                                   confirmed_on=datetime.date(2026, 1, 2), confirmed_by=paser_staff)
    return grants


def test_the_budget_shows_ceiling_committed_disbursed_and_remaining(client, granted, paser_staff, bantaeng_staff):
    client.force_login(paser_staff)
    page = client.get(reverse("dashboards:grants"), {"year": YEAR}).content.decode()
    committed = sum(a for s, a, _d in GRANTS.values() if s == "approved")
    disbursed = sum(a for s, a, _d in GRANTS.values() if s == "disbursed")
    rupiah = lambda n: "Rp" + f"{n:,}".replace(",", ".")  # noqa: E731
    [row, total] = table_rows(page, "grants")
    assert row.cells[0] == "Stimulan Paser 2025" and row.cells[2] == "Kabupaten Paser"
    assert row.cells[3:] == [rupiah(CEILING), rupiah(committed), rupiah(disbursed),
                             rupiah(CEILING - committed - disbursed)]
    assert total.cells[3:] == row.cells[3:]
    client.force_login(bantaeng_staff)
    assert "Stimulan Paser 2025" not in client.get(reverse("dashboards:grants"), {"year": YEAR}).content.decode()


def test_the_funnel_counts_the_granted_and_the_businesses_active_at_their_last_visit(client, granted, paser_staff):
    client.force_login(paser_staff)
    rows = table_rows(client.get(reverse("dashboards:funnel"), {"year": YEAR}).content.decode(), "funnel")
    delivered = [n for n, (_s, _a, day) in GRANTS.items() if day and day.year == YEAR]
    assert rows[7].cells[1] == str(len(delivered))
    assert rows[8].cells[1] == "0"  # Ani's latest visit found the business closed
    names = table_rows(client.get(reverse("dashboards:people"), {"step": "granted", "year": YEAR}).content.decode(),
                       "people")
    assert [row.cells[0] for row in names] == delivered


def test_survival_counts_active_over_recipients_that_far_along(client, granted, paser_staff):
    client.force_login(paser_staff)
    rows = table_rows(client.get(reverse("dashboards:grants"), {"year": YEAR}).content.decode(), "survival")
    # one recipient, handed over 2025-10-01: 3 months active, 6 months closed, 12 months not visited
    assert [row.cells[1:] for row in rows] == [["1", "1", "100,0 %"], ["0", "1", "0,0 %"], ["0", "1", "0,0 %"]]


def test_outcomes_count_the_trained_by_their_last_outcome(client, world, granted, paser_staff, paser_official):
    from .test_pages import expected_sets

    trained = expected_sets(world, year=YEAR, districts=("64.01",))["64.01"]["trained"]
    client.force_login(paser_staff)
    rows = {row.cells[0]: row.cells[1] for row in table_rows(
        client.get(reverse("dashboards:grants"), {"year": YEAR}).content.decode(), "outcomes")}
    assert rows["Berwirausaha"] == "1"
    assert rows["Belum dicatat"] == str(len(trained) - 1)
    client.force_login(paser_official)
    rows = {row.cells[0]: row.cells[1] for row in table_rows(
        client.get(reverse("dashboards:grants"), {"year": YEAR}).content.decode(), "outcomes")}
    assert rows["Berwirausaha"] == "< 5"


def _links(page: str, testid: str) -> list[tuple[str, str]]:
    """(text, URL) of each link in the table `testid`."""
    import html
    import re

    start = page.index(f'data-testid="{testid}"')
    table = page[start:page.index("</table>", start)]
    return [(html.unescape(text), html.unescape(url))
            for url, text in re.findall(r'<a href="([^"]+)">([^<]+)</a>', table)]


def _names(client, url: str) -> list[str]:
    return [row.cells[0] for row in table_rows(client.get(url).content.decode(), "people")]


def test_an_outcome_count_leads_staff_to_the_persons_behind_it(client, world, granted, paser_staff):
    from .test_pages import expected_sets

    trained = expected_sets(world, year=YEAR, districts=("64.01",))["64.01"]["trained"]
    client.force_login(paser_staff)
    page = client.get(reverse("dashboards:grants"), {"year": YEAR}).content.decode()
    rows = table_rows(page, "outcomes")
    links = [url for url in (url for _text, url in _links(page, "outcomes")) if "outcome=" in url]
    by_count = {row.cells[0]: row.cells[1] for row in rows}
    assert len(links) == sum(1 for count in by_count.values() if count != "0")  # every non-zero count is a link
    self_employed = next(url for url in links if "outcome=self_employed" in url)
    assert _names(client, self_employed) == ["Ani"]
    not_recorded = next(url for url in links if "outcome=none" in url)
    assert sorted(_names(client, not_recorded)) == sorted(p.title() for p in trained if p != "ani")


def test_a_survival_count_leads_staff_to_the_recipients_behind_it(client, granted, paser_staff, bantaeng_staff):
    client.force_login(paser_staff)
    page = client.get(reverse("dashboards:grants"), {"year": YEAR}).content.decode()
    links = [url for url in (url for _text, url in _links(page, "survival")) if "survival=" in url]
    # 3 months: active 1 and reached 1; 6 and 12 months: reached 1 (active 0 has no link)
    assert len(links) == 4
    active_3 = next(url for url in links if "survival=3" in url and "active=1" in url)
    reached_6 = next(url for url in links if "survival=6" in url and "active=0" in url)
    assert _names(client, active_3) == ["Ani"] and _names(client, reached_6) == ["Ani"]
    active_6 = active_3.replace("survival=3", "survival=6")
    assert _names(client, active_6) == ["Tidak ada."]  # closed at the 6-month visit
    # Another district's staff following the same link find nobody of Paser.
    client.force_login(bantaeng_staff)
    assert _names(client, active_3) == ["Tidak ada."]


def test_an_official_without_names_gets_counts_without_links(client, granted, paser_official):
    client.force_login(paser_official)
    page = client.get(reverse("dashboards:grants"), {"year": YEAR}).content.decode()
    for testid in ("grants", "outcomes", "survival"):
        assert _links(page, testid) == [], testid
    assert client.get(reverse("dashboards:people"), {"step": "granted", "year": YEAR, "survival": 3,
                                                     "active": 1}).status_code == 403


def test_a_scheme_in_the_budget_table_links_staff_to_its_page(client, granted, paser_staff):
    client.force_login(paser_staff)
    page = client.get(reverse("dashboards:grants"), {"year": YEAR}).content.decode()
    scheme = Grant.objects.get(person__name="Ani").scheme
    assert dict(_links(page, "grants"))["Stimulan Paser 2025"] == reverse("grants:scheme-detail", args=[scheme.pk])


@pytest.mark.parametrize("query", [{"step": "trained", "outcome": "bogus"}, {"step": "granted", "outcome": "none"},
                                   {"step": "granted", "survival": "abc"}, {"step": "trained", "survival": "3"},
                                   {"step": "granted", "survival": "0"}])
def test_a_named_list_with_a_made_up_outcome_or_survival_cell_is_not_found(client, granted, paser_staff, query):
    client.force_login(paser_staff)
    assert client.get(reverse("dashboards:people"), {"year": YEAR, **query}).status_code == 404
