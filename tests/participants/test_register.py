import pytest
from django.urls import reverse

from audit.models import AuditEvent
from participants.models import Application, Person

from .factories import ApplicationFactory, PersonFactory

pytestmark = pytest.mark.django_db

NIK = "3201015708050001"  # a woman born 17-08-2005


def form_data(cycle, village, **overrides):
    data = {
        "nik": NIK, "no_kk": "6401010101050001", "name": "Siti Aminah", "birth_date": "17-08-2005", "sex": "P",
        "village_0": village.code[:5], "village_1": village.code[:8], "village_2": village.code,
        "address": "Jl. Contoh 1", "phone": "0812", "education": "sma", "school_status": "putus_sekolah",
        "cycle": cycle.code,
    }
    data.update(overrides)
    return data


def test_registering_creates_the_person_and_the_application(english, paser_staff, paser_village, cycle):
    english.force_login(paser_staff)
    response = english.post(reverse("participants:register"), form_data(cycle, paser_village))
    assert response.status_code == 302, response.content.decode()
    application = Application.objects.get()
    assert application.person.nik == NIK
    assert application.regency_id == "64.01"
    assert application.source == Application.Source.FORM
    assert application.created_by == paser_staff
    assert AuditEvent.objects.filter(action="application.register", target_id=str(application.pk)).exists()
    page = english.get(response["Location"]).content.decode()
    assert "Siti Aminah" in page and "PKP-2026" in page


def test_a_second_cycle_reuses_the_person(english, paser_staff, paser_village, cycle, other_cycle):
    english.force_login(paser_staff)
    english.post(reverse("participants:register"), form_data(cycle, paser_village))
    response = english.post(reverse("participants:register"),
                            form_data(other_cycle, paser_village, nik="3201 0157 0805 0001", phone="0899"))
    assert response.status_code == 302
    assert Person.objects.count() == 1
    assert Person.objects.get().phone == "0899"
    assert Application.objects.count() == 2


def test_the_same_cycle_twice_is_a_form_error(english, paser_staff, paser_village, cycle):
    english.force_login(paser_staff)
    english.post(reverse("participants:register"), form_data(cycle, paser_village))
    response = english.post(reverse("participants:register"), form_data(cycle, paser_village))
    assert response.status_code == 200
    assert "This NIK already has an application to PKP-2026." in response.content.decode()
    assert Application.objects.count() == 1


def test_an_invalid_nik_is_a_form_error(english, paser_staff, paser_village, cycle):
    english.force_login(paser_staff)
    response = english.post(reverse("participants:register"), form_data(cycle, paser_village, nik="3201013208050001"))
    assert response.status_code == 200
    assert "NIK birth day (digits 7-8)" in response.content.decode()
    assert not Person.objects.exists()


def test_a_desa_of_another_district_cannot_be_chosen(english, paser_staff, paser_village, bantaeng_village, cycle):
    english.force_login(paser_staff)
    response = english.post(reverse("participants:register"), form_data(cycle, bantaeng_village))
    assert response.status_code == 200
    assert not Application.objects.exists()


def test_nik_check_says_valid_or_why_not(english, paser_staff):
    english.force_login(paser_staff)
    url = reverse("participants:nik-check")
    assert 'data-nik="valid"' in english.get(url, {"nik": NIK}).content.decode()
    page = english.get(url, {"nik": "32010157080500"}).content.decode()
    assert "NIK must have 16 digits, not 14" in page


def test_nik_check_warns_when_birth_date_or_sex_disagree(english, paser_staff):
    english.force_login(paser_staff)
    url = reverse("participants:nik-check")
    page = english.get(url, {"nik": NIK, "birth_date": "18-08-2005", "sex": "L"}).content.decode()
    assert 'data-nik="valid"' in page
    assert "The NIK encodes the birth date 17-08-05, but 18-08-2005 was entered." in page
    assert "The NIK is a woman&#x27;s, but male was entered." in page
    page = english.get(url, {"nik": NIK, "birth_date": "17/08/2005", "sex": "P"}).content.decode()
    assert 'data-nik="warning"' not in page


