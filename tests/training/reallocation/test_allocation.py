"""The §8 arithmetic and the initial allocation tool, seat by seat."""

import random

import pytest
from django.utils import translation

from training.reallocation.allocation import AllocationError, allocate_initial, largest_remainder, reallocate


def lines(result):
    return {d.region: (d.surplus, d.demand, d.extra, d.new_quota) for d in result.districts}


def test_pool_covers_demand_each_gets_its_demand_and_the_rest_stays_unallocated():
    result = reallocate(quotas={"64.01": 10, "64.02": 5, "64.03": 4}, eligible={"64.01": 3, "64.02": 8, "64.03": 6})
    assert result.pool == 7
    assert lines(result) == {
        "64.01": (7, 0, 0, 3),
        "64.02": (0, 3, 3, 8),
        "64.03": (0, 2, 2, 6),
    }
    assert result.unallocated == 2


def test_pool_equal_to_demand_leaves_nothing_unallocated():
    result = reallocate(quotas={"64.01": 5, "64.02": 5}, eligible={"64.01": 2, "64.02": 8})
    assert result.pool == 3 and result.unallocated == 0
    assert result.new_quotas == {"64.01": 2, "64.02": 8}


def test_pool_below_demand_is_apportioned_by_largest_remainder():
    # pool 5, demands 6 and 3 (Σ 9): shares 30/9 = 3.33 and 15/9 = 1.67 → floors 3 and 1, the
    # leftover seat goes to the larger remainder (0.67, district 64.03).
    result = reallocate(
        quotas={"64.01": 10, "64.02": 4, "64.03": 4}, eligible={"64.01": 5, "64.02": 10, "64.03": 7}
    )
    assert result.pool == 5
    assert lines(result)["64.02"] == (0, 6, 3, 7)
    assert lines(result)["64.03"] == (0, 3, 2, 6)
    assert result.unallocated == 0


def test_equal_remainders_go_to_the_larger_demand():
    # pool 3, demands 1, 2, 3 (Σ 6): shares 0.5, 1, 1.5 → floors 0, 1, 1; remainders 0.5 (64.01)
    # and 0.5 (64.03) tie: the larger demand (64.03, demand 3) gets the seat.
    result = reallocate(
        quotas={"64.01": 1, "64.02": 1, "64.03": 1, "64.04": 4},
        eligible={"64.01": 2, "64.02": 3, "64.03": 4, "64.04": 1},
    )
    assert result.pool == 3
    assert {d.region: d.extra for d in result.districts} == {"64.01": 0, "64.02": 1, "64.03": 2, "64.04": 0}
    assert result.unallocated == 0


def test_equal_remainders_and_equal_demand_go_to_the_lower_code():
    # pool 1, three districts each with demand 1: shares 1/3 each; the lowest code wins.
    result = reallocate(
        quotas={"64.09": 0, "64.03": 0, "64.05": 0, "64.01": 1},
        eligible={"64.09": 1, "64.03": 1, "64.05": 1, "64.01": 0},
    )
    assert {d.region: d.extra for d in result.districts} == {"64.01": 0, "64.03": 1, "64.05": 0, "64.09": 0}
    # Two seats: the two lowest codes.
    result = reallocate(
        quotas={"64.09": 0, "64.03": 0, "64.05": 0, "64.01": 2},
        eligible={"64.09": 1, "64.03": 1, "64.05": 1, "64.01": 0},
    )
    assert {d.region: d.extra for d in result.districts} == {"64.01": 0, "64.03": 1, "64.05": 1, "64.09": 0}


def test_district_without_eligible_applicants_gives_all_its_seats():
    result = reallocate(quotas={"64.01": 4, "64.02": 2}, eligible={"64.02": 9})
    assert lines(result)["64.01"] == (4, 0, 0, 0)
    assert lines(result)["64.02"] == (0, 7, 4, 6)
    assert [d.eligible for d in result.districts] == [0, 9]


def test_all_surplus_and_no_demand_leaves_the_whole_pool_unallocated():
    result = reallocate(quotas={"64.01": 4, "64.02": 6}, eligible={"64.01": 1, "64.02": 6})
    assert result.pool == 3 and result.unallocated == 3
    assert result.new_quotas == {"64.01": 1, "64.02": 6}


def test_no_surplus_means_no_extra_seats_for_demanding_districts():
    result = reallocate(quotas={"64.01": 4, "64.02": 6}, eligible={"64.01": 9, "64.02": 6})
    assert result.pool == 0 and result.unallocated == 0
    assert lines(result)["64.01"] == (0, 5, 0, 4)


def test_districts_without_a_quota_take_no_part():
    result = reallocate(quotas={"64.01": 4}, eligible={"64.01": 1, "73.03": 50})
    assert [d.region for d in result.districts] == ["64.01"]
    assert result.unallocated == 3


