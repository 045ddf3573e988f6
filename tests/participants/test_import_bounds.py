"""A file in which every row is bad keeps only a few problems in memory (issue 9); the per-line
report still lists every one, and the counts are whole."""

import pytest

from core.importing import ImportReport, Problem
from participants.models import Application
from participants.services import applicants_import

pytestmark = pytest.mark.django_db

HEADER = "nik,no_kk,nama,tanggal_lahir,jenis_kelamin,kode_wilayah,pendidikan_terakhir,status_sekolah,program\n"


def test_a_file_of_bad_rows_holds_few_problems_in_memory_and_reports_them_all(tmp_path, settings, cycle,
                                                                              paser_village):
    settings.IMPORT_PROBLEMS_IN_MEMORY = 100
    path = tmp_path / "pendaftar.csv"
    bad_nik = "12345,6401010101050001,Orang {n},17-08-2005,P,64.01.01.2001,sma,putus_sekolah,PKP-2026\n"
    path.write_text(HEADER + "".join(bad_nik.format(n=n) for n in range(3000)), encoding="utf-8")
    report = applicants_import(path=path, file_name="pendaftar.csv")
    assert isinstance(report, ImportReport)
    assert report.rejected == 3000 and report.imported == 0
    assert len(report.errors) >= 3000
    assert report.errors.in_memory <= 100
    report.write_csv(tmp_path / "report.csv")
    rows = (tmp_path / "report.csv").read_text(encoding="utf-8-sig").splitlines()[1:]
    assert len(rows) == len(report.errors)
    assert [row.split(",")[0] for row in rows[:2]] == ["2", "3"]
    assert report.as_dict(limit=200)["errors_total"] == len(report.errors)
    assert not Application.objects.exists()


def test_the_command_prints_every_problem_of_a_large_file_as_one_json_document(tmp_path, settings, cycle,
                                                                               paser_village):
    import io
    import json

    from django.core.management import call_command

    settings.IMPORT_PROBLEMS_IN_MEMORY = 100
    path = tmp_path / "pendaftar.csv"
    bad_nik = "12345,6401010101050001,Orang {n},17-08-2005,P,64.01.01.2001,sma,putus_sekolah,PKP-2026\n"
    path.write_text(HEADER + "".join(bad_nik.format(n=n) for n in range(1500)), encoding="utf-8")
    out = io.StringIO()
    call_command("import_applicants", str(path), "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert result["rejected"] == 1500
    assert [error["line"] for error in result["errors"]] == sorted(error["line"] for error in result["errors"])
    assert {error["line"] for error in result["errors"]} == set(range(2, 1502))
    assert result["warnings"] == []


def test_the_job_page_says_how_many_problems_there_are_beyond_those_shown(client, paser_staff, tmp_path, settings):
    from django.urls import reverse

    from core.jobs import job_create, job_succeed
    from participants.models import ParticipantsJob

    settings.MEDIA_ROOT = tmp_path / "media"
    job = job_create(kind=ParticipantsJob.APPLICANT_IMPORT, by=paser_staff, regency_code="64.01",
                     params={"regency_codes": ["64.01"]})
    report = ImportReport(rejected=5000)
    report.errors.extend(Problem(line, "nik", "NIK hanya boleh berisi angka") for line in range(2, 5002))
    job_succeed(job, result=report.as_dict(limit=200))
    client.force_login(paser_staff)
    page = client.get(reverse("core:job-detail", args=[job.pk])).content.decode()
    assert "Ditampilkan 200 masalah pertama dari 5.000;" in page
    assert page.count("NIK hanya boleh berisi angka") == 200
