from datetime import date

import pytest

from audit.models import AuditEvent
from programs.models import CycleQuota, ProgramCycle
from programs.rules_validation import RulesError
from programs.services import CycleSaveError, programs_cycle_save

pytestmark = pytest.mark.django_db


def save(**overrides):
    arguments = {
        "by": None,
        "code": "PSK-2026",
        "program": "Pelatihan Keterampilan",
        "year": 2026,
        "registration_closes": date(2026, 7, 31),
        "rules": {"max_age": 20},
        "quotas": {"64.01": 4},
    }
    arguments.update(overrides)
    return programs_cycle_save(**arguments)


def test_create_then_change_rules_quotas_and_dates(districts, system_admin):
    created = save(by=system_admin)
    assert created.outcome == "created"
    cycle = created.cycle
    CycleQuota.objects.filter(cycle=cycle).update(reallocated_quota=2)

    same = save(by=system_admin, cycle=cycle, rules={"max_age": 20, "school_status": []}, quotas={"6401": 4})
    assert same.outcome == "unchanged"

    changed = save(by=system_admin, cycle=cycle, rules={"max_age": 21}, quotas={"64.01": 5, "73.03": 1})
    assert changed.outcome == "updated"
    assert len(changed.messages) == 1 and "64.01: 2" in changed.messages[0]
    cycle.refresh_from_db()
    assert cycle.rules_version == 2
    assert set(cycle.quotas.values_list("regency_id", "initial_quota", "reallocated_quota")) == {
        ("64.01", 5, None),
        ("73.03", 1, None),
    }
    assert AuditEvent.objects.filter(action__startswith="program_cycle.", actor=system_admin).count() == 2


def test_moving_the_closing_date_moves_the_age_reference_and_so_the_rules_version(districts):
    cycle = save().cycle
    save(cycle=cycle, registration_closes=date(2026, 8, 31))
    cycle.refresh_from_db()
    assert cycle.rules_version == 2

    save(cycle=cycle, registration_closes=date(2026, 9, 30), rules={"max_age": 20, "age_reference_date": "2026-01-01"})
    save(cycle=cycle, registration_closes=date(2026, 10, 31), rules={"max_age": 20, "age_reference_date": "2026-01-01"})
    cycle.refresh_from_db()
    assert cycle.rules_version == 3


def test_a_second_cycle_with_the_same_code_is_refused(districts):
    save()
    with pytest.raises(CycleSaveError) as caught:
        save(year=2030)
    assert caught.value.key == "code"
    assert ProgramCycle.objects.get(code="PSK-2026").year == 2026


def test_bad_rules_or_unknown_districts_are_refused(districts):
    with pytest.raises(RulesError):
        save(rules={"max_desil": 0})
    with pytest.raises(CycleSaveError):
        save(quotas={"99.99": 1})
    with pytest.raises(CycleSaveError):
        save(rules={"regions": ["99.99"]})
    assert not ProgramCycle.objects.exists()
