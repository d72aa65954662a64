"""A hiring proposal decomposed: each independent part of the scenario (kabupaten, capped
agencies: :mod:`koperasi_alloc.decompose`) proposed for apart, on the solver's part runner,
and the proposals merged.

The parts are independent for every rule of the pool too (a hire serves one kecamatan of
one part), so the fewest hires of the whole is the sum of each part's fewest, and the sum
of the parts' proven lower bounds is a proven lower bound of the whole: the national
figure and the per-kabupaten table come from the parts. A part that finds no plan in time
(or whose worker fails) proposes nothing and keeps its slots empty; it adds 0 to the
bound, which then still holds.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from concurrent.futures import Executor

from koperasi_alloc.decompose import Part, chunk, sub_scenario
from koperasi_alloc.explain.records import Table
from koperasi_alloc.plan import Plan, Status, StopReason, vacancies_of
from koperasi_alloc.planning.hire_inputs import HireLimits
from koperasi_alloc.planning.hire_pool import is_hire
from koperasi_alloc.planning.hire_proposal import (
    HireProposal,
    StageSummary,
    extended_scenario,
)
from koperasi_alloc.planning.hire_run import propose_in
from koperasi_alloc.scenario import Employment, Scenario
from koperasi_alloc.solver.engine import new_env
from koperasi_alloc.solver.merge import merge
from koperasi_alloc.solver.options import SolveOptions
from koperasi_alloc.solver.part_runner import POOL_STOP, PartRunner, lost_note
from koperasi_alloc.solver.parts import TASK_SIZE
from koperasi_alloc.solver.progress import Progress, ProgressCallback, Stops, StopSignal
from koperasi_alloc.solver.workers import pool_stop

__all__ = ["propose_part", "propose_parts"]


def propose_part(
    scenario: Scenario,
    options: SolveOptions,
    limits: HireLimits,
    employment: Employment,
    not_after: float,
    stop: StopSignal | str | None,
) -> HireProposal:
    """The proposal of one part, in a worker (module-level so that executors pickle it),
    done by ``not_after`` (a ``time.time()``) whatever its start cost."""
    budget = max(min(options.time_limit, not_after - time.time()), 0.05)
    options = options.model_copy(update={"time_limit": budget})
    token = pool_stop() if stop == POOL_STOP else stop
    assert token is None or not isinstance(token, str)
    env = new_env(scenario, options, stop=token)
    part_limits = HireLimits(limits.max_hires, limits.per_kecamatan_cap, budget, limits.gap_limit)
    return propose_in(env, None, part_limits, employment)


def propose_parts(
    scenario: Scenario,
    parts: list[Part],
    limits: HireLimits,
    employment: Employment,
    options: SolveOptions,
    started: float,
    callback: ProgressCallback | None,
    stop: StopSignal | None,
    executor: Executor | None,
) -> HireProposal:
    """Propose for independent parts (in parallel where the executor allows) and merge."""
    stops = Stops(started, callback, stop)
    scenario.scenario_hash()  # named by the merged plans' audit: written now, not after a stop
    tasks = chunk(parts, TASK_SIZE)
    deadline = started + options.time_limit
    grace = max(0.05 * options.time_limit, 0.5)
    runner = PartRunner(len(tasks), executor, stops, deadline, grace)
    sizes = [sum(p.size for p in task) for task in tasks]
    order = sorted(range(len(tasks)), key=lambda t: -sizes[t])
    workers = options.workers or max(1, (os.cpu_count() or 1) // max(runner.slots, 1))
    part_options = options.model_copy(update={"workers": workers})
    results: dict[int, HireProposal] = {}
    unstarted = [float(sum(sizes))]

    def job(t: int) -> tuple[object, ...]:
        left = max(deadline - time.perf_counter() - 0.2, 0.05)
        share = min(1.0, max(runner.slots, 1) * sizes[t] / max(unstarted[0], 1.0))
        unstarted[0] -= sizes[t]
        budget = max(left * share, 0.05)
        part = sub_scenario(scenario, tasks[t], f"{scenario.name} [{t + 1}/{len(tasks)}]")
        budgeted = part_options.model_copy(update={"time_limit": budget})
        return part, budgeted, limits, employment, time.time() + budget

    def finished(t: int, proposal: HireProposal) -> None:
        results[t] = proposal
        done = list(results.values())
        hires, bound = sum(p.hires for p in done), sum(p.hires_bound for p in done)
        elapsed = time.perf_counter() - started
        stops.report(Progress("hires", hires, bound, elapsed, len(done), len(tasks), None, "part"))

    with stops:
        try:
            runner.run(order, propose_part, job, finished, lambda: time.perf_counter() < deadline)
        except KeyboardInterrupt:
            stops.interrupt()
        finally:
            runner.close()
    return merged_proposal(scenario, tasks, results, runner.lost, limits, started, stops)


def merged_proposal(
    scenario: Scenario,
    tasks: Sequence[list[Part]],
    results: dict[int, HireProposal],
    lost: dict[int, str],
    limits: HireLimits,
    started: float,
    stops: Stops,
) -> HireProposal:
    """One proposal from the parts': hires and bounds summed, tables joined, the plans (with
    hires, and before) merged; the cooperatives of parts without a plan stay vacant."""
    planned = (Status.OPTIMAL, Status.FEASIBLE)
    solved = {t: p for t, p in results.items() if p.status in planned}
    parts = list(solved.values())
    unsolved = [
        j
        for t in range(len(tasks))
        if t not in solved
        for part in tasks[t]
        for j in part.cooperatives
    ]
    hired = [o for p in parts for o in p.scenario.officers if is_hire(o)]
    final = extended_scenario(scenario, hired, limits.per_kecamatan_cap)
    n = len(tasks)
    notes = [lost_note(scenario, tasks, lost)] if lost else []
    plan = _merged(final, [p.plan for p in parts], unsolved, started, n, notes)
    before = _merged(scenario, [p.before for p in results.values()], [], started, n, [])
    proven = len(solved) == n and all(p.status is Status.OPTIMAL for p in parts)
    stopped_by = None if proven else _stopped_by(stops, results)
    plan = plan.model_copy(update={"stopped_by": stopped_by})
    hires, bound = sum(p.hires for p in parts), sum(p.hires_bound for p in parts)
    coverage = plan.tier("coverage")
    status = Status.OPTIMAL if proven else Status.FEASIBLE if parts else Status.NO_SOLUTION_IN_TIME
    return HireProposal(
        status=status,
        hires=hires,
        hires_bound=bound,
        gap=(hires - bound) / max(1, hires),
        coverage=coverage.value if coverage is not None else 0,
        coverage_bound=_coverage_bound(parts, unsolved),
        filled_before=before.filled,
        filled_after=plan.filled,
        unreachable=sum(p.unreachable or 0 for p in parts),  # planned parts: all known
        total_slots=vacancies_of(scenario, [])[1],
        max_hires=limits.max_hires,
        per_kecamatan_cap=limits.per_kecamatan_cap,
        kept_plan=False,
        wall_time=time.perf_counter() - started,
        proven_at=max((p.proven_at or 0.0 for p in parts), default=None) if proven else None,
        stopped_by=stopped_by,
        stages=_stages(results),
        rows=Table(rows=sorted((r for p in parts for r in p.rows), key=lambda r: r.kecamatan)),
        kabupaten=Table(rows=sorted((k for p in parts for k in p.kabupaten), key=_kabupaten)),
        scenario=final,
        plan=plan,
        before=before,
    )


def _coverage_bound(parts: list[HireProposal], unsolved: list[int]) -> int | None:
    """The sum of the parts' coverage bounds; unknown when one is, or a part has no plan."""
    bounds = [p.coverage_bound for p in parts]
    if unsolved or any(b is None for b in bounds):
        return None
    return sum(b for b in bounds if b is not None)


def _stopped_by(stops: Stops, results: dict[int, HireProposal]) -> StopReason:
    """The user's stop, else the first part's reason, else the time budget."""
    if stops.requested() and stops.reason is not None:
        return stops.reason
    reasons = (p.stopped_by for p in results.values() if p.stopped_by is not None)
    return next(reasons, StopReason.TIME_LIMIT)


def _stages(results: dict[int, HireProposal]) -> list[StageSummary]:
    """Every part's stages, named by their part."""
    return [
        s.model_copy(update={"name": f"part {t + 1}: {s.name}"})
        for t, p in sorted(results.items())
        for s in p.stages
    ]


def _kabupaten(total: object) -> str:
    return str(getattr(total, "kabupaten", ""))


def _merged(
    scenario: Scenario,
    plans: list[Plan],
    unsolved: list[int],
    started: float,
    parts: int,
    notes: list[str],
) -> Plan:
    """The parts' plans as one (the cooperatives of ``unsolved`` vacant), with ``notes``."""
    return merge(
        scenario,
        plans,
        unsolved,
        notes,
        started,
        time_limit=0.0,
        seed=0,
        workers=1,
        parameters={},
        parts=parts,
    )
