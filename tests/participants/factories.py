import datetime

import factory

from participants.models import Application, Person
from tests.factories import RegencyFactory
from tests.programs.factories import ProgramCycleFactory


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    nik = factory.Sequence(lambda n: f"640101570805{n % 9999 + 1:04d}")
    no_kk = "6401010101050001"
    name = factory.Sequence(lambda n: f"Pemohon {n}")
    birth_date = datetime.date(2005, 8, 17)
    sex = "P"
    village_code = "64.01.01.2001"
    regency = factory.LazyAttribute(lambda o: RegencyFactory(code=o.village_code[:5]))


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    person = factory.SubFactory(PersonFactory)
    cycle = factory.SubFactory(ProgramCycleFactory)
    regency = factory.LazyAttribute(lambda o: o.person.regency)
    village_code = factory.LazyAttribute(lambda o: o.person.village_code)
    education = "sma"
    school_status = "putus_sekolah"
