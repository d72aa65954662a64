"""The network relaxation's fairness search (koperasi_alloc.flow.fairest_rows)."""

from __future__ import annotations

from unittest import mock

import numpy as np
from hypothesis import HealthCheck, given, settings
from numpy.typing import NDArray

from koperasi_alloc import flow
from koperasi_alloc.candidates import Candidates, build_candidates
from koperasi_alloc.check import check
from koperasi_alloc.plan import Plan, Status
from koperasi_alloc.scenario import Scenario
from koperasi_alloc.solver import lexicographic, solve
from tests.planted import PlantedRegion, planted_regions
from tests.tiny import A1, A2, B1, C1, C, coop, officer, region


def tie_region() -> Scenario:
    """o1 lives in A1; o3 lives in C1 but sits at (1.00, 117.15), 16.7 km from both A1 and
    B1. k1 (A1) wants 2 officers, k2 (B1) wants 1. o1 in k1 is best for locality (4 vs 1);
    o3 is worth the same (coverage 3, locality 0, travel 25) in k1 and in k2, so only the
    fairness tier decides: o3 in k1 leaves kecamatan B empty (fairness 0), o3 in k2 gives
    A 1/2 and B 1/1 (fairness 500)."""
    return region(
        [officer("o1", A1), officer("o3", C1, work_district=C, lat=1.0, lon=117.15)],
        [coop("k1", A1, manajer=1, keuangan=1), coop("k2", B1)],
    )


def rows_of(scenario: Scenario, wanted: set[tuple[str, str, str]]) -> np.ndarray:
    candidates = build_candidates(scenario)
    return np.array(
        [
            r
            for r in range(len(candidates))
            if (
                scenario.officers[candidates.officer[r]].id,
                scenario.cooperatives[candidates.cooperative[r]].id,
                candidates.role_codes[candidates.role[r]],
            )
            in wanted
        ],
        dtype=np.int64,
    )


def pairs_of(
    scenario: Scenario, candidates: Candidates, rows: NDArray[np.int64]
) -> set[tuple[str, str]]:
    """(officer id, cooperative id) of each of ``rows``: the inverse of :func:`rows_of`,
    roles left out."""
    officers, cooperatives = scenario.officers, scenario.cooperatives
    return {
        (officers[candidates.officer[r]].id, cooperatives[candidates.cooperative[r]].id)
        for r in rows.tolist()
    }


def test_fairest_flow_moves_the_tied_officer_to_the_empty_kecamatan() -> None:
    scenario = tie_region()
    candidates = build_candidates(scenario)
    relaxation = flow.relax(candidates, scenario.objective_tiers())
    assert relaxation is not None
    assert relaxation.bounds == {"coverage": 6, "locality": 4, "travel": 25}
    unfair = rows_of(scenario, {("o1", "k1", "manajer"), ("o3", "k1", "keuangan")})
    level, rows = flow.fairest_rows(candidates, relaxation.benefit, unfair, 1000, 1000)
    assert level == 500
    chosen = pairs_of(scenario, candidates, rows)
    assert chosen == {("o1", "k1"), ("o3", "k2")}
    # and no level above 500 is reachable without losing a folded tier
    assert flow.fairest_rows(candidates, relaxation.benefit, rows, 1000, 1000) == (500, rows)


def test_solve_proves_the_fairness_tie_break_without_search() -> None:
    scenario = tie_region()
    plan = solve(scenario, time_limit=5, workers=1)
    assert check(scenario, plan) == []
    assert plan.status is Status.OPTIMAL
    assert {t.name: (t.value, t.bound) for t in plan.tiers} == {
        "coverage": (6, 6),
        "locality": (4, 4),
        "travel": (25, 25),
        "fairness": (500, 500),
    }
    assert plan.stats.method == "flow"


def without_fairness_flow(
    env: object, searched: object, tier: object, bound: int | None
) -> tuple[int | None, object]:
    return bound, searched


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(region=planted_regions())
def test_fairness_from_the_flow_equals_the_cpsat_fairness_stage(region: PlantedRegion) -> None:
    scenario = region.scenario
    with_flow = solve(scenario, time_limit=10, workers=1)
    with mock.patch.object(lexicographic, "fairness_by_relaxation", without_fairness_flow):
        searched = solve(scenario, time_limit=10, workers=1)
    assert check(scenario, with_flow) == []
    if with_flow.status is Status.OPTIMAL and searched.status is Status.OPTIMAL:
        assert [t.value for t in with_flow.tiers] == [t.value for t in searched.tiers]


