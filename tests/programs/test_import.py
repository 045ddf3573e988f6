import copy
from datetime import date

import pytest
from django.utils import translation

from audit.models import AuditEvent
from programs.catalog import CatalogError
from programs.models import CycleQuota, Program, ProgramCycle
from programs.services import programs_import_catalog

from .conftest import psk_entry

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english_messages():
    """The refusals are compared with their English message ids, whatever ran before."""
    with translation.override("en"):
        yield


def catalog(*entries):
    return {"programs": [copy.deepcopy(entry) for entry in entries]}


def quotas_of(code):
    return {
        q.regency_id: (q.initial_quota, q.reallocated_quota)
        for q in CycleQuota.objects.filter(cycle__code=code)
    }


def test_a_new_entry_creates_its_cycle_program_rules_and_quotas(districts):
    summary = programs_import_catalog(data=catalog(psk_entry()))

    assert summary == {"created": 1, "updated": 0, "unchanged": 0, "messages": []}
    cycle = ProgramCycle.objects.get(code="PSK-2026")
    assert cycle.program.name == "Pelatihan Keterampilan Pemuda Putus Sekolah"
    assert cycle.year == 2026
    assert cycle.registration_closes == date(2026, 7, 31)
    assert cycle.rules["max_age"] == 20
    assert cycle.rules["school_status"] == ["putus_sekolah"]
    assert cycle.rules["require_dtks"] is True
    assert cycle.rules["regions"] == ["64.01", "73.03"]
    assert cycle.rules_version == 1
    assert quotas_of("PSK-2026") == {"64.01": (4, None), "73.03": (6, None)}
    event = AuditEvent.objects.get(action="program_cycle.import_create")
    assert event.actor is None
    assert event.target_id == str(cycle.pk)
    assert event.after["quotas"]["64.01"] == {"initial": 4, "reallocated": None}


def test_importing_the_same_catalog_twice_changes_nothing_the_second_time(districts):
    data = catalog(psk_entry(), psk_entry(code="PSK-2027", year=2027, registration_closes="2027-07-31"))
    programs_import_catalog(data=data)
    updated_at = dict(ProgramCycle.objects.values_list("code", "updated_at"))
    audit_rows = AuditEvent.objects.count()

    summary = programs_import_catalog(data=data)

    assert summary == {"created": 0, "updated": 0, "unchanged": 2, "messages": []}
    assert dict(ProgramCycle.objects.values_list("code", "updated_at")) == updated_at
    assert AuditEvent.objects.count() == audit_rows
    assert Program.objects.count() == 1


def test_counts_created_updated_and_unchanged_entries(districts):
    programs_import_catalog(data=catalog(psk_entry(), psk_entry(code="OLD-2025", year=2025)))
    changed = psk_entry()
    changed["rules"]["max_age"] = 24

    summary = programs_import_catalog(
        data=catalog(changed, psk_entry(code="OLD-2025", year=2025), psk_entry(code="NEW-2027"))
    )

    assert (summary["created"], summary["updated"], summary["unchanged"]) == (1, 1, 1)
    assert AuditEvent.objects.filter(action="program_cycle.import_update").count() == 1
    event = AuditEvent.objects.get(action="program_cycle.import_update")
    assert event.before["rules"]["max_age"] == 20
    assert event.after["rules"]["max_age"] == 24


def test_rules_version_moves_on_only_when_the_rules_change(districts):
    programs_import_catalog(data=catalog(psk_entry()))

    rewritten = psk_entry(quotas={"6401": 5, "7303": 6})
    rewritten["rules"] = {
        "max_age": 20, "school_status": "putus_sekolah", "require_dtks": True, "regions": ["7303", "6401"],
    }
    programs_import_catalog(data=catalog(rewritten))
    assert ProgramCycle.objects.get(code="PSK-2026").rules_version == 1

    stricter = psk_entry()
    stricter["rules"]["max_desil"] = 4
    programs_import_catalog(data=catalog(stricter))
    assert ProgramCycle.objects.get(code="PSK-2026").rules_version == 2


def test_entries_not_in_the_file_are_kept(districts):
    programs_import_catalog(data=catalog(psk_entry(), psk_entry(code="OLD-2025", year=2025)))

    programs_import_catalog(data=catalog(psk_entry(code="NEW-2027")))

    assert set(ProgramCycle.objects.values_list("code", flat=True)) == {"PSK-2026", "OLD-2025", "NEW-2027"}
    assert quotas_of("OLD-2025") == {"64.01": (4, None), "73.03": (6, None)}


def test_each_entry_replaces_its_own_quotas(districts):
    programs_import_catalog(data=catalog(psk_entry(), psk_entry(code="OLD-2025", year=2025)))

    programs_import_catalog(
        data=catalog(psk_entry(quotas={"64.01": 7, "63.09": 2}), psk_entry(code="OLD-2025", year=2025))
    )

    assert quotas_of("PSK-2026") == {"64.01": (7, None), "63.09": (2, None)}
    assert quotas_of("OLD-2025") == {"64.01": (4, None), "73.03": (6, None)}


