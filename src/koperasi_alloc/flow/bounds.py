"""The leading linear tiers folded into one cost, the relaxation optimum and its bounds,
and the fairness level the network allows (see :mod:`koperasi_alloc.flow`)."""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from koperasi_alloc.candidates import Candidates
from koperasi_alloc.flow.network import INT64_SAFE, network_rows, solved_network
from koperasi_alloc.scenario import TierName

FLOW_TIERS: frozenset[str] = frozenset({"coverage", "stability", "locality", "travel"})


@dataclass(frozen=True)
class FlowRelaxation:
    """The optimum of the network relaxation.

    Attributes
    ----------
    rows
        Candidate rows carrying flow.
    tiers
        The tiers folded into the cost, in lexicographic order.
    bounds
        Each folded tier's value at the relaxation optimum. ``bounds[t]`` is a valid bound
        on tier ``t`` for any plan that reaches the bounds of every tier before ``t``.
    benefit
        Per candidate, the folded benefit (the tiers with weights that keep their order).
    loss
        Per candidate, a lower bound on the folded benefit that any plan using it falls
        short of the relaxation optimum (see :func:`max_benefit_flow`).
    """

    rows: NDArray[np.int64]
    tiers: tuple[TierName, ...]
    bounds: dict[TierName, int]
    benefit: NDArray[np.int64]
    loss: NDArray[np.int64]

    @property
    def optimum(self) -> int:
        """The folded benefit of the relaxation optimum: a bound on every plan's."""
        return int(self.benefit[self.rows].sum())


def tier_weights(candidates: Candidates, name: TierName) -> NDArray[np.int64]:
    """Per-candidate contribution to a linear tier, signed so that larger is better."""
    if name == "coverage":
        return candidates.coverage_weight
    if name == "locality":
        return candidates.locality_weight
    if name == "travel":
        return -candidates.travel_minutes
    if name == "stability":
        return candidates.baseline.astype(np.int64)
    raise ValueError(f"tier {name!r} is not linear")


def lexicographic_weights(candidates: Candidates, names: list[TierName]) -> list[int] | None:
    """Integer weights W_k that make sum_k W_k * tier_k lexicographic in ``names``' order.

    Tiers are taken signed so that larger is better. W_last = 1 and
    W_(k-1) = W_k * (2 * largest_k * slots + 1): a plan fills at most ``slots`` slots, so
    tier k moves by at most 2 * largest_k * slots between any two plans and one unit of
    tier k-1 outweighs it. Returns None when the folded values would not fit 62 bits
    (the flow solver and CP-SAT both need 64-bit arithmetic with headroom).
    """
    slots = max(int(candidates.demand.sum()), 1)
    weight = 1
    weights: list[int] = []
    largest_cost = 0
    for name in reversed(names):
        values = tier_weights(candidates, name)
        largest = int(np.abs(values).max()) if len(values) else 0
        weights.append(weight)
        largest_cost += weight * largest
        weight = weight * (2 * largest * slots + 1)
    nodes = 3 * len(candidates) + 16
    if largest_cost * nodes >= INT64_SAFE or largest_cost * slots >= INT64_SAFE:
        return None
    return weights[::-1]


def _folded_benefit(
    candidates: Candidates, tiers: tuple[TierName, ...]
) -> NDArray[np.int64] | None:
    """sum_k W_k * tier_k with :func:`lexicographic_weights`, per candidate."""
    weights = lexicographic_weights(candidates, list(tiers))
    if weights is None:
        return None
    benefit = np.zeros(len(candidates), dtype=np.int64)
    for w, name in zip(weights, tiers, strict=True):
        benefit += np.int64(w) * tier_weights(candidates, name)
    return benefit


