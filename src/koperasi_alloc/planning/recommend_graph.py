"""The residual graph of a plan's flow network, for :mod:`koperasi_alloc.planning.recommend`.

The plan is a circulation of the network source -> agency (capped) -> officer ->
(officer, cooperative) -> slot -> sink -> source; its residual graph has an arc wherever
one more unit could go (or one unit could come back). A recommendation's chain of changes
is a shortest path in it (:meth:`ResidualGraph.shortest`, Bellman-Ford on numpy arrays).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from koperasi_alloc import flow
from koperasi_alloc.candidates import Candidates
from koperasi_alloc.scenario import Agency, TierName

__all__ = ["UNREACHED", "ResidualGraph", "build_graph", "folded_benefit"]

#: Distance of a node no path reaches.
UNREACHED = np.int64(2**62)
_MAX_ROUNDS = 80
_LINEAR: tuple[str, ...] = ("coverage", "stability", "locality", "travel")


@dataclass
class ResidualGraph:
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
        dist = np.full(self.n_nodes, UNREACHED, dtype=np.int64)
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


def build_graph(
    candidates: Candidates, chosen: NDArray[np.bool_], benefit: NDArray[np.int64]
) -> ResidualGraph:
    """The residual graph of the plan ``chosen`` (candidate mask), arcs priced by ``benefit``.

    Nodes: source 0, sink 1, capped agencies, officers, (officer, cooperative) pairs, then
    slots (cooperative, role). Arcs that can carry more go forward, arcs that carry some go
    back; candidate arcs cost ``-benefit`` to add and ``benefit`` to remove.
    """
    scenario = candidates.scenario
    n_coop = max(len(scenario.cooperatives), 1)
    n_roles = max(len(candidates.role_codes), 1)
    capped = [a for a in scenario.agencies if a.release_cap is not None]
    officer_base = 2 + len(capped)
    pair_key = candidates.officer * n_coop + candidates.cooperative
    pair_ids, pair_of = np.unique(pair_key, return_inverse=True)
    pair_base = officer_base + len(scenario.officers)
    slot_base = pair_base + len(pair_ids)
    slot_key = candidates.cooperative * n_roles + candidates.role
    rows = np.flatnonzero(chosen)

    arcs = _ArcList()
    _add_officer_arcs(arcs, candidates, rows, capped)
    # officer -> pair
    pair_officer = pair_ids // n_coop
    pair_used = np.zeros(len(pair_ids), dtype=bool)
    pair_used[pair_of[rows]] = True
    pair_nodes = pair_base + np.arange(len(pair_ids), dtype=np.int64)
    arcs.add(officer_base + pair_officer[~pair_used], pair_nodes[~pair_used])
    arcs.add(pair_nodes[pair_used], officer_base + pair_officer[pair_used])
    # pair -> slot (candidate arcs)
    free = np.flatnonzero(~chosen)
    arcs.add(pair_base + pair_of[free], slot_base + slot_key[free], -benefit[free], free, True)
    arcs.add(slot_base + slot_key[rows], pair_base + pair_of[rows], benefit[rows], rows, False)
    # slot -> sink
    demand = candidates.demand.reshape(-1).astype(np.int64)
    filled = np.bincount(slot_key[rows], minlength=len(demand))
    slot_nodes = slot_base + np.arange(len(demand), dtype=np.int64)
    open_slots = filled < demand
    arcs.add(slot_nodes[open_slots], np.ones(int(open_slots.sum()), dtype=np.int64))
    full = filled > 0
    arcs.add(np.ones(int(full.sum()), dtype=np.int64), slot_nodes[full])
    return ResidualGraph(
        tail=np.concatenate(arcs.tails),
        head=np.concatenate(arcs.heads),
        cost=np.concatenate(arcs.costs),
        row=np.concatenate(arcs.rows),
        added=np.concatenate(arcs.added),
        n_nodes=slot_base + n_coop * n_roles,
        officer_base=officer_base,
        pair_node=pair_base + pair_of.astype(np.int64),
        slot_node=slot_base + slot_key.astype(np.int64),
    )


class _ArcList:
    """Residual arcs collected in the order they are added."""

    def __init__(self) -> None:
        self.tails: list[NDArray[np.int64]] = []
        self.heads: list[NDArray[np.int64]] = []
        self.costs: list[NDArray[np.int64]] = []
        self.rows: list[NDArray[np.int64]] = []
        self.added: list[NDArray[np.bool_]] = []

    def add(
        self,
        t: Iterable[int] | NDArray[np.int64],
        h: Iterable[int] | NDArray[np.int64],
        c: NDArray[np.int64] | int = 0,
        r: NDArray[np.int64] | int = -1,
        a: bool = True,
    ) -> None:
        t_arr = np.asarray(list(t) if not isinstance(t, np.ndarray) else t, dtype=np.int64)
        h_arr = np.asarray(list(h) if not isinstance(h, np.ndarray) else h, dtype=np.int64)
        n = len(t_arr)
        self.tails.append(t_arr)
        self.heads.append(h_arr)
        self.costs.append(np.broadcast_to(np.asarray(c, dtype=np.int64), (n,)).copy())
        self.rows.append(np.broadcast_to(np.asarray(r, dtype=np.int64), (n,)).copy())
        self.added.append(np.full(n, a, dtype=bool))


def _add_officer_arcs(
    arcs: _ArcList, candidates: Candidates, rows: NDArray[np.int64], capped: list[Agency]
) -> None:
    """The circulation arc, source <-> capped agency, and agency (or source) <-> officer."""
    officers = candidates.scenario.officers
    n_off = len(officers)
    agency_node = {a.code: 2 + k for k, a in enumerate(capped)}
    officer_base = 2 + len(capped)
    # source <-> sink (circulation)
    arcs.add([1], [0])
    if len(rows):
        arcs.add([0], [1])
    # source -> agency (capped): flow units, as in flow.max_benefit_rows
    load = np.bincount(candidates.officer[rows], minlength=n_off)
    limits = np.array([o.max_cooperatives for o in officers], dtype=np.int64)
    for agency in capped:
        members = np.array([o.agency == agency.code for o in officers], dtype=bool)
        largest = np.sort(limits[members])[::-1][: int(agency.release_cap or 0)]
        units = int(load[members].sum())
        node = agency_node[agency.code]
        if units < int(largest.sum()):
            arcs.add([0], [node])
        if units > 0:
            arcs.add([node], [0])
    # parent -> officer
    parent = np.array([agency_node.get(o.agency, 0) for o in officers], dtype=np.int64)
    officer_nodes = officer_base + np.arange(n_off, dtype=np.int64)
    spare = load < limits
    arcs.add(parent[spare], officer_nodes[spare])
    busy = load > 0
    arcs.add(officer_nodes[busy], parent[busy])


def folded_benefit(candidates: Candidates) -> NDArray[np.int64]:
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
