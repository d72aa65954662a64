"""Decomposed solve: independent parts (:mod:`koperasi_alloc.decompose`) solved apart,
in parallel where the executor allows, then merged (:mod:`koperasi_alloc.solver.merge`).

Parts are grouped into tasks of about :data:`TASK_SIZE` and solved in rounds, tier by
tier across the tasks (:mod:`koperasi_alloc.solver.rounds`): in each round the largest
start first, and each task gets a share of the round's time in proportion to its size;
after the first, a bounds round tightens the first tier's bound of the tasks that left it
open, and makes plans of the priced flows that often cover more. Only data travels to
workers: each task is a smaller scenario, solved by the monolithic pipeline from its plan
of the round before.
"""

from __future__ import annotations

import os
import time
from concurrent.futures import (
    Executor,
)
from typing import Any

from koperasi_alloc.decompose import Part, chunk, sub_scenario
from koperasi_alloc.i18n import say
from koperasi_alloc.plan import Plan, Status
from koperasi_alloc.scenario import TIER_SENSE, Scenario
from koperasi_alloc.solver.assemble import stop_notes
from koperasi_alloc.solver.budget import stage_share
from koperasi_alloc.solver.engine import new_env, run_model
from koperasi_alloc.solver.merge import all_known, merge
from koperasi_alloc.solver.options import SolveOptions
from koperasi_alloc.solver.part_runner import POOL_STOP, PartRunner, lost_note
from koperasi_alloc.solver.progress import (
    Progress,
    ProgressCallback,
    Stops,
    StopSignal,
)
from koperasi_alloc.solver.rounds import (
    BOUNDS_SHARE,
    BOUNDS_TIME,
    SECONDS_PER_OPEN_UNIT,
    Step,
    bounds_step,
    group_starts,
    later_round,
    open_gap,
    open_units,
    step_after,
)
from koperasi_alloc.solver.workers import pool_stop

__all__ = ["TASK_SIZE", "parts_progress", "solve_part", "solve_parts"]

#: Parts are grouped into tasks of about this size (officers x cooperatives in reach).
TASK_SIZE = 40_000

#: Seconds a task needs per unit of size (officers x cooperatives in reach) before its
#: search starts: candidates, relaxation, warm start and model (about 2.2 s for the largest
#: national part, 1.5 million; measured on 2 cores). A round keeps this much back for the
#: tasks it has not started yet.
PREPARE_SECONDS_PER_SIZE = 1.5e-6

#: Seconds the merge of the parts' plans takes per officer and cooperative of the whole
#: scenario (the plan's vacancies, tiers and audit: about 1.4 s for the national preset's
#: 331,000 on 2 cores, the audit's hash included, which is now written before the parts
#: start). The parts' rounds end this much before the budget does, so that the merged
#: plan comes back within it.
MERGE_SECONDS_PER_RECORD = 6e-6

#: A part in a later round is started only with at least this many times the seconds its
#: last round spent before CP-SAT searched (candidates, relaxation, model): with less it
#: could not search at all, and would only overrun the budget.
PREPARE_MARGIN = 1.2


def solve_part(
    scenario: Scenario,
    options: SolveOptions,
    step: Step | None = None,
    not_after: float | None = None,
    stop: StopSignal | str | None = None,
) -> Plan:
    """Solve one part in a worker (module-level so that executors can pickle it): the
    whole pipeline, or the round ``step`` asks for (:mod:`.rounds`), within
    ``options.time_limit``.

    ``not_after`` is a ``time.time()`` the part must be done by, whatever its start
    cost (a worker process that started late gets less than its budget). ``stop`` is
    the parent's stop token for a worker in the same process, or "pool" for the event a
    worker of the solve's own pool got at start (:func:`.workers.pool_stop`).
    """
    if not_after is not None:
        budget = max(min(options.time_limit, not_after - time.time()), 0.0)
        options = options.model_copy(update={"time_limit": budget})
    token = pool_stop() if stop == POOL_STOP else stop
    assert token is None or not isinstance(token, str)
    return run_model(new_env(scenario, options, stop=token, step=step))


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
        event="part",
    )


