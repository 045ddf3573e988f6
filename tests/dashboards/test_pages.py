"""The dashboard pages, checked against counts made here, in Python, from the plain data of the
`world` fixture (tests/dashboards/conftest.py): the funnel per role and district, a cycle's
funnel, the targets (the Tabalong case), quota use, the breakdowns with names and small cells,
the named lists behind a count, the role home pages, and the number of queries."""

import datetime
import html

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from programs.models import CycleQuota, DistrictTarget
from tests.factories import SubdistrictFactory, VillageFactory
from tests.pages import table_rows
from tests.participants.factories import ApplicationFactory
from tests.programs.factories import ProgramCycleFactory
from tests.training.factories import BatchFactory, BatchSessionFactory, EnrolmentFactory, ProviderFactory
from verification.models import EligibilityResult

from .conftest import PERSONS, YEAR

pytestmark = pytest.mark.django_db

STEPS = ("applicants", "eligible", "in_review", "enrolled", "participants", "trained", "certified",
         "granted", "business_active")


def expected_sets(world, *, year, districts, cycle=None) -> dict[str, dict[str, set]]:
    """{district: {step: persons}} restated over the plain data (§12), for a year or one cycle."""
    cycles = {cycle} if cycle else {code for code, y in world.cycles.items() if y == year}
    sets: dict[str, dict[str, set]] = {d: {step: set() for step in STEPS} for d in districts}
    for person, c, district, status, decision in world.applications:
        if c in cycles and district in sets:
            sets[district]["applicants"].add(person)
            if decision == "APPROVED" or (status == "ELIGIBLE" and decision is None):
                sets[district]["eligible"].add(person)
            if status == "REVIEW" and decision is None:
                sets[district]["in_review"].add(person)
    for person, c, district, status, certificate in world.enrolments:
        if c in cycles and district in sets:
            if status != "withdrawn":
                sets[district]["enrolled"].add(person)
                sets[district]["participants"].add(person)
            if status == "completed":
                sets[district]["trained"].add(person)
            if certificate:
                sets[district]["certified"].add(person)
    for person, c, district, result, certificate in world.imports:
        if c in cycles and district in sets:
            if result in ("lulus", "tidak_lulus"):
                sets[district]["participants"].add(person)
            if result == "lulus":
                sets[district]["trained"].add(person)
            if certificate:
                sets[district]["certified"].add(person)
    return sets


def expected_funnel(world, **kwargs) -> dict[str, int]:
    """The page's total: the sum over the districts (a person in two districts counts twice)."""
    sets = expected_sets(world, **kwargs)
    return {step: sum(len(found[step]) for found in sets.values()) for step in STEPS}


def pct_text(numerator, denominator) -> str:
    if not denominator:
        return "–"
    tenths = numerator * 1000 // denominator
    return f"{tenths // 10},{tenths % 10} %"


def numbers(row) -> list[str]:
    return row.cells[1:]


VISIBLE = {
    "system_admin": ("63.09", "64.01", "64.02", "73.03"),
    "paser_official": ("64.01",),
    "kaltim_official": ("64.01", "64.02"),
    "paser_staff": ("64.01",),
}


@pytest.mark.parametrize("role", sorted(VISIBLE))
def test_the_funnel_counts_each_step_for_the_districts_the_role_may_see(role, client, world, request):
    client.force_login(request.getfixturevalue(role))
    page = client.get(reverse("dashboards:funnel"), {"year": YEAR}).content.decode()
    expected = expected_funnel(world, year=YEAR, districts=VISIBLE[role])
    rows = table_rows(page, "funnel")
    assert [row.cells[1] for row in rows] == [str(expected[step]) for step in STEPS]
    # each step as a share of the one it follows on the path; "in review" branches off the applicants
    before = {"eligible": "applicants", "in_review": "applicants", "enrolled": "eligible", "participants": "enrolled",
              "trained": "participants", "certified": "trained", "granted": "trained", "business_active": "granted"}
    assert [row.cells[2] for row in rows] == ["–"] + [pct_text(expected[s], expected[before[s]]) for s in STEPS[1:]]
    assert expected["applicants"] > 0


def test_a_province_official_sees_its_districts_side_by_side_and_only_those(client, world, kaltim_official):
    client.force_login(kaltim_official)
    page = client.get(reverse("dashboards:funnel"), {"year": YEAR}).content.decode()
    rows = table_rows(page, "funnel_districts")
    expected = expected_sets(world, year=YEAR, districts=("64.01",))
    assert [row.cells[0] for row in rows] == ["Kabupaten Paser"]
    assert numbers(rows[0]) == [str(len(expected["64.01"][step])) for step in STEPS]
    assert "Kabupaten Tabalong" not in page


