"""Running the tasks of a decomposed job on an executor: whatever the task is (a part's
plan, a part's hiring proposal), the same pool, stop, failure and grace rules.

- With no executor given and several tasks on a machine of several cores, the runner
  makes its own process pool (:func:`.workers.new_pool`), whose workers see the stop at
  once through the event they got at start; a ``ThreadPoolExecutor``'s workers get the
  stop token itself; any other executor's workers (Dask) cannot be reached, and the runner
  stops waiting for them instead.
- A task whose worker fails (killed, out of memory) is lost (:attr:`PartRunner.lost`),
  never the job; when the executor breaks, the tasks not yet given to it run in this
  process, one after another, while time allows.
- Tasks still running when a batch ends get a grace to finish (a stop: one second); the
  others keep what they had.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import (
    FIRST_COMPLETED,
    BrokenExecutor,
    Executor,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    wait,
)
from typing import Any

from koperasi_alloc.decompose import Part
from koperasi_alloc.i18n import say
from koperasi_alloc.scenario import Scenario, kabupaten_of
from koperasi_alloc.solver.progress import Stops, StopSignal
from koperasi_alloc.solver.workers import new_pool

__all__ = ["POOL_STOP", "PartRunner", "lost_note"]

#: The stop argument of a task run by the runner's own pool: "read the pool's event".
POOL_STOP = "pool"

Job = Callable[[int], tuple[Any, ...] | None]
"""The arguments of the task function for a task (the stop argument is added), or None
when the task should not start now."""


class PartRunner:
    """Runs batches of tasks on an executor (or here), within one job's stops and time.

    Parameters
    ----------
    n_tasks
        How many tasks the job has (a pool of its own is made only for several).
    executor
        The caller's executor, or None.
    stops
        The job's stops (stop token, callback, Ctrl-C).
    deadline
        ``time.perf_counter()`` when the job's budget ends.
    grace
        Seconds a late task may still take after the deadline.
    """

    def __init__(
        self,
        n_tasks: int,
        executor: Executor | None,
        stops: Stops,
        deadline: float,
        grace: float,
    ) -> None:
        cores = os.cpu_count() or 1
        self.stops = stops
        self.deadline = deadline
        self.grace = grace
        self.own_pool: ProcessPoolExecutor | None = None
        self.worker_stop: Any = threading.Event()
        self.stop_argument: StopSignal | str | None = self.worker_stop
        # A daemonic process (a worker of another pool) may not start children: run the
        # tasks one after another there.
        may_fork = not multiprocessing.current_process().daemon
        if executor is None and cores > 1 and n_tasks > 1 and may_fork:
            self.own_pool, self.worker_stop = new_pool(min(cores, n_tasks))
            self.stop_argument = POOL_STOP
            executor = self.own_pool
        elif executor is not None and not isinstance(executor, ThreadPoolExecutor):
            self.stop_argument = None
        self.executor = executor
        self.slots = getattr(executor, "_max_workers", None) or (
            cores if executor is not None else 1
        )
        #: tasks whose worker failed, and how
        self.lost: dict[int, str] = {}

    def stopping(self) -> bool:
        """Whether the user asked to stop; tells the workers so at once."""
        if self.stops.requested():
            self.worker_stop.set()
            return True
        return False

    def close(self) -> None:
        """Tell running workers to stop and let the runner's own pool go."""
        self.worker_stop.set()
        if self.own_pool is not None:
            self.own_pool.shutdown(wait=False, cancel_futures=True)

    def run(
        self,
        batch: Sequence[int],
        task: Callable[..., Any],
        job: Job,
        finished: Callable[[int, Any], None],
        may_start: Callable[[], bool],
    ) -> None:
        """Run ``task(*job(t), stop)`` for every ``t`` of ``batch`` while ``may_start()``,
        passing each result to ``finished``."""
        if self.executor is None:
            for t in batch:
                if self.stopping() or not may_start():
                    break
                self._here(t, task, job, finished)
        else:
            self._on(self.executor, list(batch), task, job, finished, may_start)

    def _here(
        self, t: int, task: Callable[..., Any], job: Job, finished: Callable[[int, Any], None]
    ) -> None:
        """Run task ``t`` in this process (no executor, or after the executor broke)."""
        arguments = job(t)
        if arguments is None:
            return
        try:
            finished(t, task(*arguments, _HereStop(self)))
        except Exception as error:  # a task that fails is lost, never the whole job
            self.lost[t] = f"{type(error).__name__}: {error}"

    def _on(
        self,
        executor: Executor,
        queue: list[int],
        task: Callable[..., Any],
        job: Job,
        finished: Callable[[int, Any], None],
        may_start: Callable[[], bool],
    ) -> None:
        """Keep every slot of ``executor`` busy with the batch; late tasks get the grace.
        A stop ends the waiting at once: the workers were told, and what they return
        promptly is kept."""
        pending: dict[Future[Any], int] = {}
        while queue or pending:
            if self.stopping():
                break
            self.stops.tick()
            if not may_start():
                queue.clear()  # tasks not started in time keep what they had
                if time.perf_counter() > self.deadline + self.grace:
                    break
            while queue and len(pending) < max(self.slots, 1):
                t = queue.pop(0)
                arguments = job(t)
                if arguments is None:
                    continue
                if self.stopping():  # the stop may come while a part's arguments are made
                    queue.clear()
                    break
                try:
                    pending[executor.submit(task, *arguments, self.stop_argument)] = t
                except BrokenExecutor:  # the executor cannot take more work
                    self._broken([t, *queue], task, job, finished, may_start)
                    queue.clear()
            if not pending:
                break
            done, _ = wait(list(pending), timeout=0.05, return_when=FIRST_COMPLETED)
            for future in done:
                self._collect(future, pending.pop(future), finished)
        self._settle(pending, finished)

    def _collect(self, future: Future[Any], t: int, finished: Callable[[int, Any], None]) -> None:
        """A finished task's result, or the failure of its worker (the task is lost)."""
        try:
            result = future.result()
        except Exception as error:  # a worker killed or a task that raised
            self.lost[t] = f"{type(error).__name__}: {error}"
            return
        finished(t, result)

    def _broken(
        self,
        tasks: list[int],
        task: Callable[..., Any],
        job: Job,
        finished: Callable[[int, Any], None],
        may_start: Callable[[], bool],
    ) -> None:
        """The executor broke (a worker died): the tasks not yet given to it run here."""
        self.executor = None
        for t in tasks:
            if self.stopping() or not may_start():
                return
            self._here(t, task, job, finished)

    def _settle(
        self, pending: dict[Future[Any], int], finished: Callable[[int, Any], None]
    ) -> None:
        """Tasks still running when the batch ends: keep what finishes within the grace
        (a stop: within a second); the others are left running."""
        if not pending:
            return
        limit = 1.0 if self.stops.reason is not None else self.grace
        done, _ = wait(list(pending), timeout=limit)
        for future, t in pending.items():
            if future in done:
                self._collect(future, t, finished)
            else:
                future.cancel()


class _HereStop:
    """The stop token of a task run in this process: set once the runner told its workers
    to stop or the job's user asks (the token, Ctrl-C, or the callback, consulted on its
    timer), so that a stop reaches the task while the runner itself waits for it."""

    def __init__(self, runner: PartRunner) -> None:
        self._runner = runner

    def is_set(self) -> bool:
        if self._runner.worker_stop.is_set():
            return True
        self._runner.stops.tick()
        return self._runner.stopping()


def lost_note(scenario: Scenario, tasks: Sequence[list[Part]], lost: dict[int, str]) -> str:
    """The note naming the tasks lost to a failed worker, by kabupaten, and why."""
    names = []
    for task in sorted(lost):
        kabupaten = sorted(
            {
                kabupaten_of(scenario.cooperatives[j].village)
                for part in tasks[task]
                for j in part.cooperatives
            }
        )
        listed = ", ".join(kabupaten[:5]) + (" ..." if len(kabupaten) > 5 else "")
        names.append(f"part {task + 1} (kabupaten {listed}): {lost[task]}")
    return say("note.parts_lost", "en", count=len(lost), parts="; ".join(names))
