"""Tier values and comparisons of plans given as candidate rows or masks (no search)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from koperasi_alloc.arrays import sorted_unique
from koperasi_alloc.candidates import Candidates
from koperasi_alloc.model.objective import FAIRNESS_SCALE
from koperasi_alloc.scenario import TIER_SENSE, Scenario, TierName

__all__ = [
    "better",
    "fairness_bound",
    "linear_values",
    "mask",
    "merged_fairness",
    "tier_value",
    "weighted_mode",
    "weighted_worth",
]


def mask(size: int, rows: NDArray[np.int64]) -> NDArray[np.bool_]:
    """A boolean mask of length ``size``, true at ``rows``."""
    chosen = np.zeros(size, dtype=bool)
    chosen[rows] = True
    return chosen


def weighted_mode(scenario: Scenario) -> bool:
    """Whether the policy asks for one weighted objective."""
    return scenario.policy.objective.mode == "weighted"


def linear_values(candidates: Candidates, name: TierName) -> NDArray[np.int64]:
    """Per-candidate value of a linear tier, as the tier counts it (travel in minutes)."""
    if name == "coverage":
        return candidates.coverage_weight
    if name == "locality":
        return candidates.locality_weight
    if name == "stability":
        return candidates.baseline.astype(np.int64)
    return candidates.travel_minutes


def tier_value(candidates: Candidates, name: TierName, chosen: NDArray[np.bool_]) -> int:
    """The value of tier ``name`` for the plan ``chosen`` (a mask over ``candidates``)."""
    if name != "fairness":
        return int(linear_values(candidates, name)[chosen].sum())
    return candidates.fairness_level(candidates.district_filled(chosen), FAIRNESS_SCALE)


def weighted_worth(
    scenario: Scenario, candidates: Candidates, names: list[TierName], chosen: NDArray[np.bool_]
) -> int:
    """The policy's weighted sum of the tiers ``names`` for the plan ``chosen``."""
    weights = scenario.policy.objective.weights
    return sum(weights.get(n, 0) * tier_value(candidates, n, chosen) for n in names)


def better(
    scenario: Scenario, candidates: Candidates, a: NDArray[np.int64], b: NDArray[np.int64]
) -> bool:
    """Whether plan ``a`` beats plan ``b`` (candidate rows) for the policy's objective:
    its weighted sum, or its tiers in lexicographic order."""
    mask_a, mask_b = mask(len(candidates), a), mask(len(candidates), b)
    names = scenario.objective_tiers()
    if weighted_mode(scenario):
        worth_a = weighted_worth(scenario, candidates, names, mask_a)
        return worth_a > weighted_worth(scenario, candidates, names, mask_b)
    for name in names:
        va = tier_value(candidates, name, mask_a)
        vb = tier_value(candidates, name, mask_b)
        if va != vb:
            return va > vb if TIER_SENSE[name] == "max" else va < vb
    return False


def fairness_bound(candidates: Candidates) -> int:
    """An upper bound on the fairness tier: each kecamatan filled at most as far as the
    officers who can reach it could fill it, and at most its reachable slots ``R_k``."""
    scenario = candidates.scenario
    n_districts = len(scenario.districts)
    reach = candidates.district_reach
    if not np.any(reach > 0):
        return FAIRNESS_SCALE
    district = candidates.cooperative_district[candidates.cooperative]
    limits = np.array([o.max_cooperatives for o in scenario.officers], dtype=np.int64)
    n_officers = max(len(scenario.officers), 1)
    officers = np.zeros(n_districts, dtype=np.int64)
    keys = sorted_unique(district * n_officers + candidates.officer)
    np.add.at(officers, keys // n_officers, limits[keys % n_officers])
    return candidates.fairness_level(np.minimum(officers, reach), FAIRNESS_SCALE)


def merged_fairness(values: Sequence[int], unsolved_reach: bool, scale: int) -> int:
    """The fairness tier of plans of independent parts merged into one: the least of the
    parts' values, and 0 when a part left vacant has a kecamatan with reachable slots.

    Parts never share a kecamatan, and each part's reachable slots are those of the whole
    (every officer who may serve a cooperative is in its part), so the minimum over
    kecamatan is the minimum over parts; a part whose kecamatan are all unreachable
    reports ``scale``, which leaves the minimum as it is.
    """
    least = min(values, default=scale)
    return 0 if unsolved_reach else least