def test_a_system_admin_compares_every_district_and_can_narrow_to_some(client, world, system_admin):
    client.force_login(system_admin)
    page = client.get(reverse("dashboards:funnel"), {"year": YEAR}).content.decode()
    expected = expected_sets(world, year=YEAR, districts=("63.09", "64.01"))
    rows = {row.cells[0]: numbers(row) for row in table_rows(page, "funnel_districts")}
    assert rows == {"Kabupaten Tabalong": [str(len(expected["63.09"][s])) for s in STEPS],
                    "Kabupaten Paser": [str(len(expected["64.01"][s])) for s in STEPS]}
    narrowed = client.get(reverse("dashboards:funnel"), {"year": YEAR, "district": "63.09"}).content.decode()
    assert [row.cells[1] for row in table_rows(narrowed, "funnel")] == [str(len(expected["63.09"][s])) for s in STEPS]


def test_a_district_user_cannot_widen_the_funnel_to_another_district(client, world, paser_official):
    client.force_login(paser_official)
    page = client.get(reverse("dashboards:funnel"), {"year": YEAR, "district": "63.09"}).content.decode()
    expected = expected_funnel(world, year=YEAR, districts=("64.01",))
    assert [row.cells[1] for row in table_rows(page, "funnel")] == [str(expected[s]) for s in STEPS]


def test_the_funnel_of_one_cycle_counts_that_cycle_only(client, world, system_admin):
    client.force_login(system_admin)
    page = client.get(reverse("dashboards:funnel"), {"year": YEAR, "cycle": "B-2025"}).content.decode()
    expected = expected_funnel(world, year=YEAR, districts=VISIBLE["system_admin"], cycle="B-2025")
    cells = [row.cells[1] for row in table_rows(page, "funnel")]
    assert cells[:7] == [str(expected[step]) for step in STEPS[:7]]
    assert cells[7:] == ["–", "–"]  # grants belong to a year, not a cycle
    assert expected["applicants"] == 2


def test_the_tabalong_case_names_numerator_and_denominator_and_flags_over_200(client, tabalong, system_admin):
    cycle = ProgramCycleFactory(code="TABALONG-2025", year=2025)
    provider = ProviderFactory(name="LKP Tanjung", kind="lkp", regency=tabalong)
    DistrictTarget.objects.create(year=2025, regency=tabalong, target=3_000)
    with connection.cursor() as cursor:
        cursor.execute("""
            INSERT INTO participants_person (nik, no_kk, name, birth_date, sex, village_code, regency_id, address,
                                             phone, created_at, updated_at)
            SELECT '630901' || lpad(i::text, 10, '0'), '', 'Warga ' || i, '2000-01-01', 'P', '63.09.01.2001',
                   '63.09', '', '', now(), now()
            FROM generate_series(1, 11630) i
        """)
        cursor.execute("""
            INSERT INTO training_importedtraining (person_id, cycle_id, provider_id, vocation, start_date, end_date,
                result, competent, certificate_number, regency_id, village_code, file_name, line, imported_at)
            SELECT id, %s, %s, 'Tata Boga', '2025-09-01', '2025-09-30', 'lulus', '', '', '63.09', '63.09.01.2001',
                   'rekap.csv', row_number() OVER (ORDER BY id) + 1, now()
            FROM participants_person WHERE regency_id = '63.09'
        """, [cycle.pk, provider.pk])
    client.force_login(system_admin)
    page = client.get(reverse("dashboards:targets"), {"year": 2025}).content.decode()
    [tabalong_row, total] = table_rows(page, "targets")
    assert tabalong_row.cells[:5] == ["Kabupaten Tabalong", "11.630", "3.000", "387,6 %",
                                      "11.630 dilatih / target 3.000 = 387,6 %"]
    assert tabalong_row.attrs.get("data-flag") == "1"
    assert "lebih dari 200 persen" in tabalong_row.cells[5].lower()
    assert total.attrs.get("data-total") == "1"


