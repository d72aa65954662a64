"""Fairness over reachable slots (rules.md, objective tiers): every form agrees with the
others, and every fairness bound lies on the right side of the optimum.

The tier divides each kecamatan's assignments by its reachable slots ``R_k`` and leaves
out the kecamatan no officer can reach. It is written apart in the candidates (numpy),
the CP-SAT model, the relaxation's fairness search and bound, the merge of parts, the
checker (:mod:`koperasi_alloc.check.reach`) and the HiGHS reference; here they meet on
drawn regions given an unreachable kecamatan, roles nobody may fill and lowered caps, and
their bounds meet optima found by brute force over every plan.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, event, given, settings
from hypothesis import strategies as st
from ortools.sat.python import cp_model

from koperasi_alloc import flow
from koperasi_alloc.candidates import Candidates, build_candidates
from koperasi_alloc.check import check, recompute_tiers
from koperasi_alloc.check.context import CheckContext
from koperasi_alloc.check.reach import cooperative_reach
from koperasi_alloc.decompose import split, sub_scenario
from koperasi_alloc.explain import explain
from koperasi_alloc.model import build_model
from koperasi_alloc.plan import Plan, Status
from koperasi_alloc.scenario import TIER_SENSE, Scenario, TierName
from koperasi_alloc.solver import solve
from koperasi_alloc.solver.merge import merge
from koperasi_alloc.solver.values import fairness_bound
from tests.planted import ROLE_CODES, planted_regions, twin_kabupaten
from tests.test_honesty import assert_honest_lexicographic
from tests.tiny import A1, A2, B1, C1, coop, officer, region

SCALE = 1000
FAR_DISTRICT, FAR_VILLAGE = "64.11.01", "64.11.01.2001"


@st.composite
def reach_regions(draw: st.DrawFn, max_officers: int = 8, far: bool = True) -> Scenario:
    """A planted region, sometimes with a kecamatan of another kabupaten far away (no
    officer can reach it; not with ``far`` False), a role nobody may fill (cooperatives
    partly reachable) and a cooperative capped below its demand."""
    planted = draw(planted_regions(max_officers=max_officers, max_villages=4))
    data: dict[str, Any] = planted.scenario.model_dump(mode="json")
    if far and draw(st.booleans()):
        data["districts"].append({"code": FAR_DISTRICT, "name": "Jauh", "lat": -5.0, "lon": 110.0})
        data["villages"].append(
            {"code": FAR_VILLAGE, "name": "Jauh", "district": FAR_DISTRICT, "lat": -5, "lon": 110}
        )
        demand = {r: 1 for r in ROLE_CODES if draw(st.booleans())} or {"manajer": 1}
        data["cooperatives"].append({"id": "far", "village": FAR_VILLAGE, "demand": demand})
    if draw(st.booleans()):
        data["roles"].append({"code": "hukum", "name": "Hukum", "min_education": "S3"})
        for c in data["cooperatives"]:
            if draw(st.booleans()):
                c["demand"]["hukum"] = draw(st.integers(1, 2))
    if draw(st.booleans()):
        planted_at = Counter(a.cooperative_id for a in planted.planted)
        c = draw(st.sampled_from(data["cooperatives"]))
        c["max_officers"] = max(planted_at[c["id"]], c.get("min_officers", 0), 1)
    if draw(st.booleans()):
        data["policy"]["cross_kabupaten"] = True
    return Scenario.model_validate(data)


# --- (a) by hand ------------------------------------------------------------------------------


def test_an_unreachable_kecamatan_is_left_out_and_the_tier_still_decides() -> None:
    # o1, o2 live in A1; k1 (A1) wants a manajer and a keuangan, k2 (B1) a manajer, k3 (C1)
    # a manajer. C is adjacent to nobody and 55.6 km from B1, 88.9 km from A1 (radius
    # 30 km): no officer can reach k3, R_C = 0, Gamma is unreachable and left out.
    # R_A = 2, R_B = 1 (o1, o2 reach B1 as an adjacent kecamatan).
    # Locality first: both in k1 (locality 8), B empty: fairness min(1000, 0) = 0.
    # Fairness before locality: A 1/2 -> 500, B 1/1 -> 1000: fairness 500, locality 5.
    # Counting Gamma's slot as before, every plan had fairness 0 and the tier said nothing.
    officers = [officer("o1", A1), officer("o2", A1)]
    coops = [coop("k1", A1, manajer=1, keuangan=1), coop("k2", B1), coop("k3", C1)]
    default = solved(region(officers, coops))
    assert tiers(default)["locality"] == 8
    assert tiers(default)["fairness"] == 0
    policy = {"objective": {"tiers": ["coverage", "fairness", "locality", "travel"]}}
    scenario = region(officers, coops, policy=policy)
    fair = solved(scenario)
    assert tiers(fair)["fairness"] == 500
    assert tiers(fair)["locality"] == 5
    assert fair.tier("fairness").proven  # type: ignore[union-attr]
    assert CheckContext(scenario).district_reach == {"64.08.01": 2, "64.08.02": 1, "64.08.03": 0}
    why = explain(scenario, fair)
    fairness = next(t for t in why.tiers if t.name == "fairness")
    assert fairness.value == 500
    assert fairness.text_en.endswith(
        "left out as unreachable, no eligible officer can reach any of its slots: Gamma."
    )
    assert "tak terjangkau" in fairness.text_id
    assert fairness.text_id.endswith(": Gamma.")
    gamma = next(k for k in why.breakdown if k.kecamatan_name == "Gamma")
    assert (gamma.open, gamma.reachable, gamma.fairness) == (1, 0, None)
    assert "none within reach" in gamma.text_en


def test_fairness_divides_by_the_slots_officers_can_fill() -> None:
    # k1 (A1) asks for a manajer and a keuangan, but o1 and o2 (A1) may only be manajer:
    # R(k1) = min(3, min(1, 2) + min(1, 0)) = 1. k2 (B1) asks for one manajer, R = 1.
    # o1 -> k1 and o2 -> k2 (or the other way): A 1/1, B 1/1 -> fairness 1000, where
    # dividing by the open slots gave 500 for every plan.
    manajer = {"skills": ["manajer"]}
    officers = [officer("o1", A1, **manajer), officer("o2", A1, **manajer)]
    scenario = region(officers, [coop("k1", A1, manajer=1, keuangan=1), coop("k2", B1)])
    plan = solved(scenario)
    assert tiers(plan)["fairness"] == 1000
    assert build_candidates(scenario).cooperative_reach.tolist() == [1, 1]
    row = next(k for k in explain(scenario, plan).breakdown if k.kecamatan_name == "Alpha")
    assert (row.filled, row.open, row.reachable, row.fairness) == (1, 2, 1, 1000)
    assert "1 within reach of an eligible officer" in row.text_en


def test_reach_counts_officers_per_role_and_stops_at_the_cap() -> None:
    # k1 (A2) asks for 2 manajer and 1 keuangan: o1 (A1, kecamatan tier) may be both, o2
    # (B1, adjacent) keuangan only, o3 (C1, out of reach) both. n(k1, manajer) = 1,
    # n(k1, keuangan) = 2: R = min(1, 2) + min(1, 1) = 2 under the default cap of 3, and 1
    # when the cooperative may take one officer.
    officers = [
        officer("o1", A1),
        officer("o2", B1, skills=["keuangan"]),
        officer("o3", C1),
    ]
    scenario = region(officers, [coop("k1", A2, manajer=2, keuangan=1)])
    assert cooperative_reach(CheckContext(scenario)) == {"k1": 2}
    assert build_candidates(scenario).cooperative_reach.tolist() == [2]
    capped = region(officers, [coop("k1", A2, manajer=2, keuangan=1, max_officers=1)])
    assert cooperative_reach(CheckContext(capped)) == {"k1": 1}
    assert build_candidates(capped).cooperative_reach.tolist() == [1]
    # A forbid for o2 at k1 (every role) leaves keuangan to o1 alone: still 2.
    forbidden = region(
        officers,
        [coop("k1", A2, manajer=2, keuangan=1)],
        forbids=[{"officer": "o2", "cooperative": "k1"}],
    )
    assert cooperative_reach(CheckContext(forbidden)) == {"k1": 2}
    # ... and with o1 barred from keuangan too, only o1's manajer slot is left: 1.
    forbidden = region(
        officers,
        [coop("k1", A2, manajer=2, keuangan=1)],
        forbids=[
            {"officer": "o2", "cooperative": "k1"},
            {"officer": "o1", "cooperative": "k1", "role": "keuangan"},
        ],
    )
    assert cooperative_reach(CheckContext(forbidden)) == {"k1": 1}
    assert build_candidates(forbidden).cooperative_reach.tolist() == [1]


def test_radius_reach_uses_the_travel_table_and_the_grid() -> None:
    # Only the radius tier allowed. o1 at B1 is 33.4 km from A1: out at 30 km, in at 40 km;
    # a travel entry of 20 min (limit 45 min: 30 km at 40 km/h) brings it in at 30 km, one
    # of 70 min (limit 60 min at 40 km) keeps it out at 40 km.
    radius_only = {"allowed_tiers": ["radius"]}
    officers = [officer("o1", B1)]
    coops = [coop("k1", A1)]

    def reach(policy: dict[str, Any], travel: list[dict[str, Any]] | None = None) -> int:
        scenario = region(officers, coops, policy={**radius_only, **policy}, travel=travel)
        found = cooperative_reach(CheckContext(scenario))["k1"]
        assert build_candidates(scenario).cooperative_reach.tolist() == [found]
        return found

    assert reach({"radius_km": 30.0}) == 0
    assert reach({"radius_km": 40.0}) == 1
    near = [{"origin": "o1", "village": A1, "minutes": 20.0}]
    far = [{"origin": B1, "village": A1, "minutes": 70.0}]
    assert reach({"radius_km": 30.0}, near) == 1
    assert reach({"radius_km": 40.0}, far) == 0


# --- (b) every form agrees ----------------------------------------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(scenario=reach_regions(), data=st.data())
def test_candidates_checker_and_model_agree_on_reach_and_fairness(
    scenario: Scenario, data: st.DataObject
) -> None:
    candidates = build_candidates(scenario)
    ctx = CheckContext(scenario)
    reach = cooperative_reach(ctx)
    for j, c in enumerate(scenario.cooperatives):
        assert reach.get(c.id, 0) == int(candidates.cooperative_reach[j]), c.id
    codes = [d.code for d in scenario.districts]
    from_candidates = dict(zip(codes, candidates.district_reach.tolist(), strict=True))
    for code, slots in ctx.district_reach.items():
        assert from_candidates[code] == slots
    # any set of rows: the numpy level is the checker's fairness
    n = len(candidates)
    chosen = np.array(data.draw(st.lists(st.booleans(), min_size=n, max_size=n)), dtype=bool)
    rows = np.flatnonzero(chosen).astype(np.int64)
    level = candidates.fairness_level(candidates.district_filled(chosen), SCALE)
    assert level == recompute_tiers(scenario, candidates.to_assignments(rows))["fairness"]
    # a valid plan: the CP-SAT model's fairness variable, maximised with every row fixed
    valid = greedy_valid(candidates, data.draw(st.permutations(range(n))))
    if valid is not None:
        expected = recompute_tiers(scenario, candidates.to_assignments(valid))["fairness"]
        assert model_fairness(scenario, candidates, valid) == expected


def greedy_valid(candidates: Candidates, order: list[int]) -> np.ndarray | None:
    """A plan of the rows in ``order`` taken while they fit every upper limit; None when
    it breaks a rule all the same (a minimum or a lock not met)."""
    counts = candidates.rules.counts()
    taken = []
    for row in order:
        if counts.refuses(row) is None:
            counts.take(row)
            taken.append(row)
    rows = np.array(sorted(taken), dtype=np.int64)
    return rows if candidates.rules.holds(rows) else None


def model_fairness(scenario: Scenario, candidates: Candidates, rows: np.ndarray) -> int:
    """The largest value the model's fairness tier takes with exactly ``rows`` chosen."""
    objective = scenario.policy.objective.model_copy(update={"tiers": ["fairness"]})
    only_fairness = scenario.model_copy(
        update={"policy": scenario.policy.model_copy(update={"objective": objective})}
    )
    built = build_model(only_fairness, candidates)
    context = built.context
    chosen = np.zeros(len(candidates), dtype=np.int64)
    chosen[rows] = 1
    for i, value in enumerate(chosen.tolist()):
        context.add_linear(np.array([i]), np.array([1]), value, value)
    context.maximize(built.tiers[0].expression)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    assert solver.solve(context.model) == cp_model.OPTIMAL
    return round(solver.objective_value)


