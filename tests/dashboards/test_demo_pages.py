"""With the demo seeded (`make run`), every dashboard page opens for every demo account, and the
funnel shows the demo's applicants: what a newcomer clicks through never breaks."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from participants.models import Application
from tests.pages import table_rows

pytestmark = pytest.mark.django_db

PAGES = ("funnel", "targets", "quota", "breakdowns", "grants")


def test_every_dashboard_page_opens_for_every_demo_account(tmp_path, settings, client):
    settings.DEMO_LOGINS_FILE = tmp_path / "demo-logins.txt"
    call_command("load_regions", stdout=StringIO())
    call_command("seed_demo", "--applicants", "200", stdout=StringIO())
    users = list(User.objects.filter(is_active=True))
    assert len(users) >= 4
    for user in users:
        client.force_login(user)
        assert client.get(reverse("core:dashboard")).status_code == 200, user.username
        for page, params in [*((p, {}) for p in PAGES), *(("breakdowns", {"dim": d}) for d in ("village", "package"))]:
            response = client.get(reverse(f"dashboards:{page}"), params)
            assert response.status_code == 200, (user.username, page, params)
    staff = User.objects.get(username="staf.paser")
    client.force_login(staff)
    year = Application.objects.filter(regency_id=staff.regency_id).values_list("cycle__year", flat=True).first()
    page = client.get(reverse("dashboards:funnel"), {"year": year}).content.decode()
    applicants = Application.objects.filter(regency_id=staff.regency_id, cycle__year=year).values(
        "person_id").distinct().count()
    assert table_rows(page, "funnel")[0].cells[1] == f"{applicants:,}".replace(",", ".")
    assert applicants > 0
