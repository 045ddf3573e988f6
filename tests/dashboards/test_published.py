"""The official figures: an official publishes the year's figures of their area as a frozen,
audited snapshot; it never changes (the model and the database refuse); a correction is a new
version, and its page lists the figures it changed, old → new."""

import pytest
from django.db import IntegrityError, InternalError, connection, transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from audit.models import AuditEvent
from core.errors import PortalError
from dashboards.indicators import INDICATORS_BY_KEY, indicators_compute
from dashboards.models import PublishedReport, PublishedReportChangeRefused
from dashboards.published.services import report_publish
from programs.models import DistrictTarget
from tests.factories import UserFactory
from tests.pages import table_rows

from .conftest import YEAR

pytestmark = pytest.mark.django_db


def test_an_official_publishes_the_year_figures_of_their_district_frozen_with_who_and_when(world, paser_official):
    report = report_publish(by=paser_official, year=YEAR, note="")
    assert (report.year, report.scope, report.version, report.published_by) == (YEAR, "64.01", 1, paser_official)
    assert report.published_at is not None and report.computed_at <= report.published_at
    # The figures are those of §12 for Paser only, as report_indicators gives them.
    assert report.figures["indicators"] == indicators_compute(year=YEAR, regency_codes=["64.01"]).as_dict()
    assert [d["region"] for d in report.figures["indicators"]["districts"]] == ["64.01"]
    event = AuditEvent.objects.get(action="dashboards.publish")
    assert event.actor == paser_official and event.target_id == str(report.pk)
    assert event.after["version"] == 1 and event.after["trained"] == report.figures["indicators"]["total"]["trained"]


def test_a_province_official_publishes_every_district_of_the_province(world, kaltim_official):
    report = report_publish(by=kaltim_official, year=YEAR)
    assert report.scope == "64"
    # Paser (64.01) and Kutai Kartanegara (64.02) are in Kalimantan Timur; Tabalong (63.09) is not.
    assert {d["region"] for d in report.figures["indicators"]["districts"]} <= {"64.01", "64.02"}
    assert "63.09" not in {d["region"] for d in report.figures["indicators"]["districts"]}


def test_a_published_report_cannot_be_changed_or_deleted_by_the_model(world, paser_official):
    report = report_publish(by=paser_official, year=YEAR)
    report.note = "edited"
    with pytest.raises(PublishedReportChangeRefused):
        report.save()
    with pytest.raises(PublishedReportChangeRefused):
        report.delete()
    report.refresh_from_db()
    assert report.note == ""


