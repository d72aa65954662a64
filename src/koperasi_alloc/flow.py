"""The network-flow structure of the allocation: bounds, a warm start, and often the optimum.

Officers -> slots -> cooperatives is a transportation problem. With agency release caps
as capacities of arcs into the agency's officers, the network

    source -> agency (cap) -> officer (max_cooperatives) -> [officer x cooperative (1)]
           -> slot (cooperative, role) (demand) -> sink

is a relaxation of every rule set this library knows, and is exact when no rule outside it
is active (weekly hours, cooperative minimums, locks, or an agency cap over officers who
may serve several cooperatives). The linear tiers before the first non-linear one
(coverage, locality, travel; fairness is a max-min) are folded into one cost with weights
large enough to keep their lexicographic order, and solved exactly with OR-Tools'
min-cost flow. The flow optimum gives valid lexicographic bounds; :func:`repair` turns it
into a plan that satisfies every hard rule, used as the CP-SAT hint.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from ortools.graph.python import min_cost_flow

from koperasi_alloc.arrays import sorted_unique
from koperasi_alloc.candidates import Candidates, unreachable_locks
from koperasi_alloc.scenario import TierName

__all__ = [
    "FLOW_TIERS",
    "FlowRelaxation",
    "fairest_rows",
    "hard_rules_hold",
    "lexicographic_weights",
    "max_benefit_flow",
    "max_benefit_rows",
    "polish",
    "reflow",
    "relax",
    "repair",
    "tier_weights",
]

FLOW_TIERS: frozenset[str] = frozenset({"coverage", "stability", "locality", "travel"})
_INT64_SAFE = 2**62


@dataclass(frozen=True)
class FlowRelaxation:
    """The optimum of the network relaxation.

    Attributes
    ----------
    rows
        Candidate rows carrying flow.
    tiers
        The tiers folded into the cost, in lexicographic order.
    bounds
        Each folded tier's value at the relaxation optimum. ``bounds[t]`` is a valid bound
        on tier ``t`` for any plan that reaches the bounds of every tier before ``t``.
    benefit
        Per candidate, the folded benefit (the tiers with weights that keep their order).
    loss
        Per candidate, a lower bound on the folded benefit that any plan using it falls
        short of the relaxation optimum (see :func:`max_benefit_flow`).
    """

    rows: NDArray[np.int64]
    tiers: tuple[TierName, ...]
    bounds: dict[TierName, int]
    benefit: NDArray[np.int64]
    loss: NDArray[np.int64]

    @property
    def optimum(self) -> int:
        """The folded benefit of the relaxation optimum: a bound on every plan's."""
        return int(self.benefit[self.rows].sum())


def tier_weights(candidates: Candidates, name: TierName) -> NDArray[np.int64]:
    """Per-candidate contribution to a linear tier, signed so that larger is better."""
    if name == "coverage":
        return candidates.coverage_weight
    if name == "locality":
        return candidates.locality_weight
    if name == "travel":
        return -candidates.travel_minutes
    if name == "stability":
        return candidates.baseline.astype(np.int64)
    raise ValueError(f"tier {name!r} is not linear")


def lexicographic_weights(candidates: Candidates, names: list[TierName]) -> list[int] | None:
    """Integer weights W_k that make sum_k W_k * tier_k lexicographic in ``names``' order.

    Tiers are taken signed so that larger is better. W_last = 1 and
    W_(k-1) = W_k * (2 * largest_k * slots + 1): a plan fills at most ``slots`` slots, so
    tier k moves by at most 2 * largest_k * slots between any two plans and one unit of
    tier k-1 outweighs it. Returns None when the folded values would not fit 62 bits
    (the flow solver and CP-SAT both need 64-bit arithmetic with headroom).
    """
    slots = max(int(candidates.demand.sum()), 1)
    weight = 1
    weights: list[int] = []
    largest_cost = 0
    for name in reversed(names):
        values = tier_weights(candidates, name)
        largest = int(np.abs(values).max()) if len(values) else 0
        weights.append(weight)
        largest_cost += weight * largest
        weight = weight * (2 * largest * slots + 1)
    nodes = 3 * len(candidates) + 16
    if largest_cost * nodes >= _INT64_SAFE or largest_cost * slots >= _INT64_SAFE:
        return None
    return weights[::-1]


