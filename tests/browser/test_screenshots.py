"""The login page and the signed-in shell in Debian's headless Chromium, with screenshots kept
in var/screenshots/ for a person to look at."""

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from .conftest import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_dinsos_officer_signs_in_and_sees_the_dashboard_shell(browser, live_server, paser_staff):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.get(live_server.url + "/")
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.NAME, "username")))
    assert browser.find_element(By.TAG_NAME, "h1").text == "Masuk"
    # Bootstrap from static/vendor styled the page: the submit button is blue, not grey.
    button = browser.find_element(By.CSS_SELECTOR, "button[type=submit].btn-primary")
    assert button.value_of_css_property("background-color") != "rgba(239, 239, 239, 1)"
    browser.save_screenshot(str(SCREENSHOTS / "login.png"))

    browser.find_element(By.NAME, "username").send_keys("staf.paser")
    browser.find_element(By.NAME, "password").send_keys("portal-test-pass")
    button.click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=main-menu]")))
    menu = browser.find_element(By.CSS_SELECTOR, "[data-testid=main-menu]").text
    assert "Dasbor" in menu and "Pendaftar" in menu
    # A Dinas Sosial officer does not run BLK batches: no Training entry (the batch list).
    assert not browser.find_elements(By.CSS_SELECTOR, "[data-testid=main-menu] a[href='/training/batches/']")
    assert "Kabupaten Paser" in browser.find_element(By.CSS_SELECTOR, ".navbar").text
    browser.save_screenshot(str(SCREENSHOTS / "dashboard.png"))


def test_a_blk_admin_sees_the_batch_roster_and_the_month_calendar(
    browser, live_server, paser_blk_admin, paser_provider
):
    import datetime

    from tests.training.factories import BatchFactory, BatchSessionFactory, EnrolmentFactory

    batch = BatchFactory(provider=paser_provider, name="Tata Boga Angkatan 1")
    for day in (10, 11, 12):
        BatchSessionFactory(batch=batch, day=datetime.date(2026, 8, day))
    enrolment = EnrolmentFactory(batch=batch)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.get(live_server.url + "/")
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.NAME, "username")))
    browser.find_element(By.NAME, "username").send_keys("blk.paser")
    browser.find_element(By.NAME, "password").send_keys("portal-test-pass")
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=main-menu]")))
    assert "Pelatihan" in browser.find_element(By.CSS_SELECTOR, "[data-testid=main-menu]").text

    browser.get(f"{live_server.url}/training/batches/{batch.pk}/")
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.TAG_NAME, "h1")))
    assert "Tata Boga Angkatan 1" in browser.find_element(By.TAG_NAME, "h1").text
    assert enrolment.application.person.name in browser.find_element(By.TAG_NAME, "main").text
    browser.save_screenshot(str(SCREENSHOTS / "batch.png"))

    browser.get(f"{live_server.url}/training/providers/{paser_provider.pk}/calendar/?view=month&month=2026-08")
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.TAG_NAME, "h1")))
    page = browser.find_element(By.TAG_NAME, "main").text
    assert "Agustus 2026" in page and "Senin" in page and "Tata Boga Angkatan 1" in page
    browser.save_screenshot(str(SCREENSHOTS / "calendar.png"))