@pytest.mark.parametrize("statement", [
    "UPDATE dashboards_publishedreport SET figures = '{}'::jsonb WHERE id = %s",
    "DELETE FROM dashboards_publishedreport WHERE id = %s",
])
def test_the_database_refuses_any_update_or_delete_of_a_published_report(world, paser_official, statement):
    report = report_publish(by=paser_official, year=YEAR)
    with pytest.raises((IntegrityError, InternalError), match="never changes"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(statement, [report.pk])
    with pytest.raises((IntegrityError, InternalError)), transaction.atomic():
        PublishedReport.objects.filter(pk=report.pk).update(note="edited")
    assert PublishedReport.objects.get(pk=report.pk).figures == report.figures


def test_publishing_again_with_nothing_changed_is_refused(world, paser_official):
    report_publish(by=paser_official, year=YEAR)
    with pytest.raises(PortalError, match="versi(on)? 1"):
        report_publish(by=paser_official, year=YEAR)
    assert PublishedReport.objects.count() == 1


def test_a_correction_is_a_new_version_and_its_page_lists_the_changed_figures_old_to_new(
        world, paser_official, client):
    first = report_publish(by=paser_official, year=YEAR)
    DistrictTarget.objects.filter(year=YEAR, regency_id="64.01").update(target=8)  # it was 4
    second = report_publish(by=paser_official, year=YEAR, note="Target direvisi")
    assert second.version == 2
    assert PublishedReport.objects.get(pk=first.pk).figures == first.figures  # version 1 unchanged
    client.force_login(paser_official)
    page = client.get(reverse("dashboards:published-changes", args=[second.pk]))
    rows = [row.cells for row in table_rows(page.content.decode(), "changes-table")]
    trained = first.figures["indicators"]["districts"][0]["trained"]
    with translation.override("id"):  # the portal's default language, as the page was drawn
        section, total, targets = gettext("Indicators"), gettext("Total"), gettext("Targets and achievement")
        target, achievement = (str(INDICATORS_BY_KEY[key].label) for key in ("target", "achievement_pct"))
    assert [section, "64.01", target, "4", "→", "8"] in rows
    old_pct, new_pct = (f"{trained * 1000 // t / 10:.1f} %".replace(".", ",") for t in (4, 8))
    assert [section, "64.01", achievement, old_pct, "→", new_pct] in rows
    # The total changes with it, and the dashboard's tables that show the target; nothing else.
    assert [section, total, target, "4", "→", "8"] in rows
    assert [targets, "Kabupaten Paser", target, "4", "→", "8"] in rows
    assert [targets, "Kabupaten Paser", achievement, old_pct, "→", new_pct] in rows
    assert {(row[2], row[3], row[5]) for row in rows} == {(target, "4", "8"), (achievement, old_pct, new_pct)}


def test_staff_read_the_official_figures_but_only_an_official_publishes(world, paser_staff, paser_official, client):
    client.force_login(paser_staff)
    assert client.post(reverse("dashboards:published-create"), {"year": YEAR}).status_code == 403
    assert not PublishedReport.objects.exists()
    client.force_login(paser_official)
    response = client.post(reverse("dashboards:published-create"), {"year": YEAR, "note": ""})
    report = PublishedReport.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("dashboards:published-detail",
                                                                         args=[report.pk])
    client.force_login(paser_staff)
    page = client.get(reverse("dashboards:published-detail", args=[report.pk]))
    assert page.status_code == 200
    cells = [row.cells for row in table_rows(page.content.decode(), "published-indicators")]
    assert cells[0][0] == "64.01" and cells[-1][0] == "Total"  # "Total" in both languages
    assert "pejabat.paser" in page.content.decode() or paser_official.get_full_name() in page.content.decode()


def test_another_district_never_sees_a_publication(world, paser_official, bantaeng, client):
    report = report_publish(by=paser_official, year=YEAR)
    other = UserFactory(username="pejabat.bantaeng", role="official", regency=bantaeng)
    client.force_login(other)
    assert client.get(reverse("dashboards:published-detail", args=[report.pk])).status_code == 404
    assert client.get(reverse("dashboards:published-changes", args=[report.pk])).status_code == 404
    listing = client.get(reverse("dashboards:published-list"))
    assert listing.status_code == 200 and 'data-testid="published-table"' not in listing.content.decode()


def test_a_year_without_figures_is_refused_with_a_message(paser_official, client):
    client.force_login(paser_official)
    response = client.post(reverse("dashboards:published-create"), {"year": 2031}, follow=True)
    assert response.status_code == 200
    assert not PublishedReport.objects.exists()
    assert "2031" in " ".join(str(m) for m in response.context["messages"])


def test_a_publication_downloads_as_the_figures_it_froze_whatever_the_data_say_today(world, paser_official, client):
    from io import BytesIO

    from openpyxl import load_workbook

    report = report_publish(by=paser_official, year=YEAR)
    DistrictTarget.objects.filter(year=YEAR, regency_id="64.01").update(target=8)  # after publishing
    client.force_login(paser_official)
    response = client.get(reverse("dashboards:published-xlsx", args=[report.pk]))
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.content))
    assert len(book.worksheets) == 1 + len(report.figures["tables"])
    sheet = book.worksheets[0]
    header = int(sheet.freeze_panes[1:]) - 1
    above = [sheet.cell(row=r, column=1).value for r in range(2, header)]
    assert any(str(line).endswith(": 1") for line in above)  # the version
    with translation.override("id"):
        target = str(INDICATORS_BY_KEY["target"].label)
    labels = [cell.value for cell in sheet[header]]
    paser = dict(zip(labels, [cell.value for cell in sheet[header + 1]], strict=True))
    assert paser[labels[0]] == "Kabupaten Paser" and paser[target] == 4  # as published, not today's 8


