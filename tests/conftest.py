import pytest

from accounts.roles import Role

from .factories import RegencyFactory, UserFactory, VillageFactory

# The seed districts of the demo and of most tests.
SEED_REGENCIES = {
    "64.01": ("64", "Kalimantan Timur", "Kabupaten Paser"),
    "73.03": ("73", "Sulawesi Selatan", "Kabupaten Bantaeng"),
    "63.09": ("63", "Kalimantan Selatan", "Kabupaten Tabalong"),
    "62.71": ("62", "Kalimantan Tengah", "Kota Palangka Raya"),
}


def make_regency(code):
    from .factories import ProvinceFactory

    province_code, province_name, name = SEED_REGENCIES[code]
    return RegencyFactory(code=code, name=name, province=ProvinceFactory(code=province_code, name=province_name))


@pytest.fixture
def paser(db):
    return make_regency("64.01")


@pytest.fixture
def bantaeng(db):
    return make_regency("73.03")


@pytest.fixture
def tabalong(db):
    return make_regency("63.09")


@pytest.fixture
def paser_village(paser):
    return VillageFactory(code="64.01.01.2001", name="Desa Uji Paser")


@pytest.fixture
def bantaeng_village(bantaeng):
    return VillageFactory(code="73.03.01.2001", name="Desa Uji Bantaeng")


@pytest.fixture
def paser_staff(paser):
    return UserFactory(username="staf.paser", role=Role.DINSOS_STAFF, regency=paser)


@pytest.fixture
def bantaeng_staff(bantaeng):
    return UserFactory(username="staf.bantaeng", role=Role.DINSOS_STAFF, regency=bantaeng)


@pytest.fixture
def paser_provider(paser):
    from tests.training.factories import ProviderFactory

    return ProviderFactory(name="UPTD BLK Kabupaten Paser", kind="blk", regency=paser)


@pytest.fixture
def bantaeng_provider(bantaeng):
    from tests.training.factories import ProviderFactory

    return ProviderFactory(name="UPTD BLK Kabupaten Bantaeng", kind="blk", regency=bantaeng)


@pytest.fixture
def paser_blk_admin(paser, paser_provider):
    return UserFactory(username="blk.paser", role=Role.BLK_ADMIN, regency=paser, provider=paser_provider)


@pytest.fixture
def bantaeng_blk_admin(bantaeng, bantaeng_provider):
    return UserFactory(username="blk.bantaeng", role=Role.BLK_ADMIN, regency=bantaeng, provider=bantaeng_provider)


@pytest.fixture
def paser_official(paser):
    return UserFactory(username="pejabat.paser", role=Role.OFFICIAL, regency=paser)


@pytest.fixture
def kaltim_official(paser):
    return UserFactory(username="pejabat.kaltim", role=Role.OFFICIAL, regency=None, province=paser.province)


@pytest.fixture
def kaltim_staff(paser):
    """Dinas Sosial staff of the province of Kalimantan Timur (Paser's province)."""
    return UserFactory(username="staf.kaltim", role=Role.DINSOS_STAFF, regency=None, province=paser.province)


@pytest.fixture
def system_admin(db):
    return UserFactory(username="admin.sistem", role=Role.SYSTEM_ADMIN, regency=None, is_staff=True, is_superuser=True)


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker (in a thread of this process) consuming the test Redis broker.

    Tasks run against the test database, so tests using it see committed data only
    (transactional_db)."""
    from celery.contrib.testing.worker import start_worker

    from training_portal.celery import app

    app.control.purge()
    with start_worker(app, pool="solo", perform_ping_check=False, loglevel="WARNING") as worker:
        yield worker
