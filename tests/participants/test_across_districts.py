"""A person known to two districts (issue 9, docs/identifiers.md): each district keeps its own
record of the NIK, its staff never read or change what the other stored, and all either learns of
the other's application is which district and which cycle. Each finding is checked from both
districts' side; provincial staff see both."""

import csv
import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from participants.models import Application, Person
from participants.services import applicants_import
from tests.factories import RegencyFactory, VillageFactory
from tests.programs.factories import ProgramCycleFactory
from tests.training.factories import BatchFactory, EnrolmentFactory
from verification.models import EligibilityResult

from .factories import ApplicationFactory, PersonFactory, nik_for

pytestmark = pytest.mark.django_db

NIK = nik_for(regency_code="73.03", birth_date=date(2005, 3, 14), sex="L", serial=77)
BANTAENG_KK = "7303010000000077"
PASER_KK = "6401010000000099"


def _open_until():
    """A registration window still open today (the form refuses a closed cycle)."""
    return timezone.localdate() + timedelta(days=60)


HEADER = ("nik,no_kk,nama,tanggal_lahir,jenis_kelamin,kode_wilayah,alamat,no_hp,pendidikan_terakhir,"
          "status_sekolah,program")


@pytest.fixture
def bantaeng_cycle(paser, bantaeng):
    return ProgramCycleFactory(code="BTG-DTKS-2026", year=2026, registration_closes=_open_until())


@pytest.fixture
def paser_cycle(paser, bantaeng):
    return ProgramCycleFactory(code="PSR-2026", year=2026, registration_closes=_open_until())


@pytest.fixture
def basri(bantaeng_cycle, bantaeng_village, bantaeng_staff):
    """Bantaeng's applicant: what Bantaeng stored, an approved application with its desil, and a seat."""
    person = PersonFactory(
        nik=NIK, name="Basri Bantaeng", no_kk=BANTAENG_KK, village_code=bantaeng_village.code,
        address="Jl. Rahasia Bantaeng 7", phone="081100007777",
    )
    application = ApplicationFactory(person=person, cycle=bantaeng_cycle)
    EligibilityResult.objects.create(application=application, status="ELIGIBLE", desil=2, decision="APPROVED",
                                     decided_by=bantaeng_staff, decision_note="Disetujui Bantaeng")
    EnrolmentFactory(application=application, batch=BatchFactory(cycle=bantaeng_cycle, name="Angkatan Bantaeng Satu"))
    return application


BANTAENG_SECRETS = ("Basri Bantaeng", BANTAENG_KK, "Jl. Rahasia Bantaeng 7", "081100007777", "Disetujui Bantaeng",
                    "Angkatan Bantaeng Satu")
PASER_SECRETS = ("Basri Paser", PASER_KK, "Jl. Paser Baru 3", "082200009999")


def _import(tmp_path, *, by, program, regency_codes, name="Basri Paser", birth="14-03-2005"):
    path = tmp_path / "pendaftar.csv"
    path.write_text(f"{HEADER}\n{NIK},{PASER_KK},{name},{birth},L,64.01.01.2001,Jl. Paser Baru 3,082200009999,"
                    f"sma,putus_sekolah,{program}\n", encoding="utf-8")
    return applicants_import(path=path, file_name=path.name, by=by, regency_codes=regency_codes)


def _register(client, cycle, village, **overrides):
    data = {
        "nik": NIK, "no_kk": PASER_KK, "name": "Basri Paser", "birth_date": "14-03-2005", "sex": "L",
        "village_0": village.code[:5], "village_1": village.code[:8], "village_2": village.code,
        "address": "Jl. Paser Baru 3", "phone": "082200009999", "education": "sma", "school_status": "putus_sekolah",
        "cycle": cycle.code, **overrides,
    }
    return client.post(reverse("participants:register"), data)


def _page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _detail(client, application) -> str:
    return _page(client, reverse("verification:application-detail", args=[application.pk]))


def _export(client, cycle) -> list[list[str]]:
    response = client.get(reverse("verification:cycle-export", args=[cycle.code]))
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))[1:]


def _assert_basri_untouched(basri):
    person = Person.objects.get(pk=basri.person_id)
    assert (person.name, person.no_kk, person.address, person.phone, person.regency_id, person.village_code) == (
        "Basri Bantaeng", BANTAENG_KK, "Jl. Rahasia Bantaeng 7", "081100007777", "73.03", "73.03.01.2001")


# --- the import ----------------------------------------------------------------------------------


