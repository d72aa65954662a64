"""Decomposed solve: independent parts (:mod:`koperasi_alloc.decompose`) solved apart,
in parallel where the executor allows, then merged (:mod:`koperasi_alloc.solver.merge`).

Parts are grouped into tasks of about :data:`TASK_SIZE`; the largest start first, and
each task gets a share of the time left in proportion to its size. Only data travels to
workers: each task is a smaller scenario, solved by the monolithic pipeline.
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
from koperasi_alloc.solver.merge import merge
from koperasi_alloc.solver.progress import Deadline, Interrupt, Progress, ProgressCallback

__all__ = ["TASK_SIZE", "solve_part", "solve_parts"]

#: Parts are grouped into tasks of about this size (officers x cooperatives in reach).
TASK_SIZE = 150_000


def solve_part(scenario: Scenario, time_limit: float, options: dict[str, Any]) -> Plan:
    """Solve one part in a worker (module-level so that executors can pickle it)."""
    from koperasi_alloc.solver import solve

    return solve(scenario, time_limit=time_limit, decompose=False, **options)


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
        if job.executor is None:
            job.run_here()
        else:
            job.run_on(job.executor)
    except KeyboardInterrupt:
        job.interrupt.requested = True
    finally:
        job.interrupt.__exit__()
        if job.own_pool is not None:
            job.own_pool.shutdown(wait=False, cancel_futures=True)
    return job.merged(len(parts), cpsat_params)


class _Tasks:
    """The tasks of one decomposed solve: their queue, budgets and results."""

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
        self.remaining_size = float(sum(self.sizes)) or 1.0
        self.interrupt = Interrupt()
        self.grace = max(deadline.time_limit * 0.05, 0.5)

    def budget_for(self, task: int) -> float:
        """Seconds for ``task``: its size's share of the time left on every slot."""
        left = max(self.deadline - time.perf_counter() - 0.2, 0.05)
        share = left * max(self.slots, 1) * self.sizes[task] / self.remaining_size
        return max(min(left, share), 0.05)

    def part(self, task: int) -> Scenario:
        name = f"{self.scenario.name} [{task + 1}/{len(self.tasks)}]"
        return sub_scenario(self.scenario, self.tasks[task], name)

    def out_of_time(self) -> bool:
        return time.perf_counter() > self.deadline - 0.05

    def finished(self, task: int, plan: Plan) -> None:
        """Record a task's plan and tell the user's callback how far the parts are."""
        self.results[task] = plan
        self.remaining_size -= self.sizes[task]
        if self.callback is None:
            return
        done = [p for p in self.results.values() if p.objective is not None]
        gaps = [p.gap for p in done if p.gap is not None]
        self.callback(
            Progress(
                "components",
                float(sum(p.objective or 0 for p in done)),
                float(sum(p.best_bound or 0 for p in done)),
                time.perf_counter() - self.started,
                components_done=len(self.results),
                components_total=len(self.tasks),
                worst_gap=max(gaps) if gaps else None,
            )
        )

    def run_here(self) -> None:
        """Solve the tasks one after another in this process, while time is left."""
        for task in self.queue:
            if self.interrupt.requested or self.out_of_time():
                break
            self.finished(task, solve_part(self.part(task), self.budget_for(task), self.options))

    def run_on(self, executor: Executor) -> None:
        """Keep every slot of ``executor`` busy; tasks not started by the deadline stay
        unsolved, and late ones get a short grace to finish."""
        queue = self.queue
        pending: dict[Future[Plan], int] = {}
        while (queue or pending) and not self.interrupt.requested:
            if self.out_of_time():
                queue.clear()  # parts not started by the deadline stay unsolved
                if time.perf_counter() > self.deadline + self.grace:
                    break
            while queue and len(pending) < max(self.slots, 1):
                task = queue.pop(0)
                budget = self.budget_for(task)
                pending[executor.submit(solve_part, self.part(task), budget, self.options)] = task
            if not pending:
                break
            done, _ = wait(list(pending), timeout=0.1, return_when=FIRST_COMPLETED)
            for future in done:
                task = pending.pop(future)
                self.finished(task, future.result())
        for future in list(pending):  # interrupted or late: keep what finishes promptly
            if not future.cancel():
                with contextlib.suppress(Exception):  # unfinished parts are reported
                    self.results[pending[future]] = future.result(timeout=self.grace)

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
