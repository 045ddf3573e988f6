"""District scoping of every grants page, file and photo: another district's record answers 404,
its rows are on no list, and the province sees its own districts only."""

import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from accounts.roles import Role
from grants.models import CoachingSession, MonitoringVisit, VillageNeed
from grants.monitoring.services import coaching_session_save, outcome_record, visit_record, visits_schedule
from grants.payments.services import payment_batch_create
from grants.proposals.services import handover_record
from grants.villages.services import village_need_save
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def paser_world(cash_scheme, equipment_scheme, psk, paser_provider, paser_graduate, propose, advance, paser,
                paser_village, paser_staff, paser_staff2, media_root):
    """Every kind of Paser grants record: schemes, a draft, a verified proposal, an equipment grant
    handed over (BAST) with a visit photo, a payment list, a coaching session, a village need and an
    outcome."""
    from .factories import graduate

    draft = propose(cash_scheme, graduate(cycle=psk, provider=paser_provider, name="Rahasia Paser Satu"))
    verified = advance(propose(cash_scheme, graduate(cycle=psk, provider=paser_provider, name="Rahasia Paser Dua")),
                       "verified")
    paid = advance(propose(cash_scheme, graduate(cycle=psk, provider=paser_provider, name="Rahasia Paser Tiga")),
                   "approved")
    batch = payment_batch_create(scheme=cash_scheme, by=paser_staff, grant_ids=[paid.pk])
    equipment = advance(propose(equipment_scheme, paser_graduate, items=[(equipment_scheme.items.first(), 1)]),
                        "approved")
    handover_record(grant=equipment, by=paser_staff, handed_over_on=TODAY - timedelta(days=95), place="Aula",
                    officer=paser_staff2)
    visits_schedule()
    visit = MonitoringVisit.objects.get(grant=equipment, months_after=3)
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10), "blue").save(buffer, "PNG")
    photo = SimpleUploadedFile("foto.png", buffer.getvalue(), content_type="image/png")
    visit_record(visit=visit, by=paser_staff2, visited_on=TODAY, business_status="active",
                 in_use={i.pk: True for i in equipment.items.all()}, photos=[photo])
    scheduled = MonitoringVisit.objects.get(grant=equipment, months_after=6)
    session = coaching_session_save(by=paser_staff, regency=paser, topic="Rahasia pembinaan", held_on=TODAY,
                                    place="Aula", officer=paser_staff2, attendees=[paser_graduate.application.person])
    need = village_need_save(by=paser_staff, village=paser_village, meeting_date=TODAY, potential="Rahasia potensi",
                             lines=[("Tata Boga", 12)])
    outcome_record(person=paser_graduate.application.person, by=paser_staff, status="self_employed",
                   confirmed_on=TODAY)
    return {"schemes": [cash_scheme, equipment_scheme], "draft": draft, "verified": verified, "paid": paid,
            "equipment": equipment, "batch": batch, "visit": visit, "scheduled": scheduled,
            "photo": visit.photos.get(), "session": session, "need": need, "person": paser_graduate.application.person}


def paser_urls(world) -> list[str]:
    urls = []
    for scheme in world["schemes"]:
        urls += [reverse("grants:scheme-detail", args=[scheme.pk]), reverse("grants:scheme-edit", args=[scheme.pk]),
                 reverse("grants:scheme-candidates", args=[scheme.pk])]
    enrolment_id = world["draft"].enrolment_id
    urls += [reverse("grants:grant-create", args=[world["schemes"][0].pk, enrolment_id])]
    for key in ("draft", "verified", "paid", "equipment"):
        urls.append(reverse("grants:grant-detail", args=[world[key].pk]))
    urls += [
        reverse("grants:grant-edit", args=[world["draft"].pk]),
        reverse("grants:grant-handover", args=[world["equipment"].pk]),
        reverse("grants:grant-bast", args=[world["equipment"].pk]),
        reverse("grants:payment-batch", args=[world["batch"].pk]),
        reverse("grants:payment-batch-xlsx", args=[world["batch"].pk]),
        reverse("grants:payment-batch-csv", args=[world["batch"].pk]),
        reverse("grants:visit-detail", args=[world["visit"].pk]),
        reverse("grants:visit-detail", args=[world["scheduled"].pk]),
        reverse("grants:visit-photo", args=[world["photo"].pk]),
        reverse("grants:coaching-edit", args=[world["session"].pk]),
        reverse("grants:village-need-edit", args=[world["need"].pk]),
        reverse("grants:outcome-edit", args=[world["person"].pk]),
        reverse("grants:letterhead", args=["64.01"]),
        reverse("grants:village-need-cycle") + "?regency=64.01&key=tata+boga",
        f"{reverse('grants:survival')}?scheme={world['schemes'][0].pk}",
    ]
    return urls


