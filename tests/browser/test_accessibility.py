"""Accessibility and layout in Debian's headless Chromium, on the seeded demo.

Each demo role signs in and opens a representative page of every kind it can reach (lists,
details, forms, calendars, dashboards, the results form, the quota editor, ...); axe-core
(npm, node_modules/axe-core) is injected into each page and every serious or critical
violation fails the test. All violations, of every impact, are counted in
var/axe-report.json for a person to compare.

The shell is checked at a laptop's 1366 x 768 and a phone's 390 x 844: no horizontal scroll,
and the user's name, role and district in view. Screenshots go to var/screenshots/."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from tests.demo_pages import PASSWORD, demo_seed, pages_by_role

from .conftest import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
REPORT = Path(settings.BASE_DIR) / "var" / "axe-report.json"
FAILING_IMPACTS = {"serious", "critical"}


@pytest.fixture
def demo(tmp_path, settings):
    demo_seed(tmp_path=tmp_path, settings=settings)


def sign_in(browser, live_server, username):
    browser.delete_all_cookies()
    browser.get(live_server.url + reverse("login"))
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.NAME, "username")))
    browser.find_element(By.NAME, "username").send_keys(username)
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=main-menu]")))


def axe_violations(browser) -> list[dict]:
    browser.execute_script(AXE.read_text(encoding="utf-8"))
    browser.set_script_timeout(60)
    result = browser.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations), e => done(String(e)));"
    )
    assert isinstance(result, list), result
    return result


def test_every_page_of_every_demo_role_has_no_serious_or_critical_axe_violation(browser, live_server, demo, client):
    from accounts.models import User

    counts: dict[str, dict[str, int]] = {}
    failures = []
    details = []
    pages = 0
    for username, urls in pages_by_role().items():
        if username:
            sign_in(browser, live_server, username)
        else:
            browser.delete_all_cookies()
        if username:
            client.force_login(User.objects.get(username=username))
        else:
            client.logout()
        for path in urls:
            assert client.get(path).status_code == 200, f"{username} {path}"
            browser.get(live_server.url + path)
            WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.TAG_NAME, "main")))
            assert "Traceback" not in browser.page_source, path
            pages += 1
            for violation in axe_violations(browser):
                impact = violation["impact"] or "minor"
                by_rule = counts.setdefault(impact, {})
                by_rule[violation["id"]] = by_rule.get(violation["id"], 0) + len(violation["nodes"])
                if impact in FAILING_IMPACTS:
                    targets = [node["target"][0] for node in violation["nodes"]]
                    failures.append(f"{username or 'anonymous'} {path}: {violation['id']} ({impact}) {targets}")
                    details.append({"user": username, "path": path, "rule": violation["id"], "impact": impact,
                                    "nodes": [(node["target"][0], node["html"][:200], node["failureSummary"][:300])
                                              for node in violation["nodes"]]})
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    totals = {impact: sum(rules.values()) for impact, rules in counts.items()}
    REPORT.write_text(json.dumps({"pages": pages, "totals": totals, "by_rule": counts, "failing": details},
                                 indent=2, ensure_ascii=False), encoding="utf-8")
    assert not failures, f"{len(failures)} serious/critical axe violations:\n" + "\n".join(failures)


def layout_problems(browser) -> list[str]:
    problems = []
    overflow = browser.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    if overflow > 0:
        problems.append(f"the page scrolls sideways by {overflow} px")
    user = browser.find_element(By.CSS_SELECTOR, "[data-testid=user-menu]")
    box = browser.execute_script("const r = arguments[0].getBoundingClientRect();"
                                 "return [r.left, r.right, r.top, r.bottom, window.innerWidth];", user)
    if not user.is_displayed() or box[0] < 0 or box[1] > box[4]:
        problems.append(f"the user menu is not in view: {box}")
    clipped = browser.execute_script(
        "return [...document.querySelectorAll('[data-testid=user-role-area], [data-testid=user-role-area] *')]"
        ".filter(e => e.offsetParent && e.scrollWidth > e.clientWidth + 1).map(e => e.textContent);")
    if clipped:
        problems.append(f"the role or district is cut off: {clipped}")
    return problems


@pytest.mark.parametrize("width,height,name", [(1366, 768, "laptop"), (390, 844, "phone")])
def test_the_shell_fits_a_laptop_and_a_phone_with_the_users_role_and_district_in_view(
    browser, live_server, demo, width, height, name
):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # Exactly this viewport (a headless window is never narrower than 500 px), a touch phone's at 390.
    browser.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 500})
    for username, role, area in (("admin", "Administrator sistem", "Semua wilayah"),
                                 ("staf.paser", "Staf Dinas Sosial", "Kabupaten Paser"),
                                 ("pejabat.kaltim", "Pejabat", "Kalimantan Timur")):
        sign_in(browser, live_server, username)
        browser.get(live_server.url + reverse("core:dashboard"))
        WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.TAG_NAME, "main")))
        assert layout_problems(browser) == [], username
        user = browser.find_element(By.CSS_SELECTOR, "[data-testid=user-menu]").text
        assert role.lower() in user.lower() and area.lower() in user.lower(), user
        browser.save_screenshot(str(SCREENSHOTS / f"shell-{name}-{username}.png"))
    if name == "phone":
        toggle = browser.find_element(By.CSS_SELECTOR, "[data-testid=menu-toggle]")
        toggle.click()
        WebDriverWait(browser, 5).until(
            EC.visibility_of_element_located((By.CSS_SELECTOR, "[data-testid=main-menu] a")))
        browser.save_screenshot(str(SCREENSHOTS / "shell-phone-menu-open.png"))
