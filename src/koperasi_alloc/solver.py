"""``solve``: scenario -> candidates -> CP-SAT model -> Plan, within a time budget."""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
import signal
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import ortools
from numpy.typing import NDArray
from ortools.sat.python import cp_model

from koperasi_alloc import flow
from koperasi_alloc.arrays import sorted_unique
from koperasi_alloc.candidates import Candidates, build_candidates
from koperasi_alloc.decompose import Part, chunk, decomposable, split, sub_scenario
from koperasi_alloc.errors import KoperasiError
from koperasi_alloc.model import BuiltModel, TierExpression, build_model
from koperasi_alloc.model.context import Linear, combine
from koperasi_alloc.model.objective import FAIRNESS_SCALE
from koperasi_alloc.plan import (
    Audit,
    Plan,
    PlanAssignment,
    SolveStats,
    Status,
    TierValue,
    vacancies_of,
)
from koperasi_alloc.scenario import TIER_SENSE, Assignment, Scenario, TierName

__all__ = ["Progress", "solve"]

#: Fold consecutive linear tiers after the first into one CP-SAT stage (else one stage per
#: tier). The first tier always gets a stage of its own: folded with the rest its weight
#: would be the product of their ranges (about 1e9 for coverage), which CP-SAT's LP handles
#: badly; locality and travel folded measured 2x faster than apart (docs/performance.md).
FOLD_LINEAR_TIERS = True

#: Presolve settings measured to cut CP-SAT's presolve from seconds to a tenth of a second
#: on our models without weakening the LP bound (benchmarks/; docs/performance.md).
LIGHT_PRESOLVE: dict[str, Any] = {
    "max_presolve_iterations": 1,
    "cp_model_probing_level": 0,
    "find_big_linear_overlap": False,
    "symmetry_level": 0,
}

#: Seconds CP-SAT needs per candidate to load a model (measured on the national preset).
CPSAT_SECONDS_PER_CANDIDATE = 1e-5

#: Share of the remaining budget each lexicographic stage may use, by position.
STAGE_SHARES = (0.6, 0.2, 0.1, 0.1)
#: Rounds of :func:`koperasi_alloc.flow.polish` on a plan, each kept only if it improves.
POLISH_ROUNDS = 4

#: Leave out of the CP-SAT model the candidates that the network's reduced costs show no
#: plan as good as the warm start can use (see docs/performance.md).
PRUNE = True


@dataclass(frozen=True)
class Progress:
    """An improving solution, as seen by a ``callback`` given to :func:`solve`.

    Attributes
    ----------
    tier
        Name of the tier being optimised; "locality+travel" for tiers searched together
        (their values folded with weights that keep their order: locality times a weight
        larger than any travel difference, minus travel minutes), or "weighted".
    objective
        Its value in the new solution (for folded tiers, the folded value).
    bound
        The best bound proven so far for it.
    elapsed
        Seconds since :func:`solve` was called.
    components_done, components_total, worst_gap
        Set when the scenario is solved in independent parts (tier "components"):
        parts finished, parts in all, and the largest gap among the finished ones.
    """

    tier: str
    objective: float
    bound: float
    elapsed: float
    components_done: int | None = None
    components_total: int | None = None
    worst_gap: float | None = None


ProgressCallback = Callable[[Progress], bool | None]


class _Reporter(cp_model.CpSolverSolutionCallback):
    """Counts solutions, stops at a known bound, and passes progress to the user."""

    def __init__(
        self,
        tier: str,
        started: float,
        callback: ProgressCallback | None,
        target: float | None,
        sense: str,
    ) -> None:
        super().__init__()
        self.tier = tier
        self.solutions = 0
        self.reached_target = False
        self.stopped_by_callback = False
        self.display_sign = 1
        self._started = started
        self._callback = callback
        self._target = target
        self._sense = sense

    def on_solution_callback(self) -> None:
        self.solutions += 1
        value = self.objective_value
        if self._target is not None and (
            value >= self._target - 1e-9 if self._sense == "max" else value <= self._target + 1e-9
        ):
            self.reached_target = True
            self.stop_search()
        if self._callback is not None:
            sign = self.display_sign  # a minimised tier is searched as its negation
            progress = Progress(
                self.tier,
                sign * value,
                sign * self.best_objective_bound,
                time.perf_counter() - self._started,
            )
            if self._callback(progress):
                self.stopped_by_callback = True
                self.stop_search()


@dataclass
class _Stage:
    tiers: list[TierExpression]
    status: int
    value: float | None
    bound: float | None
    proven: bool = False
    tier_bounds: list[float | None] | None = None


def _apply_parameters(
    parameters: Any,
    *,
    workers: int,
    seed: int,
    gap_limit: float | None,
    log: bool | Callable[[str], None],
    cpsat_params: dict[str, Any],
) -> None:
    parameters.num_workers = workers
    parameters.random_seed = seed
    parameters.catch_sigint_signal = False
    if gap_limit is not None:
        parameters.relative_gap_limit = gap_limit
    if log:
        parameters.log_search_progress = True
        parameters.log_to_stdout = not callable(log)
    # Measured defaults (shared/cpsat-notes.md, benchmarks/): the LP is what proves
    # optimality on assignment models like ours.
    if workers >= 2 and not ({"subsolvers", "extra_subsolvers"} & set(cpsat_params)):
        parameters.extra_subsolvers.append("max_lp")
    if workers == 1 and "linearization_level" not in cpsat_params:
        parameters.linearization_level = 2
    for name, value in LIGHT_PRESOLVE.items():
        if name not in cpsat_params:
            setattr(parameters, name, value)
    for name, value in cpsat_params.items():
        if not hasattr(parameters, name):
            raise KoperasiError(f"unknown CP-SAT parameter {name!r}")
        if isinstance(value, (list, tuple)):
            field = getattr(parameters, name)
            field.clear()
            field.extend(value)
        else:
            setattr(parameters, name, value)


class _Interrupt:
    """Turns Ctrl-C (SIGINT) during :func:`solve` into "stop the search, keep the best plan".

    Installed only in the main thread; a second Ctrl-C raises KeyboardInterrupt as usual.
    """

    def __init__(self) -> None:
        self.requested = False
        self.solver: cp_model.CpSolver | None = None
        self._previous: Any = None
        self._installed = False

    def __enter__(self) -> _Interrupt:
        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._handle)
            self._installed = True
        return self

    def __exit__(self, *exc: object) -> None:
        if self._installed:
            signal.signal(signal.SIGINT, self._previous)

    def _handle(self, signum: int, frame: object) -> None:
        if self.requested:
            raise KeyboardInterrupt
        self.requested = True
        if self.solver is not None:
            self.solver.stop_search()


