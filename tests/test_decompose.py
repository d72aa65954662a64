"""Exact decomposition: parts, executors (process pool, threads, Dask) and the merged plan."""

from __future__ import annotations

import pickle
from concurrent.futures import ThreadPoolExecutor

import pytest

from koperasi_alloc.check import check
from koperasi_alloc.decompose import decomposable, split, sub_scenario
from koperasi_alloc.plan import Status
from koperasi_alloc.scenario import Scenario
from koperasi_alloc.solver import Progress, solve
from koperasi_alloc.synth import generate


@pytest.fixture(scope="module")
def province() -> Scenario:
    # A province-shaped region (10 kabupaten/kota) small enough for both solves to prove
    # optimality quickly: officers serve one cooperative, and the tiers are the linear
    # ones, so the flow relaxation is exact and CP-SAT only confirms it.
    scenario = generate("province", seed=3, n_officers=2500, max_cooperatives=1)
    return scenario.with_policy(objective={"tiers": ["coverage", "locality", "travel"]})


@pytest.fixture(scope="module")
def province_with_fairness() -> Scenario:
    # Officers may serve two cooperatives under agency caps, fairness last: CP-SAT works.
    return generate("province", seed=4, n_officers=1500)


def test_parts_cover_every_officer_and_cooperative_once(province: Scenario) -> None:
    parts = split(province)
    assert len(parts) == 10  # one per kabupaten/kota: no capped agency spans two
    officers = [i for p in parts for i in p.officers]
    coops = [j for p in parts for j in p.cooperatives]
    assert sorted(officers) == list(range(len(province.officers)))
    assert sorted(coops) == list(range(len(province.cooperatives)))


def test_a_part_is_plain_data_that_pickles(province: Scenario) -> None:
    part = sub_scenario(province, split(province)[:1], "part")
    again = pickle.loads(pickle.dumps(part))
    assert again.model_dump_json() == part.model_dump_json()
    # and it is a valid scenario in its own right
    assert Scenario.model_validate_json(part.model_dump_json()) == part


def test_fairness_before_other_tiers_prevents_decomposition(province: Scenario) -> None:
    assert decomposable(province)
    objective = province.policy.objective.model_copy(
        update={"tiers": ["coverage", "fairness", "locality", "travel"]}
    )
    policy = province.policy.model_copy(update={"objective": objective})
    assert not decomposable(province.model_copy(update={"policy": policy}))


def test_decomposed_and_monolithic_solves_reach_the_same_optimum(province: Scenario) -> None:
    seen: list[Progress] = []
    decomposed = solve(province, time_limit=60, callback=seen.append)
    monolithic = solve(province, time_limit=60, decompose=False)
    assert decomposed.stats.method == "decomposed"
    assert decomposed.stats.components == 10
    assert monolithic.stats.components == 1
    assert decomposed.status is Status.OPTIMAL
    assert monolithic.status is Status.OPTIMAL
    assert [(t.name, t.value) for t in decomposed.tiers] == [
        (t.name, t.value) for t in monolithic.tiers
    ]
    assert check(province, decomposed) == []
    progress = [p for p in seen if p.tier == "components"]
    assert progress
    assert progress[-1].components_done == progress[-1].components_total


def test_decomposed_plan_with_fairness_is_valid_and_honest(
    province_with_fairness: Scenario,
) -> None:
    scenario = province_with_fairness
    plan = solve(scenario, time_limit=30)
    assert plan.stats.method == "decomposed"
    assert check(scenario, plan) == []
    assert plan.status in (Status.OPTIMAL, Status.FEASIBLE)
    if plan.status is Status.OPTIMAL:
        assert all(t.proven for t in plan.tiers)


def test_any_executor_works(province: Scenario) -> None:
    with ThreadPoolExecutor(max_workers=2) as pool:
        plan = solve(province, time_limit=60, executor=pool, workers=1)
    assert plan.stats.method == "decomposed"
    assert check(province, plan) == []


def test_dask_local_cluster_as_executor(province: Scenario) -> None:
    distributed = pytest.importorskip("distributed")
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        plan = solve(province, time_limit=90, executor=client.get_executor(), workers=1)
    assert plan.stats.method == "decomposed"
    assert plan.status in (Status.OPTIMAL, Status.FEASIBLE)
    assert check(province, plan) == []
