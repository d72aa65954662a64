"""Scenario planning: edits, compare, replan, recommend, tradeoff (issue 5)."""

from __future__ import annotations

import importlib
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from koperasi_alloc.candidates import build_candidates
from koperasi_alloc.check import check, recompute_tiers
from koperasi_alloc.plan import Plan, PlanAssignment, Status
from koperasi_alloc.planning import (
    compare,
    edits,
    recommend,
    replan,
    replan_scenario,
    still_valid_plan,
    tradeoff,
)
from koperasi_alloc.scenario import LocalityTier, Scenario
from koperasi_alloc.solver import solve
from koperasi_alloc.synth import generate
from tests import tiny
from tests.planted import PlantedRegion, planted_regions

replan_module = importlib.import_module("koperasi_alloc.planning.replan")
LINEAR = ("coverage", "locality", "travel")


def _scenario() -> Scenario:
    return tiny.region(
        [
            tiny.officer("o1", tiny.A1),
            tiny.officer("o2", tiny.A2),
            tiny.officer("o3", tiny.B1),
        ],
        [tiny.coop("k1", tiny.A1), tiny.coop("k2", tiny.B1, keuangan=1)],
        locks=[{"officer": "o1", "cooperative": "k1"}],
    )


def _plan(*triples: tuple[str, str, str]) -> Plan:
    return Plan(
        status=Status.FEASIBLE,
        assignments=[
            PlanAssignment(
                officer_id=o,
                cooperative_id=c,
                role=r,
                tier=LocalityTier.VILLAGE,
                distance_km=0.0,
                travel_minutes=0,
            )
            for o, c, r in triples
        ],
    )


def _linear(scenario: Scenario, plan: Plan) -> tuple[int, ...]:
    values = recompute_tiers(scenario, plan.assignments)
    return (values["coverage"], values["locality"], -values["travel"])


# --- edits -----------------------------------------------------------------------------------


def test_edits_return_new_validated_scenarios_and_never_mutate() -> None:
    scenario = _scenario()
    before = scenario.model_dump_json()
    variants = [
        scenario.with_policy(radius_km=45.0),
        scenario.with_policy(objective={"tiers": ["coverage", "travel"]}),
        scenario.with_officers_unavailable(["o1"]),
        scenario.without_officers(["o2"]),
        scenario.with_cooperatives([tiny.coop("k3", tiny.C1)]),
        scenario.with_legal_entity(["k2"], False),
        scenario.with_agency_caps({"DINAS": 2}),
        scenario.with_agency_caps({"DINAS": 0.5}),
        scenario.with_baseline([]),
        edits.scale_release(scenario, 0.1),
        edits.with_locks(scenario, [{"officer": "o3", "cooperative": "k2"}]),
    ]
    assert scenario.model_dump_json() == before
    for variant in variants:
        assert variant is not scenario
        assert Scenario.model_validate(variant.model_dump()) == variant
    assert variants[0].policy.radius_km == 45.0
    assert variants[1].policy.objective.tiers == ["coverage", "travel"]
    assert not variants[2].officer_by_id["o1"].available
    assert variants[2].locks == []
    assert "o2" not in variants[3].officer_by_id
    assert variants[4].cooperatives[-1].id == "k3"
    assert not variants[5].cooperative_by_id["k2"].legal_entity
    assert variants[6].agencies[0].release_cap == 2
    assert variants[7].agencies[0].release_cap == 50
    assert variants[9].agencies[0].release_cap == 10  # uncapped: headcount 100 x 0.1
    assert scenario.with_policy(radius_km=45.0) == edits.with_policy(scenario, radius_km=45.0)


def test_edits_validate_and_reject_unknown_names() -> None:
    scenario = _scenario()
    with pytest.raises(ValidationError):
        scenario.with_policy(max_officers_per_cooperative=0)  # demand now exceeds capacity
    with pytest.raises(ValidationError):
        scenario.with_policy(radius_km=-1.0)
    with pytest.raises(ValidationError):
        scenario.with_cooperatives([tiny.coop("k9", "64.08.09.2001")])  # unknown village
    with pytest.raises(KeyError):
        scenario.with_policy(radius=3.0)
    with pytest.raises(KeyError):
        scenario.without_officers(["nobody"])
    with pytest.raises(KeyError):
        scenario.with_legal_entity(["nowhere"])


