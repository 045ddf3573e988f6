import pytest
from django.urls import reverse
from django.utils import translation

from audit.models import AuditEvent
from core.errors import PortalError
from tests.pages import table_rows
from training.models import Attendance, Enrolment
from training.records.services import attendance_record

from .conftest import enrol

pytestmark = pytest.mark.django_db


def session_url(batch, session):
    return reverse("training:attendance", args=[batch.pk, session.pk])


def marks_post(batch, **by_name):
    """POST data marking everyone present except the names given."""
    data = {}
    for enrolment in Enrolment.objects.filter(batch=batch).select_related("application__person"):
        if enrolment.status != Enrolment.Status.WITHDRAWN:
            data[f"m{enrolment.pk}"] = by_name.get(enrolment.application.person.name.split()[0], "hadir")
    return data


def test_session_page_lists_the_roster_marked_present_by_default(client, paser_blk_admin, paser_batch):
    withdrawn = enrol(paser_batch, "Eko Mundur", status=Enrolment.Status.WITHDRAWN)
    session = paser_batch.sessions.first()
    client.force_login(paser_blk_admin)
    response = client.get(session_url(paser_batch, session))
    html = response.content.decode()
    assert response.status_code == 200
    for name in ("Andi Saputra", "Budi Santoso", "Citra Lestari"):
        assert name in html
    assert "Eko Mundur" not in html  # a withdrawn enrolment gave its seat back before the course
    assert html.count('value="hadir" checked') == 3
    assert f'name="m{withdrawn.pk}"' not in html


def test_one_submit_saves_the_whole_roster_with_one_audit_row(client, paser_blk_admin, paser_batch):
    session = paser_batch.sessions.first()
    client.force_login(paser_blk_admin)
    response = client.post(session_url(paser_batch, session), marks_post(paser_batch, Budi="sakit"))
    assert response.status_code == 302
    saved = dict(
        Attendance.objects.filter(session=session).values_list("enrolment__application__person__name", "status")
    )
    assert saved == {"Andi Saputra": "hadir", "Budi Santoso": "sakit", "Citra Lestari": "hadir"}
    events = AuditEvent.objects.filter(action="attendance.record")
    assert events.count() == 1
    assert events.get().target_id == str(session.pk)
    assert Attendance.objects.filter(session=session, recorded_by=paser_blk_admin).count() == 3


def test_saving_again_changes_a_mark_without_duplicating_rows(client, paser_blk_admin, paser_batch):
    session = paser_batch.sessions.first()
    client.force_login(paser_blk_admin)
    client.post(session_url(paser_batch, session), marks_post(paser_batch))
    client.post(session_url(paser_batch, session), marks_post(paser_batch, Citra="alpa"))
    assert Attendance.objects.filter(session=session).count() == 3
    citra = Attendance.objects.get(session=session, enrolment__application__person__name="Citra Lestari")
    assert citra.status == "alpa"
    # The page now shows the recorded mark, not the default.
    html = client.get(session_url(paser_batch, session)).content.decode()
    assert f'name="m{citra.enrolment_id}" id="id_m{citra.enrolment_id}_3" value="alpa" checked' in html
    last = AuditEvent.objects.filter(action="attendance.record").order_by("-pk").first()
    assert last.after["marks"] == {str(citra.enrolment_id): "alpa"}
    assert last.before == {str(citra.enrolment_id): "hadir"}


def test_participant_who_had_dropped_out_defaults_to_absent(client, paser_blk_admin, paser_batch):
    from django.utils import timezone

    later = paser_batch.sessions.last()
    dropped = Enrolment.objects.get(batch=paser_batch, application__person__name="Andi Saputra")
    Enrolment.objects.filter(pk=dropped.pk).update(
        status=Enrolment.Status.DROPPED_OUT, end_reason="Bekerja", ended_at=later.starts_at - timezone.timedelta(days=1)
    )
    client.force_login(paser_blk_admin)
    html = client.get(session_url(paser_batch, later)).content.decode()
    assert f'name="m{dropped.pk}" id="id_m{dropped.pk}_3" value="alpa" checked' in html


def test_attendance_service_refuses_someone_outside_the_batch(paser_blk_admin, paser_batch, bantaeng_batch):
    stranger = Enrolment.objects.get(batch=bantaeng_batch)
    with translation.override("en"), pytest.raises(PortalError) as refusal:
        attendance_record(session=paser_batch.sessions.first(), marks={stranger.pk: "hadir"}, by=paser_blk_admin)
    assert str(refusal.value.message) == "Attendance can only be recorded for the participants of this batch."
    assert not Attendance.objects.exists()