# --- polish: re-routing the released officers ------------------------------------------------

NETWORK_RULES = {
    "slot_capacity",
    "officer_capacity",
    "weekly_hours",
    "agency_release",
    "eligibility",
    "locality",
    "forbids",
}


def network_violations(scenario: Scenario, rows: np.ndarray) -> list[str]:
    candidates = build_candidates(scenario)
    plan = Plan(status=Status.FEASIBLE, assignments=candidates.to_assignments(rows))
    return [f"{v.rule}: {v.message}" for v in check(scenario, plan) if v.rule in NETWORK_RULES]


def test_polish_lets_a_released_officer_take_a_second_cooperative() -> None:
    # DINAS may release one officer. o1 and o2 (A1) may each serve two cooperatives; the
    # plan releases o1 for k1 only. Keeping o1 the one released, the network gives o1 both
    # k1 and k2 (coverage 6) and never adds o2.
    scenario = region(
        [officer("o1", A1, max_cooperatives=2), officer("o2", A1, max_cooperatives=2)],
        [coop("k1", A1), coop("k2", A2)],
        agencies=[{"code": "DINAS", "name": "Dinas", "headcount": 10, "max_release": 1}],
    )
    candidates = build_candidates(scenario)
    start = rows_of(scenario, {("o1", "k1", "manajer")})
    benefit = candidates.coverage_weight * 1000 + candidates.locality_weight
    rows = flow.polish(candidates, start, benefit)
    placed = pairs_of(scenario, candidates, rows)
    assert placed == {("o1", "k1"), ("o1", "k2")}
    assert flow.hard_rules_hold(candidates, rows)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(region=planted_regions())
def test_polish_keeps_the_network_rules_and_never_loses_benefit(region: PlantedRegion) -> None:
    scenario = region.scenario
    candidates = build_candidates(scenario)
    start = candidates.rows_of(region.planted)
    benefit = _benefit(candidates)
    rows = flow.polish(candidates, start, benefit)
    assert network_violations(scenario, rows) == []
    assert int(benefit[rows].sum()) >= int(benefit[start].sum())
    officers = scenario.officers
    released_before = {int(i) for i in candidates.officer[start]}
    for i in {int(i) for i in candidates.officer[rows]} - released_before:
        assert scenario.agency_by_code[officers[i].agency].release_cap is None


def test_weighted_mode_keeps_the_plan_that_is_best_for_the_weights() -> None:
    # As in tie_region, but o3 sits at 117.14 E, nearer A1 (15.6 km) than B1 (17.8 km). By
    # the tiers in order, o3 goes to k1 (less travel) and kecamatan B stays empty
    # (fairness 0); by the default weights (travel -1, fairness 10) o3 goes to k2: a few
    # minutes more travel buy fairness 500. No improvement step may swap that back.
    officers = [officer("o1", A1), officer("o3", C1, work_district=C, lat=1.0, lon=117.14)]
    coops = [coop("k1", A1, manajer=1, keuangan=1), coop("k2", B1)]
    lexicographic = solve(region(officers, coops), time_limit=5, workers=1)
    assert {t.name: t.value for t in lexicographic.tiers}["fairness"] == 0
    weighted_region = region(officers, coops, policy={"objective": {"mode": "weighted"}})
    weighted = solve(weighted_region, time_limit=5, workers=1)
    assert check(weighted_region, weighted) == []
    assert weighted.status is Status.OPTIMAL
    assert {t.name: t.value for t in weighted.tiers}["fairness"] == 500
    assert weighted.objective == weighted.best_bound


# --- reduced costs: what using a candidate costs ---------------------------------------------