def test_the_ranking_is_sorted_by_achievement_and_districts_without_a_target_come_last(client, world, system_admin):
    DistrictTarget.objects.filter(year=YEAR, regency_id="73.03").delete()
    client.force_login(system_admin)
    page = client.get(reverse("dashboards:targets"), {"year": YEAR}).content.decode()
    sets = expected_sets(world, year=YEAR, districts=("63.09", "64.01", "73.03"))
    pct = {d: len(sets[d]["trained"]) * 1000 // world.targets[(YEAR, d)] for d in ("63.09", "64.01")}
    order = sorted(pct, key=lambda d: -pct[d])
    names = {"63.09": "Kabupaten Tabalong", "64.01": "Kabupaten Paser"}
    rows = table_rows(page, "ranking")
    assert [(row.cells[0], row.cells[1]) for row in rows] == [("1", names[order[0]]), ("2", names[order[1]])]
    assert rows[0].cells[4] == pct_text(len(sets[order[0]]["trained"]), world.targets[(YEAR, order[0])])


def test_the_years_are_compared_side_by_side(client, world, system_admin):
    client.force_login(system_admin)
    page = client.get(reverse("dashboards:targets"), {"year": YEAR}).content.decode()
    rows = {row.cells[0]: row.cells[1:] for row in table_rows(page, "years")}
    for year in (2024, 2025):
        e = expected_funnel(world, year=year, districts=VISIBLE["system_admin"])
        target = sum(t for (y, _d), t in world.targets.items() if y == year)
        assert rows[str(year)] == [str(e["applicants"]), str(e["eligible"]), str(e["enrolled"]), str(e["trained"]),
                                   str(e["certified"]), str(target), pct_text(e["trained"], target)]


def test_quota_use_shows_initial_reallocated_used_and_left_with_the_ledger(client, world, paser_official):
    from programs.models import ProgramCycle

    cycle = ProgramCycle.objects.get(code="A-2025")
    CycleQuota.objects.create(cycle=cycle, regency_id="64.01", initial_quota=10, reallocated_quota=8)
    CycleQuota.objects.create(cycle=cycle, regency_id="63.09", initial_quota=5)
    used = sum(1 for _p, c, d, status, _cert in world.enrolments
               if c == "A-2025" and d == "64.01" and status != "withdrawn")
    client.force_login(paser_official)
    page = client.get(reverse("dashboards:quota"), {"year": YEAR}).content.decode()
    [row] = table_rows(page, "quota")
    assert row.cells == ["A-2025", "Kabupaten Paser", "10", "8", str(used), str(8 - used), "Buku besar"]
    assert reverse("training:quota-ledger", args=["A-2025"]) in page
    assert used == 4


@pytest.fixture
def named_places(world):
    """Names for the world's desa codes ("<district>.01.2001")."""
    for district, name in (("64.01", "Tanah Grogot"), ("63.09", "Tanjung")):
        SubdistrictFactory(code=f"{district}.01", name=f"Kecamatan {name}")
        VillageFactory(code=f"{district}.01.2001", name=f"Desa {name}")


def test_breakdowns_name_kecamatan_and_desa_never_bare_codes(client, world, named_places, paser_staff):
    client.force_login(paser_staff)
    sets = expected_sets(world, year=YEAR, districts=("64.01",))["64.01"]
    page = client.get(reverse("dashboards:breakdowns"), {"year": YEAR, "dim": "subdistrict"}).content.decode()
    [row] = table_rows(page, "breakdown_subdistrict")
    assert row.cells == ["Kecamatan Tanah Grogot", *[str(len(sets[s])) for s in STEPS[:7]]]
    page = client.get(reverse("dashboards:breakdowns"), {"year": YEAR, "dim": "village"}).content.decode()
    [row] = table_rows(page, "breakdown_village")
    assert row.cells[0] == "Desa Tanah Grogot, Kecamatan Tanah Grogot"
    assert "64.01.01" not in row.text


def test_the_breakdown_by_sex_counts_each_sex(client, world, paser_staff):
    client.force_login(paser_staff)
    sets = expected_sets(world, year=YEAR, districts=("64.01",))["64.01"]
    page = client.get(reverse("dashboards:breakdowns"), {"year": YEAR, "dim": "sex"}).content.decode()
    rows = {row.cells[0]: row.cells[1:] for row in table_rows(page, "breakdown_sex")}
    for sex, label in (("L", "Laki-laki"), ("P", "Perempuan")):
        assert rows[label] == [str(sum(1 for p in sets[s] if PERSONS[p][0] == sex)) for s in STEPS[:7]]


def shown_by_sex(counts: dict[str, list[int]], names: bool) -> dict[str, list[str]]:
    """What a reader sees of {label: count per step}: everything with names; without, 1–4 reads
    "< 5", and in a step (a column) where that hides one count only, the other count reads "x"
    (else the step's total on the funnel would give the small one away)."""
    shown = {label: [str(n) for n in values] for label, values in counts.items()}
    if names:
        return shown
    for step in range(len(next(iter(counts.values())))):
        small = [label for label in counts if 0 < counts[label][step] <= 4]
        for label in small:
            shown[label][step] = "< 5"
        larger = sorted((counts[label][step], label) for label in counts if counts[label][step] > 4)
        if len(small) == 1 and larger:
            shown[larger[0][1]][step] = "x"
    return shown


def test_the_read_only_official_sees_small_cells_as_under_five_and_no_names(client, world, paser_official):
    client.force_login(paser_official)
    page = client.get(reverse("dashboards:breakdowns"), {"year": YEAR, "dim": "sex"}).content.decode()
    sets = expected_sets(world, year=YEAR, districts=("64.01",))["64.01"]
    rows = {row.cells[0]: row.cells[1:] for row in table_rows(page, "breakdown_sex")}
    counts = {label: [sum(1 for p in sets[s] if PERSONS[p][0] == sex) for s in STEPS[:7]]
              for sex, label in (("L", "Laki-laki"), ("P", "Perempuan"))}
    assert rows["Perempuan"] == shown_by_sex(counts, names=False)["Perempuan"]
    assert "< 5" in rows["Perempuan"]
    # 5 women and 3 men applied: the 3 is hidden, and so is the 5, or the funnel's 8 would tell it.
    assert (counts["Laki-laki"][0], counts["Perempuan"][0]) == (3, 5)
    assert (rows["Laki-laki"][0], rows["Perempuan"][0]) == ("< 5", "x")
    assert "“x”: disembunyikan agar angka “< 5” tidak dapat dihitung dari totalnya" in html.unescape(page)


def test_no_column_of_a_breakdown_hides_a_single_count(client, world, paser_official):
    """Complementary suppression: one hidden count in a column could be worked out as the
    column's total minus the counts shown."""
    client.force_login(paser_official)
    for dimension in ("sex", "age_band", "education", "school_status", "subdistrict"):
        page = client.get(reverse("dashboards:breakdowns"), {"year": YEAR, "dim": dimension}).content.decode()
        rows = [row.cells[1:] for row in table_rows(page, f"breakdown_{dimension}")]
        for step in range(len(rows[0]) if rows else 0):
            column = [row[step] for row in rows]
            hidden = sum(1 for cell in column if cell in ("< 5", "x"))
            shown_nonzero = sum(1 for cell in column if cell not in ("< 5", "x", "0"))
            assert hidden != 1 or shown_nonzero == 0, (dimension, step, column)
    assert reverse("dashboards:people") not in page
    assert client.get(reverse("dashboards:people"), {"step": "trained", "year": YEAR}).status_code == 403


def test_staff_see_the_small_cells_and_the_named_list_behind_a_count(client, world, paser_staff):
    client.force_login(paser_staff)
    page = client.get(reverse("dashboards:breakdowns"), {"year": YEAR, "dim": "sex"}).content.decode()
    assert "< 5" not in page
    trained = expected_sets(world, year=YEAR, districts=("64.01",))["64.01"]["trained"]
    response = client.get(reverse("dashboards:people"), {"step": "trained", "year": YEAR})
    names = [row.cells[0] for row in table_rows(response.content.decode(), "people")]
    assert sorted(names) == sorted(p.title() for p in trained)
    assert f'href="{reverse("dashboards:people")}?step=trained&amp;year={YEAR}&amp;district=64.01"' in client.get(
        reverse("dashboards:funnel"), {"year": YEAR}).content.decode()


def test_the_named_list_of_a_breakdown_cell_holds_its_persons(client, world, paser_staff):
    client.force_login(paser_staff)
    response = client.get(reverse("dashboards:people"), {"step": "applicants", "year": YEAR, "dim": "sex",
                                                          "value": "L"})
    names = sorted(row.cells[0] for row in table_rows(response.content.decode(), "people"))
    applicants = expected_sets(world, year=YEAR, districts=("64.01",))["64.01"]["applicants"]
    assert names == sorted(p.title() for p in applicants if PERSONS[p][0] == "L")


def test_an_official_given_the_capability_sees_names_and_small_cells(client, world, paser_official):
    paser_official.user_permissions.add(Permission.objects.get(codename="view_named_lists",
                                                               content_type__app_label="dashboards"))
    client.force_login(paser_official)
    response = client.get(reverse("dashboards:people"), {"step": "eligible", "year": YEAR})
    assert response.status_code == 200
    eligible = expected_sets(world, year=YEAR, districts=("64.01",))["64.01"]["eligible"]
    assert sorted(row.cells[0] for row in table_rows(response.content.decode(), "people")) == sorted(
        p.title() for p in eligible)
    page = client.get(reverse("dashboards:breakdowns"), {"year": YEAR, "dim": "sex"}).content.decode()
    assert "< 5" not in page


def test_a_named_list_never_holds_another_districts_persons(client, world, paser_staff):
    client.force_login(paser_staff)
    response = client.get(reverse("dashboards:people"), {"step": "trained", "year": YEAR, "district": "63.09"})
    names = [row.cells[0] for row in table_rows(response.content.decode(), "people")]
    tabalong_only = (expected_sets(world, year=YEAR, districts=("63.09",))["63.09"]["trained"]
                     - expected_sets(world, year=YEAR, districts=("64.01",))["64.01"]["trained"])
    assert tabalong_only and not {p.title() for p in tabalong_only} & set(names)


def test_the_funnel_page_takes_a_fixed_number_of_queries(client, world, system_admin,
                                                         django_assert_max_num_queries):
    client.force_login(system_admin)
    with django_assert_max_num_queries(14):
        page = client.get(reverse("dashboards:funnel"), {"year": YEAR}).content.decode()
    assert len(table_rows(page, "funnel_districts")) == 2
    from programs.models import ProgramCycle

    ApplicationFactory.create_batch(20, cycle=ProgramCycle.objects.get(code="A-2025"), person__regency_code="73.03")
    with django_assert_max_num_queries(14):  # the same queries, whatever the number of persons or districts
        page = client.get(reverse("dashboards:funnel"), {"year": YEAR}).content.decode()
    assert len(table_rows(page, "funnel_districts")) == 3


def test_the_breakdown_page_takes_a_fixed_number_of_queries(client, world, named_places, system_admin,
                                                            django_assert_max_num_queries):
    client.force_login(system_admin)
    with django_assert_max_num_queries(10):
        page = client.get(reverse("dashboards:breakdowns"), {"year": YEAR, "dim": "village"}).content.decode()
    assert len(table_rows(page, "breakdown_village")) == 2


# --- the home pages ------------------------------------------------------------------------------


def test_the_staff_home_lists_the_review_backlog_oldest_first(client, paser, paser_staff):
    cycle = ProgramCycleFactory(year=timezone.localdate().year)
    waiting = []
    for n, (status, recheck) in enumerate((("REVIEW", False), ("ELIGIBLE", True), ("REVIEW", False))):
        application = ApplicationFactory(cycle=cycle, person__name=f"Menunggu {n}", person__regency_code="64.01")
        EligibilityResult.objects.create(application=application, status=status, needs_recheck=recheck)
        waiting.append(application)
    decided = ApplicationFactory(cycle=cycle, person__name="Sudah Diputuskan", person__regency_code="64.01")
    EligibilityResult.objects.create(application=decided, status="REVIEW", decision="APPROVED")
    for days, application in zip((3, 10, 1), waiting, strict=True):
        type(application).objects.filter(pk=application.pk).update(
            created_at=timezone.now() - datetime.timedelta(days=days))
    client.force_login(paser_staff)
    page = client.get(reverse("core:dashboard")).content.decode()
    rows = table_rows(page, "review_backlog")
    assert [row.cells[1] for row in rows] == ["Menunggu 1", "Menunggu 0", "Menunggu 2"]
    assert "Sudah Diputuskan" not in page
    assert 'data-testid="table-jobs"' in page and 'data-testid="table-applications_week"' in page


def test_the_staff_home_counts_this_weeks_applications(client, paser, paser_staff):
    cycle = ProgramCycleFactory(year=timezone.localdate().year)
    ApplicationFactory.create_batch(3, cycle=cycle, person__regency_code="64.01")
    old = ApplicationFactory(cycle=cycle, person__regency_code="64.01")
    type(old).objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=8))
    client.force_login(paser_staff)
    rows = table_rows(client.get(reverse("core:dashboard")).content.decode(), "applications_week")
    assert len(rows) == 7
    assert sum(int(row.cells[-1]) for row in rows) == 3


