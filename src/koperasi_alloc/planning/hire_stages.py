"""The search stages of a hiring proposal, on the solver's engine.

Each is a search stage (:class:`~koperasi_alloc.solver.state.SearchStage`) over the model of
existing staff plus the pool of hypothetical hires, and each maximises its objective with
the engine's one CP-SAT stage (:func:`koperasi_alloc.solver.stage.run_stage`), so each has
the time budget, gap limit, stop token, callback and honest proof of any solve:

1. coverage (priority-weighted filled slots), as large as possible, with at most
   ``max_hires`` hires (and, when a limit is given, never less coverage from existing staff
   than they reach alone: a hire never displaces them);
2. the number of hires, as small as possible, keeping that coverage (after the count of
   what existing staff can fill at all, which bounds it: :class:`CountExisting`);
3. the coverage given by existing staff, as large as possible, keeping both;
4. locality, then travel of the whole plan, keeping all of the above.

Each stage keeps what it reached (``objective >= value``) for the ones after it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
from numpy.typing import NDArray
from ortools.sat.python import cp_model

from koperasi_alloc.candidates import Candidates
from koperasi_alloc.model.context import Linear
from koperasi_alloc.plan import Plan, Status
from koperasi_alloc.planning.hire_inputs import HireLimits
from koperasi_alloc.planning.hire_pool import HirePool, completed, hire_rows
from koperasi_alloc.planning.replan import plan_from_rows
from koperasi_alloc.scenario import Scenario
from koperasi_alloc.solver.proof import decided
from koperasi_alloc.solver.stage import Goal, run_stage
from koperasi_alloc.solver.state import Env, Incumbent, Searched, StageRecord

__all__ = ["STAGE_SHARES", "HireJob", "hire_stages", "pinned_slots", "valid_on_pool"]

STAGE_SHARES = (0.45, 0.35, 0.1, 0.05, 0.05)
"""Shares of the remaining budget: coverage, hires, existing coverage, locality, travel."""

COUNT_SHARE = 0.5
"""Share of the hires stage's time for counting what existing staff can fill (a bound)."""


@dataclass(frozen=True)
class HireJob:
    """What every stage of one proposal shares: the pool, its candidates, the number of
    hires as an expression, the limits asked for, the plan of existing staff alone, and
    the scenario of existing staff (for the count of :class:`CountExisting`)."""

    pool: HirePool
    candidates: Candidates
    hires: Linear
    limits: HireLimits
    before: Plan
    scenario: Scenario
    plan_kept: bool

    def value(self, objective: Linear, chosen: NDArray[np.bool_]) -> int:
        """``objective`` (over candidates only) for the plan ``chosen``."""
        return int(objective.coeffs @ chosen[objective.indices]) + objective.offset


def hire_stages(env: Env, searched: Searched, job: HireJob) -> list[Any]:
    """The stages of the module docstring, in order."""
    built = searched.built
    assert built is not None
    candidates = job.candidates
    tiers = {t.name: t.expression for t in built.tiers}
    everything = np.arange(len(candidates), dtype=np.int64)
    coverage = tiers.get("coverage") or Linear.of(everything, candidates.coverage_weight)
    existing = np.flatnonzero(~hire_rows(job.pool, candidates)).astype(np.int64)
    existing_coverage = Linear.of(existing, candidates.coverage_weight[existing])
    stages: list[Any] = [KeptObjective("coverage", coverage, 0, job)]
    if not job.plan_kept:
        stages.append(CountExisting(job))
    stages += [
        KeptObjective("hires", job.hires.scaled(-1), 1, job),
        KeptObjective("existing_coverage", existing_coverage, 2, job),
        KeptObjective("locality", Linear.of(everything, candidates.locality_weight), 3, job),
        KeptObjective("travel", Linear.of(everything, -candidates.travel_minutes), 4, job),
    ]
    return stages


