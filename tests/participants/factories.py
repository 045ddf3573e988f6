"""Persons and applications, the one definition every app's tests use."""

from datetime import date

import factory

from core.identifiers import nik_birth_digits
from participants.models import Application, Education, Person, SchoolStatus
from tests.factories import RegencyFactory
from tests.programs.factories import ProgramCycleFactory


def nik_for(*, regency_code: str, birth_date: date, sex: str, serial: int) -> str:
    """A NIK that agrees with the birth date and sex (§1): region, DDMMYY (day + 40 for women), serial."""
    return f"{regency_code.replace('.', '')}01{nik_birth_digits(birth_date, sex=sex)}{serial % 10000:04d}"


class PersonFactory(factory.django.DjangoModelFactory):
    """A man born 14-03-2005 in a desa of `regency_code` (64.01 Paser unless given), with a NIK
    that agrees. `village_code` may be given instead; the kabupaten follows it."""

    class Meta:
        model = Person

    class Params:
        regency_code = "64.01"

    name = factory.Sequence(lambda n: f"Peserta Uji {n:04d}")
    birth_date = date(2005, 3, 14)
    sex = "L"
    village_code = factory.LazyAttribute(lambda o: f"{o.regency_code}.01.2001")
    nik = factory.LazyAttributeSequence(
        lambda o, n: nik_for(regency_code=o.village_code[:5], birth_date=o.birth_date, sex=o.sex, serial=n + 1)
    )
    no_kk = factory.Sequence(lambda n: f"{6401010000000000 + n}")
    regency = factory.LazyAttribute(lambda o: RegencyFactory(code=o.village_code[:5]))
    address = "Jl. Uji 1"


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    person = factory.SubFactory(PersonFactory)
    cycle = factory.SubFactory(ProgramCycleFactory)
    regency = factory.LazyAttribute(lambda o: o.person.regency)
    village_code = factory.LazyAttribute(lambda o: o.person.village_code)
    education = Education.SMP
    school_status = SchoolStatus.DROPPED_OUT
