"""The objective tiers as CP-SAT expressions: coverage, stability (baseline kept),
locality, travel, fairness."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from koperasi_alloc.model.context import INT64_MIN, Linear, ModelContext
from koperasi_alloc.scenario import TIER_SENSE, TierName

__all__ = ["FAIRNESS_SCALE", "TierExpression", "tier_expressions"]

FAIRNESS_SCALE = 1000


@dataclass(frozen=True)
class TierExpression:
    """One tier: its expression, direction, and the best value it could possibly take."""

    name: TierName
    sense: Literal["max", "min"]
    expression: Linear
    trivial_bound: int


def _weighted(ctx: ModelContext, weights: np.ndarray) -> Linear:
    return Linear.of(np.arange(ctx.n_candidates, dtype=np.int64), weights)


def tier_expressions(ctx: ModelContext, names: list[TierName]) -> list[TierExpression]:
    """Build the expressions of the named tiers, in that order."""
    cand = ctx.candidates
    tiers = []
    for name in names:
        expression: Linear
        if name == "coverage":
            expression = _weighted(ctx, cand.coverage_weight)
            bound = int(
                sum(
                    ctx.scenario.cooperative_priority(c) * int(cand.demand[j].sum())
                    for j, c in enumerate(ctx.scenario.cooperatives)
                )
            )
        elif name == "locality":
            expression = _weighted(ctx, cand.locality_weight)
            bound = int(np.maximum(cand.locality_weight, 0).sum())
        elif name == "travel":
            expression, bound = _weighted(ctx, cand.travel_minutes), 0
        elif name == "fairness":
            expression, bound = _fairness(ctx), FAIRNESS_SCALE
        elif name == "stability":
            kept = cand.baseline.astype(np.int64)
            expression, bound = _weighted(ctx, kept), int(kept.sum())
        else:
            continue
        tiers.append(TierExpression(name, TIER_SENSE[name], expression, bound))
    return tiers


def _fairness(ctx: ModelContext) -> Linear:
    """z <= floor(1000 * filled_k / R_k) for every kecamatan k with reachable slots R_k > 0
    (``Candidates.district_reach``; unreachable kecamatan are left out)."""
    cand = ctx.candidates
    n_districts = len(ctx.scenario.districts)
    reach = cand.district_reach
    districts = np.flatnonzero(reach > 0)
    if len(districts) == 0:
        return Linear.constant(FAIRNESS_SCALE)
    z = ctx.new_int(0, FAIRNESS_SCALE, "fairness")
    ctx.fairness = z
    district_of = cand.cooperative_district[cand.cooperative]
    order = np.argsort(district_of, kind="stable")
    starts = np.searchsorted(district_of[order], np.arange(n_districts + 1))
    for k in districts.tolist():
        rows = order[starts[k] : starts[k + 1]]
        # R_k * z - 1000 * filled_k <= 0
        coeffs = np.full(len(rows) + 1, -FAIRNESS_SCALE, dtype=np.int64)
        coeffs[0] = int(reach[k])
        ctx.add_linear(np.concatenate([[z], rows]).astype(np.int64), coeffs, INT64_MIN, 0)
    return Linear(np.array([z], dtype=np.int64), np.ones(1, dtype=np.int64))
