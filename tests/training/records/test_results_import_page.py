"""The upload page of training results (§10): a Celery job with progress and a per-line report;
and the reported trainings on the person's training path."""

import datetime
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import Job
from tests.factories import VillageFactory
from tests.participants.factories import ApplicationFactory, PersonFactory, nik_for
from tests.programs.factories import ProgramCycleFactory
from tests.training.factories import BatchFactory, EnrolmentFactory, ImportedTrainingFactory, ProviderFactory
from training.models import ImportedTraining, Provider

pytestmark = pytest.mark.django_db

HEADER = ("nik,nama,tanggal_lahir,jenis_kelamin,kode_wilayah,program,penyelenggara,kejuruan,tanggal_mulai,"
          "tanggal_selesai,hasil,kompeten,no_sertifikat\n")


@pytest.fixture
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def nik(serial):
    return nik_for(regency_code="64.01", birth_date=datetime.date(2005, 8, 17), sex="P", serial=serial)


def test_the_page_lists_the_columns_and_offers_a_template(client, paser_staff):
    client.force_login(paser_staff)
    page = client.get(reverse("training:results-import")).content.decode()
    for column in ("nik", "penyelenggara", "kejuruan", "tanggal_selesai", "hasil", "kompeten", "no_sertifikat"):
        assert f"<code>{column}</code>" in page
    assert "lulus, tidak_lulus, mengundurkan_diri" in page
    template = client.get(reverse("training:results-import-template"))
    assert template["Content-Disposition"].startswith("attachment")
    assert template.getvalue().decode("utf-8-sig").startswith(HEADER.strip())


def test_the_page_is_in_the_menu_of_who_may_import(client, paser_staff, paser_blk_admin, paser_official):
    url = reverse("training:results-import")
    for user, allowed in ((paser_staff, True), (paser_blk_admin, True), (paser_official, False)):
        client.force_login(user)
        menu = client.get(reverse("core:dashboard")).context["menu"]
        assert any(item["url"] == url for item in menu) is allowed, user
        assert client.get(url).status_code == (200 if allowed else 403), user


def test_a_text_file_is_refused_with_a_message(client, paser_staff, media_root):
    client.force_login(paser_staff)
    response = client.post(reverse("training:results-import"),
                           {"file": SimpleUploadedFile("rekap.txt", HEADER.encode())})
    assert response.status_code == 200
    assert "Only .csv or .xlsx files can be imported." in response.content.decode()
    assert not Job.objects.exists()


def test_an_oversize_file_gets_a_message_and_is_not_kept(client, paser_staff, media_root, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 1024
    client.force_login(paser_staff)
    response = client.post(reverse("training:results-import"),
                           {"file": SimpleUploadedFile("rekap.csv", HEADER.encode() + b"x" * 4096)})
    assert "files up to 1.0\xa0KB can be imported" in response.content.decode()
    assert not Job.objects.exists()
    assert not (media_root / "imports").exists() or not any((media_root / "imports").iterdir())


def _wait_for(job_id, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = Job.objects.get(pk=job_id)
        if job.status in (Job.Status.SUCCEEDED, Job.Status.FAILED):
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not finish: {job.status}")


@pytest.mark.django_db(transaction=True)
def test_an_upload_runs_on_the_worker_and_reports_each_line(
    client, paser_staff, bantaeng_staff, paser_village, paser_provider, tabalong, media_root, celery_worker
):
    VillageFactory(code="63.09.01.2001")
    ProgramCycleFactory(code="PKT-2025", year=2025)
    rows = (
        HEADER
        + f"{nik(1)},Siti Aminah,17-08-2005,P,64.01.01.2001,PKT-2025,uptd blk kabupaten paser,Tata Boga,"
          "01-09-2025,30-09-2025,lulus,ya,BNSP-1\n"
        + f"{nik(2)},Rina,17-08-2005,P,64.01.01.2001,PKT-2025,LKP Tata Busana Grogot,Menjahit,"
          "01-09-2025,30-09-2025,tidak_lulus,,\n"
        + f"{nik(3)},Tini,17-08-2005,P,63.09.01.2001,PKT-2025,LKP Tata Busana Grogot,Menjahit,"
          "01-09-2025,30-09-2025,lulus,,\n"
    )
    client.force_login(paser_staff)
    response = client.post(reverse("training:results-import"),
                           {"file": SimpleUploadedFile("rekap.csv", rows.encode())})
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("core:job-detail", args=[job.pk])

    job = _wait_for(job.pk)
    assert job.status == Job.Status.SUCCEEDED, job.message
    assert (job.result["imported"], job.result["rejected"], job.result["districts"]) == (2, 1, ["64.01"])
    [error] = job.result["errors"]
    assert (error["line"], error["column"]) == (4, "kode_wilayah")
    [warning] = job.result["warnings"]
    assert (warning["line"], warning["column"]) == (3, "penyelenggara")
    assert Provider.objects.filter(name="LKP Tata Busana Grogot").count() == 1
    assert set(ImportedTraining.objects.values_list("person__name", flat=True)) == {"Siti Aminah", "Rina"}
    page = client.get(reverse("core:job-detail", args=[job.pk])).content.decode()
    # The worker writes the report in the portal's language, Indonesian by default.
    assert "di luar wilayah Anda" in page
    assert "LKP Tata Busana Grogot" in page
    report = client.get(reverse("core:job-report", args=[job.pk]))
    assert b"kode_wilayah" in b"".join(report.streaming_content)
    # Another district's staff cannot follow the job.
    client.force_login(bantaeng_staff)
    assert client.get(reverse("core:job-detail", args=[job.pk])).status_code == 404


# --- on the person's training path ------------------------------------------------------------


def test_reported_trainings_show_on_the_path_beside_enrolments(client, paser_staff, paser_provider):
    cycle = ProgramCycleFactory(code="PKT-2025", year=2025)
    person = PersonFactory(name="Maya Lestari")
    batch = BatchFactory(cycle=cycle, provider=paser_provider, name="Barista Angkatan 2")
    EnrolmentFactory(batch=batch, application=ApplicationFactory(person=person, cycle=cycle), status="withdrawn",
                     end_reason="Jadwal bentrok")
    lkp = ProviderFactory(name="LKP Kopi Nusantara", kind="lkp", regency=paser_provider.regency)
    ImportedTrainingFactory(person=person, cycle=cycle, provider=lkp, vocation="Barista", result="lulus",
                            competent="ya", certificate_number="LSP-KOPI-7", file_name="rekap-lkp.csv")
    kecamatan = ProviderFactory(name="Kecamatan Tanah Grogot", kind="skpd", regency=paser_provider.regency)
    ImportedTrainingFactory(person=person, cycle=ProgramCycleFactory(code="KEC-2025", year=2025),
                            provider=kecamatan, vocation="Menjahit", result="tidak_lulus")
    client.force_login(paser_staff)
    html = client.get(reverse("participants:person-detail", args=[person.pk])).content.decode()
    for text in ("Barista Angkatan 2", "Withdrawn: Jadwal bentrok", "Training reported by the provider",
                 "LKP Kopi Nusantara", "Completed (lulus)", "LSP-KOPI-7", "imported from rekap-lkp.csv",
                 "KEC-2025", "no application in the portal", "Kecamatan Tanah Grogot",
                 "Took part, did not complete (tidak lulus)", "not assessed"):
        assert text in html, text
    assert html.count("data-imported-training=") == 2
