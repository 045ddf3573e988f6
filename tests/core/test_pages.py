import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_login_page_speaks_indonesian_by_default(client):
    page = client.get(reverse("login")).content.decode()
    assert 'lang="id"' in page
    assert "Masuk" in page
    assert "Lupa kata sandi?" in page


def test_english_is_selectable(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/accounts/login/"})
    page = client.get(reverse("login")).content.decode()
    assert 'lang="en"' in page
    assert "Log in" in page


def test_signing_in_leads_to_the_dashboard_shell(client, paser_staff):
    response = client.post(reverse("login"), {"username": "staf.paser", "password": "portal-test-pass"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("core:dashboard")
    assert "Dasbor" in response.content.decode()


def test_a_wrong_password_shows_a_message_not_an_error(client, paser_staff):
    response = client.post(reverse("login"), {"username": "staf.paser", "password": "salah"})
    assert response.status_code == 200
    assert "benar" in response.content.decode()  # "...nama pengguna dan kata sandi yang benar"


def test_unknown_page_shows_the_portal_404_not_a_traceback(client, paser_staff):
    client.force_login(paser_staff)
    response = client.get("/tidak-ada/")
    assert response.status_code == 404
    assert "Traceback" not in response.content.decode()


def test_about_page_credits_the_region_data(client, paser_staff):
    client.force_login(paser_staff)
    page = client.get(reverse("core:about")).content.decode()
    assert "idn-area-data" in page and "ODbL" in page


def test_password_change_page_uses_the_portal_layout(client, paser_staff):
    client.force_login(paser_staff)
    page = client.get(reverse("password_change")).content.decode()
    assert "navbar" in page
    assert 'name="new_password1"' in page


def test_a_browser_set_to_english_still_gets_indonesian_until_the_user_chooses(client):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="id"' in page and "Lupa kata sandi?" in page
