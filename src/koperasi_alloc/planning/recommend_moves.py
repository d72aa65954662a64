"""Hard-rule checks and tier changes of a few assignments made or undone, for
:mod:`koperasi_alloc.planning.recommend`: the plan's counts (:class:`PlanState`), the
change of every tier (:func:`tier_deltas`), the sort key of a move (:func:`move_key`)
and the single moves tried when a chain breaks a rule (:func:`single_moves`)."""

from __future__ import annotations

from collections import Counter

import numpy as np
from numpy.typing import NDArray

from koperasi_alloc.candidates import Candidates
from koperasi_alloc.scenario import Scenario

__all__ = ["PlanState", "move_key", "single_moves", "tier_deltas"]


class PlanState:
    """The plan's counts, to check the hard rules of a few changes quickly."""

    def __init__(self, candidates: Candidates, chosen: NDArray[np.bool_]) -> None:
        scenario = candidates.scenario
        self.c = candidates
        self.scenario = scenario
        self.chosen = chosen
        rows = np.flatnonzero(chosen)
        self.n_roles = max(len(candidates.role_codes), 1)
        self.slot_fill = Counter(
            (candidates.cooperative[rows] * self.n_roles + candidates.role[rows]).tolist()
        )
        self.coop_fill = Counter(candidates.cooperative[rows].tolist())
        self.officer_rows: dict[int, list[int]] = {}
        for i in rows.tolist():
            self.officer_rows.setdefault(int(candidates.officer[i]), []).append(i)
        self.released = Counter(
            scenario.officers[o].agency for o in self.officer_rows if self.officer_rows[o]
        )
        officer_index = {o.id: i for i, o in enumerate(scenario.officers)}
        coop_index = {x.id: j for j, x in enumerate(scenario.cooperatives)}
        self.locks = [
            (
                officer_index[lock.officer],
                coop_index[lock.cooperative],
                None if lock.role is None else candidates.role_codes.index(lock.role),
            )
            for lock in scenario.locks
        ]
        self.baseline_changes = int((~candidates.baseline[rows]).sum())

    def holds(self, add: list[int], remove: list[int]) -> bool:
        c, s = self.c, self.scenario
        if len(set(add)) != len(add) or len(set(remove)) != len(remove):
            return False
        if any(self.chosen[i] for i in add) or not all(self.chosen[i] for i in remove):
            return False
        slot_delta: Counter[int] = Counter()
        coop_delta: Counter[int] = Counter()
        officer_delta: dict[int, tuple[list[int], list[int]]] = {}
        for sign, items in ((1, add), (-1, remove)):
            for i in items:
                slot_delta[int(c.cooperative[i] * self.n_roles + c.role[i])] += sign
                coop_delta[int(c.cooperative[i])] += sign
                officer_delta.setdefault(int(c.officer[i]), ([], []))[0 if sign > 0 else 1].append(
                    i
                )
        demand = c.demand.reshape(-1)
        for key, d in slot_delta.items():
            if d > 0 and self.slot_fill[key] + d > demand[key]:
                return False
        for j, d in coop_delta.items():
            coop = s.cooperatives[j]
            count = self.coop_fill[j] + d
            if count > s.cooperative_capacity(coop) or count < coop.min_officers:
                return False
        released = Counter(self.released)
        for o, (plus, minus) in officer_delta.items():
            officer = s.officers[o]
            now = [i for i in self.officer_rows.get(o, []) if i not in minus] + plus
            if len(now) > officer.max_cooperatives:
                return False
            coops = [int(c.cooperative[i]) for i in now]
            if len(set(coops)) != len(coops):
                return False
            if officer.weekly_hours is not None and int(c.load_minutes[now].sum()) > round(
                officer.weekly_hours * 60
            ):
                return False
            before = bool(self.officer_rows.get(o))
            released[officer.agency] += int(bool(now)) - int(before)
        for code, count in released.items():
            cap = s.agency_by_code[code].release_cap
            if cap is not None and count > cap and count > self.released[code]:
                return False
        limit = s.policy.max_baseline_changes
        if limit is not None:
            changes = self.baseline_changes + sum(1 for i in add if not c.baseline[i])
            changes -= sum(1 for i in remove if not c.baseline[i])
            if changes > limit:
                return False
        if self.locks and remove:
            gone = set(remove)
            for o, j, r in self.locks:
                rows = [
                    i
                    for i in self.officer_rows.get(o, [])
                    if int(c.cooperative[i]) == j and (r is None or int(c.role[i]) == r)
                ]
                if rows and all(i in gone for i in rows):
                    replaced = any(
                        int(c.officer[i]) == o
                        and int(c.cooperative[i]) == j
                        and (r is None or int(c.role[i]) == r)
                        for i in add
                    )
                    if not replaced:
                        return False
        return True


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