def _folded_benefit(
    candidates: Candidates, tiers: tuple[TierName, ...]
) -> NDArray[np.int64] | None:
    """sum_k W_k * tier_k with :func:`lexicographic_weights`, per candidate."""
    weights = lexicographic_weights(candidates, list(tiers))
    if weights is None:
        return None
    benefit = np.zeros(len(candidates), dtype=np.int64)
    for w, name in zip(weights, tiers, strict=True):
        benefit += np.int64(w) * tier_weights(candidates, name)
    return benefit


def relax(candidates: Candidates, order: list[TierName]) -> FlowRelaxation | None:
    """Solve the network relaxation for the leading linear tiers of ``order``.

    Returns None when no tier can be folded (the first tier is not linear, or the weights
    would overflow 64-bit costs).
    """
    leading: list[TierName] = []
    for name in order:
        if name not in FLOW_TIERS:
            break
        leading.append(name)
    while leading:
        benefit = _folded_benefit(candidates, tuple(leading))
        if benefit is not None:
            break
        leading.pop()
    if not leading or benefit is None:
        return None
    tiers = tuple(leading)
    rows, loss = max_benefit_flow(candidates, benefit)
    bounds = {name: int(tier_weights(candidates, name)[rows].sum()) for name in tiers}
    if "travel" in bounds:
        bounds["travel"] = -bounds["travel"]
    return FlowRelaxation(rows=rows, tiers=tiers, bounds=bounds, benefit=benefit, loss=loss)


def max_benefit_flow(
    candidates: Candidates, benefit: NDArray[np.int64]
) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """A maximum-benefit flow through the relaxation network, and what each candidate costs.

    Returns
    -------
    tuple
        The candidate rows carrying flow, and per candidate a lower bound on how much
        less benefit any plan that uses it can have than the flow's: every plan is a
        flow of the network (its candidates of positive benefit are), so a plan using
        candidate ``r`` has benefit at most ``benefit[rows].sum() - loss[r]``. Candidates
        of non-positive benefit are not in the network and get 0.
    """
    solved = _solved_network(candidates, benefit, None, None, None)
    assert solved is not None  # without minimums the network is always feasible
    network, flows = solved
    loss = np.zeros(len(candidates), dtype=np.int64)
    loss[network.useful] = network.losses(flows)
    return network.carried_rows(flows), loss


def max_benefit_rows(
    candidates: Candidates,
    benefit: NDArray[np.int64],
    officer_limit: NDArray[np.int64] | None = None,
    allowed: NDArray[np.bool_] | None = None,
) -> NDArray[np.int64]:
    """Candidate rows of a maximum-benefit flow through the relaxation network.

    ``officer_limit`` overrides each officer's max_cooperatives (it may only be lower);
    ``allowed`` masks out candidates.
    """
    rows = _network_rows(candidates, benefit, officer_limit, allowed, None)
    assert rows is not None  # without minimums the network is always feasible
    return rows


def fairest_rows(
    candidates: Candidates,
    benefit: NDArray[np.int64],
    rows: NDArray[np.int64],
    high: int,
    scale: int,
) -> tuple[int, NDArray[np.int64]]:
    """The best fairness level the network allows without losing folded benefit.

    Fairness is ``min_k floor(scale * filled_k / demand_k)`` over the kecamatan ``k`` with
    demand. Every plan at least as good as ``rows`` in the folded tiers has a folded
    ``benefit`` of at least ``benefit[rows].sum()`` and is a flow of the network, so level
    ``z`` is within reach only if the network with ``filled_k >= ceil(z * demand_k /
    scale)`` (lower bounds on the arcs out of each kecamatan) still carries that much
    benefit. Reach falls as ``z`` grows: a binary search between the level of ``rows``
    itself and ``high`` (a valid upper bound) finds the largest level in reach.

    Returns
    -------
    tuple
        The largest level in reach (an upper bound on fairness for every plan at least as
        good as ``rows`` in the folded tiers) and the rows of a flow that reaches it, which
        may break rules outside the network.
    """
    target = int(benefit[rows].sum())
    demand = candidates.district_demand
    low = candidates.fairness_level(candidates.district_filled(rows), scale)
    best_level, best_rows = low, rows
    while low < high:
        level = (low + high + 1) // 2
        minimum = (level * demand + scale - 1) // scale
        found = _network_rows(candidates, benefit, None, None, minimum)
        if found is not None and int(benefit[found].sum()) >= target:
            low, best_level, best_rows = level, level, found
        else:
            high = level - 1
    return best_level, best_rows


@dataclass(frozen=True)
class _Network:
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
        if largest * (n_nodes + 2) >= _INT64_SAFE:
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


