"""Factories of the training app: providers, workshops, instructors, packages, batches, sessions, enrolments,
imported trainings."""

import datetime

import factory
from django.utils import timezone

from tests.factories import RegencyFactory
from tests.programs.factories import ProgramCycleFactory


def local_datetime(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    from django.utils import timezone

    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "training.Provider"

    name = factory.Sequence(lambda n: f"BLK Uji {n}")
    kind = "blk"
    regency = factory.SubFactory(RegencyFactory)


class WorkshopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "training.Workshop"

    provider = factory.SubFactory(ProviderFactory)
    name = factory.Sequence(lambda n: f"Bengkel {n}")
    capacity = 20


class InstructorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "training.Instructor"

    provider = factory.SubFactory(ProviderFactory)
    name = factory.Sequence(lambda n: f"Instruktur {n}")


class InstructorCertificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "training.InstructorCertification"

    instructor = factory.SubFactory(InstructorFactory)
    scheme = "Instruktur Tata Boga"
    number = factory.Sequence(lambda n: f"SERT-{n:05d}")
    issuer = "BNSP"
    expires_on = datetime.date(2028, 12, 31)


class TrainingPackageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "training.TrainingPackage"
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"PKT-{n:03d}")
    name = factory.Sequence(lambda n: f"Tata Boga {n}")
    vocation = "tata boga"
    competency_based = True
    hours = 160
    class_size = 16


class BatchFactory(factory.django.DjangoModelFactory):
    """A batch of 16 seats at a provider's workshop; sessions are added with BatchSessionFactory."""

    class Meta:
        model = "training.Batch"

    cycle = factory.SubFactory(ProgramCycleFactory)
    package = factory.SubFactory(TrainingPackageFactory)
    provider = factory.SubFactory(ProviderFactory)
    workshop = factory.LazyAttribute(lambda o: WorkshopFactory(provider=o.provider))
    name = factory.Sequence(lambda n: f"Angkatan {n}")
    start_date = datetime.date(2026, 8, 10)
    end_date = datetime.date(2026, 8, 28)
    capacity = 16


class UpcomingBatchFactory(BatchFactory):
    """A batch that starts in a week: enrolling into a batch that has ended needs a reason."""

    start_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
    end_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=25))


class BatchSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "training.BatchSession"

    class Params:
        day = datetime.date(2026, 8, 10)
        start_hour = 8
        end_hour = 12

    batch = factory.SubFactory(BatchFactory)
    workshop = factory.LazyAttribute(lambda o: o.batch.workshop)
    starts_at = factory.LazyAttribute(lambda o: local_datetime(o.day, o.start_hour))
    ends_at = factory.LazyAttribute(lambda o: local_datetime(o.day, o.end_hour))


class EnrolmentFactory(factory.django.DjangoModelFactory):
    """A seat, written directly (no quota check): for tests of what happens after enrolling."""

    class Meta:
        model = "training.Enrolment"

    batch = factory.SubFactory(BatchFactory)
    application = factory.SubFactory(
        "tests.participants.factories.ApplicationFactory", cycle=factory.SelfAttribute("..batch.cycle")
    )
    cycle = factory.LazyAttribute(lambda o: o.application.cycle)
    regency = factory.LazyAttribute(lambda o: o.application.regency)


class ImportedTrainingFactory(factory.django.DjangoModelFactory):
    """A training a provider reported (§10), written directly, as an earlier import left it."""

    class Meta:
        model = "training.ImportedTraining"

    person = factory.SubFactory("tests.participants.factories.PersonFactory")
    cycle = factory.SubFactory(ProgramCycleFactory)
    provider = factory.SubFactory(ProviderFactory)
    vocation = "Tata Boga"
    start_date = datetime.date(2025, 9, 1)
    end_date = datetime.date(2025, 9, 30)
    result = "lulus"
    competent = ""
    regency = factory.LazyAttribute(lambda o: o.person.regency)
    village_code = factory.LazyAttribute(lambda o: o.person.village_code)
    line = factory.Sequence(lambda n: n + 2)
