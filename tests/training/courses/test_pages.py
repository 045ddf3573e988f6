"""What the training pages show and save."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from audit.models import AuditEvent
from core.errors import PortalError
from tests.pages import table_rows
from tests.training.factories import (
    BatchFactory,
    EnrolmentFactory,
    InstructorCertificationFactory,
    InstructorFactory,
    ProviderFactory,
    TrainingPackageFactory,
    WorkshopFactory,
)
from training.courses.services import package_save
from training.models import CompetencyUnit, TrainingPackage

pytestmark = pytest.mark.django_db


# --- batch list ------------------------------------------------------------------------------


def test_the_batch_list_shows_seats_used_of_capacity(client, paser_staff, angkatan_2):
    EnrolmentFactory.create_batch(3, batch=angkatan_2)
    EnrolmentFactory(batch=angkatan_2, status="withdrawn")
    client.force_login(paser_staff)
    page = client.get(reverse("training:batch-list")).content.decode()
    assert 'data-testid="seats">3 / 16<' in page


def test_the_batch_list_header_links_providers_and_packages(client, paser_blk_admin):
    client.force_login(paser_blk_admin)
    header = client.get(reverse("training:batch-list")).content.decode().split('data-testid="training-links"')[1]
    assert reverse("training:provider-list") in header and reverse("training:package-list") in header


def test_the_batch_list_filters_by_package_provider_and_dates(client, system_admin, angkatan_2, bantaeng_batch):
    later = BatchFactory(provider=angkatan_2.provider, workshop=angkatan_2.workshop, name="Angkatan Oktober",
                         start_date=datetime.date(2026, 10, 5), end_date=datetime.date(2026, 10, 30))
    client.force_login(system_admin)
    base = reverse("training:batch-list")
    page = client.get(base, {"provider": angkatan_2.provider.pk}).content.decode()
    assert "Angkatan 2" in page and "Angkatan Oktober" in page and "Angkatan Bantaeng" not in page
    page = client.get(base, {"date_from": "01-10-2026"}).content.decode()
    assert "Angkatan Oktober" in page and "Angkatan 2<" not in page
    page = client.get(base, {"package": later.package.pk}).content.decode()
    assert "Angkatan Oktober" in page and "Angkatan Bantaeng" not in page
    page = client.get(base, {"cycle": angkatan_2.cycle.pk, "date_to": "31-08-2026"}).content.decode()
    assert "Angkatan 2<" in page and "Angkatan Bantaeng" in page and "Angkatan Oktober" not in page


def test_the_batch_list_pages_keep_the_filter(client, system_admin, paser_provider, menjahit, cycle):
    workshop = WorkshopFactory(provider=paser_provider)
    for number in range(30):
        BatchFactory(provider=paser_provider, workshop=workshop, package=menjahit, cycle=cycle, name=f"B{number:02d}")
    client.force_login(system_admin)
    page = client.get(reverse("training:batch-list"), {"provider": paser_provider.pk}).content.decode()
    assert f"?provider={paser_provider.pk}&amp;page=2" in page


def test_batch_list_query_count(
    client, paser_blk_admin, paser_provider, menjahit, cycle, django_assert_max_num_queries
):
    workshop = WorkshopFactory(provider=paser_provider, name="Ruang Praktik")
    for number in range(30):
        batch = BatchFactory(provider=paser_provider, workshop=workshop, package=menjahit, cycle=cycle,
                             name=f"Angkatan {number:02d}")
        EnrolmentFactory(batch=batch)
    client.force_login(paser_blk_admin)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("training:batch-list"))
    assert response.status_code == 200
    # The first page of 25 batches, each with its cycle, package, provider, workshop and one seat taken.
    rows = table_rows(response.content.decode(), "batch-table")
    assert [row.cells[0] for row in rows] == [f"Angkatan {number:02d}" for number in range(25)]
    assert {tuple(row.cells[1:5]) + (row.cells[6],) for row in rows} == {
        ("PSK-2026", "Menjahit", "UPTD BLK Kabupaten Paser", "Ruang Praktik", "1 / 16")}


# --- batch page ------------------------------------------------------------------------------


def test_the_batch_page_shows_the_batch_and_includes_the_roster(client, paser_staff, angkatan_2):
    enrolment = EnrolmentFactory(batch=angkatan_2, application__person__name="Andi Peserta")
    client.force_login(paser_staff)
    response = client.get(reverse("training:batch-detail", args=[angkatan_2.pk]))
    page = response.content.decode()
    for text in ("Angkatan 2", "Menjahit", "UPTD BLK Kabupaten Paser", "Bengkel Las", "Budi", "1 of 16 taken",
                 "08:00–12:00", "2 sessions", "Andi Peserta"):
        assert text in page, text
    assert response.context["roster"][0] == enrolment
    assert "training/partials/_batch_records.html" in [t.name for t in response.templates]


def test_the_batch_page_flags_an_instructor_whose_certificate_ends_before_the_batch(
    client, paser_staff, angkatan_2, siti
):
    InstructorCertificationFactory(instructor=siti, expires_on=datetime.date(2026, 8, 20))
    angkatan_2.instructors.add(siti)
    client.force_login(paser_staff)
    page = client.get(reverse("training:batch-detail", args=[angkatan_2.pk])).content.decode()
    instructors = page.split('data-testid="batch-instructors"')[1].split("</ul>")[0]
    budi_row, siti_row = instructors.split("<li>")[1:]
    assert "expired-certificate" in siti_row and "expired-certificate" not in budi_row


# --- instructors -----------------------------------------------------------------------------


def test_the_instructor_list_flags_expired_certificates_but_not_renewed_ones(client, paser_blk_admin, budi, siti,
                                                                            paser_provider):
    InstructorCertificationFactory(instructor=siti, scheme="Barista", expires_on=datetime.date(2025, 1, 1))
    # Budi's old certificate expired but he renewed the same scheme.
    InstructorCertificationFactory(instructor=budi, scheme="Instruktur Menjahit", expires_on=datetime.date(2024, 1, 1))
    client.force_login(paser_blk_admin)
    page = client.get(reverse("training:instructor-list")).content.decode()
    rows = {row.split("</a>")[0].rsplit(">", 1)[1]: row.split("</tr>")[0] for row in page.split("<tr>")[2:]}
    assert "Certificate expired" in rows["Siti"] and "Certificate expired" not in rows["Budi"]
    detail = client.get(reverse("training:instructor-detail", args=[siti.pk])).content.decode()
    assert "Certificate expired" in detail


def test_instructor_list_query_count(client, paser_blk_admin, paser_provider, django_assert_max_num_queries):
    for number in range(30):
        instructor = InstructorFactory(provider=paser_provider, name=f"Instruktur {number:02d}")
        InstructorCertificationFactory(instructor=instructor, scheme=f"Skema {number:02d}")
    client.force_login(paser_blk_admin)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("training:instructor-list"))
    assert response.status_code == 200
    # The first page of 25 instructors, each with their provider and certificate.
    rows = table_rows(response.content.decode(), "instructor-table")
    assert [row.cells[0] for row in rows] == [f"Instruktur {number:02d}" for number in range(25)]
    assert all(row.cells[1] == "UPTD BLK Kabupaten Paser" for row in rows)
    assert [row.cells[2].split(" · ")[0] for row in rows] == [f"Skema {number:02d}" for number in range(25)]


def test_a_blk_admin_adds_an_instructor_and_a_certificate(client, paser_blk_admin, paser_provider):
    client.force_login(paser_blk_admin)
    response = client.post(reverse("training:instructor-create", args=[paser_provider.pk]),
                           {"name": "Rina", "phone": "0812", "email": ""})
    instructor = paser_provider.instructors.get(name="Rina")
    assert response.url == reverse("training:instructor-detail", args=[instructor.pk])
    client.post(reverse("training:certification-create", args=[instructor.pk]),
                {"scheme": "Barista", "number": "BNSP-1", "issuer": "BNSP", "expires_on": "31-12-2027"})
    assert instructor.certifications.get().expires_on == datetime.date(2027, 12, 31)
    assert {"instructor.create", "certification.create"} <= set(AuditEvent.objects.values_list("action", flat=True))


# --- providers and workshops -----------------------------------------------------------------


def test_a_blk_admin_edits_their_provider_but_cannot_move_it(client, paser_blk_admin, paser_provider, bantaeng):
    client.force_login(paser_blk_admin)
    client.post(reverse("training:provider-edit", args=[paser_provider.pk]), {
        "name": paser_provider.name, "kind": "blk", "regency": "73.03", "address": "Jl. Baru 1",
        "contact_name": "Pak Kepala", "phone": "", "email": "",
    })
    paser_provider.refresh_from_db()
    assert paser_provider.address == "Jl. Baru 1" and paser_provider.regency_id == "64.01"
    assert AuditEvent.objects.filter(action="provider.update").exists()


def test_a_workshop_cannot_shrink_below_a_batch_in_it(client, paser_blk_admin, angkatan_2, bengkel_las):
    client.force_login(paser_blk_admin)
    response = client.post(
        reverse("training:workshop-edit", args=[bengkel_las.pk]), {"name": "Bengkel Las", "capacity": "10"}
    )
    assert "A batch in this workshop has 16 seats" in response.content.decode()
    bengkel_las.refresh_from_db()
    assert bengkel_las.capacity == 20


def test_workshop_names_are_unique_per_provider(client, paser_blk_admin, paser_provider, bengkel_las):
    client.force_login(paser_blk_admin)
    response = client.post(reverse("training:workshop-create", args=[paser_provider.pk]),
                           {"name": "bengkel las", "capacity": "12"})
    assert "already has a workshop with this name" in response.content.decode()


def test_provider_list_query_count(client, system_admin, paser, django_assert_max_num_queries):
    for number in range(30):
        provider = ProviderFactory(regency=paser, name=f"BLK Uji {number:02d}")
        WorkshopFactory(provider=provider)
        InstructorFactory(provider=provider)
    client.force_login(system_admin)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("training:provider-list"))
    assert response.status_code == 200
    # The first page of 25 providers, each with its district and its workshop, instructor and batch counts.
    rows = table_rows(response.content.decode(), "provider-table")
    assert [row.cells[0] for row in rows] == [f"BLK Uji {number:02d}" for number in range(25)]
    assert {(row.cells[2], *row.cells[4:]) for row in rows} == {("Kabupaten Paser", "1", "1", "0")}


# --- packages --------------------------------------------------------------------------------


def package_data(**overrides):
    data = {"code": "BRS-01", "name": "Barista", "vocation": "barista", "competency_based": "on", "hours": "120",
            "class_size": "16", "description": "",
            "units": "N.56BRS00.001.1 Menyiapkan peralatan\nN.56BRS00.002.1 Membuat espresso"}
    data.update(overrides)
    return data


def test_provincial_staff_create_a_package_with_its_units(client, kaltim_staff):
    client.force_login(kaltim_staff)
    client.post(reverse("training:package-create"), package_data())
    package = TrainingPackage.objects.get(code="BRS-01")
    assert list(package.units.values_list("code", "title")) == [
        ("N.56BRS00.001.1", "Menyiapkan peralatan"), ("N.56BRS00.002.1", "Membuat espresso")]


def test_editing_a_package_keeps_units_by_code(client, kaltim_staff):
    client.force_login(kaltim_staff)
    client.post(reverse("training:package-create"), package_data())
    package = TrainingPackage.objects.get(code="BRS-01")
    kept = package.units.get(code="N.56BRS00.001.1")
    client.post(reverse("training:package-edit", args=[package.pk]),
                package_data(units="N.56BRS00.001.1 Menyiapkan peralatan barista"))
    assert list(CompetencyUnit.objects.filter(package=package).values_list("pk", "title")) == [
        (kept.pk, "Menyiapkan peralatan barista")]


def test_a_competency_based_package_needs_units(client, kaltim_staff):
    client.force_login(kaltim_staff)
    response = client.post(reverse("training:package-create"), package_data(units=""))
    assert "A competency-based package lists its SKKNI units." in response.content.decode()
    assert not TrainingPackage.objects.exists()


def test_package_list_query_count(client, paser_staff, django_assert_max_num_queries):
    for number in range(30):
        package = TrainingPackageFactory(code=f"TB-{number:02d}", name=f"Tata Boga {number:02d}")
        CompetencyUnit.objects.create(package=package, code=f"N.TB.{number:02d}", title="Menyiapkan bahan")
    client.force_login(paser_staff)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("training:package-list"))
    assert response.status_code == 200
    # The first page of 25 packages, each with its code and its one SKKNI unit counted.
    rows = table_rows(response.content.decode(), "package-table")
    assert [(row.cells[0], row.cells[1]) for row in rows] == [
        (f"TB-{number:02d}", f"Tata Boga {number:02d}") for number in range(25)]
    assert all(row.cells[6] == "1" for row in rows)


def test_a_district_blk_admin_may_not_change_the_shared_package_catalogue(client, paser_blk_admin, system_admin):
    package = TrainingPackageFactory(code="LAS-01", name="Las Listrik")
    client.force_login(paser_blk_admin)

    assert client.get(reverse("training:package-create")).status_code == 403
    assert client.post(reverse("training:package-create"), package_data()).status_code == 403
    assert client.post(reverse("training:package-edit", args=[package.pk]),
                       package_data(code="LAS-01", name="Dirusak")).status_code == 403
    listing = client.get(reverse("training:package-list")).content.decode()
    detail = client.get(reverse("training:package-detail", args=[package.pk])).content.decode()

    assert reverse("training:package-create") not in listing
    assert reverse("training:package-edit", args=[package.pk]) not in detail
    package.refresh_from_db()
    assert package.name == "Las Listrik"
    assert not TrainingPackage.objects.filter(code="BRS-01").exists()


def test_the_package_service_refuses_district_staff(paser_blk_admin, paser_staff):
    for user in (paser_blk_admin, paser_staff):
        with translation.override("en"), pytest.raises(PortalError, match="only provincial staff"):
            package_save(by=user, units=[], code="BRS-01", name="Barista", vocation="barista",
                         competency_based=False, hours=120, class_size=16, description="")
    assert not TrainingPackage.objects.exists()


def test_a_system_admin_edits_the_package_catalogue(client, system_admin):
    client.force_login(system_admin)
    assert reverse("training:package-create") in client.get(reverse("training:package-list")).content.decode()
    client.post(reverse("training:package-create"), package_data())
    assert TrainingPackage.objects.filter(code="BRS-01").exists()
