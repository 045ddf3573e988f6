"""Factories of the grants app: schemes and their items, and graduates to propose for."""

import datetime

import factory

from tests.factories import RegencyFactory
from tests.participants.factories import ApplicationFactory, PersonFactory
from tests.programs.factories import ProgramCycleFactory
from tests.training.factories import BatchFactory, EnrolmentFactory, ProviderFactory


class GrantSchemeFactory(factory.django.DjangoModelFactory):
    """A cash stimulus of Rp1.500.000 per recipient within a Rp15.000.000 budget."""

    class Meta:
        model = "grants.GrantScheme"
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"BST-{n:03d}")
    name = factory.Sequence(lambda n: f"Bantuan Stimulan Usaha {n}")
    regency = factory.SubFactory(RegencyFactory)
    cycle = factory.SubFactory(ProgramCycleFactory)
    kind = "cash"
    amount_per_recipient = 1_500_000
    budget_ceiling = 15_000_000
    budget_line = "5.1.05.05.01.0001 Belanja Hibah Uang kepada Masyarakat"
    require_competent = True

    @factory.post_generation
    def eligible(obj, create, extracted, **kwargs):
        if create:
            obj.eligible_cycles.set(extracted or [obj.cycle])


class SchemeItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "grants.SchemeItem"

    scheme = factory.SubFactory(GrantSchemeFactory, kind="equipment", amount_per_recipient=None)
    name = factory.Sequence(lambda n: f"Barang {n}")
    unit = "unit"
    unit_price = 750_000


def graduate(*, cycle, provider=None, regency_code="64.01", name=None, competent=True, completed=True, batch=None):
    """A completed training record (enrolment) of a person of `regency_code` in `cycle`."""
    if batch is None:
        provider = provider or ProviderFactory(regency=RegencyFactory(code=regency_code))
        batch = BatchFactory(cycle=cycle, provider=provider)
    person_args = {"regency_code": regency_code}
    if name:
        person_args["name"] = name
    application = ApplicationFactory(cycle=cycle, person=PersonFactory(**person_args))
    return EnrolmentFactory(
        batch=batch, application=application,
        status="completed" if completed else "enrolled",
        completed_on=batch.end_date if completed else None,
        assessment="kompeten" if competent else ("belum_kompeten" if completed else ""),
        assessed_on=batch.end_date if completed else None,
        certificate_number=f"BNSP-{application.pk:05d}" if competent and completed else "",
        certificate_issuer="BNSP" if competent and completed else "",
    )


DELIVERED_ON = datetime.date(2026, 9, 1)
