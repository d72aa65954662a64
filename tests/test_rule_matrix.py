"""The rule test matrix: every place that judges a hard rule in numpy agrees with ``check``.

Each hard rule on a set of candidate rows (slot, cooperative and officer capacity, weekly
hours, agency release, locks, baseline changes) is judged in numpy by
:mod:`koperasi_alloc.candidates.rules`, which the flow repairs, the tiles, the re-plan's
kept baseline and the recommendations all call. For every rule and every one of those
judges, on random scenarios and random candidate subsets, plans and changes, the verdict
must equal the independent checker's (:func:`koperasi_alloc.check.check`, which shares
no code with it). A judge changed to disagree on one rule fails here, naming the rule.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import HealthCheck, given, reject, settings
from hypothesis import strategies as st
from numpy.typing import NDArray

from koperasi_alloc.candidates import Candidates, build_candidates
from koperasi_alloc.candidates.rules import (
    AGENCY_RELEASE,
    BASELINE_CHANGES,
    COOPERATIVE_CAPACITY,
    HARD_RULES,
    LOCKS,
    OFFICER_CAPACITY,
    SLOT_CAPACITY,
    WEEKLY_HOURS,
)
from koperasi_alloc.check import Violation, check
from koperasi_alloc.errors import ScenarioError
from koperasi_alloc.flow import hard_rules_hold, repair
from koperasi_alloc.flow.bounds import max_benefit_rows
from koperasi_alloc.flow.repair import RelaxedRules
from koperasi_alloc.planning.recommend_moves import PlanState
from koperasi_alloc.planning.replan import baseline_validity, plan_from_rows
from koperasi_alloc.scenario import Scenario
from tests.planted import PlantedRegion, planted_regions
from tests.strategies import scenarios

Rows = NDArray[np.int64]

MATRIX = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


@st.composite
def cases(draw: st.DrawFn) -> tuple[Candidates, np.random.Generator]:
    """A scenario's candidates (some with a baseline and a change limit) and a generator."""
    scenario: Scenario = draw(
        st.one_of(scenarios(), planted_regions().map(lambda region: region.scenario))
    )
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    try:
        candidates = build_candidates(scenario)
    except ScenarioError:  # a lock no locality tier reaches: no plan to judge
        reject()
    if draw(st.booleans()) and len(candidates):
        rows = random_rows(rng, candidates)
        scenario = scenario.with_baseline(candidates.to_assignments(rows))
    limit = draw(st.none() | st.integers(0, 3))
    if limit is not None:
        scenario = scenario.with_policy(max_baseline_changes=limit)
    return build_candidates(scenario), rng


def random_rows(rng: np.random.Generator, candidates: Candidates) -> Rows:
    """A random subset of the candidate rows, sparse or dense."""
    density = rng.choice([0.1, 0.3, 0.6, 1.0])
    return np.flatnonzero(rng.random(len(candidates)) < density).astype(np.int64)


def violations(candidates: Candidates, rows: Rows) -> list[Violation]:
    """The checker's violations of the hard rules by the plan of ``rows``."""
    plan = plan_from_rows(candidates, np.sort(rows))
    return [v for v in check(candidates.scenario, plan) if v.rule in HARD_RULES]


def verdict(broken: set[str] | frozenset[str]) -> dict[str, bool]:
    """Per hard rule, whether it is broken: the matrix's row for one plan."""
    return {rule: rule in broken for rule in HARD_RULES}


def checker_verdict(candidates: Candidates, rows: Rows) -> dict[str, bool]:
    return verdict({v.rule for v in violations(candidates, rows)})


def counts_built_row_by_row(candidates: Candidates, rows: Rows) -> frozenset[str]:
    counts = candidates.rules.counts()
    for row in rows.tolist():
        counts.take(row)
    return counts.broken()


def counts_after_drops(candidates: Candidates, rows: Rows) -> frozenset[str]:
    """Counts of every candidate, then the rows not in the plan dropped one by one."""
    counts = candidates.rules.counts(np.arange(len(candidates), dtype=np.int64))
    for row in np.setdiff1d(np.arange(len(candidates)), rows).tolist():
        counts.drop(row)
    return counts.broken()


WHOLE_PLAN_JUDGES: dict[str, Callable[[Candidates, Rows], frozenset[str]]] = {
    "RuleTable.broken": lambda c, rows: c.rules.broken(rows),
    "RuleCounts(rows)": lambda c, rows: c.rules.counts(rows).broken(),
    "RuleCounts.take": counts_built_row_by_row,
    "RuleCounts.drop": counts_after_drops,
}


@pytest.mark.parametrize("judge", sorted(WHOLE_PLAN_JUDGES))
@MATRIX
@given(case=cases())
def test_whole_plan_verdicts_equal_the_checker(
    judge: str, case: tuple[Candidates, np.random.Generator]
) -> None:
    candidates, rng = case
    rows = random_rows(rng, candidates)
    assert verdict(WHOLE_PLAN_JUDGES[judge](candidates, rows)) == checker_verdict(candidates, rows)


@MATRIX
@given(case=cases())
def test_hard_rules_hold_equals_the_checker(case: tuple[Candidates, np.random.Generator]) -> None:
    candidates, rng = case
    rows = random_rows(rng, candidates)
    expected = not violations(candidates, rows)
    assert hard_rules_hold(candidates, rows) == expected
    assert candidates.rules.holds(rows) == expected


