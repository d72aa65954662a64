"""Baseline changes: at most ``policy.max_baseline_changes`` assignments outside the
scenario's baseline (new placements), so that a re-plan disturbs few people."""

from __future__ import annotations

import numpy as np

from koperasi_alloc.model.context import ModelContext, RuleInstance

NAME = "baseline_changes"


def describe(limit: int) -> RuleInstance:
    """The single instance of this rule."""
    return RuleInstance(
        NAME,
        "plan",
        f"at most {limit} new placement(s) compared with the baseline plan",
        f"paling banyak {limit} penempatan baru dibanding rencana dasar",
    )


def add(ctx: ModelContext) -> None:
    """Add sum(x over candidates outside the baseline) <= limit."""
    limit = ctx.scenario.policy.max_baseline_changes
    if limit is None:
        return
    rows = np.flatnonzero(~ctx.candidates.baseline).astype(np.int64)
    ctx.add_at_most(rows, limit, describe(limit))
