import datetime
import re

import pytest
from django.urls import reverse
from django.utils import translation

from audit.models import AuditEvent
from core.errors import PortalError
from core.identifiers import mask_nik
from tests.training.factories import BatchFactory, TrainingPackageFactory
from training.models import Enrolment
from training.records import services

from .conftest import enrol

pytestmark = pytest.mark.django_db


def results_url(batch):
    return reverse("training:results", args=[batch.pk])


def enrolment_of(batch, first_name):
    return Enrolment.objects.select_related("application__person", "batch__package", "batch__provider").get(
        batch=batch, application__person__name__startswith=first_name
    )


def page_data(batch, **rows):
    """The results form as the page shows it, with the rows given changed (by first name)."""
    data = {}
    for enrolment in Enrolment.objects.filter(batch=batch, status__in=Enrolment.SEAT_HOLDING).select_related(
        "application__person"
    ):
        prefix = f"e{enrolment.pk}"
        row = {
            "outcome": enrolment.status, "completed_on": enrolment.completed_on or "",
            "end_reason": enrolment.end_reason,
            "assessment": enrolment.assessment, "assessed_on": enrolment.assessed_on or "",
            "certificate_number": enrolment.certificate_number, "certificate_issuer": enrolment.certificate_issuer,
            "certificate_expires_on": enrolment.certificate_expires_on or "",
        }
        row.update(rows.get(enrolment.application.person.name.split()[0], {}))
        data.update({f"{prefix}-{key}": value for key, value in row.items()})
    return data


def seats_held(batch):
    return Enrolment.objects.filter(batch=batch, status__in=Enrolment.SEAT_HOLDING).count()


def test_results_page_saves_completion_assessment_and_a_bnsp_certificate(client, paser_blk_admin, paser_batch):
    client.force_login(paser_blk_admin)
    response = client.post(results_url(paser_batch), page_data(paser_batch, Andi={
        "outcome": "completed", "assessment": "kompeten", "assessed_on": "28-08-2026",
        "certificate_number": "BNSP-TB-0001", "certificate_expires_on": "28-08-2029",
    }))
    assert response.status_code == 302
    andi = enrolment_of(paser_batch, "Andi")
    assert andi.status == Enrolment.Status.COMPLETED
    assert andi.completed_on == paser_batch.end_date  # empty date: the batch's last day
    assert andi.assessment == "kompeten" and andi.assessed_on == datetime.date(2026, 8, 28)
    assert (andi.certificate_number, andi.certificate_issuer) == ("BNSP-TB-0001", "BNSP")
    assert andi.certificate_expires_on == datetime.date(2029, 8, 28)
    actions = set(AuditEvent.objects.filter(target_id=str(andi.pk)).values_list("action", flat=True))
    assert actions == {"enrolment.complete", "enrolment.assess", "enrolment.certify"}
    # The others were not touched, so they have no audit rows.
    assert AuditEvent.objects.exclude(target_id=str(andi.pk)).filter(action__startswith="enrolment.").count() == 0


def test_submitting_the_page_unchanged_writes_nothing(client, paser_blk_admin, paser_batch):
    client.force_login(paser_blk_admin)
    client.post(results_url(paser_batch), page_data(paser_batch, Andi={"outcome": "completed"}))
    before = AuditEvent.objects.count()
    response = client.post(results_url(paser_batch), page_data(paser_batch))
    assert response.status_code == 302
    assert AuditEvent.objects.count() == before


def test_drop_out_needs_a_reason(client, paser_blk_admin, paser_batch):
    client.force_login(paser_blk_admin)
    response = client.post(results_url(paser_batch), page_data(paser_batch, Budi={"outcome": "dropped_out"}))
    assert response.status_code == 200
    budi = enrolment_of(paser_batch, "Budi")
    assert budi.status == Enrolment.Status.ENROLLED
    html = response.content.decode()
    assert f"Enter why Budi Santoso ({mask_nik(budi.application.person.nik)}) dropped out." in html
    assert "Nothing was saved: correct the rows marked below." in html


def test_drop_out_keeps_the_seat(client, paser_blk_admin, paser_batch):
    client.force_login(paser_blk_admin)
    held = seats_held(paser_batch)
    client.post(results_url(paser_batch), page_data(paser_batch, Budi={
        "outcome": "dropped_out", "end_reason": "Diterima bekerja di Balikpapan"}))
    budi = enrolment_of(paser_batch, "Budi")
    assert budi.status == Enrolment.Status.DROPPED_OUT
    assert budi.end_reason == "Diterima bekerja di Balikpapan"
    assert budi.ended_at is not None
    assert seats_held(paser_batch) == held
    # Still on the roster of the records pages.
    assert "Budi Santoso" in client.get(results_url(paser_batch)).content.decode()
    assert AuditEvent.objects.filter(action="enrolment.drop_out", target_id=str(budi.pk)).exists()


