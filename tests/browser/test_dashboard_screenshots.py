"""The dashboards in Debian's headless Chromium (issue 11): the official's home page with the
indicators, and the funnel with its Chart.js chart and the table beside it. Screenshots are kept
in var/screenshots/ for a person to look at."""

import pytest
from django.urls import reverse
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from tests.dashboards.conftest import YEAR, world  # noqa: F401 - the fixture of known persons

from .conftest import SCREENSHOTS
from .test_grants_screenshots import full_height, open_page, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DRAWN = "return Array.from(document.querySelectorAll('canvas[data-chart]')).map(c => !!Chart.getChart(c))"


def wait_for_charts(browser):
    WebDriverWait(browser, 10).until(lambda b: (drawn := b.execute_script(DRAWN)) and all(drawn))
    return browser.execute_script(DRAWN)


def test_the_official_sees_the_indicators_and_the_funnel_chart_beside_its_table(browser, live_server, world,  # noqa: F811
                                                                                 kaltim_official):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    sign_in(browser, live_server, kaltim_official.username)

    text = open_page(browser, f"{live_server.url}{reverse('core:dashboard')}?year={YEAR}", "home-official")
    assert len(wait_for_charts(browser)) == 2  # the funnel's and the targets'
    assert "Pendaftar" in text and "Target dan capaian" in text and "Kuota" in text
    full_height(browser, 1280)
    browser.save_screenshot(str(SCREENSHOTS / "dashboard-official-home.png"))

    text = open_page(browser, f"{live_server.url}{reverse('dashboards:funnel')}?year={YEAR}", "table-funnel")
    assert len(wait_for_charts(browser)) == 2  # the funnel, and the districts side by side
    rows = browser.find_elements(By.CSS_SELECTOR, "[data-testid=funnel] tbody tr")
    assert len(rows) == 9 and rows[0].find_element(By.TAG_NAME, "th").text == "Pendaftar"
    assert "Anda melihat jumlah, bukan nama" in text
    full_height(browser, 1280)
    browser.save_screenshot(str(SCREENSHOTS / "dashboard-funnel.png"))
