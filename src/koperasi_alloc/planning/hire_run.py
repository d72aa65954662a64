"""One hiring proposal as one model, on the solver's engine: the "before" plan, the pool
and its model with the proposal's constraints, the first incumbent, then the stages of
:mod:`koperasi_alloc.planning.hire_stages`. :func:`koperasi_alloc.propose_hires` calls it
for the whole scenario, or once per independent part
(:mod:`koperasi_alloc.planning.hire_parts`).
"""

from __future__ import annotations

import itertools
import time
from dataclasses import replace

import numpy as np
from ortools.sat.python import cp_model

from koperasi_alloc.candidates import Candidates, build_candidates
from koperasi_alloc.model import BuiltModel, Linear, build_model
from koperasi_alloc.model.context import INT64_MAX, INT64_MIN
from koperasi_alloc.plan import Plan, Status, StopReason
from koperasi_alloc.planning.hire_inputs import HireLimits, StageResult, fixed_rows
from koperasi_alloc.planning.hire_pool import HirePool, build_pool, completed, designated, hire_rows
from koperasi_alloc.planning.hire_proposal import (
    HireProposal,
    finish_proposal,
    out_of_time_proposal,
)
from koperasi_alloc.planning.hire_stages import (
    HireJob,
    hire_stages,
    hires_stage_proven,
    valid_on_pool,
)
from koperasi_alloc.scenario import Employment
from koperasi_alloc.solver import SolveOptions, solve_with
from koperasi_alloc.solver.engine import run_stages
from koperasi_alloc.solver.relaxation.network import unrelaxed
from koperasi_alloc.solver.state import Env, Incumbent, Prepared, Searched, StageRecord

__all__ = ["BEFORE_SHARE", "propose_in"]

BEFORE_SHARE = 0.3
"""Share of the budget for solving the existing staff alone (when no plan is given)."""


def propose_in(
    env: Env, plan: Plan | None, limits: HireLimits, employment: Employment
) -> HireProposal:
    """A proposal for ``env``'s scenario as one model (a part's, in a decomposed one)."""
    with env.stops:
        before = _before(env, plan)
        user_stop = env.stops.reason if env.stopped else None
        if user_stop is not None or env.remaining() < before.stats.prepare_time:
            # the pool's model is larger than the existing staff's: it would not even be
            # built in the time left, let alone searched
            return out_of_time_proposal(
                scenario=env.scenario,
                before=before,
                kept_plan=plan is not None,
                max_hires=limits.max_hires,
                per_kecamatan_cap=limits.per_kecamatan_cap,
                started=env.started,
                stopped_by=user_stop or StopReason.TIME_LIMIT,
            )
        job, searched = _prepared(env, plan, before, limits, employment)
        pool_env = replace(env, scenario=job.pool.scenario, solve_piece=None)
        try:
            searched = run_stages(pool_env, hire_stages(pool_env, searched, job), searched)
        except KeyboardInterrupt:
            env.stops.interrupt()
    records = searched.stages
    hires_record = next((r for r in records if r.name == "hires"), None)
    proven_at = hires_record.ended_at if hires_record and hires_stage_proven(searched) else None
    return finish_proposal(
        scenario=env.scenario,
        pool=job.pool,
        candidates=job.candidates,
        chosen=searched.incumbent.chosen if searched.incumbent is not None else None,
        stages=[_result(r) for r in records],
        before=before,
        kept_plan=plan is not None,
        max_hires=limits.max_hires,
        per_kecamatan_cap=limits.per_kecamatan_cap,
        started=env.started,
        proven_at=proven_at,
        stopped_by=env.stops.reason if env.stops.requested() else None,
    )


def _result(record: StageRecord) -> StageResult:
    """A stage record as the proposal summarises it."""
    value = None if record.value is None else round(record.value)
    status = cp_model.CpSolverStatus(record.status).name
    return StageResult(
        record.name,
        status,
        value,
        record.bound,
        record.seconds,
        record.proven,
        record.stopped_by,
    )


