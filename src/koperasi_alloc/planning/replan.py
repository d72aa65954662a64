"""``replan``: a new plan for a changed scenario that keeps as much of a baseline as it can.

The scenario gets the baseline as its ``baseline`` field, which adds the 'stability' tier
right after coverage (``docs/concepts/rules.md``): the solver keeps every baseline
assignment it can without giving up any coverage. The still-valid part of the baseline
is the solver's hint and the fallback, so the result is never worse on the first tier
than what the baseline still allows. :func:`koperasi_alloc.planning.compare` with the
scenario lists every move and its reason.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from concurrent.futures import Executor
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from koperasi_alloc.candidates import Candidates, build_candidates
from koperasi_alloc.candidates.rules import (
    AGENCY_RELEASE,
    BASELINE_CHANGES,
    COOPERATIVE_CAPACITY,
    OFFICER_CAPACITY,
    SLOT_CAPACITY,
    WEEKLY_HOURS,
    RuleCounts,
)
from koperasi_alloc.decompose import decomposable, split
from koperasi_alloc.plan import Plan, ReplanBasis, Status, TierValue, vacancies_of
from koperasi_alloc.planning.edits import as_assignments, with_baseline, with_policy
from koperasi_alloc.scenario import (
    TIER_SENSE,
    Assignment,
    Scenario,
    education_rank,
)
from koperasi_alloc.solver.progress import ProgressCallback, StopSignal

__all__ = [
    "BaselineStatus",
    "KeptAssignment",
    "baseline_validity",
    "plan_from_rows",
    "replan",
    "replan_scenario",
    "still_valid_plan",
]

BaselineStatus = Literal[
    "valid", "officer_removed", "officer_unavailable", "no_longer_eligible", "over_capacity"
]
"""What became of one baseline assignment in a new scenario."""


@dataclass(frozen=True)
class KeptAssignment:
    """One baseline assignment judged against a new scenario.

    Attributes
    ----------
    assignment
        The baseline assignment.
    status
        ``valid`` when it can be kept together with the other valid ones; otherwise why
        not.
    detail
        The reason in words (English).
    row
        Its candidate row in the new scenario, -1 when it is no candidate.
    """

    assignment: Assignment
    status: BaselineStatus
    detail: str
    row: int


def _row_lookup(candidates: Candidates) -> dict[tuple[int, int, int], int]:
    return {
        key: i
        for i, key in enumerate(
            zip(
                candidates.officer.tolist(),
                candidates.cooperative.tolist(),
                candidates.role.tolist(),
                strict=True,
            )
        )
    }


def _why_not_candidate(scenario: Scenario, a: Assignment) -> tuple[BaselineStatus, str]:
    """Why an assignment is no candidate of ``scenario`` (rules of rules.md, in order)."""
    officer = scenario.officer_by_id.get(a.officer_id)
    if officer is None:
        return "officer_removed", "officer is no longer listed"
    if not officer.available:
        return "officer_unavailable", "officer is no longer available"
    policy = scenario.policy
    cooperative = scenario.cooperative_by_id.get(a.cooperative_id)
    if cooperative is None:
        return "no_longer_eligible", "cooperative is no longer listed"
    if officer.group in policy.excluded_groups:
        return "no_longer_eligible", f"group {officer.group} is now excluded"
    if officer.employment not in policy.allowed_employment:
        return "no_longer_eligible", f"employment {officer.employment} is no longer allowed"
    if education_rank(officer.education) < education_rank(policy.min_education):
        return "no_longer_eligible", f"education now has to be at least {policy.min_education}"
    if policy.legal_entity_only and not cooperative.legal_entity:
        return "no_longer_eligible", "cooperative has no legal-entity status"
    if cooperative.demand.get(a.role, 0) == 0:
        return "no_longer_eligible", f"cooperative no longer asks for role {a.role}"
    role = scenario.role_by_code.get(a.role)
    if role is None or a.role not in officer.skills:
        return "no_longer_eligible", f"officer does not have role {a.role}"
    if role.min_education is not None and education_rank(officer.education) < education_rank(
        role.min_education
    ):
        return "no_longer_eligible", f"role {a.role} now needs {role.min_education}"
    for forbid in scenario.forbids:
        if (
            forbid.officer == a.officer_id
            and forbid.cooperative == a.cooperative_id
            and forbid.role in (None, a.role)
        ):
            return "no_longer_eligible", "the pair is now forbidden"
    return "no_longer_eligible", "no allowed locality tier links the officer any more"


def baseline_validity(
    scenario: Scenario,
    baseline: Plan | Sequence[Assignment],
    candidates: Candidates | None = None,
) -> list[KeptAssignment]:
    """Judge every baseline assignment against ``scenario``.

    An assignment is valid when it is still a candidate (officer listed, available and
    eligible, cooperative eligible, role demanded, locality, forbids) and fits, together
    with the valid assignments before it, the capacity rules (slots, cooperative and
    officer capacity, one role per cooperative, weekly hours, agency release caps).
    Locked assignments are taken first, then the baseline order.

    Parameters
    ----------
    scenario
        The new scenario.
    baseline
        The previous plan or its assignments.
    candidates
        ``build_candidates(scenario)``, when already at hand.

    Returns
    -------
    list of KeptAssignment
        One per baseline assignment, in baseline order.
    """
    candidates = candidates if candidates is not None else build_candidates(scenario)
    items = as_assignments(baseline)
    locked = {(x.officer, x.cooperative, x.role) for x in scenario.locks}
    locked_pairs = {(x.officer, x.cooperative) for x in scenario.locks if x.role is None}

    def is_locked(a: Assignment) -> bool:
        return (a.officer_id, a.cooperative_id, a.role) in locked or (
            a.officer_id,
            a.cooperative_id,
        ) in locked_pairs

    result: list[KeptAssignment | None] = [None] * len(items)
    rows = _baseline_rows(scenario, candidates, items)
    for position, a in enumerate(items):
        if position not in rows:
            status, detail = _why_not_candidate(scenario, a)
            result[position] = KeptAssignment(a, status, detail, -1)
    capacity = candidates.rules.counts()
    order = sorted(rows, key=lambda p: (not is_locked(items[p]), p))
    for position in order:
        row = rows[position]
        a = items[position]
        agency = scenario.officers[int(candidates.officer[row])].agency
        reason = _why_full(capacity, row, a, agency)
        if reason is not None:
            result[position] = KeptAssignment(a, "over_capacity", reason, row)
            continue
        capacity.take(row)
        result[position] = KeptAssignment(a, "valid", "still valid", row)
    return [k for k in result if k is not None]


def _baseline_rows(
    scenario: Scenario, candidates: Candidates, items: Sequence[Assignment]
) -> dict[int, int]:
    """Candidate row of each baseline position that is still a candidate."""
    lookup = _row_lookup(candidates)
    officer_index = {o.id: i for i, o in enumerate(scenario.officers)}
    coop_index = {c.id: j for j, c in enumerate(scenario.cooperatives)}
    role_index = {code: k for k, code in enumerate(candidates.role_codes)}
    rows: dict[int, int] = {}
    for position, a in enumerate(items):
        key = (
            officer_index.get(a.officer_id, -1),
            coop_index.get(a.cooperative_id, -1),
            role_index.get(a.role, -1),
        )
        row = lookup.get(key, -1)
        if row >= 0:
            rows[position] = row
    return rows


_FULL = {
    SLOT_CAPACITY: "role {role} of the cooperative has fewer slots now",
    COOPERATIVE_CAPACITY: "the cooperative may receive fewer officers now",
    OFFICER_CAPACITY: "the officer may serve fewer cooperatives now",
    WEEKLY_HOURS: "the officer's weekly hours no longer allow it",
    AGENCY_RELEASE: "agency {agency} may release fewer officers now",
}


def _why_full(counts: RuleCounts, row: int, a: Assignment, agency: str) -> str | None:
    """Why candidate ``row`` (assignment ``a``) no longer fits beside the rows ``counts``
    holds, or None if it does (the limit on changes to a baseline is not a capacity)."""
    rule = counts.refuses(row)
    if rule is None or rule == BASELINE_CHANGES:
        return None
    if rule == OFFICER_CAPACITY and counts.has_pair(row):
        return "the officer already has another role in this cooperative"
    return _FULL[rule].format(role=a.role, agency=agency)


def plan_from_rows(
    candidates: Candidates, rows: NDArray[np.int64], *, message: str | None = None
) -> Plan:
    """A FEASIBLE :class:`Plan` of the candidate ``rows`` with recomputed tiers.

    Bounds are left unknown; the plan passes :func:`koperasi_alloc.check.check` whenever
    the rows satisfy every hard rule.
    """
    from koperasi_alloc.check.objective import recompute_tiers, weighted_sum

    scenario = candidates.scenario
    assignments = candidates.to_assignments(rows)
    values = recompute_tiers(scenario, assignments)
    names = scenario.objective_tiers()
    tiers = [TierValue(name=name, sense=TIER_SENSE[name], value=values[name]) for name in names]
    mode = scenario.policy.objective.mode
    objective = (
        float(values[names[0]])
        if mode == "lexicographic"
        else float(weighted_sum(scenario.policy, values, names))
    )
    vacancies, total = vacancies_of(scenario, assignments)
    return Plan(
        status=Status.FEASIBLE,
        objective=objective,
        objective_mode=mode,
        tiers=tiers,
        assignments=assignments,
        vacancies=vacancies,
        total_slots=total,
        message=message,
    )


def still_valid_plan(
    scenario: Scenario,
    baseline: Plan | Sequence[Assignment],
    candidates: Candidates | None = None,
) -> Plan | None:
    """The still-valid part of ``baseline`` as a plan of ``scenario``, if it is a valid plan.

    None when the valid part breaks a rule that dropping assignments cannot mend (a
    cooperative minimum, or a lock the baseline does not hold).
    """
    from koperasi_alloc.check import check

    candidates = candidates if candidates is not None else build_candidates(scenario)
    kept = [k.row for k in baseline_validity(scenario, baseline, candidates) if k.status == "valid"]
    plan = plan_from_rows(
        candidates,
        np.array(kept, dtype=np.int64),
        message="the still-valid part of the baseline",
    )
    return None if check(scenario, plan) else plan


def replan_scenario(
    scenario: Scenario,
    baseline: Plan | Sequence[Assignment],
    *,
    max_changes: int | None = None,
) -> Scenario:
    """The scenario :func:`replan` solves: ``baseline`` set, and the change limit if given.

    Check a re-plan against this scenario (its objective has the 'stability' tier).
    """
    target = with_baseline(scenario, baseline)
    if max_changes is not None:
        target = with_policy(target, max_baseline_changes=max_changes)
    return target


def _kept_baseline(
    target: Scenario, assignments: Sequence[Assignment], decompose: bool
) -> Plan | None:
    """The still-valid part of the baseline as one plan, for a re-plan of one model; None
    for one of several independent parts, where each part's warm start keeps its own
    (judging a whole country's baseline at once takes longer than a short budget)."""
    if decompose and decomposable(target) and len(split(target)) > 1:
        return None
    return still_valid_plan(target, assignments, build_candidates(target))


def _first_tier_key(plan: Plan, name: str) -> float | None:
    if plan.status not in (Status.OPTIMAL, Status.FEASIBLE):
        return None
    tier = plan.tier(name)  # type: ignore[arg-type]
    if tier is None:
        return None
    return float(tier.value if TIER_SENSE.get(name, "max") == "max" else -tier.value)


def replan(
    scenario: Scenario,
    baseline: Plan | Sequence[Assignment],
    *,
    max_changes: int | None = None,
    time_limit: float = 10.0,
    callback: ProgressCallback | None = None,
    stop: StopSignal | None = None,
    gap_limit: float | None = None,
    executor: Executor | None = None,
    **solve_kwargs: Any,
) -> Plan:
    """Re-plan a changed scenario, keeping as many baseline assignments as it allows.

    Parameters
    ----------
    scenario
        The new scenario (officers gone, cooperatives added, rules changed ...). Its locks
        are honoured.
    baseline
        The plan in force, or its assignments.
    max_changes
        At most this many assignments that are not in the baseline (new placements);
        no limit when None.
    time_limit
        Seconds for the whole re-plan, judging the baseline included.
    callback, stop, gap_limit, executor
        As for :func:`koperasi_alloc.solve`: progress reports (returning True stops), a
        stop token (anything with ``is_set()``), a gap limit (a plan stopped by it is
        FEASIBLE), where independent parts are solved.
    **solve_kwargs
        Passed to :func:`koperasi_alloc.solver.solve` (``workers``, ``seed``, CP-SAT
        parameters ...).

    Returns
    -------
    Plan
        A plan of :func:`replan_scenario` ``(scenario, baseline, max_changes=...)``, which
        names that baseline and limit in ``replanned_from`` so that
        ``check(scenario, plan)`` verifies it on the scenario given here; never
        worse on the first tier than the still-valid part of the baseline (which is the
        solver's hint and, should the solver fall short in time, the plan returned).
        A scenario of several independent parts is re-planned part by part, each
        starting from the still-valid part of its own baseline (judging the whole
        country's baseline at once would take longer than a short budget allows): a
        part the budget does not reach is left vacant, as in :func:`solve`.
        ``compare(baseline, plan, scenario)`` lists every move with its reason.
    """
    from koperasi_alloc.solver import solve

    started = time.perf_counter()
    assignments = as_assignments(baseline)
    target = replan_scenario(scenario, assignments, max_changes=max_changes)
    kept = _kept_baseline(target, assignments, solve_kwargs.get("decompose", True))
    hint = solve_kwargs.pop("hint", None)
    if hint is None:
        hint = kept.assignments if kept is not None else assignments
    basis = ReplanBasis(baseline=assignments, max_baseline_changes=max_changes)
    plan = solve(
        target,
        time_limit=max(time_limit - (time.perf_counter() - started), 0.0),
        hint=hint,
        callback=callback,
        stop=stop,
        gap_limit=gap_limit,
        executor=executor,
        **solve_kwargs,
    )
    plan = plan.model_copy(update={"replanned_from": basis})
    if kept is not None:
        first = target.objective_tiers()[0]
        got, floor = _first_tier_key(plan, first), _first_tier_key(kept, first)
        if got is None or (floor is not None and got < floor):
            note = "the solver fell short of the still-valid baseline; returning that"
            update = {"message": note, "replanned_from": basis, "stopped_by": plan.stopped_by}
            plan = kept.model_copy(update=update)
    return plan.model_copy(update={"wall_time": time.perf_counter() - started})
