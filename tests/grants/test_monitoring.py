"""Monitoring after the grant: the visit form (status, aid in use per asset tag, revenue, people
employed, notes, photos checked by content and size, optional GPS), the graduate's outcome it
updates, the overdue list per officer and per kecamatan, bulk assignment, coaching sessions and
the survival figures with their numerator and denominator."""

import io
from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from audit.models import AuditEvent
from grants.models import GraduateOutcome, Grant, MonitoringVisit, VisitAssetCheck, VisitPhoto
from grants.monitoring.selectors import grant_indicator_counts, survival_table
from grants.monitoring.services import visit_record, visits_schedule
from grants.proposals.services import handover_record
from tests.factories import SubdistrictFactory, UserFactory, VillageFactory

from .factories import graduate

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def png(name="usaha.png", size=(30, 20)) -> io.BytesIO:
    buffer = io.BytesIO()
    Image.new("RGB", size, "orange").save(buffer, "PNG")
    buffer.seek(0)
    buffer.name = name
    return buffer


@pytest.fixture
def handed_over(equipment_scheme, paser_graduate, propose, advance, paser_staff, paser_staff2):
    """An equipment grant handed over 100 days ago, with two tagged items, and its visits."""
    kompor, etalase = equipment_scheme.items.order_by("position")
    grant = advance(propose(equipment_scheme, paser_graduate, items=[(kompor, 1), (etalase, 1)], officer=paser_staff2),
                    "approved")
    handover_record(grant=grant, by=paser_staff, handed_over_on=TODAY - timedelta(days=100), place="Aula",
                    officer=paser_staff2)
    visits_schedule()
    return Grant.objects.get(pk=grant.pk)


