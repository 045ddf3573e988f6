"""Every application has a registration number: short, random, easy to read aloud, given by the
form registration and by the set-based import, and shown to staff."""

import io
import json
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from participants.models import Application
from participants.values import REGISTRATION_NUMBER_ALPHABET
from tests.participants.factories import ApplicationFactory

pytestmark = pytest.mark.django_db

NUMBER = re.compile(f"[{REGISTRATION_NUMBER_ALPHABET}]{{10}}")


def test_numbers_are_ten_characters_without_0_o_1_i_and_not_sequential(paser_cycle):
    numbers = [ApplicationFactory(cycle=paser_cycle).registration_number for _ in range(30)]
    assert all(NUMBER.fullmatch(n) for n in numbers)
    assert len(set(numbers)) == 30
    assert not any(c in "".join(numbers) for c in "0O1I")
    # Consecutive applications share no long prefix, as a counter would.
    assert len({n[:3] for n in numbers}) > 25


def test_the_registration_form_gives_a_number_and_says_it(client, paser_staff, paser_village, paser_cycle):
    client.force_login(paser_staff)
    data = {
        "nik": "6401015708050001", "no_kk": "6401010101050001", "name": "Siti Aminah", "birth_date": "17-08-2005",
        "sex": "P", "village_0": "64.01", "village_1": "64.01.01", "village_2": paser_village.code,
        "education": "sma", "school_status": "putus_sekolah", "cycle": paser_cycle.code,
    }
    response = client.post(reverse("participants:register"), data, follow=True)
    application = Application.objects.get()
    assert NUMBER.fullmatch(application.registration_number)
    assert application.registration_number_display in response.content.decode()


def test_the_applicant_import_numbers_every_row(tmp_path, paser_village, paser_cycle):
    header = "nik,no_kk,nama,tanggal_lahir,jenis_kelamin,kode_wilayah,alamat,no_hp,pendidikan_terakhir," \
             "status_sekolah,program"
    rows = [f"64010117080{5000 + i:05d},6401010101050001,Peserta {i},17-08-2005,L,{paser_village.code},,,sma," \
            f"putus_sekolah,{paser_cycle.code}" for i in range(40)]
    path = tmp_path / "pendaftar.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    out = io.StringIO()
    call_command("import_applicants", str(path), "--json", stdout=out)
    assert json.loads(out.getvalue())["imported"] == 40
    numbers = list(Application.objects.values_list("registration_number", flat=True))
    assert len(numbers) == 40 == len(set(numbers))
    assert all(NUMBER.fullmatch(n) for n in numbers)


def test_staff_see_the_number_on_the_application_page(client, paser_staff, paser_cycle):
    application = ApplicationFactory(cycle=paser_cycle)
    client.force_login(paser_staff)
    page = client.get(reverse("verification:application-detail", args=[application.pk])).content.decode()
    assert application.registration_number_display in page


@pytest.mark.django_db(transaction=True)
def test_the_migration_numbers_every_existing_application(paser_cycle):
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    def migrate(targets):
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(targets)

    person_ids = [ApplicationFactory(cycle=paser_cycle).person_id for _ in range(3)]
    Application.objects.all().delete()
    migrate([("participants", "0003_person_per_district")])
    try:
        with connection.cursor() as cursor:
            for person_id in person_ids:  # rows of a database from before registration numbers
                cursor.execute(
                    "INSERT INTO participants_application (person_id, cycle_id, regency_id, village_code, education,"
                    " school_status, source, created_at) VALUES (%s, %s, '64.01', '64.01.01.2001', 'sma',"
                    " 'putus_sekolah', 'form', now())", [person_id, paser_cycle.pk])
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
    numbers = list(Application.objects.values_list("registration_number", flat=True))
    assert len(numbers) == 3 == len(set(numbers))
    assert all(NUMBER.fullmatch(n) for n in numbers)


def test_staff_see_the_number_on_the_person_page(client, paser_staff, paser_cycle):
    application = ApplicationFactory(cycle=paser_cycle)
    client.force_login(paser_staff)
    page = client.get(reverse("participants:person-detail", args=[application.person_id])).content.decode()
    assert application.registration_number_display in page
