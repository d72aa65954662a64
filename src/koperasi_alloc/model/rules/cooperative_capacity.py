"""Cooperative capacity: at most max_officers and at least min_officers per cooperative."""

from __future__ import annotations

import numpy as np

from koperasi_alloc.model.context import ModelContext, RuleInstance

NAME = "cooperative_capacity"


def describe_max(cooperative: str, limit: int) -> RuleInstance:
    """The upper-limit instance for one cooperative."""
    return RuleInstance(
        NAME,
        f"{cooperative}/max",
        f"cooperative {cooperative} takes at most {limit} officer(s)",
        f"koperasi {cooperative} menerima paling banyak {limit} pegawai",
    )


def describe_min(cooperative: str, minimum: int) -> RuleInstance:
    """The lower-limit instance for one cooperative."""
    return RuleInstance(
        NAME,
        f"{cooperative}/min",
        f"cooperative {cooperative} needs at least {minimum} officer(s)",
        f"koperasi {cooperative} membutuhkan paling sedikit {minimum} pegawai",
    )


def add(ctx: ModelContext) -> None:
    """Add both limits for every cooperative that needs them."""
    scenario, cand = ctx.scenario, ctx.candidates
    order, starts = cand.groups("cooperative")
    rows_of: dict[int, np.ndarray] = {}
    for g in range(len(starts) - 1):
        rows = order[starts[g] : starts[g + 1]]
        rows_of[int(cand.cooperative[rows[0]])] = rows
    empty = np.zeros(0, dtype=np.int64)
    for c, coop in enumerate(scenario.cooperatives):
        rows = rows_of.get(c, empty)
        limit = scenario.cooperative_capacity(coop)
        # with no more slots than the limit, slot capacity already implies it
        if len(rows) > limit and int(cand.demand[c].sum()) > limit:
            ctx.add_at_most(rows, limit, describe_max(coop.id, limit) if ctx.track else None)
        if coop.min_officers > 0:
            ctx.add_at_least(rows, coop.min_officers, describe_min(coop.id, coop.min_officers))
