"""The cycle most verification tests evaluate; persons and applications are
tests.participants.factories'."""

from datetime import date

import factory

from tests.programs import factories as programs_factories


class ProgramCycleFactory(programs_factories.ProgramCycleFactory):
    """A cycle with the age and school rules most verification tests exercise."""

    code = factory.Sequence(lambda n: f"UJI-2026-{n}")
    registration_opens = date(2026, 1, 1)
    rules = factory.LazyFunction(lambda: {
        "min_age": 16, "max_age": 30, "age_reference_date": None, "school_status": ["putus_sekolah"],
        "min_education": None, "require_dtks": False, "max_desil": None, "regions": None,
    })
