"""Training records through the API are the training pages' records: the same batches per
provider and district, masked NIKs without view_full_nik, and attendance, results and §10
batches written by the pages' (and the file import's) services, so the same rows and audit."""

import datetime
import json

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from tests.factories import UserFactory, VillageFactory
from tests.participants.factories import ApplicationFactory, PersonFactory, nik_for
from tests.programs.factories import ProgramCycleFactory
from tests.training.factories import BatchFactory, BatchSessionFactory, EnrolmentFactory, ProviderFactory
from training.models import Attendance, Enrolment, ImportedTraining
from training.records.services import training_results_import

from .conftest import token_client

pytestmark = pytest.mark.django_db


def enrol(batch, name, **kwargs):
    person = PersonFactory(name=name, regency_code=batch.provider.regency_id)
    return EnrolmentFactory(batch=batch, application=ApplicationFactory(person=person, cycle=batch.cycle), **kwargs)


def post(api, path, body, **extra):
    return api.post(path, json.dumps(body), content_type="application/json", **extra)


@pytest.fixture
def paser_batch(paser_provider):
    batch = BatchFactory(provider=paser_provider, name="Tata Boga Angkatan 1", capacity=16)
    BatchSessionFactory(batch=batch, day=datetime.date(2026, 8, 10))
    BatchSessionFactory(batch=batch, day=datetime.date(2026, 8, 11))
    for name in ("Andi Saputra", "Budi Santoso"):
        enrol(batch, name)
    enrol(batch, "Eko Mundur", status=Enrolment.Status.WITHDRAWN)
    return batch


@pytest.fixture
def bantaeng_batch(bantaeng_provider):
    batch = BatchFactory(provider=bantaeng_provider, name="Menjahit Angkatan 1")
    BatchSessionFactory(batch=batch)
    enrol(batch, "Dewi Bantaeng")
    return batch


@pytest.fixture
def blk_api(paser_blk_admin):
    return token_client(paser_blk_admin)


# --- batches and enrolments ------------------------------------------------------------------


def test_a_batch_carries_its_provider_package_dates_seats_and_enrolled_count(blk_api, paser_batch, bantaeng_batch):
    body = blk_api.get("/api/v1/batches/").json()
    assert body["count"] == 1
    row = body["results"][0]
    assert row["id"] == paser_batch.pk and row["name"] == "Tata Boga Angkatan 1"
    assert row["provider"] == {"id": paser_batch.provider_id, "name": "UPTD BLK Kabupaten Paser"}
    assert row["package"]["code"] == paser_batch.package.code and row["district"] == "64.01"
    assert (row["start_date"], row["end_date"]) == ("2026-08-10", "2026-08-28")
    assert row["seats"] == 16 and row["enrolled"] == 2  # the withdrawn seat went back
    assert blk_api.get(f"/api/v1/batches/{paser_batch.pk}/").json() == row


def test_a_blk_admin_sees_only_their_providers_batches_and_a_paser_token_never_bantaengs(
    blk_api, paser_staff, paser, paser_batch, bantaeng_batch
):
    other_paser = BatchFactory(provider=ProviderFactory(name="LKP Paser Mandiri", regency=paser))
    assert [b["id"] for b in blk_api.get("/api/v1/batches/").json()["results"]] == [paser_batch.pk]
    assert blk_api.get(f"/api/v1/batches/{other_paser.pk}/").status_code == 404
    staff = token_client(paser_staff)
    assert {b["id"] for b in staff.get("/api/v1/batches/").json()["results"]} == {paser_batch.pk, other_paser.pk}
    response = staff.get(f"/api/v1/batches/{bantaeng_batch.pk}/")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
    bantaeng_enrolment = bantaeng_batch.enrolments.get()
    assert staff.get(f"/api/v1/enrolments/{bantaeng_enrolment.pk}/").status_code == 404
    assert staff.get(f"/api/v1/batches/{bantaeng_batch.pk}/attendance/").status_code == 404
    assert staff.get("/api/v1/enrolments/", {"batch": bantaeng_batch.pk}).json()["count"] == 0


def test_a_user_without_the_training_pages_capability_gets_403(paser, paser_batch):
    nobody = UserFactory(username="tanpa.peran", role="", regency=paser)
    api = token_client(nobody)
    for path in ("/api/v1/batches/", f"/api/v1/batches/{paser_batch.pk}/attendance/", "/api/v1/enrolments/"):
        response = api.get(path)
        assert response.status_code == 403 and response.json()["code"] == "permission_denied", path


