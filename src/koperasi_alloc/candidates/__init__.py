"""Candidates: every eligible (officer, cooperative, role) triple, with its locality tier,
distance and travel time, as numpy arrays. This is the second stage of the data flow
(scenario -> candidates -> CP-SAT model -> plan)."""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np
from numpy.typing import NDArray

from koperasi_alloc.arrays import sorted_unique
from koperasi_alloc.candidates.eligibility import (
    cooperative_role_demand,
    officer_mask,
    officer_role_matrix,
)
from koperasi_alloc.candidates.forbids import forbidden_mask
from koperasi_alloc.candidates.locality import CooperativePairs, GeoIndex, cooperative_pairs
from koperasi_alloc.candidates.rules import RuleTable
from koperasi_alloc.errors import Problem, ScenarioError, describe_record
from koperasi_alloc.plan import PlanAssignment
from koperasi_alloc.scenario import (
    LOCALITY_ORDER,
    Assignment,
    Employment,
    Scenario,
)

__all__ = ["Candidates", "build_candidates", "unreachable_locks"]

PPPK_KINDS = frozenset({Employment.PPPK, Employment.PPPK_PARUH_WAKTU})


@dataclass
class Candidates:
    """Eligible triples of one scenario; row i is one Boolean decision in the model.

    Every array has one entry per candidate, except the ``*_of_*`` lookups, which are per
    officer, cooperative or role.
    """

    scenario: Scenario
    officer: NDArray[np.int64]
    cooperative: NDArray[np.int64]
    role: NDArray[np.int64]
    tier: NDArray[np.int8]
    distance_km: NDArray[np.float64]
    minutes: NDArray[np.float64]
    travel_minutes: NDArray[np.int64]
    load_minutes: NDArray[np.int64]
    coverage_weight: NDArray[np.int64]
    locality_weight: NDArray[np.int64]
    demand: NDArray[np.int32]  # cooperatives x roles, eligible slots
    cooperative_district: NDArray[np.int64]
    role_codes: list[str]
    baseline: NDArray[np.bool_]  # the triple is an assignment of the scenario's baseline
    #: per cooperative, its reachable slots R(c) (rules.md, fairness): counted once over
    #: every eligible triple, so a subset (pruned, designated) keeps the scenario's figure
    cooperative_reach: NDArray[np.int64]
    build_time: float = 0.0
    _group_cache: dict[str, tuple[NDArray[np.int64], NDArray[np.int64]]] = field(
        default_factory=dict, repr=False
    )

    def __len__(self) -> int:
        return len(self.officer)

    def rows_of(self, assignments: Iterable[Assignment]) -> NDArray[np.int64]:
        """Candidate rows of ``assignments`` that are still candidates, sorted.

        Assignments naming an unknown officer, cooperative or role, or a triple that is no
        longer eligible, are left out.
        """
        scenario = self.scenario
        officer_index = {o.id: i for i, o in enumerate(scenario.officers)}
        coop_index = {c.id: j for j, c in enumerate(scenario.cooperatives)}
        role_index = {code: r for r, code in enumerate(self.role_codes)}
        n_coops, n_roles = max(len(coop_index), 1), max(len(role_index), 1)
        wanted = [
            (officer_index[a.officer_id] * n_coops + coop_index[a.cooperative_id]) * n_roles
            + role_index[a.role]
            for a in assignments
            if a.officer_id in officer_index
            and a.cooperative_id in coop_index
            and a.role in role_index
        ]
        if not wanted or len(self.officer) == 0:
            return np.zeros(0, dtype=np.int64)
        # rows are sorted by (officer, cooperative, role), so their keys are sorted too
        keys = (self.officer * n_coops + self.cooperative) * n_roles + self.role
        wanted_keys = sorted_unique(np.array(wanted, dtype=np.int64))
        position = np.clip(np.searchsorted(keys, wanted_keys), 0, len(keys) - 1)
        return position[keys[position] == wanted_keys].astype(np.int64)

    def to_assignments(self, rows: NDArray[np.int64]) -> list[PlanAssignment]:
        """The plan assignments of candidate ``rows`` (tier, distance and minutes included)."""
        scenario = self.scenario
        rows = np.sort(np.asarray(rows, dtype=np.int64))
        officers, coops, roles = scenario.officers, scenario.cooperatives, self.role_codes
        return [
            PlanAssignment(
                officer_id=officers[o].id,
                cooperative_id=coops[c].id,
                role=roles[r],
                tier=LOCALITY_ORDER[t],
                distance_km=d,
                travel_minutes=m,
            )
            for o, c, r, t, d, m in zip(
                self.officer[rows].tolist(),
                self.cooperative[rows].tolist(),
                self.role[rows].tolist(),
                self.tier[rows].tolist(),
                self.distance_km[rows].tolist(),
                self.travel_minutes[rows].tolist(),
                strict=True,
            )
        ]

    @cached_property
    def rules(self) -> RuleTable:
        """The hard rules over these rows in numpy (:mod:`.rules`), built once."""
        return RuleTable.build(
            self.scenario,
            (self.officer, self.cooperative, self.role, self.load_minutes, self.baseline),
            self.demand,
            self.role_codes,
        )

    @cached_property
    def district_demand(self) -> NDArray[np.int64]:
        """Eligible slots per kecamatan (index: the scenario's districts)."""
        slots = self.demand.sum(axis=1)
        n_districts = len(self.scenario.districts)
        demand = np.bincount(self.cooperative_district, weights=slots, minlength=n_districts)
        return demand.astype(np.int64)

    @cached_property
    def district_reach(self) -> NDArray[np.int64]:
        """Reachable slots ``R_k`` per kecamatan (index: the scenario's districts), what the
        fairness tier divides by: the sum of :attr:`cooperative_reach` over its
        cooperatives."""
        n_districts = len(self.scenario.districts)
        reach = np.bincount(
            self.cooperative_district, weights=self.cooperative_reach, minlength=n_districts
        )
        return reach.astype(np.int64)

    @cached_property
    def unreachable_districts(self) -> NDArray[np.int64]:
        """Kecamatan (indices) with eligible slots of which no officer may fill any: the
        fairness tier leaves them out."""
        return np.flatnonzero((self.district_demand > 0) & (self.district_reach == 0))

    def district_filled(self, rows: NDArray[Any]) -> NDArray[np.int64]:
        """Chosen candidates per kecamatan; ``rows`` are row indices or a Boolean mask."""
        n_districts = len(self.scenario.districts)
        district = self.cooperative_district[self.cooperative[rows]]
        return np.bincount(district, minlength=n_districts).astype(np.int64)

    def fairness_level(self, filled: NDArray[np.int64], scale: int) -> int:
        """``min_k floor(scale * filled_k / R_k)`` over the kecamatan with reachable slots
        ``R_k > 0`` (:attr:`district_reach`), or ``scale`` when none has any."""
        reach = self.district_reach
        has = reach > 0
        if not has.any():
            return scale
        return int(np.min((scale * filled[has]) // reach[has]))

    def groups(self, key: str) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
        """Candidate rows grouped by ``key`` as (order, starts), like a CSR index.

        ``key`` is one of "officer", "cooperative", "slot" (cooperative, role),
        "pair" (officer, cooperative). Group g holds rows ``order[starts[g]:starts[g+1]]``;
        only non-empty groups are listed.
        """
        if key not in self._group_cache:
            n_roles = max(len(self.role_codes), 1)
            n_coops = max(len(self.scenario.cooperatives), 1)
            keys = {
                "officer": self.officer,
                "cooperative": self.cooperative,
                "slot": self.cooperative * n_roles + self.role,
                "pair": self.officer * n_coops + self.cooperative,
            }[key]
            order = np.argsort(keys, kind="stable")
            sorted_keys = keys[order]
            boundaries = np.flatnonzero(np.diff(sorted_keys)) + 1
            starts = np.concatenate([[0], boundaries, [len(keys)]]).astype(np.int64)
            if len(keys) == 0:
                starts = np.zeros(1, dtype=np.int64)
            self._group_cache[key] = (order.astype(np.int64), starts)
        return self._group_cache[key]

    def subset(self, keep: NDArray[np.bool_]) -> Candidates:
        """The candidates where ``keep`` is True, in the same order.

        Slots, kecamatan and everything per cooperative stay as they are: the subset
        describes the same scenario, with fewer triples to choose from.
        """
        per_candidate = {
            name: getattr(self, name)[keep]
            for name in (
                "officer",
                "cooperative",
                "role",
                "tier",
                "distance_km",
                "minutes",
                "travel_minutes",
                "load_minutes",
                "coverage_weight",
                "locality_weight",
                "baseline",
            )
        }
        return Candidates(
            scenario=self.scenario,
            demand=self.demand,
            cooperative_district=self.cooperative_district,
            role_codes=self.role_codes,
            cooperative_reach=self.cooperative_reach,
            build_time=self.build_time,
            **per_candidate,
        )


def build_candidates(scenario: Scenario) -> Candidates:
    """Every eligible (officer, cooperative, role) triple of ``scenario``.

    Raises
    ------
    ScenarioError
        When a lock names a pair that no locality tier links (the lock contradicts the
        locality rule).
    """
    started = time.perf_counter()
    role_codes = [r.code for r in scenario.roles]
    role_index = {code: i for i, code in enumerate(role_codes)}
    geo = GeoIndex.build(scenario)

    officers = np.flatnonzero(officer_mask(scenario)).astype(np.int64)
    skills = officer_role_matrix(scenario, role_index)
    demand = cooperative_role_demand(scenario, role_index)
    staffed = np.flatnonzero(demand.sum(axis=1) > 0).astype(np.int64)
    officers = officers[skills[officers].any(axis=1)]
    pairs: CooperativePairs = cooperative_pairs(scenario, geo, officers, staffed)

    officer, coop, role, pair_row = _expand_roles(
        pairs.officer,
        pairs.cooperative,
        np.arange(len(pairs.officer), dtype=np.int64),
        skills,
        demand,
        len(role_codes),
    )
    keep = ~forbidden_mask(scenario, officer, coop, role, role_index)
    officer, coop, role, pair_row = officer[keep], coop[keep], role[keep], pair_row[keep]

    tier = pairs.tier[pair_row]
    minutes = pairs.minutes[pair_row]
    coop_district = _cooperative_districts(scenario)
    priority = np.array(
        [scenario.cooperative_priority(c) for c in scenario.cooperatives], dtype=np.int64
    )
    candidates = Candidates(
        scenario=scenario,
        officer=officer,
        cooperative=coop,
        role=role,
        tier=tier,
        distance_km=pairs.distance_km[pair_row],
        minutes=minutes,
        travel_minutes=np.rint(minutes).astype(np.int64),
        load_minutes=_load_minutes(scenario, role, minutes).astype(np.int64),
        coverage_weight=priority[coop],
        locality_weight=_locality_weight(scenario, geo, officer, coop, tier, coop_district),
        demand=demand,
        cooperative_district=coop_district,
        role_codes=role_codes,
        baseline=np.zeros(len(officer), dtype=bool),
        cooperative_reach=_cooperative_reach(scenario, coop, role, demand),
    )
    candidates.baseline[candidates.rows_of(scenario.baseline or [])] = True
    _check_locks_have_candidates(scenario, candidates)
    candidates.build_time = time.perf_counter() - started
    return candidates


def _expand_roles(
    officer: NDArray[np.int64],
    coop: NDArray[np.int64],
    pair_row: NDArray[np.int64],
    skills: NDArray[np.bool_],
    demand: NDArray[np.int32],
    n_roles: int,
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
    """One row per (officer, cooperative, role) the officer has and the cooperative asks
    for, sorted by officer, cooperative, role: officer, cooperative, role, pair index."""
    rows_list, roles_list = [], []
    for r in range(n_roles):
        ok = np.flatnonzero(skills[officer, r] & (demand[coop, r] > 0))
        rows_list.append(ok)
        roles_list.append(np.full(len(ok), r, dtype=np.int64))
    rows = np.concatenate(rows_list) if rows_list else np.zeros(0, dtype=np.int64)
    role = np.concatenate(roles_list) if roles_list else np.zeros(0, dtype=np.int64)
    order = np.lexsort((role, coop[rows], officer[rows]))
    rows, role = rows[order], role[order]
    return officer[rows], coop[rows], role, pair_row[rows]


def _cooperative_reach(
    scenario: Scenario,
    coop: NDArray[np.int64],
    role: NDArray[np.int64],
    demand: NDArray[np.int32],
) -> NDArray[np.int64]:
    """Reachable slots per cooperative, ``R(c) = min(cap(c), sum_r min(demand[c, r],
    n(c, r)))`` with ``n(c, r)`` the officers of an eligible triple ``(o, c, r)`` (rows are
    distinct triples, every eligible one, forbids already left out)."""
    n_coops, n_roles = demand.shape
    officers = np.bincount(coop * max(n_roles, 1) + role, minlength=n_coops * n_roles)
    per_slot = np.minimum(officers.reshape(n_coops, n_roles), demand).sum(axis=1)
    cap = np.array(
        [scenario.cooperative_capacity(c) for c in scenario.cooperatives], dtype=np.int64
    )
    return np.minimum(per_slot, cap).astype(np.int64)


def _load_minutes(
    scenario: Scenario, role: NDArray[np.int64], minutes: NDArray[np.float64]
) -> NDArray[np.float64]:
    """Weekly minutes per candidate: the role's hours and the trips there and back."""
    policy = scenario.policy
    role_hours = np.array(
        [
            r.weekly_hours if r.weekly_hours is not None else policy.default_role_hours
            for r in scenario.roles
        ],
        dtype=np.float64,
    )
    return np.rint(role_hours[role] * 60.0) + np.rint(2.0 * policy.trips_per_week * minutes)


def _cooperative_districts(scenario: Scenario) -> NDArray[np.int64]:
    """Kecamatan index of each cooperative's village."""
    district_index = {d.code: i for i, d in enumerate(scenario.districts)}
    return np.array(
        [
            district_index[scenario.village_by_code[c.village].district]
            for c in scenario.cooperatives
        ],
        dtype=np.int64,
    )


def _locality_weight(
    scenario: Scenario,
    geo: GeoIndex,
    officer: NDArray[np.int64],
    coop: NDArray[np.int64],
    tier: NDArray[np.int8],
    coop_district: NDArray[np.int64],
) -> NDArray[np.int64]:
    """Locality score per candidate: the tier's score, plus the PPPK bonus for a PPPK
    officer placed in the kecamatan they work in."""
    objective = scenario.policy.objective
    tier_score = np.array(
        [objective.locality_scores.get(t, 0) for t in LOCALITY_ORDER], dtype=np.int64
    )
    is_pppk = np.array([o.employment in PPPK_KINDS for o in scenario.officers], dtype=bool)
    bonus = is_pppk[officer] & (geo.officer_work_district[officer] == coop_district[coop])
    result: NDArray[np.int64] = tier_score[tier] + objective.pppk_kecamatan_bonus * bonus.astype(
        np.int64
    )
    return result


def unreachable_locks(
    scenario: Scenario, candidates: Candidates, rows: NDArray[np.int64] | None = None
) -> list[int]:
    """Indices of the locks that the candidate ``rows`` do not honour.

    With ``rows`` None, every candidate counts: the locks that no plan can honour
    (the locality rule or a forbid rules the pair out).
    """
    if not scenario.locks:
        return []
    if rows is None:
        rows = np.arange(len(candidates.officer), dtype=np.int64)
    officer_index = {o.id: i for i, o in enumerate(scenario.officers)}
    coop_index = {c.id: i for i, c in enumerate(scenario.cooperatives)}
    triples = set(
        zip(
            candidates.officer[rows].tolist(),
            candidates.cooperative[rows].tolist(),
            candidates.role[rows].tolist(),
            strict=True,
        )
    )
    pairs = {(o, c) for o, c, _ in triples}
    missing = []
    for i, lock in enumerate(scenario.locks):
        o, c = officer_index[lock.officer], coop_index[lock.cooperative]
        if lock.role is None:
            ok = (o, c) in pairs
        else:
            ok = (o, c, candidates.role_codes.index(lock.role)) in triples
        if not ok:
            missing.append(i)
    return missing


def _check_locks_have_candidates(scenario: Scenario, candidates: Candidates) -> None:
    policy = scenario.policy
    problems = [
        Problem(
            describe_record("locks", i, scenario.locks[i]),
            "cooperative",
            "no allowed locality tier links this officer to the cooperative "
            f"(radius {policy.radius_km} km, tiers "
            f"{', '.join(t.value for t in policy.allowed_tiers)})",
        )
        for i in unreachable_locks(scenario, candidates)
    ]
    if problems:
        raise ScenarioError(problems)
