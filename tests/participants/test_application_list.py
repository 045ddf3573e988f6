import pytest
from django.urls import reverse

from tests.pages import table_rows

from .factories import ApplicationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_applicant_list_shows_only_own_district_with_masked_nik(
    english, paser_staff, paser_village, bantaeng_village, cycle
):
    own = ApplicationFactory(person=PersonFactory(nik="6401015708050011", name="Warga Paser"), cycle=cycle)
    ApplicationFactory(person=PersonFactory(nik="7303015708050022", name="Warga Bantaeng",
                                            village_code="73.03.01.2001"), cycle=cycle)
    english.force_login(paser_staff)
    page = english.get(reverse("participants:application-list")).content.decode()
    assert "Warga Paser" in page
    assert "Warga Bantaeng" not in page
    assert own.person.nik not in page
    assert "640101********11" in page


def test_applicant_list_searches_by_name_or_nik(english, paser_staff, paser_village, cycle):
    ApplicationFactory(person=PersonFactory(nik="6401015708050011", name="Siti Aminah"), cycle=cycle)
    ApplicationFactory(person=PersonFactory(nik="6401011203040022", name="Budi Santoso"), cycle=cycle)
    english.force_login(paser_staff)
    url = reverse("participants:application-list")
    page = english.get(url, {"q": "aminah"}).content.decode()
    assert "Siti Aminah" in page and "Budi Santoso" not in page
    page = english.get(url, {"q": "6401 0112"}).content.decode()
    assert "Budi Santoso" in page and "Siti Aminah" not in page


def test_applicant_list_is_paginated_with_few_queries(english, paser_staff, paser_village, cycle,
                                                      django_assert_max_num_queries):
    for n in range(30):
        ApplicationFactory(person=PersonFactory(name=f"Pemohon {n:02d}"), cycle=cycle)
    english.force_login(paser_staff)
    with django_assert_max_num_queries(10):
        response = english.get(reverse("participants:application-list"))
    assert response.status_code == 200
    page = response.content.decode()
    # The first page: the 25 newest applicants, each with their cycle.
    rows = table_rows(page, "application-list")
    assert [row.cells[1] for row in rows] == [f"Pemohon {n:02d}" for n in range(29, 4, -1)]
    assert all(row.cells[2] == cycle.code for row in rows)
    assert "Page 1 of 2" in page
    assert "30 applications" in page


def test_person_page_of_another_district_is_404(client, bantaeng_staff, paser_village, cycle):
    application = ApplicationFactory(cycle=cycle)
    client.force_login(bantaeng_staff)
    assert client.get(reverse("participants:person-detail", args=[application.person_id])).status_code == 404


def test_the_list_names_the_desa_with_its_code_small(client, paser_staff, paser_village):
    from .factories import ApplicationFactory

    ApplicationFactory(person__village_code=paser_village.code)
    client.force_login(paser_staff)
    page = client.get(reverse("participants:application-list")).content.decode()
    assert 'Desa Uji Paser <span class="small text-body-secondary font-monospace">64.01.01.2001</span>' in page
