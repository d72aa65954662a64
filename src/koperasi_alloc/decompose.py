"""Exact decomposition: independent parts of a scenario, solved apart and merged.

Two pieces of a scenario are independent when no rule links them: no officer can serve a
cooperative in both (locality, and the kabupaten boundary unless the policy lets officers
cross it), no capped agency has officers in both, no kecamatan has cooperatives in both
(the fairness tier), and no scenario-wide cap applies (``max_baseline_changes``). The
lexicographic optimum of the whole is then the union of the parts' optima, because every
linear tier is a sum over parts and the fairness tier (when it comes last) is a minimum
over them. Only data travels to worker processes: each part is a smaller
:class:`~koperasi_alloc.scenario.Scenario`, never an OR-Tools object.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from koperasi_alloc.arrays import sorted_unique
from koperasi_alloc.scenario import Scenario, kabupaten_of

__all__ = ["Part", "chunk", "decomposable", "split", "sub_scenario"]


@dataclass(frozen=True)
class Part:
    """One independent part: the kabupaten (or officers and cooperatives) it covers."""

    officers: tuple[int, ...]
    cooperatives: tuple[int, ...]
    size: int  # officers x cooperatives in reach, a proxy for the model size


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        parent = self.parent
        while parent[item] != item:
            parent[item] = parent[parent[item]]
            item = parent[item]
        return item

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def decomposable(scenario: Scenario) -> bool:
    """Whether solving parts apart gives the same optimum as one monolithic solve."""
    policy = scenario.policy
    if policy.max_baseline_changes is not None:
        return False
    tiers = scenario.objective_tiers()
    if policy.objective.mode == "weighted":
        return "fairness" not in tiers or policy.objective.weights.get("fairness", 0) == 0
    return "fairness" not in tiers or tiers[-1] == "fairness"


def split(scenario: Scenario) -> list[Part]:
    """The independent parts of ``scenario``, largest first.

    Without cross-kabupaten service, parts are kabupaten joined by capped agencies that
    employ officers in several of them. With it, parts are the connected components of
    the candidate graph (officers and cooperatives linked by eligible triples), joined by
    capped agencies and by kecamatan.
    """
    if scenario.policy.cross_kabupaten:
        return _split_by_candidates(scenario)
    return _split_by_kabupaten(scenario)


def _split_by_kabupaten(scenario: Scenario) -> list[Part]:
    kabupaten = sorted({kabupaten_of(d.code) for d in scenario.districts})
    index = {code: i for i, code in enumerate(kabupaten)}
    groups = _UnionFind(len(kabupaten))
    capped = {a.code for a in scenario.agencies if a.release_cap is not None}
    first_of_agency: dict[str, int] = {}
    officer_group = []
    for officer in scenario.officers:
        k = index[kabupaten_of(officer.work_district)]
        officer_group.append(k)
        if officer.agency in capped:
            if officer.agency in first_of_agency:
                groups.union(first_of_agency[officer.agency], k)
            else:
                first_of_agency[officer.agency] = k
    village_kabupaten = {v.code: index[kabupaten_of(v.district)] for v in scenario.villages}
    coop_group = [village_kabupaten[c.village] for c in scenario.cooperatives]
    officers_of: dict[int, list[int]] = defaultdict(list)
    coops_of: dict[int, list[int]] = defaultdict(list)
    for i, k in enumerate(officer_group):
        officers_of[groups.find(k)].append(i)
    for j, k in enumerate(coop_group):
        coops_of[groups.find(k)].append(j)
    roots = sorted(set(officers_of) | set(coops_of))
    parts = [
        Part(
            tuple(officers_of[r]),
            tuple(coops_of[r]),
            max(len(officers_of[r]), 1) * max(len(coops_of[r]), 1),
        )
        for r in roots
    ]
    return sorted(parts, key=lambda p: (-p.size, p.cooperatives[:1], p.officers[:1]))


def _split_by_candidates(scenario: Scenario) -> list[Part]:
    from koperasi_alloc.candidates import build_candidates

    candidates = build_candidates(scenario)
    n_officers, n_coops = len(scenario.officers), len(scenario.cooperatives)
    groups = _UnionFind(n_officers + n_coops)
    pairs = sorted_unique(candidates.officer * max(n_coops, 1) + candidates.cooperative)
    for key in pairs.tolist():
        groups.union(key // max(n_coops, 1), n_officers + key % max(n_coops, 1))
    capped = {a.code for a in scenario.agencies if a.release_cap is not None}
    first: dict[str, int] = {}
    for i, officer in enumerate(scenario.officers):
        if officer.agency in capped:
            if officer.agency in first:
                groups.union(first[officer.agency], i)
            else:
                first[officer.agency] = i
    first_in_district: dict[str, int] = {}
    for j, coop in enumerate(scenario.cooperatives):
        district = scenario.village_by_code[coop.village].district
        if district in first_in_district:
            groups.union(first_in_district[district], n_officers + j)
        else:
            first_in_district[district] = n_officers + j
    officers_of: dict[int, list[int]] = defaultdict(list)
    coops_of: dict[int, list[int]] = defaultdict(list)
    for i in range(n_officers):
        officers_of[groups.find(i)].append(i)
    for j in range(n_coops):
        coops_of[groups.find(n_officers + j)].append(j)
    counts = np.bincount(
        np.array([groups.find(int(o)) for o in candidates.officer.tolist()], dtype=np.int64),
        minlength=n_officers + n_coops,
    )
    roots = sorted(set(officers_of) | set(coops_of))
    parts = [
        Part(tuple(officers_of[r]), tuple(coops_of[r]), int(counts[r]) if r < len(counts) else 0)
        for r in roots
        if coops_of[r]  # officers with nothing to staff need no solve
    ]
    return sorted(parts, key=lambda p: (-p.size, p.cooperatives[:1], p.officers[:1]))


def chunk(parts: Sequence[Part], target: int) -> list[list[Part]]:
    """Group small parts so each task is about ``target`` in size (big parts stay alone)."""
    chunks: list[list[Part]] = []
    current: list[Part] = []
    size = 0
    for part in parts:
        if current and size + part.size > target:
            chunks.append(current)
            current, size = [], 0
        current.append(part)
        size += part.size
    if current:
        chunks.append(current)
    return chunks


def sub_scenario(
    scenario: Scenario,
    parts: Sequence[Part],
    name: str,
    release_caps: Mapping[str, int] | None = None,
) -> Scenario:
    """The scenario restricted to ``parts``' officers and cooperatives.

    Kecamatan and villages are kept where the part's officers or cooperatives (or its
    travel times) name them, with the adjacency among them; agencies, locks, forbids,
    travel times and the baseline are kept where they concern the part. The result is
    built from already validated records, so it is not validated again. ``release_caps``
    replaces the release cap of the agencies it names (a share of a cap, for a piece of a
    part that is not independent of the rest).
    """
    officer_rows = sorted({i for p in parts for i in p.officers})
    coop_rows = sorted({j for p in parts for j in p.cooperatives})
    officers = [scenario.officers[i] for i in officer_rows]
    cooperatives = [scenario.cooperatives[j] for j in coop_rows]
    officer_ids = {o.id for o in officers}
    coop_ids = {c.id for c in cooperatives}
    agency_codes = {o.agency for o in officers}
    locks = [x for x in scenario.locks if x.officer in officer_ids and x.cooperative in coop_ids]
    forbids = [
        x for x in scenario.forbids if x.officer in officer_ids and x.cooperative in coop_ids
    ]
    travel = None
    if scenario.travel is not None:
        travel = [
            t
            for t in scenario.travel
            if t.origin in officer_ids or t.origin in scenario.village_by_code
        ]
    baseline = None
    if scenario.baseline is not None:
        baseline = [
            a
            for a in scenario.baseline
            if a.officer_id in officer_ids and a.cooperative_id in coop_ids
        ]
    # The part reports the whole scenario's tiers (a part without baseline assignments
    # still reports 'stability'), so that the parts' plans merge tier by tier.
    objective = scenario.policy.objective.model_copy(update={"tiers": scenario.objective_tiers()})
    policy = scenario.policy.model_copy(update={"objective": objective})
    villages = {v for c in cooperatives for v in c.served_villages} | {o.domicile for o in officers}
    if travel:
        villages |= {t.village for t in travel} | {
            t.origin for t in travel if t.origin in scenario.village_by_code
        }
    districts = {scenario.village_by_code[v].district for v in villages}
    districts |= {o.work_district for o in officers}
    adjacency = [pair for pair in sorted(scenario.adjacency_pairs) if set(pair) <= districts]
    return Scenario.model_construct(
        name=name,
        districts=[d for d in scenario.districts if d.code in districts],
        villages=[v for v in scenario.villages if v.code in villages],
        cooperatives=cooperatives,
        officers=officers,
        roles=scenario.roles,
        agencies=[
            a.model_copy(update={"max_release": release_caps[a.code], "max_release_fraction": None})
            if release_caps is not None and a.code in release_caps
            else a
            for a in scenario.agencies
            if a.code in agency_codes
        ],
        policy=policy,
        locks=locks,
        forbids=forbids,
        adjacency=adjacency,
        travel=travel,
        baseline=baseline,
    )
