"""Officer capacity: at most max_cooperatives cooperatives, one role in each."""

from __future__ import annotations

import numpy as np

from koperasi_alloc.model.context import ModelContext, RuleInstance

NAME = "officer_capacity"


def describe(officer: str, limit: int) -> RuleInstance:
    """The instance for one officer."""
    return RuleInstance(
        NAME,
        officer,
        f"officer {officer} serves at most {limit} cooperative(s), one role in each",
        f"pegawai {officer} melayani paling banyak {limit} koperasi, satu peran di masing-masing",
    )


def add(ctx: ModelContext) -> None:
    """Add the per-officer and per-(officer, cooperative) limits."""
    scenario, cand = ctx.scenario, ctx.candidates
    officers = scenario.officers
    limits = np.array([o.max_cooperatives for o in officers], dtype=np.int64)
    order, starts = cand.groups("officer")
    group_officer = cand.officer[order[starts[:-1]]]
    group_limit = limits[group_officer]
    for g in np.flatnonzero(np.diff(starts) > group_limit).tolist():
        officer, limit = officers[int(group_officer[g])], int(group_limit[g])
        rows = order[starts[g] : starts[g + 1]]
        ctx.add_at_most(rows, limit, describe(officer.id, limit) if ctx.track else None)
    if (limits > 1).any():
        order, starts = cand.groups("pair")
        pair_officer = cand.officer[order[starts[:-1]]]
        several = (np.diff(starts) > 1) & (limits[pair_officer] > 1)
        for g in np.flatnonzero(several).tolist():
            officer = officers[int(pair_officer[g])]
            rows = order[starts[g] : starts[g + 1]]
            ctx.add_at_most(
                rows, 1, describe(officer.id, officer.max_cooperatives) if ctx.track else None
            )
