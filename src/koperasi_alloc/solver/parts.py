"""Decomposed solve: independent parts (:mod:`koperasi_alloc.decompose`) solved apart,
in parallel where the executor allows, then merged (:mod:`koperasi_alloc.solver.merge`).

Parts are grouped into tasks of about :data:`TASK_SIZE` and solved in rounds, tier by
tier across the tasks (:mod:`koperasi_alloc.solver.rounds`): in each round the largest
start first, and each task gets a share of the round's time in proportion to its size.
Only data travels to workers: each task is a smaller scenario, solved by the monolithic
pipeline from its plan of the round before.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
import time
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from typing import Any

from koperasi_alloc.decompose import Part, chunk, sub_scenario
from koperasi_alloc.plan import Plan
from koperasi_alloc.scenario import Scenario
from koperasi_alloc.solver.budget import stage_share
from koperasi_alloc.solver.merge import all_known, merge
from koperasi_alloc.solver.progress import Deadline, Interrupt, Progress, ProgressCallback
from koperasi_alloc.solver.rounds import Step, group_starts, open_gap, step_after

__all__ = ["TASK_SIZE", "parts_progress", "solve_part", "solve_parts"]

#: Parts are grouped into tasks of about this size (officers x cooperatives in reach).
TASK_SIZE = 40_000

#: Seconds a task needs per unit of size (officers x cooperatives in reach) before its
#: search starts: candidates, relaxation, warm start and model (about 2.2 s for the largest
#: national part, 1.5 million; measured on 2 cores). A round keeps this much back for the
#: tasks it has not started yet.
PREPARE_SECONDS_PER_SIZE = 1.5e-6


def solve_part(
    scenario: Scenario, time_limit: float, options: dict[str, Any], step: Step | None = None
) -> Plan:
    """Solve one part in a worker (module-level so that executors can pickle it): the
    whole pipeline, or the round ``step`` asks for (:mod:`.rounds`)."""
    from koperasi_alloc.solver import monolithic, new_run, solve
    from koperasi_alloc.solver.budget import check_options

    if step is None:
        return solve(scenario, time_limit=time_limit, decompose=False, **options)
    deadline = Deadline(time.perf_counter(), time_limit)
    params = dict(options)
    workers, seed, gap_limit = params.pop("workers"), params.pop("seed"), params.pop("gap_limit")
    check_options(seed, workers)
    run = new_run(scenario, deadline, workers, seed, gap_limit, None, False, params)
    run.tier_limit = step.tier_limit
    run.known_bounds = dict(step.known_bounds)
    run.hint_from_earlier_round = step.hint is not None
    return monolithic(run, deadline, step.hint)


def parts_progress(plans: list[Plan], total: int, elapsed: float) -> Progress:
    """The "components" progress event after a part finishes: sums over the finished
    parts' plans, out of ``total`` parts.

    A bound is summed only when every finished part has one (else NaN, as for any unknown
    bound), and the worst gap is known only when every finished part's gap is: a part
    without a bound is not counted as proven.
    """
    done = [p for p in plans if p.objective is not None]
    bounds = all_known([p.best_bound for p in done])
    gaps = all_known([p.gap for p in done])
    return Progress(
        "components",
        float(sum(p.objective or 0 for p in done)),
        float(sum(bounds)) if bounds is not None else float("nan"),
        elapsed,
        components_done=len(plans),
        components_total=total,
        worst_gap=max(gaps, default=None) if gaps is not None else None,
    )


def _pool(slots: int) -> ProcessPoolExecutor:
    method = "fork" if threading.active_count() == 1 and os.name == "posix" else "spawn"
    return ProcessPoolExecutor(max_workers=slots, mp_context=multiprocessing.get_context(method))


def solve_parts(
    scenario: Scenario,
    parts: list[Part],
    *,
    deadline: Deadline,
    workers: int | None,
    seed: int,
    gap_limit: float | None,
    callback: ProgressCallback | None,
    executor: Executor | None,
    cpsat_params: dict[str, Any],
) -> Plan:
    """Solve independent parts (in parallel where the executor allows) and merge them."""
    options = {"workers": workers, "seed": seed, "gap_limit": gap_limit, **cpsat_params}
    job = _Tasks(scenario, parts, deadline, callback, executor, options)
    try:
        job.interrupt.__enter__()
        job.run()
    except KeyboardInterrupt:
        job.interrupt.requested = True
    finally:
        job.interrupt.__exit__()
        if job.own_pool is not None:
            job.own_pool.shutdown(wait=False, cancel_futures=True)
    return job.merged(len(parts), cpsat_params)


class _Tasks:
    """The tasks of one decomposed solve: their queue, rounds, budgets and results."""

    def __init__(
        self,
        scenario: Scenario,
        parts: list[Part],
        deadline: Deadline,
        callback: ProgressCallback | None,
        executor: Executor | None,
        options: dict[str, Any],
    ) -> None:
        self.scenario = scenario
        self.started, self.time_limit = deadline.started, deadline.time_limit
        self.deadline = deadline.at
        self.callback = callback
        cores = os.cpu_count() or 1
        self.tasks = chunk(parts, TASK_SIZE)
        self.own_pool: ProcessPoolExecutor | None = None
        # A daemonic process (a worker of another pool) may not start children: solve the
        # parts one after another there.
        may_fork = not multiprocessing.current_process().daemon
        if executor is None and cores > 1 and len(self.tasks) > 1 and may_fork:
            self.own_pool = _pool(min(cores, len(self.tasks)))
            executor = self.own_pool
        self.executor = executor
        self.slots = getattr(executor, "_max_workers", None) or (
            cores if executor is not None else 1
        )
        task_workers = options["workers"] or max(1, cores // max(self.slots, 1))
        self.options = {**options, "workers": task_workers}
        self.sizes = [sum(p.size for p in task) for task in self.tasks]
        self.queue = sorted(range(len(self.tasks)), key=lambda t: -self.sizes[t])
        self.results: dict[int, Plan] = {}
        self.scenarios: dict[int, Scenario] = {}
        self.interrupt = Interrupt()
        self.grace = max(deadline.time_limit * 0.05, 0.5)
        self._round = _Round([], {}, self.sizes, self.deadline, first=True)

    def part(self, task: int) -> Scenario:
        if task not in self.scenarios:
            name = f"{self.scenario.name} [{task + 1}/{len(self.tasks)}]"
            self.scenarios[task] = sub_scenario(self.scenario, self.tasks[task], name)
        return self.scenarios[task]

    def out_of_time(self) -> bool:
        return time.perf_counter() > self.deadline - 0.05

    # --- rounds --------------------------------------------------------------------------

    def run(self) -> None:
        """The rounds (:mod:`.rounds`): every open part's stage groups up to the round's,
        then the time left to the parts still open, by size and remaining gap."""
        levels = len(group_starts(self.scenario))
        for level in range(levels):
            batch = [t for t in self.queue if open_gap(self.results.get(t)) is not None]
            if not batch or self.interrupt.requested or self.out_of_time():
                return
            left = self.deadline - time.perf_counter()
            until = time.perf_counter() + left * stage_share(level, levels)
            weights = {t: float(self.sizes[t]) for t in batch}
            self._play(_Round(batch, weights, self.sizes, until, first=level == 0), level)
        gaps = {t: open_gap(self.results.get(t)) for t in self.queue}
        still_open = {t: g for t, g in gaps.items() if g is not None}
        if still_open and self.deadline - time.perf_counter() > self.grace:
            batch = sorted(still_open, key=lambda t: (still_open[t][0], -still_open[t][1]))
            weights = {t: self.sizes[t] * max(still_open[t][1], 1e-3) for t in batch}
            self._play(_Round(batch, weights, self.sizes, self.deadline, first=False), None)

    def _play(self, round_: _Round, level: int | None) -> None:
        self._round = round_
        if self.executor is None:
            for task in round_.batch:
                if self.interrupt.requested or not self._may_start():
                    break
                self.finished(task, solve_part(*self._job(task, level)))
        else:
            self._play_on(self.executor, level)

    def _job(self, task: int, level: int | None) -> tuple[Scenario, float, dict[str, Any], Step]:
        """The arguments of :func:`solve_part` for ``task`` in this round (its budget is
        taken from the round's time as it starts)."""
        scenario = self.part(task)
        step = step_after(self.results.get(task), scenario, level)
        return scenario, self.budget_for(task), self.options, step

    def _may_start(self) -> bool:
        """Round 0 starts every part while the solve has time (each needs a plan); later
        rounds start parts only before their own end."""
        until = self.deadline if self._round.first else self._round.until
        return time.perf_counter() < until - 0.05

    def budget_for(self, task: int) -> float:
        """Seconds for ``task``: its weight's share of the round's time left on every slot,
        after the time the round's tasks not yet started need to build their models."""
        round_ = self._round
        left = max(min(round_.until, self.deadline) - time.perf_counter() - 0.2, 0.05)
        own = PREPARE_SECONDS_PER_SIZE * self.sizes[task]
        round_.unstarted -= self.sizes[task]
        others = PREPARE_SECONDS_PER_SIZE * max(round_.unstarted, 0)
        searching = max(left * max(self.slots, 1) - others, 0.0)
        share = own + searching * round_.weights[task] / (round_.remaining or 1.0)
        return max(min(left, share), 0.05)

    def finished(self, task: int, plan: Plan) -> None:
        """Record a task's plan (when not worse than its last) and tell the user's
        callback how far the parts are."""
        self._round.remaining -= self._round.weights.get(task, 0.0)
        previous = self.results.get(task)
        if previous is None or not _worse(plan, previous):
            self.results[task] = plan
        if self.callback is None:
            return
        elapsed = time.perf_counter() - self.started
        self.callback(parts_progress(list(self.results.values()), len(self.tasks), elapsed))

    def _play_on(self, executor: Executor, level: int | None) -> None:
        """Keep every slot of ``executor`` busy with the round's tasks; late ones get a
        short grace to finish (and keep their last plan if they do not)."""
        queue = list(self._round.batch)
        pending: dict[Future[Plan], int] = {}
        while (queue or pending) and not self.interrupt.requested:
            if not self._may_start():
                queue.clear()  # parts not started in time keep their last plan
                if time.perf_counter() > self.deadline + self.grace:
                    break
            while queue and len(pending) < max(self.slots, 1):
                task = queue.pop(0)
                pending[executor.submit(solve_part, *self._job(task, level))] = task
            if not pending:
                break
            done, _ = wait(list(pending), timeout=0.1, return_when=FIRST_COMPLETED)
            for future in done:
                self.finished(pending.pop(future), future.result())
        for future in list(pending):  # interrupted or late: keep what finishes promptly
            if not future.cancel():
                with contextlib.suppress(Exception):  # unfinished parts are reported
                    self.finished(pending[future], future.result(timeout=self.grace))

    def merged(self, parts: int, parameters: dict[str, Any]) -> Plan:
        """One plan from the tasks' plans; what was not solved stays vacant."""
        unsolved = [t for t in range(len(self.tasks)) if t not in self.results]
        notes = []
        if self.interrupt.requested:
            notes.append("interrupted: returning the best plan found so far")
        if unsolved:
            notes.append(
                f"{len(unsolved)} of {len(self.tasks)} parts not solved within the time "
                "budget: their cooperatives are left vacant"
            )
        unsolved_coops = [j for t in unsolved for part in self.tasks[t] for j in part.cooperatives]
        return merge(
            self.scenario,
            [self.results[t] for t in sorted(self.results)],
            unsolved_coops,
            notes,
            self.started,
            time_limit=self.time_limit,
            seed=self.options["seed"],
            workers=self.options["workers"],
            parameters=parameters,
            parts=parts,
        )


class _Round:
    """One round: its tasks in order, their weights for the time, and when it ends."""

    def __init__(
        self,
        batch: list[int],
        weights: dict[int, float],
        sizes: list[int],
        until: float,
        *,
        first: bool,
    ) -> None:
        self.batch = batch
        self.weights = weights
        self.until = until
        self.first = first
        self.remaining = float(sum(weights.values()))  # weight of the tasks not yet finished
        self.unstarted = sum(sizes[t] for t in batch)  # size of the tasks not yet started


def _worse(new: Plan, old: Plan) -> bool:
    """Whether ``new`` is worse than ``old`` for the objective (a later round of a part
    starts from its last plan, so this guards against a round that found nothing)."""
    if new.objective is None:
        return old.objective is not None
    if new.objective_mode == "weighted" or not new.tiers or not old.tiers:
        return old.objective is not None and new.objective < old.objective
    for a, b in zip(new.tiers, old.tiers, strict=False):
        if a.value != b.value:
            return (a.value < b.value) if a.sense == "max" else (a.value > b.value)
    return False
