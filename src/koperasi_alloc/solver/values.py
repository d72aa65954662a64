"""Tier values and comparisons of plans given as candidate rows or masks (no search)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from koperasi_alloc.arrays import sorted_unique
from koperasi_alloc.candidates import Candidates
from koperasi_alloc.model.objective import FAIRNESS_SCALE
from koperasi_alloc.scenario import TIER_SENSE, Assignment, Scenario, TierName

__all__ = [
    "better",
    "fairness_bound",
    "fairness_of",
    "linear_values",
    "mask",
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
    officers who can reach it could fill it."""
    scenario = candidates.scenario
    n_districts = len(scenario.districts)
    demand = candidates.district_demand
    if not np.any(demand > 0):
        return FAIRNESS_SCALE
    district = candidates.cooperative_district[candidates.cooperative]
    limits = np.array([o.max_cooperatives for o in scenario.officers], dtype=np.int64)
    reach = np.zeros(n_districts, dtype=np.int64)
    keys = sorted_unique(district * max(len(scenario.officers), 1) + candidates.officer)
    np.add.at(
        reach, keys // max(len(scenario.officers), 1), limits[keys % max(len(scenario.officers), 1)]
    )
    return candidates.fairness_level(np.minimum(reach, demand), FAIRNESS_SCALE)


def fairness_of(scenario: Scenario, assignments: Sequence[Assignment], scale: int) -> int:
    """The fairness tier of a merged plan, over every kecamatan of the scenario."""
    legal_only = scenario.policy.legal_entity_only
    demand: dict[str, int] = {}
    for coop in scenario.cooperatives:
        if coop.legal_entity or not legal_only:
            district = scenario.village_by_code[coop.village].district
            demand[district] = demand.get(district, 0) + sum(coop.demand.values())
    filled: dict[str, int] = {}
    for a in assignments:
        district = scenario.village_by_code[
            scenario.cooperative_by_id[a.cooperative_id].village
        ].district
        filled[district] = filled.get(district, 0) + 1
    ratios = [scale * filled.get(k, 0) // d for k, d in demand.items() if d > 0]
    return min(ratios) if ratios else scale
