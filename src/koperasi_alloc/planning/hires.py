"""``propose_hires``: the fewest new officers (usulan tambahan PPPK) that fill what the
existing staff cannot.

>>> proposal = propose_hires(scenario, time_limit=20)  # doctest: +SKIP
>>> print(proposal.text("id"))  # doctest: +SKIP
>>> proposal.to_frame()  # doctest: +SKIP

How it works. The scenario is extended with a pool of hypothetical hires (see
:mod:`koperasi_alloc.planning.hire_pool`: ordinary officers placed at kecamatan level,
clearly marked). The library's candidate builder and model builder then make the usual
CP-SAT model over existing staff and hires together, with every rule, and it is solved
lexicographically:

1. coverage (the library's coverage tier: priority-weighted filled slots), as large as
   possible, with at most ``max_hires`` hires;
2. the number of hires, as small as possible, keeping that coverage;
3. the coverage given by existing staff, as large as possible, keeping both;
4. locality, then travel of the whole plan, keeping all of the above.

Stage 2 before 3 is what makes "fewest hires" the answer; stage 3 then makes existing
staff do everything they can among the plans with that many hires. Together they give
the property the tests check: no hire can be replaced by an existing officer who is free
to serve (that swap would save a hire, contradicting stage 2 when it is proven).

Helpers that make the stages fast, none of which changes what is optimal:

- the start: the plan without hires (``solve``'s, or the one given), completed greedily
  with one hire per empty slot; a start built outside CP-SAT becomes the incumbent only
  when :func:`koperasi_alloc.check` passes it on the pool scenario;
- when stage 1 fills every slot as far as its candidates allow, each slot is pinned to
  that (redundant, but visible to the LP: stage 2 becomes an assignment problem);
- before stage 2, ``solve`` on the scenario with unit priorities bounds the slots existing
  staff can fill at all, ``U``: at least ``pinned slots - U`` hires are needed (a cut, and
  a floor for ``hires_bound``); its plan, completed with hires, is the next hint.

The status is OPTIMAL only when stages 1 and 2 are proven; ``hires_bound`` is a proven
lower bound on the number of hires (valid even when stage 1 is not proven: any plan with
more coverage also has at least the stage-1 coverage).

Module size: about 570 lines, one driver and its stages; the pool and the result live in
:mod:`~koperasi_alloc.planning.hire_pool` and :mod:`~koperasi_alloc.planning.hire_proposal`.
"""

from __future__ import annotations

import itertools
import math
import os
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray
from ortools.sat.python import cp_model

from koperasi_alloc.candidates import Candidates, build_candidates
from koperasi_alloc.model import BuiltModel, Linear, build_model
from koperasi_alloc.model.context import INT64_MAX, INT64_MIN
from koperasi_alloc.plan import Plan, Status
from koperasi_alloc.planning.hire_inputs import (
    HireLimits,
    StageResult,
    fixed_rows,
    validate_inputs,
)
from koperasi_alloc.planning.hire_pool import (
    HirePool,
    build_pool,
    completed,
    designated,
    hire_rows,
)
from koperasi_alloc.planning.hire_proposal import HireProposal, finish_proposal
from koperasi_alloc.planning.replan import plan_from_rows
from koperasi_alloc.scenario import Employment, Scenario
from koperasi_alloc.solver.cpsat import Reporter, apply_parameters, search
from koperasi_alloc.solver.progress import ProgressCallback, Stops, StopSignal, check_stop_signal
from koperasi_alloc.solver.proof import decided

__all__ = ["STAGE_SHARES", "HireProposal", "propose_hires"]

BEFORE_SHARE = 0.3
"""Share of the budget for solving the existing staff alone (when no plan is given)."""

STAGE_SHARES = (0.45, 0.35, 0.1, 0.05, 0.05)
"""Shares of the remaining budget: coverage, hires, existing coverage, locality, travel."""

COUNT_SHARE = 0.5
"""Share of the hires stage's time for counting what existing staff can fill (a bound)."""


