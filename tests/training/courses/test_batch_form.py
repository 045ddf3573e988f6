"""The batch form: sessions from a weekly pattern and/or a list, and double booking explained
before anything is saved."""

import datetime

import pytest
from django.urls import reverse

from tests.training.factories import (
    InstructorCertificationFactory,
    InstructorFactory,
    local_datetime,
)
from training.models import Batch, InstructorBooking

pytestmark = pytest.mark.django_db


def batch_data(cycle, package, workshop, *, rows=(), instructors=(), **overrides):
    """POST data of the batch form; rows are (date, start, end) strings."""
    data = {
        "cycle": cycle.pk, "package": package.pk, "workshop": workshop.pk, "name": "Angkatan 3",
        "start_date": "10-08-2026", "end_date": "28-08-2026", "capacity": "",
        "instructors": [i.pk for i in instructors],
        "sessions-TOTAL_FORMS": str(len(rows)), "sessions-INITIAL_FORMS": "0",
        "sessions-MIN_NUM_FORMS": "0", "sessions-MAX_NUM_FORMS": "1000",
        "action": "save",
    }
    for index, (day, start, end) in enumerate(rows):
        data.update({f"sessions-{index}-day": day, f"sessions-{index}-starts": start, f"sessions-{index}-ends": end})
    data.update(overrides)
    return data


@pytest.fixture
def post(client, paser_blk_admin, paser_provider):
    client.force_login(paser_blk_admin)

    def send(data, batch=None):
        url = reverse("training:batch-edit", args=[batch.pk]) if batch else reverse("training:batch-create",
                                                                                       args=[paser_provider.pk])
        return client.post(url, data)

    return send


def errors_of(response) -> str:
    return response.content.decode().split('data-testid="batch-errors"', 1)[1].split("</div>\n", 1)[0]


def test_a_listed_session_list_creates_the_batch_with_the_package_class_size(post, cycle, menjahit, ruang_jahit, budi):
    response = post(batch_data(cycle, menjahit, ruang_jahit, instructors=[budi],
                               rows=[("2026-08-10", "08:00", "12:00"), ("2026-08-11", "13:00", "16:00"), ("", "", "")]))
    batch = Batch.objects.get(name="Angkatan 3")
    assert response.status_code == 302 and response.url == reverse("training:batch-detail", args=[batch.pk])
    assert batch.capacity == 16 and batch.sessions.count() == 2
    assert InstructorBooking.objects.filter(session__batch=batch, instructor=budi).count() == 2


def test_a_weekly_pattern_makes_every_matching_session(post, cycle, menjahit, ruang_jahit):
    post(batch_data(cycle, menjahit, ruang_jahit, repeat_weekdays=["0", "2", "4"],
                    repeat_starts="08:00", repeat_ends="12:00"))
    batch = Batch.objects.get(name="Angkatan 3")
    assert [s.starts_at for s in batch.sessions.all()] == [
        local_datetime(datetime.date(2026, 8, day), 8) for day in (10, 12, 14, 17, 19, 21, 24, 26, 28)
    ]


def test_generate_fills_the_list_for_review_without_saving(post, cycle, menjahit, ruang_jahit):
    response = post(batch_data(cycle, menjahit, ruang_jahit, action="generate", repeat_weekdays=["1"],
                               repeat_starts="13:00", repeat_ends="17:00"))
    assert response.status_code == 200 and not Batch.objects.exists()
    sessions = response.context["sessions"]
    assert [form.initial["day"] for form in sessions.forms[:3]] == [datetime.date(2026, 8, d) for d in (11, 18, 25)]
    # The pattern is cleared so that a row deleted from the list is not generated again on save.
    assert not response.context["form"]["repeat_weekdays"].value()


def test_deleted_rows_are_not_saved(post, cycle, menjahit, ruang_jahit):
    data = batch_data(
        cycle, menjahit, ruang_jahit, rows=[("2026-08-10", "08:00", "12:00"), ("2026-08-17", "08:00", "12:00")]
    )
    data["sessions-1-DELETE"] = "on"
    post(data)
    assert Batch.objects.get(name="Angkatan 3").sessions.count() == 1


def test_the_form_names_an_overlapping_instructor(post, angkatan_2, cycle, menjahit, ruang_jahit, budi):
    response = post(
        batch_data(cycle, menjahit, ruang_jahit, instructors=[budi], rows=[("2026-08-12", "10:00", "14:00")])
    )
    assert response.status_code == 200 and not Batch.objects.filter(name="Angkatan 3").exists()
    assert "Instructor Budi already teaches Angkatan 2 (Menjahit) on 12 Aug 2026 08:00–12:00." in errors_of(response)


def test_the_form_names_an_overlapping_workshop(post, angkatan_2, cycle, menjahit, bengkel_las):
    response = post(batch_data(cycle, menjahit, bengkel_las, rows=[("2026-08-10", "07:00", "09:00")]))
    assert "Workshop Bengkel Las is used by Angkatan 2 (Menjahit) on 10 Aug 2026 08:00–12:00." in errors_of(response)
    assert not Batch.objects.filter(name="Angkatan 3").exists()


def test_touching_sessions_are_allowed(post, angkatan_2, cycle, menjahit, bengkel_las, budi):
    response = post(batch_data(cycle, menjahit, bengkel_las, instructors=[budi],
                               rows=[("2026-08-10", "12:00", "16:00"), ("2026-08-12", "06:00", "08:00")]))
    assert response.status_code == 302
    assert Batch.objects.get(name="Angkatan 3").sessions.count() == 2