# --- compare ---------------------------------------------------------------------------------


def test_compare_reports_exactly_the_moves() -> None:
    scenario = tiny.region(
        [tiny.officer(f"o{i}", tiny.A1, max_cooperatives=2) for i in range(1, 6)],
        [
            tiny.coop("k1", tiny.A1, manajer=1, keuangan=1),
            tiny.coop("k2", tiny.A2, manajer=1),
            tiny.coop("k3", tiny.B1, manajer=1),
        ],
    ).without_officers(["o5"])
    a = _plan(
        ("o1", "k1", "manajer"),  # moves to k2
        ("o2", "k1", "keuangan"),  # changes role in k1
        ("o3", "k2", "manajer"),  # removed
        ("o4", "k3", "manajer"),  # kept
        ("o5", "k3", "manajer"),  # officer gone
    )
    b = _plan(
        ("o1", "k2", "manajer"),
        ("o2", "k1", "manajer"),
        ("o4", "k3", "manajer"),
        ("o3", "k1", "keuangan"),
    )
    diff = compare(a, b, scenario)
    moves = {
        (m.officer_id, m.kind, m.from_cooperative, m.from_role, m.to_cooperative, m.to_role)
        for m in diff.moves
    }
    assert moves == {
        ("o1", "moved", "k1", "manajer", "k2", "manajer"),
        ("o2", "role_changed", "k1", "keuangan", "k1", "manajer"),
        ("o3", "moved", "k2", "manajer", "k1", "keuangan"),
        ("o5", "removed", "k3", "manajer", None, None),
    }
    assert (diff.kept, diff.added, diff.dropped) == (1, 3, 4)
    assert next(m for m in diff.moves if m.officer_id == "o5").reason == "officer_removed"
    slots = {(s.cooperative_id, s.role, s.filled_a, s.filled_b) for s in diff.slots}
    assert slots == {("k3", "manajer", 2, 1)}
    by_kec = {k.kecamatan: (k.filled_a, k.filled_b) for k in diff.kecamatan}
    assert by_kec == {tiny.A: (3, 3), tiny.B: (2, 1), tiny.C: (0, 0)}
    # under the new scenario o5 no longer exists, so A's coverage counts 4 assignments too
    assert {t.name: t.delta for t in diff.tiers}["coverage"] == 0
    assert len(diff.to_frame("moves")) == 4
    assert "moves" in diff.summary()
    plain = compare(a, b)
    assert all(m.reason is None for m in plain.moves)
    assert len(plain.kecamatan) == 0


# --- replan ----------------------------------------------------------------------------------


def _exact_moves(before: Plan, after: Plan, scenario: Scenario) -> None:
    """compare accounts for every dropped and every new assignment exactly once."""
    diff = compare(before, after, scenario)
    old = {(a.officer_id, a.cooperative_id, a.role) for a in before.assignments}
    new = {(a.officer_id, a.cooperative_id, a.role) for a in after.assignments}
    froms = [
        (m.officer_id, m.from_cooperative, m.from_role)
        for m in diff.moves
        if m.from_cooperative is not None
    ]
    tos = [(m.officer_id, m.to_cooperative, m.to_role) for m in diff.moves if m.to_cooperative]
    assert sorted(froms) == sorted(old - new)
    assert sorted(tos) == sorted(new - old)
    assert all(m.reason is not None for m in diff.moves)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(region=planted_regions(max_officers=9, max_villages=5), data=st.data())