@dataclass
class _Search:
    """The extended model, its incumbent, and the stages run so far."""

    built: BuiltModel
    workers: int
    seed: int
    deadline: float
    stops: Stops
    gap_limit: float | None = None
    started: float = 0.0
    #: seconds from the call until coverage and the number of hires were both proven
    proven_at: float | None = None
    incumbent: NDArray[np.bool_] | None = None
    #: a better start than the incumbent for the next stage, not yet proven feasible
    hint: NDArray[np.bool_] | None = None
    #: slot units that must be filled once coverage is complete (see _pin_full_slots)
    pinned_units: int | None = None
    #: proven lower bound on the number of hires found outside CP-SAT (see _count_existing)
    hires_floor: int = 0
    stages: list[StageResult] = field(default_factory=list)
    #: the number of hires, as an expression over the candidates
    hires: Linear = field(
        default_factory=lambda: Linear(np.zeros(0, np.int64), np.zeros(0, np.int64))
    )

    @property
    def n(self) -> int:
        return self.built.context.n_candidates

    def run(self, name: str, objective: Linear, seconds: float) -> StageResult:
        """Maximise ``objective`` for at most ``seconds``, hinted with the incumbent."""
        context = self.built.context
        start = self.hint if self.hint is not None else self.incumbent
        self.hint = None
        if start is not None:
            context.set_hint(np.arange(self.n, dtype=np.int64), start.astype(np.int64))
        context.maximize(objective)
        solver = cp_model.CpSolver()
        apply_parameters(
            solver.parameters,
            workers=self.workers,
            seed=self.seed,
            gap_limit=self.gap_limit,
            log=False,
            cpsat_params={},
        )
        solver.parameters.max_time_in_seconds = max(seconds, 0.05)
        sign = -1 if name == "hires" else 1  # the number of hires is searched negated
        reporter = Reporter(name, self.stops, None, display_sign=sign)
        started = time.perf_counter()
        code = search(solver, context.model, reporter, self.stops, math.inf)
        elapsed = time.perf_counter() - started
        result = StageResult(name, cp_model.CpSolverStatus(code).name, seconds=elapsed)
        if code in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            solution = np.asarray(solver.response_proto.solution, dtype=np.int64)
            chosen = solution[: self.n].astype(bool)
            value = objective.value(solution)
            if self.incumbent is not None:
                current = objective.value(_full(self, objective))
                if current >= value:  # no better than the hint: keep the hint
                    chosen, value = self.incumbent, current
            self.incumbent = chosen
            result.value = value
            result.bound = float(solver.best_objective_bound)
            # proven only where the value meets the bound: a gap limit ends in OPTIMAL too
            result.proven = decided(value, result.bound)
            if not result.proven:
                result.status = "FEASIBLE"
                result.stopped_by = self.stops.unproven_end(code == cp_model.OPTIMAL)
        elif code == cp_model.MODEL_INVALID:  # pragma: no cover - a bug in the builder
            raise RuntimeError(f"CP-SAT rejected the hiring model: {solver.solution_info()}")
        self.stages.append(result)
        return result

    def keep(self, objective: Linear, value: int) -> None:
        """Constrain ``objective >= value`` for the stages that follow."""
        self.built.context.add_expression_at_least(objective, value)

    def seconds_for(self, shares: tuple[float, ...]) -> float:
        """This stage's share of the time left, ``shares[0]`` of ``sum(shares)``."""
        left = max(self.deadline - time.perf_counter(), 0.0)
        return left * shares[0] / max(sum(shares), 1e-9)


def _add_hire_constraints(
    search: _Search, pool: HirePool, max_hires: int | None, fixed: NDArray[np.int64]
) -> Linear:
    """Symmetry breaking among identical hires, the hire limit and fixed rows; returns the
    number of hires as an expression."""
    context = search.built.context
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


