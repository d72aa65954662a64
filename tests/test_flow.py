"""The network relaxation's fairness search (koperasi_alloc.flow.fairest_rows)."""

from __future__ import annotations

from dataclasses import replace
from unittest import mock

import numpy as np
from hypothesis import HealthCheck, given, settings

from koperasi_alloc import flow
from koperasi_alloc.candidates import build_candidates
from koperasi_alloc.check import check
from koperasi_alloc.plan import Status
from koperasi_alloc.scenario import Scenario
from koperasi_alloc.solver import _Run, solve
from tests.planted import PlantedRegion, planted_regions
from tests.tiny import A1, B1, C1, C, coop, officer, region


def tie_region() -> Scenario:
    """o1 lives in A1; o3 lives in C1 but sits at (1.00, 117.15), 16.7 km from both A1 and
    B1. k1 (A1) wants 2 officers, k2 (B1) wants 1. o1 in k1 is best for locality (4 vs 1);
    o3 is worth the same (coverage 3, locality 0, travel 25) in k1 and in k2, so only the
    fairness tier decides: o3 in k1 leaves kecamatan B empty (fairness 0), o3 in k2 gives
    A 1/2 and B 1/1 (fairness 500)."""
    return region(
        [officer("o1", A1), officer("o3", C1, work_district=C, lat=1.0, lon=117.15)],
        [coop("k1", A1, manajer=1, keuangan=1), coop("k2", B1)],
    )


def rows_of(scenario: Scenario, wanted: set[tuple[str, str, str]]) -> np.ndarray:
    candidates = build_candidates(scenario)
    return np.array(
        [
            r
            for r in range(len(candidates))
            if (
                scenario.officers[candidates.officer[r]].id,
                scenario.cooperatives[candidates.cooperative[r]].id,
                candidates.role_codes[candidates.role[r]],
            )
            in wanted
        ],
        dtype=np.int64,
    )


def test_fairest_flow_moves_the_tied_officer_to_the_empty_kecamatan() -> None:
    scenario = tie_region()
    candidates = build_candidates(scenario)
    relaxation = flow.relax(candidates, scenario.objective_tiers())
    assert relaxation is not None
    assert relaxation.bounds == {"coverage": 6, "locality": 4, "travel": 25}
    unfair = rows_of(scenario, {("o1", "k1", "manajer"), ("o3", "k1", "keuangan")})
    start = replace(relaxation, rows=unfair)
    level, rows = flow.fairest_rows(candidates, start, 0, 1000, 1000)
    assert level == 500
    chosen = {
        (
            scenario.officers[candidates.officer[r]].id,
            scenario.cooperatives[candidates.cooperative[r]].id,
        )
        for r in rows.tolist()
    }
    assert chosen == {("o1", "k1"), ("o3", "k2")}
    # and no level above 500 is reachable without losing a folded tier
    assert flow.fairest_rows(candidates, start, 500, 1000, 1000)[0] == 500


def test_solve_proves_the_fairness_tie_break_without_search() -> None:
    scenario = tie_region()
    plan = solve(scenario, time_limit=5, workers=1)
    assert check(scenario, plan) == []
    assert plan.status is Status.OPTIMAL
    assert {t.name: (t.value, t.bound) for t in plan.tiers} == {
        "coverage": (6, 6),
        "locality": (4, 4),
        "travel": (25, 25),
        "fairness": (500, 500),
    }
    assert plan.stats.method == "flow"


def without_fairness_flow(run: _Run, tier: object, bound: int | None) -> int | None:
    return bound


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(region=planted_regions())
def test_fairness_from_the_flow_equals_the_cpsat_fairness_stage(region: PlantedRegion) -> None:
    scenario = region.scenario
    with_flow = solve(scenario, time_limit=10, workers=1)
    with mock.patch.object(_Run, "_fairness_by_flow", without_fairness_flow):
        searched = solve(scenario, time_limit=10, workers=1)
    assert check(scenario, with_flow) == []
    if with_flow.status is Status.OPTIMAL and searched.status is Status.OPTIMAL:
        assert [t.value for t in with_flow.tiers] == [t.value for t in searched.tiers]
