"""A stop you can rely on: a stop token set from another thread ends a single model and a
decomposed solve with a checked plan that says why; no part starts after the stop; a
worker process killed mid-solve costs its part (vacant, named), never the solve; the
other entry points stop too; the CLI exits 130 on Ctrl-C after writing the best plan.

Nothing here asserts wall-clock time: the stop's latency is measured in benchmarks/
(``python -m benchmarks.overshoot``).
"""

from __future__ import annotations

import functools
import os
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from koperasi_alloc.check import check
from koperasi_alloc.plan import Plan, Status, StopReason
from koperasi_alloc.scenario import Scenario
from koperasi_alloc.solver import Progress, solve
from koperasi_alloc.synth import generate


@pytest.fixture(scope="module")
def province() -> Scenario:
    return generate("province", seed=1, scarcity=0.5)


def stop_after_first_progress() -> tuple[threading.Event, Any]:
    """A stop token, and a callback that has another thread set it at the first report."""
    token = threading.Event()
    seen = threading.Event()

    def setter() -> None:
        seen.wait(120)
        token.set()

    threading.Thread(target=setter, daemon=True).start()

    def callback(progress: Progress) -> None:
        seen.set()

    return token, callback


def assert_stopped(plan: Plan, scenario: Scenario) -> None:
    assert check(scenario, plan) == []
    assert plan.status is Status.FEASIBLE
    assert plan.stopped_by is StopReason.STOP
    assert plan.message is not None
    assert "stopped on request" in plan.message
    # the headline quotes the time it ran, not the 120 s budget it did not use
    assert "120" not in plan.headline("en")
    assert "120" not in plan.headline("id")


def test_a_stop_from_another_thread_ends_a_single_model(province: Scenario) -> None:
    token, callback = stop_after_first_progress()
    plan = solve(province, time_limit=120, decompose=False, stop=token, callback=callback)
    assert_stopped(plan, province)


class CountingPool(ProcessPoolExecutor):
    """A process pool that counts the parts submitted after the stop was set."""

    def __init__(self, token: threading.Event, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.token = token
        self.submitted = 0
        self.after_stop = 0

    def submit(self, fn: Any, /, *args: Any, **kwargs: Any) -> Future[Any]:
        self.submitted += 1
        if self.token.is_set():
            self.after_stop += 1
        return super().submit(fn, *args, **kwargs)


def test_a_stop_ends_a_decomposed_solve_and_no_part_starts_after_it(province: Scenario) -> None:
    token, callback = stop_after_first_progress()
    with CountingPool(token, max_workers=2) as pool:
        plan = solve(province, time_limit=120, stop=token, callback=callback, executor=pool)
    assert plan.stats.components > 1
    assert_stopped(plan, province)
    assert pool.submitted >= 1
    assert pool.after_stop == 0


def test_the_solve_s_own_pool_starts_no_part_after_the_stop(
    province: Scenario, monkeypatch: pytest.MonkeyPatch
) -> None:
    from koperasi_alloc.solver import part_runner, workers

    token, callback = stop_after_first_progress()
    pools: list[CountingPool] = []

    def counting_pool(slots: int) -> tuple[ProcessPoolExecutor, Any]:
        pool, event = workers.new_pool(slots, functools.partial(CountingPool, token))
        assert isinstance(pool, CountingPool)
        pools.append(pool)
        return pool, event

    monkeypatch.setattr(part_runner, "new_pool", counting_pool)
    monkeypatch.setattr(part_runner.os, "cpu_count", lambda: 2)
    plan = solve(province, time_limit=120, stop=token, callback=callback)
    assert_stopped(plan, province)
    assert pools
    assert pools[0].after_stop == 0


def test_a_worker_killed_mid_solve_leaves_its_part_vacant_and_named(province: Scenario) -> None:
    pool = ProcessPoolExecutor(max_workers=2)

    def kill_workers_once_busy() -> None:
        for _ in range(6000):
            processes = dict(getattr(pool, "_processes", None) or {})
            if processes and getattr(pool, "_pending_work_items", None):
                time.sleep(0.3)
                for pid in processes:
                    os.kill(pid, signal.SIGKILL)
                return
            time.sleep(0.01)

    killer = threading.Thread(target=kill_workers_once_busy, daemon=True)
    killer.start()
    plan = solve(province, time_limit=30, executor=pool)
    killer.join(5)
    pool.shutdown(wait=False, cancel_futures=True)
    assert check(province, plan) == []
    assert plan.status is Status.FEASIBLE
    assert plan.message is not None
    assert "lost to a failed worker" in plan.message
    assert "kabupaten" in plan.message
    assert plan.vacancies


def test_replan_propose_hires_and_tradeoff_stop_too() -> None:
    from koperasi_alloc import propose_hires, replan, tradeoff

    scenario = generate("kutai-timur", seed=2, scarcity=0.5)
    token = threading.Event()
    token.set()  # stopped before it starts: each returns at once, saying so
    base = solve(scenario, time_limit=5, workers=1)
    again = replan(
        scenario.without_officers([a.officer_id for a in base.assignments[:5]]),
        base,
        time_limit=60,
        stop=token,
    )
    assert again.stopped_by is StopReason.STOP
    proposal = propose_hires(scenario, time_limit=60, stop=token)
    assert proposal.stopped_by is StopReason.STOP
    assert check(proposal.scenario, proposal.plan) == []
    curve = tradeoff(scenario, "radius_km", [10, 20, 30], time_limit=60, stop=token)
    assert curve.stopped_by is StopReason.STOP
    assert len(curve.rows) == 0


def test_a_callback_that_asks_to_stop_ends_a_decomposed_solve(province: Scenario) -> None:
    calls: list[Progress] = []

    def stop_at_first_part(progress: Progress) -> bool:
        calls.append(progress)
        return progress.event == "part"

    plan = solve(province, time_limit=120, callback=stop_at_first_part)
    assert check(province, plan) == []
    assert plan.stopped_by is StopReason.CALLBACK
    assert plan.status is Status.FEASIBLE


def test_ctrl_c_writes_the_best_plan_and_exits_130(tmp_path: Path, province: Scenario) -> None:
    from koperasi_alloc.io.json_io import load_plan_json, save_scenario_json

    region, out = tmp_path / "region.json", tmp_path / "plan.json"
    save_scenario_json(province, region)
    command = [sys.executable, "-m", "koperasi_alloc.cli", "solve", str(region)]
    process = subprocess.Popen(
        [*command, "--time-limit", "120", "--lang", "en", "-o", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    for line in process.stderr:  # the first progress line: the search is under way
        if line.startswith("["):
            break
    process.send_signal(signal.SIGINT)
    stdout, _ = process.communicate(timeout=120)
    assert process.returncode == 130, stdout
    plan = load_plan_json(out)
    assert plan.stopped_by is StopReason.INTERRUPT
    assert check(province, plan) == []