def test_an_entry_without_rules_or_quotas_clears_them(districts):
    programs_import_catalog(data=catalog(psk_entry()))
    bare = psk_entry()
    del bare["rules"], bare["quotas"]

    programs_import_catalog(data=catalog(bare))

    cycle = ProgramCycle.objects.get(code="PSK-2026")
    assert cycle.rules["max_age"] is None and cycle.rules["require_dtks"] is False
    assert cycle.rules_version == 2
    assert quotas_of("PSK-2026") == {}


def test_plain_and_dotted_region_codes_mean_the_same_district(districts):
    programs_import_catalog(data=catalog(psk_entry(quotas={"6401": 4, "7303": 6})))
    cycle = ProgramCycle.objects.get(code="PSK-2026")
    assert quotas_of("PSK-2026") == {"64.01": (4, None), "73.03": (6, None)}

    dotted = psk_entry()
    assert programs_import_catalog(data=catalog(dotted))["unchanged"] == 1
    assert cycle.rules == ProgramCycle.objects.get(code="PSK-2026").rules


def test_a_reallocated_quota_is_kept_while_the_initial_quotas_stay(districts):
    programs_import_catalog(data=catalog(psk_entry()))
    CycleQuota.objects.filter(cycle__code="PSK-2026", regency_id="64.01").update(reallocated_quota=2)
    CycleQuota.objects.filter(cycle__code="PSK-2026", regency_id="73.03").update(reallocated_quota=8)
    new_rules = psk_entry(registration_closes="2026-08-15")
    new_rules["rules"]["max_age"] = 22

    summary = programs_import_catalog(data=catalog(new_rules))

    assert summary["updated"] == 1
    assert summary["messages"] == []
    assert quotas_of("PSK-2026") == {"64.01": (4, 2), "73.03": (6, 8)}


def test_changing_the_initial_quotas_discards_the_reallocated_ones_with_a_message(districts):
    programs_import_catalog(data=catalog(psk_entry(), psk_entry(code="OLD-2025", year=2025)))
    CycleQuota.objects.filter(cycle__code="PSK-2026", regency_id="64.01").update(reallocated_quota=2)
    CycleQuota.objects.filter(cycle__code="PSK-2026", regency_id="73.03").update(reallocated_quota=8)
    CycleQuota.objects.filter(cycle__code="OLD-2025", regency_id="64.01").update(reallocated_quota=3)

    summary = programs_import_catalog(
        data=catalog(psk_entry(quotas={"64.01": 5, "73.03": 6}), psk_entry(code="OLD-2025", year=2025))
    )

    assert quotas_of("PSK-2026") == {"64.01": (5, None), "73.03": (6, None)}
    assert quotas_of("OLD-2025")["64.01"] == (4, 3)
    assert len(summary["messages"]) == 1
    assert "PSK-2026" in summary["messages"][0]
    assert "64.01: 2" in summary["messages"][0] and "73.03: 8" in summary["messages"][0]


def test_registration_opens_is_imported_and_kept_when_a_later_file_leaves_it_out(districts):
    programs_import_catalog(data=catalog(psk_entry(registration_opens="2026-06-01")))
    assert ProgramCycle.objects.get(code="PSK-2026").registration_opens == date(2026, 6, 1)

    assert programs_import_catalog(data=catalog(psk_entry()))["unchanged"] == 1
    assert ProgramCycle.objects.get(code="PSK-2026").registration_opens == date(2026, 6, 1)

    programs_import_catalog(data=catalog(psk_entry(registration_opens=None)))
    assert ProgramCycle.objects.get(code="PSK-2026").registration_opens is None


def test_the_program_is_found_by_name_and_shared_by_its_cycles(districts):
    programs_import_catalog(data=catalog(psk_entry(), psk_entry(code="PSK-2027", year=2027)))
    assert Program.objects.count() == 1

    programs_import_catalog(data=catalog(psk_entry(program="Pelatihan Menjahit")))
    assert ProgramCycle.objects.get(code="PSK-2026").program.name == "Pelatihan Menjahit"
    assert ProgramCycle.objects.get(code="PSK-2027").program.name == "Pelatihan Keterampilan Pemuda Putus Sekolah"


def test_the_importing_user_is_the_actor_of_the_audit_rows(districts, system_admin):
    programs_import_catalog(data=catalog(psk_entry()), by=system_admin)
    assert AuditEvent.objects.get(action="program_cycle.import_create").actor == system_admin


def test_an_empty_catalog_imports_nothing(districts):
    assert programs_import_catalog(data={"programs": []}) == {
        "created": 0, "updated": 0, "unchanged": 0, "messages": [],
    }