def test_loss_of_a_candidate_is_what_using_it_costs() -> None:
    # One officer in A1, one cooperative in A1 and one in A2. The network sends o1 to k1
    # (village tier); using o1 for k2 instead costs exactly the benefit given up.
    scenario = region([officer("o1", A1)], [coop("k1", A1), coop("k2", A2)])
    candidates = build_candidates(scenario)
    relaxation = flow.relax(candidates, scenario.objective_tiers())
    assert relaxation is not None
    (in_k1,) = rows_of(scenario, {("o1", "k1", "manajer")}).tolist()
    (in_k2,) = rows_of(scenario, {("o1", "k2", "manajer")}).tolist()
    assert relaxation.rows.tolist() == [in_k1]
    benefit = relaxation.benefit
    assert relaxation.loss[in_k1] == 0
    assert relaxation.loss[in_k2] == benefit[in_k1] - benefit[in_k2] > 0


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(region=planted_regions())
def test_no_flow_through_a_candidate_beats_optimum_less_its_loss(region: PlantedRegion) -> None:
    scenario = region.scenario
    candidates = build_candidates(scenario)
    benefit = _benefit(candidates)
    rows, loss = flow.max_benefit_flow(candidates, benefit)
    optimum = int(benefit[rows].sum())
    assert (loss >= 0).all()
    assert (loss[rows] == 0).all()
    push = int(np.abs(benefit).sum()) + 1
    for r in range(min(len(candidates), 40)):
        # the best flow through r: r made worth more than everything else together
        forced = benefit.copy()
        forced[r] += push
        through = flow.max_benefit_rows(candidates, forced)
        if r in set(through.tolist()):
            assert int(benefit[through].sum()) <= optimum - int(loss[r])


def test_a_subset_of_candidates_keeps_the_slots_and_kecamatan_it_was_cut_from() -> None:
    scenario = tie_region()
    candidates = build_candidates(scenario)
    keep = np.zeros(len(candidates), dtype=bool)
    keep[::2] = True
    part = candidates.subset(keep)
    assert len(part) == int(keep.sum()) < len(candidates)
    assert part.officer.tolist() == candidates.officer[keep].tolist()
    assert part.travel_minutes.tolist() == candidates.travel_minutes[keep].tolist()
    # fairness still counts every eligible slot of a kecamatan, kept or not
    assert part.district_demand.tolist() == candidates.district_demand.tolist()
    assert part.to_assignments(np.arange(len(part))) == candidates.to_assignments(
        np.flatnonzero(keep)
    )


def shared_agency_region() -> Scenario:
    """One agency may release one officer. a (may serve two cooperatives) lives in A2,
    b (one cooperative) in A1; k1 (A1) and k2 (A2) each want a manajer. The best relaxed
    flow sends each officer to their own village, releasing two; the optimum releases a
    alone, serving both (coverage 2), where limiting the agency's officers to one
    cooperative each leaves one slot empty."""
    return region(
        [officer("a", A2, max_cooperatives=2), officer("b", A1, max_cooperatives=1)],
        [coop("k1", A1), coop("k2", A2)],
        agencies=[{"code": "DINAS", "name": "Dinas", "headcount": 100, "max_release": 1}],
    )


def test_concentrated_reflow_releases_the_officer_who_can_serve_both() -> None:
    scenario = shared_agency_region()
    candidates = build_candidates(scenario)
    benefit = _benefit(candidates)
    relaxed = flow.max_benefit_rows(candidates, benefit)
    served = pairs_of(scenario, candidates, relaxed)
    assert served == {("a", "k2"), ("b", "k1")}  # two released: over the cap
    assert len(flow.reflow(candidates, relaxed, benefit)) == 1
    rows = flow.reflow_concentrated(candidates, relaxed, benefit)
    assert pairs_of(scenario, candidates, rows) == {("a", "k1"), ("a", "k2")}
    assert flow.hard_rules_hold(candidates, rows)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(region=planted_regions())
def test_concentrated_reflow_keeps_every_agency_within_its_cap(region: PlantedRegion) -> None:
    scenario = region.scenario
    candidates = build_candidates(scenario)
    benefit = _benefit(candidates)
    relaxed = flow.max_benefit_rows(candidates, benefit)
    rows = flow.reflow_concentrated(candidates, relaxed, benefit)
    officers = scenario.officers
    released = {int(i) for i in candidates.officer[relaxed]}
    over = False
    for agency in scenario.agencies:
        cap = agency.release_cap
        if cap is None:
            continue
        before = sum(officers[i].agency == agency.code for i in released)
        after = len(
            {int(i) for i in candidates.officer[rows] if officers[int(i)].agency == agency.code}
        )
        over = over or before > cap
        assert after <= cap
    if not over:
        # nothing to re-flow: the relaxed plan comes back as it was
        assert rows.tolist() == relaxed.tolist()


def _benefit(candidates: Candidates) -> NDArray[np.int64]:
    """The lexicographic benefit the solver's network uses by default."""
    return (
        candidates.coverage_weight * 1_000_000
        + candidates.locality_weight * 1_000
        - candidates.travel_minutes
    )
