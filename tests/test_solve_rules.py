"""Each rule on a tiny region whose optimum is worked out by hand (see tests/tiny.py for
the map), and a case where that rule makes the region infeasible."""

from __future__ import annotations

import pytest

from koperasi_alloc.check import check
from koperasi_alloc.plan import Plan, Status
from koperasi_alloc.scenario import Scenario
from koperasi_alloc.solver import solve
from tests.tiny import A1, A2, B1, C1, coop, officer, region


def solved(scenario: Scenario, **kwargs: object) -> Plan:
    plan = solve(scenario, time_limit=10, workers=1, **kwargs)  # type: ignore[arg-type]
    assert check(scenario, plan) == []
    return plan


def placed(plan: Plan) -> set[tuple[str, str, str]]:
    return {(a.officer_id, a.cooperative_id, a.role) for a in plan.assignments}


def tiers(plan: Plan) -> dict[str, int]:
    return {t.name: t.value for t in plan.tiers}


# --- slot capacity ---------------------------------------------------------------------------


def test_slot_capacity_one_officer_per_slot() -> None:
    # o1, o2 both live in A1; k1 (A1) wants one manajer. One of them fills it:
    # coverage 3 (default priority), locality 3 (village) + 1 (PPPK in kecamatan) = 4,
    # travel 0, fairness: kecamatan A 1/1 -> 1000.
    scenario = region([officer("o1", A1), officer("o2", A1)], [coop("k1", A1, manajer=1)])
    plan = solved(scenario)
    assert plan.status is Status.OPTIMAL
    assert plan.filled == 1
    assert tiers(plan) == {"coverage": 3, "locality": 4, "travel": 0, "fairness": 1000}
    assert plan.vacancies == []


def test_slot_capacity_makes_minimum_infeasible() -> None:
    # k1 needs 2 officers but both candidates only have the manajer skill, and the manajer
    # slot holds one: infeasible.
    scenario = region(
        [officer("o1", A1, skills=["manajer"]), officer("o2", A1, skills=["manajer"])],
        [coop("k1", A1, manajer=1, keuangan=1, min_officers=2)],
    )
    plan = solve(scenario, time_limit=5, workers=1)
    assert plan.status is Status.INFEASIBLE
    assert plan.assignments == []


# --- cooperative capacity --------------------------------------------------------------------


def test_cooperative_minimum_is_met() -> None:
    # k1 wants a manajer and a keuangan and at least 2 officers; o1 and o2 fill both:
    # coverage 3 + 3 = 6, locality 4 + 4 = 8.
    scenario = region(
        [officer("o1", A1), officer("o2", A1)],
        [coop("k1", A1, manajer=1, keuangan=1, min_officers=2)],
    )
    plan = solved(scenario)
    assert plan.status is Status.OPTIMAL
    assert {a.role for a in plan.assignments} == {"manajer", "keuangan"}
    assert tiers(plan)["coverage"] == 6
    assert tiers(plan)["locality"] == 8


def test_cooperative_minimum_makes_region_infeasible() -> None:
    scenario = region([officer("o1", A1)], [coop("k1", A1, manajer=1, keuangan=1, min_officers=2)])
    assert solve(scenario, time_limit=5, workers=1).status is Status.INFEASIBLE


# --- officer capacity ------------------------------------------------------------------------


def test_officer_serves_one_cooperative_by_default_and_prefers_own_village() -> None:
    # o1 (A1) could serve k1 (A1: village tier, 3 + 1 = 4) or k2 (A2: kecamatan tier,
    # 2 + 1 = 3); coverage is 3 either way, so locality decides: k1.
    scenario = region([officer("o1", A1)], [coop("k1", A1), coop("k2", A2)])
    plan = solved(scenario)
    assert placed(plan) == {("o1", "k1", "manajer")}
    assert tiers(plan)["coverage"] == 3


def test_officer_with_two_cooperatives_serves_both() -> None:
    # max_cooperatives 2: both filled, coverage 6, locality 4 + 3 = 7,
    # travel A1 -> A2: 5.56 km at 40 km/h = 8.34 min -> 8.
    scenario = region([officer("o1", A1, max_cooperatives=2)], [coop("k1", A1), coop("k2", A2)])
    plan = solved(scenario)
    assert plan.filled == 2
    assert tiers(plan) == {"coverage": 6, "locality": 7, "travel": 8, "fairness": 1000}