def relax(candidates: Candidates, order: list[TierName]) -> FlowRelaxation | None:
    """Solve the network relaxation for the leading linear tiers of ``order``.

    Returns None when no tier can be folded (the first tier is not linear, or the weights
    would overflow 64-bit costs).
    """
    leading: list[TierName] = []
    for name in order:
        if name not in FLOW_TIERS:
            break
        leading.append(name)
    while leading:
        benefit = _folded_benefit(candidates, tuple(leading))
        if benefit is not None:
            break
        leading.pop()
    if not leading or benefit is None:
        return None
    tiers = tuple(leading)
    rows, loss = max_benefit_flow(candidates, benefit)
    bounds = {name: int(tier_weights(candidates, name)[rows].sum()) for name in tiers}
    if "travel" in bounds:
        bounds["travel"] = -bounds["travel"]
    return FlowRelaxation(rows=rows, tiers=tiers, bounds=bounds, benefit=benefit, loss=loss)


def max_benefit_flow(
    candidates: Candidates, benefit: NDArray[np.int64]
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """A maximum-benefit flow through the relaxation network, and what each candidate costs.

    Returns
    -------
    tuple
        The candidate rows carrying flow, and per candidate a lower bound on how much
        less benefit any plan that uses it can have than the flow's: every plan is a
        flow of the network (its candidates of positive benefit are), so a plan using
        candidate ``r`` has benefit at most ``benefit[rows].sum() - loss[r]``. Candidates
        of non-positive benefit are not in the network and get 0.
    """
    solved = solved_network(candidates, benefit, None, None, None)
    assert solved is not None  # without minimums the network is always feasible
    network, flows = solved
    loss = np.zeros(len(candidates), dtype=np.int64)
    loss[network.useful] = network.losses(flows)
    return network.carried_rows(flows), loss


def max_benefit_rows(
    candidates: Candidates,
    benefit: NDArray[np.int64],
    officer_limit: NDArray[np.int64] | None = None,
    allowed: NDArray[np.bool_] | None = None,
) -> NDArray[np.int64]:
    """Candidate rows of a maximum-benefit flow through the relaxation network.

    ``officer_limit`` overrides each officer's max_cooperatives (it may only be lower);
    ``allowed`` masks out candidates.
    """
    rows = network_rows(candidates, benefit, officer_limit, allowed, None)
    assert rows is not None  # without minimums the network is always feasible
    return rows


def fairest_rows(
    candidates: Candidates,
    benefit: NDArray[np.int64],
    rows: NDArray[np.int64],
    high: int,
    scale: int,
    deadline: float | None = None,
) -> tuple[int, NDArray[np.int64]]:
    """The best fairness level the network allows without losing folded benefit.

    Fairness is ``min_k floor(scale * filled_k / R_k)`` over the kecamatan ``k`` with
    reachable slots ``R_k > 0`` (``Candidates.district_reach``). Every plan at least as good
    as ``rows`` in the folded tiers has a folded ``benefit`` of at least
    ``benefit[rows].sum()`` and is a flow of the network, so level ``z`` is within reach
    only if the network with ``filled_k >= ceil(z * R_k / scale)`` (lower bounds on the
    arcs out of each kecamatan; 0 for one without reachable slots) still carries that much
    benefit. Reach falls as ``z`` grows: a binary search between the level of ``rows``
    itself and ``high`` (a valid upper bound) finds the largest level in reach.

    Returns
    -------
    tuple
        The largest level in reach (an upper bound on fairness for every plan at least as
        good as ``rows`` in the folded tiers) and the rows of a flow that reaches it, which
        may break rules outside the network. Past ``deadline`` (a ``time.perf_counter()``
        value) the search ends early: the level is then the least not yet ruled out,
        still an upper bound, and the rows those of the best level reached.
    """
    target = int(benefit[rows].sum())
    reach = candidates.district_reach
    low = candidates.fairness_level(candidates.district_filled(rows), scale)
    best_level, best_rows = low, rows
    while low < high:
        if deadline is not None and time.perf_counter() > deadline:
            return high, best_rows
        level = (low + high + 1) // 2
        minimum = (level * reach + scale - 1) // scale
        found = network_rows(candidates, benefit, None, None, minimum)
        if found is not None and int(benefit[found].sum()) >= target:
            low, best_level, best_rows = level, level, found
        else:
            high = level - 1
    return best_level, best_rows
