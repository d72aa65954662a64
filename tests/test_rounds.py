"""Rounds of a decomposed solve (:mod:`koperasi_alloc.solver.rounds`): parts solved tier by
tier, each round from the part's last plan and the bounds it proved."""

from __future__ import annotations

import math
from concurrent.futures import ThreadPoolExecutor
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings

import koperasi_alloc as ka
from koperasi_alloc.check import check
from koperasi_alloc.plan import Plan, Status, TierValue
from koperasi_alloc.solver import SolveOptions, lexicographic, stage
from koperasi_alloc.solver.parts import parts_progress, solve_part
from koperasi_alloc.solver.rounds import (
    group_starts,
    later_round,
    open_gap,
    open_units,
    step_after,
)
from tests.planted import PlantedRegion, planted_regions, twin_kabupaten
from tests.tiny import A1, coop, officer, region

OPTIONS = SolveOptions(time_limit=20, workers=1)


def _signed(plan: Plan) -> list[int]:
    return [t.value if t.sense == "max" else -t.value for t in plan.tiers]


def test_rounds_follow_the_stage_groups_of_a_monolithic_solve() -> None:
    scenario = region([], [])
    assert scenario.objective_tiers() == ["coverage", "locality", "travel", "fairness"]
    assert group_starts(scenario) == [0, 1, 3]  # coverage | locality+travel | fairness
    weighted = scenario.with_policy(objective={"mode": "weighted"})
    assert group_starts(weighted) == [0]
    reordered = scenario.with_policy(
        objective={"tiers": ["coverage", "fairness", "locality", "travel"]}
    )
    assert group_starts(reordered) == [0, 1, 2]


def test_a_step_limits_the_round_to_its_groups_and_carries_the_bounds() -> None:
    scenario = region([], [])
    first = step_after(None, scenario, 0)
    assert (first.hint, first.tier_limit, first.known_bounds) == (None, 1, {})
    assert step_after(None, scenario, 1).tier_limit == 3
    assert step_after(None, scenario, 2).tier_limit is None
    assert step_after(None, scenario, None).tier_limit is None


def _stub_search(
    known: dict[str, float], values: dict[str, int], monkeypatch: pytest.MonkeyPatch
) -> tuple[SimpleNamespace, SimpleNamespace]:
    """A later round's environment with ``known`` bounds, and a search whose incumbent has
    the tier ``values``."""
    tiers = [SimpleNamespace(name=n) for n in ("coverage", "locality", "travel", "fairness")]
    monkeypatch.setattr(lexicographic, "tier_value", lambda _c, name, _chosen: values[name])
    env = SimpleNamespace(step=SimpleNamespace(known_bounds=known))
    searched = SimpleNamespace(
        built=SimpleNamespace(tiers=tiers),
        incumbent=SimpleNamespace(chosen=np.ones(1, dtype=bool)),
        candidates=None,
    )
    return env, searched