def test_the_blk_tables_show_sessions_free_seats_missing_attendance_and_results(paser_blk_admin, paser_provider,
                                                                                bantaeng_provider):
    from dashboards import tables
    from tests.training.factories import local_datetime

    wednesday = datetime.date(2026, 8, 12)
    cycle = ProgramCycleFactory(year=2026)
    running = BatchFactory(cycle=cycle, provider=paser_provider, name="Angkatan Berjalan", capacity=3,
                           start_date=datetime.date(2026, 8, 10), end_date=datetime.date(2026, 8, 20))
    ended = BatchFactory(cycle=cycle, provider=paser_provider, name="Angkatan Selesai",
                         start_date=datetime.date(2026, 7, 1), end_date=datetime.date(2026, 7, 31))
    other = BatchFactory(cycle=cycle, provider=bantaeng_provider, name="Angkatan Bantaeng",
                         start_date=datetime.date(2026, 8, 10), end_date=datetime.date(2026, 8, 20))
    EnrolmentFactory(batch=running, status="enrolled")
    EnrolmentFactory(batch=ended, status="enrolled")
    EnrolmentFactory(batch=ended, status="completed")
    BatchSessionFactory(batch=running, day=datetime.date(2026, 8, 11))  # held, nobody marked
    BatchSessionFactory(batch=running, day=datetime.date(2026, 8, 13))  # this week, not yet held
    BatchSessionFactory(batch=running, day=datetime.date(2026, 8, 17))  # next week
    BatchSessionFactory(batch=other, day=wednesday)
    now = local_datetime(wednesday, 13)

    sessions = tables.sessions_week_table(paser_blk_admin, 2026, today=wednesday)
    assert [row["batch"] for row in sessions.rows] == ["Angkatan Berjalan", "Angkatan Berjalan"]
    seats = tables.free_seats_table(paser_blk_admin, 2026, today=wednesday)
    assert [(row["batch"], row["capacity"], row["used"], row["free"]) for row in seats.rows] == [
        ("Angkatan Berjalan", 3, 1, 2)]
    missing = tables.attendance_missing_table(paser_blk_admin, 2026, now=now)
    assert [(row["batch"], row["missing"]) for row in missing.rows] == [("Angkatan Berjalan", 1)]
    results = tables.results_missing_table(paser_blk_admin, 2026, today=wednesday)
    assert [(row["batch"], row["open"]) for row in results.rows] == [("Angkatan Selesai", 1)]