def test_officer_capacity_makes_region_infeasible() -> None:
    # o1 is locked to k1 and is the only officer who could give k2 its minimum.
    scenario = region(
        [officer("o1", A1)],
        [coop("k1", A1), coop("k2", A2, min_officers=1)],
        locks=[{"officer": "o1", "cooperative": "k1"}],
    )
    assert solve(scenario, time_limit=5, workers=1).status is Status.INFEASIBLE


# --- weekly hours ----------------------------------------------------------------------------


def test_weekly_hours_limit_one_cooperative() -> None:
    # Loads in minutes: k1 (A1) 480 + 0; k2 (A2) 480 + round(2 x 8.34) = 497; together 977.
    # 16.2 h = 972 min: only one fits; 16.5 h = 990 min: both fit.
    tight = region(
        [officer("o1", A1, max_cooperatives=2, weekly_hours=16.2)], [coop("k1", A1), coop("k2", A2)]
    )
    assert solved(tight).filled == 1
    loose = region(
        [officer("o1", A1, max_cooperatives=2, weekly_hours=16.5)], [coop("k1", A1), coop("k2", A2)]
    )
    assert solved(loose).filled == 2


def test_weekly_hours_make_two_locks_infeasible() -> None:
    scenario = region(
        [officer("o1", A1, max_cooperatives=2, weekly_hours=16.2)],
        [coop("k1", A1), coop("k2", A2)],
        locks=[{"officer": "o1", "cooperative": "k1"}, {"officer": "o1", "cooperative": "k2"}],
    )
    assert solve(scenario, time_limit=5, workers=1).status is Status.INFEASIBLE


# --- agency release --------------------------------------------------------------------------


CAP_ONE = [{"code": "DINAS", "name": "Dinas Koperasi", "headcount": 10, "max_release": 1}]


def test_agency_cap_releases_one_officer_to_the_neediest() -> None:
    # Cap 1: only one of o1 (-> k1 in A1, priority 3) and o2 (-> k2 in B1, sangat tertinggal,
    # priority 5) is released; coverage 5 wins.
    scenario = region(
        [officer("o1", A1), officer("o2", B1)],
        [coop("k1", A1), coop("k2", B1)],
        agencies=CAP_ONE,
        village_status={B1: "sangat_tertinggal"},
    )
    plan = solved(scenario)
    assert placed(plan) == {("o2", "k2", "manajer")}
    assert tiers(plan)["coverage"] == 5


def test_agency_cap_counts_distinct_officers() -> None:
    # One officer serving two cooperatives is one released officer: both filled under cap 1.
    scenario = region(
        [officer("o1", A1, max_cooperatives=2), officer("o2", A1)],
        [coop("k1", A1), coop("k2", A2)],
        agencies=CAP_ONE,
    )
    plan = solved(scenario)
    assert plan.filled == 2
    assert {a.officer_id for a in plan.assignments} == {"o1"}


def test_agency_cap_makes_two_locks_infeasible() -> None:
    scenario = region(
        [officer("o1", A1), officer("o2", B1)],
        [coop("k1", A1), coop("k2", B1)],
        agencies=CAP_ONE,
        locks=[{"officer": "o1", "cooperative": "k1"}, {"officer": "o2", "cooperative": "k2"}],
    )
    assert solve(scenario, time_limit=5, workers=1).status is Status.INFEASIBLE


# --- locks and forbids -----------------------------------------------------------------------


def test_lock_overrides_preference() -> None:
    # Without the lock o1 would take k1 (village tier); locked to k2 its locality is 2 + 1.
    scenario = region(
        [officer("o1", A1)],
        [coop("k1", A1), coop("k2", A2)],
        locks=[{"officer": "o1", "cooperative": "k2"}],
    )
    plan = solved(scenario)
    assert placed(plan) == {("o1", "k2", "manajer")}
    assert tiers(plan)["locality"] == 3


def test_forbid_moves_officer_elsewhere() -> None:
    scenario = region(
        [officer("o1", A1)],
        [coop("k1", A1), coop("k2", A2)],
        forbids=[{"officer": "o1", "cooperative": "k1"}],
    )
    assert placed(solved(scenario)) == {("o1", "k2", "manajer")}


