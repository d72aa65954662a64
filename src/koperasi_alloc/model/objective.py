"""The objective tiers as CP-SAT expressions: coverage, stability (baseline kept),
locality, travel, fairness."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from ortools.sat.python import cp_model

from koperasi_alloc.model.context import ModelContext
from koperasi_alloc.scenario import TierName

__all__ = ["FAIRNESS_SCALE", "TierExpression", "tier_expressions"]

FAIRNESS_SCALE = 1000


@dataclass(frozen=True)
class TierExpression:
    """One tier: its expression, direction, and the best value it could possibly take."""

    name: TierName
    sense: Literal["max", "min"]
    expression: cp_model.LinearExprT
    trivial_bound: int


def _weighted(ctx: ModelContext, weights: np.ndarray) -> cp_model.LinearExprT:
    nonzero = np.flatnonzero(weights)
    return cp_model.LinearExpr.weighted_sum(ctx.variables(nonzero), weights[nonzero].tolist())


def tier_expressions(ctx: ModelContext, names: list[TierName]) -> list[TierExpression]:
    """Build the expressions of the named tiers, in that order."""
    cand = ctx.candidates
    tiers = []
    for name in names:
        if name == "coverage":
            bound = int(
                sum(
                    ctx.scenario.cooperative_priority(c) * int(cand.demand[j].sum())
                    for j, c in enumerate(ctx.scenario.cooperatives)
                )
            )
            tiers.append(TierExpression(name, "max", _weighted(ctx, cand.coverage_weight), bound))
        elif name == "locality":
            bound = int(np.maximum(cand.locality_weight, 0).sum())
            tiers.append(TierExpression(name, "max", _weighted(ctx, cand.locality_weight), bound))
        elif name == "travel":
            tiers.append(TierExpression(name, "min", _weighted(ctx, cand.travel_minutes), 0))
        elif name == "fairness":
            tiers.append(TierExpression(name, "max", _fairness(ctx), FAIRNESS_SCALE))
        elif name == "stability":
            kept = cand.baseline.astype(np.int64)
            tiers.append(TierExpression(name, "max", _weighted(ctx, kept), int(kept.sum())))
    return tiers


def _fairness(ctx: ModelContext) -> cp_model.LinearExprT:
    """z <= floor(1000 * filled_k / demand_k) for every kecamatan k with demand."""
    cand = ctx.candidates
    n_districts = len(ctx.scenario.districts)
    slots = cand.demand.sum(axis=1)
    demand = np.bincount(cand.cooperative_district, weights=slots, minlength=n_districts)
    districts = np.flatnonzero(demand > 0)
    if len(districts) == 0:
        return FAIRNESS_SCALE
    z = ctx.model.new_int_var(0, FAIRNESS_SCALE, "fairness")
    ctx.fairness = z
    district_of = cand.cooperative_district[cand.cooperative]
    order = np.argsort(district_of, kind="stable")
    starts = np.searchsorted(district_of[order], np.arange(n_districts + 1))
    for k in districts:
        rows = order[starts[k] : starts[k + 1]]
        filled = cp_model.LinearExpr.sum(ctx.variables(rows))
        ctx.model.add(int(demand[k]) * z <= FAIRNESS_SCALE * filled)
    return z