def test_the_blk_home_shows_its_four_tables_and_only_its_own_batches(client, paser_blk_admin, paser_provider,
                                                                     bantaeng_provider):
    today = timezone.localdate()
    cycle = ProgramCycleFactory(year=today.year)
    BatchFactory(cycle=cycle, provider=paser_provider, name="Angkatan Paser", start_date=today,
                 end_date=today + datetime.timedelta(days=5))
    BatchFactory(cycle=cycle, provider=bantaeng_provider, name="Angkatan Bantaeng", start_date=today,
                 end_date=today + datetime.timedelta(days=5))
    client.force_login(paser_blk_admin)
    page = client.get(reverse("core:dashboard")).content.decode()
    for key in ("sessions_week", "free_seats", "attendance_missing", "results_missing"):
        assert f'data-testid="table-{key}"' in page
    assert [row.cells[0] for row in table_rows(page, "free_seats")] == ["Angkatan Paser"]
    assert "Angkatan Bantaeng" not in page


def test_the_official_home_shows_the_indicators(client, world, paser_official):
    client.force_login(paser_official)
    page = client.get(reverse("core:dashboard"), {"year": YEAR}).content.decode()
    expected = expected_funnel(world, year=YEAR, districts=("64.01",))
    assert [row.cells[1] for row in table_rows(page, "funnel")] == [str(expected[s]) for s in STEPS]
    assert table_rows(page, "targets")[0].cells[:3] == ["Kabupaten Paser", str(expected["trained"]),
                                                        str(world.targets[(YEAR, "64.01")])]
    assert 'data-testid="table-review_backlog"' not in page
    assert reverse("dashboards:quota") in page  # the one tile: Kuota


