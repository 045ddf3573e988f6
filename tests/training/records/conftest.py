import datetime

import pytest

from tests.factories import UserFactory
from tests.participants.factories import ApplicationFactory, PersonFactory
from tests.training.factories import (
    BatchFactory,
    BatchSessionFactory,
    EnrolmentFactory,
    InstructorFactory,
    TrainingPackageFactory,
)


def enrol(batch, name, **kwargs):
    person = PersonFactory(name=name, regency_code=batch.provider.regency_id)
    application = ApplicationFactory(person=person, cycle=batch.cycle)
    return EnrolmentFactory(batch=batch, application=application, **kwargs)


@pytest.fixture
def paser_batch(paser_provider):
    """A competency-based batch at the Paser BLK: three sessions on two days, three participants."""
    batch = BatchFactory(provider=paser_provider, name="Tata Boga Angkatan 1",
                         package=TrainingPackageFactory(competency_based=True, name="Tata Boga"))
    batch.instructors.add(InstructorFactory(provider=paser_provider, name="Ibu Instruktur Sari"))
    BatchSessionFactory(batch=batch, day=datetime.date(2026, 8, 10), start_hour=8, end_hour=12)
    BatchSessionFactory(batch=batch, day=datetime.date(2026, 8, 10), start_hour=13, end_hour=16)
    BatchSessionFactory(batch=batch, day=datetime.date(2026, 8, 11), start_hour=8, end_hour=12)
    for name in ("Andi Saputra", "Budi Santoso", "Citra Lestari"):
        enrol(batch, name)
    return batch


@pytest.fixture
def bantaeng_batch(bantaeng_provider):
    batch = BatchFactory(provider=bantaeng_provider, name="Menjahit Angkatan 1")
    BatchSessionFactory(batch=batch)
    enrol(batch, "Dewi Bantaeng")
    return batch


@pytest.fixture
def no_role_user(paser):
    return UserFactory(username="tanpa.peran", role="", regency=paser)
