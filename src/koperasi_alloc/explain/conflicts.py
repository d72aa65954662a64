"""The rule instances that make a scenario infeasible, found with CP-SAT assumptions.

The model is built with ``track=True``, so that every instance of a tracked rule (slot and
cooperative limits, officer capacity, weekly hours, agency caps, locks) is enforced by its
own literal. With all literals as assumptions, an infeasible solve names a sufficient
subset (``sufficient_assumptions_for_infeasibility``). That subset is then shrunk by
deletion: drop one instance, re-solve with the rest, and leave it out when the rest is
still infeasible; what remains, when the search finishes in time, is a minimal set (no
instance can be dropped).

Eligibility and locality are not tracked: they decide which candidates exist. A minimum
("cooperative X needs at least N") may therefore conflict only because too few officers
are within reach; its text then says so. A lock that no locality tier can satisfy is
reported on its own (the candidate builder rejects it before any model exists).
"""

from __future__ import annotations

import time
from collections.abc import Sequence

from ortools.sat.python import cp_model

from koperasi_alloc.arrays import sorted_unique
from koperasi_alloc.explain import text
from koperasi_alloc.explain.facts import Facts
from koperasi_alloc.model import build_model
from koperasi_alloc.model.context import RuleInstance
from koperasi_alloc.model.rules import cooperative_capacity, locks
from koperasi_alloc.plan import ConflictItem
from koperasi_alloc.scenario import Scenario
from koperasi_alloc.solver.cpsat import bare_solver

__all__ = ["find_conflict"]


def _solve_with(
    model: cp_model.CpModel, literals: Sequence[cp_model.IntVar], seconds: float
) -> tuple[str, list[int]]:
    """("infeasible", core indices) | ("feasible", []) | ("unknown", [])."""
    model.clear_assumptions()
    model.add_assumptions(list(literals))
    solver = bare_solver(seconds)
    status = solver.solve(model)
    if status == cp_model.INFEASIBLE:
        return "infeasible", [int(i) for i in solver.sufficient_assumptions_for_infeasibility()]
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return "feasible", []
    return "unknown", []


def _item(facts: Facts, instance: RuleInstance) -> ConflictItem:
    """A conflict item, with a note when a minimum lacks candidates."""
    en, id_ = instance.text_en, instance.text_id
    if instance.rule == cooperative_capacity.NAME and instance.subject.endswith("/min"):
        coop_id = instance.subject.rsplit("/", 1)[0]
        coop = facts.scenario.cooperative_by_id.get(coop_id)
        if coop is not None:
            c = facts.coop_index[coop_id]
            cand = facts.candidates
            in_reach = len(sorted_unique(cand.officer[cand.cooperative == c]))
            if in_reach < coop.min_officers:
                note_en, note_id = text.conflict_min_note(in_reach)
                en, id_ = en + note_en, id_ + note_id
    return ConflictItem(rule=instance.rule, subject=instance.subject, text_en=en, text_id=id_)


def _unreachable_lock_items(facts: Facts) -> list[ConflictItem]:
    items = []
    for i in facts.unreachable_locks:
        lock = facts.scenario.locks[i]
        en, id_ = text.conflict_lock_unreachable(lock.officer, lock.cooperative, lock.role)
        items.append(
            ConflictItem(
                rule=locks.NAME,
                subject=f"{lock.officer}->{lock.cooperative}",
                text_en=en,
                text_id=id_,
            )
        )
    return items


def conflict_of(facts: Facts, *, time_limit: float = 10.0) -> list[ConflictItem]:
    """:func:`find_conflict` on already built facts."""
    started = time.perf_counter()
    deadline = started + max(time_limit, 0.0)
    if facts.unreachable_locks:
        return _unreachable_lock_items(facts)
    built = build_model(facts.scenario, facts.candidates, track=True)
    model = built.model
    instances = built.context.instances
    variables = {i: model.get_bool_var_from_proto_index(i) for i in instances}
    outcome, core = _solve_with(model, list(variables.values()), deadline - time.perf_counter())
    if outcome != "infeasible":
        return []
    core = [i for i in core if i in instances]
    position = 0
    while position < len(core):
        remaining = deadline - time.perf_counter()
        if remaining <= 0.01:
            break
        trial = core[:position] + core[position + 1 :]
        outcome, smaller = _solve_with(model, [variables[i] for i in trial], remaining)
        if outcome == "infeasible":
            # the instances before ``position`` were found necessary and stay; the new
            # sufficient set may drop later ones too
            kept = set(smaller)
            core = core[:position] + [i for i in trial[position:] if i in kept]
        else:
            position += 1
    model.clear_assumptions()
    return [_item(facts, instances[i]) for i in core]


def find_conflict(scenario: Scenario, *, time_limit: float = 10.0) -> list[ConflictItem]:
    """A small set of rule instances that cannot all hold, for an infeasible scenario.

    Parameters
    ----------
    scenario
        The scenario.
    time_limit
        Seconds for the whole search (the first infeasibility proof and the shrinking).
        When time runs out during shrinking, the set found so far is returned: it still
        cannot hold, but may not be minimal.

    Returns
    -------
    list of ConflictItem
        The rule instances (rule, subject, English and Indonesian text); empty when the
        scenario is feasible or infeasibility was not proven in time. When the search
        finishes, the set is minimal: dropping any one instance makes the rest satisfiable.

    Examples
    --------
    >>> items = find_conflict(scenario, time_limit=5)  # doctest: +SKIP
    >>> [(i.rule, i.subject) for i in items]  # doctest: +SKIP
    [('agency_release', 'DINAS'), ('locks', 'o1->k1'), ('locks', 'o2->k2')]
    """
    return conflict_of(Facts.build(scenario), time_limit=time_limit)