def test_certificate_refused_without_a_kompeten_assessment(client, paser_blk_admin, paser_batch):
    client.force_login(paser_blk_admin)
    response = client.post(results_url(paser_batch), page_data(paser_batch, Citra={
        "assessment": "belum_kompeten", "assessed_on": "28-08-2026", "certificate_number": "BNSP-TB-0009"}))
    citra = enrolment_of(paser_batch, "Citra")
    assert citra.certificate_number == "" and citra.assessment == ""  # nothing of the row was saved
    assert (
        f"Citra Lestari ({mask_nik(citra.application.person.nik)}) has not been assessed competent (kompeten); "
        "a certificate of a competency-based package needs that assessment first."
    ) in response.content.decode()


def test_a_refused_row_saves_none_of_the_page(client, paser_blk_admin, paser_batch):
    client.force_login(paser_blk_admin)
    client.post(results_url(paser_batch), page_data(paser_batch, Andi={"outcome": "completed"},
                                                    Budi={"outcome": "dropped_out", "end_reason": ""}))
    assert enrolment_of(paser_batch, "Andi").status == Enrolment.Status.ENROLLED
    assert not AuditEvent.objects.filter(action__startswith="enrolment.").exists()


def test_duplicate_certificate_number_names_the_holder_with_a_masked_nik(paser_blk_admin, paser_batch):
    other_batch = BatchFactory(provider=paser_batch.provider, package=paser_batch.package, name="Angkatan 2")
    holder = enrol(other_batch, "Hana Pemegang", assessment="kompeten", assessed_on=datetime.date(2026, 6, 1),
                   certificate_number="BNSP-TB-0001", certificate_issuer="BNSP")
    andi = enrolment_of(paser_batch, "Andi")
    services.enrolment_assess(enrolment=andi, assessment="kompeten", assessed_on=datetime.date(2026, 8, 28),
                              by=paser_blk_admin)
    with translation.override("en"), pytest.raises(PortalError) as refusal:
        services.enrolment_certify(enrolment=andi, number="BNSP-TB-0001", issuer="", expires_on=None,
                                   by=paser_blk_admin)
    nik = holder.application.person.nik
    assert str(refusal.value.message) == (
        f"Certificate number BNSP-TB-0001 of BNSP is already recorded for Hana Pemegang ({mask_nik(nik)})."
    )
    assert nik not in str(refusal.value.message)
    andi.refresh_from_db()
    assert andi.certificate_number == ""
    # The same number of another issuer is a different certificate.
    services.enrolment_certify(enrolment=andi, number="BNSP-TB-0001", issuer="LSP Pariwisata", expires_on=None,
                               by=paser_blk_admin)
    andi.refresh_from_db()
    assert andi.certificate_issuer == "LSP Pariwisata"


def test_completing_a_withdrawn_enrolment_is_refused(paser_blk_admin, paser_batch):
    withdrawn = enrol(paser_batch, "Eko Mundur", status=Enrolment.Status.WITHDRAWN)
    with translation.override("en"), pytest.raises(PortalError) as refusal:
        services.enrolment_complete(enrolment=withdrawn, completed_on=datetime.date(2026, 8, 28), by=paser_blk_admin)
    assert str(refusal.value.message) == (
        f"Eko Mundur ({mask_nik(withdrawn.application.person.nik)}) withdrew from this batch; "
        "a withdrawn enrolment cannot be completed."
    )
    withdrawn.refresh_from_db()
    assert withdrawn.status == Enrolment.Status.WITHDRAWN and withdrawn.completed_on is None


def test_withdrawn_enrolment_is_not_on_the_results_page(client, paser_blk_admin, paser_batch):
    withdrawn = enrol(paser_batch, "Eko Mundur", status=Enrolment.Status.WITHDRAWN)
    client.force_login(paser_blk_admin)
    data = page_data(paser_batch)
    data.update({f"e{withdrawn.pk}-outcome": "completed"})  # a forged row is ignored
    client.post(results_url(paser_batch), data)
    withdrawn.refresh_from_db()
    assert withdrawn.status == Enrolment.Status.WITHDRAWN
    assert "Eko Mundur" not in client.get(results_url(paser_batch)).content.decode()


def test_assessment_cannot_be_withdrawn_from_a_certificate_holder(paser_blk_admin, paser_batch):
    andi = enrolment_of(paser_batch, "Andi")
    services.enrolment_assess(enrolment=andi, assessment="kompeten", assessed_on=datetime.date(2026, 8, 28),
                              by=paser_blk_admin)
    services.enrolment_certify(enrolment=andi, number="BNSP-1", issuer="", expires_on=None, by=paser_blk_admin)
    with translation.override("en"), pytest.raises(PortalError) as refusal:
        services.enrolment_assess(enrolment=andi, assessment="belum_kompeten", assessed_on=datetime.date(2026, 8, 29),
                                  by=paser_blk_admin)
    assert "remove the certificate number before changing the assessment" in str(refusal.value.message)


