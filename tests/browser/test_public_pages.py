"""The residents' pages in headless Chromium, on a phone (390 x 844) and a laptop (1366 x 768):
no serious or critical axe-core violation, no sideways scroll, the pre-check and the status
lookup answered. (The demo sweep of test_accessibility.py opens them too, as the anonymous
visitor.) Screenshots go to var/screenshots/public-*.png."""

from datetime import date

import pytest
from django.core.cache import cache
from django.urls import reverse
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from tests.participants.factories import ApplicationFactory
from tests.public.conftest import open_cycle

from .conftest import SCREENSHOTS
from .test_accessibility import FAILING_IMPACTS, axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def public_data(paser, tabalong):
    cache.clear()
    psk = open_cycle("PSK-2026", program="Pelatihan Keterampilan Pemuda Putus Sekolah",
                     rules={"max_age": 20, "age_reference_date": "2026-07-31", "school_status": ["putus_sekolah"],
                            "require_dtks": True, "regions": ["64.01"]}, quotas={paser: 40})
    open_cycle("PKT-2026", program="Pelatihan Kerja Tabalong", rules={"min_age": 17, "regions": ["63.09"]},
               quotas={tabalong: 25})
    application = ApplicationFactory(cycle=psk, person__birth_date=date(2007, 5, 9))
    yield {"cycle": psk, "application": application}
    cache.clear()


def serious(browser, label) -> list[str]:
    return [f"{label}: {v['id']} ({v['impact']}) {[n['target'][0] for n in v['nodes']]}"
            for v in axe_violations(browser) if (v["impact"] or "minor") in FAILING_IMPACTS]


def sideways(browser) -> int:
    return browser.execute_script("return document.documentElement.scrollWidth - document.documentElement.clientWidth")


@pytest.mark.parametrize(("width", "height"), [(390, 844), (1366, 768)])
def test_the_public_pages_are_accessible_and_fit_a_phone(browser, live_server, public_data, width, height):
    browser.set_window_size(width, height)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    problems = []

    def visit(path, label):
        browser.get(live_server.url + path)
        WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.TAG_NAME, "main")))
        check(label)

    def check(label):
        problems.extend(serious(browser, label))
        if sideways(browser) > 0:
            problems.append(f"{label}: scrolls sideways by {sideways(browser)} px")
        browser.save_screenshot(str(SCREENSHOTS / f"public-{label}-{width}.png"))

    visit(reverse("public:catalog"), "catalog")
    visit(reverse("public:cycle-detail", args=[public_data["cycle"].code]), "cycle")
    visit(reverse("public:precheck"), "precheck")
    browser.find_element(By.NAME, "birth_date").send_keys("09-05-2007")
    for name, value in (("school_status", "putus_sekolah"), ("education", "smp"), ("regency", "64.01")):
        browser.find_element(By.CSS_SELECTOR, f"select[name={name}] option[value='{value}']").click()
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=precheck-result]")))
    check("precheck-result")
    visit(reverse("public:status"), "status")
    browser.find_element(By.NAME, "registration_number").send_keys(public_data["application"].registration_number)
    browser.find_element(By.NAME, "birth_date").send_keys("09-05-2007")
    browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]").click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=status-answer]")))
    check("status-answer")
    assert not problems, "\n".join(problems)