def test_district_staff_see_the_session_read_only_and_may_not_save(client, paser_staff, paser_batch):
    session = paser_batch.sessions.first()
    client.force_login(paser_staff)
    response = client.get(session_url(paser_batch, session))
    assert response.status_code == 200
    assert "Save attendance" not in response.content.decode()
    assert client.post(session_url(paser_batch, session), marks_post(paser_batch)).status_code == 403
    assert not Attendance.objects.exists()


def test_attendance_pages_need_a_capability(client, no_role_user, paser_batch):
    client.force_login(no_role_user)
    session = paser_batch.sessions.first()
    assert client.get(session_url(paser_batch, session)).status_code == 403
    assert client.get(reverse("training:attendance-overview", args=[paser_batch.pk])).status_code == 403


def test_another_providers_batch_answers_404(client, paser_blk_admin, bantaeng_batch, paser_batch):
    client.force_login(paser_blk_admin)
    session = bantaeng_batch.sessions.first()
    assert client.get(session_url(bantaeng_batch, session)).status_code == 404
    assert client.post(session_url(bantaeng_batch, session), marks_post(bantaeng_batch)).status_code == 404
    assert client.get(reverse("training:attendance-overview", args=[bantaeng_batch.pk])).status_code == 404
    # A session of another batch under this batch's address is not found either.
    assert client.get(session_url(paser_batch, session)).status_code == 404
    assert not Attendance.objects.exists()


def test_overview_shows_marks_and_percentages(client, paser_blk_admin, paser_batch):
    first, second, _third = paser_batch.sessions.order_by("starts_at")
    client.force_login(paser_blk_admin)
    client.post(session_url(paser_batch, first), marks_post(paser_batch, Budi="alpa"))
    client.post(session_url(paser_batch, second), marks_post(paser_batch, Budi="izin", Citra="sakit"))
    response = client.get(reverse("training:attendance-overview", args=[paser_batch.pk]))
    rows = {row.enrolment.application.person.name: row for row in response.context["matrix"].rows}
    # Two of the three sessions were recorded: the percentage counts over those two.
    assert rows["Andi Saputra"].rate == 100
    assert rows["Budi Santoso"].rate == 0
    assert rows["Citra Lestari"].rate == 50
    assert rows["Budi Santoso"].cells == ["alpa", "izin", None]
    html = response.content.decode()
    assert "50%" in html and "100%" in html


def test_province_official_sees_the_overview(client, kaltim_official, paser_batch):
    client.force_login(kaltim_official)
    response = client.get(reverse("training:attendance-overview", args=[paser_batch.pk]))
    assert response.status_code == 200
    assert "Citra Lestari" in response.content.decode()


def test_overview_query_count_does_not_grow_with_the_roster(
    client, paser_blk_admin, paser_batch, django_assert_max_num_queries
):
    for n in range(25):
        enrol(paser_batch, f"Peserta Tambahan {n:02d}")
    client.force_login(paser_blk_admin)
    for session in paser_batch.sessions.all():
        client.post(session_url(paser_batch, session), marks_post(paser_batch))
    with django_assert_max_num_queries(10):
        response = client.get(reverse("training:attendance-overview", args=[paser_batch.pk]))
    assert response.status_code == 200
    # Every participant is a row, present (H) at each of the three sessions: 100%.
    rows = table_rows(response.content.decode(), "attendance-matrix")
    expected = ["Andi Saputra", "Budi Santoso", "Citra Lestari", *(f"Peserta Tambahan {n:02d}" for n in range(25))]
    assert [row.cells[0] for row in rows] == expected
    assert {tuple(row.cells[1:]) for row in rows} == {("H", "H", "H", "100%")}


def test_session_save_query_count_does_not_grow_with_the_roster(
    client, paser_blk_admin, paser_batch, django_assert_max_num_queries
):
    for n in range(25):
        enrol(paser_batch, f"Peserta Tambahan {n:02d}")
    session = paser_batch.sessions.first()
    client.force_login(paser_blk_admin)
    data = marks_post(paser_batch)
    with django_assert_max_num_queries(20):
        response = client.post(session_url(paser_batch, session), data)
    assert response.status_code == 302
    # Every participant's mark is saved.
    saved = dict(Attendance.objects.filter(session=session).values_list("enrolment_id", "status"))
    assert saved == {int(key[1:]): "hadir" for key in data}
    assert len(saved) == 28