def test_editing_a_batch_does_not_conflict_with_itself(post, angkatan_2, cycle, menjahit, bengkel_las, budi):
    response = post(batch_data(cycle, menjahit, bengkel_las, instructors=[budi], name="Angkatan 2",
                               rows=[("2026-08-10", "08:00", "12:00"), ("2026-08-12", "08:00", "12:30")]),
                    batch=angkatan_2)
    assert response.status_code == 302
    assert angkatan_2.sessions.last().ends_at == local_datetime(datetime.date(2026, 8, 12), 12, 30)


def test_two_overlapping_sessions_of_the_same_batch_are_refused(post, cycle, menjahit, ruang_jahit):
    response = post(batch_data(cycle, menjahit, ruang_jahit,
                               rows=[("2026-08-10", "08:00", "12:00"), ("2026-08-10", "11:00", "13:00")]))
    assert "Two sessions of this batch overlap on" in errors_of(response)


def test_a_session_outside_the_batch_dates_is_refused(post, cycle, menjahit, ruang_jahit):
    response = post(batch_data(cycle, menjahit, ruang_jahit, rows=[("2026-09-01", "08:00", "12:00")]))
    assert "outside the batch&#x27;s dates" in errors_of(response)


def test_capacity_above_the_workshop_is_refused(post, cycle, menjahit, ruang_jahit):
    response = post(batch_data(cycle, menjahit, ruang_jahit, capacity="25", rows=[("2026-08-10", "08:00", "12:00")]))
    assert "Ruang Jahit holds 18 participants" in errors_of(response)


def test_a_batch_needs_sessions(post, cycle, menjahit, ruang_jahit):
    response = post(batch_data(cycle, menjahit, ruang_jahit))
    assert "Add the batch&#x27;s sessions" in errors_of(response)


def test_another_providers_workshop_or_instructor_cannot_be_chosen(
    post, cycle, menjahit, bantaeng_provider, ruang_jahit
):
    from tests.training.factories import WorkshopFactory

    foreign = WorkshopFactory(provider=bantaeng_provider)
    stranger = InstructorFactory(provider=bantaeng_provider)
    response = post(batch_data(cycle, menjahit, foreign, rows=[("2026-08-10", "08:00", "12:00")]))
    assert "workshop" in response.context["form"].errors
    response = post(batch_data(cycle, menjahit, ruang_jahit, instructors=[stranger],
                               rows=[("2026-08-10", "08:00", "12:00")]))
    assert "instructors" in response.context["form"].errors


def test_an_instructor_whose_certificate_lapses_during_the_batch_is_flagged(client, paser_blk_admin, angkatan_2, siti,
                                                                            budi):
    # Angkatan 2 ends on 28 August 2026; Siti's certificate ends on the 20th, Budi's in 2030.
    InstructorCertificationFactory(instructor=siti, scheme="Instruktur Menjahit", expires_on=datetime.date(2026, 8, 20))
    client.force_login(paser_blk_admin)
    page = client.get(reverse("training:batch-edit", args=[angkatan_2.pk])).content.decode()
    rows = {
        row.split("</label>", 1)[0].split(">")[-1].split(" —")[0]: row
        for row in page.split('class="form-check"')[1:]
    }
    assert "certificate expired or expiring before the batch ends" in rows["Siti"]
    assert 'data-testid="expired-certificate"' in rows["Siti"].split("</div>", 1)[0]
    assert "expired-certificate" not in rows["Budi"].split("</div>", 1)[0]


def test_a_forty_session_course_generated_reviewed_and_saved(post, cycle, menjahit, ruang_jahit):
    """The BLK admin's way through a long course: generate Monday–Friday for eight weeks, untick
    one holiday in the list, save."""
    data = batch_data(cycle, menjahit, ruang_jahit, action="generate", start_date="03-08-2026", end_date="25-09-2026",
                      repeat_weekdays=["0", "1", "2", "3", "4"], repeat_starts="08:00", repeat_ends="12:00")
    response = post(data)
    sessions = response.context["sessions"]
    management = sessions.management_form.initial
    assert management["TOTAL_FORMS"] == 43 and management["INITIAL_FORMS"] == 40
    save_data = {key: value for key, value in data.items() if not key.startswith(("sessions-", "repeat_"))}
    save_data.update({"action": "save", "sessions-TOTAL_FORMS": "43", "sessions-INITIAL_FORMS": "40",
                      "sessions-MIN_NUM_FORMS": "0", "sessions-MAX_NUM_FORMS": "1000"})
    for index, form in enumerate(sessions.forms[:40]):
        save_data[f"sessions-{index}-day"] = form.initial["day"].isoformat()
        save_data[f"sessions-{index}-starts"] = "08:00"
        save_data[f"sessions-{index}-ends"] = "12:00"
    holiday = [i for i, f in enumerate(sessions.forms[:40]) if f.initial["day"] == datetime.date(2026, 8, 17)][0]
    save_data[f"sessions-{holiday}-DELETE"] = "on"  # Hari Kemerdekaan
    assert post(save_data).status_code == 302
    batch = Batch.objects.get(name="Angkatan 3")
    assert batch.sessions.count() == 39
    assert not batch.sessions.filter(starts_at__date=datetime.date(2026, 8, 17)).exists()
