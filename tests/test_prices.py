"""The first tier's bound with agency caps priced (:mod:`koperasi_alloc.flow.prices`) and
the pipeline stage that uses it (:mod:`koperasi_alloc.solver.priced_bound`)."""

from __future__ import annotations

import time
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import koperasi_alloc as ka
from koperasi_alloc import flow
from koperasi_alloc.candidates import build_candidates
from koperasi_alloc.plan import Status
from koperasi_alloc.scenario import Scenario
from tests.planted import PlantedRegion, planted_regions
from tests.tiny import A1, A2, B1, C1, coop, officer, region


def split_skills_region() -> Scenario:
    """One agency may release one officer. a (two cooperatives) can only be k1's manajer,
    b (one cooperative) only k2's keuangan. The network's agency arc carries two units
    (the cap's largest limit), so it fills both; every plan releases a or b and fills one
    slot; the LP with a released variable per officer allows a/2 + b <= 1: 1.5 slots."""
    return region(
        [
            officer("a", A1, max_cooperatives=2, skills=["manajer"]),
            officer("b", A1, max_cooperatives=1, skills=["keuangan"]),
        ],
        [coop("k1", A1, manajer=1), coop("k2", A2, keuangan=1)],
        agencies=[{"code": "DINAS", "name": "Dinas", "headcount": 100, "max_release": 1}],
    )


def _coverage_bounds(scenario: Scenario, target: int) -> tuple[int, int | None]:
    candidates = build_candidates(scenario)
    weights = flow.tier_weights(candidates, "coverage")
    network = int(weights[flow.max_benefit_rows(candidates, weights)].sum())
    priced = flow.agency_priced_bound(candidates, weights, target, time.perf_counter() + 30)
    return network, priced


def test_pricing_the_cap_reaches_the_lp_bound_below_the_networks() -> None:
    scenario = split_skills_region()
    plan = ka.solve(scenario, time_limit=10, workers=1)
    assert plan.status == Status.OPTIMAL
    one_slot = plan.tier("coverage")  # the optimum fills one slot (both weigh the same)
    assert one_slot is not None
    network, priced = _coverage_bounds(scenario, target=0)
    assert network == 2 * one_slot.value  # both slots through the agency arc
    assert priced == 3 * one_slot.value // 2  # floor of the LP's 1.5 slots


def test_no_bound_without_a_cap_on_officers_who_serve_several() -> None:
    scenario = split_skills_region()
    single = region(
        [officer("a", A1), officer("b", A1)],
        [coop("k1", A1), coop("k2", A2)],
        agencies=[{"code": "DINAS", "name": "Dinas", "headcount": 100, "max_release": 1}],
    )
    assert _coverage_bounds(single, target=0)[1] is None  # every limit 1: the arc is exact
    assert _coverage_bounds(scenario, target=0)[1] is not None


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(region=planted_regions(max_officers=10, max_villages=4))
def test_the_priced_bound_never_falls_below_the_optimum(region: PlantedRegion) -> None:
    scenario = region.scenario
    plan = ka.solve(scenario, time_limit=20, workers=1, decompose=False)
    coverage = plan.tier("coverage")
    assert coverage is not None
    candidates = build_candidates(scenario)
    weights = flow.tier_weights(candidates, "coverage")
    planted = int(weights[candidates.rows_of(region.planted)].sum())
    # aimed at 0, the search prices as hard as it can
    network, priced = _coverage_bounds(scenario, target=0)
    if priced is None:
        return
    assert priced <= network
    assert priced >= planted
    if plan.status == Status.OPTIMAL:
        assert priced >= coverage.value


def _bounds_around_the_stage(
    scenario: Scenario, *, short: bool
) -> tuple[dict[str, float], dict[str, float]]:
    """The relaxation's tier bounds before and after the priced-bound stage, run as if
    short of time or not."""
    from koperasi_alloc.solver import SolveOptions, build, priced_bound
    from koperasi_alloc.solver.engine import new_env
    from koperasi_alloc.solver.warm_start import WarmStart

    env = new_env(scenario, SolveOptions(time_limit=30, workers=1))
    prepared = WarmStart().apply(env, build.prepared(env))
    before = dict(prepared.relaxation.tier_bounds)
    with mock.patch.object(priced_bound, "short_of_time", return_value=short):
        stage = priced_bound.PricedBound()
        if stage.accepts(env, prepared):
            prepared = stage.apply(env, prepared)
    return before, dict(prepared.relaxation.tier_bounds)


def test_the_stage_tightens_a_pressed_runs_first_tier_and_drops_the_later_bounds() -> None:
    before, after = _bounds_around_the_stage(split_skills_region(), short=True)
    assert set(before) == {"coverage", "locality", "travel"}
    assert after["coverage"] < before["coverage"]
    assert set(after) == {"coverage"}  # locality and travel held only at the old bound


def test_the_stage_leaves_a_run_with_time_to_spare_alone() -> None:
    before, after = _bounds_around_the_stage(split_skills_region(), short=False)
    assert after == before


def test_short_of_time_is_seconds_per_candidate_in_either_mode() -> None:
    from koperasi_alloc.solver import SolveOptions
    from koperasi_alloc.solver.budget import short_of_time
    from koperasi_alloc.solver.engine import new_env

    for mode in ("lexicographic", "weighted"):
        scenario = split_skills_region().with_policy(objective={"mode": mode})
        pressed = new_env(scenario, SolveOptions(time_limit=2.0))
        spare = new_env(scenario, SolveOptions(time_limit=60.0))
        assert short_of_time(pressed, 10_000)  # 1e-3 s each is 10 s
        assert not short_of_time(spare, 10_000)


@st.composite
def capped_regions(draw: st.DrawFn) -> Scenario:
    """Up to six officers of one capped agency (limits 1 or 2, one or both skills) and up to
    four cooperatives on the tiny map: caps that bind on officers who serve several."""
    villages = [A1, A2, B1, C1]
    officers = [
        officer(
            f"o{k}",
            draw(st.sampled_from(villages)),
            max_cooperatives=draw(st.integers(1, 2)),
            skills=draw(st.sampled_from([["manajer"], ["keuangan"], ["manajer", "keuangan"]])),
        )
        for k in range(draw(st.integers(1, 6)))
    ]
    cooperatives = [
        coop(
            f"k{k}",
            draw(st.sampled_from(villages)),
            manajer=draw(st.integers(0, 1)),
            keuangan=draw(st.integers(1, 2)),
        )
        for k in range(draw(st.integers(1, 4)))
    ]
    cap = draw(st.integers(0, 3))
    return region(
        officers,
        cooperatives,
        agencies=[{"code": "DINAS", "name": "Dinas", "headcount": 100, "max_release": cap}],
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario=capped_regions())
def test_the_priced_bound_is_never_below_a_capped_regions_optimum(scenario: Scenario) -> None:
    plan = ka.solve(scenario, time_limit=20, workers=1)
    assert plan.status == Status.OPTIMAL
    optimum = plan.tier("coverage")
    assert optimum is not None
    network, priced = _coverage_bounds(scenario, target=0)
    assert priced is None or optimum.value <= priced <= network
