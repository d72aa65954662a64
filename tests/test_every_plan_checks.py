"""Every plan the library returns passes ``check`` on the scenario the caller passed.

One property over all plan-returning entry points: solve (monolithic and decomposed),
replan (with and without a change limit), a recommendation applied to a plan, and each
point of a trade-off sweep.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import koperasi_alloc as ka
from koperasi_alloc.check import check, recompute_tiers
from koperasi_alloc.check.replan_basis import scenario_as_solved
from koperasi_alloc.plan import Plan, Status
from koperasi_alloc.scenario import Scenario
from tests.planted import PlantedRegion, planted_regions, twin_kabupaten

SOLVED = (Status.OPTIMAL, Status.FEASIBLE)


def _assert_valid(scenario: Scenario, plan: Plan, what: str) -> None:
    violations = check(scenario, plan)
    assert violations == [], f"{what}: {violations}"
    if plan.status in SOLVED:
        values = recompute_tiers(scenario_as_solved(scenario, plan), plan.assignments)
        assert {t.name: t.value for t in plan.tiers} == {t.name: values[t.name] for t in plan.tiers}


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(region=planted_regions(), data=st.data())
def test_every_entry_point_returns_plans_that_check_on_the_scenario_given(
    region: PlantedRegion, data: st.DataObject
) -> None:
    scenario = region.scenario
    base = ka.solve(scenario, time_limit=10, workers=1)
    _assert_valid(scenario, base, "solve")

    officers = [o.id for o in scenario.officers]
    gone = data.draw(st.lists(st.sampled_from(officers), max_size=3, unique=True), label="gone")
    changed = scenario.without_officers(gone)
    replanned = ka.replan(changed, base, time_limit=10, workers=1)
    _assert_valid(changed, replanned, "replan")
    limit = data.draw(st.integers(0, 2), label="max_changes")
    limited = ka.replan(changed, base, max_changes=limit, time_limit=10, workers=1)
    _assert_valid(changed, limited, "replan with a change limit")

    for plan, target in ((base, scenario), (replanned, changed)):
        if plan.status not in SOLVED:
            continue
        cooperative = data.draw(st.sampled_from([c.id for c in target.cooperatives]))
        for recommendation in ka.recommend(target, plan, cooperative=cooperative, top_k=3):
            applied = recommendation.apply(target, plan)
            _assert_valid(target, applied, f"recommendation {recommendation.text}")

    sweep = ka.tradeoff(scenario, "radius_km", [5.0, 40.0], time_limit=5, workers=1)
    assert [p.value for p in sweep.points] == [5.0, 40.0]
    for point in sweep.points:
        _assert_valid(point.scenario, point.plan, f"tradeoff point {point.value}")


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(region=planted_regions(max_officers=8, max_villages=4))
def test_decomposed_solves_return_plans_that_check(region: PlantedRegion) -> None:
    twin = twin_kabupaten(region.scenario)
    with ThreadPoolExecutor(max_workers=2) as pool:
        plan = ka.solve(twin, time_limit=20, workers=1, executor=pool)
    assert plan.stats.method == "decomposed"
    assert plan.stats.components == 2
    _assert_valid(twin, plan, "decomposed solve")


def test_the_readme_replan_checks_on_the_scenario_passed() -> None:
    # The README's first example: officers leave, replan, check against the new scenario.
    scenario = ka.generate("kutai-timur", seed=1)
    base = ka.solve(scenario, time_limit=10, seed=0)
    gone = sorted({a.officer_id for a in base.assignments[:20]})
    changed = scenario.without_officers(gone)
    new = ka.replan(changed, base, time_limit=10)
    assert new.replanned_from is not None
    stability = new.tier("stability")
    assert stability is not None
    assert stability.value > 0
    assert ka.check(changed, new) == []
    # the plan is measured against its baseline: a plan claiming another stability fails
    forged = new.model_copy(
        update={
            "tiers": [
                t.model_copy(update={"value": t.value + 1}) if t.name == "stability" else t
                for t in new.tiers
            ]
        }
    )
    assert {v.subject for v in ka.check(changed, forged)} == {"tier stability"}


@st.composite
def early_ends(draw: st.DrawFn) -> dict[str, object]:
    """Options that can end a search early, as every entry point takes them."""
    import threading

    options: dict[str, object] = {}
    if draw(st.booleans()):
        options["gap_limit"] = draw(st.sampled_from([0.0, 0.05, 0.5]))
    if draw(st.booleans()):
        calls = draw(st.integers(1, 3))
        seen: list[object] = []
        options["callback"] = lambda progress: (seen.append(progress), len(seen) >= calls)[1]
    if draw(st.booleans()):
        token = threading.Event()
        if draw(st.booleans()):
            token.set()
        options["stop"] = token
    return options


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(region=planted_regions(max_officers=8, max_villages=4), early=early_ends(), data=st.data())
def test_every_entry_point_checks_with_stops_gap_limits_callbacks_and_an_executor(
    region: PlantedRegion, early: dict[str, object], data: st.DataObject
) -> None:
    twin = twin_kabupaten(region.scenario)  # two independent parts: executors get work
    with ThreadPoolExecutor(max_workers=2) as pool:
        options = {"time_limit": 10, "workers": 1, "executor": pool, **early}
        base = ka.solve(twin, **options)  # type: ignore[arg-type]
        _assert_valid(twin, base, "solve")
        gone = data.draw(st.lists(st.sampled_from([o.id for o in twin.officers]), max_size=2))
        changed = twin.without_officers(sorted(set(gone)))
        replanned = ka.replan(changed, base, **options)  # type: ignore[arg-type]
        _assert_valid(changed, replanned, "replan")
        sweep = ka.tradeoff(twin, "radius_km", [5.0, 40.0], **options)  # type: ignore[arg-type]
        for point in sweep.points:
            _assert_valid(point.scenario, point.plan, f"tradeoff point {point.value}")
        decompose = data.draw(st.booleans(), label="decompose the proposal")
        proposal = ka.propose_hires(twin, decompose=decompose, **options)  # type: ignore[arg-type]
        if proposal.status in SOLVED:
            _assert_valid(proposal.scenario, proposal.plan, "propose_hires")
            assert proposal.hires == len(proposal.hire_ids)
            assert proposal.hires_bound <= proposal.hires
            assert sum(k.hires for k in proposal.kabupaten) == proposal.hires


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(region=planted_regions(max_officers=8, max_villages=4))
def test_a_decomposed_proposal_needs_as_many_hires_as_one_model(region: PlantedRegion) -> None:
    twin = twin_kabupaten(region.scenario)
    apart = ka.propose_hires(twin, time_limit=20, workers=1, decompose=True)
    whole = ka.propose_hires(twin, time_limit=20, workers=1, decompose=False)
    _assert_valid(apart.scenario, apart.plan, "decomposed proposal")
    if apart.status is Status.OPTIMAL and whole.status is Status.OPTIMAL:
        assert apart.hires == whole.hires
        assert apart.coverage == whole.coverage
    if whole.status is Status.OPTIMAL:
        assert apart.hires_bound <= whole.hires  # the parts' bounds bound the whole
