"""A bound on a later tier that holds before the first tier is proven (Lagrangian).

A lexicographic tier's optimum is defined among the plans optimal in every earlier tier,
so the relaxation's bound on tier 2 holds only once tier 1 sits at its bound. When the
search has not proven tier 1, all that is known of the optimum's tier 1 is that it is at
least the incumbent's value ``floor`` (the incumbent keeps every hard rule). So

    t2(optimum) <= max { t2(x) : x a plan, t1(x) >= floor }
               <= G(lambda) = max over network flows x of  t2(x) + lambda (t1(x) - floor)

for every ``lambda >= 0``: every plan is a flow of the network, and the priced term is
not negative on the plans that count. ``G`` is convex and piecewise linear in ``lambda``;
its slope at ``lambda`` is ``t1 - floor`` of the flow found there, so a search that keeps
one price where the flow falls short of ``floor`` and one where it does not closes in on
the least ``G`` (each step goes to where the two pieces meet). Every ``G(lambda)`` is a
bound, so the search may stop at any time with the least found. Prices are multiples of
``1 / PRICE_STEPS`` and the tier is scaled by ``PRICE_STEPS``, so each flow is exact in
integers.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from koperasi_alloc.candidates import Candidates
from koperasi_alloc.flow.bounds import max_benefit_rows

__all__ = ["floored_bound", "slot_bound"]

#: Prices are whole multiples of 1 / PRICE_STEPS of one unit of the later tier.
PRICE_STEPS = 64


def floored_bound(
    candidates: Candidates,
    weights: NDArray[np.int64],
    floor_weights: NDArray[np.int64],
    floor: int,
    deadline: float,
    iterations: int = 16,
    stopped: Callable[[], bool] | None = None,
    *,
    held: tuple[NDArray[np.int64], int] | None = None,
    start_high: bool = False,
) -> int | None:
    """An upper bound on ``sum weights x`` over the plans with ``sum floor_weights x >=
    floor`` (see the module), or None when no flow was solved in time.

    Parameters
    ----------
    candidates
        The candidates.
    weights
        Per candidate, its contribution to the bounded tier, signed so that larger is
        better (travel as minus its minutes).
    floor_weights
        Per candidate, its contribution to the earlier tier (non-negative: coverage).
    floor
        A value of the earlier tier that the plans bounded reach (the incumbent's).
    deadline
        A ``time.perf_counter()`` value after which no further flow is started.
    iterations
        Flows solved at most.
    stopped
        Asked before each flow: True ends the search with the best bound so far.
    held
        Another tier's weights and a value the plans bounded reach in it, priced high
        and fixed (``K (t0(x) - value)`` is not negative on those plans, whatever ``K``):
        the first tier, once proven, while ``floor_weights`` is the second.
    start_high
        Start at the price where a unit of the earlier tier outweighs any of the later
        (then no price, then where the pieces meet): for a floor near the most the
        network reaches, the first flow is then close to the least bound.
    """
    scaled = weights.astype(np.int64) * PRICE_STEPS
    priced = floor_weights.astype(np.int64)
    # a price at which one unit of the earlier tier outweighs any unit of the later one
    first_high = PRICE_STEPS * (int(np.abs(weights).max(initial=0)) + 1)
    if held is not None:
        slots = int(candidates.demand.sum()) + 1
        top = first_high * (int(np.abs(priced).max(initial=0)) + 1) * slots
        scaled = scaled + top * held[0].astype(np.int64)
        scaled_held = top * held[1]
    else:
        scaled_held = 0

    def evaluate(price: int) -> tuple[int, int]:
        """The scaled bound ``PRICE_STEPS * G`` at ``price`` and the slope ``t1 - floor``."""
        rows = max_benefit_rows(candidates, scaled + price * priced)
        reached = int(priced[rows].sum())
        bound = int(scaled[rows].sum()) - scaled_held + price * (reached - floor)
        return bound, reached - floor

    best: int | None = None
    low: tuple[int, int, int] | None = None  # price, scaled bound, slope < 0
    high: tuple[int, int, int] | None = None  # price, scaled bound, slope >= 0
    price = first_high if start_high else 0
    for _ in range(iterations):
        if time.perf_counter() > deadline or (stopped is not None and stopped()):
            break
        value, slope = evaluate(price)
        best = value if best is None else min(best, value)
        if slope >= 0:
            high = (price, value, slope)
        else:
            low = (price, value, slope)
        if high is not None and (high[0] == 0 or high[2] == 0):
            break  # the least G: no price lowers it further
        following = _next_price(low, high, first_high)
        if following is None:
            break
        price = following
    return None if best is None else best // PRICE_STEPS


def _next_price(
    low: tuple[int, int, int] | None, high: tuple[int, int, int] | None, first_high: int
) -> int | None:
    """The next price to try: ``first_high`` (then doubling) until a flow reaches the
    floor, then where the pieces through ``low`` and ``high`` meet; after a start at a
    high price that reached it, no price; None when no whole price lies between."""
    if low is None:
        return 0 if high is not None and high[0] > 0 else None
    if high is None:
        return max(2 * low[0], first_high)
    (p_low, v_low, s_low), (p_high, v_high, s_high) = low, high
    meet = (v_high - v_low + s_low * p_low - s_high * p_high) / (s_low - s_high)
    price = min(max(round(meet), p_low + 1), p_high - 1)
    return price if p_low < price < p_high else None


def slot_bound(
    candidates: Candidates,
    weights: NDArray[np.int64],
    floor_weights: NDArray[np.int64],
    floor: int,
) -> int:
    """A bound like :func:`floored_bound`'s that needs no flow: officers set aside.

    Every assignment fills one unit of a slot ``s`` (a cooperative's role, ``demand[s]``
    units), adding at most the best ``weights`` and ``floor_weights`` among the slot's
    candidates. So a plan that reaches ``floor`` is a choice of units whose best
    ``floor_weights`` add up to at least ``floor``, and its ``weights`` add up to at most
    the best such choice's: a fractional knapsack, solved by taking every unit that adds
    (best weight above 0) and then the units that cost least per unit of the floor.
    Officers bound it too: each adds at most ``max_cooperatives`` times its best weight.
    """
    return min(
        _by_slots(candidates, weights, floor_weights, floor), _by_officers(candidates, weights)
    )


def _by_officers(candidates: Candidates, weights: NDArray[np.int64]) -> int:
    """Every officer at their limit, each assignment at their best weight (0 at worst:
    an officer may serve nobody)."""
    if len(weights) == 0:
        return 0
    order, starts = candidates.groups("officer")
    best = np.maximum(np.maximum.reduceat(weights[order].astype(np.int64), starts[:-1]), 0)
    limits = candidates.rules.officer_limit[candidates.officer[order[starts[:-1]]]]
    return int((best * limits).sum())


def _by_slots(
    candidates: Candidates,
    weights: NDArray[np.int64],
    floor_weights: NDArray[np.int64],
    floor: int,
) -> int:
    """The fractional knapsack over slot units of :func:`slot_bound`."""
    if len(weights) == 0:
        return 0
    order, starts = candidates.groups("slot")
    firsts = order[starts[:-1]]
    best = np.maximum.reduceat(weights[order].astype(np.int64), starts[:-1])
    reach = np.maximum.reduceat(floor_weights[order].astype(np.int64), starts[:-1])
    units = candidates.demand[candidates.cooperative[firsts], candidates.role[firsts]].astype(
        np.int64
    )
    adding = best > 0
    total = int((best[adding] * units[adding]).sum())
    needed = floor - int((reach[adding] * units[adding]).sum())
    rest = np.flatnonzero(~adding & (reach > 0))
    cheapest = rest[np.argsort(-best[rest] / reach[rest], kind="stable")]
    if needed <= 0 or len(cheapest) == 0:
        return total
    covered = np.cumsum(units[cheapest] * reach[cheapest])
    whole = int(np.searchsorted(covered, needed))  # units of cheapest[:whole] taken whole
    taken = cheapest[:whole]
    total += int((best[taken] * units[taken]).sum())
    if whole == len(cheapest):
        return total  # the floor is out of reach even so: any bound holds
    left = needed - (int(covered[whole - 1]) if whole > 0 else 0)
    last = int(cheapest[whole])
    # the last slot in part: total + best * left / reach, rounded down (best <= 0)
    return (total * int(reach[last]) + int(best[last]) * left) // int(reach[last])
