"""Shared fixtures of the grants tests: Paser's cash and equipment schemes, its staff (two, for
four eyes), its official and the province's, and graduates to propose for."""

import pytest
from django.conf import settings

from accounts.roles import Role
from tests.factories import UserFactory
from tests.programs.factories import ProgramCycleFactory

from .factories import GrantSchemeFactory, SchemeItemFactory, graduate


@pytest.fixture
def client(client):
    """Pages in English, so tests read the message ids whatever the Indonesian catalog says."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def media_root(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def psk(paser, bantaeng):
    return ProgramCycleFactory(code="PSK-2026", year=2026)


@pytest.fixture
def paser_staff2(paser):
    return UserFactory(username="staf2.paser", first_name="Rina", last_name="Verifikator", role=Role.DINSOS_STAFF,
                       regency=paser)


@pytest.fixture
def kaltim_official2(paser):
    return UserFactory(username="pejabat2.kaltim", role=Role.OFFICIAL, regency=None, province=paser.province)


@pytest.fixture
def cash_scheme(psk, paser, paser_village):
    return GrantSchemeFactory(code="BST-PSR-2026", name="Bantuan Stimulan Usaha Paser 2026", regency=paser,
                              cycle=psk, second_approval_above=2_000_000)


@pytest.fixture
def equipment_scheme(psk, paser, paser_village):
    scheme = GrantSchemeFactory(code="BPU-PSR-2026", name="Bantuan Peralatan Usaha Paser 2026", regency=paser,
                                cycle=psk, kind="equipment", amount_per_recipient=None, budget_ceiling=20_000_000)
    SchemeItemFactory(scheme=scheme, name="Kompor gas dua tungku", unit="unit", unit_price=750_000, position=0)
    SchemeItemFactory(scheme=scheme, name="Etalase kaca", unit="unit", unit_price=1_250_000, position=1)
    return scheme


@pytest.fixture
def bantaeng_scheme(psk, bantaeng, bantaeng_village):
    return GrantSchemeFactory(code="BST-BTG-2026", name="Bantuan Stimulan Bantaeng", regency=bantaeng, cycle=psk)


@pytest.fixture
def paser_graduate(psk, paser_provider):
    return graduate(cycle=psk, provider=paser_provider, name="Siti Rahmawati")


@pytest.fixture
def bantaeng_graduate(psk, bantaeng_provider):
    return graduate(cycle=psk, provider=bantaeng_provider, regency_code="73.03", name="Daeng Basri")


@pytest.fixture
def propose(paser_staff, paser_village):
    """propose(scheme, enrolment, amount=1_500_000, items=None, by=paser_staff, **details) -> a draft."""
    from grants.proposals.services import grant_create

    def make(scheme, enrolment, *, amount=1_500_000, items=None, by=None, **details):
        village = details.pop("village", None)
        if village is None:
            from regions.models import Village

            village = Village.objects.filter(subdistrict__regency_id=scheme.regency_id).first() or paser_village
        defaults = {"business_type": "Warung sembako", "plan": "Membuka warung sembako di depan rumah.",
                    "bank_name": "Bank Kaltimtara", "bank_account_number": "0012345678",
                    "bank_account_name": enrolment.application.person.name}
        defaults.update(details)
        return grant_create(by=by or paser_staff, scheme=scheme, enrolment=enrolment, amount=amount, items=items,
                            village=village, **defaults)

    return make


@pytest.fixture
def advance(paser_staff, paser_staff2, paser_official, kaltim_official):
    """advance(grant, to) takes a draft through the workflow, each step by its own person:
    submitted (paser_staff), verified (paser_staff2), approved (paser_official, and for a grant
    above the threshold kaltim_official second)."""
    from grants.proposals import services

    def run(grant, to):
        order = ["submitted", "verified", "approved"]
        grant = services.grant_submit(grant=grant, by=paser_staff)
        if to == "submitted":
            return grant
        grant = services.grant_verify(grant=grant, by=paser_staff2, note="Dokumen lengkap")
        if to == "verified":
            return grant
        grant = services.grant_approve(grant=grant, by=paser_official)
        if grant.status == "first_approved" and to == "approved":
            grant = services.grant_approve(grant=grant, by=kaltim_official)
        assert to in order
        return grant

    return run