def test_removing_certificate_and_assessment_in_one_submit(client, paser_blk_admin, paser_batch):
    andi = enrolment_of(paser_batch, "Andi")
    services.enrolment_assess(enrolment=andi, assessment="kompeten", assessed_on=datetime.date(2026, 8, 28),
                              by=paser_blk_admin)
    services.enrolment_certify(enrolment=andi, number="BNSP-1", issuer="", expires_on=None, by=paser_blk_admin)
    client.force_login(paser_blk_admin)
    response = client.post(results_url(paser_batch), page_data(paser_batch, Andi={
        "assessment": "belum_kompeten", "assessed_on": "29-08-2026", "certificate_number": "",
        "certificate_issuer": ""}))
    assert response.status_code == 302
    andi.refresh_from_db()
    assert (andi.assessment, andi.certificate_number, andi.certificate_issuer) == ("belum_kompeten", "", "")


def test_non_competency_package_certificate_needs_no_assessment_and_is_issued_by_the_provider(
    paser_blk_admin, paser_provider
):
    batch = BatchFactory(provider=paser_provider, package=TrainingPackageFactory(competency_based=False))
    enrolment = enrol(batch, "Fajar Kursus")
    services.enrolment_certify(enrolment=enrolment, number="BLK-2026-7", issuer="", expires_on=None,
                               by=paser_blk_admin)
    enrolment.refresh_from_db()
    assert (enrolment.certificate_number, enrolment.certificate_issuer) == ("BLK-2026-7", paser_provider.name)


def test_reopening_a_completion_entered_by_mistake(client, paser_blk_admin, paser_batch):
    client.force_login(paser_blk_admin)
    client.post(results_url(paser_batch), page_data(paser_batch, Andi={"outcome": "completed"}))
    client.post(results_url(paser_batch), page_data(paser_batch, Andi={"outcome": "enrolled", "completed_on": ""}))
    andi = enrolment_of(paser_batch, "Andi")
    assert andi.status == Enrolment.Status.ENROLLED and andi.completed_on is None
    assert AuditEvent.objects.filter(action="enrolment.reopen", target_id=str(andi.pk)).exists()


def test_viewers_see_results_read_only_and_may_not_save(client, paser_official, paser_batch):
    client.force_login(paser_official)
    response = client.get(results_url(paser_batch))
    assert response.status_code == 200
    assert "Save results" not in response.content.decode()
    assert client.post(
        results_url(paser_batch), page_data(paser_batch, Andi={"outcome": "completed"})
    ).status_code == 403
    assert enrolment_of(paser_batch, "Andi").status == Enrolment.Status.ENROLLED


def test_results_need_a_capability_and_a_visible_batch(client, no_role_user, paser_blk_admin, bantaeng_batch):
    client.force_login(no_role_user)
    assert client.get(results_url(bantaeng_batch)).status_code == 403
    client.force_login(paser_blk_admin)
    assert client.get(results_url(bantaeng_batch)).status_code == 404
    data = page_data(bantaeng_batch, Dewi={"outcome": "completed"})
    assert client.post(results_url(bantaeng_batch), data).status_code == 404
    assert enrolment_of(bantaeng_batch, "Dewi").status == Enrolment.Status.ENROLLED


def test_results_page_query_count(client, paser_blk_admin, paser_batch, django_assert_max_num_queries):
    for n in range(25):
        enrol(paser_batch, f"Peserta Tambahan {n:02d}")
    client.force_login(paser_blk_admin)
    with django_assert_max_num_queries(10):
        response = client.get(results_url(paser_batch))
    assert response.status_code == 200
    # Every participant is a block of the results form, named with their masked NIK.
    page = response.content.decode()
    names = [" ".join(re.sub(r"<[^>]+>", " ", legend).split())
             for legend in re.findall(r'<legend[^>]*data-testid="participant">(.*?)</legend>', page, re.S)]
    expected = ["Andi Saputra", "Budi Santoso", "Citra Lestari", *(f"Peserta Tambahan {n:02d}" for n in range(25))]
    assert [name.rsplit(" ", 1)[0] for name in names] == expected
    enrolments = Enrolment.objects.filter(batch=paser_batch).select_related("application__person")
    assert {name.rsplit(" ", 1)[1] for name in names} == {mask_nik(e.application.person.nik) for e in enrolments}
    assert set(re.findall(r'<fieldset[^>]*data-enrolment="(\d+)"', page)) == {str(e.pk) for e in enrolments}


def test_each_field_of_the_results_form_has_a_visible_label(client, paser_blk_admin, paser_batch):
    client.force_login(paser_blk_admin)
    page = client.get(results_url(paser_batch)).content.decode()
    enrolment = Enrolment.objects.filter(batch=paser_batch).order_by("pk").first()
    labels = dict(re.findall(rf'<label class="form-label small mb-1" for="id_e{enrolment.pk}-(\w+)">([^<]+)</label>',
                             page))
    assert labels["outcome"] == "Outcome" and labels["completed_on"] == "Completed on"
    assert set(labels) == {"outcome", "completed_on", "end_reason", "assessment", "assessed_on", "certificate_number",
                           "certificate_issuer", "certificate_expires_on"}


def test_in_indonesian_a_course_drop_out_is_not_called_a_school_drop_out():
    from participants.models import SchoolStatus

    with translation.override("id"):
        assert str(Enrolment.Status.DROPPED_OUT.label) == "Berhenti"
        assert str(SchoolStatus.DROPPED_OUT.label) == "Putus sekolah"
