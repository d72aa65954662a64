"""Floor bounds: every later tier bounded before the first is proven, never wrongly.

The bounds of :mod:`koperasi_alloc.solver.floor_bounds` (a later linear tier under a floor
on the first, priced, or counted over slots and officers without a flow; fairness as far
as the network allows) must lie on the right side
of the lexicographic optimum for every floor up to the optimum's first tier, on drawn
regions whose optima HiGHS computes independently; a solve that reports them stays honest
(tests/test_honesty.py's check), and a decomposed solve adds the parts' bounds into
bounds on every tier of the whole.
"""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from koperasi_alloc import flow
from koperasi_alloc.candidates import build_candidates
from koperasi_alloc.check import check
from koperasi_alloc.model.objective import FAIRNESS_SCALE
from koperasi_alloc.plan import Status
from koperasi_alloc.scenario import Scenario
from koperasi_alloc.solver import SolveOptions, solve
from koperasi_alloc.solver import floor_bounds as floor_stage
from koperasi_alloc.solver.parts import solve_part
from koperasi_alloc.solver.rounds import step_after
from koperasi_alloc.solver.values import fairness_bound
from koperasi_alloc.synth import generate

pytest.importorskip("highspy")

from tests.test_honesty import (
    assert_honest_lexicographic,
    assert_honest_weighted,
    lexicographic_optimum,
    regions,
    weighted_optimum,
)

SETTINGS = settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@SETTINGS
@given(scenario=regions(), below=st.integers(0, 6))
def test_floored_bounds_hold_for_the_lexicographic_optimum(scenario: Scenario, below: int) -> None:
    optimum = lexicographic_optimum(scenario)
    candidates = build_candidates(scenario)
    floor = max(optimum["coverage"] - below, 0)
    far = time.perf_counter() + 60
    for name in ("locality", "travel"):
        weights = flow.tier_weights(candidates, name)
        coverage = candidates.coverage_weight
        found_by_search = [
            flow.floored_bound(
                candidates, weights, coverage, floor, far, iterations, start_high=high
            )
            for high in (False, True)
            for iterations in (1, 16)  # cut short after one flow, or run to the end
        ]
        counted = flow.slot_bound(candidates, weights, coverage, floor)
        assert None not in found_by_search
        for found in (*found_by_search, counted):
            if name == "locality":
                assert found >= optimum[name], (name, found, optimum)
            else:
                assert -found <= optimum[name], (name, -found, optimum)
    # the first tier proven (held at the optimum's), the second floored below the optimum's
    held = (candidates.coverage_weight, optimum["coverage"])
    locality_floor = max(optimum["locality"] - below, 0)
    travel = flow.tier_weights(candidates, "travel")
    for high in (False, True):
        bound = flow.floored_bound(
            candidates,
            travel,
            candidates.locality_weight,
            locality_floor,
            far,
            held=held,
            start_high=high,
        )
        assert bound is not None
        assert -bound <= optimum["travel"], ("travel held", high, -bound, optimum)
    simple = min(FAIRNESS_SCALE, fairness_bound(candidates))
    empty = np.zeros(0, dtype=np.int64)
    level, _ = flow.fairest_rows(
        candidates, candidates.coverage_weight, empty, simple, FAIRNESS_SCALE
    )
    assert level >= optimum["fairness"], (level, optimum)


