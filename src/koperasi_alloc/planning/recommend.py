"""``recommend``: ranked officers for a cooperative (or cooperatives for an officer).

Each recommendation is one placement ``(officer, cooperative, role)`` added to the plan,
with the cheapest way to make room for it: the officer may leave another cooperative
(that slot may be refilled by someone else, and so on) and the slot's occupant may be
displaced (and may move on to a vacancy). That chain of changes is a shortest path in the
residual graph of the plan's network (officers -> slots, see :mod:`koperasi_alloc.flow`),
found with one Bellman-Ford pass per slot (or per officer) on numpy arrays: no solver call
(the graph is in :mod:`.recommend_graph`, the rule checks of a move in :mod:`.recommend_moves`).

When the plan is optimal and the network is exact (no weekly hours, minimums, locks or
release caps on multi-cooperative officers), the value of each recommendation equals the
best plan that contains the placement: the top recommendation is what a re-solve with
that placement locked would reach. Every recommendation is checked against every hard
rule; a chain that breaks one (hours, caps, locks) is replaced by the best single move
(the placement, the officer leaving one cooperative, one occupant displaced), and a
placement that cannot be made without breaking a rule is not recommended.
"""

from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict, Field

from koperasi_alloc.candidates import Candidates, build_candidates
from koperasi_alloc.plan import Plan
from koperasi_alloc.planning.recommend_graph import (
    UNREACHED,
    ResidualGraph,
    build_graph,
    folded_benefit,
)
from koperasi_alloc.planning.recommend_moves import (
    PlanState,
    move_key,
    single_moves,
    tier_deltas,
)
from koperasi_alloc.scenario import LOCALITY_ORDER, LocalityTier, Scenario

__all__ = ["Change", "Recommendation", "recommend"]