def test_a_paser_import_of_a_bantaeng_nik_keeps_each_districts_data_to_itself(
    english, tmp_path, paser_staff, bantaeng_staff, basri, paser_cycle, paser_village
):
    report = _import(tmp_path, by=paser_staff, program=paser_cycle.code, regency_codes={"64.01"})
    assert (report.imported, report.rejected, report.warnings) == (1, 0, [])
    paser_application = Application.objects.get(cycle=paser_cycle)
    # Paser's application stands on Paser's own record of the NIK, with what was declared to Paser.
    person = paser_application.person
    assert (person.nik, person.regency_id, person.name, person.no_kk, person.address) == (
        NIK, "64.01", "Basri Paser", PASER_KK, "Jl. Paser Baru 3")
    _assert_basri_untouched(basri)
    assert Person.objects.filter(nik=NIK).count() == 2

    english.force_login(paser_staff)
    page = _detail(english, paser_application)
    assert "Basri Paser" in page and PASER_KK in page
    assert not [secret for secret in BANTAENG_SECRETS if secret in page]
    assert "This NIK is also registered in Kabupaten Bantaeng (BTG-DTKS-2026)" in page
    assert [row[7] for row in _export(english, paser_cycle)] == ["Basri Paser"]

    english.force_login(bantaeng_staff)
    page = _detail(english, basri)
    assert "Basri Bantaeng" in page and BANTAENG_KK in page
    assert not [secret for secret in PASER_SECRETS if secret in page]
    assert "This NIK is also registered in Kabupaten Paser (PSR-2026)" in page
    assert [row[7] for row in _export(english, basri.cycle)] == ["Basri Bantaeng"]


def test_the_import_report_says_nothing_of_another_districts_record(
    tmp_path, paser_staff, basri, paser_cycle, paser_village
):
    # Name and birth date differ from Bantaeng's record, which Paser's import never compares with.
    report = _import(tmp_path, by=paser_staff, program=paser_cycle.code, regency_codes={"64.01"},
                     name="Nama Lain Sekali", birth="15-03-2005")
    assert report.imported == 1
    assert not [w for w in report.warnings if w.column == "nik"]


def test_a_foreign_application_to_the_same_cycle_is_said_only_as_district_and_cycle(
    tmp_path, paser_staff, basri, bantaeng_cycle, paser_village
):
    with translation.override("en"):
        report = _import(tmp_path, by=paser_staff, program=bantaeng_cycle.code, regency_codes={"64.01"})
    assert (report.imported, report.rejected) == (0, 1)
    assert [(p.line, p.message) for p in report.errors] == [
        (2, "This NIK is also registered in Kabupaten Bantaeng (BTG-DTKS-2026)")]
    _assert_basri_untouched(basri)


def test_the_own_districts_record_is_still_compared_and_kept(tmp_path, paser_staff, paser_cycle, paser_village):
    PersonFactory(nik=NIK, name="Basri Paser Lama", village_code=paser_village.code)
    report = _import(tmp_path, by=paser_staff, program=paser_cycle.code, regency_codes={"64.01"})
    assert report.imported == 1
    assert [(w.line, w.column) for w in report.warnings] == [(2, "nik")]
    assert Application.objects.get(cycle=paser_cycle).person.name == "Basri Paser Lama"


# --- the registration form ----------------------------------------------------------------------


def test_registering_a_bantaeng_nik_in_paser_takes_nothing_from_bantaeng(
    english, paser_staff, bantaeng_staff, basri, paser_cycle, paser_village
):
    english.force_login(paser_staff)
    response = _register(english, paser_cycle, paser_village)
    assert response.status_code == 302, response.content.decode()
    _assert_basri_untouched(basri)
    paser_person = Application.objects.get(cycle=paser_cycle).person
    assert paser_person.pk != basri.person_id and paser_person.regency_id == "64.01"
    # Paser's person page lists Paser's application only: no Bantaeng application or training path.
    page = _page(english, reverse("participants:person-detail", args=[paser_person.pk]))
    assert "PSR-2026" in page
    assert not [secret for secret in BANTAENG_SECRETS if secret in page]
    # Bantaeng's own applicant is still theirs: no 404, and nothing of Paser's.
    assert "This NIK is also registered in Kabupaten Bantaeng (BTG-DTKS-2026)" in page
    english.force_login(bantaeng_staff)
    page = _page(english, reverse("participants:person-detail", args=[basri.person_id]))
    assert "Basri Bantaeng" in page and "Angkatan Bantaeng Satu" in page
    assert not [secret for secret in PASER_SECRETS if secret in page]
    assert "This NIK is also registered in Kabupaten Paser (PSR-2026)" in page
    assert "Basri Bantaeng" in _detail(english, basri)


def test_registering_in_paser_again_updates_only_paser_record(
    english, paser_staff, basri, paser_cycle, paser_village
):
    english.force_login(paser_staff)
    _register(english, paser_cycle, paser_village)
    second = ProgramCycleFactory(code="PSR-2026-B", year=2026, registration_closes=_open_until())
    assert _register(english, second, paser_village, phone="0833").status_code == 302
    assert list(Person.objects.filter(nik=NIK).order_by("regency_id").values_list("regency_id", "phone")) == [
        ("64.01", "0833"), ("73.03", "081100007777")]
    _assert_basri_untouched(basri)


