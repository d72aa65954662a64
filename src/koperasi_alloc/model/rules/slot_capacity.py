"""Slot capacity: each (cooperative, role) gets at most the slots it demands."""

from __future__ import annotations

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
    for g in range(len(starts) - 1):
        rows = order[starts[g] : starts[g + 1]]
        first = rows[0]
        c, r = int(cand.cooperative[first]), int(cand.role[first])
        slots = int(cand.demand[c, r])
        if len(rows) > slots:
            instance = describe(coops[c].id, cand.role_codes[r], slots) if ctx.track else None
            ctx.add_at_most(rows, slots, instance)