def propose_hires(
    scenario: Scenario,
    plan: Plan | None = None,
    *,
    max_hires: int | None = None,
    per_kecamatan_cap: int | None = None,
    time_limit: float = 20.0,
    employment: Employment | str = Employment.PPPK_PARUH_WAKTU,
    workers: int | None = None,
    seed: int = 0,
    gap_limit: float | None = None,
    callback: ProgressCallback | None = None,
    stop: StopSignal | None = None,
) -> HireProposal:
    """The fewest hypothetical new officers that fill every slot that can be filled.

    Parameters
    ----------
    scenario
        The scenario of the existing staff.
    plan
        A plan of the existing staff to keep as it is (it must pass
        :func:`koperasi_alloc.check` on ``scenario``): its assignments stay, idle existing
        officers are placed next, hires fill the rest. When None, the existing staff are
        re-planned together with the hires (fewest hires overall), and the plan that
        :func:`koperasi_alloc.solve` makes without hires is kept as the "before" picture.
    max_hires
        Most hires in total; the proposal then fills as much coverage as that many can.
    per_kecamatan_cap
        Most hires placed in one kecamatan (a release cap on its hypothetical agency).
    time_limit
        Wall-clock budget in seconds for the whole proposal (a little overhead aside).
    employment
        Employment kind of the hires (PPPK_PARUH_WAKTU by default).
    workers
        CP-SAT search workers (the machine's cores when None).
    seed
        CP-SAT random seed.
    gap_limit
        Stop each stage's search once its relative gap is at most this (the proposal is
        then FEASIBLE, with the bounds actually proven).
    callback
        Called with a :class:`~koperasi_alloc.solver.Progress` for every better solution
        and periodically; returning True stops the proposal with the best plan so far.
    stop
        A stop token (anything with ``is_set()``, e.g. a :class:`threading.Event`): once
        set, the proposal stops within a second with the best plan so far.

    Returns
    -------
    HireProposal
        The hires per kecamatan and role, totals per kabupaten, status and bound on the
        number of hires, the scenario extended with the proposed hires and its plan
        (which passes ``check(proposal.scenario, proposal.plan)``).

    Raises
    ------
    ValueError
        On an impossible argument, a plan that does not check clean, or ids that use the
        reserved prefix ``HIRE-``.
    """
    started = time.perf_counter()
    employment = Employment(employment)
    validate_inputs(scenario, plan, max_hires, per_kecamatan_cap, time_limit, employment)
    check_stop_signal(stop)
    limits = HireLimits(max_hires, per_kecamatan_cap, time_limit, gap_limit)
    return _propose(
        scenario, plan, limits, employment, Stops(started, callback, stop), workers, seed
    )


def _propose(
    scenario: Scenario,
    plan: Plan | None,
    limits: HireLimits,
    employment: Employment,
    stops: Stops,
    workers: int | None,
    seed: int,
) -> HireProposal:
    """The stages of the module docstring, Ctrl-C and the stop token stopping them."""
    workers = workers or os.cpu_count() or 1
    with stops:
        search, pool, candidates, before = _search(
            scenario, plan, limits, employment, stops, workers, seed
        )
        try:
            before_hires = _count_existing_step(
                search, pool, scenario, plan, before, search.hires, limits
            )
            _lexicographic(search, pool, search.hires, before_hires)
        except KeyboardInterrupt:
            stops.interrupt()
    return finish_proposal(
        scenario=scenario,
        pool=pool,
        candidates=candidates,
        chosen=search.incumbent,
        stages=search.stages,
        before=before,
        kept_plan=plan is not None,
        max_hires=limits.max_hires,
        per_kecamatan_cap=limits.per_kecamatan_cap,
        started=stops.started,
        proven_at=search.proven_at,
        stopped_by=stops.reason,
    )


def _search(
    scenario: Scenario,
    plan: Plan | None,
    limits: HireLimits,
    employment: Employment,
    stops: Stops,
    workers: int,
    seed: int,
) -> tuple[_Search, HirePool, Candidates, Plan]:
    """The "before" plan, the pool of hires, and the extended model with its first
    incumbent, ready for the stages."""
    max_hires, per_kecamatan_cap = limits.max_hires, limits.per_kecamatan_cap
    before = _before(scenario, plan, limits.time_limit, workers, seed, stops)
    pool = build_pool(scenario, per_kecamatan_cap=per_kecamatan_cap, employment=employment)
    candidates = designated(pool, build_candidates(pool.scenario))
    built = build_model(pool.scenario, candidates)
    deadline = stops.started + limits.time_limit
    search = _Search(built, workers, seed, deadline, stops, limits.gap_limit, stops.started)
    fixed = fixed_rows(plan, candidates)
    search.hires = _add_hire_constraints(search, pool, max_hires, fixed)
    _start(search, pool, candidates, before, max_hires, per_kecamatan_cap)
    return search, pool, candidates, before


def _before(
    scenario: Scenario, plan: Plan | None, time_limit: float, workers: int, seed: int, stops: Stops
) -> Plan:
    """The "before" picture: the plan given, or ``solve``'s plan of the existing staff
    alone in ``BEFORE_SHARE`` of the budget."""
    from koperasi_alloc import solve

    if plan is not None:
        return plan
    before = solve(
        scenario,
        time_limit=BEFORE_SHARE * time_limit,
        workers=workers,
        seed=seed,
        callback=stops.callback,
        stop=stops.as_signal(),
    )
    stops.take_over(before.stopped_by)
    return before


