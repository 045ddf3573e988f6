"""Issue 12 in Debian's headless Chromium, screenshots in var/screenshots/ for a person to look
at: the results form at 1366 x 768 (no field too narrow to read), the searchable kabupaten/kota
picker of the cycle form, and the attendance sheet PDF drawn to PNG by pdftoppm."""

import datetime
import subprocess

import pytest
from django.urls import reverse
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from .conftest import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(browser, live_server, username):
    browser.delete_all_cookies()
    browser.get(live_server.url + reverse("login"))
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.NAME, "username")))
    browser.find_element(By.NAME, "username").send_keys(username)
    browser.find_element(By.NAME, "password").send_keys("portal-test-pass")
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=main-menu]")))


@pytest.fixture
def batch(paser_provider):
    from tests.training.factories import BatchFactory, BatchSessionFactory, EnrolmentFactory

    batch = BatchFactory(provider=paser_provider, name="Tata Boga Angkatan 1")
    for day in range(3, 29):
        if datetime.date(2026, 8, day).weekday() < 5:
            BatchSessionFactory(batch=batch, day=datetime.date(2026, 8, day))
    for _number in range(10):
        EnrolmentFactory(batch=batch)
    return batch


def test_every_field_of_the_results_form_is_wide_enough_to_read_at_1366(browser, live_server, paser_blk_admin, batch):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": 1366, "height": 768, "deviceScaleFactor": 1, "mobile": False})
    sign_in(browser, live_server, "blk.paser")
    browser.get(live_server.url + reverse("training:results", args=[batch.pk]))
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=results]")))
    widths = browser.execute_script(
        "return [...document.querySelectorAll('[data-testid=results] input, [data-testid=results] select')]"
        ".map(e => [e.name, e.clientWidth, e.tagName == 'SELECT' ? e.options[e.selectedIndex].text : '']);")
    assert len(widths) == 10 * 8
    narrow = [(name, width) for name, width, _text in widths if width < 180]
    assert narrow == []
    # "Dalam pelatihan" (in training), the longest outcome, is not cut off: the select is wider than its text.
    text_widths = browser.execute_script(
        "const c = document.createElement('canvas').getContext('2d');"
        "return [...document.querySelectorAll('[data-testid=results] select')].map(e => {"
        "  c.font = getComputedStyle(e).font;"
        "  return [e.clientWidth, c.measureText(e.options[e.selectedIndex].text).width];});")
    assert all(text + 40 <= width for width, text in text_widths), text_widths
    assert browser.execute_script("return document.documentElement.scrollWidth <= document.documentElement.clientWidth")
    browser.save_screenshot(str(SCREENSHOTS / "results-form-1366.png"))


def test_the_cycle_form_picks_a_district_by_typing_among_the_users_province(
    browser, live_server, paser_staff, bantaeng
):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.set_window_size(1366, 1100)
    sign_in(browser, live_server, "staf.paser")
    browser.get(live_server.url + reverse("programs:cycle-create"))
    search = WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, ".ts-control input")))
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'}); arguments[0].focus();", search)
    search.send_keys("pas")
    option = WebDriverWait(browser, 10).until(
        EC.visibility_of_element_located((By.CSS_SELECTOR, ".ts-dropdown .option")))
    assert "64.01" in option.text
    # Bantaeng (Sulawesi Selatan) is not among a Paser officer's choices.
    assert browser.execute_script(
        "return [...document.querySelectorAll('select[name=regions] option')].map(o => o.value)") == ["64.01"]
    browser.save_screenshot(str(SCREENSHOTS / "cycle-form-region-picker.png"))
    browser.execute_script("arguments[0].click();", option)
    chosen = browser.find_element(By.CSS_SELECTOR, ".ts-control .item")
    assert "64.01" in chosen.text


def test_the_attendance_sheet_pdf_drawn_to_png(client, paser_blk_admin, batch, tmp_path):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    client.force_login(paser_blk_admin)
    response = client.get(reverse("training:attendance-sheet-pdf", args=[batch.pk]), HTTP_ACCEPT_LANGUAGE="id")
    assert response.status_code == 200
    pdf = tmp_path / "daftar-hadir.pdf"
    pdf.write_bytes(response.content)
    for old in SCREENSHOTS.glob("attendance-sheet-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "70", str(pdf), str(SCREENSHOTS / "attendance-sheet")], check=True)
    pages = sorted(SCREENSHOTS.glob("attendance-sheet-*.png"))
    assert len(pages) >= 2
    text = subprocess.run(["pdftotext", "-f", str(len(pages)), "-l", str(len(pages)), str(pdf), "-"],
                          capture_output=True, check=True, text=True).stdout
    assert "Kepala lembaga pelatihan," in text and f"Halaman {len(pages)} dari {len(pages)}" in text