def post_urls(world) -> list[str]:
    grant, batch = world["verified"], world["batch"]
    steps = ("grant-submit", "grant-verify", "grant-reject", "grant-cancel", "grant-return")
    return [reverse(f"grants:{name}", args=[grant.pk]) for name in steps] + [
        reverse("grants:payment-batch-result", args=[batch.pk]),
        reverse("grants:payment-batch-cancel", args=[batch.pk]),
        reverse("grants:payment-batch-create", args=[world["schemes"][0].pk]),
    ]


def test_paser_staff_and_the_kaltim_official_open_every_paser_page(client, paser_world, paser_staff, kaltim_official):
    client.force_login(paser_staff)
    for url in paser_urls(paser_world):
        assert client.get(url).status_code == 200, url
    client.force_login(kaltim_official)  # the province above Paser approves
    assert client.get(reverse("grants:grant-approve", args=[paser_world["verified"].pk])).status_code == 200
    assert client.get(reverse("grants:grant-detail", args=[paser_world["verified"].pk])).status_code == 200


def test_another_districts_staff_get_404_for_every_paser_page_file_and_photo(client, paser_world, bantaeng_staff):
    client.force_login(bantaeng_staff)
    for url in paser_urls(paser_world):
        assert client.get(url).status_code == 404, url
    for url in post_urls(paser_world):
        assert client.post(url, {"reason": "x", "note": "x"}).status_code == 404, url
    assert paser_world["verified"].__class__.objects.get(pk=paser_world["verified"].pk).status == "verified"


@pytest.mark.parametrize("area", ["district", "province"])
def test_another_districts_official_cannot_approve_a_paser_grant(client, paser_world, bantaeng, area):
    if area == "district":
        official = UserFactory(username="pejabat.bantaeng", role=Role.OFFICIAL, regency=bantaeng)
    else:
        official = UserFactory(username="pejabat.sulsel", role=Role.OFFICIAL, regency=None, province=bantaeng.province)
    client.force_login(official)
    url = reverse("grants:grant-approve", args=[paser_world["verified"].pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"note": ""}).status_code == 404
    assert client.post(reverse("grants:grant-reject", args=[paser_world["verified"].pk]),
                       {"reason": "x"}).status_code == 404
    assert "Rahasia Paser" not in client.get(reverse("grants:approval-list")).content.decode()
    assert paser_world["verified"].__class__.objects.get(pk=paser_world["verified"].pk).status == "verified"


def test_lists_show_nothing_of_another_district(client, paser_world, bantaeng_staff):
    client.force_login(bantaeng_staff)
    for name in ("scheme-list", "grant-list", "coaching-list", "village-need-list", "village-need-summary",
                 "survival"):
        page = client.get(reverse(f"grants:{name}")).content.decode()
        for secret in ("Rahasia", "BST-PSR-2026", "Siti Rahmawati"):
            assert secret not in page, (name, secret)
    visits = client.get(reverse("grants:visit-list"), {"state": "all"})
    assert list(visits.context["page"]) == [] and visits.context["by_officer"] == []
    person = client.get(reverse("participants:person-detail", args=[paser_world["person"].pk]))
    assert person.status_code == 404


def test_bulk_assignment_ignores_another_districts_visits(client, paser_world, bantaeng, bantaeng_staff):
    client.force_login(bantaeng_staff)
    client.post(reverse("grants:visit-assign"), {"visit": [paser_world["scheduled"].pk], "officer": bantaeng_staff.pk})
    assert MonitoringVisit.objects.get(pk=paser_world["scheduled"].pk).officer_id != bantaeng_staff.pk
    assert CoachingSession.objects.count() == 1 and VillageNeed.objects.count() == 1