def _start(
    search: _Search,
    pool: HirePool,
    candidates: Candidates,
    before: Plan,
    max_hires: int | None,
    per_kecamatan_cap: int | None,
) -> None:
    """The first incumbent: ``before`` completed greedily with hires when that checks clean
    on the pool scenario; else ``before`` alone, with the completion as the next hint.

    Leaves the search without an incumbent when ``before`` has no assignments to start from.
    """
    if before.status not in (Status.OPTIMAL, Status.FEASIBLE):
        return
    start = completed(pool, candidates, before, max_hires, per_kecamatan_cap)
    if _valid(pool, candidates, start):
        search.incumbent = start
    else:  # e.g. hires count as baseline changes: start from the plan alone
        search.incumbent = np.zeros(len(candidates), dtype=bool)
        search.incumbent[candidates.rows_of(before.assignments)] = True
        search.hint = start


def _count_existing_step(
    search: _Search,
    pool: HirePool,
    scenario: Scenario,
    plan: Plan | None,
    before: Plan,
    hires: Linear,
    limits: HireLimits,
) -> Callable[[float], None] | None:
    """What to run before the hires stage, given its seconds: :func:`_count_existing` when
    the existing staff are re-planned (``plan`` is None), nothing when ``plan`` is kept."""
    if plan is not None:
        return None

    def step(seconds: float) -> None:
        _count_existing(
            search,
            pool,
            scenario,
            before,
            hires,
            seconds,
            limits.max_hires,
            limits.per_kecamatan_cap,
        )

    return step


def _existing_rows(search: _Search, pool: HirePool) -> Linear:
    """Coverage given by existing staff, as an expression."""
    candidates = search.built.context.candidates
    rows = np.flatnonzero(~hire_rows(pool, candidates)).astype(np.int64)
    return Linear.of(rows, candidates.coverage_weight[rows])


def _pin_full_slots(search: _Search, coverage: int) -> int | None:
    """When ``coverage`` fills every slot as far as its candidates allow, say so slot by
    slot: each slot of positive priority then holds ``min(demand, its candidates)``.

    Redundant given ``coverage >= value`` (a sum of per-slot maxima is reached only with
    every term at its maximum), but an LP sees it: the hires stage becomes an assignment
    problem CP-SAT proves quickly instead of a knapsack-like equality it cannot.
    Returns the full coverage when the slots were pinned (it is then a proven bound).
    """
    context = search.built.context
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
    if coverage != full:
        return None
    for rows, most in pins:
        context.add_linear(rows, 1, most, most)
    search.pinned_units = units
    return full


def _count_existing(
    search: _Search,
    pool: HirePool,
    scenario: Scenario,
    before: Plan,
    hires: Linear,
    seconds: float,
    max_hires: int | None,
    per_kecamatan_cap: int | None,
) -> None:
    """Before the hires stage, once coverage is complete: the most slots existing staff
    can fill, by the library's own :func:`~koperasi_alloc.solve` on the scenario with every
    priority 1 and coverage the only tier.

    With ``U`` its proven upper bound, every plan that fills all ``pinned_units`` slots
    needs at least ``pinned_units - U`` hires: a valid cut that hands CP-SAT the bound at
    once. Its plan, completed with hires, is the next stage's hint when it needs fewer
    hires than the incumbent (CP-SAT, not this function, decides whether it is feasible).
    """
    from koperasi_alloc import solve

    if search.pinned_units is None or search.incumbent is None:
        return
    data = scenario.model_dump()
    for cooperative in data["cooperatives"]:
        cooperative["priority"] = 1
    data["policy"]["objective"]["tiers"] = ["coverage"]
    data["policy"]["objective"]["mode"] = "lexicographic"
    started = time.perf_counter()
    plan = solve(
        Scenario.model_validate(data),
        time_limit=max(seconds, 0.1),
        workers=search.workers,
        seed=search.seed,
        hint=before if before.status in (Status.OPTIMAL, Status.FEASIBLE) else None,
        stop=search.stops.as_signal(),
    )
    search.stops.take_over(plan.stopped_by)
    tier = plan.tier("coverage")
    bound = tier.bound if tier is not None else None
    search.stages.append(
        StageResult(
            "existing_count",
            plan.status.value,
            plan.filled,
            None if bound is None else float(bound),
            time.perf_counter() - started,
            plan.status == Status.OPTIMAL,
        )
    )
    context = search.built.context
    if bound is not None and search.pinned_units - bound > 0:
        search.hires_floor = int(search.pinned_units - bound)
        context.add_expression_at_least(hires, search.hires_floor)
    if plan.status not in (Status.OPTIMAL, Status.FEASIBLE):
        return
    candidates = context.candidates
    start = completed(pool, candidates, plan, max_hires, per_kecamatan_cap)
    if int(start[hire_rows(pool, candidates)].sum()) >= hires.value(_full(search, hires)):
        return
    covered = int(candidates.coverage_weight[start].sum())
    target = search.stages[0].value
    if target is not None and covered >= target and _valid(pool, candidates, start):
        search.incumbent = start  # fewer hires, same coverage, checked clean
    else:
        search.hint = start