def test_replan_keeps_every_still_valid_assignment_unless_coverage_improves(
    region: PlantedRegion, data: st.DataObject
) -> None:
    scenario = region.scenario
    base = solve(scenario, time_limit=5, workers=1)
    assume(base.status is Status.OPTIMAL and base.assignments)
    placed = sorted({a.officer_id for a in base.assignments})
    gone = data.draw(st.lists(st.sampled_from(placed), min_size=1, max_size=3, unique=True))
    changed = scenario.without_officers(gone)
    new = replan(changed, base, time_limit=5, workers=1)
    target = replan_scenario(changed, base)
    assume(new.status in (Status.OPTIMAL, Status.FEASIBLE))
    assert check(target, new) == []
    kept = still_valid_plan(target, base)
    valid = {
        (a.officer_id, a.cooperative_id, a.role)
        for a in base.assignments
        if a.officer_id not in gone
    }
    new_set = {(a.officer_id, a.cooperative_id, a.role) for a in new.assignments}
    if kept is not None:
        assert {(a.officer_id, a.cooperative_id, a.role) for a in kept.assignments} == valid
        coverage = recompute_tiers(target, new.assignments)["coverage"]
        floor = recompute_tiers(target, kept.assignments)["coverage"]
        assert coverage >= floor  # never worse on tier 1 than the still-valid baseline
        if new.status is Status.OPTIMAL and coverage == floor:
            assert valid <= new_set
    _exact_moves(base, new, changed)
    diff = compare(base, new, changed)
    for move in diff.moves:
        if move.from_cooperative is not None and move.officer_id in gone:
            assert move.reason == "officer_removed"


def test_replan_falls_back_to_the_still_valid_baseline(monkeypatch: pytest.MonkeyPatch) -> None:
    scenario = _scenario()
    base = solve(scenario, time_limit=5, workers=1)
    assert base.status is Status.OPTIMAL
    solver = importlib.import_module("koperasi_alloc.solver")
    monkeypatch.setattr(
        solver, "solve", lambda *args, **kwargs: Plan(status=Status.NO_SOLUTION_IN_TIME)
    )
    changed = scenario.without_officers(["o3"])
    new = replan(changed, base, time_limit=0.1)
    target = replan_scenario(changed, base)
    assert new.status is Status.FEASIBLE
    assert check(target, new) == []
    assert {a.officer_id for a in new.assignments} == {"o1"}
    assert new.message is not None
    assert "still-valid" in new.message


def test_replan_honours_max_changes_and_reports_new_cooperatives() -> None:
    scenario = tiny.region(
        [tiny.officer(f"o{i}", tiny.A1) for i in range(4)],
        [
            tiny.coop("k1", tiny.A1, manajer=1, keuangan=1),
            tiny.coop("k2", tiny.A2, manajer=1, keuangan=1, legal_entity=False),
        ],
    )
    base = solve(scenario, time_limit=5, workers=1)
    assert base.filled == 2
    wave = scenario.with_legal_entity(["k2"])
    new = replan(wave, base, max_changes=1, time_limit=5, workers=1)
    target = replan_scenario(wave, base, max_changes=1)
    assert check(target, new) == []
    assert new.filled == 3
    diff = compare(base, new, wave)
    assert [m.reason for m in diff.moves] == ["new_cooperative_staffed"]
    assert diff.kept == 2


# --- recommend -------------------------------------------------------------------------------


