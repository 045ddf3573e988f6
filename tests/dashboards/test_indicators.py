"""The §12 indicators (dashboards/indicators.py), checked against counts the tests make on their
own from the fixture's plain description (conftest.World)."""

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection

from dashboards.indicators import (
    INDICATOR_KEYS,
    INDICATORS,
    achievement_pct,
    grant_figures,
    indicators_compute,
    indicators_visible_to,
)
from programs.models import DistrictTarget
from tests.programs.factories import ProgramCycleFactory
from tests.training.factories import ProviderFactory

from .conftest import YEAR, expected_figures

pytestmark = pytest.mark.django_db

# The keys of the data-contracts §12 table, in its order.
SPEC_KEYS = ("applicants", "eligible", "in_review", "enrolled", "participants", "trained", "trained_by_sex",
             "certified", "target", "achievement_pct", "granted", "grant_amount", "business_active")


def test_every_indicator_of_section_12_is_defined_once_with_what_it_counts():
    assert INDICATOR_KEYS == SPEC_KEYS
    assert len(set(INDICATOR_KEYS)) == len(INDICATORS)
    for indicator in INDICATORS:
        assert str(indicator.label) and str(indicator.numerator), indicator.key
    ratio = next(i for i in INDICATORS if i.key == "achievement_pct")
    assert ratio.denominator is not None
    assert all(i.denominator is None for i in INDICATORS if i.key != "achievement_pct")


def test_every_district_figure_matches_an_independent_count(world):
    report = indicators_compute(year=YEAR)
    expected = expected_figures(world, YEAR)
    assert [d.region for d in report.districts] == list(expected)
    for figures in report.districts:
        want = expected[figures.region]
        for key, value in want.items():
            assert getattr(figures, key) == value, (figures.region, key)
        assert figures.achievement_pct == achievement_pct(trained=want["trained"], target=want["target"])
        assert (figures.granted, figures.grant_amount, figures.business_active) == (0, 0, 0)


def test_the_fixture_holds_the_cases_section_12_speaks_of(world):
    """Not a restatement: the figures a reader can check by hand in conftest."""
    paser, tabalong = (next(d for d in indicators_compute(year=YEAR).districts if d.region == code)
                       for code in ("64.01", "63.09"))
    # Ani, Budi, Candra, Dewi, Eka, Fajar, Gita, Lina applied in Paser; Lina twice, counted once.
    assert paser.applicants == 8
    # Ani, Gita, Lina (eligible), Candra, Eka (approved); not Budi (rejected), Dewi (review), Fajar.
    assert paser.eligible == 5
    # Dewi, and Lina's second application in review; not Eka (decided).
    assert paser.in_review == 2
    # Seats not withdrawn: Ani, Candra (dropped out), Gita (enrolled), Lina.
    assert paser.enrolled == 4 and paser.participants == 4
    # Ani completed a batch and a reported training: once. Lina completed too.
    assert paser.trained == 2 and paser.trained_by_sex == {"L": 0, "P": 2}
    assert paser.certified == 1
    assert (paser.target, paser.achievement_pct) == (4, Decimal("50.0"))
    # Gita completed in Tabalong; Hadi's reported lulus; Intan took part; Joko withdrew.
    assert (tabalong.applicants, tabalong.enrolled, tabalong.participants, tabalong.trained) == (1, 1, 3, 2)
    assert tabalong.certified == 2 and tabalong.trained_by_sex == {"L": 1, "P": 1}
    assert (tabalong.target, tabalong.achievement_pct) == (3, Decimal("66.6"))


def test_the_districts_reported_follow_the_rule(world):
    report = indicators_compute(year=YEAR)
    # Bantaeng has only a target; Kutai Kartanegara only data of 2024; ordered by code.
    assert [d.region for d in report.districts] == ["63.09", "64.01", "73.03"]
    bantaeng = report.districts[2]
    assert (bantaeng.applicants, bantaeng.trained, bantaeng.target, bantaeng.achievement_pct) == (
        0, 0, 10, Decimal("0.0"))
    assert [d.region for d in indicators_compute(year=2024).districts] == ["63.09", "64.01", "64.02"]
    assert indicators_compute(year=2023).districts == []


def test_a_person_in_two_districts_counts_once_in_each_and_twice_in_the_total(world):
    report = indicators_compute(year=YEAR)
    expected = expected_figures(world, YEAR)
    # Gita applied in Paser (A) and, after moving, in Tabalong (B): she is in both districts.
    gita_districts = {district for person, _c, district, *_rest in world.applications
                      if person == "gita" and world.cycles[_c] == YEAR}
    assert gita_districts == {"64.01", "63.09"}
    for key in ("applicants", "eligible", "in_review", "enrolled", "participants", "trained", "certified"):
        assert getattr(report.total, key) == sum(d[key] for d in expected.values()), key
    distinct_applicants = {p for p, c, *_rest in world.applications if world.cycles[c] == YEAR}
    assert report.total.applicants == len(distinct_applicants) + 1
    assert report.total.trained_by_sex == {
        sex: sum(d["trained_by_sex"][sex] for d in expected.values()) for sex in ("L", "P")}


