"""Grants in Debian's headless Chromium (issue 10): a proposal with the graduate's training path
beside it, the approval page with the remaining budget before and after, the BAST (its PDF drawn
to PNG by pdftoppm), and the visit form on a phone 390 px wide. Screenshots are kept in
var/screenshots/ for a person to look at."""

import subprocess
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

from accounts.roles import Role
from tests.factories import UserFactory

from .conftest import SCREENSHOTS

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(browser, live_server, username):
    browser.delete_all_cookies()
    browser.get(live_server.url + "/accounts/login/")
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.NAME, "username")))
    browser.find_element(By.NAME, "username").send_keys(username)
    browser.find_element(By.NAME, "password").send_keys("portal-test-pass")
    browser.find_element(By.CSS_SELECTOR, "button[type=submit]").click()
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, "[data-testid=main-menu]")))


def open_page(browser, url, testid):
    browser.get(url)
    WebDriverWait(browser, 10).until(EC.presence_of_element_located((By.CSS_SELECTOR, f"[data-testid={testid}]")))
    return browser.find_element(By.TAG_NAME, "main").text


def full_height(browser, width):
    height = browser.execute_script("return document.documentElement.scrollHeight")
    browser.set_window_size(width, max(height + 120, 700))


@pytest.fixture
def world(paser, paser_village, paser_provider, paser_staff, paser_official):
    from core.services import letterhead_save
    from grants.monitoring.services import visits_schedule
    from grants.proposals import services
    from tests.grants.factories import GrantSchemeFactory, SchemeItemFactory, graduate
    from tests.programs.factories import ProgramCycleFactory
    from tests.training.factories import BatchSessionFactory

    staff2 = UserFactory(username="staf2.paser", first_name="Rina", last_name="Pendamping", role=Role.DINSOS_STAFF,
                         regency=paser)
    letterhead_save(regency=paser, by=paser_staff, government_name="PEMERINTAH KABUPATEN PASER",
                    office_name="DINAS SOSIAL", address="Tana Paser, Kalimantan Timur", contact="", place="Tana Paser")
    cycle = ProgramCycleFactory(code="PSK-2026", year=2026)
    cash = GrantSchemeFactory(code="BST-PSR-2026", name="Bantuan Stimulan Usaha 2026", regency=paser, cycle=cycle,
                              amount_per_recipient=2_500_000, budget_ceiling=25_000_000,
                              second_approval_above=2_000_000)
    equipment = GrantSchemeFactory(code="BPU-PSR-2026", name="Bantuan Peralatan Usaha Boga 2026", regency=paser,
                                   cycle=cycle, kind="equipment", amount_per_recipient=None, budget_ceiling=20_000_000)
    kompor = SchemeItemFactory(scheme=equipment, name="Kompor gas dua tungku", unit_price=850_000, position=0)
    etalase = SchemeItemFactory(scheme=equipment, name="Etalase kaca", unit_price=1_250_000, position=1)

    def propose(scheme, enrolment, **kwargs):
        return services.grant_create(
            by=paser_staff, scheme=scheme, enrolment=enrolment, business_type="Warung sembako",
            business_name="Warung Bu Siti", village=paser_village, officer=staff2,
            plan="Membuka warung sembako di depan rumah; belanja stok di pasar Tana Paser setiap minggu.",
            bank_name="Bank Kaltimtara", bank_account_number="0012345678",
            bank_account_name=enrolment.application.person.name, **kwargs)

    siti = graduate(cycle=cycle, provider=paser_provider, name="Siti Rahmawati")
    for day in (10, 11, 12):
        BatchSessionFactory(batch=siti.batch, day=siti.batch.start_date.replace(day=day))
    proposal = propose(cash, siti, amount=2_000_000)
    proposal = services.grant_submit(grant=proposal, by=paser_staff)
    proposal = services.grant_verify(grant=proposal, by=staff2, note="KTP, KK dan sertifikat sesuai")
    earlier = propose(cash, graduate(cycle=cycle, provider=paser_provider, name="Budi Santoso"), amount=2_000_000)
    services.grant_approve(grant=services.grant_verify(grant=services.grant_submit(grant=earlier, by=paser_staff),
                                                       by=staff2), by=paser_official)
    dewi = graduate(cycle=cycle, provider=paser_provider, name="Dewi Hidayat")
    equipment_grant = propose(equipment, dewi, items=[(kompor, 1), (etalase, 1)])
    equipment_grant = services.grant_verify(grant=services.grant_submit(grant=equipment_grant, by=paser_staff),
                                            by=staff2)
    equipment_grant = services.grant_approve(grant=equipment_grant, by=paser_official)
    services.handover_record(grant=equipment_grant, by=paser_staff, handed_over_on=timezone.localdate()
                             - timedelta(days=95), place="Aula Dinas Sosial, Tana Paser", officer=staff2,
                             officer_position="Kepala Seksi Pemberdayaan Sosial")
    visits_schedule()
    return {"proposal": proposal, "equipment": equipment_grant, "staff2": staff2}