@st.composite
def exact_regions(draw: st.DrawFn) -> Scenario:
    """Tiny regions whose flow network is exact: no hours, minimums, locks or caps."""
    villages = [tiny.A1, tiny.A2, tiny.B1, tiny.C1]
    coops = [
        tiny.coop(
            f"k{i}",
            v,
            manajer=draw(st.integers(0, 1)),
            keuangan=draw(st.integers(0, 1)),
            priority=draw(st.integers(1, 5)),
        )
        for i, v in enumerate(villages)
        if draw(st.booleans()) or i == 0
    ]
    for coop in coops:
        if not coop["demand"] or not any(coop["demand"].values()):
            coop["demand"] = {"manajer": 1}
    officers = [
        tiny.officer(
            f"o{i}",
            draw(st.sampled_from(villages)),
            employment=draw(st.sampled_from(["PNS", "PPPK"])),
            skills=draw(st.sampled_from([["manajer"], ["keuangan"], ["manajer", "keuangan"]])),
            max_cooperatives=draw(st.sampled_from([1, 1, 2])),
        )
        for i in range(draw(st.integers(2, 7)))
    ]
    radius = draw(st.sampled_from([10.0, 40.0, 100.0]))
    return tiny.region(officers, coops, policy={"radius_km": radius})


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenario=exact_regions(), data=st.data())
def test_recommend_agrees_with_brute_force_resolve(scenario: Scenario, data: st.DataObject) -> None:
    plan = solve(scenario, time_limit=5, workers=1)
    assume(plan.status is Status.OPTIMAL)
    candidates = build_candidates(scenario)
    slots = sorted(
        {
            (scenario.cooperatives[c].id, candidates.role_codes[r])
            for c, r in zip(candidates.cooperative.tolist(), candidates.role.tolist(), strict=True)
        }
    )
    assume(slots)
    coop, role = data.draw(st.sampled_from(slots))
    in_slot = {a.officer_id for a in plan.assignments if (a.cooperative_id, a.role) == (coop, role)}
    officers = sorted(
        {
            scenario.officers[o].id
            for o, c, r in zip(
                candidates.officer.tolist(),
                candidates.cooperative.tolist(),
                candidates.role.tolist(),
                strict=True,
            )
            if scenario.cooperatives[c].id == coop and candidates.role_codes[r] == role
        }
        - in_slot
    )
    recs = recommend(scenario, plan, cooperative=coop, role=role, top_k=len(officers) + 1)
    base = _linear(scenario, plan)
    brute: dict[str, tuple[int, ...]] = {}
    for officer in officers:
        locked = edits.with_locks(
            scenario, [{"officer": officer, "cooperative": coop, "role": role}]
        )
        best = solve(locked, time_limit=5, workers=1)
        if best.status is Status.OPTIMAL:
            brute[officer] = _linear(scenario, best)
    assert {r.officer_id for r in recs} == set(brute)
    if not recs:
        return
    assert brute[recs[0].officer_id] == max(brute.values())
    for rec in recs:
        # each recommendation's change is exactly what the best plan with it reaches
        assert rec.method == "chain"
        got = (rec.coverage_delta, rec.locality_delta, -rec.travel_delta)
        assert tuple(b + d for b, d in zip(base, got, strict=True)) == brute[rec.officer_id]
        after = {(a.officer_id, a.cooperative_id, a.role) for a in plan.assignments}
        for change in rec.changes:
            triple = (change.officer_id, change.cooperative_id, change.role)
            if change.action == "joins":
                after.add(triple)
            else:
                after.remove(triple)
        assert (rec.officer_id, coop, role) in after


def test_recommend_reports_displacement_and_vacancy() -> None:
    # o1 may serve k1 (priority 5) or k2 (priority 1); o2 only k2 (same village).
    scenario = tiny.region(
        [tiny.officer("o1", tiny.A1), tiny.officer("o2", tiny.A2, employment="PNS")],
        [tiny.coop("k1", tiny.A1, priority=5), tiny.coop("k2", tiny.A2, priority=1)],
        policy={"allowed_tiers": ["village"]},
    )
    plan = solve(scenario, time_limit=5, workers=1)
    assert plan.status is Status.OPTIMAL
    assert plan.filled == 2
    # nobody but o2 can serve k2 and it is full: no recommendation for k2
    assert recommend(scenario, plan, cooperative="k2") == []
    wider = scenario.with_policy(allowed_tiers=["village", "kecamatan"])
    plan = solve(wider, time_limit=5, workers=1)
    recs = recommend(wider, plan, cooperative="k1", top_k=5)
    assert [r.officer_id for r in recs] == ["o2"]
    (rec,) = recs
    assert rec.displaces == ["o1"]
    assert rec.leaves == "k2/manajer"
    # the best chain swaps the two: coverage unchanged, locality lower
    assert rec.coverage_delta == 0
    assert rec.locality_delta < 0
    assert rec.vacancies_created == []
    by_officer = recommend(wider, plan, officer="o1")
    assert [(r.cooperative_id, r.role) for r in by_officer] == [("k2", "manajer")]
    with pytest.raises(ValueError, match="either"):
        recommend(wider, plan)