@pytest.mark.parametrize("year", ["99999999999999999999", "-5", "tahun"])
def test_an_impossible_year_is_refused_with_a_message_not_an_error_page(paser_official, client, year):
    client.force_login(paser_official)
    response = client.post(reverse("dashboards:published-create"), {"year": year}, follow=True)
    assert response.status_code == 200
    assert not PublishedReport.objects.exists()
    with translation.override("id"):
        expected = gettext("Choose a year.")
    assert expected in [str(m) for m in response.context["messages"]]


def test_figures_are_frozen_in_the_portals_language_whatever_the_publisher_speaks(world, paser_official):
    with translation.override("en"):
        first = report_publish(by=paser_official, year=YEAR)
    with translation.override("id"):
        titles = {str(table["title"]) for table in first.figures["tables"].values()}
        assert gettext("Targets and achievement") in titles
        # The same figures published again from the Indonesian interface: nothing to correct.
        with pytest.raises(PortalError):
            report_publish(by=paser_official, year=YEAR)
    assert PublishedReport.objects.count() == 1


def _pdf_text(content: bytes, tmp_path) -> str:
    import subprocess

    path = tmp_path / "published.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_a_publication_prints_as_a_pdf_of_the_figures_it_froze(world, paser_official, client, tmp_path):
    report = report_publish(by=paser_official, year=YEAR, note="Koreksi data Kecamatan Tanah Grogot")
    DistrictTarget.objects.filter(year=YEAR, regency_id="64.01").update(target=97)  # after publishing
    client.force_login(paser_official)
    page = client.get(reverse("dashboards:published-detail", args=[report.pk])).content.decode()
    url = reverse("dashboards:published-pdf", args=[report.pk])
    assert f'href="{url}"' in page
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert f'angka-resmi-{YEAR}-6401-v1.pdf' in response["Content-Disposition"]
    text = " ".join(_pdf_text(response.content, tmp_path).split())
    assert f"Angka resmi {YEAR}, Kabupaten Paser, versi 1" in text
    assert "PEMERINTAH KABUPATEN PASER" in text and "Koreksi data Kecamatan Tanah Grogot" in text
    for frozen in report.figures["tables"].values():
        assert frozen["title"] in text
    # The indicators as published (printed turned: one line per indicator, Paser then the total):
    # the target of that day (4), not today's 97.
    lines = [line.split() for line in _pdf_text(response.content, tmp_path).splitlines()]
    published = report.figures["indicators"]["districts"][0]
    assert ["Target", "4", "4"] in lines
    assert ["Pendaftar", str(published["applicants"]), str(published["applicants"])] in lines
    assert "97" not in text


def test_a_province_publication_prints_under_the_provinces_name(world, kaltim_official, client, tmp_path):
    report = report_publish(by=kaltim_official, year=YEAR)
    client.force_login(kaltim_official)
    content = client.get(reverse("dashboards:published-pdf", args=[report.pk])).content
    text = " ".join(_pdf_text(content, tmp_path).split())
    assert report.scope_name == "Kalimantan Timur" and "PEMERINTAH PROVINSI KALIMANTAN TIMUR" in text


def test_another_district_cannot_print_a_publication(world, paser_official, bantaeng, client):
    report = report_publish(by=paser_official, year=YEAR)
    client.force_login(UserFactory(username="pejabat.bantaeng", role="official", regency=bantaeng))
    assert client.get(reverse("dashboards:published-pdf", args=[report.pk])).status_code == 404


def test_the_published_tables_are_captioned_for_screen_readers(world, paser_official, client):
    report = report_publish(by=paser_official, year=YEAR)
    client.force_login(paser_official)
    page = client.get(reverse("dashboards:published-detail", args=[report.pk])).content.decode()
    titles = [frozen["title"] for frozen in report.figures["tables"].values()]
    assert page.count('<caption class="visually-hidden">') == 1 + len(titles)
    for title in titles:
        assert f'<caption class="visually-hidden">{title}</caption>' in page