# --- (c) every bound against the optimum by brute force -----------------------------------------


@dataclass(frozen=True)
class Valued:
    """One valid plan of a region: its rows and its tier values."""

    rows: tuple[int, ...]
    values: dict[str, int]


def every_valid_plan(scenario: Scenario, candidates: Candidates) -> list[Valued]:
    """Every set of candidate rows that keeps every hard rule, valued with the checker's
    reachable slots and plain counting (no numpy fairness)."""
    reach = CheckContext(scenario).district_reach
    district = [scenario.village_by_code[c.village].district for c in scenario.cooperatives]
    plans = []
    for size in range(len(candidates) + 1):
        for rows in itertools.combinations(range(len(candidates)), size):
            array = np.array(rows, dtype=np.int64)
            if not candidates.rules.holds(array):
                continue
            filled = Counter(district[int(candidates.cooperative[r])] for r in rows)
            fairness = min(
                (SCALE * filled[k] // slots for k, slots in reach.items() if slots > 0),
                default=SCALE,
            )
            values = {
                "coverage": int(candidates.coverage_weight[array].sum()),
                "locality": int(candidates.locality_weight[array].sum()),
                "travel": int(candidates.travel_minutes[array].sum()),
                "fairness": fairness,
            }
            plans.append(Valued(rows, values))
    return plans


def lexicographic_best(plans: list[Valued], order: list[TierName]) -> Valued:
    def key(plan: Valued) -> tuple[int, ...]:
        return tuple(plan.values[t] if TIER_SENSE[t] == "max" else -plan.values[t] for t in order)

    return max(plans, key=key)


ORDERS: list[list[TierName]] = [
    ["coverage", "locality", "travel", "fairness"],
    ["coverage", "fairness", "locality", "travel"],
    ["fairness", "coverage", "locality", "travel"],
]
WEIGHTS = [
    {"coverage": 1_000_000, "locality": 1_000, "travel": -1, "fairness": 10},
    {"coverage": 10, "locality": 1, "travel": -1, "fairness": 5},
]


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(scenario=reach_regions(max_officers=7), early=st.sampled_from([None, 0.02]))
def test_every_fairness_bound_holds_against_brute_force(
    scenario: Scenario, early: float | None
) -> None:
    candidates = build_candidates(scenario)
    assume(4 <= len(candidates) <= 13)
    plans = every_valid_plan(scenario, candidates)
    assume(plans)
    event(f"{len(candidates) // 4 * 4}+ candidates")
    most_fair = max(p.values["fairness"] for p in plans)
    assert fairness_bound(candidates) >= most_fair
    keywords: dict[str, Any] = {"time_limit": early or 10.0, "workers": 1}
    for order in ORDERS:
        lexicographic = scenario.with_policy(objective={"tiers": order})
        plan = solve(lexicographic, **keywords)
        assert check(lexicographic, plan) == []
        assert_honest_lexicographic(plan, lexicographic_best(plans, order).values)
    for weights in WEIGHTS:
        weighted = scenario.with_policy(objective={"mode": "weighted", "weights": weights})
        best = max(sum(weights[t] * p.values[t] for t in weights) for p in plans)
        plan = solve(weighted, **keywords)
        assert check(weighted, plan) == []
        assert plan.objective is not None
        assert plan.objective <= best
        if plan.best_bound is not None:
            assert plan.best_bound >= best
        if plan.status is Status.OPTIMAL:
            assert plan.objective == best
    # the relaxation's fairness search, from the best plan of the folded tiers
    folded: list[TierName] = ["coverage", "locality", "travel"]
    relaxation = flow.relax(candidates, folded)
    assert relaxation is not None
    incumbent = lexicographic_best(plans, folded)
    worth = int(relaxation.benefit[list(incumbent.rows)].sum())
    as_good = [p for p in plans if int(relaxation.benefit[list(p.rows)].sum()) >= worth]
    rows = np.array(incumbent.rows, dtype=np.int64)
    level, reached = flow.fairest_rows(candidates, relaxation.benefit, rows, SCALE, SCALE)
    assert level >= max(p.values["fairness"] for p in as_good)
    assert candidates.fairness_level(candidates.district_filled(reached), SCALE) >= level


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(scenario=reach_regions(max_officers=5))
def test_the_highs_reference_reaches_the_brute_force_optimum(scenario: Scenario) -> None:
    pytest.importorskip("highspy")
    from benchmarks.methods import highs, highs_lexicographic

    candidates = build_candidates(scenario)
    assume(4 <= len(candidates) <= 12)
    plans = every_valid_plan(scenario, candidates)
    # fairness first: HiGHS's first stage maximises its own fairness rows over every plan
    # (later stages are left out: they start from the stage before, see the report)
    first = scenario.with_policy(objective={"tiers": ["fairness", "coverage", "locality"]})
    stages = highs_lexicographic.run(first, 30).extra["stages"]
    most_fair = max(p.values["fairness"] for p in plans)
    if stages[0]["tiers"] == ["fairness"]:
        assert stages[0]["status"] == "Optimal"
        assert round(stages[0]["objective"]) == most_fair
    else:  # no kecamatan with reachable slots: every plan has 1000
        assert most_fair == SCALE
    weights = WEIGHTS[1]
    weighted = scenario.with_policy(objective={"mode": "weighted", "weights": weights})
    best = max(sum(weights[t] * p.values[t] for t in weights) for p in plans)
    assert highs.run(weighted, 30).plan.objective == best


# --- decomposition ------------------------------------------------------------------------------


@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(scenario=reach_regions(max_officers=6, far=False), reachable=st.booleans())
def test_merged_fairness_is_the_least_part_and_a_vacant_reachable_part_makes_it_zero(
    scenario: Scenario, reachable: bool
) -> None:
    # kabupaten 64.08 and its twin 64.09, two parts
    twins = twin_kabupaten(scenario.with_policy(cross_kabupaten=False))
    if not reachable:  # the twin kabupaten keeps its slots but loses every officer
        officers = [o for o in twins.officers if not o.work_district.startswith("64.09.")]
        twins = twins.model_copy(update={"officers": officers})
    parts = split(twins)
    plans = [
        solve(sub_scenario(twins, [p], f"part {i}"), time_limit=5) for i, p in enumerate(parts)
    ]
    assume(all(p.status in (Status.OPTIMAL, Status.FEASIBLE) for p in plans))
    whole = merge(twins, plans, [], [], 0.0, **MERGE)
    assert check(twins, whole) == []
    assert whole.tier("fairness").value == min(p.tier("fairness").value for p in plans)  # type: ignore[union-attr]
    # one part left vacant (not solved in time): 0 when it has reachable slots
    vacant = [j for p in parts[1:] for j in p.cooperatives]
    left = merge(twins, plans[:1], vacant, [], 0.0, **MERGE)
    if left.status is Status.FEASIBLE:
        assert check(twins, left) == []
        reach = build_candidates(sub_scenario(twins, parts[1:], "rest")).cooperative_reach
        first = plans[0].tier("fairness").value  # type: ignore[union-attr]
        assert left.tier("fairness").value == (0 if reach.any() else first)  # type: ignore[union-attr]


MERGE: dict[str, Any] = {"time_limit": 5.0, "seed": 0, "workers": 1, "parameters": {}, "parts": 2}


# --- helpers ------------------------------------------------------------------------------------


def solved(scenario: Scenario) -> Plan:
    plan = solve(scenario, time_limit=10, workers=1)
    assert check(scenario, plan) == []
    return plan


def tiers(plan: Plan) -> dict[str, int]:
    return {t.name: t.value for t in plan.tiers}