@MATRIX
@given(case=cases())
def test_relaxed_rules_name_the_agencies_and_officers_the_checker_names(
    case: tuple[Candidates, np.random.Generator],
) -> None:
    candidates, rng = case
    rows = random_rows(rng, candidates)
    scenario = candidates.scenario
    _, over_agency, over_hours = RelaxedRules.of(candidates).broken(rows)
    found = violations(candidates, rows)
    assert {f"agency {scenario.agencies[k].code}" for k in over_agency.tolist()} == {
        v.subject for v in found if v.rule == AGENCY_RELEASE
    }
    assert {f"officer {scenario.officers[i].id}" for i in over_hours.tolist()} == {
        v.subject for v in found if v.rule == WEEKLY_HOURS
    }


def random_change(
    rng: np.random.Generator, candidates: Candidates, chosen: NDArray[np.bool_]
) -> tuple[list[int], list[int]]:
    """Up to three rows to add (not chosen) and three to remove (chosen)."""
    outside, inside = np.flatnonzero(~chosen), np.flatnonzero(chosen)
    add = rng.choice(outside, size=min(len(outside), int(rng.integers(0, 4))), replace=False)
    remove = rng.choice(inside, size=min(len(inside), int(rng.integers(0, 4))), replace=False)
    return [int(i) for i in add], [int(i) for i in remove]


def after_change(chosen: NDArray[np.bool_], add: list[int], remove: list[int]) -> Rows:
    after = chosen.copy()
    after[add] = True
    after[remove] = False
    return np.flatnonzero(after).astype(np.int64)


@MATRIX
@given(case=cases())
def test_a_change_judged_by_the_counts_equals_the_checker_after_it(
    case: tuple[Candidates, np.random.Generator],
) -> None:
    candidates, rng = case
    chosen = np.zeros(len(candidates), dtype=bool)
    chosen[random_rows(rng, candidates)] = True
    counts = candidates.rules.counts(np.flatnonzero(chosen))
    before = counts.broken()
    add, remove = random_change(rng, candidates, chosen)
    expected = not violations(candidates, after_change(chosen, add, remove))
    assert counts.holds_after(add, remove) == expected
    assert counts.broken() == before  # the counts are left as they were


@MATRIX
@given(region=planted_regions(), seed=st.integers(0, 2**32 - 1))
def test_a_recommended_change_holds_exactly_when_the_checker_passes_it(
    region: PlantedRegion, seed: int
) -> None:
    scenario = region.scenario
    candidates = build_candidates(scenario)
    rng = np.random.default_rng(seed)
    chosen = np.zeros(len(candidates), dtype=bool)
    chosen[candidates.rows_of(region.planted)] = True
    assert not violations(candidates, np.flatnonzero(chosen))  # a valid plan, as recommend's
    state = PlanState(candidates, chosen)
    for _ in range(5):
        add, remove = random_change(rng, candidates, chosen)
        expected = not violations(candidates, after_change(chosen, add, remove))
        assert state.holds(add, remove) == expected, (add, remove)


CAPACITY_RULES = (SLOT_CAPACITY, COOPERATIVE_CAPACITY, OFFICER_CAPACITY, WEEKLY_HOURS)


def newly_broken(candidates: Candidates, kept: list[int], row: int) -> set[str]:
    """The capacity rules the checker finds broken at a new subject once ``row`` joins."""
    rules = (*CAPACITY_RULES, AGENCY_RELEASE)

    def subjects(rows: list[int]) -> set[tuple[str, str]]:
        found = violations(candidates, np.array(rows, dtype=np.int64))
        return {(v.rule, v.subject) for v in found if v.rule in rules}

    return {rule for rule, _ in subjects([*kept, row]) - subjects(kept)}


@MATRIX
@given(case=cases())
def test_the_replan_keeps_a_baseline_row_exactly_when_the_checker_allows_it(
    case: tuple[Candidates, np.random.Generator],
) -> None:
    candidates, rng = case
    rows = rng.permutation(random_rows(rng, candidates))[:12]
    scenario = candidates.scenario
    baseline = [a for row in rows.tolist() for a in candidates.to_assignments(np.array([row]))]
    judged = baseline_validity(scenario, baseline, candidates)
    pairs = {(x.officer, x.cooperative) for x in scenario.locks if x.role is None}
    triples = {(x.officer, x.cooperative, x.role) for x in scenario.locks}

    def locked(p: int) -> bool:
        a = baseline[p]
        return (a.officer_id, a.cooperative_id) in pairs or (
            a.officer_id,
            a.cooperative_id,
            a.role,
        ) in triples

    order = sorted(range(len(rows)), key=lambda p: (not locked(p), p))
    kept: list[int] = []
    for position in order:
        row = int(rows[position])
        fits = not newly_broken(candidates, kept, row)
        assert (judged[position].status == "valid") == fits, judged[position]
        if fits:
            kept.append(row)


@MATRIX
@given(case=cases())
def test_the_greedy_repair_leaves_only_minimums_and_locks_to_the_search(
    case: tuple[Candidates, np.random.Generator],
) -> None:
    candidates, rng = case
    benefit = rng.integers(1, 1000, size=len(candidates))
    relaxed = max_benefit_rows(candidates, benefit)  # the network's plan, as repaired in use
    repaired = repair(candidates, relaxed, benefit)
    found = violations(candidates, repaired)
    assert {v.rule for v in found} <= {COOPERATIVE_CAPACITY, LOCKS}
    assert all("at least" in v.message for v in found if v.rule == COOPERATIVE_CAPACITY)


def test_every_hard_rule_is_a_rule_of_the_checker() -> None:
    from koperasi_alloc.check import RULES

    assert set(HARD_RULES) <= {name for name, _ in RULES}
    assert BASELINE_CHANGES in HARD_RULES