def test_batches_filter_by_provider_and_dates_and_a_bad_filter_is_a_400(paser_staff, paser, paser_batch):
    later = BatchFactory(provider=paser_batch.provider, start_date=datetime.date(2026, 10, 5),
                         end_date=datetime.date(2026, 10, 30))
    api = token_client(paser_staff)

    def ids(**params):
        return [b["id"] for b in api.get("/api/v1/batches/", params).json()["results"]]

    assert ids(date_from="2026-10-01") == [later.pk]
    assert ids(date_to="2026-09-01") == [paser_batch.pk]
    assert ids(provider=paser_batch.provider_id) == [later.pk, paser_batch.pk]
    response = api.get("/api/v1/batches/", {"date_from": "kemarin"})
    assert response.status_code == 400 and set(response.json()["errors"]) == {"date_from"}


def test_enrolments_show_the_person_masked_without_view_full_nik(blk_api, paser_staff, paser_batch):
    rows = blk_api.get("/api/v1/enrolments/", {"batch": paser_batch.pk}).json()["results"]
    assert [row["person"]["name"] for row in rows] == ["Andi Saputra", "Budi Santoso", "Eko Mundur"]
    nik = Enrolment.objects.get(pk=rows[0]["id"]).application.person.nik
    assert rows[0]["person"]["nik"] == nik[:6] + "********" + nik[-2:]  # a BLK admin lacks view_full_nik
    assert [row["status"] for row in rows] == ["enrolled", "enrolled", "withdrawn"]
    full = token_client(paser_staff).get(f"/api/v1/enrolments/{rows[0]['id']}/").json()
    assert full["person"]["nik"] == nik
    assert blk_api.get("/api/v1/enrolments/", {"status": "withdrawn"}).json()["count"] == 1
    bad = blk_api.get("/api/v1/enrolments/", {"status": "maybe", "certified": "perhaps"})
    assert bad.status_code == 400 and set(bad.json()["errors"]) == {"status", "certified"}


@pytest.mark.parametrize("rows", [2, 30])
def test_the_batch_and_enrolment_lists_cost_the_same_queries_whatever_they_hold(
    blk_api, paser_batch, rows, django_assert_max_num_queries
):
    for number in range(rows):
        enrol(BatchFactory(provider=paser_batch.provider, cycle=paser_batch.cycle), f"Peserta {number}")
    blk_api.get("/api/v1/batches/")  # the token's last use is noted once a minute: not in the count
    # The token, the permission lookups, the count, the page.
    with django_assert_max_num_queries(6):
        batches = blk_api.get("/api/v1/batches/", {"page_size": 50})
    with django_assert_max_num_queries(6):
        enrolments = blk_api.get("/api/v1/enrolments/", {"page_size": 50})
    assert len(batches.json()["results"]) == rows + 1 and len(enrolments.json()["results"]) == rows + 3


# --- attendance ------------------------------------------------------------------------------


def _marks(batch, **by_first_name) -> dict:
    return {enrolment.pk: by_first_name.get(enrolment.application.person.name.split()[0], "hadir")
            for enrolment in Enrolment.objects.filter(batch=batch, status__in=Enrolment.SEAT_HOLDING)
            .select_related("application__person")}


def test_recording_attendance_through_the_api_is_the_attendance_pages_save(client, paser_blk_admin, paser_batch):
    first, second = paser_batch.sessions.order_by("starts_at")
    marks = _marks(paser_batch, Budi="sakit")
    client.force_login(paser_blk_admin)
    page = client.post(reverse("training:attendance", args=[paser_batch.pk, first.pk]),
                       {f"m{pk}": status for pk, status in marks.items()})
    assert page.status_code == 302
    response = post(token_client(paser_blk_admin),
                    f"/api/v1/batches/{paser_batch.pk}/sessions/{second.pk}/attendance/",
                    {"marks": [{"enrolment": pk, "status": status} for pk, status in marks.items()]})
    assert response.status_code == 200, response.content

    def saved(session):
        return sorted(Attendance.objects.filter(session=session).values_list("enrolment_id", "status", "recorded_by"))

    assert saved(first) == saved(second) == sorted((pk, status, paser_blk_admin.pk) for pk, status in marks.items())
    page_event, api_event = (AuditEvent.objects.get(action="attendance.record", target_id=str(s.pk))
                             for s in (first, second))
    assert (page_event.actor, page_event.regency_code, page_event.before, page_event.after) == (
        api_event.actor, api_event.regency_code, api_event.before, api_event.after)
    body = response.json()
    assert [s["held"] for s in body["sessions"]] == [True, True]
    budi = next(row for row in body["participants"] if row["person"]["name"] == "Budi Santoso")
    assert [mark["status"] for mark in budi["marks"]] == ["sakit", "sakit"] and budi["rate"] == 0
    assert token_client(paser_blk_admin).get(f"/api/v1/batches/{paser_batch.pk}/attendance/").json() == body