class _Row(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Change(_Row):
    """One assignment made or undone by a recommendation."""

    action: Literal["joins", "leaves"] = Field(description="joins: new; leaves: undone.")
    officer_id: str = Field(description="Officer id.")
    cooperative_id: str = Field(description="Cooperative id.")
    role: str = Field(description="Role code.")


class Recommendation(_Row):
    """One candidate placement and what it would change."""

    rank: int = Field(description="1 for the best.")
    officer_id: str = Field(description="Officer placed.")
    officer_name: str | None = Field(description="Officer name.")
    cooperative_id: str = Field(description="Cooperative.")
    role: str = Field(description="Role.")
    tier: LocalityTier = Field(description="Locality tier of the placement.")
    distance_km: float = Field(description="Km from the officer's work place.")
    travel_minutes: int = Field(description="One-way travel minutes.")
    deltas: dict[str, int] = Field(
        description="Change of every tier: coverage, stability, locality, travel, fairness "
        "(new minus old; travel: lower is better)."
    )
    coverage_delta: int = Field(description="Change of the coverage tier.")
    locality_delta: int = Field(description="Change of the locality tier.")
    travel_delta: int = Field(description="Change of total travel minutes.")
    leaves: str | None = Field(
        description="'cooperative/role' the officer leaves for this placement (a vacancy "
        "there unless refilled), or None."
    )
    displaces: list[str] = Field(
        description="Officers who lose the slot (or cooperative place) to this officer."
    )
    vacancies_created: list[str] = Field(
        description="'cooperative/role' slots left with fewer officers after all changes."
    )
    changes: list[Change] = Field(description="Every assignment made or undone, placement first.")
    method: Literal["chain", "single_move"] = Field(
        description="chain: the best re-arrangement path; single_move: the placement with "
        "at most one officer leaving and one displaced."
    )
    text: str = Field(description="The recommendation in one English sentence.")

    def apply(self, scenario: Scenario, plan: Plan) -> Plan:
        """The plan with this recommendation's changes made (see
        :func:`koperasi_alloc.planning.apply.apply_recommendation`)."""
        from koperasi_alloc.planning.apply import apply_recommendation

        return apply_recommendation(scenario, plan, self)


@dataclass(order=True)
class _Item:
    key: tuple[int, ...]
    order: int
    row: int = field(compare=False)
    evaluated: bool = field(compare=False, default=False)
    add: list[int] = field(compare=False, default_factory=list)
    remove: list[int] = field(compare=False, default_factory=list)
    method: str = field(compare=False, default="chain")
    deltas: dict[str, int] = field(compare=False, default_factory=dict)


def recommend(
    scenario: Scenario,
    plan: Plan,
    *,
    cooperative: str | None = None,
    role: str | None = None,
    officer: str | None = None,
    top_k: int = 5,
) -> list[Recommendation]:
    """Ranked placements for a cooperative (and role), or for an officer.

    Parameters
    ----------
    scenario
        The scenario of ``plan``.
    plan
        A valid plan of ``scenario``.
    cooperative
        Cooperative id: rank officers for its slots (``role`` narrows to one role).
    role
        Role code, with ``cooperative``.
    officer
        Officer id: rank cooperatives (and roles) for this officer. Give either
        ``cooperative`` or ``officer``.
    top_k
        How many recommendations to return.

    Returns
    -------
    list of Recommendation
        Best first by the objective change (lexicographic in the scenario's tiers, or the
        weighted sum), each with every assignment it makes or undoes. Only placements that
        keep every hard rule are listed; officers already in that slot are not.

    Raises
    ------
    ValueError
        When neither or both of ``cooperative`` and ``officer`` are given, or when an
        id or role is unknown.
    """
    if (cooperative is None) == (officer is None):
        raise ValueError("give either cooperative= or officer=")
    c = build_candidates(scenario)
    chosen = _chosen_rows(c, plan)
    benefit = folded_benefit(c)
    graph = build_graph(c, chosen, benefit)
    state = PlanState(c, chosen)
    if cooperative is not None:
        chains = _chains_into(c, graph, chosen, cooperative, role)
    else:
        assert officer is not None
        chains = _chains_from(c, graph, chosen, officer)
    done = _best_moves(scenario, chains, benefit, graph, state, top_k)
    return [_record(rank, item, c, state) for rank, item in enumerate(done, start=1)]


def _chosen_rows(c: Candidates, plan: Plan) -> NDArray[np.bool_]:
    """Mask of the candidate rows that ``plan``'s assignments use."""
    scenario = c.scenario
    officer_index = {o.id: i for i, o in enumerate(scenario.officers)}
    coop_index = {x.id: j for j, x in enumerate(scenario.cooperatives)}
    role_index = {code: k for k, code in enumerate(c.role_codes)}
    lookup = {
        key: i
        for i, key in enumerate(
            zip(c.officer.tolist(), c.cooperative.tolist(), c.role.tolist(), strict=True)
        )
    }
    chosen = np.zeros(len(c), dtype=bool)
    for a in plan.assignments:
        key = (
            officer_index.get(a.officer_id, -1),
            coop_index.get(a.cooperative_id, -1),
            role_index.get(a.role, -1),
        )
        if key in lookup:
            chosen[lookup[key]] = True
    return chosen


def _chains_into(
    c: Candidates,
    graph: ResidualGraph,
    chosen: NDArray[np.bool_],
    cooperative: str,
    role: str | None,
) -> dict[int, list[int] | None]:
    """Per candidate row for ``cooperative`` (and ``role``), the arcs of its best chain
    (None when no chain makes room): one shortest-path pass per slot."""
    coop_index = {x.id: j for j, x in enumerate(c.scenario.cooperatives)}
    role_index = {code: k for k, code in enumerate(c.role_codes)}
    if cooperative not in coop_index:
        raise ValueError(f"unknown cooperative {cooperative!r}")
    if role is not None and role not in role_index:
        raise ValueError(f"unknown role {role!r}")
    mask = (c.cooperative == coop_index[cooperative]) & ~chosen
    if role is not None:
        mask &= c.role == role_index[role]
    rows = np.flatnonzero(mask)
    chains: dict[int, list[int] | None] = {}
    for slot in np.unique(graph.slot_node[rows]).tolist():
        dist, via, _ = graph.shortest(int(slot))
        for i in rows[graph.slot_node[rows] == slot].tolist():
            target = int(graph.pair_node[i])
            chains[i] = graph.path(via, int(slot), target) if dist[target] < UNREACHED else None
    return chains


def _chains_from(
    c: Candidates, graph: ResidualGraph, chosen: NDArray[np.bool_], officer: str
) -> dict[int, list[int] | None]:
    """Per candidate row of ``officer``, the arcs of its best chain (None when no chain
    makes room): one shortest-path pass (to the pair node) per cooperative."""
    officer_index = {o.id: i for i, o in enumerate(c.scenario.officers)}
    if officer not in officer_index:
        raise ValueError(f"unknown officer {officer!r}")
    o = officer_index[officer]
    rows = np.flatnonzero((c.officer == o) & ~chosen)
    by_target: dict[int, list[int]] = {}
    for i in rows.tolist():
        by_target.setdefault(int(graph.pair_node[i]), []).append(i)
    chains: dict[int, list[int] | None] = {}
    for target, members in by_target.items():
        dist, via, _ = graph.shortest(target, reverse=True)
        for i in members:
            slot = int(graph.slot_node[i])
            chains[i] = (
                graph.path(via, target, slot, reverse=True) if dist[slot] < UNREACHED else None
            )
    return chains


def _best_moves(
    scenario: Scenario,
    chains: dict[int, list[int] | None],
    benefit: NDArray[np.int64],
    graph: ResidualGraph,
    state: PlanState,
    top_k: int,
) -> list[_Item]:
    """The ``top_k`` best moves that keep every hard rule, best first."""
    heap: list[_Item] = []
    for n, i in enumerate(chains):
        arcs = chains[i]
        if arcs is None:
            upper: tuple[int, ...] = (int(benefit[i]),)
        else:
            upper = (int(benefit[i]) - int(graph.cost[arcs].sum()),)
        heap.append(_Item(key=tuple(-x for x in upper), order=n, row=i))
    heapq.heapify(heap)
    # upper bounds are on the folded value; final keys are full tier tuples, so evaluate
    # in bound order and keep going while a bound could still tie the k-th result
    done: list[_Item] = []
    folded: list[int] = []
    while heap and top_k > 0:
        item = heapq.heappop(heap)
        bound = -item.key[0]
        if len(done) >= top_k and bound < sorted(folded, reverse=True)[top_k - 1]:
            break
        _evaluate(item, chains[item.row], graph, state, scenario)
        if item.add:
            done.append(item)
            folded.append(int(benefit[item.add].sum()) - int(benefit[item.remove].sum()))
    done.sort(key=lambda it: (tuple(-x for x in move_key(scenario, it.deltas)), it.order))
    return done[:top_k]


def _evaluate(
    item: _Item, arcs: list[int] | None, graph: ResidualGraph, state: PlanState, scenario: Scenario
) -> None:
    c = state.c
    options: list[tuple[list[int], list[int], str]] = []
    if arcs is not None:
        add = [item.row] + [int(graph.row[a]) for a in arcs if graph.row[a] >= 0 and graph.added[a]]
        remove = [int(graph.row[a]) for a in arcs if graph.row[a] >= 0 and not graph.added[a]]
        if state.holds(add, remove):
            options.append((add, remove, "chain"))
    if not options:
        for add, remove in single_moves(state, item.row):
            if state.holds(add, remove):
                options.append((add, remove, "single_move"))
    best: tuple[tuple[int, ...], list[int], list[int], str, dict[str, int]] | None = None
    for add, remove, method in options:
        deltas = tier_deltas(c, state, add, remove)
        key = move_key(scenario, deltas)
        if best is None or key > best[0]:
            best = (key, add, remove, method, deltas)
    if best is not None:
        _, item.add, item.remove, item.method, item.deltas = best
    item.evaluated = True


def _record(rank: int, item: _Item, c: Candidates, state: PlanState) -> Recommendation:
    s = c.scenario
    i = item.row
    officer = s.officers[int(c.officer[i])]
    coop = s.cooperatives[int(c.cooperative[i])]
    role = c.role_codes[int(c.role[i])]

    def triple(row: int) -> tuple[str, str, str]:
        return (
            s.officers[int(c.officer[row])].id,
            s.cooperatives[int(c.cooperative[row])].id,
            c.role_codes[int(c.role[row])],
        )

    changes = [
        Change(action="joins", officer_id=o, cooperative_id=k, role=r)
        for o, k, r in map(triple, item.add)
    ] + [
        Change(action="leaves", officer_id=o, cooperative_id=k, role=r)
        for o, k, r in map(triple, item.remove)
    ]
    leaves = next((f"{k}/{r}" for o, k, r in map(triple, item.remove) if o == officer.id), None)
    displaces = sorted(
        {o for o, k, _ in map(triple, item.remove) if k == coop.id and o != officer.id}
    )
    slot_delta: Counter[tuple[str, str]] = Counter()
    for row in item.add:
        slot_delta[triple(row)[1:]] += 1
    for row in item.remove:
        slot_delta[triple(row)[1:]] -= 1
    vacancies = sorted(f"{k}/{r}" for (k, r), d in slot_delta.items() if d < 0)
    deltas = item.deltas
    parts = [
        f"Place {officer.name or officer.id} in {coop.name or coop.id} as {role}"
        f" ({LOCALITY_ORDER[int(c.tier[i])].value}, {float(c.distance_km[i]):.1f} km)"
    ]
    if leaves:
        parts.append(f"leaving {leaves}")
    if displaces:
        parts.append(f"displacing {', '.join(displaces)}")
    others = len(changes) - 1 - int(leaves is not None) - len(displaces)
    if others > 0:
        parts.append(f"with {others} follow-up change(s)")
    summary = ", ".join(f"{n} {v:+d}" for n, v in deltas.items())
    return Recommendation(
        rank=rank,
        officer_id=officer.id,
        officer_name=officer.name,
        cooperative_id=coop.id,
        role=role,
        tier=LOCALITY_ORDER[int(c.tier[i])],
        distance_km=float(c.distance_km[i]),
        travel_minutes=int(c.travel_minutes[i]),
        deltas=deltas,
        coverage_delta=deltas.get("coverage", 0),
        locality_delta=deltas.get("locality", 0),
        travel_delta=deltas.get("travel", 0),
        leaves=leaves,
        displaces=displaces,
        vacancies_created=vacancies,
        changes=changes,
        method="chain" if item.method == "chain" else "single_move",
        text=", ".join(parts) + f": {summary}.",
    )