def _run(
    solver: cp_model.CpSolver,
    model: cp_model.CpModel,
    reporter: _Reporter,
    interrupt: _Interrupt,
    soft_deadline: float,
) -> int:
    """Solve in a worker thread, so that the main thread can take Ctrl-C meanwhile.

    After ``soft_deadline`` the search stops as soon as it has a solution; CP-SAT's own
    time limit is the hard deadline.
    """
    outcome: dict[str, Any] = {}

    def target() -> None:
        try:
            outcome["status"] = solver.solve(model, reporter)
        except BaseException as error:  # pragma: no cover - re-raised below
            outcome["error"] = error

    interrupt.solver = solver
    thread = threading.Thread(target=target, name="koperasi-alloc-cpsat", daemon=True)
    thread.start()
    stopped = False
    try:
        while thread.is_alive():
            try:
                thread.join(0.02)
            except KeyboardInterrupt:
                interrupt.requested = True
                solver.stop_search()
            if not stopped and reporter.solutions and time.perf_counter() > soft_deadline:
                solver.stop_search()
                stopped = True
    finally:
        interrupt.solver = None
    if "error" in outcome:
        raise outcome["error"]
    return int(outcome["status"])


def _hint_rows(candidates: Candidates, hint: Plan | Sequence[Assignment]) -> NDArray[np.int64]:
    """Candidate rows of the hinted assignments (those that are still candidates)."""
    return candidates.rows_of(hint.assignments if isinstance(hint, Plan) else hint)


def _set_hint(built: BuiltModel, rows: NDArray[np.int64]) -> None:
    """Hint every variable: the candidate rows, their ORs, and the fairness level."""
    context = built.context
    chosen = _mask(context.n_candidates, rows)
    indices = [np.arange(context.n_candidates, dtype=np.int64)]
    values = [chosen.astype(np.int64)]
    if context.or_variables:
        indices.append(np.array([v for v, _ in context.or_variables], dtype=np.int64))
        values.append(np.array([chosen[m].any() for _, m in context.or_variables], dtype=np.int64))
    if context.fairness is not None:
        fairness = next(t for t in built.tiers if t.name == "fairness")
        indices.append(np.array([context.fairness], dtype=np.int64))
        values.append(np.array([_value_of(fairness, chosen, built)], dtype=np.int64))
    context.set_hint(np.concatenate(indices), np.concatenate(values))


def _value_of(tier: TierExpression, chosen: NDArray[np.bool_], built: BuiltModel) -> int:
    return _tier_value(built.context.candidates, tier.name, chosen)


def _tier_value(candidates: Candidates, name: TierName, chosen: NDArray[np.bool_]) -> int:
    """The value of tier ``name`` for the plan ``chosen`` (a mask over ``candidates``)."""
    if name != "fairness":
        return int(_linear_values(candidates, name)[chosen].sum())
    return candidates.fairness_level(candidates.district_filled(chosen), FAIRNESS_SCALE)


def solve(
    scenario: Scenario,
    *,
    time_limit: float = 10.0,
    workers: int | None = None,
    seed: int = 0,
    gap_limit: float | None = None,
    hint: Plan | Sequence[Assignment] | None = None,
    callback: ProgressCallback | None = None,
    log: bool | Callable[[str], None] = False,
    executor: Executor | None = None,
    decompose: bool = True,
    **cpsat_params: Any,
) -> Plan:
    """Find the best plan for ``scenario`` within ``time_limit`` seconds.

    Parameters
    ----------
    scenario
        The validated scenario.
    time_limit
        Wall-clock budget in seconds, model building included.
    workers
        CP-SAT search workers; the machine's cores when None.
    seed
        CP-SAT random seed. With ``workers=1`` the same seed gives the same plan.
    gap_limit
        Stop a tier once its relative gap is at most this.
    hint
        A previous plan or list of assignments to start from.
    callback
        Called with a :class:`Progress` for every improving solution; returning True
        stops the search.
    log
        True prints CP-SAT's search log; a callable receives its lines instead.
    executor
        Where independent parts of the scenario are solved (any
        ``concurrent.futures.Executor``, e.g. a Dask ``Client.get_executor()``). By
        default a process pool over the machine's cores when there are several parts.
    decompose
        Solve independent parts apart (exact; see :mod:`koperasi_alloc.decompose`).
        False solves one monolithic model.
    **cpsat_params
        Further CP-SAT parameters (``SatParameters`` field names), passed unchanged.

    Returns
    -------
    Plan
        The best plan found, its status, per-tier values and bounds, and an audit trail.
        Ctrl-C stops the search and returns the best plan found so far.
    """
    started = time.perf_counter()
    deadline = started + max(time_limit, 0.0)
    if not 0 <= seed < 2**31:
        raise KoperasiError(f"seed must be between 0 and {2**31 - 1}, got {seed}")
    if workers is not None and workers < 1:
        raise KoperasiError(f"workers must be at least 1, got {workers}")
    if not time_limit >= 0:
        raise KoperasiError(
            f"time_limit must be a non-negative number of seconds, got {time_limit}"
        )
    if decompose and decomposable(scenario):
        parts = split(scenario)
        if len(parts) > 1:
            return _solve_decomposed(
                scenario,
                parts,
                started=started,
                time_limit=time_limit,
                workers=workers,
                seed=seed,
                gap_limit=gap_limit,
                callback=callback,
                executor=executor,
                cpsat_params=cpsat_params,
            )
    workers = workers or os.cpu_count() or 1
    audit_parameters = dict(cpsat_params)
    run = _Run(scenario, started, deadline, workers, seed, gap_limit, callback, log, cpsat_params)
    interrupt = _Interrupt()
    try:
        interrupt.__enter__()
        run.interrupt = interrupt
        run.prepare(hint)
        run.optimise()
    except KeyboardInterrupt:
        interrupt.requested = True
    finally:
        interrupt.__exit__()
    if interrupt.requested:
        run.notes.append("interrupted: returning the best plan found so far")
    conflict = None
    if run.chosen is None and any(st.status == cp_model.INFEASIBLE for st in run.stages):
        from koperasi_alloc.explain import find_conflict

        remaining = max(deadline - time.perf_counter(), 0.2)
        conflict = find_conflict(scenario, time_limit=remaining)
    plan = _make_plan(
        scenario,
        run.candidates,
        run.built,
        run.chosen,
        run.stages,
        run.notes,
        started=started,
        time_limit=time_limit,
        workers=workers,
        seed=seed,
        parameters=audit_parameters,
        method=run.method,
        pruned=run.total_candidates - len(run.candidates) if run.candidates is not None else 0,
    )
    if conflict is not None:
        plan = plan.model_copy(update={"conflict": conflict})
    return plan


