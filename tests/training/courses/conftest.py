import datetime

import pytest

from tests.programs.factories import ProgramCycleFactory
from tests.training.factories import (
    BatchFactory,
    BatchSessionFactory,
    InstructorCertificationFactory,
    InstructorFactory,
    TrainingPackageFactory,
    WorkshopFactory,
)

AUG_10 = datetime.date(2026, 8, 10)  # a Monday


@pytest.fixture
def cycle(paser, bantaeng):
    return ProgramCycleFactory(code="PSK-2026")


@pytest.fixture
def menjahit(db):
    return TrainingPackageFactory(code="MJT-01", name="Menjahit", vocation="menjahit", class_size=16)


@pytest.fixture
def bengkel_las(paser_provider):
    return WorkshopFactory(provider=paser_provider, name="Bengkel Las", capacity=20)


@pytest.fixture
def ruang_jahit(paser_provider):
    return WorkshopFactory(provider=paser_provider, name="Ruang Jahit", capacity=18)


@pytest.fixture
def budi(paser_provider):
    instructor = InstructorFactory(provider=paser_provider, name="Budi")
    InstructorCertificationFactory(instructor=instructor, scheme="Instruktur Menjahit",
                                   expires_on=datetime.date(2030, 1, 1))
    return instructor


@pytest.fixture
def siti(paser_provider):
    return InstructorFactory(provider=paser_provider, name="Siti")


@pytest.fixture
def angkatan_2(cycle, menjahit, paser_provider, bengkel_las, budi):
    """Angkatan 2 (Menjahit) in Bengkel Las with Budi, on Monday 10 and Wednesday 12 August 2026,
    08:00–12:00, bookings included (as batch_save keeps them)."""
    from training.models import InstructorBooking

    batch = BatchFactory(cycle=cycle, package=menjahit, provider=paser_provider, workshop=bengkel_las,
                         name="Angkatan 2", start_date=AUG_10, end_date=datetime.date(2026, 8, 28))
    batch.instructors.add(budi)
    for day in (AUG_10, datetime.date(2026, 8, 12)):
        session = BatchSessionFactory(batch=batch, day=day, start_hour=8, end_hour=12)
        InstructorBooking.objects.create(session=session, instructor=budi, starts_at=session.starts_at,
                                         ends_at=session.ends_at)
    return batch


@pytest.fixture
def bantaeng_batch(cycle, menjahit, bantaeng_provider):
    batch = BatchFactory(cycle=cycle, package=menjahit, provider=bantaeng_provider, name="Angkatan Bantaeng")
    BatchSessionFactory(batch=batch, day=AUG_10)
    return batch