def test_nik_check_shows_the_registered_person_and_their_applications(english, paser_staff, paser_village, cycle):
    person = PersonFactory(nik=NIK, name="Siti Terdaftar")
    ApplicationFactory(person=person, cycle=cycle)
    english.force_login(paser_staff)
    page = english.get(reverse("participants:nik-check"), {"nik": NIK}).content.decode()
    assert "Siti Terdaftar" in page
    assert "PKP-2026 · Not checked yet" in page
    form = english.get(reverse("participants:register"), {"nik": NIK}).content.decode()
    assert 'value="Siti Terdaftar"' in form


def test_nik_check_does_not_show_another_districts_person(english, bantaeng_staff, paser_village, cycle):
    ApplicationFactory(person=PersonFactory(nik=NIK, name="Siti Terdaftar"), cycle=cycle)
    english.force_login(bantaeng_staff)
    page = english.get(reverse("participants:nik-check"), {"nik": NIK}).content.decode()
    assert "Siti Terdaftar" not in page
    assert "This NIK is also registered in Kabupaten Paser (PKP-2026)" in page


def _future_birth_date():
    from datetime import timedelta

    from django.utils import timezone

    return (timezone.localdate() + timedelta(days=400)).strftime("%d-%m-%Y")


def test_a_birth_date_in_the_future_is_a_form_error(english, paser_staff, paser_village, cycle):
    english.force_login(paser_staff)
    future = _future_birth_date()
    response = english.post(reverse("participants:register"), form_data(cycle, paser_village, birth_date=future))
    assert response.status_code == 200
    assert f"The birth date {future} is in the future" in response.content.decode()
    assert not Person.objects.exists()


def test_a_birth_date_of_an_impossible_age_is_a_form_error(english, paser_staff, paser_village, cycle):
    english.force_login(paser_staff)
    response = english.post(reverse("participants:register"), form_data(cycle, paser_village, birth_date="01-01-1850"))
    assert "would make the person older than 120 years" in response.content.decode()
    assert not Person.objects.exists()


def test_the_service_refuses_a_future_birth_date_too(paser_staff, paser_village, cycle):
    from datetime import timedelta

    from django.utils import timezone

    from participants.services import RegistrationRefused, applicant_register

    with pytest.raises(RegistrationRefused) as refused:
        applicant_register(by=paser_staff, nik=NIK, no_kk="6401010101050001", name="Siti", sex="P",
                           birth_date=timezone.localdate() + timedelta(days=1), village=paser_village,
                           education="sma", school_status="putus_sekolah", cycle=cycle)
    assert refused.value.field == "birth_date"
    assert not Person.objects.exists()


def test_registration_after_the_cycle_closed_is_refused(english, paser_staff, paser_village, closed_cycle):
    english.force_login(paser_staff)
    response = english.post(reverse("participants:register"), form_data(closed_cycle, paser_village))
    assert response.status_code == 200
    assert "Registration for PSK-2026 closed on" in response.content.decode()
    assert not Application.objects.exists()


def test_late_registration_needs_the_capability_and_a_reason_and_is_audited(
    english, paser_staff, paser_village, closed_cycle
):
    from django.contrib.auth.models import Permission

    paser_staff.user_permissions.add(Permission.objects.get(codename="register_late"))
    english.force_login(paser_staff)
    page = english.post(reverse("participants:register"), form_data(closed_cycle, paser_village)).content.decode()
    assert "Give the reason for this late registration." in page
    assert not Application.objects.exists()
    response = english.post(reverse("participants:register"),
                            form_data(closed_cycle, paser_village, late_reason="Berkas diterima 30 Juli di desa"))
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="application.register_late")
    assert event.after["late_reason"] == "Berkas diterima 30 Juli di desa"


def test_nik_check_says_where_a_nik_was_first_issued(client, paser_staff, bantaeng):
    client.force_login(paser_staff)
    bantaeng_nik = "7303015708050001"
    page = client.get(reverse("participants:nik-check"), {"nik": bantaeng_nik}).content.decode()
    assert "NIK diterbitkan pertama kali di Kabupaten Bantaeng" in page
    assert "di luar wilayah Anda" in page