class _Run:
    """One call of :func:`solve`: warm start from the flow relaxation, then CP-SAT per tier."""

    def __init__(
        self,
        scenario: Scenario,
        started: float,
        deadline: float,
        workers: int,
        seed: int,
        gap_limit: float | None,
        callback: ProgressCallback | None,
        log: bool | Callable[[str], None],
        cpsat_params: dict[str, Any],
    ) -> None:
        self.scenario = scenario
        self.started = started
        self.deadline = deadline
        self.workers = workers
        self.seed = seed
        self.gap_limit = gap_limit
        self.callback = callback
        self.log = log
        self.cpsat_params = cpsat_params
        self.interrupt = _Interrupt()
        self.candidates: Candidates | None = None
        self.built: BuiltModel | None = None
        self.chosen: NDArray[np.bool_] | None = None
        self.hint_rows: NDArray[np.int64] | None = None
        self.relaxation: flow.FlowRelaxation | None = None
        self.total_candidates = 0
        self._weighted_flow_bound = 0
        self.folded: NDArray[np.int64] | None = None  # benefit of the network's flows
        self.stages: list[_Stage] = []
        self.notes: list[str] = []
        self.method = "cp-sat"
        self.stopped_by_callback = False

    # --- warm start ------------------------------------------------------------------------

    def prepare(self, hint: Plan | Sequence[Assignment] | None) -> None:
        """Build candidates; find a first plan from the flow relaxation; leave out the
        candidates no plan as good can use; build the model."""
        scenario = self.scenario
        self.candidates = candidates = build_candidates(scenario)
        self.total_candidates = len(candidates)
        ensure_memory_for(len(candidates))
        # validate user parameters before any work is spent on them
        _apply_parameters(
            cp_model.CpSolver().parameters,
            workers=self.workers,
            seed=self.seed,
            gap_limit=self.gap_limit,
            log=False,
            cpsat_params=self.cpsat_params,
        )
        objective = scenario.policy.objective
        if objective.mode == "weighted":
            benefit = sum(
                (
                    objective.weights.get(name, 0) * _linear_values(candidates, name)
                    for name in scenario.objective_tiers()
                    if name != "fairness"
                ),
                np.zeros(len(candidates), dtype=np.int64),
            )
            folded = np.asarray(benefit, dtype=np.int64)
            start, loss = flow.max_benefit_flow(candidates, folded)
            self.relaxation = None
            self._weighted_flow_bound = int(folded[start].sum())
        else:
            self.relaxation = flow.relax(candidates, scenario.objective_tiers())
            if self.relaxation is not None:
                start, folded = self.relaxation.rows, self.relaxation.benefit
                loss = self.relaxation.loss
            else:
                start = np.zeros(0, dtype=np.int64)
                folded = candidates.coverage_weight
                loss = np.zeros(len(candidates), dtype=np.int64)
        if not flow.hard_rules_hold(candidates, start):
            start = flow.reflow(candidates, start, folded, deadline=self.deadline)
        if not flow.hard_rules_hold(candidates, start):
            start = flow.repair(candidates, start, folded)
        self.folded = folded
        if flow.hard_rules_hold(candidates, start):
            start = self._polished(start)
        if hint is not None:
            hinted = _hint_rows(candidates, hint)
            if flow.hard_rules_hold(candidates, hinted) and (
                not flow.hard_rules_hold(candidates, start) or self._better(hinted, start)
            ):
                start = hinted
        if flow.hard_rules_hold(candidates, start):
            self.chosen = _mask(len(candidates), start)
            self.method = "flow"
        self.hint_rows = start
        if self.chosen is not None and PRUNE:
            self._prune(loss)
        self.built = build_model(scenario, self.candidates)

    def _prune(self, loss: NDArray[np.int64]) -> None:
        """Leave out the candidates that no plan as good as the incumbent can use.

        A plan using candidate ``r`` has a folded benefit of at most the network optimum
        less ``loss[r]`` (:func:`flow.max_benefit_flow`). In lexicographic mode the folded
        benefit orders plans exactly as the leading tiers do, and every optimal plan is at
        least as good as the incumbent there, so a candidate whose loss exceeds the
        incumbent's distance to the network optimum is in no optimal plan. In weighted
        mode the fairness tier, outside the network, can add at most its weight times
        its scale. Every bound then found over the remaining candidates still bounds the
        optimum, which lies among them.
        """
        candidates, chosen, folded = self.candidates, self.chosen, self.folded
        assert candidates is not None
        assert chosen is not None
        assert folded is not None
        incumbent = np.flatnonzero(chosen).astype(np.int64)
        if self.relaxation is not None:
            slack = self.relaxation.optimum - int(folded[incumbent].sum())
        elif weighted_mode(self.scenario):
            names = self.scenario.objective_tiers()
            fairness_weight = self.scenario.policy.objective.weights.get("fairness", 0)
            reach = max(fairness_weight, 0) * FAIRNESS_SCALE if "fairness" in names else 0
            slack = self._weighted_flow_bound + reach - self._weighted_worth(names, chosen)
        else:
            return
        keep = loss <= slack
        if keep.all():
            return
        position = np.cumsum(keep) - 1
        self.candidates = candidates.subset(keep)
        self.chosen = chosen[keep]
        self.folded = folded[keep]
        if self.hint_rows is not None:
            self.hint_rows = position[self.hint_rows]
        if self.relaxation is not None:
            relaxation = self.relaxation
            self.relaxation = replace(
                relaxation,
                rows=position[relaxation.rows],
                benefit=relaxation.benefit[keep],
                loss=relaxation.loss[keep],
            )

    def _polished(self, rows: NDArray[np.int64]) -> NDArray[np.int64]:
        """``rows`` with its released officers re-routed optimally, while that improves the
        plan (see :func:`flow.polish`); ``rows`` must satisfy every hard rule."""
        candidates, benefit = self.candidates, self.folded
        if candidates is None or benefit is None:
            return rows
        for _ in range(POLISH_ROUNDS):
            if time.perf_counter() > self.deadline:
                break
            polished = flow.polish(candidates, rows, benefit)
            if not (flow.hard_rules_hold(candidates, polished) and self._better(polished, rows)):
                break
            rows = polished
        return rows

    def _polish(self) -> None:
        """Polish the incumbent found by CP-SAT before it hints the next stage."""
        if self.chosen is None:
            return
        current = np.flatnonzero(self.chosen).astype(np.int64)
        rows = self._polished(current)
        if rows is not current:
            self.chosen = _mask(len(self.chosen), rows)
            self.hint_rows = rows

    def report(self, tier: str, value: float, bound: float | None) -> None:
        """Tell the user's callback about a plan found outside CP-SAT's search."""
        if self.callback is None:
            return
        progress = Progress(
            tier,
            value,
            bound if bound is not None else float("nan"),
            time.perf_counter() - self.started,
        )
        if self.callback(progress):
            self.stopped_by_callback = True

    def _better(self, a: NDArray[np.int64], b: NDArray[np.int64]) -> bool:
        """Whether plan ``a`` beats plan ``b`` (candidate rows) for the policy's objective:
        its weighted sum, or its tiers in lexicographic order."""
        candidates = self.candidates
        assert candidates is not None
        mask_a, mask_b = _mask(len(candidates), a), _mask(len(candidates), b)
        names = self.scenario.objective_tiers()
        if weighted_mode(self.scenario):
            return self._weighted_worth(names, mask_a) > self._weighted_worth(names, mask_b)
        for name in names:
            va = _tier_value(candidates, name, mask_a)
            vb = _tier_value(candidates, name, mask_b)
            if va != vb:
                return va > vb if TIER_SENSE[name] == "max" else va < vb
        return False

    # --- optimisation ----------------------------------------------------------------------

    def _fairness_or_trivial_bound(self, tier: TierExpression) -> int:
        assert self.candidates is not None
        if tier.name == "fairness":
            return min(tier.trivial_bound, fairness_bound(self.candidates))
        return tier.trivial_bound

    def optimise(self) -> None:
        """Run the stages: groups of lexicographic tiers, or one weighted objective.

        Consecutive linear tiers form one stage whose objective folds them with weights
        that keep their lexicographic order exactly (see
        :func:`koperasi_alloc.flow.lexicographic_weights`); each later stage keeps the
        folded value reached by the earlier ones.
        """
        built = self.built
        assert built is not None
        assert self.candidates is not None
        policy = self.scenario.policy
        if policy.objective.mode == "weighted":
            by_name = policy.objective.weights
            expression = combine([(by_name.get(t.name, 0), t.expression) for t in built.tiers])
            fairness_weight = (
                by_name.get("fairness", 0) if "fairness" in self.scenario.objective_tiers() else 0
            )
            bound = self._weighted_flow_bound + max(fairness_weight, 0) * FAIRNESS_SCALE
            self._stage(
                list(built.tiers), [1] * len(built.tiers), expression, bound, 1.0, weighted=True
            )
            return
        groups = _stage_groups(self.candidates, built.tiers)
        relaxation_valid = True
        for position, (tiers, weights) in enumerate(groups):
            if self.interrupt.requested or self.stopped_by_callback:
                break
            shares = STAGE_SHARES[position : len(groups)] or (1.0,)
            share = shares[0] / sum(shares) if position < len(groups) - 1 else 1.0
            expression = combine(
                [
                    (w if t.sense == "max" else -w, t.expression)
                    for w, t in zip(weights, tiers, strict=True)
                ]
            )
            bounds = self._group_bounds(tiers, relaxation_valid)
            if [t.name for t in tiers] == ["fairness"]:
                bounds = [self._fairness_by_flow(tiers[0], bounds[0])]
            known: float | None = 0.0
            for w, t, b in zip(weights, tiers, bounds, strict=True):
                if b is None or known is None:
                    known = None
                else:
                    known += w * (b if t.sense == "max" else -b)
            stage = self._stage(tiers, weights, expression, known, share)
            if stage is None or stage.value is None:
                break
            assert self.chosen is not None
            relaxation = self.relaxation
            stage.tier_bounds = []
            for t in tiers:
                value = _value_of(t, self.chosen, built)
                relaxed = relaxation.bounds.get(t.name) if relaxation is not None else None
                if relaxation_valid and relaxed is not None:
                    stage.tier_bounds.append(relaxed)
                elif len(tiers) == 1 and stage.bound is not None:
                    stage.tier_bounds.append(stage.bound if t.sense == "max" else -stage.bound)
                else:
                    stage.tier_bounds.append(None)
                relaxation_valid = relaxation_valid and relaxed == value
            if position < len(groups) - 1 and not expression.is_constant:
                self._keep(tiers, expression, stage)

    def _keep(self, tiers: list[TierExpression], expression: Linear, stage: _Stage) -> None:
        """Constrain later stages to keep what this one reached.

        A proven folded stage is kept tier by tier (each at its value: the folded optimum
        is lexicographic, so every plan as good has exactly these values), which CP-SAT's
        LP uses far better than the one folded row; otherwise the folded value is kept.
        """
        built, chosen = self.built, self.chosen
        assert built is not None
        assert stage.value is not None
        if len(tiers) > 1 and stage.proven and chosen is not None:
            for tier in tiers:
                value = _value_of(tier, chosen, built)
                signed = tier.expression if tier.sense == "max" else tier.expression.scaled(-1)
                built.context.add_expression_at_least(
                    signed, value if tier.sense == "max" else -value
                )
            return
        built.context.add_expression_at_least(expression, round(stage.value))

    def _fairness_by_flow(self, tier: TierExpression, bound: int | None) -> int | None:
        """Bound (and often reach) the fairness tier in the network.

        Applies when the tiers before fairness are exactly those folded into the network's
        benefit: every plan at least as good as the incumbent in those tiers is a flow of
        at least its benefit, so the fairest such flow bounds the tier; when that flow is
        itself a valid, better plan it becomes the incumbent (often proven without search).
        """
        relaxation, built, chosen = self.relaxation, self.built, self.chosen
        if relaxation is None or built is None or chosen is None or self.candidates is None:
            return bound
        earlier = [t.name for t in built.tiers[: built.tiers.index(tier)]]
        if tuple(earlier) != relaxation.tiers or bound is None:
            return bound
        current = np.flatnonzero(chosen).astype(np.int64)
        if _value_of(tier, chosen, built) >= bound:
            return bound
        level, rows = flow.fairest_rows(
            self.candidates, relaxation.benefit, current, bound, FAIRNESS_SCALE
        )
        if flow.hard_rules_hold(self.candidates, rows) and self._better(rows, current):
            self.chosen = _mask(len(self.candidates), rows)
            self.hint_rows = rows
        return level

    def _group_bounds(
        self, tiers: list[TierExpression], relaxation_valid: bool
    ) -> list[int | None]:
        """Per tier of a group, the best bound known without search (relaxation or simple).

        A relaxation bound holds for a tier only while every earlier tier sits at its own
        relaxation bound; a simple bound always holds, but for a tier after the first of
        a group it says nothing about the folded objective and is not used there.
        """
        relaxation = self.relaxation
        bounds: list[int | None] = []
        valid = relaxation_valid
        for index, tier in enumerate(tiers):
            simple = self._fairness_or_trivial_bound(tier)
            if valid and relaxation is not None and tier.name in relaxation.bounds:
                value = relaxation.bounds[tier.name]
                bounds.append(min(simple, value) if tier.sense == "max" else max(simple, value))
            elif index == 0 and len(tiers) == 1:
                bounds.append(simple)
            else:
                bounds.append(None)
                valid = False
        return bounds

    def _stage(
        self,
        tiers: list[TierExpression],
        weights: list[int],
        expression: Linear,
        known_bound: float | None,
        share: float,
        *,
        weighted: bool = False,
    ) -> _Stage | None:
        built = self.built
        assert built is not None
        name = "weighted" if weighted else "+".join(t.name for t in tiers)
        current = self._folded_value(tiers, weights, weighted)
        if current is not None:
            sign = -1 if len(tiers) == 1 and tiers[0].sense == "min" and not weighted else 1
            self.report(name, sign * current, None if known_bound is None else sign * known_bound)
        if self.stopped_by_callback:
            if current is None:
                return None
            stage = _Stage(tiers, int(cp_model.UNKNOWN), current, known_bound)
            self.stages.append(stage)
            return stage
        if current is not None and known_bound is not None and current >= known_bound:
            stage = _Stage(tiers, int(cp_model.OPTIMAL), current, known_bound, proven=True)
            self.stages.append(stage)
            return stage
        remaining = self.deadline - time.perf_counter()
        # CP-SAT spends time loading a model before its clock starts to bite: measured
        # about a second per 100,000 candidates. Without that much time left, an
        # incumbent plan is kept rather than the budget overrun.
        overhead = CPSAT_SECONDS_PER_CANDIDATE * built.context.n_candidates
        too_late = self.chosen is not None and remaining < 1.5 * overhead
        # a constant objective needs no search once a plan is known; without one, CP-SAT
        # still has to find a plan or prove there is none
        settled = expression.is_constant and self.chosen is not None
        if remaining <= 0.005 or too_late or settled:
            if too_late and not expression.is_constant:
                self.notes.append("time budget too short to improve the warm start with CP-SAT")
            if self.chosen is None:
                self.notes.append("time budget spent before a plan was found")
                return None
            proven = expression.is_constant
            status = int(cp_model.OPTIMAL) if proven else int(cp_model.UNKNOWN)
            stage = _Stage(tiers, status, current, known_bound, proven=proven)
            self.stages.append(stage)
            return stage
        model = built.model
        built.context.maximize(expression)
        if self.hint_rows is not None:
            _set_hint(built, self.hint_rows)
        solver = cp_model.CpSolver()
        _apply_parameters(
            solver.parameters,
            workers=self.workers,
            seed=self.seed,
            gap_limit=self.gap_limit,
            log=self.log,
            cpsat_params=self.cpsat_params,
        )
        solver.parameters.max_time_in_seconds = max(remaining - 0.5 * overhead, 0.05)
        if callable(self.log):
            solver.log_callback = self.log
        reporter = _Reporter(name, self.started, self.callback, known_bound, "max")
        if len(tiers) == 1 and tiers[0].sense == "min" and not weighted:
            reporter.display_sign = -1
        soft_deadline = time.perf_counter() + remaining * share
        status = _run(solver, model, reporter, self.interrupt, soft_deadline)
        self.stopped_by_callback = self.stopped_by_callback or reporter.stopped_by_callback
        if status == cp_model.MODEL_INVALID:
            reason = model.validate() or "the model is valid, so a parameter was rejected"
            self.notes.append(f"CP-SAT rejected the model or its parameters: {reason}")
            stage = _Stage(tiers, status, None, None)
        elif status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            solution = np.asarray(solver.response_proto.solution, dtype=np.int64)
            found = solution[: built.context.n_candidates].astype(bool)
            incumbent = self.chosen
            if incumbent is None or self._better(np.flatnonzero(found), np.flatnonzero(incumbent)):
                self.chosen = found
                self.hint_rows = np.flatnonzero(found).astype(np.int64)
                self.method = "cp-sat"
                self._polish()
            value = self._folded_value(tiers, weights, weighted)
            assert value is not None
            bound = float(solver.best_objective_bound)
            if known_bound is not None:
                bound = min(bound, known_bound)
            proven = status == cp_model.OPTIMAL or reporter.reached_target or value >= bound
            stage = _Stage(tiers, int(cp_model.OPTIMAL) if proven else status, value, bound, proven)
        elif status == cp_model.INFEASIBLE:
            stage = _Stage(tiers, status, None, None)
        else:
            stage = _Stage(tiers, status, current, known_bound if self.chosen is not None else None)
        self.stages.append(stage)
        return stage

    def _weighted_worth(self, names: list[TierName], chosen: NDArray[np.bool_]) -> int:
        """The policy's weighted sum of the tiers ``names`` for the plan ``chosen``."""
        candidates = self.candidates
        assert candidates is not None
        weights = self.scenario.policy.objective.weights
        return sum(weights.get(n, 0) * _tier_value(candidates, n, chosen) for n in names)

    def _folded_value(
        self, tiers: list[TierExpression], weights: list[int], weighted: bool
    ) -> float | None:
        """Value of the incumbent plan for a stage's objective (None without one)."""
        if self.chosen is None:
            return None
        assert self.built is not None
        if weighted:
            return float(self._weighted_worth([t.name for t in tiers], self.chosen))
        total = 0
        for w, t in zip(weights, tiers, strict=True):
            value = _value_of(t, self.chosen, self.built)
            total += w * (value if t.sense == "max" else -value)
        return float(total)