def test_a_known_bound_holds_only_while_the_tiers_before_it_sit_at_their_proven_values(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    known = {"coverage": 10.0, "locality": 7.0, "travel": 30.0}
    values = {"coverage": 10, "locality": 7, "travel": 31, "fairness": 0}
    env, at_optimum = _stub_search(known, values, monkeypatch)
    tiers = at_optimum.built.tiers

    def bound(searched: SimpleNamespace, index: int) -> int | None:
        return lexicographic.known_bound(env, searched, tiers[index])  # type: ignore[arg-type]

    assert [bound(at_optimum, i) for i in range(3)] == [10, 7, 30]
    # travel 31 is not its proven 30, so nothing is known about fairness
    assert bound(at_optimum, 3) is None
    # an incumbent below the coverage optimum: the locality bound does not apply to it
    values["coverage"] = 9
    assert bound(at_optimum, 0) == 10
    assert bound(at_optimum, 1) is None


def test_open_gap_names_the_first_unproven_tier() -> None:
    scenario = region([officer("p1", A1)], [coop("k1", A1)])
    plan = ka.solve(scenario, time_limit=5, workers=1)
    assert plan.status == Status.OPTIMAL
    assert open_gap(plan) is None
    assert open_gap(None) == (0, 1.0)
    unproven = plan.model_copy(
        update={
            "status": Status.FEASIBLE,
            "tiers": [
                plan.tiers[0],
                plan.tiers[1].model_copy(
                    update={"bound": plan.tiers[1].value + 3, "proven": False}
                ),
                *plan.tiers[2:],
            ],
        }
    )
    index, gap = open_gap(unproven) or (None, None)
    assert index == 1
    assert gap == 3 / max(1, plan.tiers[1].value)


def test_a_middle_round_goes_tier_by_tier_and_by_gap_within_a_tier() -> None:
    # parts 0 and 3 are 1 and 4 coverage slots in a thousand short, part 1 has 13 % of
    # its locality open, part 4 its travel unbounded: relative gaps of different tiers
    # do not compare, so each tier's parts are a group of their own
    gaps = {0: (0, 0.001), 1: (1, 0.13), 2: None, 3: (0, 0.004), 4: (2, 1.0), 5: (1, 0.0)}
    sizes = [100, 100, 100, 50, 10, 40]
    groups = later_round(gaps, sizes)
    assert [order for order, _ in groups] == [[3, 0], [1, 5], [4]]
    assert groups[0][1] == pytest.approx({3: 0.2, 0: 0.1})
    assert groups[1][1] == pytest.approx({1: 13.0, 5: 0.04})
    assert groups[2][1] == pytest.approx({4: 10.0})
    # the last round: one group, the same order and weights
    [(order, weights)] = later_round(gaps, sizes, by_tier=False)
    assert order == [3, 0, 1, 5, 4]
    assert weights == pytest.approx({3: 0.2, 0: 0.1, 1: 13.0, 5: 0.04, 4: 10.0})
    assert later_round({2: None}, sizes) == later_round({}, sizes, by_tier=False) == []


def test_a_middle_round_gives_each_tier_the_search_its_gap_calls_for(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # parts 0, 1 and 4 have coverage open (1, 100 and 2 slots), 2 locality, 3 travel; two
    # slots. Part 0 may have its 0.5 s preparation and the quarter second its slot calls
    # for less the 0.05 s it searched (0.7 s, under the first round's 1 s); part 1 the
    # first round's 2 s (under 25 s); part 4 nothing, having searched its two slots' half
    # second: their tier plays 1.35 s, the next tier's at most its own first-round time,
    # the last tier's to the round's end
    from koperasi_alloc.solver import parts as parts_module

    gaps = {0: (0, 0.001), 1: (0, 0.002), 2: (1, 0.1), 3: (2, 0.5), 4: (0, 0.001)}
    units = {0: 1.0, 1: 100.0, 2: 1e4, 3: math.inf, 4: 2.0}
    monkeypatch.setattr(parts_module, "open_gap", lambda plan: gaps[plan])
    monkeypatch.setattr(parts_module, "open_units", lambda plan: units[plan])
    played: list[tuple[list[int], float, int | None]] = []
    tasks = object.__new__(parts_module._Tasks)
    tasks.results = {t: t for t in gaps}  # type: ignore[misc]
    tasks.sizes = [10, 10, 10, 10, 5]
    tasks.first_budget = {0: 1.0, 1: 2.0, 2: 200.0, 3: 1.0, 4: 9.0}
    tasks.prepared_in = {0: 0.5, 1: 0.5, 2: 1.0, 3: 1.0, 4: 1.0}
    tasks.searched = {0: 0.05, 1: 0.0, 2: 0.5, 3: 0.0, 4: 0.5}
    tasks.runner = SimpleNamespace(slots=2, stopping=lambda: False)  # type: ignore[assignment]
    now = 5000.0  # the scheduler's clock, held still so that the round ends are exact
    monkeypatch.setattr(parts_module, "time", SimpleNamespace(perf_counter=lambda: now))
    tasks.deadline = now + 1000.0
    monkeypatch.setattr(
        tasks, "_play", lambda round_, level: played.append((round_.batch, round_.until, level))
    )
    tasks._play_later(list(gaps), now + 60.0, 1, by_tier=True)
    assert [batch for batch, _, _ in played] == [[1, 0, 4], [2], [3]]
    assert played[0][1] == pytest.approx(now + 1.35)
    assert played[1][1] == pytest.approx(now + 60.0)  # its 100 s cap is past the round
    assert played[2][1] == pytest.approx(now + 60.0)
    played.clear()
    tasks._play_later(list(gaps), now + 60.0, None, by_tier=False)
    assert [(batch, until) for batch, until, _ in played] == [([1, 0, 4, 2, 3], now + 60.0)]


def test_open_units_is_the_earliest_open_tiers_gap_in_its_own_units() -> None:
    def plan(*tiers: tuple[int, int | None, bool]) -> Plan:
        return Plan(
            status=Status.FEASIBLE,
            tiers=[
                TierValue(name=name, sense=sense, value=value, bound=bound, proven=proven)
                for (name, sense), (value, bound, proven) in zip(
                    (("coverage", "max"), ("locality", "max"), ("travel", "min")),
                    tiers,
                    strict=False,
                )
            ],
        )

    assert open_units(None) == math.inf
    assert open_units(plan((10, 12, False), (5, 9, False))) == 2
    assert open_units(plan((12, 12, True), (5, 9, False))) == 4
    assert open_units(plan((12, 12, True), (5, None, False))) == math.inf
    assert open_units(plan((12, 12, True), (5, 5, True))) == 0
    assert open_units(Plan(status=Status.OPTIMAL)) == 0


def test_a_stage_too_late_for_cp_sat_names_the_plan_it_keeps() -> None:
    from koperasi_alloc.solver.state import Incumbent, Searched

    def kept(from_earlier_round: bool) -> tuple[str, ...]:
        env = SimpleNamespace(remaining=lambda: 1.0, from_earlier_round=from_earlier_round)
        searched = Searched(
            prepared=SimpleNamespace(notes=()),  # type: ignore[arg-type]
            built=SimpleNamespace(context=SimpleNamespace(n_candidates=10**9)),  # type: ignore[arg-type]
            incumbent=Incumbent(np.ones(1, dtype=bool), "flow"),
            hint_rows=None,
        )
        goal = stage.Goal(
            name="coverage",
            tiers=(),
            expression=SimpleNamespace(is_constant=False),  # type: ignore[arg-type]
            value_of=lambda chosen: 5.0,
            prefer=lambda a, b: False,
            tier_values=lambda chosen: (),
            known_bound=6.0,
        )
        done = stage._searched_or_kept(env, searched, goal, 5.0)  # type: ignore[arg-type]
        record = done.stages[-1]
        assert (record.value, record.bound, record.proven) == (5.0, 6.0, False)
        return done.notes

    assert kept(False) == ("time budget too short to improve the warm start with CP-SAT",)
    # in a later round of a decomposed solve the plan kept is the round before's
    assert kept(True) == ("time budget too short to improve the previous round's plan with CP-SAT",)


def test_parts_progress_sums_bounds_only_while_every_finished_part_has_one() -> None:
    scenario = region(
        [officer("p1", A1), officer("p2", A1)], [coop("k1", A1, manajer=1, keuangan=1)]
    )
    plan = ka.solve(scenario, time_limit=5, workers=1)
    assert plan.objective is not None
    assert plan.best_bound is not None
    loose = plan.model_copy(update={"best_bound": plan.objective + 4, "gap": 0.5})
    both = parts_progress([plan, loose], 3, 1.0)
    assert (both.objective, both.bound) == (2 * plan.objective, 2 * plan.objective + 4)
    assert (both.components_done, both.components_total, both.worst_gap) == (2, 3, 0.5)
    # a finished part without a bound is not a proven one: the sums' bound and the worst
    # gap are unknown, not the others' alone
    unbounded = plan.model_copy(update={"best_bound": None, "gap": None})
    some = parts_progress([loose, unbounded], 3, 1.0)
    assert some.objective == 2 * plan.objective
    assert some.bound != some.bound  # NaN
    assert some.worst_gap is None


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(region=planted_regions(max_officers=8, max_villages=4))
def test_a_part_solved_round_by_round_reaches_the_one_shot_optimum(region: PlantedRegion) -> None:
    scenario = region.scenario
    whole = ka.solve(scenario, time_limit=20, workers=1, decompose=False)
    plan: Plan | None = None
    for level in (0, 1, 2):
        step = step_after(plan, scenario, level)
        plan = solve_part(scenario, OPTIONS, step)
        assert check(scenario, plan) == []
        first = plan.tiers[0]
        if whole.status == Status.OPTIMAL:  # the first tier's bound is always valid
            best = whole.tiers[0].value
            assert first.bound is None or (
                first.bound >= best if first.sense == "max" else first.bound <= best
            )
    assert plan is not None
    if whole.status == Status.OPTIMAL:
        assert plan.status == Status.OPTIMAL
        assert _signed(plan) == _signed(whole)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(region=planted_regions(max_officers=8, max_villages=4))
def test_decomposed_rounds_match_the_monolithic_optimum_and_bound_it(region: PlantedRegion) -> None:
    twin = twin_kabupaten(region.scenario)
    whole = ka.solve(twin, time_limit=30, workers=1, decompose=False)
    with ThreadPoolExecutor(max_workers=2) as pool:
        parts = ka.solve(twin, time_limit=30, workers=1, executor=pool)
    assert parts.stats.method == "decomposed"
    assert check(twin, parts) == []
    if whole.status != Status.OPTIMAL:
        return
    for index, tier in enumerate(parts.tiers):
        optimum = whole.tiers[index].value
        earlier_at_optimum = all(parts.tiers[j].value == whole.tiers[j].value for j in range(index))
        if tier.bound is not None and earlier_at_optimum:
            assert tier.bound >= optimum if tier.sense == "max" else tier.bound <= optimum
    if parts.status == Status.OPTIMAL:
        assert _signed(parts) == _signed(whole)