def test_attendance_needs_every_participant_with_a_known_mark(blk_api, paser_batch, bantaeng_batch):
    session = paser_batch.sessions.first()
    url = f"/api/v1/batches/{paser_batch.pk}/sessions/{session.pk}/attendance/"
    andi, budi = Enrolment.objects.filter(batch=paser_batch, status="enrolled").order_by("pk")
    response = post(blk_api, url, {"marks": [{"enrolment": andi.pk, "status": "mungkin"}]})
    assert response.status_code == 400 and response.json()["code"] == "invalid"
    assert set(response.json()["errors"]) == {f"marks.{andi.pk}", f"marks.{budi.pk}"}
    assert response.json()["message"] == "Sebagian data yang dikirim tidak sah."
    stranger = post(blk_api, url, {"marks": [{"enrolment": andi.pk, "status": "hadir"},
                                             {"enrolment": budi.pk, "status": "hadir"},
                                             {"enrolment": bantaeng_batch.enrolments.get().pk, "status": "hadir"}]})
    assert stranger.status_code == 400 and "marks" in stranger.json()["errors"]
    assert not Attendance.objects.exists() and not AuditEvent.objects.filter(action="attendance.record").exists()


def test_only_who_records_training_may_post_attendance_and_only_for_a_visible_batch(
    paser_staff, bantaeng_blk_admin, paser_batch
):
    session = paser_batch.sessions.first()
    url = f"/api/v1/batches/{paser_batch.pk}/sessions/{session.pk}/attendance/"
    body = {"marks": [{"enrolment": pk, "status": status} for pk, status in _marks(paser_batch).items()]}
    assert post(token_client(paser_staff), url, body).status_code == 403  # Dinas staff look, BLK admins record
    assert post(token_client(bantaeng_blk_admin), url, body).status_code == 404
    assert not Attendance.objects.exists()


# --- results ---------------------------------------------------------------------------------