def test_districts_are_listed_by_code():
    result = reallocate(quotas={"73.03": 1, "64.01": 1, "63.09": 1}, eligible={})
    assert [d.region for d in result.districts] == ["63.09", "64.01", "73.03"]


def test_the_json_document_has_the_contract_shape():
    document = reallocate(quotas={"64.01": 4}, eligible={"64.01": 6}).as_dict(program="PSK-2026")
    assert document == {
        "program": "PSK-2026",
        "pool": 0,
        "unallocated": 0,
        "districts": [
            {"region": "64.01", "quota": 4, "eligible": 6, "surplus": 0, "demand": 2, "extra": 0, "new_quota": 4}
        ],
    }


def test_no_seat_is_created_or_lost_and_no_district_gets_more_than_it_can_fill():
    rng = random.Random(20260731)
    for _round in range(2000):
        codes = [f"64.{n:02d}" for n in rng.sample(range(1, 30), rng.randint(1, 8))]
        quotas = {code: rng.randint(0, 40) for code in codes}
        eligible = {code: rng.randint(0, 60) for code in codes}
        result = reallocate(quotas=quotas, eligible=eligible)
        assert sum(d.new_quota for d in result.districts) + result.unallocated == sum(quotas.values())
        assert result.pool == sum(d.surplus for d in result.districts)
        for d in result.districts:
            assert 0 <= d.extra <= d.demand
            assert d.new_quota <= max(d.quota, d.eligible)
        # Largest remainder never gives a district fewer than its floor share, or more than one above it.
        demand = sum(d.demand for d in result.districts)
        if 0 < result.pool < demand:
            for d in result.districts:
                assert result.pool * d.demand // demand <= d.extra <= result.pool * d.demand // demand + 1
        assert reallocate(quotas=quotas, eligible=eligible) == result


def test_largest_remainder_uses_exact_fractions():
    # 10 seats by 1:1:1 would be 3.333.. each with floats; exact arithmetic keeps the tie exact
    # and gives the extra seat to the lowest code.
    assert largest_remainder(10, {"64.03": 1, "64.01": 1, "64.02": 1}) == {"64.01": 4, "64.02": 3, "64.03": 3}


def test_initial_allocation_gives_the_minimum_then_splits_by_weight():
    # 30 seats, minimum 4 for 3 districts → 18 by weight 1:2:3 → 3, 6, 9.
    assert allocate_initial(30, {"64.01": 1, "64.02": 2, "64.03": 3}, 4) == {"64.01": 7, "64.02": 10, "64.03": 13}


def test_initial_allocation_ties_go_to_larger_weight_then_lower_code():
    # rest 1 by 1:1:2 → shares .25 .25 .5 → the weight-2 district gets it.
    assert allocate_initial(1, {"64.01": 1, "64.02": 1, "64.03": 2}, 0) == {"64.01": 0, "64.02": 0, "64.03": 1}
    # rest 2 by 1:1:2 → shares .5 .5 1 → floor gives 64.03 one; the .5 tie between equal weights → 64.01.
    assert allocate_initial(2, {"64.02": 1, "64.01": 1, "64.03": 2}, 0) == {"64.01": 1, "64.02": 0, "64.03": 1}
    # rest 1 by 2:1 after a 1:2 floor-free split: remainders 2/3 and 1/3 → larger remainder wins over code.
    assert allocate_initial(1, {"64.01": 1, "64.02": 2}, 0) == {"64.01": 0, "64.02": 1}


def test_initial_allocation_with_all_zero_weights_splits_equally():
    assert allocate_initial(14, {"64.02": 0, "64.01": 0, "64.03": 0}, 4) == {"64.01": 5, "64.02": 5, "64.03": 4}


def test_initial_allocation_keeps_the_paser_minimum_even_with_no_applicants():
    result = allocate_initial(40, {"64.01": 0, "64.02": 100}, 4)
    assert result == {"64.01": 4, "64.02": 36}
    assert sum(result.values()) == 40


def test_initial_allocation_refuses_a_total_below_the_minimums():
    with translation.override("en"), pytest.raises(AllocationError, match="cannot give 3 districts at least 4 seats"):
        allocate_initial(11, {"64.01": 1, "64.02": 1, "64.03": 1}, 4)


def test_initial_allocation_refuses_no_districts():
    with pytest.raises(AllocationError):
        allocate_initial(10, {}, 0)


def test_initial_allocation_always_hands_out_exactly_the_total():
    rng = random.Random(4)
    for _round in range(500):
        codes = [f"64.{n:02d}" for n in rng.sample(range(1, 30), rng.randint(1, 10))]
        weights = {code: rng.choice([0, 0, 1, rng.randint(0, 500)]) for code in codes}
        minimum = rng.randint(0, 5)
        total = minimum * len(codes) + rng.randint(0, 300)
        result = allocate_initial(total, weights, minimum)
        assert sum(result.values()) == total
        assert all(seats >= minimum for seats in result.values())