def test_registering_for_the_cycle_bantaeng_holds_is_refused_naming_only_district_and_cycle(
    english, paser_staff, basri, bantaeng_cycle, paser_village
):
    english.force_login(paser_staff)
    response = _register(english, bantaeng_cycle, paser_village)
    page = response.content.decode()
    assert response.status_code == 200
    assert "This NIK is also registered in Kabupaten Bantaeng (BTG-DTKS-2026)" in page
    assert not [secret for secret in BANTAENG_SECRETS if secret in page]
    assert Application.objects.filter(cycle=bantaeng_cycle).count() == 1
    _assert_basri_untouched(basri)


def test_the_nik_check_says_only_which_district_and_cycle(
    english, paser_staff, bantaeng_staff, basri, paser_cycle, paser_village
):
    url = reverse("participants:nik-check")
    english.force_login(paser_staff)
    page = _page(english, f"{url}?nik={NIK}")
    assert "This NIK is also registered in Kabupaten Bantaeng (BTG-DTKS-2026)" in page
    assert 'data-nik="existing"' not in page
    assert not [secret for secret in BANTAENG_SECRETS if secret in page]
    form = _page(english, f"{reverse('participants:register')}?nik={NIK}")
    assert not [secret for secret in BANTAENG_SECRETS if secret in form]

    _register(english, paser_cycle, paser_village)
    english.force_login(bantaeng_staff)
    page = _page(english, f"{url}?nik={NIK}")
    assert "Basri Bantaeng" in page and "This NIK is also registered in Kabupaten Paser (PSR-2026)" in page
    assert not [secret for secret in PASER_SECRETS if secret in page]


# --- provincial staff see both sides --------------------------------------------------------------


@pytest.fixture
def kukar_application(paser):
    """The same NIK applied in Kutai Kartanegara, Paser's neighbour in Kalimantan Timur."""
    RegencyFactory(code="64.02", name="Kabupaten Kutai Kartanegara", province=paser.province)
    village = VillageFactory(code="64.02.01.2001")
    person = PersonFactory(nik=NIK, name="Basri Kukar", no_kk="6402010000000001", village_code=village.code)
    return ApplicationFactory(person=person, cycle=ProgramCycleFactory(code="KKR-2026", year=2026))


def test_provincial_staff_see_both_districts_records(
    english, kaltim_staff, paser_staff, kukar_application, paser_cycle, paser_village
):
    english.force_login(paser_staff)
    assert _register(english, paser_cycle, paser_village).status_code == 302
    paser_application = Application.objects.get(cycle=paser_cycle)
    page = _detail(english, paser_application)
    assert "This NIK is also registered in Kabupaten Kutai Kartanegara (KKR-2026)" in page
    assert "Basri Kukar" not in page

    english.force_login(kaltim_staff)
    page = _detail(english, paser_application)
    assert "Also applied to KKR-2026 in 2026" in page
    assert "Kabupaten Kutai Kartanegara" in page  # the other application, listed with its district
    assert "This NIK is also registered in" not in page
    check = _page(english, f"{reverse('participants:nik-check')}?nik={NIK}")
    assert "Basri Kukar" in check and "Basri Paser" in check


# --- still set-based --------------------------------------------------------------------------------


def _mixed_file(tmp_path, count, *, bantaeng_cycle, paser_cycle, bantaeng_village):
    """`count` Bantaeng applicants of BTG-DTKS-2026, and a Paser file of their NIKs: every third row
    to the cycle Bantaeng's application holds (rejected), the others to Paser's cycle."""
    lines = [HEADER]
    for serial in range(count):
        nik = nik_for(regency_code="73.03", birth_date=date(2005, 3, 14), sex="L", serial=1000 * count + serial)
        ApplicationFactory(person=PersonFactory(nik=nik, village_code=bantaeng_village.code), cycle=bantaeng_cycle)
        program = bantaeng_cycle.code if serial % 3 == 0 else paser_cycle.code
        lines.append(f"{nik},{PASER_KK},Nama Paser {serial},14-03-2005,L,64.01.01.2001,,,sma,putus_sekolah,{program}")
    path = tmp_path / f"pendaftar-{count}.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_import_takes_as_many_queries_for_30_rows_as_for_3(
    tmp_path, paser_staff, bantaeng_cycle, paser_cycle, paser_village, bantaeng_village
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    queries = {}
    for count in (3, 30):
        path = _mixed_file(tmp_path, count, bantaeng_cycle=bantaeng_cycle, paser_cycle=paser_cycle,
                           bantaeng_village=bantaeng_village)
        with CaptureQueriesContext(connection) as captured:
            report = applicants_import(path=path, file_name=path.name, by=paser_staff, regency_codes={"64.01"})
        rejected = len(range(0, count, 3))
        assert (report.imported, report.rejected) == (count - rejected, rejected)
        queries[count] = len(captured)
    assert queries[3] == queries[30]
    assert Person.objects.filter(regency_id="64.01").count() == 2 + 20


def test_the_disclosure_reads_in_indonesian_by_default(client, paser_staff, basri):
    client.force_login(paser_staff)  # no language cookie: the portal's Indonesian
    page = _page(client, f"{reverse('participants:nik-check')}?nik={NIK}")
    assert "NIK ini juga terdaftar di Kabupaten Bantaeng (BTG-DTKS-2026)" in page