def test_screenshots_of_a_proposal_its_approval_the_bast_and_the_visit_form_on_a_phone(
    browser, live_server, world, paser_staff, paser_official
):
    from django.test import Client

    from grants.models import MonitoringVisit

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    proposal = world["proposal"]

    sign_in(browser, live_server, "staf.paser")
    browser.set_window_size(1280, 900)
    text = open_page(browser, live_server.url + reverse("grants:grant-detail", args=[proposal.pk]), "training-beside")
    assert "Siti Rahmawati" in text and "Diverifikasi" in text and "Rp2.000.000" in text
    assert "Jalur pelatihan" in text or "Sertifikat" in text  # the training path beside the proposal
    full_height(browser, 1280)
    browser.save_screenshot(str(SCREENSHOTS / "grant-proposal.png"))

    sign_in(browser, live_server, "pejabat.paser")
    browser.set_window_size(1280, 900)
    text = open_page(browser, live_server.url + reverse("grants:grant-approve", args=[proposal.pk]), "budget-check")
    before = browser.find_element(By.CSS_SELECTOR, "[data-testid=remaining-before]").text
    after = browser.find_element(By.CSS_SELECTOR, "[data-testid=remaining-after]").text
    assert (before, after) == ("Rp23.000.000", "Rp21.000.000")
    assert "Setujui" in text
    full_height(browser, 1280)
    browser.save_screenshot(str(SCREENSHOTS / "grant-approval.png"))

    # The BAST: downloaded as the officer would, drawn to PNG.
    client = Client()
    client.force_login(paser_staff)
    pdf = client.get(reverse("grants:grant-bast", args=[world["equipment"].pk])).content
    (SCREENSHOTS / "grant-bast.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-singlefile", str(SCREENSHOTS / "grant-bast.pdf"),
                    str(SCREENSHOTS / "grant-bast")], check=True)
    assert (SCREENSHOTS / "grant-bast.png").stat().st_size > 10_000

    sign_in(browser, live_server, "staf2.paser")
    browser.set_window_size(390, 844)
    visit = MonitoringVisit.objects.get(grant=world["equipment"], months_after=3)
    text = open_page(browser, live_server.url + reverse("grants:visit-detail", args=[visit.pk]), "visit-form")
    assert "Dewi Hidayat" in text and "Apakah bantuan dipakai?" in text and "Berkembang" in text
    # Usable on a phone: nothing wider than the screen, the choices big enough to tap.
    assert browser.execute_script("return document.documentElement.scrollWidth") <= 390
    button = browser.find_element(By.CSS_SELECTOR, "label[for=id_business_status_1]")
    assert button.size["height"] >= 44 and button.size["width"] >= 140
    button.click()
    full_height(browser, 390)
    browser.save_screenshot(str(SCREENSHOTS / "grant-visit-phone.png"))