def test_recommend_on_kutai_timur_is_ranked_and_keeps_every_rule() -> None:
    scenario = generate("kutai-timur", 0, scarcity=0.3)
    plan = solve(scenario, time_limit=2, workers=2)
    assert plan.status in (Status.OPTIMAL, Status.FEASIBLE)
    coop = max(scenario.cooperatives, key=lambda c: sum(c.demand.values())).id
    recs = recommend(scenario, plan, cooperative=coop, top_k=5)
    assert 0 < len(recs) <= 5
    tiers = scenario.objective_tiers()
    keys = [tuple(-r.deltas[n] if n == "travel" else r.deltas[n] for n in tiers) for r in recs]
    assert keys == sorted(keys, reverse=True)
    for rec in recs:  # every recommendation keeps every hard rule
        after = {(a.officer_id, a.cooperative_id, a.role): a for a in plan.assignments}
        assignments: dict[tuple[str, str, str], Any] = dict(after)
        candidates = build_candidates(scenario)
        lookup = {
            (scenario.officers[o].id, scenario.cooperatives[c].id, candidates.role_codes[r]): i
            for i, (o, c, r) in enumerate(
                zip(
                    candidates.officer.tolist(),
                    candidates.cooperative.tolist(),
                    candidates.role.tolist(),
                    strict=True,
                )
            )
        }
        for change in rec.changes:
            key = (change.officer_id, change.cooperative_id, change.role)
            if change.action == "leaves":
                del assignments[key]
            else:
                assignments[key] = lookup[key]
        rows = [v if isinstance(v, int) else lookup[k] for k, v in assignments.items()]
        import numpy as np

        plan_after = replan_module.plan_from_rows(candidates, np.array(rows))
        assert check(scenario, plan_after) == []


# --- tradeoff --------------------------------------------------------------------------------


def test_tradeoff_has_a_row_per_value_and_radius_is_monotone() -> None:
    scenario = tiny.region(
        [tiny.officer(f"o{i}", tiny.A1) for i in range(3)],
        [
            tiny.coop("k1", tiny.A2),
            tiny.coop("k2", tiny.B1),
            tiny.coop("k3", tiny.C1),
        ],
        policy={"allowed_tiers": ["village", "radius"]},
    )
    values = [1.0, 10.0, 40.0, 100.0]
    curve = tradeoff(scenario, vary="radius_km", values=values, time_limit=5, workers=1)
    assert [row.value for row in curve.rows] == values
    assert all(row.status == "OPTIMAL" for row in curve.rows)
    filled = [row.filled for row in curve.rows]
    assert filled == sorted(filled)
    assert filled[0] == 0
    assert filled[-1] == 3
    wide = scenario.with_policy(radius_km=100.0)
    caps = tradeoff(wide, vary="release_fraction", values=[0.0, 0.01, 1.0], workers=1)
    assert [row.filled for row in caps.rows] == [0, 1, 3]
    assert len(curve.to_frame()) == 4
    with pytest.raises(ValueError, match="cannot vary"):
        tradeoff(scenario, vary="no_such_setting", values=[1])


def test_pictures_draw(tmp_path: Any) -> None:
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg")
    from koperasi_alloc.explain import explain
    from koperasi_alloc.plots import plot_map, plot_shortages

    scenario = _scenario()
    plan = solve(scenario, time_limit=5, workers=1)
    ax = plot_map(scenario, plan)
    assert len(ax.collections) >= 3
    ax.figure.savefig(tmp_path / "map.png")
    ax = plot_shortages(explain(scenario, plan))
    ax.figure.savefig(tmp_path / "shortages.png")
    ax = plot_shortages(scenario)
    curve = tradeoff(scenario, vary="radius_km", values=[5.0, 50.0], workers=1)
    ax = curve.plot()
    ax.figure.savefig(tmp_path / "tradeoff.png")
    assert (tmp_path / "map.png").stat().st_size > 1000
