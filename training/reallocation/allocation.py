"""Seat arithmetic: the quota reallocation of §8, docs/quota-reallocation.md and the initial allocation tool.

Pure functions over plain values (no ORM, no I/O), so the command, the preview page, the
proposal service and the Celery task all compute the same numbers from the same facts.
Everything is integer or `Fraction` arithmetic: a float rounding error would move a seat.
"""

from dataclasses import dataclass
from fractions import Fraction
from math import floor


@dataclass(frozen=True)
class DistrictReallocation:
    """One kabupaten's line of a §8 computation (the `districts` entries of the §9 JSON)."""

    region: str
    quota: int
    eligible: int
    surplus: int
    demand: int
    extra: int
    new_quota: int

    def as_dict(self) -> dict:
        return {
            "region": self.region,
            "quota": self.quota,
            "eligible": self.eligible,
            "surplus": self.surplus,
            "demand": self.demand,
            "extra": self.extra,
            "new_quota": self.new_quota,
        }


@dataclass(frozen=True)
class Reallocation:
    pool: int
    unallocated: int
    districts: list[DistrictReallocation]  # ordered by kabupaten code

    def as_dict(self, *, program: str) -> dict:
        """The §9 JSON document of `reallocate_quota`."""
        return {
            "program": program,
            "pool": self.pool,
            "unallocated": self.unallocated,
            "districts": [district.as_dict() for district in self.districts],
        }

    @property
    def new_quotas(self) -> dict[str, int]:
        return {district.region: district.new_quota for district in self.districts}


def largest_remainder(seats: int, weights: dict[str, int]) -> dict[str, int]:
    """Apportion `seats` between the keys of `weights` in proportion to the weights (Hamilton's
    method): each gets floor(seats·w/Σw); the seats left over go one each to the largest
    fractional remainders; ties go to the larger weight, then to the lower code.
    Σweights must be positive; keys with weight 0 get nothing."""
    if seats < 0:
        raise ValueError("seats must not be negative")
    if any(weight < 0 for weight in weights.values()):
        raise ValueError("weights must not be negative")
    total = sum(weights.values())
    if total <= 0:
        raise ValueError("the weights must not all be zero")
    shares = {code: Fraction(seats * weight, total) for code, weight in weights.items()}
    result = {code: floor(share) for code, share in shares.items()}
    left = seats - sum(result.values())
    # Sort key: largest remainder first, then larger weight, then lower code (a plain string
    # order is the code order: codes are zero-padded "NN.NN").
    order = sorted(weights, key=lambda code: (-(shares[code] - result[code]), -weights[code], code))
    for code in order[:left]:
        result[code] += 1
    return result


def reallocate(*, quotas: dict[str, int], eligible: dict[str, int]) -> Reallocation:
    """§8: move the seats districts cannot fill to districts with more eligible applicants
    than seats. `quotas` are the INITIAL quotas of the cycle's districts (so computing twice
    gives the same answer); `eligible` counts per district (a district missing from it has
    none). Districts not in `quotas` take no part, whatever `eligible` says."""
    codes = sorted(quotas)
    surplus = {code: max(0, quotas[code] - eligible.get(code, 0)) for code in codes}
    demand = {code: max(0, eligible.get(code, 0) - quotas[code]) for code in codes}
    pool = sum(surplus.values())
    total_demand = sum(demand.values())
    if total_demand == 0:
        extra = dict.fromkeys(codes, 0)
    elif pool >= total_demand:
        extra = dict(demand)
    else:
        extra = largest_remainder(pool, demand)
    unallocated = pool - sum(extra.values())
    districts = [
        DistrictReallocation(
            region=code,
            quota=quotas[code],
            eligible=eligible.get(code, 0),
            surplus=surplus[code],
            demand=demand[code],
            extra=extra[code],
            new_quota=quotas[code] - surplus[code] + extra[code],
        )
        for code in codes
    ]
    return Reallocation(pool=pool, unallocated=unallocated, districts=districts)


class AllocationError(ValueError):
    """The initial allocation cannot be made; `message` is for users (translated)."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


def allocate_initial(total: int, weights: dict[str, int], minimum: int) -> dict[str, int]:
    """The initial allocation tool: a province total split across districts. Each district
    first gets `minimum` (the Paser story: "at least four seats a year"); the rest is split by
    `weights` with the largest-remainder method (ties: larger weight, then lower code). If every
    weight is zero, the rest is split equally. Raises AllocationError when the total cannot
    cover the minimum of every district."""
    from django.utils.translation import gettext as _

    if not weights:
        raise AllocationError(_("There are no districts to allocate seats to."))
    if total < 0 or minimum < 0:
        raise AllocationError(_("The total and the minimum must not be negative."))
    if any(weight < 0 for weight in weights.values()):
        raise AllocationError(_("Weights must not be negative."))
    floor_seats = minimum * len(weights)
    if total < floor_seats:
        raise AllocationError(
            _(
                "A total of %(total)s seats cannot give %(count)s districts at least %(minimum)s seats each "
                "(that needs %(needed)s)."
            )
            % {"total": total, "count": len(weights), "minimum": minimum, "needed": floor_seats}
        )
    rest = total - floor_seats
    if sum(weights.values()) == 0:
        weights = dict.fromkeys(weights, 1)
    shares = largest_remainder(rest, weights)
    return {code: minimum + shares[code] for code in sorted(weights)}