def _valid(pool: HirePool, candidates: Candidates, chosen: NDArray[np.bool_]) -> bool:
    """Whether the rows ``chosen`` pass :func:`koperasi_alloc.check` on the pool scenario.

    Starts built outside CP-SAT (greedy completions) become incumbents only through this
    gate, so that no unverified plan can ever be returned.
    """
    from koperasi_alloc.check import check

    plan = plan_from_rows(candidates, np.flatnonzero(chosen).astype(np.int64))
    return not check(pool.scenario, plan)


def _lexicographic(
    search: _Search,
    pool: HirePool,
    hires: Linear,
    before_hires_stage: Callable[[float], None] | None = None,
) -> None:
    """The stages of the module docstring, each keeping what the ones before reached."""
    candidates = search.built.context.candidates
    tiers = {t.name: t.expression for t in search.built.tiers}
    coverage = tiers.get("coverage") or Linear.of(
        np.arange(len(candidates), dtype=np.int64), candidates.coverage_weight
    )
    existing_coverage = _existing_rows(search, pool)
    everything = np.arange(len(candidates), dtype=np.int64)
    stages: list[tuple[str, Linear]] = [
        ("coverage", coverage),
        ("hires", hires.scaled(-1)),
        ("existing_coverage", existing_coverage),
        ("locality", Linear.of(everything, candidates.locality_weight)),
        ("travel", Linear.of(everything, -candidates.travel_minutes)),
    ]
    for k, (name, objective) in enumerate(stages):
        if search.stops.requested():
            break
        if search.incumbent is not None and k >= 2 and search.deadline - time.perf_counter() < 0.05:
            break
        if k in (1, 2) and search.incumbent is not None and hires.value(_full(search, hires)) == 0:
            # no hire at all: nothing to minimise, existing staff already cover everything
            value = objective.value(_full(search, objective))
            proven = k == 1 or search.stages[0].proven
            result = StageResult(name, "SKIPPED", value, float(value), 0.0, proven)
            search.stages.append(result)
            search.keep(objective, value)
            _note_proof(search, result)
            continue
        if name == "hires" and before_hires_stage is not None:
            before_hires_stage(search.seconds_for(STAGE_SHARES[k:]) * COUNT_SHARE)
        result = search.run(name, objective, search.seconds_for(STAGE_SHARES[k:]))
        if result.status == "INFEASIBLE" or search.incumbent is None:
            return
        if result.value is None:
            result.value = objective.value(_full(search, objective))
        search.keep(objective, result.value)
        if name == "coverage" and _pin_full_slots(search, result.value) is not None:
            # every slot is as full as its candidates allow: no plan covers more
            result.bound, result.proven = float(result.value), True
        if name == "hires":
            # the floor (and 0) are proven lower bounds on hires: -floor bounds -hires
            floor = -float(search.hires_floor)
            result.bound = floor if result.bound is None else min(result.bound, floor)
            result.proven = result.proven or decided(result.value, result.bound)
            _note_proof(search, result)


def _note_proof(search: _Search, result: StageResult) -> None:
    """Record when the hires stage ends with coverage and hires both proven."""
    if result.name == "hires" and result.proven and search.stages[0].proven:
        search.proven_at = time.perf_counter() - search.started


def _full(search: _Search, objective: Linear) -> NDArray[np.int64]:
    """The incumbent as a solution vector long enough for ``objective``."""
    assert search.incumbent is not None
    size = max(search.n, int(objective.indices.max(initial=-1)) + 1)
    solution = np.zeros(size, dtype=np.int64)
    solution[: search.n] = search.incumbent
    return solution