def test_the_menu_has_the_indicators_for_every_role_with_dashboards(client, paser_official):
    client.force_login(paser_official)
    page = client.get(reverse("core:dashboard")).content.decode()
    assert f'href="{reverse("dashboards:funnel")}"' in page


def test_every_dashboard_page_tells_how_fresh_its_figures_are(client, world, paser_official):
    client.force_login(paser_official)
    for name in ("funnel", "targets", "quota", "breakdowns", "grants"):
        page = client.get(reverse(f"dashboards:{name}"), {"year": YEAR}).content.decode()
        assert 'data-testid="freshness"' in page and "Angka dihitung" in page, name


def age_band(age: int) -> str:
    for label, low, high in (("<18", 0, 17), ("18-24", 18, 24), ("25-34", 25, 34), ("35-44", 35, 44),
                             ("45+", 45, 200)):
        if low <= age <= high:
            return f"{label} tahun"
    raise AssertionError(age)


def test_the_breakdown_by_age_band_uses_the_age_at_the_end_of_the_year(client, world, paser_staff):
    from participants.models import Person

    births = {"Ani": datetime.date(1980, 12, 31), "Budi": datetime.date(2010, 1, 1),
              "Candra": datetime.date(1995, 6, 1)}
    for name, born in births.items():
        Person.objects.filter(name=name).update(birth_date=born)
    born = {p.name: p.birth_date for p in Person.objects.all()}
    sets = expected_sets(world, year=YEAR, districts=("64.01",))["64.01"]
    expected: dict[str, list[int]] = {}
    for step_n, step in enumerate(STEPS[:7]):
        for person in sets[step]:
            band = age_band(YEAR - born[person.title()].year)
            expected.setdefault(band, [0] * 7)[step_n] += 1
    client.force_login(paser_staff)
    page = client.get(reverse("dashboards:breakdowns"), {"year": YEAR, "dim": "age_band"}).content.decode()
    rows = {row.cells[0]: row.cells[1:] for row in table_rows(page, "breakdown_age_band")}
    assert rows == {band: [str(n) for n in counts] for band, counts in expected.items()}
    assert list(rows) == [b for b in ("<18 tahun", "18-24 tahun", "25-34 tahun", "45+ tahun") if b in rows]