def _without(key):
    entry = psk_entry()
    del entry[key]
    return entry


def _with_rule(**rules):
    entry = psk_entry()
    entry["rules"].update(rules)
    return entry


REFUSED = {
    "missing code": ([_without("code")], ["Entry 2", '"code"']),
    "missing program": ([_without("program")], ["PSK-2026", '"program"']),
    "missing year": ([_without("year")], ["PSK-2026", '"year"']),
    "missing registration_closes": ([_without("registration_closes")], ["PSK-2026", '"registration_closes"']),
    "empty code": ([psk_entry(code="  ")], ["Entry 2", '"code"']),
    "unknown region in rules": ([_with_rule(regions=["64.01", "99.99"])], ["PSK-2026", '"rules.regions"', "99.99"]),
    "unknown region in quotas": ([psk_entry(quotas={"64.01": 4, "9999": 1})], ["PSK-2026", '"quotas"', "99.99"]),
    "malformed region code": ([psk_entry(quotas={"64-01": 4})], ["PSK-2026", '"quotas"']),
    "negative age": ([_with_rule(max_age=-1)], ["PSK-2026", '"rules.max_age"']),
    "unknown school status": ([_with_rule(school_status=["bolos"])], ["PSK-2026", '"rules.school_status"']),
    "unknown education": ([_with_rule(min_education="s4")], ["PSK-2026", '"rules.min_education"']),
    "desil out of range": ([_with_rule(max_desil=11)], ["PSK-2026", '"rules.max_desil"']),
    "unknown rule": ([_with_rule(max_ages=20)], ["PSK-2026", '"rules.max_ages"']),
    "quota not a number": ([psk_entry(quotas={"64.01": "four"})], ["PSK-2026", '"quotas.64.01"']),
    "negative quota": ([psk_entry(quotas={"64.01": -1})], ["PSK-2026", '"quotas.64.01"']),
    "quota twice": ([psk_entry(quotas={"64.01": 1, "6401": 2})], ["PSK-2026", '"quotas"']),
    "bad date": ([psk_entry(registration_closes="31 July 2026")], ["PSK-2026", '"registration_closes"']),
    "opens after closes": ([psk_entry(registration_opens="2026-08-01")], ["PSK-2026", '"registration_opens"']),
    "year not a number": ([psk_entry(year="2026")], ["PSK-2026", '"year"']),
    "unknown entry key": ([psk_entry(quota={"64.01": 4})], ["PSK-2026", '"quota"']),
    "code with a slash": ([psk_entry(code="PSK/2026")], ["PSK/2026", '"code"']),
    "entry not an object": (["PSK-2026"], ["Entry 2"]),
    "code repeated": ([psk_entry(), psk_entry(year=2027)], ["Entry 3", "PSK-2026", '"code"']),
}


@pytest.mark.parametrize("entries, expected", REFUSED.values(), ids=REFUSED.keys())
def test_a_bad_entry_refuses_the_whole_file_and_nothing_changes(districts, entries, expected):
    programs_import_catalog(data=catalog(psk_entry(code="OLD-2025", year=2025)))
    CycleQuota.objects.filter(cycle__code="OLD-2025", regency_id="64.01").update(reallocated_quota=1)
    before = _database_state()
    # The first entry is good and would change OLD-2025; the bad one after it stops everything.
    good_change = psk_entry(code="OLD-2025", year=2025, quotas={"64.01": 9})
    good_change["rules"]["max_age"] = 30

    with pytest.raises(CatalogError) as caught:
        programs_import_catalog(data=catalog(good_change, *entries))

    for text in expected:
        assert text in caught.value.message
    assert _database_state() == before


@pytest.mark.parametrize(
    "data",
    [[], "programs", {"programmes": []}, {"programs": {"code": "PSK-2026"}}, None],
    ids=["a list", "text", "no programs key", "programs not a list", "empty file"],
)
def test_a_malformed_file_is_refused_and_nothing_changes(districts, data):
    programs_import_catalog(data=catalog(psk_entry(code="OLD-2025")))
    before = _database_state()

    with pytest.raises(CatalogError) as caught:
        programs_import_catalog(data=data)

    assert '"programs"' in caught.value.message
    assert _database_state() == before


def _database_state():
    old = ProgramCycle.objects.get(code="OLD-2025")
    return {
        "programs": Program.objects.count(),
        "cycles": ProgramCycle.objects.count(),
        "quotas": sorted(
            CycleQuota.objects.values_list("cycle__code", "regency_id", "initial_quota", "reallocated_quota")
        ),
        "audit": AuditEvent.objects.count(),
        "old_rules": old.rules,
        "old_rules_version": old.rules_version,
        "old_updated_at": old.updated_at,
    }