def _stage_groups(
    candidates: Candidates, tiers: list[TierExpression]
) -> list[tuple[list[TierExpression], list[int]]]:
    """Split the tiers into stages: the first alone, then maximal runs of linear tiers
    (folded), others alone."""
    groups: list[tuple[list[TierExpression], list[int]]] = []
    run: list[TierExpression] = []

    def close() -> None:
        if not run:
            return
        weights = flow.lexicographic_weights(candidates, [t.name for t in run])
        if weights is None:
            groups.extend(([t], [1]) for t in run)
        else:
            groups.append((list(run), weights))
        run.clear()

    for position, tier in enumerate(tiers):
        if tier.name in flow.FLOW_TIERS and FOLD_LINEAR_TIERS and position > 0:
            run.append(tier)
        else:
            close()
            groups.append(([tier], [1]))
    close()
    return groups


#: Peak bytes per candidate of model building plus CP-SAT (4.3 GB measured at 480k
#: candidates in shared/cpsat-notes.md, rounded up).
BYTES_PER_CANDIDATE = 10_000


def available_memory() -> int | None:
    """Bytes of memory available to this process (Linux), or None when unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as info:
            for line in info:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def ensure_memory_for(candidates: int) -> None:
    """Fail early, with an estimate, when a model of ``candidates`` would not fit in memory.

    Raises
    ------
    KoperasiError
        When the estimated peak exceeds the memory available; the message says how to
        make the model smaller.
    """
    available = available_memory()
    needed = candidates * BYTES_PER_CANDIDATE
    if available is not None and needed > available:
        raise KoperasiError(
            f"the scenario has {candidates:,} candidate assignments; solving them as one "
            f"model needs about {needed / 2**30:.1f} GiB but {available / 2**30:.1f} GiB is "
            "available. Let solve decompose it (decompose=True, kabupaten boundaries kept), "
            "lower policy.radius_km or allowed_tiers, or use a machine with more memory."
        )


def _mask(size: int, rows: NDArray[np.int64]) -> NDArray[np.bool_]:
    mask = np.zeros(size, dtype=bool)
    mask[rows] = True
    return mask


def _linear_values(candidates: Candidates, name: TierName) -> NDArray[np.int64]:
    """Per-candidate value of a linear tier, as the tier counts it (travel in minutes)."""
    if name == "coverage":
        return candidates.coverage_weight
    if name == "locality":
        return candidates.locality_weight
    if name == "stability":
        return candidates.baseline.astype(np.int64)
    return candidates.travel_minutes


def fairness_bound(candidates: Candidates) -> int:
    """An upper bound on the fairness tier: each kecamatan filled at most as far as the
    officers who can reach it could fill it."""
    scenario = candidates.scenario
    n_districts = len(scenario.districts)
    demand = candidates.district_demand
    if not np.any(demand > 0):
        return FAIRNESS_SCALE
    district = candidates.cooperative_district[candidates.cooperative]
    limits = np.array([o.max_cooperatives for o in scenario.officers], dtype=np.int64)
    reach = np.zeros(n_districts, dtype=np.int64)
    keys = sorted_unique(district * max(len(scenario.officers), 1) + candidates.officer)
    np.add.at(
        reach, keys // max(len(scenario.officers), 1), limits[keys % max(len(scenario.officers), 1)]
    )
    return candidates.fairness_level(np.minimum(reach, demand), FAIRNESS_SCALE)


def _make_plan(
    scenario: Scenario,
    candidates: Candidates | None,
    built: BuiltModel | None,
    chosen: NDArray[np.bool_] | None,
    stages: list[_Stage],
    notes: list[str],
    *,
    started: float,
    time_limit: float,
    workers: int,
    seed: int,
    parameters: dict[str, Any],
    method: str,
    pruned: int = 0,
) -> Plan:
    policy = scenario.policy
    weighted = policy.objective.mode == "weighted"
    statuses = [s.status for s in stages]
    if chosen is not None:
        status = Status.FEASIBLE  # upgraded below when every tier is proven
    elif cp_model.MODEL_INVALID in statuses:
        status = Status.MODEL_INVALID
    elif cp_model.INFEASIBLE in statuses:
        status = Status.INFEASIBLE
    else:
        status = Status.NO_SOLUTION_IN_TIME

    assignments: list[PlanAssignment] = []
    tiers: list[TierValue] = []
    objective: float | None = None
    best_bound: float | None = None
    gap: float | None = None
    if candidates is not None and built is not None and chosen is not None:
        assignments = candidates.to_assignments(np.flatnonzero(chosen))
        by_tier: dict[str, tuple[_Stage, int]] = {}
        for stage in stages:
            for index, tier in enumerate(stage.tiers):
                by_tier[tier.name] = (stage, index)
        for tier in built.tiers:
            value = _value_of(tier, chosen, built)
            bound: int | None = None
            proven = False
            if tier.name in by_tier:
                stage, index = by_tier[tier.name]
                proven = stage.proven or stage.status == cp_model.OPTIMAL
                raw = stage.tier_bounds[index] if stage.tier_bounds else None
                if raw is not None and np.isfinite(raw):
                    bound = round(raw)
            if bound is not None and bound == value:
                proven = True  # the incumbent reaches a valid bound
            if proven:
                bound = value
            tiers.append(
                TierValue(name=tier.name, sense=tier.sense, value=value, bound=bound, proven=proven)
            )
        if weighted:
            all_proven = bool(stages) and all(s.proven for s in stages)
        else:
            all_proven = all(t.proven for t in tiers)
        if all_proven:
            status = Status.OPTIMAL
        objective, best_bound, gap = _headline(tiers, stages, policy.objective.weights, weighted)
    vacancies, total_slots = vacancies_of(scenario, assignments)
    build_time = (candidates.build_time if candidates is not None else 0.0) + (
        built.build_time if built is not None else 0.0
    )
    stats = SolveStats(
        candidates=len(candidates) + pruned if candidates is not None else 0,
        pruned=pruned,
        variables=len(built.model.proto.variables) if built is not None else 0,
        constraints=len(built.model.proto.constraints) if built is not None else 0,
        build_time=build_time,
        solve_time=max(0.0, time.perf_counter() - started - build_time),
        method=method,
    )
    wall = time.perf_counter() - started
    return Plan(
        status=status,
        objective=objective,
        best_bound=best_bound,
        gap=gap,
        objective_mode=policy.objective.mode,
        tiers=tiers,
        wall_time=wall,
        stats=stats,
        assignments=assignments,
        vacancies=vacancies,
        total_slots=total_slots,
        message="; ".join(dict.fromkeys(notes)) or None,
        audit=Audit(
            scenario_hash=scenario.scenario_hash(),
            seed=seed,
            time_limit=time_limit,
            workers=workers,
            parameters=parameters,
            library_version=_library_version(),
            ortools_version=_ortools_version(),
            created_at=_dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        ),
    )


def _headline(
    tiers: list[TierValue], stages: list[_Stage], weights: Mapping[TierName, int], weighted: bool
) -> tuple[float | None, float | None, float | None]:
    """objective, best_bound and gap: of the weighted sum, or of the first tier."""
    if weighted:
        objective = float(sum(weights.get(t.name, 0) * t.value for t in tiers))
        raw = stages[0].bound if stages else None
        bound = float(round(raw)) if raw is not None and np.isfinite(raw) else None
    elif tiers:
        objective = float(tiers[0].value)
        bound = float(tiers[0].bound) if tiers[0].bound is not None else None
    else:
        return None, None, None
    gap = abs(bound - objective) / max(1.0, abs(objective)) if bound is not None else None
    return objective, bound, gap


def _ortools_version() -> str:
    return str(getattr(ortools, "__version__", "unknown"))


def _library_version() -> str:
    from koperasi_alloc import __version__

    return __version__


# --- independent parts ----------------------------------------------------------------------

#: Parts are grouped into tasks of about this size (officers x cooperatives in reach).
TASK_SIZE = 150_000


def solve_part(scenario: Scenario, time_limit: float, options: dict[str, Any]) -> Plan:
    """Solve one part in a worker (module-level so that executors can pickle it)."""
    return solve(scenario, time_limit=time_limit, decompose=False, **options)


def _pool(slots: int) -> ProcessPoolExecutor:
    import multiprocessing

    method = "fork" if threading.active_count() == 1 and os.name == "posix" else "spawn"
    return ProcessPoolExecutor(max_workers=slots, mp_context=multiprocessing.get_context(method))


def _solve_decomposed(
    scenario: Scenario,
    parts: list[Part],
    *,
    started: float,
    time_limit: float,
    workers: int | None,
    seed: int,
    gap_limit: float | None,
    callback: ProgressCallback | None,
    executor: Executor | None,
    cpsat_params: dict[str, Any],
) -> Plan:
    """Solve independent parts (in parallel where the executor allows) and merge them."""
    deadline = started + max(time_limit, 0.0)
    cores = os.cpu_count() or 1
    tasks = chunk(parts, TASK_SIZE)
    own_pool: ProcessPoolExecutor | None = None
    import multiprocessing

    # A daemonic process (a worker of another pool) may not start children: solve the
    # parts one after another there.
    may_fork = not multiprocessing.current_process().daemon
    if executor is None and cores > 1 and len(tasks) > 1 and may_fork:
        own_pool = _pool(min(cores, len(tasks)))
        executor = own_pool
    slots = getattr(executor, "_max_workers", None) or (cores if executor is not None else 1)
    task_workers = workers or max(1, cores // max(slots, 1))
    options: dict[str, Any] = {
        "workers": task_workers,
        "seed": seed,
        "gap_limit": gap_limit,
        **cpsat_params,
    }
    sizes = [sum(p.size for p in task) for task in tasks]
    order = sorted(range(len(tasks)), key=lambda t: -sizes[t])
    results: dict[int, Plan] = {}
    pending: dict[Future[Plan], int] = {}
    remaining_size = float(sum(sizes)) or 1.0
    interrupt = _Interrupt()
    queue = list(order)

    def budget_for(task: int) -> float:
        left = max(deadline - time.perf_counter() - 0.2, 0.05)
        share = left * max(slots, 1) * sizes[task] / remaining_size
        return max(min(left, share), 0.05)

    def run_here(task: int) -> None:
        nonlocal remaining_size
        part = sub_scenario(scenario, tasks[task], f"{scenario.name} [{task + 1}/{len(tasks)}]")
        results[task] = solve_part(part, budget_for(task), options)
        remaining_size -= sizes[task]
        notify()

    def notify() -> None:
        if callback is None:
            return
        done = [p for p in results.values() if p.objective is not None]
        gaps = [p.gap for p in done if p.gap is not None]
        callback(
            Progress(
                "components",
                float(sum(p.objective or 0 for p in done)),
                float(sum(p.best_bound or 0 for p in done)),
                time.perf_counter() - started,
                components_done=len(results),
                components_total=len(tasks),
                worst_gap=max(gaps) if gaps else None,
            )
        )

    grace = max(time_limit * 0.05, 0.5)

    def out_of_time() -> bool:
        return time.perf_counter() > deadline - 0.05

    try:
        interrupt.__enter__()
        if executor is None:
            for task in queue:
                if interrupt.requested or out_of_time():
                    break
                run_here(task)
        else:
            while (queue or pending) and not interrupt.requested:
                if out_of_time():
                    queue.clear()  # parts not started by the deadline stay unsolved
                    if time.perf_counter() > deadline + grace:
                        break
                while queue and len(pending) < max(slots, 1):
                    task = queue.pop(0)
                    part = sub_scenario(
                        scenario, tasks[task], f"{scenario.name} [{task + 1}/{len(tasks)}]"
                    )
                    pending[executor.submit(solve_part, part, budget_for(task), options)] = task
                if not pending:
                    break
                done, _ = wait(list(pending), timeout=0.1, return_when=FIRST_COMPLETED)
                for future in done:
                    task = pending.pop(future)
                    results[task] = future.result()
                    remaining_size -= sizes[task]
                    notify()
            for future in list(pending):  # interrupted or late: keep what finishes promptly
                if not future.cancel():
                    with contextlib.suppress(Exception):  # unfinished parts are reported
                        results[pending[future]] = future.result(timeout=grace)
    except KeyboardInterrupt:
        interrupt.requested = True
    finally:
        interrupt.__exit__()
        if own_pool is not None:
            own_pool.shutdown(wait=False, cancel_futures=True)
    unsolved = [t for t in range(len(tasks)) if t not in results]
    notes = []
    if interrupt.requested:
        notes.append("interrupted: returning the best plan found so far")
    if unsolved:
        notes.append(
            f"{len(unsolved)} of {len(tasks)} parts not solved within the time budget: "
            "their cooperatives are left vacant"
        )
    unsolved_coops = [j for t in unsolved for part in tasks[t] for j in part.cooperatives]
    return _merge(
        scenario,
        [results[t] for t in sorted(results)],
        unsolved_coops,
        notes,
        started,
        time_limit=time_limit,
        seed=seed,
        workers=task_workers,
        parameters=cpsat_params,
        parts=len(parts),
    )


def _merge(
    scenario: Scenario,
    plans: list[Plan],
    unsolved_coops: list[int],
    notes: list[str],
    started: float,
    *,
    time_limit: float,
    seed: int,
    workers: int,
    parameters: dict[str, Any],
    parts: int,
) -> Plan:
    """One plan from the parts' plans: tiers summed (fairness: minimum), honest bounds.

    Cooperatives of parts not solved in time stay vacant; that is a valid plan unless
    one of them needs officers (a minimum) or a lock names it.
    """
    statuses = [p.status for p in plans]
    unsolved = [scenario.cooperatives[j] for j in unsolved_coops]
    unsolved_ids = {c.id for c in unsolved}
    needs = any(c.min_officers > 0 for c in unsolved) or any(
        lock.cooperative in unsolved_ids for lock in scenario.locks
    )
    if Status.MODEL_INVALID in statuses:
        status = Status.MODEL_INVALID
    elif Status.INFEASIBLE in statuses:
        status = Status.INFEASIBLE
    elif needs or Status.NO_SOLUTION_IN_TIME in statuses:
        status = Status.NO_SOLUTION_IN_TIME
    elif all(s is Status.OPTIMAL for s in statuses) and not unsolved:
        status = Status.OPTIMAL
    else:
        status = Status.FEASIBLE
    solved = status in (Status.OPTIMAL, Status.FEASIBLE)
    assignments = [a for p in plans for a in p.assignments] if solved else []
    vacancies, total_slots = vacancies_of(scenario, assignments)
    tiers: list[TierValue] = []
    if solved:
        names = scenario.objective_tiers()
        earlier_proven = True
        for name in names:
            part_tiers = [p.tier(name) for p in plans]
            present = [t for t in part_tiers if t is not None]
            sense = present[0].sense if present else TIER_SENSE[name]
            if name == "fairness":
                value = _fairness_of(scenario, assignments, FAIRNESS_SCALE)
                bounds = [t.bound for t in present]
                bound = (
                    min(b for b in bounds if b is not None)
                    if bounds and None not in bounds
                    else None
                )
            else:
                value = sum(t.value for t in present)
                bounds = [t.bound for t in present]
                bound = sum(b for b in bounds if b is not None) if None not in bounds else None
            proven = all(t.proven for t in present) and len(present) == len(plans)
            if unsolved:
                proven = False
                if name == "coverage" and name == names[0] and bound is not None:
                    bound += sum(
                        scenario.cooperative_priority(c) * sum(c.demand.values())
                        for c in unsolved
                        if c.legal_entity or not scenario.policy.legal_entity_only
                    )
                else:
                    bound = None
            if not earlier_proven and name != names[0]:
                bound = None  # a later tier's bound holds only once earlier tiers are proven
            if bound is not None and bound == value:
                proven = True
            if proven:
                bound = value
            tiers.append(TierValue(name=name, sense=sense, value=value, bound=bound, proven=proven))
            earlier_proven = earlier_proven and proven
        if earlier_proven and not weighted_mode(scenario) and not unsolved:
            status = Status.OPTIMAL
    weighted = scenario.policy.objective.mode == "weighted"
    objective: float | None = None
    best_bound: float | None = None
    gap: float | None = None
    if solved and tiers:
        if weighted:
            weights = scenario.policy.objective.weights
            objective = float(sum(weights.get(t.name, 0) * t.value for t in tiers))
            part_bounds = [p.best_bound for p in plans]
            best_bound = (
                float(sum(b for b in part_bounds if b is not None))
                if None not in part_bounds
                else None
            )
        else:
            objective = float(tiers[0].value)
            best_bound = float(tiers[0].bound) if tiers[0].bound is not None else None
        if best_bound is not None:
            gap = abs(best_bound - objective) / max(1.0, abs(objective))
    conflict = next((p.conflict for p in plans if p.conflict), None)
    return Plan(
        status=status,
        objective=objective,
        best_bound=best_bound,
        gap=gap,
        objective_mode=scenario.policy.objective.mode,
        tiers=tiers,
        wall_time=time.perf_counter() - started,
        stats=SolveStats(
            candidates=sum(p.stats.candidates for p in plans),
            pruned=sum(p.stats.pruned for p in plans),
            variables=sum(p.stats.variables for p in plans),
            constraints=sum(p.stats.constraints for p in plans),
            build_time=sum(p.stats.build_time for p in plans),
            solve_time=sum(p.stats.solve_time for p in plans),
            components=parts,
            method="decomposed",
        ),
        assignments=assignments,
        vacancies=vacancies,
        total_slots=total_slots,
        conflict=conflict,
        message="; ".join(dict.fromkeys(notes + [p.message for p in plans if p.message])) or None,
        audit=Audit(
            scenario_hash=scenario.scenario_hash(),
            seed=seed,
            time_limit=time_limit,
            workers=workers,
            parameters=dict(parameters),
            library_version=_library_version(),
            ortools_version=_ortools_version(),
            created_at=_dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        ),
    )


def weighted_mode(scenario: Scenario) -> bool:
    """Whether the policy asks for one weighted objective."""
    return scenario.policy.objective.mode == "weighted"


def _fairness_of(scenario: Scenario, assignments: Sequence[Assignment], scale: int) -> int:
    """The fairness tier of a merged plan, over every kecamatan of the scenario."""
    legal_only = scenario.policy.legal_entity_only
    demand: dict[str, int] = {}
    for coop in scenario.cooperatives:
        if coop.legal_entity or not legal_only:
            district = scenario.village_by_code[coop.village].district
            demand[district] = demand.get(district, 0) + sum(coop.demand.values())
    filled: dict[str, int] = {}
    for a in assignments:
        district = scenario.village_by_code[
            scenario.cooperative_by_id[a.cooperative_id].village
        ].district
        filled[district] = filled.get(district, 0) + 1
    ratios = [scale * filled.get(k, 0) // d for k, d in demand.items() if d > 0]
    return min(ratios) if ratios else scale