class KeptObjective:
    """Search stage: maximise one objective, then keep it at what it reached."""

    def __init__(self, name: str, objective: Linear, position: int, job: HireJob) -> None:
        self.name = name
        self.objective = objective
        self.position = position
        self.job = job

    def accepts(self, env: Env, searched: Searched) -> bool:
        records = [r for r in searched.stages if r.name != "existing_count"]
        if any(r.value is None for r in records) or len(records) != self.position:
            return False
        # locality and travel only polish: not past the budget
        return not (
            self.position >= 2 and searched.incumbent is not None and env.remaining() < 0.05
        )

    def apply(self, env: Env, searched: Searched) -> Searched:
        job, incumbent = self.job, searched.incumbent
        if (
            self.position in (1, 2)
            and incumbent is not None
            and (job.value(job.hires, incumbent.chosen) == 0)
        ):
            return self._without_hires(searched)
        known = None
        if self.name == "hires":
            known = -float(_hires_floor(searched))
        done = run_stage(env, searched, self._goal(env, known))
        if len(done.stages) == len(searched.stages) or done.incumbent is None:
            return done
        record = done.stages[-1]
        if record.value is None:
            return done
        assert done.built is not None
        done.built.context.add_expression_at_least(self.objective, round(record.value))
        if self.name == "coverage" and pinned_slots(done, round(record.value)) is not None:
            # every slot is as full as its candidates allow: no plan covers more
            record = replace(record, bound=record.value, proven=True, status=int(cp_model.OPTIMAL))
        # the hint was a start not proven feasible: the next stage starts from the plan
        return _replaced_last(replace(done, hint_rows=done.incumbent.rows), record)

    def _goal(self, env: Env, known: float | None) -> Goal:
        job = self.job
        share = STAGE_SHARES[self.position] / sum(STAGE_SHARES[self.position :])

        def value_of(chosen: NDArray[np.bool_]) -> float:
            return float(job.value(self.objective, chosen))

        def prefer(a: NDArray[np.int64], b: NDArray[np.int64]) -> bool:
            n = len(job.candidates)
            return value_of(_mask(n, a)) > value_of(_mask(n, b))

        return Goal(
            name=self.name,
            tiers=(),
            expression=self.objective,
            value_of=value_of,
            prefer=prefer,
            tier_values=lambda chosen: (),
            known_bound=known,
            share=min(share, 1.0),
            sign=-1 if self.name == "hires" else 1,
        )

    def _without_hires(self, searched: Searched) -> Searched:
        """No hire at all: nothing to minimise, existing staff already cover everything."""
        assert searched.incumbent is not None
        assert searched.built is not None
        value = self.job.value(self.objective, searched.incumbent.chosen)
        coverage_proven = bool(searched.stages) and searched.stages[0].proven
        proven = self.position == 1 or coverage_proven
        optimal = int(cp_model.OPTIMAL)
        record = StageRecord((), optimal, value, float(value), proven, name=self.name)
        searched.built.context.add_expression_at_least(self.objective, value)
        return searched.recorded(record)


class CountExisting:
    """Search step before the hires stage, once coverage is complete: the most slots
    existing staff can fill, by the library's own solve on the scenario with every
    priority 1 and coverage the only tier.

    With ``U`` its proven upper bound, every plan that fills all the pinned slots needs at
    least ``pinned - U`` hires: a valid cut that hands CP-SAT the bound at once. Its plan,
    completed with hires, is the next stage's hint when it needs fewer hires than the
    incumbent (CP-SAT, not this step, decides whether it is feasible).
    """

    name = "existing_count"

    def __init__(self, job: HireJob) -> None:
        self.job = job

    def accepts(self, env: Env, searched: Searched) -> bool:
        records = searched.stages
        return len(records) == 1 and records[0].value is not None

    def apply(self, env: Env, searched: Searched) -> Searched:
        job = self.job
        pinned = pinned_slots(searched, None)
        if pinned is None or searched.incumbent is None:
            return searched
        started = time.perf_counter()
        seconds = env.remaining() * STAGE_SHARES[1] / sum(STAGE_SHARES[1:]) * COUNT_SHARE
        plan = _count_plan(env, job, max(seconds, 0.1))
        tier = plan.tier("coverage")
        bound = tier.bound if tier is not None else None
        floor = max(pinned[1] - bound, 0) if bound is not None else 0
        assert searched.built is not None
        if floor > 0:
            searched.built.context.add_expression_at_least(job.hires, floor)
        record = StageRecord(
            (),
            int(cp_model.OPTIMAL if plan.status is Status.OPTIMAL else cp_model.FEASIBLE),
            plan.filled,
            None if bound is None else float(bound),
            plan.status is Status.OPTIMAL,
            values=(floor,),
            name=self.name,
            seconds=time.perf_counter() - started,
        )
        return _with_start(searched.recorded(record), job, plan)