def _network_rows(
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
    solved = _solved_network(candidates, benefit, officer_limit, allowed, district_minimum)
    if solved is None:
        return None
    network, flows = solved
    return network.carried_rows(flows)


def _solved_network(
    candidates: Candidates,
    benefit: NDArray[np.int64],
    officer_limit: NDArray[np.int64] | None,
    allowed: NDArray[np.bool_] | None,
    district_minimum: NDArray[np.int64] | None,
) -> tuple[_Network, NDArray[np.int64]] | None:
    """The relaxation network and a minimum-cost flow on it (flow per arc); None when the
    kecamatan minimums cannot be met."""
    network = _build_network(candidates, benefit, officer_limit, allowed, district_minimum)
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


def _build_network(
    candidates: Candidates,
    benefit: NDArray[np.int64],
    officer_limit: NDArray[np.int64] | None,
    allowed: NDArray[np.bool_] | None,
    district_minimum: NDArray[np.int64] | None,
) -> _Network | None:
    """The relaxation network over the usable candidates (see :func:`_network_rows`);
    None when the kecamatan minimums cannot be met."""
    scenario = candidates.scenario
    n = len(candidates)
    empty = np.zeros(0, dtype=np.int64)
    nothing = _Network(empty, empty, empty, empty, {}, 0, empty)
    if n == 0:
        return nothing
    officers = scenario.officers
    if district_minimum is None:
        usable = benefit > 0
        if allowed is not None:
            usable &= allowed
    else:
        usable = np.ones(n, dtype=bool) if allowed is None else allowed.copy()
    useful = np.flatnonzero(usable)
    if len(useful) == 0:
        return nothing if district_minimum is None or not district_minimum.any() else None
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

    source = 0
    sink = 1
    agency_base = 2
    officer_base = agency_base + len(capped)
    if officer_limit is None:
        max_coop = np.array(
            [officers[i].max_cooperatives for i in officer_ids.tolist()], dtype=np.int64
        )
    else:
        max_coop = officer_limit[officer_ids].astype(np.int64)
    # one role per cooperative needs a pair node only where an officer could otherwise take
    # two roles there: several candidates for the pair, and room for more than one
    pair_officer = np.zeros(len(pair_ids), dtype=np.int64)
    pair_officer[pair_of] = officer_of
    pair_node = (pair_count > 1) & (max_coop[pair_officer] > 1)
    pair_index = np.cumsum(pair_node) - 1
    pair_base = officer_base + len(officer_ids)
    slot_base = pair_base + int(pair_node.sum())
    tails: list[NDArray[np.int64]] = []
    heads: list[NDArray[np.int64]] = []
    caps: list[NDArray[np.int64]] = []
    costs: list[NDArray[np.int64]] = []

    def arcs(
        t: NDArray[np.int64], h: NDArray[np.int64], c: NDArray[np.int64], w: NDArray[np.int64]
    ) -> None:
        tails.append(t.astype(np.int64))
        heads.append(h.astype(np.int64))
        caps.append(c.astype(np.int64))
        costs.append(w.astype(np.int64))

    # source -> agency (capped) -> officer, or source -> officer
    officer_nodes = officer_base + np.arange(len(officer_ids), dtype=np.int64)
    from_node = np.array(
        [agency_base + agency_of[a] if a in agency_of else source for a in agency_codes],
        dtype=np.int64,
    )
    arcs(from_node, officer_nodes, max_coop, np.zeros(len(officer_ids), dtype=np.int64))
    for code, k in agency_of.items():
        members = np.flatnonzero(np.array([a == code for a in agency_codes]))
        cap = int(agency_by_code[code].release_cap or 0)
        largest = np.sort(max_coop[members])[::-1][:cap]
        arcs(
            np.array([source]),
            np.array([agency_base + k]),
            np.array([int(largest.sum())]),
            np.zeros(1, dtype=np.int64),
        )
    # officer -> pair (capacity 1: one role per cooperative) -> slot, or officer -> slot
    with_node = np.flatnonzero(pair_node)
    arcs(
        officer_base + pair_officer[with_node],
        pair_base + np.arange(len(with_node), dtype=np.int64),
        np.ones(len(with_node), dtype=np.int64),
        np.zeros(len(with_node), dtype=np.int64),
    )
    first_candidate_arc = sum(len(t) for t in tails)
    arcs(
        np.where(pair_node[pair_of], pair_base + pair_index[pair_of], officer_base + officer_of),
        slot_base + slot_of,
        np.ones(len(useful), dtype=np.int64),
        -benefit[useful],
    )
    demand = candidates.demand[slot_ids // n_roles, slot_ids % n_roles].astype(np.int64)
    supply = int(demand.sum())
    slot_nodes = slot_base + np.arange(len(slot_ids), dtype=np.int64)
    zeros = np.zeros(len(slot_ids), dtype=np.int64)
    supplies = {source: supply, sink: -supply}
    if district_minimum is None:
        arcs(slot_nodes, np.full(len(slot_ids), sink, dtype=np.int64), demand, zeros)
    else:
        # slot -> kecamatan -> sink; a lower bound m on kecamatan -> sink is the kecamatan
        # sending m units for sure (supply -m) and the sink expecting m fewer
        district_base = slot_base + len(slot_ids)
        slot_district = candidates.cooperative_district[slot_ids // n_roles]
        arcs(slot_nodes, district_base + slot_district, demand, zeros)
        reach = np.bincount(slot_district, weights=demand, minlength=len(district_minimum))
        reach = reach.astype(np.int64)
        if np.any(district_minimum > reach):
            return None
        n_districts = len(district_minimum)
        arcs(
            district_base + np.arange(n_districts, dtype=np.int64),
            np.full(n_districts, sink, dtype=np.int64),
            reach - district_minimum,
            np.zeros(n_districts, dtype=np.int64),
        )
        for k in np.flatnonzero(district_minimum).tolist():
            supplies[district_base + k] = -int(district_minimum[k])
        supplies[sink] += int(district_minimum.sum())
    arcs(np.array([source]), np.array([sink]), np.array([supply]), np.zeros(1, dtype=np.int64))

    return _Network(
        np.concatenate(tails),
        np.concatenate(heads),
        np.concatenate(caps),
        np.concatenate(costs),
        supplies,
        first_candidate_arc,
        useful,
    )


def _hours(candidates: Candidates) -> NDArray[np.float64]:
    officers = candidates.scenario.officers
    return np.array(
        [round(o.weekly_hours * 60) if o.weekly_hours is not None else np.inf for o in officers],
        dtype=np.float64,
    )


def hard_rules_hold(candidates: Candidates, rows: NDArray[np.int64]) -> bool:
    """Whether the plan given by candidate ``rows`` satisfies every hard rule."""
    scenario = candidates.scenario
    officers = scenario.officers
    off, coop, role = candidates.officer[rows], candidates.cooperative[rows], candidates.role[rows]
    n_roles = max(len(candidates.role_codes), 1)
    slots = np.bincount(coop * n_roles + role, minlength=candidates.demand.size)
    if np.any(slots > candidates.demand.reshape(-1)):
        return False
    per_coop = np.bincount(coop, minlength=len(scenario.cooperatives))
    for j, cooperative in enumerate(scenario.cooperatives):
        count = per_coop[j]
        if count > scenario.cooperative_capacity(cooperative) or count < cooperative.min_officers:
            return False
    per_officer = np.bincount(off, minlength=len(officers))
    limits = np.array([o.max_cooperatives for o in officers], dtype=np.int64)
    if np.any(per_officer > limits):
        return False
    pairs = off * max(len(scenario.cooperatives), 1) + coop
    if len(sorted_unique(pairs)) != len(pairs):
        return False
    load = np.bincount(off, weights=candidates.load_minutes[rows], minlength=len(officers))
    if np.any(load > _hours(candidates)):
        return False
    released: dict[str, int] = {}
    for i in sorted_unique(off).tolist():
        released[officers[i].agency] = released.get(officers[i].agency, 0) + 1
    for agency in scenario.agencies:
        cap = agency.release_cap
        if cap is not None and released.get(agency.code, 0) > cap:
            return False
    limit = scenario.policy.max_baseline_changes
    if limit is not None and int((~candidates.baseline[rows]).sum()) > limit:
        return False
    return not unreachable_locks(scenario, candidates, rows)


def reflow(
    candidates: Candidates,
    rows: NDArray[np.int64],
    benefit: NDArray[np.int64],
    deadline: float | None = None,
) -> NDArray[np.int64]:
    """Tighten the network where ``rows`` breaks a rule it relaxes, and solve it again.

    First round: an agency over its cap of distinct officers gets all its officers limited
    to one cooperative (then its cap counts assignments exactly), and an officer over
    their weekly hours is limited to one cooperative. Second round, if rules still break:
    the same for every capped agency and every officer with weekly hours, which makes the
    network exact for those rules. Candidates that alone exceed an officer's hours never
    carry flow. Stops early at ``deadline`` (a ``time.perf_counter()`` value).
    """
    scenario = candidates.scenario
    officers = scenario.officers
    limit = np.array([o.max_cooperatives for o in officers], dtype=np.int64)
    hours = _hours(candidates)
    allowed = candidates.load_minutes <= hours[candidates.officer]
    agency_index = {a.code: k for k, a in enumerate(scenario.agencies)}
    officer_agency = np.array([agency_index[o.agency] for o in officers], dtype=np.int64)
    caps = np.array(
        [a.release_cap if a.release_cap is not None else -1 for a in scenario.agencies],
        dtype=np.int64,
    )
    for round_number in range(2):
        if deadline is not None and time.perf_counter() > deadline:
            break
        off = candidates.officer[rows]
        used = sorted_unique(off)
        released = np.bincount(officer_agency[used], minlength=len(caps))
        over_agency = np.flatnonzero((caps >= 0) & (released > caps))
        load = np.bincount(off, weights=candidates.load_minutes[rows], minlength=len(officers))
        over_hours = np.flatnonzero(load > hours)
        if len(over_agency) == 0 and len(over_hours) == 0:
            break
        if round_number == 0:
            limit[np.isin(officer_agency, over_agency)] = 1
            limit[over_hours] = 1
        else:
            limit[caps[officer_agency] >= 0] = 1
            limit[np.isfinite(hours)] = 1
        rows = max_benefit_rows(candidates, benefit, officer_limit=limit, allowed=allowed)
    return rows


def polish(
    candidates: Candidates, rows: NDArray[np.int64], benefit: NDArray[np.int64]
) -> NDArray[np.int64]:
    """The best plan that releases no officer of a capped agency ``rows`` does not release.

    With the released officers of every capped agency fixed, agency caps hold whatever the
    officers do, so the rest is the network again: a maximum-``benefit`` flow over the
    officers ``rows`` releases (in capped agencies) and everybody else. Weekly hours are
    kept by what each officer may take: an officer who serves nobody in ``rows`` serves at
    most one cooperative within their hours; one who serves some keeps those candidates
    and may take others only of load at most ``(hours - current load) / max_cooperatives``,
    so that no mix of them exceeds the hours. ``rows`` stays feasible in this network, so
    the result is at least as good for ``benefit``; it may still break a rule outside the
    network (cooperative minimums, locks, baseline changes: check it with
    :func:`hard_rules_hold`).
    """
    scenario = candidates.scenario
    officers = scenario.officers
    officer = candidates.officer
    capped = np.array(
        [scenario.agency_by_code[o.agency].release_cap is not None for o in officers], dtype=bool
    )
    released = np.zeros(len(officers), dtype=bool)
    released[officer[rows]] = True
    allowed = ~capped[officer] | released[officer]
    limit = np.array([o.max_cooperatives for o in officers], dtype=np.int64)
    hours = _hours(candidates)
    load = np.bincount(
        officer[rows], weights=candidates.load_minutes[rows], minlength=len(officers)
    )
    timed = np.isfinite(hours)
    idle = timed & ~released
    limit[idle] = 1
    spare = np.where(timed & released, (hours - load) / np.maximum(limit, 1), np.inf)
    spare[idle] = hours[idle]
    current = np.zeros(len(candidates), dtype=bool)
    current[rows] = True
    allowed &= current | (candidates.load_minutes <= spare[officer])
    return max_benefit_rows(candidates, benefit, officer_limit=limit, allowed=allowed)


def repair(
    candidates: Candidates, rows: NDArray[np.int64], benefit: NDArray[np.int64] | None = None
) -> NDArray[np.int64]:
    """Make ``rows`` satisfy weekly hours and agency caps, then fill what is left greedily.

    Assignments are dropped worst-first where an officer's hours or an agency's count of
    distinct officers is exceeded; free slots are then filled by the best remaining
    candidates that break no rule. Cooperative minimums and locks are not enforced here.
    """
    scenario = candidates.scenario
    officers = scenario.officers
    if benefit is None:
        benefit = candidates.coverage_weight * 1_000_000 + candidates.locality_weight * 1_000
        benefit = benefit - candidates.travel_minutes
    keep = np.zeros(len(candidates), dtype=bool)
    keep[rows] = True
    hours = _hours(candidates)
    # weekly hours: drop the least valuable assignments of overloaded officers
    for i in sorted_unique(candidates.officer[rows]).tolist():
        if not np.isfinite(hours[i]):
            continue
        mine = rows[candidates.officer[rows] == i]
        mine = mine[np.argsort(-benefit[mine], kind="stable")]
        total = 0
        for r in mine.tolist():
            total += int(candidates.load_minutes[r])
            if total > hours[i]:
                keep[r] = False
                total -= int(candidates.load_minutes[r])
    # agency caps on distinct officers: drop the officers worth least
    chosen = np.flatnonzero(keep)
    by_agency: dict[str, dict[int, int]] = {}
    for r in chosen.tolist():
        i = int(candidates.officer[r])
        worth = by_agency.setdefault(officers[i].agency, {})
        worth[i] = worth.get(i, 0) + int(benefit[r])
    drop: set[int] = set()
    for code, worth in by_agency.items():
        cap = scenario.agency_by_code[code].release_cap
        if cap is not None and len(worth) > cap:
            ranked = sorted(worth, key=lambda i: (worth[i], i))
            drop.update(ranked[: len(worth) - cap])
    if drop:
        keep &= ~np.isin(candidates.officer, np.array(sorted(drop), dtype=np.int64))
    limit = scenario.policy.max_baseline_changes
    if limit is not None:
        new = np.flatnonzero(keep & ~candidates.baseline)
        if len(new) > limit:
            worst = new[np.argsort(benefit[new], kind="stable")][: len(new) - limit]
            keep[worst] = False
    return _greedy_fill(candidates, keep, benefit, hours)


def _greedy_fill(
    candidates: Candidates,
    keep: NDArray[np.bool_],
    benefit: NDArray[np.int64],
    hours: NDArray[np.float64],
) -> NDArray[np.int64]:
    scenario = candidates.scenario
    officers = scenario.officers
    n_roles = max(len(candidates.role_codes), 1)
    n_coops = max(len(scenario.cooperatives), 1)
    chosen = np.flatnonzero(keep)
    slot_used = np.bincount(
        candidates.cooperative[chosen] * n_roles + candidates.role[chosen],
        minlength=candidates.demand.size,
    ).astype(np.int64)
    demand = candidates.demand.reshape(-1)
    coop_used = np.bincount(candidates.cooperative[chosen], minlength=len(scenario.cooperatives))
    coop_cap = np.array([scenario.cooperative_capacity(c) for c in scenario.cooperatives])
    officer_used = np.bincount(candidates.officer[chosen], minlength=len(officers))
    officer_cap = np.array([o.max_cooperatives for o in officers])
    load = np.bincount(
        candidates.officer[chosen], weights=candidates.load_minutes[chosen], minlength=len(officers)
    )
    pairs = set((candidates.officer[chosen] * n_coops + candidates.cooperative[chosen]).tolist())
    released: dict[str, int] = {}
    for i in sorted_unique(candidates.officer[chosen]).tolist():
        released[officers[i].agency] = released.get(officers[i].agency, 0) + 1
    caps = {a.code: a.release_cap for a in scenario.agencies}
    changes_left = scenario.policy.max_baseline_changes
    if changes_left is not None:
        changes_left -= int((keep & ~candidates.baseline).sum())
    order = np.argsort(-benefit, kind="stable")
    open_slot = (slot_used < demand)[candidates.cooperative * n_roles + candidates.role]
    order = order[(benefit[order] > 0) & ~keep[order] & open_slot[order]]
    for r in order.tolist():
        i, c = int(candidates.officer[r]), int(candidates.cooperative[r])
        s = c * n_roles + int(candidates.role[r])
        if slot_used[s] >= demand[s] or coop_used[c] >= coop_cap[c]:
            continue
        if officer_used[i] >= officer_cap[i] or i * n_coops + c in pairs:
            continue
        if load[i] + candidates.load_minutes[r] > hours[i]:
            continue
        agency = officers[i].agency
        cap = caps[agency]
        if officer_used[i] == 0 and cap is not None and released.get(agency, 0) >= cap:
            continue
        is_new = not candidates.baseline[r]
        if is_new and changes_left is not None:
            if changes_left <= 0:
                continue
            changes_left -= 1
        keep[r] = True
        slot_used[s] += 1
        coop_used[c] += 1
        if officer_used[i] == 0:
            released[agency] = released.get(agency, 0) + 1
        officer_used[i] += 1
        load[i] += candidates.load_minutes[r]
        pairs.add(i * n_coops + c)
    return np.flatnonzero(keep).astype(np.int64)