def test_the_breakdown_by_desil_counts_an_imported_training_as_not_recorded(client, world, paser_staff):
    for name, desil in (("Ani", 1), ("Budi", 2), ("Dewi", 2)):
        EligibilityResult.objects.filter(application__person__name=name, application__cycle__code="A-2025").update(
            desil=desil)
    desil_of = {("ani", "A-2025"): 1, ("budi", "A-2025"): 2, ("dewi", "A-2025"): 2}
    in_year = {c for c, y in world.cycles.items() if y == YEAR}
    expected: dict[str, set] = {}
    # applicants: by the desil of each application of the year in Paser
    for person, cycle, district, _status, _decision in world.applications:
        if cycle in in_year and district == "64.01":
            expected.setdefault(str(desil_of.get((person, cycle), "–")), set()).add(person)
    client.force_login(paser_staff)
    page = client.get(reverse("dashboards:breakdowns"), {"year": YEAR, "dim": "desil"}).content.decode()
    rows = {row.cells[0]: row.cells[1] for row in table_rows(page, "breakdown_desil")}
    assert rows == {"Desil 1": str(len(expected["1"])), "Desil 2": str(len(expected["2"])),
                    "Tidak tercatat": str(len(expected["–"]))}
    trained = {row.cells[0]: row.cells[6] for row in table_rows(page, "breakdown_desil")}
    # Ani completed the A-2025 enrolment (desil 1) and an imported training (no application: not recorded)
    assert trained["Desil 1"] == "1" and int(trained["Tidak tercatat"]) >= 1


def test_the_trained_count_of_a_target_row_opens_its_named_list(client, world, paser_staff):
    client.force_login(paser_staff)
    page = client.get(reverse("dashboards:targets"), {"year": YEAR}).content.decode()
    link = f'{reverse("dashboards:people")}?step=trained&amp;year={YEAR}&amp;district=64.01'
    assert f'href="{link}"' in page
    response = client.get(link.replace("&amp;", "&"))
    trained = expected_sets(world, year=YEAR, districts=("64.01",))["64.01"]["trained"]
    assert sorted(row.cells[0] for row in table_rows(response.content.decode(), "people")) == sorted(
        p.title() for p in trained)


# --- each role: its districts, names or counts, small cells ------------------------------------

ROLES = {  # role: (districts it sees, sees names)
    "system_admin": (("63.09", "64.01", "64.02", "73.03"), True),
    "paser_staff": (("64.01",), True),
    "kaltim_staff": (("64.01", "64.02"), True),
    "paser_blk_admin": (("64.01",), False),
    "paser_official": (("64.01",), False),
    "kaltim_official": (("64.01", "64.02"), False),
}