def _before(env: Env, plan: Plan | None) -> Plan:
    """The "before" picture: the plan given, or ``solve``'s plan of the existing staff
    alone in ``BEFORE_SHARE`` of the budget."""
    if plan is not None:
        return plan
    options = SolveOptions(
        time_limit=BEFORE_SHARE * env.options.time_limit,
        workers=env.options.workers,
        seed=env.options.seed,
        gap_limit=env.options.gap_limit,
    )
    before = solve_with(
        env.scenario,
        options,
        started=time.perf_counter(),
        callback=env.stops.callback,
        stop=env.stops.as_signal(),
    )
    env.stops.take_over(before.stopped_by)
    return before


def _prepared(
    env: Env, plan: Plan | None, before: Plan, limits: HireLimits, employment: Employment
) -> tuple[HireJob, Searched]:
    """The pool, the model of existing staff and hires with the proposal's constraints, and
    the first incumbent, ready for the stages."""
    pool = build_pool(
        env.scenario, per_kecamatan_cap=limits.per_kecamatan_cap, employment=employment
    )
    candidates = designated(pool, build_candidates(pool.scenario))
    built = build_model(pool.scenario, candidates)
    hires = _add_hire_constraints(built, pool, limits.max_hires, fixed_rows(plan, candidates))
    if limits.max_hires is not None:
        _keep_existing_coverage(built, pool, candidates, before)
    job = HireJob(pool, candidates, hires, limits, before, env.scenario, plan is not None)
    prepared = Prepared(candidates, len(candidates), unrelaxed(candidates), 0.0)
    return job, _start(Searched.start(prepared, built), job)


def _add_hire_constraints(
    built: BuiltModel, pool: HirePool, max_hires: int | None, fixed: np.ndarray
) -> Linear:
    """Symmetry breaking among identical hires, the hire limit and fixed rows; returns the
    number of hires as an expression."""
    context = built.context
    candidates = context.candidates
    hires = np.flatnonzero(hire_rows(pool, candidates)).astype(np.int64)
    officers = context.scenario.officers
    groups: dict[tuple[str, str, str], list[int]] = {}
    for row in hires.tolist():
        hire = pool.hires[officers[int(candidates.officer[row])].id]
        groups.setdefault((hire.district, hire.cooperative, hire.role), []).append(row)
    for rows in groups.values():
        for first, second in itertools.pairwise(rows):
            context.add_linear(np.array([first, second]), np.array([1, -1]), 0, INT64_MAX)
    count = Linear.of(hires, np.ones(len(hires), dtype=np.int64))
    if max_hires is not None:
        context.add_linear(hires, 1, INT64_MIN, max_hires)
    for row in fixed.tolist():
        context.add_linear(np.array([row]), 1, 1, 1)
    return count


def _keep_existing_coverage(
    built: BuiltModel, pool: HirePool, candidates: Candidates, before: Plan
) -> None:
    """With a limit on hires: existing staff keep at least the coverage they reach alone
    (the "before" plan's), so a hire never takes the place of an existing officer."""
    if before.status not in (Status.OPTIMAL, Status.FEASIBLE):
        return
    rows = candidates.rows_of(before.assignments)
    reached = int(candidates.coverage_weight[rows].sum())
    existing = np.flatnonzero(~hire_rows(pool, candidates)).astype(np.int64)
    expression = Linear.of(existing, candidates.coverage_weight[existing])
    built.context.add_expression_at_least(expression, reached)


def _start(searched: Searched, job: HireJob) -> Searched:
    """The first incumbent: the "before" plan completed greedily with hires when that
    checks clean on the pool scenario; else the "before" plan alone, with the completion
    as the next hint. No incumbent when the "before" plan has no assignments to start from."""
    before, candidates = job.before, job.candidates
    if before.status not in (Status.OPTIMAL, Status.FEASIBLE):
        return searched
    limits = job.limits
    start = completed(job.pool, candidates, before, limits.max_hires, limits.per_kecamatan_cap)
    rows = np.flatnonzero(start).astype(np.int64)
    if valid_on_pool(job.pool, candidates, start):
        return replace(searched, incumbent=Incumbent(start, "flow"), hint_rows=rows)
    # e.g. hires count as baseline changes: start from the plan alone
    alone = Incumbent.of_rows(len(candidates), candidates.rows_of(before.assignments), "flow")
    return replace(searched, incumbent=alone, hint_rows=rows)
