"""The min-cost-flow relaxation network: its nodes and arcs, a minimum-cost flow on it and
the reduced costs of that flow (see :mod:`koperasi_alloc.flow`)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from ortools.graph.python import min_cost_flow

from koperasi_alloc.candidates import Candidates

INT64_SAFE = 2**62


@dataclass(frozen=True)
class Network:
    """Arcs (tail, head, capacity, unit cost) and node supplies of the relaxation network;
    arcs ``first_candidate_arc + k`` carry candidate ``useful[k]``."""

    tails: NDArray[np.int64]
    heads: NDArray[np.int64]
    capacities: NDArray[np.int64]
    costs: NDArray[np.int64]
    supplies: dict[int, int]
    first_candidate_arc: int
    useful: NDArray[np.int64]

    @property
    def candidate_arcs(self) -> NDArray[np.int64]:
        start = self.first_candidate_arc
        return np.arange(start, start + len(self.useful), dtype=np.int64)

    def carried_rows(self, flows: NDArray[np.int64]) -> NDArray[np.int64]:
        """Candidate rows whose arcs carry ``flows``, sorted."""
        carried = flows[self.candidate_arcs] > 0
        return np.sort(self.useful[carried]).astype(np.int64)

    def solve(self) -> NDArray[np.int64] | None:
        """Flow on every arc of a minimum-cost flow; None when there is none."""
        solver = min_cost_flow.SimpleMinCostFlow()
        solver.add_arcs_with_capacity_and_unit_cost(
            self.tails, self.heads, self.capacities, self.costs
        )
        for node, amount in self.supplies.items():
            solver.set_node_supply(node, amount)
        if solver.solve() != solver.OPTIMAL:
            return None
        return np.asarray(solver.flows(np.arange(len(self.tails), dtype=np.int64)), np.int64)

    def losses(self, flows: NDArray[np.int64]) -> NDArray[np.int64]:
        """Per candidate arc, a lower bound on the cost any flow through it adds to the
        minimum ``flows`` (0 for arcs that carry flow, or when no bound is available).

        Node potentials ``d`` are shortest-path distances in the residual network (an
        optimal flow leaves no negative cycle). With reduced costs
        ``c + d(tail) - d(head)``, which are >= 0 on every arc that could carry more and
        <= 0 on every arc that carries some, the cost of any flow exceeds the minimum by
        the sum of reduced cost times change in flow, each term >= 0: one unit through an
        unused arc costs at least its reduced cost. Optimal potentials are not unique, and
        each gives a valid bound: distances from every node (the largest potentials <= 0)
        and distances from the slots (officers priced as high as the slots allow) are
        both computed, and the larger reduced cost kept.
        """
        zero = np.zeros(len(self.useful), dtype=np.int64)
        if len(self.useful) == 0:
            return zero
        n_nodes = int(max(self.tails.max(), self.heads.max())) + 1
        largest = int(np.abs(self.costs).max()) if len(self.costs) else 0
        if largest * (n_nodes + 2) >= INT64_SAFE:
            return zero
        more = flows < self.capacities
        less = flows > 0
        residual = (
            np.concatenate([self.tails[more], self.heads[less]]),
            np.concatenate([self.heads[more], self.tails[less]]),
            np.concatenate([self.costs[more], -self.costs[less]]),
        )
        arcs = self.candidate_arcs
        tails, heads, costs = self.tails[arcs], self.heads[arcs], self.costs[arcs]
        from_slots = np.full(n_nodes, _UNREACHED, dtype=np.int64)
        from_slots[heads] = 0
        best = zero
        for start in (np.zeros(n_nodes, dtype=np.int64), from_slots):
            distance = _shortest_distances(residual, start)
            if distance is None:  # pragma: no cover - not settled in _MAX_ROUNDS rounds
                return zero
            known = (distance[tails] < _UNREACHED) & (distance[heads] < _UNREACHED)
            reduced = np.where(known, costs + distance[tails] - distance[heads], 0)
            best = np.maximum(best, reduced)
        return best


_UNREACHED = 2**62
#: Bellman-Ford rounds before giving up on reduced costs (shortest paths in the residual
#: network have 20-40 arcs on the synthetic regions, kabupaten to province).
_MAX_ROUNDS = 1000


def _shortest_distances(
    arcs: tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]],
    start: NDArray[np.int64],
) -> NDArray[np.int64] | None:
    """Bellman-Ford over ``arcs`` (tails, heads, costs) from the given starting distances
    (``_UNREACHED`` for nodes that are not sources); None if the distances have not settled
    after ``_MAX_ROUNDS`` rounds (or a negative cycle is reachable)."""
    tails, heads, costs = arcs
    distance = start.copy()
    for _ in range(min(len(start) + 1, _MAX_ROUNDS)):
        reached = distance[tails] < _UNREACHED
        relaxed = distance.copy()
        np.minimum.at(relaxed, heads[reached], distance[tails[reached]] + costs[reached])
        if np.array_equal(relaxed, distance):
            return distance
        distance = relaxed
    return None


def network_rows(
    candidates: Candidates,
    benefit: NDArray[np.int64],
    officer_limit: NDArray[np.int64] | None,
    allowed: NDArray[np.bool_] | None,
    district_minimum: NDArray[np.int64] | None,
) -> NDArray[np.int64] | None:
    """Rows of a maximum-benefit flow; None when the kecamatan minimums cannot be met.

    Without ``district_minimum`` only candidates of positive benefit are considered (no
    other can carry flow in a maximum-benefit solution); with it, those ``allowed``.
    """
    solved = solved_network(candidates, benefit, officer_limit, allowed, district_minimum)
    if solved is None:
        return None
    network, flows = solved
    return network.carried_rows(flows)


def solved_network(
    candidates: Candidates,
    benefit: NDArray[np.int64],
    officer_limit: NDArray[np.int64] | None,
    allowed: NDArray[np.bool_] | None,
    district_minimum: NDArray[np.int64] | None,
) -> tuple[Network, NDArray[np.int64]] | None:
    """The relaxation network and a minimum-cost flow on it (flow per arc); None when the
    kecamatan minimums cannot be met."""
    network = build_network(candidates, benefit, officer_limit, allowed, district_minimum)
    if network is None:
        return None
    if len(network.useful) == 0:
        return network, np.zeros(0, dtype=np.int64)
    flows = network.solve()
    if flows is None:
        if district_minimum is not None:
            return None
        raise RuntimeError("min-cost flow failed on the relaxation network")  # pragma: no cover
    return network, flows


def build_network(
    candidates: Candidates,
    benefit: NDArray[np.int64],
    officer_limit: NDArray[np.int64] | None,
    allowed: NDArray[np.bool_] | None,
    district_minimum: NDArray[np.int64] | None,
) -> Network | None:
    """The relaxation network over the usable candidates (see :func:`network_rows`);
    None when the kecamatan minimums cannot be met."""
    n = len(candidates)
    empty = np.zeros(0, dtype=np.int64)
    nothing = Network(empty, empty, empty, empty, {}, 0, empty)
    if n == 0:
        return nothing
    if district_minimum is None:
        usable = benefit > 0
        if allowed is not None:
            usable &= allowed
    else:
        usable = np.ones(n, dtype=bool) if allowed is None else allowed.copy()
    useful = np.flatnonzero(usable)
    if len(useful) == 0:
        return nothing if district_minimum is None or not district_minimum.any() else None
    nodes = _Nodes.lay_out(candidates, useful, officer_limit)
    arcs = _Arcs()
    _add_officer_arcs(arcs, nodes, candidates)
    first_candidate_arc = len(arcs)
    arcs.add(
        np.where(
            nodes.pair_node[nodes.pair_of],
            nodes.pair_base + nodes.pair_index[nodes.pair_of],
            nodes.officer_base + nodes.officer_of,
        ),
        nodes.slot_base + nodes.slot_of,
        np.ones(len(useful), dtype=np.int64),
        -benefit[useful],
    )
    supplies = _add_sink_arcs(arcs, nodes, candidates, district_minimum)
    if supplies is None:
        return None
    return Network(
        np.concatenate(arcs.tails),
        np.concatenate(arcs.heads),
        np.concatenate(arcs.capacities),
        np.concatenate(arcs.costs),
        supplies,
        first_candidate_arc,
        useful,
    )


class _Arcs:
    """Arcs (tail, head, capacity, unit cost) collected in the order they are added."""

    def __init__(self) -> None:
        self.tails: list[NDArray[np.int64]] = []
        self.heads: list[NDArray[np.int64]] = []
        self.capacities: list[NDArray[np.int64]] = []
        self.costs: list[NDArray[np.int64]] = []

    def __len__(self) -> int:
        return sum(len(t) for t in self.tails)

    def add(
        self,
        t: NDArray[np.int64],
        h: NDArray[np.int64],
        c: NDArray[np.int64],
        w: NDArray[np.int64],
    ) -> None:
        self.tails.append(t.astype(np.int64))
        self.heads.append(h.astype(np.int64))
        self.capacities.append(c.astype(np.int64))
        self.costs.append(w.astype(np.int64))


@dataclass(frozen=True)
class _Nodes:
    """Node numbering of the network over the ``useful`` candidates: source 0, sink 1, then
    capped agencies, officers, (officer, cooperative) pairs that need a node, slots, and
    (with kecamatan minimums) kecamatan. ``*_of`` map each useful candidate to its node's
    index within its kind."""

    n_roles: int
    slot_ids: NDArray[np.int64]
    slot_of: NDArray[np.int64]
    officer_ids: NDArray[np.int64]
    officer_of: NDArray[np.int64]
    pair_of: NDArray[np.int64]
    pair_officer: NDArray[np.int64]
    pair_node: NDArray[np.bool_]
    pair_index: NDArray[np.int64]
    agency_codes: list[str]
    agency_of: dict[str, int]
    max_coop: NDArray[np.int64]
    officer_base: int
    pair_base: int
    slot_base: int
    source: int = 0
    sink: int = 1
    agency_base: int = 2

    @classmethod
    def lay_out(
        cls,
        candidates: Candidates,
        useful: NDArray[np.int64],
        officer_limit: NDArray[np.int64] | None,
    ) -> _Nodes:
        scenario = candidates.scenario
        officers = scenario.officers
        off = candidates.officer[useful]
        coop = candidates.cooperative[useful]
        n_roles = max(len(candidates.role_codes), 1)
        slot_key = coop * n_roles + candidates.role[useful]
        slot_ids, slot_of = np.unique(slot_key, return_inverse=True)
        officer_ids, officer_of = np.unique(off, return_inverse=True)
        pair_key = off * max(len(scenario.cooperatives), 1) + coop
        pair_ids, pair_of, pair_count = np.unique(pair_key, return_inverse=True, return_counts=True)
        agency_codes = [officers[i].agency for i in officer_ids.tolist()]
        agency_by_code = scenario.agency_by_code
        capped = sorted({a for a in agency_codes if agency_by_code[a].release_cap is not None})
        agency_of = {code: k for k, code in enumerate(capped)}
        officer_base = 2 + len(capped)
        if officer_limit is None:
            max_coop = np.array(
                [officers[i].max_cooperatives for i in officer_ids.tolist()], dtype=np.int64
            )
        else:
            max_coop = officer_limit[officer_ids].astype(np.int64)
        # one role per cooperative needs a pair node only where an officer could otherwise
        # take two roles there: several candidates for the pair, and room for more than one
        pair_officer = np.zeros(len(pair_ids), dtype=np.int64)
        pair_officer[pair_of] = officer_of
        pair_node = (pair_count > 1) & (max_coop[pair_officer] > 1)
        pair_index = np.cumsum(pair_node) - 1
        pair_base = officer_base + len(officer_ids)
        return cls(
            n_roles=n_roles,
            slot_ids=slot_ids,
            slot_of=slot_of,
            officer_ids=officer_ids,
            officer_of=officer_of,
            pair_of=pair_of,
            pair_officer=pair_officer,
            pair_node=pair_node,
            pair_index=pair_index,
            agency_codes=agency_codes,
            agency_of=agency_of,
            max_coop=max_coop,
            officer_base=officer_base,
            pair_base=pair_base,
            slot_base=pair_base + int(pair_node.sum()),
        )


def _add_officer_arcs(arcs: _Arcs, nodes: _Nodes, candidates: Candidates) -> None:
    """source -> agency (capped) -> officer, or source -> officer; then officer -> pair
    (capacity 1: one role per cooperative) where the pair has a node."""
    n_officers = len(nodes.officer_ids)
    officer_nodes = nodes.officer_base + np.arange(n_officers, dtype=np.int64)
    from_node = np.array(
        [
            nodes.agency_base + nodes.agency_of[a] if a in nodes.agency_of else nodes.source
            for a in nodes.agency_codes
        ],
        dtype=np.int64,
    )
    arcs.add(from_node, officer_nodes, nodes.max_coop, np.zeros(n_officers, dtype=np.int64))
    agency_by_code = candidates.scenario.agency_by_code
    for code, k in nodes.agency_of.items():
        members = np.flatnonzero(np.array([a == code for a in nodes.agency_codes]))
        cap = int(agency_by_code[code].release_cap or 0)
        largest = np.sort(nodes.max_coop[members])[::-1][:cap]
        arcs.add(
            np.array([nodes.source]),
            np.array([nodes.agency_base + k]),
            np.array([int(largest.sum())]),
            np.zeros(1, dtype=np.int64),
        )
    with_node = np.flatnonzero(nodes.pair_node)
    arcs.add(
        nodes.officer_base + nodes.pair_officer[with_node],
        nodes.pair_base + np.arange(len(with_node), dtype=np.int64),
        np.ones(len(with_node), dtype=np.int64),
        np.zeros(len(with_node), dtype=np.int64),
    )


def _add_sink_arcs(
    arcs: _Arcs,
    nodes: _Nodes,
    candidates: Candidates,
    district_minimum: NDArray[np.int64] | None,
) -> dict[int, int] | None:
    """slot -> sink (or slot -> kecamatan -> sink with ``district_minimum``) and the
    source -> sink bypass; the node supplies, or None when a kecamatan minimum exceeds what
    its slots can take."""
    source, sink = nodes.source, nodes.sink
    slot_ids, n_roles = nodes.slot_ids, nodes.n_roles
    demand = candidates.demand[slot_ids // n_roles, slot_ids % n_roles].astype(np.int64)
    supply = int(demand.sum())
    slot_nodes = nodes.slot_base + np.arange(len(slot_ids), dtype=np.int64)
    zeros = np.zeros(len(slot_ids), dtype=np.int64)
    supplies = {source: supply, sink: -supply}
    if district_minimum is None:
        arcs.add(slot_nodes, np.full(len(slot_ids), sink, dtype=np.int64), demand, zeros)
    else:
        # slot -> kecamatan -> sink; a lower bound m on kecamatan -> sink is the kecamatan
        # sending m units for sure (supply -m) and the sink expecting m fewer
        district_base = nodes.slot_base + len(slot_ids)
        slot_district = candidates.cooperative_district[slot_ids // n_roles]
        arcs.add(slot_nodes, district_base + slot_district, demand, zeros)
        reach = np.bincount(slot_district, weights=demand, minlength=len(district_minimum))
        reach = reach.astype(np.int64)
        if np.any(district_minimum > reach):
            return None
        n_districts = len(district_minimum)
        arcs.add(
            district_base + np.arange(n_districts, dtype=np.int64),
            np.full(n_districts, sink, dtype=np.int64),
            reach - district_minimum,
            np.zeros(n_districts, dtype=np.int64),
        )
        for k in np.flatnonzero(district_minimum).tolist():
            supplies[district_base + k] = -int(district_minimum[k])
        supplies[sink] += int(district_minimum.sum())
    arcs.add(np.array([source]), np.array([sink]), np.array([supply]), np.zeros(1, dtype=np.int64))
    return supplies
