"""Pruning: leave out of the model the candidates that no plan as good as the incumbent
can use, by the relaxation's reduced costs.

A plan using candidate ``r`` has a benefit of at most the relaxation's bound less
``reduced_costs[r]``. In lexicographic mode the folded benefit orders plans exactly as
the leading tiers do, and every optimal plan is at least as good as the incumbent there,
so a candidate whose reduced cost exceeds the incumbent's distance to the bound is in no
optimal plan. In weighted mode the fairness tier, outside the relaxation, can add at most
its weight times its scale. Every bound then found over the remaining candidates still
bounds the optimum, which lies among them.

Like a reduction, pruning maps the run onto fewer candidates; no inverse is needed, as
the plan is read off the kept candidates by their own (officer, cooperative, role).
Between lexicographic stages the incumbent only improves, so the slack shrinks:
:func:`tighten` then fixes at 0, in the model already built, the candidates the smaller
slack rules out (what later stages, fairness above all, search among gets smaller).
Switched off by ``koperasi_alloc.solver.PRUNE = False``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import NDArray

from koperasi_alloc.model.objective import FAIRNESS_SCALE
from koperasi_alloc.solver.values import weighted_mode

if TYPE_CHECKING:
    from koperasi_alloc.solver.run import Run

__all__ = ["slack", "stage", "tighten"]


def slack(run: Run) -> int | None:
    """How far the incumbent is from the relaxation's bound (None: nothing to prune by)."""
    relaxation, chosen = run.relaxation, run.chosen
    assert relaxation is not None
    assert chosen is not None
    if relaxation.bound is None:
        return None
    if not weighted_mode(run.scenario):
        incumbent = np.flatnonzero(chosen).astype(np.int64)
        return relaxation.bound - int(relaxation.benefit[incumbent].sum())
    names = run.scenario.objective_tiers()
    fairness_weight = run.scenario.policy.objective.weights.get("fairness", 0)
    reach = max(fairness_weight, 0) * FAIRNESS_SCALE if "fairness" in names else 0
    return relaxation.bound + reach - run.weighted_worth(names, chosen)


def stage(run: Run) -> None:
    """Pipeline stage: keep the candidates whose reduced cost is within the slack."""
    if run.chosen is None or not run.prune:
        return
    gap = slack(run)
    if gap is None:
        return
    relaxation, candidates, chosen = run.relaxation, run.candidates, run.chosen
    assert relaxation is not None
    assert candidates is not None
    keep: NDArray[np.bool_] = relaxation.reduced_costs <= gap
    if keep.all():
        return
    position = np.cumsum(keep) - 1
    run.candidates = candidates.subset(keep)
    run.chosen = chosen[keep]
    if run.hint_rows is not None:
        run.hint_rows = position[run.hint_rows]
    run.relaxation = relaxation.restricted(keep)


def tighten(run: Run) -> int:
    """Fix at 0 in the built model every candidate the incumbent's slack now rules out.

    Valid in lexicographic mode for the same reason as :func:`stage`: every optimal plan
    has at least the incumbent's folded benefit, so none uses a candidate whose reduced
    cost exceeds the slack. Returns how many candidates were newly fixed.
    """
    built, relaxation = run.built, run.relaxation
    if not run.prune or built is None or relaxation is None or run.chosen is None:
        return 0
    if weighted_mode(run.scenario) or not relaxation.tiers:
        return 0
    gap = slack(run)
    if gap is None:
        return 0
    out = relaxation.reduced_costs > gap
    if run.fixed_out is not None:
        out &= ~run.fixed_out
    rows = np.flatnonzero(out).astype(np.int64)
    if len(rows) == 0:
        return 0
    built.context.add_linear(rows, 1, 0, 0)
    run.fixed_out = out if run.fixed_out is None else run.fixed_out | out
    return len(rows)
