"""Hard-rule checks and tier changes of a few assignments made or undone, for
:mod:`koperasi_alloc.planning.recommend`: the plan's counts (:class:`PlanState`), the
change of every tier (:func:`tier_deltas`), the sort key of a move (:func:`move_key`)
and the single moves tried when a chain breaks a rule (:func:`single_moves`)."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from koperasi_alloc.candidates import Candidates
from koperasi_alloc.scenario import Scenario

__all__ = ["PlanState", "move_key", "single_moves", "tier_deltas"]


class PlanState:
    """A valid plan's rows and counts, to judge a few changes to it quickly.

    The hard rules are judged by the candidates' rule table
    (:mod:`koperasi_alloc.candidates.rules`): a change holds when the whole plan after it
    keeps every hard rule.
    """

    def __init__(self, candidates: Candidates, chosen: NDArray[np.bool_]) -> None:
        self.c = candidates
        self.scenario = candidates.scenario
        self.chosen = chosen
        rows = np.flatnonzero(chosen)
        self.n_roles = max(len(candidates.role_codes), 1)
        self.officer_rows: dict[int, list[int]] = {}
        for i in rows.tolist():
            self.officer_rows.setdefault(int(candidates.officer[i]), []).append(i)
        self.counts = candidates.rules.counts(rows)

    def holds(self, add: list[int], remove: list[int]) -> bool:
        """Whether the plan keeps every hard rule once the rows ``add`` (not in the plan)
        are made and the rows ``remove`` (in the plan) undone."""
        if len(set(add)) != len(add) or len(set(remove)) != len(remove):
            return False
        if any(self.chosen[i] for i in add) or not all(self.chosen[i] for i in remove):
            return False
        return self.counts.holds_after(add, remove)


def tier_deltas(
    candidates: Candidates, state: PlanState, add: list[int], remove: list[int]
) -> dict[str, int]:
    c = candidates
    deltas: dict[str, int] = {}
    for name, values in (
        ("coverage", c.coverage_weight),
        ("stability", c.baseline.astype(np.int64)),
        ("locality", c.locality_weight),
        ("travel", c.travel_minutes),
    ):
        deltas[name] = int(values[add].sum()) - int(values[remove].sum())
    deltas["fairness"] = _fairness(candidates, state, add, remove) - _fairness(
        candidates, state, [], []
    )
    return deltas


def _fairness(candidates: Candidates, state: PlanState, add: list[int], remove: list[int]) -> int:
    filled = candidates.district_filled(state.chosen)
    for sign, items in ((1, add), (-1, remove)):
        for i in items:
            filled[candidates.cooperative_district[candidates.cooperative[i]]] += sign
    return candidates.fairness_level(filled, 1000)


def move_key(scenario: Scenario, deltas: dict[str, int]) -> tuple[int, ...]:
    """Sort key of a move: larger is better."""
    objective = scenario.policy.objective
    names = scenario.objective_tiers()
    if objective.mode == "weighted":
        return (sum(objective.weights.get(n, 0) * deltas[n] for n in names),)
    return tuple(-deltas[n] if n == "travel" else deltas[n] for n in names)


def single_moves(state: PlanState, row: int) -> list[tuple[list[int], list[int]]]:
    """The placement alone, with one of the officer's assignments undone, and/or one
    occupant of the slot (or cooperative) displaced."""
    c = state.c
    o, j = int(c.officer[row]), int(c.cooperative[row])
    slot = int(c.cooperative[row] * state.n_roles + c.role[row])
    own = state.officer_rows.get(o, [])
    same = [i for i in own if int(c.cooperative[i]) == j]
    leave_options: list[list[int]] = [same] if same else [[]] + [[i] for i in own]
    occupants = [
        i
        for rows in state.officer_rows.values()
        for i in rows
        if int(c.cooperative[i]) == j and i not in own
    ]
    in_slot = [i for i in occupants if int(c.cooperative[i] * state.n_roles + c.role[i]) == slot]
    displace_options: list[list[int]] = [[]] + [[i] for i in (in_slot or occupants)]
    return [([row], leave + displaced) for leave in leave_options for displaced in displace_options]
