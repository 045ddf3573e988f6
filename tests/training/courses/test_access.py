"""Who may open which training page: capability (403) and scope (404) for every page."""


import pytest
from django.urls import reverse

from tests.factories import RegencyFactory, UserFactory
from tests.training.factories import (
    BatchFactory,
    BatchSessionFactory,
    ProviderFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def paser_things(angkatan_2, bengkel_las, budi):
    certification = budi.certifications.get()
    return {"provider": angkatan_2.provider.pk, "batch": angkatan_2.pk, "workshop": bengkel_las.pk,
            "instructor": budi.pk, "certification": certification.pk, "package": angkatan_2.package.pk}


def url(name, things):
    """The page `name` for the Paser BLK's rows; the kind of pk each URL takes."""
    kind = {
        "provider-detail": "provider", "provider-edit": "provider", "provider-calendar": "provider",
        "workshop-create": "provider", "instructor-create": "provider", "batch-create": "provider",
        "workshop-edit": "workshop", "instructor-detail": "instructor", "instructor-edit": "instructor",
        "instructor-calendar": "instructor", "certification-create": "instructor",
        "certification-edit": "certification", "certification-delete": "certification",
        "package-detail": "package", "package-edit": "package", "batch-detail": "batch", "batch-edit": "batch",
    }.get(name)
    return reverse(f"training:{name}", args=[things[kind]] if kind else [])


VIEW_PAGES = ["provider-list", "provider-detail", "provider-calendar", "instructor-list", "instructor-detail",
              "instructor-calendar", "package-list", "package-detail", "batch-list", "batch-detail"]
PROVIDER_EDIT_PAGES = ["provider-edit", "workshop-create", "workshop-edit", "instructor-create", "instructor-edit",
                       "certification-create", "certification-edit", "batch-create", "batch-edit"]
ALL_PAGES = VIEW_PAGES + PROVIDER_EDIT_PAGES + ["provider-create", "package-create", "package-edit"]


@pytest.mark.parametrize("name", ALL_PAGES + ["certification-delete"])
def test_a_user_without_a_training_capability_gets_403(client, paser, paser_things, name):
    client.force_login(UserFactory(username="no.role", role="", regency=paser))
    assert client.get(url(name, paser_things)).status_code in (403, 405)
    assert client.post(url(name, paser_things), {}).status_code == 403


@pytest.mark.parametrize("name", ALL_PAGES)
def test_anonymous_visitors_are_sent_to_log_in(client, paser_things, name):
    assert client.get(url(name, paser_things)).status_code == 302


@pytest.mark.parametrize("name", ALL_PAGES)
def test_the_providers_blk_admin_opens_every_page_but_creating_a_provider_or_editing_packages(
    client, paser_blk_admin, paser_things, name
):
    client.force_login(paser_blk_admin)
    expected = 403 if name in ("provider-create", "package-create", "package-edit") else 200
    assert client.get(url(name, paser_things)).status_code == expected


@pytest.mark.parametrize("name", VIEW_PAGES)
def test_district_staff_and_officials_view_their_districts_provider(client, paser_staff, paser_official,
                                                                    kaltim_official, paser_things, name):
    for user in (paser_staff, paser_official, kaltim_official):
        client.force_login(user)
        assert client.get(url(name, paser_things)).status_code == 200, user


@pytest.mark.parametrize("name", PROVIDER_EDIT_PAGES + ["package-create", "package-edit", "provider-create"])
def test_viewers_without_manage_training_may_not_change_anything(client, paser_staff, paser_things, name):
    client.force_login(paser_staff)
    assert client.get(url(name, paser_things)).status_code == 403


@pytest.mark.parametrize("name", [n for n in VIEW_PAGES + PROVIDER_EDIT_PAGES if "list" not in n
                                  and not n.startswith("package")])
def test_another_providers_blk_admin_gets_404(client, bantaeng_blk_admin, paser_things, name):
    client.force_login(bantaeng_blk_admin)
    assert client.get(url(name, paser_things)).status_code == 404


@pytest.mark.parametrize("name", [n for n in VIEW_PAGES if "list" not in n and not n.startswith("package")])
def test_another_districts_staff_get_404(client, bantaeng_staff, paser_things, name):
    client.force_login(bantaeng_staff)
    assert client.get(url(name, paser_things)).status_code == 404


def test_the_certificate_of_another_provider_cannot_be_removed(client, bantaeng_blk_admin, paser_things):
    client.force_login(bantaeng_blk_admin)
    assert client.post(url("certification-delete", paser_things)).status_code == 404


def test_a_system_admin_creates_providers(client, system_admin, paser):
    client.force_login(system_admin)
    response = client.post(reverse("training:provider-create"), {
        "name": "LKP Tata Rias Ayu", "kind": "lkp", "regency": "64.01", "address": "Jl. Kusuma", "phone": "0543 21",
    })
    assert response.status_code == 302
    from audit.models import AuditEvent
    assert AuditEvent.objects.filter(action="provider.create", target_repr="LKP Tata Rias Ayu").exists()


# --- batch scoping: the "BLK admins see only their provider's batches; the province all" --


@pytest.fixture
def kaltim_batch(paser, cycle, menjahit):
    """A batch at a provider in another Kalimantan Timur district (64.02)."""
    kutai = RegencyFactory(code="64.02", name="Kabupaten Kutai Kartanegara", province=paser.province)
    batch = BatchFactory(cycle=cycle, package=menjahit, provider=ProviderFactory(regency=kutai), name="Angkatan Kutai")
    BatchSessionFactory(batch=batch)
    return batch


def listed(client, user):
    client.force_login(user)
    return client.get(reverse("training:batch-list")).content.decode()


def test_a_blk_admin_sees_only_their_providers_batches(
    client, paser_blk_admin, angkatan_2, bantaeng_batch, kaltim_batch
):
    page = listed(client, paser_blk_admin)
    assert "Angkatan 2" in page and "Angkatan Bantaeng" not in page and "Angkatan Kutai" not in page
    assert client.get(reverse("training:batch-detail", args=[kaltim_batch.pk])).status_code == 404


def test_district_staff_see_the_batches_of_providers_in_their_district(client, paser_staff, angkatan_2, bantaeng_batch,
                                                                       kaltim_batch):
    page = listed(client, paser_staff)
    assert "Angkatan 2" in page and "Angkatan Kutai" not in page and "Angkatan Bantaeng" not in page
    assert client.get(reverse("training:batch-detail", args=[kaltim_batch.pk])).status_code == 404


def test_the_province_sees_the_batches_of_all_its_districts(client, kaltim_official, angkatan_2, bantaeng_batch,
                                                            kaltim_batch):
    page = listed(client, kaltim_official)
    assert "Angkatan 2" in page and "Angkatan Kutai" in page and "Angkatan Bantaeng" not in page
    assert client.get(reverse("training:batch-detail", args=[kaltim_batch.pk])).status_code == 200
    assert client.get(reverse("training:batch-detail", args=[bantaeng_batch.pk])).status_code == 404


def test_provider_and_instructor_lists_are_scoped(client, paser_staff, budi, bantaeng_provider):
    from tests.training.factories import InstructorFactory

    InstructorFactory(provider=bantaeng_provider, name="Basri Instruktur")
    client.force_login(paser_staff)
    providers = client.get(reverse("training:provider-list")).content.decode()
    assert "UPTD BLK Kabupaten Paser" in providers and "UPTD BLK Kabupaten Bantaeng" not in providers
    instructors = client.get(reverse("training:instructor-list")).content.decode()
    assert "Budi" in instructors and "Basri Instruktur" not in instructors