def test_the_total_target_is_the_sum_and_its_achievement_comes_from_the_sums(world):
    total = indicators_compute(year=YEAR).total
    assert total.target == 4 + 3 + 10
    assert total.achievement_pct == Decimal(total.trained * 1000 // total.target) / 10
    assert total.as_dict()["achievement_pct"] == 23.5


def test_without_any_target_the_achievement_is_null(world):
    DistrictTarget.objects.filter(year=YEAR).delete()
    report = indicators_compute(year=YEAR)
    assert [d.region for d in report.districts] == ["63.09", "64.01"]
    assert all(d.target is None and d.achievement_pct is None for d in report.districts)
    assert report.total.target is None and report.total.as_dict()["achievement_pct"] is None


def test_the_districts_asked_for_narrow_the_report(world):
    report = indicators_compute(year=YEAR, regency_codes=["64.01", "64.02"])
    assert [d.region for d in report.districts] == ["64.01"]
    assert report.total.applicants == report.districts[0].applicants
    assert indicators_compute(year=YEAR, regency_codes=[]).districts == []


def test_a_user_gets_the_figures_of_their_districts(world, paser_official, kaltim_official, system_admin):
    assert [d.region for d in indicators_visible_to(user=paser_official, year=YEAR).districts] == ["64.01"]
    assert [d.region for d in indicators_visible_to(user=kaltim_official, year=YEAR).districts] == ["64.01"]
    assert [d.region for d in indicators_visible_to(user=system_admin, year=YEAR).districts] == [
        "63.09", "64.01", "73.03"]
    asked = indicators_visible_to(user=paser_official, year=YEAR, regency_codes=["63.09", "64.01"])
    assert [d.region for d in asked.districts] == ["64.01"]


def test_the_figures_take_four_queries_however_many_districts(world, django_assert_num_queries):
    # The year's cycles, the person counts, the targets, and the grant figures.
    with django_assert_num_queries(4):
        report = indicators_compute(year=YEAR)
    assert len(report.districts) == 3


def test_grant_figures_are_zero_for_districts_without_delivered_grants(world):
    assert {code: (g.granted, g.grant_amount, g.business_active)
            for code, g in grant_figures(year=YEAR, regency_codes=["64.01", "63.09"]).items()} == {
        "64.01": (0, 0, 0), "63.09": (0, 0, 0)}


@pytest.mark.parametrize("trained, target, expected", [
    (11_630, 3_000, Decimal("387.6")),
    (2, 3, Decimal("66.6")),
    (1, 3, Decimal("33.3")),
    (19_999, 10_000, Decimal("199.9")),
    (3_000, 3_000, Decimal("100.0")),
    (7_000, 1, Decimal("700000.0")),
    (0, 5, Decimal("0.0")),
    (5, None, None),
])
def test_achievement_is_rounded_down_to_one_decimal_and_never_capped(trained, target, expected):
    value = achievement_pct(trained=trained, target=target)
    assert value == expected
    if expected is not None:
        assert str(value) == str(expected)


def test_the_tabalong_case_11630_trained_of_3000_is_387_6(tabalong):
    cycle = ProgramCycleFactory(code="TABALONG-2025", year=2025)
    provider = ProviderFactory(name="LKP Tanjung", kind="lkp", regency=tabalong)
    DistrictTarget.objects.create(year=2025, regency=tabalong, target=3_000)
    with connection.cursor() as cursor:
        cursor.execute("""
            INSERT INTO participants_person (nik, no_kk, name, birth_date, sex, village_code, regency_id, address,
                                             phone, created_at, updated_at)
            SELECT '630901' || lpad(i::text, 10, '0'), '', 'Warga ' || i, %s,
                   CASE WHEN i %% 3 = 0 THEN 'L' ELSE 'P' END, '63.09.01.2001', '63.09', '', '', now(), now()
            FROM generate_series(1, 11630) i
        """, [date(2000, 1, 1)])
        cursor.execute("""
            INSERT INTO training_importedtraining (person_id, cycle_id, provider_id, vocation, start_date, end_date,
                result, competent, certificate_number, regency_id, village_code, file_name, line, imported_at)
            SELECT id, %s, %s, 'Tata Boga', '2025-09-01', '2025-09-30', 'lulus', '', '', '63.09', '63.09.01.2001',
                   'rekap-tabalong.csv', row_number() OVER (ORDER BY id) + 1, now()
            FROM participants_person WHERE regency_id = '63.09'
        """, [cycle.pk, provider.pk])
    [figures] = indicators_compute(year=2025).districts
    assert (figures.region, figures.trained, figures.target) == ("63.09", 11_630, 3_000)
    assert figures.achievement_pct == Decimal("387.6")
    assert figures.as_dict()["achievement_pct"] == 387.6
    assert figures.trained_by_sex == {"L": 11_630 // 3, "P": 11_630 - 11_630 // 3}
