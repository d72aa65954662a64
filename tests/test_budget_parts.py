"""What keeps a decomposed job within its budget and its stop (issue 28): a re-plan of
several parts judges each part's baseline in that part, and a part run in this process
sees the user's stop while it runs. Timings are measured in benchmarks.overshoot, never
asserted here."""

from __future__ import annotations

import importlib
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from koperasi_alloc import flow
from koperasi_alloc.candidates import build_candidates
from koperasi_alloc.check import check, recompute_tiers
from koperasi_alloc.plan import Status, StopReason
from koperasi_alloc.planning import propose_hires, replan, replan_scenario, still_valid_plan
from koperasi_alloc.solver import solve
from koperasi_alloc.solver.part_runner import PartRunner
from koperasi_alloc.solver.progress import Stops
from koperasi_alloc.synth import generate
from tests.planted import PlantedRegion, planted_regions

replan_module = importlib.import_module("koperasi_alloc.planning.replan")


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(region=planted_regions(), data=st.data())
def test_a_part_keeps_what_the_replan_keeps_of_its_baseline(
    region: PlantedRegion, data: st.DataObject
) -> None:
    scenario = region.scenario
    base = solve(scenario, time_limit=5, workers=1)
    assume(base.status is Status.OPTIMAL and base.assignments)
    placed = sorted({a.officer_id for a in base.assignments})
    gone = data.draw(st.lists(st.sampled_from(placed), max_size=2, unique=True))
    cap = data.draw(st.integers(min_value=1, max_value=3))
    try:
        changed = scenario.without_officers(gone).with_policy(max_officers_per_cooperative=cap)
    except ValidationError:  # the cap below a cooperative's minimum or its locks
        assume(False)
        return
    target = replan_scenario(changed, base)
    candidates = build_candidates(target)
    judged = replan_module.baseline_validity(target, base, candidates)
    expected = sorted(k.row for k in judged if k.status == "valid")
    assert flow.still_held(candidates).tolist() == expected


def test_a_replan_of_several_parts_starts_each_from_its_own_baseline(monkeypatch: Any) -> None:
    scenario = generate("province", seed=0, scarcity=0.6)
    base = solve(scenario, time_limit=5)
    gone = sorted({a.officer_id for a in base.assignments})[::10]
    changed = scenario.without_officers(gone)
    target = replan_scenario(changed, base)
    floor = still_valid_plan(target, base)
    assert floor is not None

    def judged_at_once(*args: object, **kwargs: object) -> None:
        raise AssertionError("the whole baseline was judged at once")

    monkeypatch.setattr(replan_module, "still_valid_plan", judged_at_once)
    new = replan(changed, base, time_limit=10)
    assert check(target, new) == []
    coverage = recompute_tiers(target, new.assignments)["coverage"]
    assert coverage >= recompute_tiers(target, floor.assignments)["coverage"]


def test_a_part_run_in_this_process_sees_the_users_stop_while_it_runs() -> None:
    token = threading.Event()
    stops = Stops(time.perf_counter(), None, token)
    runner = PartRunner(1, None, stops, time.perf_counter() + 60.0, 0.5)
    seen: list[bool] = []

    def task(value: int, stop: Any) -> int:
        seen.append(stop.is_set())
        token.set()  # as another thread would, while the part runs
        seen.append(stop.is_set())
        return value

    runner.run([0], task, lambda t: (t,), lambda t, result: None, lambda: True)
    assert seen == [False, True]


def test_no_part_is_submitted_after_a_stop_that_comes_while_its_arguments_are_made() -> None:
    token = threading.Event()
    stops = Stops(time.perf_counter(), None, token)
    submitted: list[int] = []

    class RecordingPool(ThreadPoolExecutor):
        def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
            submitted.append(args[0])
            return super().submit(fn, *args, **kwargs)

    def job(t: int) -> tuple[int]:
        if t == 1:
            token.set()  # as another thread would, while the second part is prepared
        return (t,)

    with RecordingPool(max_workers=4) as pool:
        runner = PartRunner(4, pool, stops, time.perf_counter() + 60.0, 0.5)
        runner.run([0, 1, 2, 3], lambda t, stop: t, job, lambda t, result: None, lambda: True)
    assert submitted == [0]


def test_a_proposal_stopped_before_its_hires_are_looked_for_says_so() -> None:
    scenario = generate("kutai-timur", seed=0, scarcity=0.5)
    token = threading.Event()

    def stop_at_first_report(progress: object) -> bool:
        token.set()  # during the existing staff's plan, before the pool is built
        return False

    proposal = propose_hires(scenario, time_limit=60, stop=token, callback=stop_at_first_report)
    assert proposal.status is Status.NO_SOLUTION_IN_TIME
    assert proposal.stopped_by is StopReason.STOP
    assert proposal.plan.stopped_by is StopReason.STOP
    assert proposal.unreachable is None  # not looked for, so not claimed
    assert check(scenario, proposal.before) == []
    for lang in ("id", "en"):
        assert proposal.text(lang)
