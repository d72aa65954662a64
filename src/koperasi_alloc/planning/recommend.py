"""``recommend``: ranked officers for a cooperative (or cooperatives for an officer).

Each recommendation is one placement ``(officer, cooperative, role)`` added to the plan,
with the cheapest way to make room for it: the officer may leave another cooperative
(that slot may be refilled by someone else, and so on) and the slot's occupant may be
displaced (and may move on to a vacancy). That chain of changes is a shortest path in the
residual graph of the plan's network (officers -> slots, see :mod:`koperasi_alloc.flow`),
found with one Bellman-Ford pass per slot (or per officer) on numpy arrays: no solver call.

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
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict, Field

from koperasi_alloc import flow
from koperasi_alloc.candidates import Candidates, build_candidates
from koperasi_alloc.plan import Plan
from koperasi_alloc.scenario import LOCALITY_ORDER, LocalityTier, Scenario, TierName

__all__ = ["Change", "Recommendation", "recommend"]

_INF = np.int64(2**62)
_MAX_ROUNDS = 80
_LINEAR: tuple[str, ...] = ("coverage", "stability", "locality", "travel")


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


@dataclass
class _Graph:
    """The residual graph of a plan in the circulation form of the flow network."""

    tail: NDArray[np.int64]
    head: NDArray[np.int64]
    cost: NDArray[np.int64]
    row: NDArray[np.int64]  # candidate row of the arc, -1 for structural arcs
    added: NDArray[np.bool_]  # True: arc adds its row; False: removes it (candidate arcs)
    n_nodes: int
    officer_base: int
    pair_node: NDArray[np.int64]  # per candidate row
    slot_node: NDArray[np.int64]  # per candidate row

    def shortest(
        self, source: int, *, reverse: bool = False
    ) -> tuple[NDArray[np.int64], NDArray[np.int64], bool]:
        """Bellman-Ford distances from ``source`` (to it when ``reverse``), the arc used
        last on each path, and whether the distances converged."""
        tail, head = (self.head, self.tail) if reverse else (self.tail, self.head)
        dist = np.full(self.n_nodes, _INF, dtype=np.int64)
        via = np.full(self.n_nodes, -1, dtype=np.int64)
        dist[source] = 0
        frontier = np.zeros(self.n_nodes, dtype=bool)
        frontier[source] = True
        for _ in range(_MAX_ROUNDS):
            arcs = np.flatnonzero(frontier[tail])
            if len(arcs) == 0:
                return dist, via, True
            value = dist[tail[arcs]] + self.cost[arcs]
            target = head[arcs]
            order = np.lexsort((value, target))
            target, value, arcs = target[order], value[order], arcs[order]
            first = np.ones(len(target), dtype=bool)
            first[1:] = target[1:] != target[:-1]
            target, value, arcs = target[first], value[first], arcs[first]
            better = value < dist[target]
            frontier[:] = False
            if not better.any():
                return dist, via, True
            dist[target[better]] = value[better]
            via[target[better]] = arcs[better]
            frontier[target[better]] = True
        return dist, via, False

    def path(
        self, via: NDArray[np.int64], source: int, target: int, *, reverse: bool = False
    ) -> list[int] | None:
        """Arcs of the path found from ``source`` to ``target`` (None when it loops)."""
        arcs: list[int] = []
        node = target
        seen = {node}
        while node != source:
            arc = int(via[node])
            if arc < 0:
                return None
            arcs.append(arc)
            node = int(self.head[arc] if reverse else self.tail[arc])
            if node in seen:
                return None
            seen.add(node)
        return arcs if reverse else arcs[::-1]


def _build_graph(
    candidates: Candidates, chosen: NDArray[np.bool_], benefit: NDArray[np.int64]
) -> _Graph:
    scenario = candidates.scenario
    officers = scenario.officers
    n_off, n_coop = len(officers), max(len(scenario.cooperatives), 1)
    n_roles = max(len(candidates.role_codes), 1)
    capped = [a for a in scenario.agencies if a.release_cap is not None]
    agency_node = {a.code: 2 + k for k, a in enumerate(capped)}
    officer_base = 2 + len(capped)
    pair_key = candidates.officer * n_coop + candidates.cooperative
    pair_ids, pair_of = np.unique(pair_key, return_inverse=True)
    pair_base = officer_base + n_off
    slot_base = pair_base + len(pair_ids)
    n_nodes = slot_base + n_coop * n_roles
    slot_key = candidates.cooperative * n_roles + candidates.role
    rows = np.flatnonzero(chosen)

    tails: list[NDArray[np.int64]] = []
    heads: list[NDArray[np.int64]] = []
    costs: list[NDArray[np.int64]] = []
    arc_rows: list[NDArray[np.int64]] = []
    added: list[NDArray[np.bool_]] = []

    def arcs(
        t: Iterable[int] | NDArray[np.int64],
        h: Iterable[int] | NDArray[np.int64],
        c: NDArray[np.int64] | int = 0,
        r: NDArray[np.int64] | int = -1,
        a: bool = True,
    ) -> None:
        t_arr = np.asarray(list(t) if not isinstance(t, np.ndarray) else t, dtype=np.int64)
        h_arr = np.asarray(list(h) if not isinstance(h, np.ndarray) else h, dtype=np.int64)
        n = len(t_arr)
        tails.append(t_arr)
        heads.append(h_arr)
        costs.append(np.broadcast_to(np.asarray(c, dtype=np.int64), (n,)).copy())
        arc_rows.append(np.broadcast_to(np.asarray(r, dtype=np.int64), (n,)).copy())
        added.append(np.full(n, a, dtype=bool))

    # source <-> sink (circulation)
    arcs([1], [0])
    if len(rows):
        arcs([0], [1])
    # source -> agency (capped): flow units, as in flow.max_benefit_rows
    load = np.bincount(candidates.officer[rows], minlength=n_off)
    limits = np.array([o.max_cooperatives for o in officers], dtype=np.int64)
    for agency in capped:
        members = np.array([o.agency == agency.code for o in officers], dtype=bool)
        largest = np.sort(limits[members])[::-1][: int(agency.release_cap or 0)]
        units = int(load[members].sum())
        node = agency_node[agency.code]
        if units < int(largest.sum()):
            arcs([0], [node])
        if units > 0:
            arcs([node], [0])
    # parent -> officer
    parent = np.array([agency_node.get(o.agency, 0) for o in officers], dtype=np.int64)
    officer_nodes = officer_base + np.arange(n_off, dtype=np.int64)
    spare = load < limits
    arcs(parent[spare], officer_nodes[spare])
    busy = load > 0
    arcs(officer_nodes[busy], parent[busy])
    # officer -> pair
    pair_officer = pair_ids // n_coop
    pair_used = np.zeros(len(pair_ids), dtype=bool)
    pair_used[pair_of[rows]] = True
    pair_nodes = pair_base + np.arange(len(pair_ids), dtype=np.int64)
    arcs(officer_base + pair_officer[~pair_used], pair_nodes[~pair_used])
    arcs(pair_nodes[pair_used], officer_base + pair_officer[pair_used])
    # pair -> slot (candidate arcs)
    free = np.flatnonzero(~chosen)
    arcs(pair_base + pair_of[free], slot_base + slot_key[free], -benefit[free], free, True)
    arcs(slot_base + slot_key[rows], pair_base + pair_of[rows], benefit[rows], rows, False)
    # slot -> sink
    demand = candidates.demand.reshape(-1).astype(np.int64)
    filled = np.bincount(slot_key[rows], minlength=len(demand))
    slot_nodes = slot_base + np.arange(len(demand), dtype=np.int64)
    open_slots = filled < demand
    arcs(slot_nodes[open_slots], np.ones(int(open_slots.sum()), dtype=np.int64))
    full = filled > 0
    arcs(np.ones(int(full.sum()), dtype=np.int64), slot_nodes[full])
    return _Graph(
        tail=np.concatenate(tails),
        head=np.concatenate(heads),
        cost=np.concatenate(costs),
        row=np.concatenate(arc_rows),
        added=np.concatenate(added),
        n_nodes=n_nodes,
        officer_base=officer_base,
        pair_node=pair_base + pair_of.astype(np.int64),
        slot_node=slot_base + slot_key.astype(np.int64),
    )


def _benefit(candidates: Candidates) -> NDArray[np.int64]:
    """Per-candidate folded value of the linear tiers before the first non-linear one."""
    scenario = candidates.scenario
    objective = scenario.policy.objective
    values = {
        "coverage": candidates.coverage_weight,
        "stability": candidates.baseline.astype(np.int64),
        "locality": candidates.locality_weight,
        "travel": candidates.travel_minutes,
    }
    if objective.mode == "weighted":
        total = np.zeros(len(candidates), dtype=np.int64)
        for name in scenario.objective_tiers():
            if name in values:
                total += np.int64(objective.weights.get(name, 0)) * values[name]
        return total
    leading: list[TierName] = []
    for name in scenario.objective_tiers():
        if name not in _LINEAR:
            break
        leading.append(name)
    while leading:
        weights = flow.lexicographic_weights(candidates, leading)
        if weights is not None:
            total = np.zeros(len(candidates), dtype=np.int64)
            for w, name in zip(weights, leading, strict=True):
                total += np.int64(w) * flow.tier_weights(candidates, name)
            return total
        leading.pop()
    return np.zeros(len(candidates), dtype=np.int64)


class _State:
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


def _tier_deltas(
    candidates: Candidates, state: _State, add: list[int], remove: list[int]
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


def _fairness(candidates: Candidates, state: _State, add: list[int], remove: list[int]) -> int:
    filled = candidates.district_filled(state.chosen)
    for sign, items in ((1, add), (-1, remove)):
        for i in items:
            filled[candidates.cooperative_district[candidates.cooperative[i]]] += sign
    return candidates.fairness_level(filled, 1000)


def _key(scenario: Scenario, deltas: dict[str, int]) -> tuple[int, ...]:
    """Sort key of a move: larger is better."""
    objective = scenario.policy.objective
    names = scenario.objective_tiers()
    if objective.mode == "weighted":
        return (sum(objective.weights.get(n, 0) * deltas[n] for n in names),)
    return tuple(-deltas[n] if n == "travel" else deltas[n] for n in names)


def _single_moves(state: _State, row: int) -> list[tuple[list[int], list[int]]]:
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
    candidates = build_candidates(scenario)
    c = candidates
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
    benefit = _benefit(c)
    graph = _build_graph(c, chosen, benefit)
    state = _State(c, chosen)

    # candidate rows and, per row, the arcs of its best chain
    chains: dict[int, list[int] | None] = {}
    if cooperative is not None:
        if cooperative not in coop_index:
            raise ValueError(f"unknown cooperative {cooperative!r}")
        if role is not None and role not in role_index:
            raise ValueError(f"unknown role {role!r}")
        mask = (c.cooperative == coop_index[cooperative]) & ~chosen
        if role is not None:
            mask &= c.role == role_index[role]
        rows = np.flatnonzero(mask)
        for slot in np.unique(graph.slot_node[rows]).tolist():
            dist, via, _ = graph.shortest(int(slot))
            for i in rows[graph.slot_node[rows] == slot].tolist():
                target = int(graph.pair_node[i])
                chains[i] = graph.path(via, int(slot), target) if dist[target] < _INF else None
    else:
        assert officer is not None
        if officer not in officer_index:
            raise ValueError(f"unknown officer {officer!r}")
        o = officer_index[officer]
        rows = np.flatnonzero((c.officer == o) & ~chosen)
        by_target: dict[int, list[int]] = {}
        for i in rows.tolist():
            by_target.setdefault(int(graph.pair_node[i]), []).append(i)
        for target, members in by_target.items():
            dist, via, _ = graph.shortest(target, reverse=True)
            for i in members:
                slot = int(graph.slot_node[i])
                chains[i] = (
                    graph.path(via, target, slot, reverse=True) if dist[slot] < _INF else None
                )

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
    done.sort(key=lambda it: (tuple(-x for x in _key(scenario, it.deltas)), it.order))
    return [_record(rank, item, c, state) for rank, item in enumerate(done[:top_k], start=1)]


def _evaluate(
    item: _Item, arcs: list[int] | None, graph: _Graph, state: _State, scenario: Scenario
) -> None:
    c = state.c
    options: list[tuple[list[int], list[int], str]] = []
    if arcs is not None:
        add = [item.row] + [int(graph.row[a]) for a in arcs if graph.row[a] >= 0 and graph.added[a]]
        remove = [int(graph.row[a]) for a in arcs if graph.row[a] >= 0 and not graph.added[a]]
        if state.holds(add, remove):
            options.append((add, remove, "chain"))
    if not options:
        for add, remove in _single_moves(state, item.row):
            if state.holds(add, remove):
                options.append((add, remove, "single_move"))
    best: tuple[tuple[int, ...], list[int], list[int], str, dict[str, int]] | None = None
    for add, remove, method in options:
        deltas = _tier_deltas(c, state, add, remove)
        key = _key(scenario, deltas)
        if best is None or key > best[0]:
            best = (key, add, remove, method, deltas)
    if best is not None:
        _, item.add, item.remove, item.method, item.deltas = best
    item.evaluated = True


def _record(rank: int, item: _Item, c: Candidates, state: _State) -> Recommendation:
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