@pytest.mark.parametrize("role", sorted(ROLES))
def test_each_role_sees_its_districts_and_names_or_counts_by_its_rights(role, client, world, request):
    districts, names = ROLES[role]
    client.force_login(request.getfixturevalue(role))
    page = client.get(reverse("dashboards:breakdowns"), {"year": YEAR, "dim": "sex"}).content.decode()
    sets = expected_sets(world, year=YEAR, districts=districts)
    rows = {row.cells[0]: row.cells[1:] for row in table_rows(page, "breakdown_sex")}
    counts = {label: [sum(1 for found in sets.values() for p in found[s] if PERSONS[p][0] == sex) for s in STEPS[:7]]
              for sex, label in (("L", "Laki-laki"), ("P", "Perempuan"))}
    for label, shown in shown_by_sex(counts, names).items():
        assert rows.get(label, ["0"] * 7) == shown, label
    people = client.get(reverse("dashboards:people"), {"step": "applicants", "year": YEAR})
    assert people.status_code == (200 if names else 403)
    if names:
        listed = {row.cells[0] for row in table_rows(people.content.decode(), "people")}
        assert listed == {p.title() for found in sets.values() for p in found["applicants"]}


def test_a_staff_decision_shows_in_the_funnel_on_the_next_visit(client, world, paser_staff):
    from participants.models import Application
    from verification.services import application_decide

    client.force_login(paser_staff)
    before = [row.cells[1] for row in table_rows(
        client.get(reverse("dashboards:funnel"), {"year": YEAR}).content.decode(), "funnel")]
    dewi = Application.objects.get(person__name="Dewi", cycle__code="A-2025")  # in review, undecided
    application_decide(application=dewi, by=paser_staff, approve=True, note="Dokumen lengkap")
    after = [row.cells[1] for row in table_rows(
        client.get(reverse("dashboards:funnel"), {"year": YEAR}).content.decode(), "funnel")]
    assert (int(after[1]), int(after[2])) == (int(before[1]) + 1, int(before[2]) - 1)  # eligible +1, in review -1


@pytest.mark.parametrize("role", ["paser_official", "paser_staff"])
def test_the_home_page_takes_a_fixed_number_of_queries(role, client, world, request,
                                                       django_assert_max_num_queries):
    client.force_login(request.getfixturevalue(role))
    with django_assert_max_num_queries(18):
        page = client.get(reverse("core:dashboard"), {"year": YEAR}).content.decode()
    key = "funnel" if role == "paser_official" else "applications_week"
    assert table_rows(page, key)


def test_every_dashboard_table_has_a_caption_and_scoped_headers(client, world, system_admin):
    import re

    client.force_login(system_admin)
    for name in ("funnel", "targets", "quota", "breakdowns", "grants"):
        page = client.get(reverse(f"dashboards:{name}"), {"year": YEAR}).content.decode()
        tables = re.findall(r"<table.*?</table>", page, flags=re.S)
        assert tables, name
        for table in tables:
            assert "<caption" in table, name
            assert not re.search(r"<th[\s>](?![^>]*scope=)", table), name  # every header cell says what it heads
            body = table.split("<tbody>")[1]
            rows_with_data = re.findall(r"<tr[^>]*>\s*<th scope=\"row\"", body)
            assert rows_with_data or "colspan" in body, name


def test_seats_used_and_a_years_counts_open_their_named_lists(client, world, paser_staff):
    from programs.models import ProgramCycle

    CycleQuota.objects.create(cycle=ProgramCycle.objects.get(code="A-2025"), regency_id="64.01", initial_quota=10)
    client.force_login(paser_staff)
    page = client.get(reverse("dashboards:quota"), {"year": YEAR}).content.decode()
    link = f'{reverse("dashboards:people")}?step=enrolled&amp;year={YEAR}&amp;cycle=A-2025&amp;district=64.01'
    assert f'href="{link}"' in page
    listed = {row.cells[0] for row in table_rows(client.get(link.replace("&amp;", "&")).content.decode(), "people")}
    assert listed == {p.title() for p, c, d, status, _cert in world.enrolments
                      if c == "A-2025" and d == "64.01" and status != "withdrawn"}
    page = client.get(reverse("dashboards:targets"), {"year": YEAR}).content.decode()
    link = f'{reverse("dashboards:people")}?step=applicants&amp;year=2024&amp;district=64.01'
    assert f'href="{link}"' not in page  # Paser had no applicant in 2024: no link to an empty list
    assert f'href="{reverse("dashboards:people")}?step=applicants&amp;year={YEAR}&amp;district=64.01"' in page
