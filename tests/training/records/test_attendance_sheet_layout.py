"""The attendance sheet as printed (issue 12): the district's letterhead, the place and date
before the signatures, "Page x of N", and never a page holding only the signatures. Read back
with pdftotext (poppler-utils), page by page."""

import subprocess

import pytest
from django.urls import reverse

from core.services import letterhead_save

from .conftest import enrol

pytestmark = pytest.mark.django_db


def pages_text(content: bytes) -> list[str]:
    """The text of each page (pdftotext separates pages with a form feed)."""
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True).stdout
    return [" ".join(page.decode().split()) for page in text.split(b"\f") if page.strip()]


def sheet(client, batch, **query) -> list[str]:
    response = client.get(reverse("training:attendance-sheet-pdf", args=[batch.pk]), query)
    assert response.status_code == 200
    return pages_text(response.content)


@pytest.fixture
def paser_letterhead(paser, paser_staff):
    letterhead_save(regency=paser, by=paser_staff, government_name="PEMERINTAH KABUPATEN PASER",
                    office_name="DINAS TENAGA KERJA", address="Jl. Jenderal Sudirman No. 1, Tana Paser",
                    contact="", place="Tana Paser")


def test_the_sheet_carries_the_districts_letterhead_place_date_and_page_numbers(
    client, paser_blk_admin, paser_batch, paser_letterhead
):
    client.force_login(paser_blk_admin)
    pages = sheet(client, paser_batch)
    assert len(pages) == 1
    text = pages[0]
    assert text.startswith("PEMERINTAH KABUPATEN PASER DINAS TENAGA KERJA Jl. Jenderal Sudirman No. 1, Tana Paser")
    last_day = paser_batch.end_date
    assert f"Tana Paser, {last_day.day} {last_day:%b} {last_day.year}" in text
    assert "Instructor," in text and "Head of the training provider," in text
    assert text.endswith("Page 1 of 1")


def test_a_session_sheet_is_dated_the_day_of_the_session(client, paser_blk_admin, paser_batch, paser_letterhead):
    session = paser_batch.sessions.order_by("starts_at").last()  # 11 August 2026, 08.00–12.00
    client.force_login(paser_blk_admin)
    text = sheet(client, paser_batch, session=session.pk)[0]
    assert "Tana Paser, 11 Aug 2026" in text
    assert "Session of 11 Aug 2026, 08.00–12.00 WITA" in text


def test_a_district_without_a_letterhead_gets_its_own_name_and_town(client, paser_blk_admin, paser_batch):
    client.force_login(paser_blk_admin)
    text = sheet(client, paser_batch)[0]
    assert text.startswith("PEMERINTAH KABUPATEN PASER")
    assert "Kabupaten Paser, " in text


def test_the_signatures_never_stand_alone_on_a_page_whatever_the_size_of_the_roster(
    client, paser_blk_admin, paser_batch, paser_letterhead
):
    client.force_login(paser_blk_admin)
    lengths = set()
    for count in range(4, 40):
        enrol(paser_batch, f"Peserta {count:02d}")
        pages = sheet(client, paser_batch)
        lengths.add(len(pages))
        signed = pages[-1]
        assert "Head of the training provider," in signed
        # The page of the signatures lists participants too (the last ones of the roster).
        assert f"Peserta {count:02d}" in signed, (count, signed[:200])
        for number, page in enumerate(pages, start=1):
            assert page.endswith(f"Page {number} of {len(pages)}"), (count, number)
    assert {1, 2, 3} <= lengths  # the sweep went through page breaks