def solve_parts(
    scenario: Scenario,
    parts: list[Part],
    options: SolveOptions,
    started: float,
    callback: ProgressCallback | None,
    stop: StopSignal | None,
    executor: Executor | None,
) -> Plan:
    """Solve independent parts (in parallel where the executor allows) and merge them,
    within ``options.time_limit`` from ``started``."""
    # the merged plan's audit names the scenario's hash (about a second for a national
    # one): written now, in the budget, rather than after a stop
    scenario.scenario_hash()
    job = _Tasks(scenario, parts, options, started, Stops(started, callback, stop), executor)
    try:
        with job.stops:
            try:
                job.run()
            except KeyboardInterrupt:
                job.stops.interrupt()
    finally:
        job.close()
    return job.merged(len(parts))


class _Tasks:
    """The tasks of one decomposed solve: their queue, rounds, budgets and results."""

    def __init__(
        self,
        scenario: Scenario,
        parts: list[Part],
        options: SolveOptions,
        started: float,
        stops: Stops,
        executor: Executor | None,
    ) -> None:
        self.scenario = scenario
        self.started, self.time_limit = started, options.time_limit
        records = len(scenario.officers) + len(scenario.cooperatives)
        merging = min(MERGE_SECONDS_PER_RECORD * records, 0.25 * options.time_limit)
        self.deadline = started + options.time_limit - merging
        self.stops = stops
        self.tasks = chunk(parts, TASK_SIZE)
        self.grace = max(options.time_limit * 0.05, 0.5)
        self.runner = PartRunner(len(self.tasks), executor, stops, self.deadline, self.grace)
        # the solve's options, as each task gets them (CP-SAT workers shared out)
        cores = os.cpu_count() or 1
        workers = options.workers or max(1, cores // max(self.runner.slots, 1))
        self.options = options.model_copy(update={"workers": workers})
        self.sizes = [sum(p.size for p in task) for task in self.tasks]
        self.queue = sorted(range(len(self.tasks)), key=lambda t: -self.sizes[t])
        self.results: dict[int, Plan] = {}
        self.scenarios: dict[int, Scenario] = {}
        self.prepared_in: dict[int, float] = {}  # see _prepare_time
        self.first_budget: dict[int, float] = {}  # each task's time in the first round
        self.searched: dict[int, float] = {}  # each task's seconds of CP-SAT search so far
        self._round = _Round([], {}, self.sizes, self.deadline, first=True)

    @property
    def lost(self) -> dict[int, str]:
        """Tasks whose worker failed, and how."""
        return self.runner.lost

    def part(self, task: int) -> Scenario:
        if task not in self.scenarios:
            name = f"{self.scenario.name} [{task + 1}/{len(self.tasks)}]"
            self.scenarios[task] = sub_scenario(self.scenario, self.tasks[task], name)
        return self.scenarios[task]

    def out_of_time(self) -> bool:
        return time.perf_counter() > self.deadline - 0.05

    def stopping(self) -> bool:
        """Whether the user asked to stop (the workers are told at once)."""
        return self.runner.stopping()

    def close(self) -> None:
        """Tell running workers to stop and let the solve's own pool go."""
        self.runner.close()

    # --- rounds --------------------------------------------------------------------------

    def run(self) -> None:
        """The rounds (:mod:`.rounds`): every open part's stage groups up to the round's,
        then the time left to the parts still open; a round between the first and the
        last tier by tier."""
        levels = len(group_starts(self.scenario, fold=self.options.fold_linear_tiers))
        for level in range(levels):
            batch = [t for t in self.queue if self._open(t)]
            if not batch or self.stopping() or self.out_of_time():
                return
            left = self.deadline - time.perf_counter()
            until = time.perf_counter() + left * stage_share(level, levels)
            if level == 0:  # every part needs a plan: time by size
                weights = {t: float(self.sizes[t]) for t in batch}
                self._play(_Round(batch, weights, self.sizes, until, first=True), level)
                self._bounds_round()
            else:
                self._play_later(batch, until, level, by_tier=level + 1 < levels)
        still_open = [t for t in self.queue if self._open(t)]
        if still_open and self.deadline - time.perf_counter() > self.grace:
            self._play_later(still_open, self.deadline, None, by_tier=False)

    def _play_later(
        self, open_tasks: list[int], until: float, level: int | None, *, by_tier: bool
    ) -> None:
        """A later round (:func:`.rounds.later_round`): the open tasks by their earliest
        open tier and within it by size times gap; ``by_tier``, one tier after another,
        each for at most :meth:`_tier_time` of its tasks (spread over the slots), the last
        tier's for what is left."""
        gaps = {t: open_gap(self.results.get(t)) for t in open_tasks}
        groups = later_round(gaps, self.sizes, by_tier=by_tier)
        for index, (batch, weights) in enumerate(groups):
            if self.stopping() or self.out_of_time():
                return
            ends = min(until, self.deadline)
            if index + 1 < len(groups):
                most = sum(self._tier_time(t) for t in batch)
                ends = min(ends, time.perf_counter() + most / max(self.runner.slots, 1))
            self._play(_Round(batch, weights, self.sizes, ends, first=False), level)

    def _tier_time(self, task: int) -> float:
        """The most seconds ``task`` may add to a middle round's tier group: the search its
        earliest open tier's gap calls for (:data:`.rounds.SECONDS_PER_OPEN_UNIT` per unit)
        less the CP-SAT search it has had, plus its preparation, at most what the first
        round gave it; nothing when it has had that search (it waits for the last round)."""
        owed = SECONDS_PER_OPEN_UNIT * open_units(self.results.get(task))
        owed -= self.searched.get(task, 0.0)
        if owed <= 0:
            return 0.0
        return min(self.first_budget.get(task, 0.0), self.prepared_in.get(task, 0.0) + owed)

    def _bounds_round(self) -> None:
        """The bounds round (:func:`.rounds.bounds_step`): the tasks whose first tier is
        open get :data:`BOUNDS_TIME` times their first round's preparation for its priced
        bound and the plans made of its flows, the largest gap per second of preparation
        first, within :data:`BOUNDS_SHARE` of the time left."""
        if self.stopping() or self.out_of_time():
            return
        gains = self._bound_gains()
        if not gains:
            return
        batch = sorted(gains, key=lambda t: -gains[t])
        until = time.perf_counter() + BOUNDS_SHARE * (self.deadline - time.perf_counter())
        weights = dict.fromkeys(batch, 1.0)
        self._play(_Round(batch, weights, self.sizes, until, first=False, bounds=True), None)

    def _bound_gains(self) -> dict[int, float]:
        """Per task whose plan has its first tier open with a bound, that tier's gap per
        second of the task's preparation; none where no agency cap can be priced (see
        :mod:`.priced_bound`)."""
        first = self.scenario.objective_tiers()[0]
        if (
            self.scenario.policy.objective.mode == "weighted"
            or TIER_SENSE[first] != "max"
            or not any(a.release_cap is not None for a in self.scenario.agencies)
        ):
            return {}
        gains: dict[int, float] = {}
        for task, plan in self.results.items():
            gap = open_gap(plan) if task not in self.lost else None
            bound = plan.tiers[0].bound if plan.tiers else None
            if gap is None or gap[0] != 0 or bound is None:
                continue  # proven, lost, stopped before its first plan, or unbounded
            seconds = max(self._prepare_time(task), 1e-3)
            gains[task] = abs(bound - plan.tiers[0].value) / seconds
        return gains

    def _open(self, task: int) -> bool:
        return task not in self.lost and open_gap(self.results.get(task)) is not None

    def _play(self, round_: _Round, level: int | None) -> None:
        self._round = round_
        self.runner.run(
            round_.batch,
            solve_part,
            lambda task: self._job(task, level),
            self.finished,
            self._may_start,
        )

    def _job(self, task: int, level: int | None) -> tuple[Any, ...] | None:
        """The arguments of :func:`solve_part` for ``task`` in this round (its budget is
        taken from the round's time as it starts); None when the part would not even get
        through its preparation in the budget (measured in its last round, else
        estimated from its size): it keeps the plan it has, or stays vacant, rather than
        overrun the solve's budget."""
        previous = self.results.get(task)
        if self._round.bounds and previous is not None:
            left = min(self._round.until, self.deadline) - time.perf_counter()
            budget = min(BOUNDS_TIME * self._prepare_time(task), left)
            if budget <= 0 or budget < PREPARE_MARGIN * self._prepare_time(task):
                return None  # it would only prepare again: the round's time goes to others
            step = bounds_step(previous)
        else:
            budget = self.budget_for(task)
            if previous is None:  # a first plan may use the time left, not only its share
                too_short = PREPARE_SECONDS_PER_SIZE * self.sizes[task] > self._left()
            else:
                too_short = budget < PREPARE_MARGIN * self._prepare_time(task)
            if too_short:
                self._round.remaining -= self._round.weights.get(task, 0.0)
                return None
            if self._round.first:
                self.first_budget[task] = budget
            fold = self.options.fold_linear_tiers
            step = step_after(previous, self.part(task), level, fold=fold)
        not_after = time.time() + budget
        options = self.options.model_copy(update={"time_limit": budget})
        return self.part(task), options, step, not_after

    def _left(self) -> float:
        """Seconds until the parts' deadline."""
        return self.deadline - time.perf_counter()

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
        searching = max(left * max(self.runner.slots, 1) - others, 0.0)
        share = own + searching * round_.weights[task] / (round_.remaining or 1.0)
        return max(min(left, share), 0.05)

    def _prepare_time(self, task: int) -> float:
        """Seconds ``task``'s last searched round spent before CP-SAT searched (a bounds
        round searches nothing: its whole time would say nothing of a search's)."""
        return self.prepared_in[task]

    def finished(self, task: int, plan: Plan) -> None:
        """Record a task's plan (when not worse than its last) and tell the user's
        callback how far the parts are."""
        self._round.remaining -= self._round.weights.get(task, 0.0)
        if not self._round.bounds:
            self.prepared_in[task] = plan.stats.prepare_time
            searched = max(plan.wall_time - plan.stats.prepare_time, 0.0)
            self.searched[task] = self.searched.get(task, 0.0) + searched
        previous = self.results.get(task)
        if previous is None or not _worse(plan, previous):
            self.results[task] = plan
        elapsed = time.perf_counter() - self.started
        self.stops.report(parts_progress(list(self.results.values()), len(self.tasks), elapsed))

    def merged(self, parts: int) -> Plan:
        """One plan from the tasks' plans; what was not solved stays vacant, named."""
        # a part that found no plan in time (stopped before its first) is left vacant, as
        # one never started; a part proven infeasible makes the whole infeasible
        solved = {
            t: p for t, p in self.results.items() if p.status is not Status.NO_SOLUTION_IN_TIME
        }
        unsolved = [t for t in range(len(self.tasks)) if t not in solved]
        notes = [*stop_notes(self.stops.reason)]
        if self.lost:
            notes.append(self._lost_note())
        never = [t for t in unsolved if t not in self.lost]
        if never:
            key = "note.parts_unsolved_stop" if self.stops.reason else "note.parts_unsolved"
            notes.append(say(key, "en", unsolved=len(never), parts=len(self.tasks)))
        unsolved_coops = [j for t in unsolved for part in self.tasks[t] for j in part.cooperatives]
        return merge(
            self.scenario,
            [solved[t] for t in sorted(solved)],
            unsolved_coops,
            notes,
            self.started,
            time_limit=self.time_limit,
            seed=self.options.seed,
            workers=self.options.cpsat_workers(),
            parameters=self.options.cpsat_params,
            parts=parts,
            stopped_by=self.stops.reason,
        )

    def _lost_note(self) -> str:
        """Which parts were lost to a failed worker, by kabupaten, and why."""
        return lost_note(self.scenario, self.tasks, self.lost)


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
        bounds: bool = False,
    ) -> None:
        self.batch = batch
        self.weights = weights
        self.until = until
        self.first = first
        self.bounds = bounds  # the bounds round: time by each task's first preparation
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