def test_an_officer_records_a_visit_from_a_phone(client, handed_over, paser_staff2, media_root):
    visit = MonitoringVisit.objects.get(grant=handed_over, months_after=3)
    kompor, etalase = handed_over.items.order_by("position")
    client.force_login(paser_staff2)
    url = reverse("grants:visit-detail", args=[visit.pk])
    page = client.get(url).content.decode()
    assert 'name="viewport"' in page and kompor.asset_tag in page and 'id="take-location"' in page
    response = client.post(url, {
        "visited_on": TODAY.isoformat(), "business_status": "growing", "monthly_revenue": "4.500.000",
        "employees": "2", "outcome": "self_employed", "notes": "Pesanan katering bertambah",
        f"in_use_{kompor.pk}": "1", f"in_use_{etalase.pk}": "0", "photos": [png("a.png"), png("b.png")],
        "latitude": "-1.917352", "longitude": "116.197610", "accuracy": "12",
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    visit.refresh_from_db()
    assert (visit.status, visit.business_status, visit.monthly_revenue, visit.employees) == (
        "done", "growing", 4_500_000, 2)
    assert (str(visit.latitude), str(visit.longitude), visit.location_accuracy_m) == ("-1.917352", "116.197610", 12)
    assert dict(VisitAssetCheck.objects.filter(visit=visit).values_list("item__asset_tag", "in_use")) == {
        kompor.asset_tag: True, etalase.asset_tag: False}
    photos = list(VisitPhoto.objects.filter(visit=visit))
    assert [p.content_type for p in photos] == ["image/png", "image/png"]
    outcome = GraduateOutcome.objects.get(person=handed_over.person)
    assert (outcome.status, outcome.confirmed_on, outcome.confirmed_by, outcome.visit) == (
        "self_employed", TODAY, paser_staff2, visit)
    assert AuditEvent.objects.filter(action="monitoring.visit_record", target_id=str(visit.pk)).exists()
    # The recorded visit shows what was found, with its photos served through the portal.
    page = client.get(url).content.decode()
    assert "Pesanan katering bertambah" in page and reverse("grants:visit-photo", args=[photos[0].pk]) in page
    photo = client.get(reverse("grants:visit-photo", args=[photos[0].pk]))
    assert photo.status_code == 200 and photo["Content-Type"] == "image/png"
    assert photo["X-Content-Type-Options"] == "nosniff"


def test_a_visit_is_recorded_once(handed_over, paser_staff, paser_staff2):
    from grants.monitoring.services import VisitRefused

    visit = MonitoringVisit.objects.get(grant=handed_over, months_after=3)
    visit_record(visit=visit, by=paser_staff2, visited_on=TODAY, business_status="active")
    with pytest.raises(VisitRefused, match="already recorded"):
        visit_record(visit=visit, by=paser_staff, visited_on=TODAY, business_status="stopped")
    visit.refresh_from_db()
    assert (visit.business_status, visit.recorded_by) == ("active", paser_staff2)


def test_photos_are_checked_by_content_and_size(client, handed_over, paser_staff2, settings, media_root):
    visit = MonitoringVisit.objects.get(grant=handed_over, months_after=3)
    client.force_login(paser_staff2)
    url = reverse("grants:visit-detail", args=[visit.pk])
    base = {"visited_on": TODAY.isoformat(), "business_status": "active", "outcome": "self_employed",
            **{f"in_use_{item.pk}": "1" for item in handed_over.items.all()}}
    fake = io.BytesIO(b"MZ\x90\x00 not a photo")
    fake.name = "foto.jpg"
    response = client.post(url, {**base, "photos": [fake]})
    assert response.status_code == 400 and "is not a JPEG or PNG image" in response.content.decode()
    settings.DOCUMENT_MAX_UPLOAD_BYTES = 100
    response = client.post(url, {**base, "photos": [png(size=(200, 200))]})
    assert response.status_code == 400 and "images up to 100" in response.content.decode()
    visit.refresh_from_db()
    assert visit.status == "scheduled" and not VisitPhoto.objects.exists()


def test_a_visit_without_gps_is_fine_and_half_a_location_is_refused(client, handed_over, paser_staff2):
    visit = MonitoringVisit.objects.get(grant=handed_over, months_after=3)
    client.force_login(paser_staff2)
    url = reverse("grants:visit-detail", args=[visit.pk])
    base = {"visited_on": TODAY.isoformat(), "business_status": "stopped", "outcome": "employed",
            **{f"in_use_{item.pk}": "0" for item in handed_over.items.all()}}
    assert client.post(url, {**base, "latitude": "-1.9"}).status_code == 400
    assert client.post(url, base).status_code == 302
    visit.refresh_from_db()
    assert visit.latitude is None and visit.business_status == "stopped"
    assert GraduateOutcome.objects.get(person=handed_over.person).status == "employed"


def test_an_older_visit_does_not_overwrite_a_later_outcome(handed_over, paser_staff, paser_staff2):
    from grants.monitoring.services import outcome_record

    outcome_record(person=handed_over.person, by=paser_staff, status="studying", confirmed_on=TODAY)
    visit = MonitoringVisit.objects.get(grant=handed_over, months_after=3)
    visit_record(visit=visit, by=paser_staff2, visited_on=TODAY - timedelta(days=3), business_status="active",
                 outcome="self_employed")
    assert GraduateOutcome.objects.get(person=handed_over.person).status == "studying"


def test_the_overdue_list_counts_per_officer_and_per_kecamatan(client, handed_over, paser_staff, paser_staff2):
    # The 3-month visit is overdue (handover 100 days ago); the 6- and 12-month ones are not.
    client.force_login(paser_staff)
    response = client.get(reverse("grants:visit-list"))
    assert [v.months_after for v in response.context["page"]] == [3]
    assert response.context["by_officer"] == [{"officer_id": paser_staff2.pk, "name": "Rina Verifikator", "count": 1}]
    kecamatan = handed_over.village.subdistrict
    assert response.context["by_subdistrict"] == [{"code": kecamatan.code, "name": kecamatan.name, "count": 1}]
    assert handed_over.person.name in response.content.decode()
    upcoming = client.get(reverse("grants:visit-list"), {"state": "scheduled", "kecamatan": "64.01.99"})
    assert list(upcoming.context["page"]) == []


def test_officers_are_assigned_in_bulk_within_their_district(
    client, handed_over, paser, paser_staff, paser_staff2, bantaeng_staff
):
    pendamping = UserFactory(username="pendamping.paser", first_name="Andi", last_name="Pendamping",
                             role="dinsos_staff", regency=paser)
    visits = list(MonitoringVisit.objects.filter(grant=handed_over).order_by("months_after"))
    client.force_login(paser_staff)
    response = client.post(reverse("grants:visit-assign"), {
        "visit": [v.pk for v in visits], "officer": pendamping.pk, "next": "/grants/visits/?state=all"})
    assert response.status_code == 302 and response["Location"] == "/grants/visits/?state=all"
    assert set(MonitoringVisit.objects.filter(grant=handed_over).values_list("officer", flat=True)) == {pendamping.pk}
    event = AuditEvent.objects.get(action="monitoring.assign")
    assert sorted(event.after["visits"]) == sorted(v.pk for v in visits)
    # An officer of another district is not offered, and is refused if posted.
    client.post(reverse("grants:visit-assign"), {"visit": [visits[0].pk], "officer": bantaeng_staff.pk})
    assert MonitoringVisit.objects.get(pk=visits[0].pk).officer == pendamping


def test_a_coaching_session_lists_graduates_as_attendees(client, psk, paser_provider, paser_graduate, paser_staff,
                                                        paser_staff2, bantaeng_graduate):
    other = graduate(cycle=psk, provider=paser_provider, name="Yusuf Kurniawan")
    client.force_login(paser_staff)
    page = client.get(reverse("grants:coaching-create")).content.decode()
    assert "Siti Rahmawati" in page and "Yusuf Kurniawan" in page and "Daeng Basri" not in page
    person = paser_graduate.application.person
    response = client.post(reverse("grants:coaching-create"), {
        "topic": "Pemasaran lewat media sosial", "held_on": TODAY.strftime("%d-%m-%Y"), "place": "Balai Desa",
        "officer": paser_staff2.pk, "attendees": [person.pk, other.application.person.pk], "notes": ""})
    assert response.status_code == 302
    from grants.models import CoachingSession

    session = CoachingSession.objects.get()
    assert set(session.attendees.values_list("name", flat=True)) == {"Siti Rahmawati", "Yusuf Kurniawan"}
    assert "Pemasaran lewat media sosial" in client.get(reverse("grants:coaching-list")).content.decode()
    response = client.post(reverse("grants:coaching-create"), {
        "topic": "X", "held_on": TODAY.strftime("%d-%m-%Y"), "place": "Y", "officer": paser_staff2.pk,
        "attendees": [bantaeng_graduate.application.person.pk]})
    assert response.status_code == 200 and CoachingSession.objects.count() == 1


def test_staff_record_a_graduates_outcome_and_the_person_page_shows_it(client, paser_graduate, paser_staff):
    person = paser_graduate.application.person
    client.force_login(paser_staff)
    response = client.post(reverse("grants:outcome-edit", args=[person.pk]), {
        "status": "employed", "confirmed_on": TODAY.strftime("%d-%m-%Y"), "note": "Bekerja di rumah makan"})
    assert response.status_code == 302
    page = client.get(reverse("participants:person-detail", args=[person.pk])).content.decode()
    assert 'data-testid="outcome"' in page and "Employed" in page and "last confirmed" in page
    outcome = GraduateOutcome.objects.get(person=person)
    assert (outcome.status, outcome.confirmed_by) == ("employed", paser_staff)


def _deliver(grant, day):
    Grant.objects.filter(pk=grant.pk).update(status="disbursed", delivered_on=day)


def test_survival_figures_name_their_numerator_and_denominator(
    client, cash_scheme, psk, paser_provider, propose, advance, paser_staff, paser_staff2
):
    old_cohort = date(2026, 1, 15)
    grants = [advance(propose(cash_scheme, graduate(cycle=psk, provider=paser_provider)), "approved")
              for _ in range(4)]
    for grant in grants:
        _deliver(grant, old_cohort)
    visits_schedule()
    today = date(2026, 8, 1)  # seven months later: the 3- and 6-month visits are due, the 12-month one is not
    statuses = ["active", "growing", "stopped"]
    for grant, status in zip(grants, statuses, strict=False):
        visit = MonitoringVisit.objects.get(grant=grant, months_after=3)
        visit_record(visit=visit, by=paser_staff2, visited_on=date(2026, 4, 20), business_status=status)
    visit = MonitoringVisit.objects.get(grant=grants[0], months_after=6)
    visit_record(visit=visit, by=paser_staff2, visited_on=date(2026, 7, 20), business_status="active")
    row, = survival_table(user=paser_staff, today=today)
    assert (row.scheme_code, row.cohort, row.recipients) == ("BST-PSR-2026", date(2026, 1, 1), 4)
    three, six, twelve = row.cells[3], row.cells[6], row.cells[12]
    assert (three.active, three.reached, three.visited, three.percent) == (2, 4, 3, 50.0)
    assert (six.active, six.reached, six.percent) == (1, 4, 25.0)
    assert (twelve.active, twelve.reached, twelve.percent) == (0, 0, None)
    client.force_login(paser_staff)
    page = client.get(reverse("grants:survival")).content.decode()
    assert "businesses found active or growing at the 3-month visit" in page
    assert "recipients whose handover was at least 3 months ago" in page
    assert 'data-testid="survival-table"' in page


def test_grant_indicators_count_persons_amounts_and_active_businesses(
    cash_scheme, psk, paser_provider, propose, advance, paser_staff2
):
    grants = [advance(propose(cash_scheme, graduate(cycle=psk, provider=paser_provider)), "approved")
              for _ in range(3)]
    for grant in grants[:2]:
        _deliver(grant, date(2026, 2, 1))
    visits_schedule()
    visit_record(visit=MonitoringVisit.objects.get(grant=grants[0], months_after=3), by=paser_staff2,
                 visited_on=date(2026, 5, 5), business_status="active")
    visit_record(visit=MonitoringVisit.objects.get(grant=grants[1], months_after=3), by=paser_staff2,
                 visited_on=date(2026, 5, 5), business_status="moved")
    assert grant_indicator_counts(year=2026) == {"64.01": {"granted": 2, "grant_amount": 3_000_000,
                                                           "business_active": 1}}
    assert grant_indicator_counts(year=2025) == {}
    # The officials' §12 figures read the same numbers (dashboards.indicators.grant_figures).
    from dashboards.indicators import indicators_compute

    paser = next(d for d in indicators_compute(year=2026).districts if d.region == "64.01")
    assert (paser.granted, paser.grant_amount, paser.business_active) == (2, 3_000_000, 1)


def test_visits_of_another_kecamatan_filter_out(client, handed_over, paser_staff):
    other = VillageFactory(code="64.01.02.2001", name="Desa Lain",
                           subdistrict=SubdistrictFactory(code="64.01.02", name="Kecamatan Lain"))
    client.force_login(paser_staff)
    listed = client.get(reverse("grants:visit-list"), {"state": "all", "kecamatan": other.subdistrict_id})
    assert list(listed.context["page"]) == []
    listed = client.get(reverse("grants:visit-list"), {"state": "all", "kecamatan": handed_over.village.subdistrict_id})
    assert len(listed.context["page"]) == 3