def test_the_floored_bound_falls_as_the_floor_rises() -> None:
    # the priced search finds the least bound: a higher floor never loosens it, and at the
    # relaxation's own first-tier optimum it meets the relaxation's locality bound
    scenario = generate("kutai-timur", seed=0, n_officers=400)
    candidates = build_candidates(scenario)
    relaxed = flow.relax(candidates, scenario.objective_tiers())
    assert relaxed is not None
    weights = flow.tier_weights(candidates, "locality")
    far = time.perf_counter() + 60
    top = relaxed.bounds["coverage"]
    bounds = [
        flow.floored_bound(candidates, weights, candidates.coverage_weight, f, far)
        for f in (top - 20, top - 5, top)
    ]
    assert bounds == sorted(bounds, reverse=True)  # type: ignore[type-var]
    assert bounds[-1] == relaxed.bounds["locality"]
    # started at the high price (the bounds round's floors) the search ends at the same
    # least bound; near the top its first flow alone is within 2 % of it, where the
    # first flow at no price bounds locality as if coverage did not count
    coverage = candidates.coverage_weight
    for f, least in zip((top - 20, top - 5, top), bounds, strict=True):
        assert flow.floored_bound(candidates, weights, coverage, f, far, start_high=True) == least
    high = flow.floored_bound(candidates, weights, coverage, top - 5, far, 1, start_high=True)
    low = flow.floored_bound(candidates, weights, coverage, top - 5, far, 1)
    assert high is not None
    assert low is not None
    assert bounds[1] is not None
    assert bounds[1] <= high <= 1.02 * bounds[1] < low, (bounds[1], high, low)


@pytest.fixture
def forced(monkeypatch: pytest.MonkeyPatch) -> None:
    """The floor bounds computed whatever the budget, with all the time they need."""
    monkeypatch.setattr(floor_stage, "short_of_time", lambda env, n: True)
    monkeypatch.setattr(floor_stage, "FLOOR_SHARE", 1.0)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,  # the same patch for every region
    ],
)
@given(scenario=regions(), stop_after=st.sampled_from([0.05, 0.2, 0.5]), weighted=st.booleans())
def test_a_solve_cut_short_reports_honest_bounds_on_every_tier(
    forced: None, scenario: Scenario, stop_after: float, weighted: bool
) -> None:
    # weighted mode has no tier bounds of its own: the floor bounds must not give it any
    if weighted:
        scenario = scenario.with_policy(objective={"mode": "weighted"})
    plan = solve(scenario, time_limit=stop_after, workers=2)
    assert check(scenario, plan) == []
    if plan.status not in (Status.OPTIMAL, Status.FEASIBLE):
        return
    if weighted:
        assert_honest_weighted(plan, weighted_optimum(scenario))
    else:
        assert_honest_lexicographic(plan, lexicographic_optimum(scenario))


def test_a_decomposed_solve_bounds_every_tier_of_the_whole(forced: None) -> None:
    # 10 kabupaten/kota, officers up to 2 cooperatives under agency caps, fairness last
    scenario = generate("province", seed=4, n_officers=1500)
    with ThreadPoolExecutor(max_workers=2) as pool:
        reference = solve(scenario, time_limit=60, executor=pool)
        short = solve(scenario, time_limit=1.0, executor=pool)
    assert reference.status is Status.OPTIMAL
    assert check(scenario, short) == []
    assert short.stats.method == "decomposed"
    optimum = {t.name: t.value for t in reference.tiers}
    assert all(t.bound is not None for t in short.tiers), short.tiers
    assert_honest_lexicographic(short, optimum)


@pytest.mark.parametrize("tiers", [None, ["coverage"]])
@pytest.mark.parametrize("seed", [2, 3])
def test_a_later_round_never_loosens_the_bounds_of_the_round_before(
    seed: int, tiers: list[str] | None
) -> None:
    # a later round skips the priced bound and, this short, CP-SAT: the relaxation alone
    # bounded coverage 5-11 slots looser than the round before had (national parts too),
    # with the default tiers and with coverage alone (no floor bounds there)
    scenario = generate("kutai-timur", seed=seed, scarcity=0.5)
    if tiers is not None:
        scenario = scenario.with_policy(objective={"mode": "lexicographic", "tiers": tiers})
    for first_budget in (0.3, 0.6):
        before = solve_part(
            scenario, SolveOptions(time_limit=first_budget), step_after(None, scenario, 0)
        )
        after = solve_part(scenario, SolveOptions(time_limit=0.05), step_after(before, scenario, 1))
        assert check(scenario, after) == []
        for old, new in zip(before.tiers, after.tiers, strict=True):
            if old.bound is None:
                continue
            assert new.bound is not None, (old, new)
            looser = new.bound > old.bound if old.sense == "max" else new.bound < old.bound
            assert not looser, (first_budget, old, new)