def test_forbid_of_the_only_candidate_makes_minimum_infeasible() -> None:
    scenario = region(
        [officer("o1", A1)],
        [coop("k1", A1, min_officers=1)],
        forbids=[{"officer": "o1", "cooperative": "k1"}],
    )
    assert solve(scenario, time_limit=5, workers=1).status is Status.INFEASIBLE


# --- locality --------------------------------------------------------------------------------


def test_officer_out_of_reach_leaves_a_vacancy() -> None:
    # C1 is 89 km from A1 and C is adjacent to nobody: no tier links o1 to k1.
    scenario = region([officer("o1", C1)], [coop("k1", A1)])
    plan = solved(scenario)
    assert plan.status is Status.OPTIMAL
    assert plan.filled == 0
    assert [(v.cooperative_id, v.role, v.count) for v in plan.vacancies] == [("k1", "manajer", 1)]


def test_locality_makes_minimum_infeasible() -> None:
    scenario = region([officer("o1", C1)], [coop("k1", A1, min_officers=1)])
    assert solve(scenario, time_limit=5, workers=1).status is Status.INFEASIBLE


def test_adjacent_kecamatan_tier() -> None:
    # o1 lives and works in B, adjacent to A: tier adjacent, score 1, no PPPK bonus
    # (work unit not in A); travel 33.4 km -> 50 min.
    scenario = region([officer("o1", B1)], [coop("k1", A1)])
    plan = solved(scenario)
    (assignment,) = plan.assignments
    assert assignment.tier == "adjacent"
    assert tiers(plan)["locality"] == 1
    assert tiers(plan)["travel"] == 50


@pytest.mark.parametrize(("radius", "reachable"), [(35.0, True), (30.0, False)])
def test_radius_tier_by_straight_line(radius: float, reachable: bool) -> None:
    # Adjacency not allowed: B1 -> A1 is 33.4 km, inside 35 km, outside 30 km.
    policy = {"allowed_tiers": ["village", "kecamatan", "radius"], "radius_km": radius}
    scenario = region([officer("o1", B1)], [coop("k1", A1)], policy=policy)
    plan = solved(scenario)
    assert plan.filled == (1 if reachable else 0)
    if reachable:
        assert plan.assignments[0].tier == "radius"


@pytest.mark.parametrize(("minutes", "reachable"), [(10.0, True), (20.0, False)])
def test_radius_tier_by_travel_table(minutes: float, reachable: bool) -> None:
    # Radius 10 km at 40 km/h: the limit is 15 minutes for a pair with a travel entry.
    policy = {"allowed_tiers": ["village", "radius"], "radius_km": 10.0}
    scenario = region(
        [officer("o1", A2)],
        [coop("k1", A1)],
        policy=policy,
        travel=[{"origin": "o1", "village": A1, "minutes": minutes}],
    )
    plan = solved(scenario)
    assert plan.filled == (1 if reachable else 0)
    if reachable:
        assert plan.assignments[0].travel_minutes == 10


# --- eligibility -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "fields",
    [
        {"education": "D2"},
        {"group": "guru"},
        {"group": "nakes"},
        {"available": False},
        {"employment": "PNS"},
    ],
)
def test_ineligible_officer_is_never_placed(fields: dict[str, object]) -> None:
    policy = {"allowed_employment": ["PPPK", "PPPK_PARUH_WAKTU"]}
    scenario = region([officer("o1", A1, **fields)], [coop("k1", A1)], policy=policy)
    assert solved(scenario).filled == 0


def test_eligibility_makes_minimum_infeasible() -> None:
    # The only officer in reach is below the policy's minimum education (D3).
    scenario = region([officer("o1", A1, education="D2")], [coop("k1", A1, min_officers=1)])
    plan = solve(scenario, time_limit=5, workers=1)
    assert plan.status is Status.INFEASIBLE
    assert plan.conflict  # the cooperative's minimum is named as the rule that cannot hold
    assert {item.rule for item in plan.conflict} == {"cooperative_capacity"}


