import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from core.models import Job
from participants.models import Application

pytestmark = pytest.mark.django_db

HEADER = (
    "nik,no_kk,nama,tanggal_lahir,jenis_kelamin,kode_wilayah,alamat,no_hp,pendidikan_terakhir,status_sekolah,program\n"
)


def test_import_page_lists_the_columns_and_offers_a_template(english, paser_staff):
    english.force_login(paser_staff)
    page = english.get(reverse("participants:applicant-import")).content.decode()
    for column in ("nik", "no_kk", "kode_wilayah", "pendidikan_terakhir", "status_sekolah", "program"):
        assert f"<code>{column}</code>" in page
    assert "SLTA, SMK, MA" in page
    template = english.get(reverse("participants:applicant-template"))
    assert template["Content-Disposition"].startswith("attachment")
    assert b"nik,no_kk,nama,tanggal_lahir" in template.getvalue()


def test_the_column_help_of_the_import_page_is_translated(client, paser_staff):
    client.force_login(paser_staff)  # no language cookie: the portal's Indonesian
    page = client.get(reverse("participants:applicant-import")).content.decode()
    assert "64.01.01.2009 atau 6401012009" in page
    assert "L / P (juga LAKI-LAKI, PEREMPUAN)" in page
    assert "16 digits" not in page


def test_import_page_refuses_a_text_file(english, paser_staff, media_root):
    english.force_login(paser_staff)
    upload = SimpleUploadedFile("pendaftar.txt", HEADER.encode())
    response = english.post(reverse("participants:applicant-import"), {"file": upload})
    assert response.status_code == 200
    assert "Only .csv or .xlsx files can be imported." in response.content.decode()
    assert not Job.objects.exists()


def test_import_page_refuses_an_oversize_file_with_a_message(english, paser_staff, media_root, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 1024
    english.force_login(paser_staff)
    upload = SimpleUploadedFile("pendaftar.csv", HEADER.encode() + b"x" * 2048)
    response = english.post(reverse("participants:applicant-import"), {"file": upload})
    assert response.status_code == 200
    assert "files up to 1.0\xa0KB can be imported" in response.content.decode()
    assert not Job.objects.exists()


def test_a_50_mb_file_gets_a_message_not_an_error(english, paser_staff, media_root, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 10 * 1024 * 1024
    english.force_login(paser_staff)
    upload = SimpleUploadedFile("besar.csv", HEADER.encode() + b"0" * (50 * 1024 * 1024))
    response = english.post(reverse("participants:applicant-import"), {"file": upload})
    assert response.status_code == 200
    assert "can be imported" in response.content.decode()


def test_the_import_page_needs_the_register_capability(client, paser_blk_admin):
    client.force_login(paser_blk_admin)
    assert client.get(reverse("participants:applicant-import")).status_code == 403


def _wait_for(job_id, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        job = Job.objects.get(pk=job_id)
        if job.status in (Job.Status.SUCCEEDED, Job.Status.FAILED):
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job_id} did not finish: {job.status}")


@pytest.mark.django_db(transaction=True)
def test_a_csv_import_through_the_page_runs_on_the_worker(
    english, paser_staff, paser_village, bantaeng_village, cycle, media_root, celery_worker
):
    english.force_login(paser_staff)
    rows = (
        HEADER
        + "3201015708050001,6401010101050001,Siti Aminah,17-08-2005,P,64.01.01.2001,,,SLTA,DO,PKP-2026\n"
        + "3201011203040002,6401010101050002,Budi,12/03/2004,LAKI-LAKI,6401012001,,,smp,lulus,PKP-2026\n"
        + "3201011203040003,7303010101050002,Andi,12-03-2004,L,73.03.01.2001,,,sd,lulus,PKP-2026\n"
    )
    upload = SimpleUploadedFile("pendaftar.csv", rows.encode())
    response = english.post(reverse("participants:applicant-import"), {"file": upload})
    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("core:job-detail", args=[job.pk])

    job = _wait_for(job.pk)
    assert job.status == Job.Status.SUCCEEDED, job.message
    assert job.result["imported"] == 2
    assert job.result["rejected"] == 1
    assert set(Application.objects.values_list("person__name", flat=True)) == {"Siti Aminah", "Budi"}
    [error] = job.result["errors"]
    assert error["line"] == 4 and error["column"] == "kode_wilayah"
    # The worker writes the report in the portal's language, Indonesian by default.
    assert "di luar wilayah Anda" in error["message"]
    page = english.get(reverse("core:job-detail", args=[job.pk])).content.decode()
    assert "di luar wilayah Anda" in page


def test_the_import_page_still_checks_the_csrf_token(paser_staff, media_root):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(paser_staff)
    upload = SimpleUploadedFile("pendaftar.csv", HEADER.encode())
    assert client.post(reverse("participants:applicant-import"), {"file": upload}).status_code == 403
    assert not Job.objects.exists()


def test_an_oversize_file_is_not_kept(english, paser_staff, media_root, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 1024
    english.force_login(paser_staff)
    upload = SimpleUploadedFile("pendaftar.csv", HEADER.encode() + b"x" * 4096)
    response = english.post(reverse("participants:applicant-import"), {"file": upload})
    assert "files up to 1.0\xa0KB can be imported" in response.content.decode()
    assert not (media_root / "imports").exists() or not any((media_root / "imports").iterdir())


def test_the_job_summary_and_the_report_csv_are_in_indonesian(paser_staff, paser_village, cycle, media_root,
                                                               tmp_path):
    from django.utils import translation

    from core.importing import report_path
    from participants.services import applicants_import_start
    from participants.tasks import import_applicants

    path = tmp_path / "pendaftar.csv"
    path.write_text(
        HEADER
        + "3201015708050001,6401010101050001,Siti Aminah,17-08-2005,P,64.01.01.2001,,,SLTA,DO,PKP-2026\n"
        + "6.40102E+15,6401010101050002,Budi,12/03/2004,L,6401012001,,,smp,lulus,PKP-2026\n",
        encoding="utf-8",
    )
    job = applicants_import_start(stored_path=str(path), file_name="pendaftar.csv", by=paser_staff)
    with translation.override("id"):
        import_applicants.apply(args=(job.pk,))
    job.refresh_from_db()
    assert job.message.startswith("Pendaftar: 1 diimpor, 1 ditolak")
    report = report_path(job.pk).read_text(encoding="utf-8-sig").splitlines()
    assert report[0] == "baris,kolom,jenis,pesan"
    assert report[1].startswith("3,nik,galat,")
    assert "format kolom sebagai Teks" in report[1]


def test_the_column_help_names_coded_values_in_words(client, paser_staff):
    client.force_login(paser_staff)
    page = client.get(reverse("participants:applicant-import")).content.decode()
    assert "<code>putus_sekolah</code> Putus sekolah" in page
    assert "kode siklus program dari katalog" in page