def test_recording_a_result_through_the_api_is_the_results_pages_save(client, paser_blk_admin, paser_batch):
    andi, budi = Enrolment.objects.filter(batch=paser_batch, status="enrolled").order_by("pk")
    result = {"outcome": "completed", "completed_on": "2026-08-28", "end_reason": "", "assessment": "kompeten",
              "assessed_on": "2026-08-28", "certificate_number": "", "certificate_issuer": "",
              "certificate_expires_on": ""}
    untouched = {"outcome": "enrolled", "completed_on": "", "end_reason": "", "assessment": "", "assessed_on": "",
                 "certificate_number": "", "certificate_issuer": "", "certificate_expires_on": ""}
    client.force_login(paser_blk_admin)
    page = client.post(reverse("training:results", args=[paser_batch.pk]), {
        **{f"e{andi.pk}-{field}": value for field, value in {**result, "certificate_number": "BNSP-1"}.items()},
        **{f"e{budi.pk}-{field}": value for field, value in untouched.items()},
    })
    assert page.status_code == 302
    response = post(token_client(paser_blk_admin), f"/api/v1/enrolments/{budi.pk}/result/",
                    {"outcome": "completed", "assessment": "kompeten", "assessed_on": "2026-08-28",
                     "certificate_number": "BNSP-2"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "completed" and response.json()["certificate_issuer"] == "BNSP"
    andi.refresh_from_db()
    budi.refresh_from_db()
    fields = ("status", "completed_on", "assessment", "assessed_on", "certificate_issuer", "certificate_expires_on")
    assert [getattr(andi, f) for f in fields] == [getattr(budi, f) for f in fields]

    def events(enrolment):
        return [(e.action, e.actor_id, e.regency_code, e.before, {**e.after, "certificate_number": None})
                for e in AuditEvent.objects.filter(target_id=str(enrolment.pk), action__startswith="enrolment.")
                .order_by("pk")]

    assert events(andi) == events(budi)
    assert [e[0] for e in events(budi)] == ["enrolment.complete", "enrolment.assess", "enrolment.certify"]


def test_a_result_the_service_refuses_is_a_400_saying_why_in_indonesian(blk_api, paser_batch):
    andi = Enrolment.objects.filter(batch=paser_batch, status="enrolled").order_by("pk").first()
    response = post(blk_api, f"/api/v1/enrolments/{andi.pk}/result/",
                    {"outcome": "completed", "certificate_number": "BNSP-9"})
    assert response.status_code == 400 and response.json()["code"] == "refused"
    assert response.json()["message"].startswith("Andi Saputra (") and "belum dinyatakan kompeten" in (
        response.json()["message"])
    andi.refresh_from_db()
    assert andi.status == "enrolled" and andi.certificate_number == ""
    bad = post(blk_api, f"/api/v1/enrolments/{andi.pk}/result/", {"outcome": "maybe", "colour": "red"})
    assert bad.status_code == 400 and set(bad.json()["errors"]) == {"colour"}
    bad = post(blk_api, f"/api/v1/enrolments/{andi.pk}/result/", {"outcome": "maybe"})
    assert bad.status_code == 400 and set(bad.json()["errors"]) == {"outcome"}
    assert not AuditEvent.objects.filter(action__startswith="enrolment.").exists()


def test_results_are_recorded_only_by_who_records_training_in_a_visible_batch(
    paser_staff, bantaeng_blk_admin, paser_batch
):
    andi = Enrolment.objects.filter(batch=paser_batch, status="enrolled").first()
    body = {"outcome": "completed"}
    assert post(token_client(paser_staff), f"/api/v1/enrolments/{andi.pk}/result/", body).status_code == 403
    assert post(token_client(bantaeng_blk_admin), f"/api/v1/enrolments/{andi.pk}/result/", body).status_code == 404
    andi.refresh_from_db()
    assert andi.status == "enrolled"


# --- §10 training results as JSON --------------------------------------------------------------

COLUMNS = ["nik", "nama", "tanggal_lahir", "jenis_kelamin", "kode_wilayah", "program", "penyelenggara", "kejuruan",
           "tanggal_mulai", "tanggal_selesai", "hasil", "kompeten", "no_sertifikat"]


def result_row(serial, **values):
    row = {"nik": nik_for(regency_code="64.01", birth_date=datetime.date(2005, 8, 17), sex="P", serial=serial),
           "nama": f"Peserta {serial}", "tanggal_lahir": "17-08-2005", "jenis_kelamin": "P",
           "kode_wilayah": "64.01.01.2001", "program": "PKT-2025", "penyelenggara": "LKP Tata Boga Paser",
           "kejuruan": "Tata Boga", "tanggal_mulai": "01-09-2025", "tanggal_selesai": "30-09-2025", "hasil": "lulus",
           "kompeten": "ya", "no_sertifikat": ""}
    row.update(values)
    return row


@pytest.fixture
def pkt(paser_village, bantaeng_village):
    return ProgramCycleFactory(code="PKT-2025", year=2025)


def test_a_json_batch_is_checked_and_reported_as_the_file_import_with_lines_counted_from_one(
    paser_staff, pkt, tmp_path
):
    rows = [result_row(1), result_row(2, tanggal_selesai="01-08-2025"), result_row(3, kode_wilayah="73.03.01.2001")]
    response = post(token_client(paser_staff), "/api/v1/training-results/", {"rows": rows},
                    HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200, response.content
    report = response.json()
    assert (report["imported"], report["rejected"], report["districts"]) == (1, 2, ["64.01"])
    assert [(e["line"], e["column"]) for e in report["errors"]] == [(2, "tanggal_selesai"), (3, "kode_wilayah")]
    assert report["errors"][1]["message"] == "Desa 73.03.01.2001 is outside your area"

    # The same rows as a file, through the import the upload page's job and the command run.
    path = tmp_path / "rekap.csv"
    path.write_text(",".join(COLUMNS) + "\n" + "\n".join(",".join(r[c] for c in COLUMNS) for r in [
        result_row(11), result_row(12, tanggal_selesai="01-08-2025"), result_row(13, kode_wilayah="73.03.01.2001"),
    ]) + "\n")
    file_report = training_results_import(path=path, file_name="rekap.csv", by=paser_staff,
                                          regency_codes={"64.01"}).as_dict()
    assert [(e["line"] - 1, e["column"]) for e in file_report["errors"]] == [(2, "tanggal_selesai"),
                                                                             (3, "kode_wilayah")]
    by_api, by_file = ImportedTraining.objects.order_by("pk")
    keep = ("cycle_id", "provider_id", "vocation", "start_date", "end_date", "result", "competent", "regency_id",
            "village_code", "imported_by_id")
    assert [getattr(by_api, f) for f in keep] == [getattr(by_file, f) for f in keep]
    assert (by_api.line, by_api.file_name) == (1, "api")
    api_event, file_event = AuditEvent.objects.filter(action="training_results.import").order_by("pk")
    assert api_event.actor == file_event.actor == paser_staff
    assert api_event.after == {**file_event.after, "file": "api"}


def test_sending_the_batch_again_adds_nothing(paser_staff, pkt):
    api = token_client(paser_staff)
    assert post(api, "/api/v1/training-results/", [result_row(1)]).json()["imported"] == 1
    again = post(api, "/api/v1/training-results/", [result_row(1)]).json()
    assert (again["imported"], again["rejected"]) == (0, 1)
    assert again["errors"][0]["message"] == "NIK ini sudah punya pelatihan impor dalam PKT-2025"
    assert ImportedTraining.objects.count() == 1


def test_a_batch_over_the_limit_is_a_413_and_bad_json_shapes_are_400s(paser_staff, pkt, settings):
    settings.API_TRAINING_RESULTS_MAX_ROWS = 2
    api = token_client(paser_staff)
    response = post(api, "/api/v1/training-results/", {"rows": [result_row(n) for n in range(3)]})
    assert response.status_code == 413 and response.json()["code"] == "too_many_rows"
    assert "2" in response.json()["message"]
    not_rows = post(api, "/api/v1/training-results/", {"rows": "nik,nama"})
    assert not_rows.status_code == 400 and set(not_rows.json()["errors"]) == {"rows"}
    not_objects = post(api, "/api/v1/training-results/", [result_row(1), ["6401"]])
    assert not_objects.status_code == 400 and not ImportedTraining.objects.exists()


def test_importing_results_needs_the_import_capability(paser_official, pkt):
    response = post(token_client(paser_official), "/api/v1/training-results/", [result_row(1)])
    assert response.status_code == 403 and not ImportedTraining.objects.exists()


def test_a_blk_admin_imports_only_into_their_district(paser_blk_admin, pkt):
    VillageFactory(code="64.01.02.2001", name="Desa Lain Paser")
    report = post(token_client(paser_blk_admin), "/api/v1/training-results/",
                  [result_row(1, kode_wilayah="64.01.02.2001"), result_row(2, kode_wilayah="73.03.01.2001")]).json()
    assert (report["imported"], report["rejected"]) == (1, 1)


@pytest.mark.parametrize("participants", [1, 15])
def test_a_batchs_attendance_costs_the_same_queries_whatever_its_size(
    blk_api, paser_provider, participants, django_assert_max_num_queries
):
    batch = BatchFactory(provider=paser_provider)
    sessions = [BatchSessionFactory(batch=batch, day=datetime.date(2026, 8, 10 + n)) for n in range(3)]
    recorder = UserFactory(username="pencatat")
    for number in range(participants):
        enrolment = enrol(batch, f"Peserta {number}")
        Attendance.objects.create(session=sessions[0], enrolment=enrolment, status="hadir",
                                  recorded_by=recorder)
    blk_api.get(f"/api/v1/batches/{batch.pk}/attendance/")
    # The token, the permission lookups, the batch, then sessions, marks and roster.
    with django_assert_max_num_queries(7):
        body = blk_api.get(f"/api/v1/batches/{batch.pk}/attendance/").json()
    assert len(body["participants"]) == participants
    assert all(row["rate"] == 100 for row in body["participants"])
