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
Switched off by ``SolveOptions(prune=False)``.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from numpy.typing import NDArray

from koperasi_alloc.candidates import Candidates
from koperasi_alloc.model.objective import FAIRNESS_SCALE
from koperasi_alloc.solver.state import Env, Incumbent, Prepared, Searched
from koperasi_alloc.solver.values import weighted_mode, weighted_worth

__all__ = ["Prune", "slack", "tighten"]


def slack(
    env: Env,
    candidates: Candidates,
    relaxation_bound: int | None,
    benefit: NDArray[np.int64],
    incumbent: Incumbent,
) -> int | None:
    """How far the incumbent is from the relaxation's bound (None: nothing to prune by)."""
    if relaxation_bound is None:
        return None
    if not weighted_mode(env.scenario):
        return relaxation_bound - int(benefit[incumbent.rows].sum())
    names = env.scenario.objective_tiers()
    fairness_weight = env.scenario.policy.objective.weights.get("fairness", 0)
    reach = max(fairness_weight, 0) * FAIRNESS_SCALE if "fairness" in names else 0
    worth = weighted_worth(env.scenario, candidates, names, incumbent.chosen)
    return relaxation_bound + reach - worth


class Prune:
    """Prepare stage: keep the candidates whose reduced cost is within the slack."""

    name = "prune"

    def accepts(self, env: Env, prepared: Prepared) -> bool:
        return env.options.prune and prepared.incumbent is not None and not env.bounds_only

    def apply(self, env: Env, prepared: Prepared) -> Prepared:
        relaxation, candidates, incumbent = (
            prepared.relaxation,
            prepared.candidates,
            prepared.incumbent,
        )
        assert incumbent is not None
        gap = slack(env, candidates, relaxation.bound, relaxation.benefit, incumbent)
        if gap is None:
            return prepared
        keep: NDArray[np.bool_] = relaxation.reduced_costs <= gap
        if keep.all():
            return prepared
        position = np.cumsum(keep) - 1
        hint = prepared.hint_rows
        return replace(
            prepared,
            candidates=candidates.subset(keep),
            incumbent=Incumbent(incumbent.chosen[keep], incumbent.method),
            hint_rows=position[hint] if hint is not None else None,
            relaxation=relaxation.restricted(keep),
        )


def tighten(env: Env, searched: Searched) -> Searched:
    """Fix at 0 in the built model every candidate the incumbent's slack now rules out.

    Valid in lexicographic mode for the same reason as :class:`Prune`: every optimal plan
    has at least the incumbent's folded benefit, so none uses a candidate whose reduced
    cost exceeds the slack.
    """
    built, relaxation, incumbent = searched.built, searched.prepared.relaxation, searched.incumbent
    if not env.options.prune or built is None or incumbent is None:
        return searched
    if weighted_mode(env.scenario) or not relaxation.tiers:
        return searched
    gap = slack(env, searched.candidates, relaxation.bound, relaxation.benefit, incumbent)
    if gap is None:
        return searched
    out = relaxation.reduced_costs > gap
    if searched.fixed_out is not None:
        out &= ~searched.fixed_out
    rows = np.flatnonzero(out).astype(np.int64)
    if len(rows) == 0:
        return searched
    built.context.add_linear(rows, 1, 0, 0)
    fixed = out if searched.fixed_out is None else searched.fixed_out | out
    return replace(searched, fixed_out=fixed)