def _count_plan(env: Env, job: HireJob, seconds: float) -> Plan:
    """The existing staff's plan with every priority 1 and coverage the only tier."""
    from koperasi_alloc.solver import SolveOptions, solve_with

    data = job.scenario.model_dump()
    for cooperative in data["cooperatives"]:
        cooperative["priority"] = 1
    data["policy"]["objective"]["tiers"] = ["coverage"]
    data["policy"]["objective"]["mode"] = "lexicographic"
    options = SolveOptions(time_limit=seconds, workers=env.options.workers, seed=env.options.seed)
    before = job.before if job.before.status in (Status.OPTIMAL, Status.FEASIBLE) else None
    plan = solve_with(
        Scenario.model_validate(data),
        options,
        started=time.perf_counter(),
        hint=before,
        stop=env.stops.as_signal(),
    )
    env.stops.take_over(plan.stopped_by)
    return plan


def _with_start(searched: Searched, job: HireJob, plan: Plan) -> Searched:
    """The count's plan completed with hires: the incumbent when it needs fewer hires for
    the same coverage and checks clean, else the next stage's hint."""
    if plan.status not in (Status.OPTIMAL, Status.FEASIBLE) or searched.incumbent is None:
        return searched
    candidates = job.candidates
    start = completed(
        job.pool, candidates, plan, job.limits.max_hires, job.limits.per_kecamatan_cap
    )
    if job.value(job.hires, start) >= job.value(job.hires, searched.incumbent.chosen):
        return searched
    covered = int(candidates.coverage_weight[start].sum())
    target = searched.stages[0].value
    rows = np.flatnonzero(start).astype(np.int64)
    if target is not None and covered >= target and valid_on_pool(job.pool, candidates, start):
        incumbent = Incumbent(start, "cp-sat")  # fewer hires, same coverage, checked clean
        return replace(searched, incumbent=incumbent, hint_rows=rows)
    return replace(searched, hint_rows=rows)


def pinned_slots(searched: Searched, coverage: int | None) -> tuple[int, int] | None:
    """When the coverage reached fills every slot as far as its candidates allow: the full
    coverage and the slot units, with (``coverage`` given) each slot of positive priority
    pinned to ``min(demand, its candidates)``.

    Redundant given ``coverage >= value`` (a sum of per-slot maxima is reached only with
    every term at its maximum), but an LP sees it: the hires stage becomes an assignment
    problem CP-SAT proves quickly instead of a knapsack-like equality it cannot. Without
    ``coverage``, only whether the coverage stage's value filled them (nothing is added).
    """
    built = searched.built
    assert built is not None
    context = built.context
    candidates = context.candidates
    order, starts = candidates.groups("slot")
    full = units = 0
    pins: list[tuple[NDArray[np.int64], int]] = []
    for g in range(len(starts) - 1):
        rows = order[starts[g] : starts[g + 1]]
        c, r = int(candidates.cooperative[rows[0]]), int(candidates.role[rows[0]])
        most = min(int(candidates.demand[c, r]), len(rows))
        weight = int(candidates.coverage_weight[rows[0]])
        full += weight * most
        if weight > 0:
            pins.append((rows, most))
            units += most
    reached = coverage if coverage is not None else searched.stages[0].value
    if reached is None or round(reached) != full:
        return None
    if coverage is not None:
        for rows, most in pins:
            context.add_linear(rows, 1, most, most)
    return full, units


def _hires_floor(searched: Searched) -> int:
    """The proven lower bound on hires the count before found (0 without one)."""
    for record in searched.stages:
        if record.name == "existing_count" and record.values:
            return int(record.values[0])
    return 0


def valid_on_pool(pool: HirePool, candidates: Candidates, chosen: NDArray[np.bool_]) -> bool:
    """Whether the rows ``chosen`` pass :func:`koperasi_alloc.check` on the pool scenario.

    Starts built outside CP-SAT (greedy completions) become incumbents only through this
    gate, so that no unverified plan can ever be returned.
    """
    from koperasi_alloc.check import check

    plan = plan_from_rows(candidates, np.flatnonzero(chosen).astype(np.int64))
    return not check(pool.scenario, plan)


def hires_stage_proven(searched: Searched) -> bool:
    """Whether coverage and the number of hires are both proven."""
    records = {r.name: r for r in searched.stages}
    coverage, hires = records.get("coverage"), records.get("hires")
    if coverage is None or hires is None or hires.value is None:
        return False
    return coverage.proven and (hires.proven or decided(hires.value, hires.bound))


def _replaced_last(searched: Searched, record: StageRecord) -> Searched:
    return replace(searched, stages=(*searched.stages[:-1], record))


def _mask(size: int, rows: NDArray[np.int64]) -> NDArray[np.bool_]:
    chosen = np.zeros(size, dtype=bool)
    chosen[rows] = True
    return chosen
