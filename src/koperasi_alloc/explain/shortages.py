"""Supply against demand before solving, per kecamatan and role.

For a kecamatan ``k`` (and optionally one role ``r``), the candidates whose cooperative lies
in ``k`` form the network

    source -> agency (A) -> officer (max_cooperatives) -> (officer, cooperative) (1)
           -> slot (cooperative, role) (demand) -> cooperative (its cap) -> sink

where ``A`` is the sum of the ``release_cap`` largest ``max_cooperatives`` among the
agency's officers there (all of them without a cap). Every plan's assignments in ``k`` are
a flow in it (weekly hours, locks and the officers' use in other kecamatan only remove
flow), so its maximum flow is an upper bound on the slots any plan fills there:
``max_fillable``. The coverage any plan reaches
there is at most the sum of the ``max_fillable`` highest priorities among slots that have
a candidate: ``coverage_bound``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from ortools.graph.python import max_flow

from koperasi_alloc.arrays import sorted_unique
from koperasi_alloc.explain import text
from koperasi_alloc.explain.facts import Facts
from koperasi_alloc.explain.records import Shortage, ShortageStatus

__all__ = ["max_fillable", "region_bound", "shortages"]


def max_fillable(facts: Facts, rows: NDArray[np.int64]) -> int:
    """Maximum flow of the candidate ``rows`` into their slots (see the module docstring).

    Parameters
    ----------
    facts
        The scenario's facts.
    rows
        Candidate rows to consider (e.g. those of one kecamatan).

    Returns
    -------
    int
        The most assignments among ``rows`` that slot, cooperative, officer and agency
        limits allow (an upper bound on any plan's assignments among them).
    """
    if len(rows) == 0:
        return 0
    cand = facts.candidates
    scenario = facts.scenario
    n_coops = max(len(scenario.cooperatives), 1)
    n_roles = max(len(cand.role_codes), 1)
    officer = cand.officer[rows]
    coop = cand.cooperative[rows]
    role = cand.role[rows]
    officers = sorted_unique(officer)
    pairs, pair_of_row = np.unique(officer * n_coops + coop, return_inverse=True)
    slots, slot_of_row = np.unique(coop * n_roles + role, return_inverse=True)
    coops = sorted_unique(coop)

    agency_of_officer, capacity_officer, capacity_agency = _officer_capacities(facts, officers)
    n_agencies = len(capacity_agency)

    first_agency = 2
    first_officer = first_agency + n_agencies
    first_pair = first_officer + len(officers)
    first_slot = first_pair + len(pairs)
    first_coop = first_slot + len(slots)

    slot_coop = slots // n_roles
    slot_role = slots % n_roles
    capacity_slot = cand.demand[slot_coop, slot_role].astype(np.int64)
    capacity_coop = np.array(
        [scenario.cooperative_capacity(scenario.cooperatives[int(c)]) for c in coops],
        dtype=np.int64,
    )
    tails = np.concatenate(
        [
            np.zeros(n_agencies, dtype=np.int64),
            first_agency + agency_of_officer,
            first_officer + np.searchsorted(officers, pairs // n_coops),
            first_pair + pair_of_row,
            first_slot + np.arange(len(slots), dtype=np.int64),
            first_coop + np.arange(len(coops), dtype=np.int64),
        ]
    )
    heads = np.concatenate(
        [
            first_agency + np.arange(n_agencies, dtype=np.int64),
            first_officer + np.arange(len(officers), dtype=np.int64),
            first_pair + np.arange(len(pairs), dtype=np.int64),
            first_slot + slot_of_row,
            first_coop + np.searchsorted(coops, slot_coop),
            np.ones(len(coops), dtype=np.int64),
        ]
    )
    capacities = np.concatenate(
        [
            capacity_agency,
            capacity_officer,
            np.ones(len(pairs), dtype=np.int64),
            np.ones(len(rows), dtype=np.int64),
            capacity_slot,
            capacity_coop,
        ]
    )
    return _max_flow(tails, heads, capacities)


def _officer_capacities(
    facts: Facts, officers: NDArray[np.int64]
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    """Per officer, the index of their agency (sorted codes) and max_cooperatives; per
    agency, the sum of the ``release_cap`` largest max_cooperatives (all without a cap)."""
    scenario = facts.scenario
    agency_codes = [scenario.officers[int(o)].agency for o in officers]
    agencies = sorted(set(agency_codes))
    agency_of_officer = np.array([agencies.index(a) for a in agency_codes], dtype=np.int64)
    capacity_officer = np.array(
        [scenario.officers[int(o)].max_cooperatives for o in officers], dtype=np.int64
    )
    capacity_agency = np.zeros(len(agencies), dtype=np.int64)
    for a, code in enumerate(agencies):
        loads = sorted(capacity_officer[agency_of_officer == a].tolist(), reverse=True)
        agency = scenario.agency_by_code.get(code)
        cap = agency.release_cap if agency is not None else None
        capacity_agency[a] = sum(loads if cap is None else loads[:cap])
    return agency_of_officer, capacity_officer, capacity_agency


def _max_flow(
    tails: NDArray[np.int64], heads: NDArray[np.int64], capacities: NDArray[np.int64]
) -> int:
    """Maximum flow from node 0 to node 1."""
    network = max_flow.SimpleMaxFlow()
    network.add_arcs_with_capacity(tails, heads, capacities)
    status = network.solve(0, 1)
    if status != network.OPTIMAL:  # pragma: no cover - inputs are small non-negative ints
        raise RuntimeError(f"max flow failed with status {status}")
    return int(network.optimal_flow())


def _coverage_bound(facts: Facts, rows: NDArray[np.int64], fillable: int) -> int:
    """Sum of the ``fillable`` highest slot priorities among slots with a candidate."""
    if fillable <= 0:
        return 0
    cand = facts.candidates
    scenario = facts.scenario
    n_roles = max(len(cand.role_codes), 1)
    slots = sorted_unique(cand.cooperative[rows] * n_roles + cand.role[rows])
    weights: list[int] = []
    for key in slots.tolist():
        c, r = divmod(key, n_roles)
        weights += [scenario.cooperative_priority(scenario.cooperatives[c])] * int(
            cand.demand[c, r]
        )
    weights.sort(reverse=True)
    return int(sum(weights[:fillable]))


def _status(slots: int, fillable: int) -> ShortageStatus:
    if fillable >= slots:
        return "coverable"
    return "uncoverable" if fillable == 0 else "short"


def shortages(facts: Facts) -> list[Shortage]:
    """Supply against demand per kecamatan (all roles, then each role), before solving.

    Parameters
    ----------
    facts
        The scenario's facts.

    Returns
    -------
    list of Shortage
        For each kecamatan with eligible slots, in scenario order: one row with ``role``
        None for all its roles together, then one row per role it demands.
    """
    scenario = facts.scenario
    cand = facts.candidates
    n_districts = len(scenario.districts)
    row_district = cand.cooperative_district[cand.cooperative]
    order = np.argsort(row_district, kind="stable")
    starts = np.searchsorted(row_district[order], np.arange(n_districts + 1))
    demand_by_district = np.zeros((n_districts, len(cand.role_codes)), dtype=np.int64)
    np.add.at(demand_by_district, cand.cooperative_district, cand.demand.astype(np.int64))

    result: list[Shortage] = []
    for k, district in enumerate(scenario.districts):
        slots_by_role = demand_by_district[k]
        if slots_by_role.sum() == 0:
            continue
        rows = order[starts[k] : starts[k + 1]].astype(np.int64)
        selections: list[tuple[int | None, NDArray[np.int64]]] = [(None, rows)]
        for role in np.flatnonzero(slots_by_role).tolist():
            selections.append((role, rows[cand.role[rows] == role]))
        for r, chosen in selections:
            slots = int(slots_by_role.sum() if r is None else slots_by_role[r])
            fillable = min(max_fillable(facts, chosen), slots)
            in_reach = len(sorted_unique(cand.officer[chosen]))
            status = _status(slots, fillable)
            code = None if r is None else cand.role_codes[r]
            name = None if code is None else facts.role_name(code)
            en, id_ = text.shortage(name, slots, in_reach, fillable, status)
            result.append(
                Shortage(
                    kecamatan=district.code,
                    kecamatan_name=district.name,
                    role=code,
                    role_name=name,
                    slots=slots,
                    officers_in_reach=in_reach,
                    max_fillable=fillable,
                    coverage_bound=_coverage_bound(facts, chosen, fillable),
                    shortfall=slots - fillable,
                    status=status,
                    text_en=en,
                    text_id=id_,
                )
            )
    return result


def region_bound(facts: Facts) -> tuple[int, int]:
    """(eligible slots, most of them any plan fills) over the whole scenario."""
    cand = facts.candidates
    slots = int(cand.demand.sum())
    rows = np.arange(len(cand), dtype=np.int64)
    return slots, min(slots, max_fillable(facts, rows))
