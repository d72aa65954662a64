"""Locks: an officer the planner fixed to a cooperative (and role) is placed there."""

from __future__ import annotations

import numpy as np

from koperasi_alloc.model.context import ModelContext, RuleInstance

NAME = "locks"


def describe(officer: str, cooperative: str, role: str | None) -> RuleInstance:
    """The instance for one lock."""
    as_role_en = f" as {role}" if role else ""
    as_role_id = f" sebagai {role}" if role else ""
    return RuleInstance(
        NAME,
        f"{officer}->{cooperative}",
        f"officer {officer} is locked to cooperative {cooperative}{as_role_en}",
        f"pegawai {officer} dikunci ke koperasi {cooperative}{as_role_id}",
    )


def add(ctx: ModelContext) -> None:
    """Add sum(x over the lock's candidates) >= 1 for every lock."""
    scenario, cand = ctx.scenario, ctx.candidates
    if not scenario.locks:
        return
    officer_index = {o.id: i for i, o in enumerate(scenario.officers)}
    coop_index = {c.id: i for i, c in enumerate(scenario.cooperatives)}
    for lock in scenario.locks:
        match = (cand.officer == officer_index[lock.officer]) & (
            cand.cooperative == coop_index[lock.cooperative]
        )
        if lock.role is not None:
            match &= cand.role == cand.role_codes.index(lock.role)
        rows = np.flatnonzero(match).astype(np.int64)
        ctx.add_at_least(rows, 1, describe(lock.officer, lock.cooperative, lock.role))
