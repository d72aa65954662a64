"""Slot capacity: each (cooperative, role) gets at most the slots it demands."""

from __future__ import annotations

import numpy as np

from koperasi_alloc.model.context import ModelContext, RuleInstance

NAME = "slot_capacity"


def describe(cooperative: str, role: str, slots: int) -> RuleInstance:
    """The rule instance for one cooperative and role."""
    return RuleInstance(
        NAME,
        f"{cooperative}/{role}",
        f"cooperative {cooperative} takes at most {slots} officer(s) as {role}",
        f"koperasi {cooperative} menerima paling banyak {slots} pegawai sebagai {role}",
    )


def add(ctx: ModelContext) -> None:
    """Add sum of x over each (cooperative, role) <= demand."""
    cand = ctx.candidates
    order, starts = cand.groups("slot")
    coops = ctx.scenario.cooperatives
    first = order[starts[:-1]]
    group_coop, group_role = cand.cooperative[first], cand.role[first]
    group_slots = cand.demand[group_coop, group_role]
    for g in np.flatnonzero(np.diff(starts) > group_slots).tolist():
        c, r, slots = int(group_coop[g]), int(group_role[g]), int(group_slots[g])
        instance = describe(coops[c].id, cand.role_codes[r], slots) if ctx.track else None
        ctx.add_at_most(order[starts[g] : starts[g + 1]], slots, instance)
