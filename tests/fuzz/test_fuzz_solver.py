"""Solver honesty on random regions feasible (or infeasible) by construction.

Regions come from ``tests/planted.py``: a planted assignment satisfies every hard rule, so
any status other than OPTIMAL or FEASIBLE after a real budget is a lie, and any plan must
pass the independent checker. What each status promises:

- OPTIMAL: ``best_bound == objective`` and every tier proven with ``bound == value``;
- FEASIBLE: the plan passes ``check``;
- INFEASIBLE: only for a region with no valid plan, and then no assignments;
- NO_SOLUTION_IN_TIME: no assignments.

In every case the tier values equal their recomputation from the scenario alone. The
number of regions comes from the active profile (``tests/fuzz/profiles.py``): 20 under
``make test``, 1,000 under ``make fuzz``.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from koperasi_alloc.check import check, recompute_tiers
from koperasi_alloc.plan import Plan, Status
from koperasi_alloc.scenario import Scenario
from koperasi_alloc.solver import solve
from tests.fuzz.profiles import fuzz_settings, record
from tests.planted import PlantedRegion, planted_regions

# (most officers, most villages) of the growing region sizes; the last is Kutai Timur's
# village count.
SIZES = [(6, 3), (12, 6), (40, 15), (120, 40), (400, 141)]


def assert_honest(scenario: Scenario, plan: Plan) -> None:
    """The plan passes ``check`` and its status, bounds and tiers mean what they say."""
    violations = check(scenario, plan)
    assert violations == [], "\n".join(map(str, violations))
    if plan.status in (Status.OPTIMAL, Status.FEASIBLE):
        recomputed = recompute_tiers(scenario, plan.assignments)
        assert {t.name: t.value for t in plan.tiers} == {
            t.name: recomputed[t.name] for t in plan.tiers
        }
        if plan.objective_mode == "lexicographic" and plan.tiers:
            assert plan.objective == plan.tiers[0].value
    if plan.status is Status.OPTIMAL:
        assert plan.best_bound == plan.objective
        assert all(t.proven and t.bound == t.value for t in plan.tiers), plan.tiers
    if plan.status in (Status.INFEASIBLE, Status.NO_SOLUTION_IN_TIME, Status.MODEL_INVALID):
        assert plan.assignments == []
    assert plan.status is not Status.MODEL_INVALID, plan.message


@pytest.mark.parametrize(
    ("max_officers", "max_villages"), SIZES, ids=[f"{o}-officers" for o, _ in SIZES]
)
@fuzz_settings("solver")
@given(data=st.data())
def test_solve_is_honest_on_planted_regions(
    max_officers: int, max_villages: int, data: st.DataObject
) -> None:
    region: PlantedRegion = data.draw(planted_regions(max_officers, max_villages), label="region")
    scenario = region.scenario
    plan = solve(scenario, time_limit=10, workers=1)
    record(f"solver[{max_officers}]", plan.status.value)
    assert plan.status in (Status.OPTIMAL, Status.FEASIBLE), plan.message
    assert_honest(scenario, plan)
    planted = recompute_tiers(scenario, region.planted)
    assert recompute_tiers(scenario, plan.assignments)["coverage"] >= planted["coverage"]


@fuzz_settings("solver", scale=0.625)
@given(region=planted_regions(40, 15), time_limit=st.sampled_from([0.0, 0.001, 0.02, 0.2]))
def test_solve_is_honest_under_tiny_budgets(region: PlantedRegion, time_limit: float) -> None:
    plan = solve(region.scenario, time_limit=time_limit, workers=1)
    record("solver[tiny-budget]", plan.status.value)
    assert plan.status is not Status.INFEASIBLE, "a planted region has a valid plan"
    assert_honest(region.scenario, plan)


def _without_release(scenario: Scenario) -> Scenario:
    """The same region where no agency may release anyone and one cooperative needs one."""
    data = scenario.model_dump(mode="json")
    for agency in data["agencies"]:
        agency["max_release"] = 0
    data["cooperatives"][0]["min_officers"] = 1
    data["locks"] = []
    return Scenario.model_validate(data)


@fuzz_settings("solver", scale=0.625)
@given(region=planted_regions(40, 15))
def test_solve_proves_infeasible_regions(region: PlantedRegion) -> None:
    scenario = _without_release(region.scenario)
    plan = solve(scenario, time_limit=10, workers=1)
    record("solver[infeasible]", plan.status.value)
    assert plan.status is Status.INFEASIBLE, plan.message
    assert_honest(scenario, plan)