def test_cooperative_without_legal_entity_receives_nobody() -> None:
    scenario = region([officer("o1", A1)], [coop("k1", A1, legal_entity=False)])
    plan = solved(scenario)
    assert plan.filled == 0
    assert plan.total_slots == 0
    assert [v.cooperative_id for v in plan.vacancies] == ["k1"]


def test_role_minimum_education() -> None:
    roles = [
        {"code": "manajer", "name": "Manajer", "min_education": "S2"},
        {"code": "keuangan", "name": "K"},
    ]
    scenario = region([officer("o1", A1)], [coop("k1", A1, manajer=1, keuangan=1)], roles=roles)
    assert placed(solved(scenario)) == {("o1", "k1", "keuangan")}


# --- objective tiers -------------------------------------------------------------------------


def test_coverage_prefers_less_developed_village() -> None:
    # One officer, k1 (A1, mandiri, priority 1, village tier) vs k2 (A2, sangat tertinggal,
    # priority 5, kecamatan tier): coverage first -> k2.
    scenario = region(
        [officer("o1", A1)],
        [coop("k1", A1), coop("k2", A2)],
        village_status={A1: "mandiri", A2: "sangat_tertinggal"},
    )
    plan = solved(scenario)
    assert placed(plan) == {("o1", "k2", "manajer")}
    assert plan.objective == 5
    assert plan.best_bound == 5
    assert plan.gap == 0


def test_travel_prefers_nearer_work_place() -> None:
    # Both are in kecamatan A (equal locality); o2's work place (1.02 N) is 3.3 km from A2
    # (5 min), o1's domicile A1 is 5.56 km (8 min): travel picks o2.
    scenario = region([officer("o1", A1), officer("o2", A1, lat=1.02, lon=117.0)], [coop("k2", A2)])
    plan = solved(scenario)
    assert placed(plan) == {("o2", "k2", "manajer")}
    assert tiers(plan)["travel"] == 5


def test_fairness_tier_spreads_officers_when_ranked_before_locality() -> None:
    # o1, o2 in A1; k1 (A1) wants 2, k2 (B1) wants 1. Locality first: both in k1 (8),
    # fairness 0 (B empty). Fairness before locality: A 1/2 -> 500, B 1/1 -> 1000, min 500.
    officers = [officer("o1", A1), officer("o2", A1)]
    coops = [coop("k1", A1, manajer=1, keuangan=1), coop("k2", B1)]
    default = solved(region(officers, coops))
    assert tiers(default)["locality"] == 8
    assert tiers(default)["fairness"] == 0
    policy = {"objective": {"tiers": ["coverage", "fairness", "locality", "travel"]}}
    fair = solved(region(officers, coops, policy=policy))
    assert tiers(fair)["fairness"] == 500
    assert tiers(fair)["locality"] == 5


def test_weighted_objective_is_the_weighted_sum() -> None:
    policy = {"objective": {"mode": "weighted"}}
    scenario = region(
        [officer("o1", A1), officer("o2", B1)], [coop("k1", A1), coop("k2", B1)], policy=policy
    )
    plan = solved(scenario)
    values = tiers(plan)
    weights = scenario.policy.objective.weights
    assert plan.objective == sum(weights[name] * value for name, value in values.items())
    assert plan.status is Status.OPTIMAL
    assert plan.objective == plan.best_bound


def test_empty_region_is_optimal_with_nothing_to_do() -> None:
    plan = solved(region([], [coop("k1", A1)]))
    assert plan.status is Status.OPTIMAL
    assert plan.filled == 0
    assert plan.total_slots == 1


def test_locality_outranks_any_amount_of_travel() -> None:
    # k1 (A1) wants one manajer. o1 lives in A2 (same kecamatan: locality 2 + 1 PPPK bonus
    # = 3, 5.56 km at 40 km/h: 8 min); o2 lives in B1 but sits at 117.01 E, 1.1 km from A1
    # (adjacent kecamatan: locality 1, 2 min). By the tiers in order o1 wins (3 > 1) however
    # much further away; a sum of locality and travel with equal weights would pick o2.
    officers = [officer("o1", A2), officer("o2", B1, lat=1.0, lon=117.01)]
    plan = solved(region(officers, [coop("k1", A1)]))
    assert placed(plan) == {("o1", "k1", "manajer")}
    assert tiers(plan) == {"coverage": 3, "locality": 3, "travel": 8, "fairness": 1000}
