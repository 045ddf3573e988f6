import datetime

import factory

from programs.models import CycleQuota, Program, ProgramCycle
from programs.rules_validation import normalise_rules
from tests.factories import RegencyFactory


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Pelatihan {n}")


class ProgramCycleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgramCycle
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"PRG-{n:03d}")
    program = factory.SubFactory(ProgramFactory)
    year = 2026
    registration_closes = datetime.date(2026, 7, 31)
    rules = factory.LazyFunction(lambda: normalise_rules({}))
    rules_version = 1


class CycleQuotaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CycleQuota

    cycle = factory.SubFactory(ProgramCycleFactory)
    regency = factory.SubFactory(RegencyFactory)
    initial_quota = 4
