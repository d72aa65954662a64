"""A bound on the first tier from the network with agency caps priced (Lagrangian).

The network's agency arc counts assignments, ``cap`` times the largest limits, so where
an agency's officers may serve several cooperatives its bound is weak. The LP with one
"released" variable ``y_o`` per officer (``x_o <= max_cooperatives_o * y_o``,
``sum y <= cap``) is tighter; relaxing its agency rows with a price ``lambda_a >= 0``
leaves, for every price, the network again with each unit through officer ``o`` of a
capped agency costing ``lambda_a / max_cooperatives_o``:

    U(lambda) = max over network flows x of  sum w x - sum_a lambda_a (sum_o x_o / m_o - cap_a)

Every plan releases at most ``cap_a`` officers of agency ``a``, each serving at most
``m_o``, so ``sum_o x_o / m_o <= cap_a`` and ``U(lambda)`` bounds its tier value, for
every ``lambda >= 0``. Prices are multiples of ``1 / PRICE_STEPS`` and costs are scaled by
``PRICE_STEPS x lcm(m)``, so each flow is solved exactly in integers and the bound is
exact too. A subgradient search (Polyak steps towards the incumbent's value) lowers it.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray

from koperasi_alloc.candidates import Candidates
from koperasi_alloc.flow.bounds import max_benefit_rows
from koperasi_alloc.flow.repair import RelaxedRules

__all__ = ["PRICE_STEPS", "agency_priced_bound"]

#: Prices are whole multiples of 1 / PRICE_STEPS of one unit of the tier.
PRICE_STEPS = 64

#: The largest common multiple of officers' limits the integer scaling accepts.
_LARGEST_LCM = 60


def agency_priced_bound(
    candidates: Candidates,
    weights: NDArray[np.int64],
    target: int,
    deadline: float,
    iterations: int = 12,
    stopped: Callable[[], bool] | None = None,
    on_flow: Callable[[NDArray[np.int64]], None] | None = None,
) -> int | None:
    """The best bound ``floor(U(lambda))`` found on ``sum weights x`` (see the module).

    Parameters
    ----------
    candidates
        The candidates.
    weights
        Per candidate, its non-negative contribution to the tier (coverage weights).
    target
        The incumbent's tier value: the search stops once the bound reaches it, and its
        steps aim at it.
    deadline
        A ``time.perf_counter()`` value after which no further flow is started.
    iterations
        Flows solved at most.
    stopped
        Asked before each flow: True (the user's stop) ends the search, bound so far.
    on_flow
        Given each priced flow's rows (a Lagrangian heuristic makes plans of them).

    Returns
    -------
    int or None
        The bound, or None when no agency cap can be priced (none binds on officers who
        serve several cooperatives, or their limits do not scale to integers).
    """
    rules = RelaxedRules.of(candidates)
    officer = candidates.officer
    agency = rules.officer_agency[officer]
    in_capped = rules.caps[agency] >= 0
    if not (in_capped & (rules.limit[officer] > 1)).any() or np.any(weights < 0):
        return None
    capped = np.flatnonzero(rules.caps >= 0)
    scale_lcm = math.lcm(*sorted({int(m) for m in rules.limit[officer[in_capped]]}))
    if scale_lcm > _LARGEST_LCM:
        return None
    share = np.zeros(len(candidates), dtype=np.int64)  # lcm / m_o: a unit's cap share
    share[in_capped] = scale_lcm // rules.limit[officer[in_capped]]
    scaled = weights.astype(np.int64) * PRICE_STEPS * scale_lcm
    caps = rules.caps[capped].astype(np.int64)
    position = np.full(len(rules.caps), -1, dtype=np.int64)
    position[capped] = np.arange(len(capped))
    price = np.zeros(len(capped), dtype=np.int64)  # lambda_a * PRICE_STEPS
    lam = np.zeros(len(capped), dtype=np.float64)
    best: int | None = None
    theta, stalled = 1.0, 0
    for _ in range(iterations):
        if time.perf_counter() > deadline or (stopped is not None and stopped()):
            break
        cost = np.where(in_capped, price[position[agency]] * share, 0)
        rows = max_benefit_rows(candidates, scaled - cost)
        numerator = int((scaled - cost)[rows].sum()) + scale_lcm * int(price @ caps)
        value = numerator // (PRICE_STEPS * scale_lcm)
        if best is None or value < best:
            best, stalled = value, 0
        else:
            stalled += 1
            if stalled >= 2:
                theta, stalled = theta / 2, 0
        if best <= target:
            break
        if on_flow is not None:
            on_flow(rows)
        used = _released(rows, position[agency], in_capped, share / scale_lcm, len(capped))
        exact = numerator / (PRICE_STEPS * scale_lcm)
        stepped = _polyak_step(lam, (used - caps).astype(np.float64), theta, exact, target)
        if stepped is None:
            break  # lambda is optimal: no price can lower the bound
        lam = stepped
        price = np.round(lam * PRICE_STEPS).astype(np.int64)
    return best


def _released(
    rows: NDArray[np.int64],
    position: NDArray[np.int64],
    in_capped: NDArray[np.bool_],
    shares: NDArray[np.float64],
    n_capped: int,
) -> NDArray[np.float64]:
    """Per capped agency (``position``: each candidate's agency among them), the officers
    the flow ``rows`` releases, each counted by the share of their limit it uses."""
    counted = rows[in_capped[rows]]
    released = np.bincount(position[counted], weights=shares[counted], minlength=n_capped)
    return released.astype(np.float64)


def _polyak_step(
    lam: NDArray[np.float64], slack: NDArray[np.float64], theta: float, value: float, target: int
) -> NDArray[np.float64] | None:
    """Prices one Polyak step on from ``lam`` along the subgradient ``slack`` (released
    shares over the caps), aiming the bound ``value`` at ``target``; None when no step
    can lower the bound (the subgradient vanishes where prices may move)."""
    slack = slack.copy()
    slack[(lam <= 0) & (slack < 0)] = 0.0
    norm = float(slack @ slack)
    if norm == 0.0:
        return None
    step = theta * max(value - target, 1.0) / norm
    return np.maximum(lam + step * slack, 0.0)
