"""Tests of the independent checker ``koperasi_alloc.check``.

Every number below is worked out by hand from the tiny scenario built in :func:`base_data`.

Geometry used throughout: every pair of points that matters lies on the equator or on one
meridian, so the haversine distance is exactly ``R * radians(delta)``, i.e.
``KM_PER_DEG * delta`` with ``R = 6371.0088`` km and ``KM_PER_DEG = 111.19508`` km.

    kecamatan (seat)               villages (lat, lon)                 status
    K1 64.08.01 (0, 117.0)         V11 64.08.01.2001 (0.0, 117.0)      sangat_tertinggal (5)
                                   V12 64.08.01.2002 (0.1, 117.0)      maju (2)
    K2 64.08.02 (0, 117.5)         V21 64.08.02.2001 (0.0, 117.5)      none (default 3)
    K3 64.08.03 (0.2, 117.0)       V31 64.08.03.2001 (0.2, 117.0)      mandiri (1)
                                   V32 64.08.03.2002 (1.0, 117.0)      none
    K4 64.09.01 (0, 116.9)         V41 64.09.01.2001 (0.0, 116.9)      none  (other kabupaten)

    adjacency (given): K1-K2 only.

    cooperatives            village  demand                  notes
    KDMP-1                  V11      manajer 1, keuangan 1   priority from status: 5
    KDMP-2                  V21      keuangan 1              status unknown: default 3
    KDMP-3                  V31      keuangan 1              no legal entity: 0 eligible slots
    KDMP-4                  V12      keuangan 1              own priority 7

    roles: manajer (min S1, 10 h/week), keuangan (policy default 8 h/week).
    agencies: DINAS-A (headcount 10, max_release 1), DINAS-B (headcount 20, no cap).
"""

from __future__ import annotations

import math
import re
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from koperasi_alloc.check import Violation, check, recompute_tiers
from koperasi_alloc.check.geometry import haversine_km
from koperasi_alloc.check.locality import LocalityIndex
from koperasi_alloc.plan import Plan, PlanAssignment, Status, TierValue, Vacancy
from koperasi_alloc.scenario import (
    Assignment,
    LocalityTier,
    Scenario,
)

KM_PER_DEG = 6371.0088 * math.pi / 180  # 111.19508 km per degree of arc
CHECK_DIR = Path(__file__).resolve().parents[1] / "src" / "koperasi_alloc" / "check"

K1, K2, K3, K4 = "64.08.01", "64.08.02", "64.08.03", "64.09.01"
V11, V12, V21, V31, V32, V41 = (
    "64.08.01.2001",
    "64.08.01.2002",
    "64.08.02.2001",
    "64.08.03.2001",
    "64.08.03.2002",
    "64.09.01.2001",
)


def officer(id_: str, **fields: Any) -> dict[str, Any]:
    """An eligible PNS from DINAS-B living in V11 and working in K1, unless told otherwise."""
    data: dict[str, Any] = {
        "id": id_,
        "employment": "PNS",
        "agency": "DINAS-B",
        "domicile": V11,
        "work_district": K1,
        "education": "S1",
        "skills": ["keuangan"],
    }
    data.update(fields)
    return data


def base_data() -> dict[str, Any]:
    return {
        "name": "tiny",
        "districts": [
            {"code": K1, "name": "Satu", "lat": 0.0, "lon": 117.0},
            {"code": K2, "name": "Dua", "lat": 0.0, "lon": 117.5},
            {"code": K3, "name": "Tiga", "lat": 0.2, "lon": 117.0},
            {"code": K4, "name": "Empat", "lat": 0.0, "lon": 116.9},
        ],
        "villages": [
            {
                "code": V11,
                "name": "V11",
                "district": K1,
                "lat": 0.0,
                "lon": 117.0,
                "status": "sangat_tertinggal",
            },
            {
                "code": V12,
                "name": "V12",
                "district": K1,
                "lat": 0.1,
                "lon": 117.0,
                "status": "maju",
            },
            {"code": V21, "name": "V21", "district": K2, "lat": 0.0, "lon": 117.5},
            {
                "code": V31,
                "name": "V31",
                "district": K3,
                "lat": 0.2,
                "lon": 117.0,
                "status": "mandiri",
            },
            {"code": V32, "name": "V32", "district": K3, "lat": 1.0, "lon": 117.0},
            {"code": V41, "name": "V41", "district": K4, "lat": 0.0, "lon": 116.9},
        ],
        "cooperatives": [
            {"id": "KDMP-1", "village": V11, "demand": {"manajer": 1, "keuangan": 1}},
            {"id": "KDMP-2", "village": V21, "demand": {"keuangan": 1}},
            {"id": "KDMP-3", "village": V31, "demand": {"keuangan": 1}, "legal_entity": False},
            {"id": "KDMP-4", "village": V12, "demand": {"keuangan": 1}, "priority": 7},
        ],
        "officers": [
            officer("O1", agency="DINAS-A", skills=["manajer", "keuangan"], max_cooperatives=1),
            officer("O2", employment="PPPK", domicile=V12, education="D3"),
            officer(
                "O3",
                employment="PPPK_PARUH_WAKTU",
                domicile=V12,
                education="D3",
                lat=0.0,
                lon=117.2,
            ),
            officer("O4", agency="DINAS-A"),
            officer("O5", skills=["manajer"]),
            officer("GURU", group="guru"),
            officer("SMA", education="SMA"),
            officer("AWAY", available=False),
            officer("D3M", education="D3", skills=["manajer"]),
            officer("NEAR3", domicile=V31, work_district=K3),
            officer("FAR", domicile=V32, work_district=K3),
            officer("KAB", domicile=V41, work_district=K4),
            officer("WORK1", domicile=V21, work_district=K1),
            officer("WORK2", domicile=V31, work_district=K2),
        ],
        "roles": [
            {"code": "manajer", "name": "Manajer", "min_education": "S1", "weekly_hours": 10},
            {"code": "keuangan", "name": "Keuangan"},
        ],
        "agencies": [
            {"code": "DINAS-A", "name": "Dinas A", "headcount": 10, "max_release": 1},
            {"code": "DINAS-B", "name": "Dinas B", "headcount": 20},
        ],
        "adjacency": [[K1, K2]],
        "travel": [
            # O3 -> V21: the officer's own entry (42.5) beats the domicile's (99).
            {"origin": "O3", "village": V21, "minutes": 42.5},
            {"origin": V12, "village": V21, "minutes": 99.0},
        ],
    }


def make_scenario(policy: dict[str, Any] | None = None, **changes: Any) -> Scenario:
    data = base_data()
    data.update(changes)
    if policy is not None:
        data["policy"] = policy
    return Scenario.model_validate(data)


def pa(
    officer_id: str, cooperative_id: str, role: str, tier: str, km: float, tm: int
) -> PlanAssignment:
    return PlanAssignment(
        officer_id=officer_id,
        cooperative_id=cooperative_id,
        role=role,
        tier=LocalityTier(tier),
        distance_km=km,
        travel_minutes=tm,
    )


# The valid plan, by hand:
#   O1 -> KDMP-1 manajer : village tier, 0 km, 0 min.           priority 5, locality 3
#   O2 -> KDMP-1 keuangan: kecamatan (V12 in K1), 0.1 deg = 11.1195 km,
#                          m = 11.1195 / 40 * 60 = 16.679 -> 17. priority 5, locality 2 + 1
#                          (PPPK working in K1, the cooperative's kecamatan)
#   O3 -> KDMP-2 keuangan: adjacent (work K1 ~ K2), from own lat/lon (0, 117.2) to V21:
#                          0.3 deg = 33.3585 km; travel table (officer id) 42.5 -> 42 (half
#                          to even).                               priority 3, locality 1
#   coverage 5 + 5 + 3 = 13; locality 3 + 3 + 1 = 7; travel 0 + 17 + 42 = 59;
#   fairness: D_K1 = 3 (KDMP-1 2 + KDMP-4 1), F_K1 = 2 -> floor(2000/3) = 666;
#             D_K2 = 1, F_K2 = 1 -> 1000; K3 has no eligible slot -> min 666.
#   vacancies: KDMP-3 keuangan 1 (ineligible, still listed), KDMP-4 keuangan 1.
#   total_slots = 2 + 1 + 0 + 1 = 4.
#   weighted (default weights): 1e6 * 13 + 1e3 * 7 - 59 + 10 * 666 = 13_013_601.
HAND_TIERS = {"coverage": 13, "stability": 0, "locality": 7, "travel": 59, "fairness": 666}
A1 = pa("O1", "KDMP-1", "manajer", "village", 0.0, 0)
A2 = pa("O2", "KDMP-1", "keuangan", "kecamatan", 0.1 * KM_PER_DEG, 17)
A3 = pa("O3", "KDMP-2", "keuangan", "adjacent", 0.3 * KM_PER_DEG, 42)
VALID_VACANCIES = [
    Vacancy(cooperative_id="KDMP-3", role="keuangan", count=1),
    Vacancy(cooperative_id="KDMP-4", role="keuangan", count=1),
]


def tiers_of(values: dict[str, int], proven: bool = True) -> list[TierValue]:
    return [
        TierValue(
            name=name,  # type: ignore[arg-type]
            sense="min" if name == "travel" else "max",
            value=values[name],
            bound=values[name] if proven else None,
            proven=proven,
        )
        for name in ("coverage", "locality", "travel", "fairness")
    ]


def valid_plan(**changes: Any) -> Plan:
    data: dict[str, Any] = {
        "status": Status.OPTIMAL,
        "objective": 13.0,
        "best_bound": 13.0,
        "gap": 0.0,
        "tiers": tiers_of(HAND_TIERS),
        "assignments": [A1, A2, A3],
        "vacancies": VALID_VACANCIES,
        "total_slots": 4,
    }
    data.update(changes)
    return Plan(**data)


def consistent_plan(scenario: Scenario, triples: list[tuple[str, str, str]]) -> Plan:
    """A FEASIBLE plan of ``triples`` whose derived fields are all self-consistent.

    Reported tier/distance/minutes come from the checker's locality (tested on its own by
    hand below), tiers from ``recompute_tiers`` (likewise), vacancies counted here; so the
    only violations such a plan can have are those of the hard rules.
    """
    index = LocalityIndex(scenario)
    coops = {c.id: c for c in scenario.cooperatives}
    officers = {o.id: o for o in scenario.officers}
    assignments = []
    for o, c, r in triples:
        loc = index.of(officers[o], coops[c])
        tier = loc.tier or LocalityTier.RADIUS
        assignments.append(pa(o, c, r, tier.value, loc.distance_km, loc.travel_minutes))
    filled: dict[tuple[str, str], int] = {}
    for _, c, r in triples:
        filled[(c, r)] = filled.get((c, r), 0) + 1
    vacancies = [
        Vacancy(cooperative_id=c.id, role=r, count=d - filled.get((c.id, r), 0))
        for c in scenario.cooperatives
        for r, d in c.demand.items()
        if d - filled.get((c.id, r), 0) > 0
    ]
    slots = sum(
        sum(c.demand.values())
        for c in scenario.cooperatives
        if c.legal_entity or not scenario.policy.legal_entity_only
    )
    values = recompute_tiers(scenario, assignments)
    return Plan(
        status=Status.FEASIBLE,
        objective=float(values[scenario.policy.objective.tiers[0]]),
        objective_mode=scenario.policy.objective.mode,
        tiers=tiers_of(values, proven=False),
        assignments=assignments,
        vacancies=vacancies,
        total_slots=slots,
    )


BASE_TRIPLES = [
    ("O1", "KDMP-1", "manajer"),
    ("O2", "KDMP-1", "keuangan"),
    ("O3", "KDMP-2", "keuangan"),
]


def only(violations: list[Violation], rule: str) -> list[Violation]:
    """Assert every violation is of ``rule`` (and there is one at least); return them."""
    assert violations, f"expected a {rule} violation, got none"
    assert {v.rule for v in violations} == {rule}, [str(v) for v in violations]
    return violations


def find(violations: list[Violation], rule: str, subject: str, pattern: str) -> Violation:
    for v in violations:
        if v.rule == rule and v.subject == subject and re.search(pattern, v.message):
            return v
    raise AssertionError(f"no {rule}/{subject}/{pattern!r} in {[str(v) for v in violations]}")


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return make_scenario()


# --- the valid plan -------------------------------------------------------------------------


def test_valid_plan_has_no_violations(scenario: Scenario) -> None:
    assert check(scenario, valid_plan()) == []
    assert valid_plan().is_valid(scenario)


def test_consistent_plan_helper_is_valid_on_the_base_triples(scenario: Scenario) -> None:
    assert check(scenario, consistent_plan(scenario, BASE_TRIPLES)) == []


def test_violation_str_and_frozen() -> None:
    v = Violation(
        rule="agency_release", subject="agency X", message="5 distinct officers released, cap 4"
    )
    assert str(v) == "agency_release: agency X: 5 distinct officers released, cap 4"
    with pytest.raises(Exception):  # noqa: B017, PT011 - pydantic's frozen error type
        v.rule = "other"  # type: ignore[misc]


# --- geometry and locality, by hand ---------------------------------------------------------


def test_haversine_by_hand() -> None:
    assert haversine_km(0.0, 117.0, 0.1, 117.0) == pytest.approx(11.119508, abs=1e-6)
    assert haversine_km(0.0, 117.0, 0.0, 117.5) == pytest.approx(55.597540, abs=1e-6)
    # quarter of a great circle: pi/2 * R
    assert haversine_km(0.0, 0.0, 90.0, 0.0) == pytest.approx(math.pi / 2 * 6371.0088)
    assert haversine_km(-6.2, 106.8, -6.2, 106.8) == 0.0


def test_locality_of_the_valid_pairs(scenario: Scenario) -> None:
    index = LocalityIndex(scenario)
    o = {x.id: x for x in scenario.officers}
    c = {x.id: x for x in scenario.cooperatives}
    one = index.of(o["O1"], c["KDMP-1"])
    assert (one.tier, one.distance_km, one.travel_minutes) == (LocalityTier.VILLAGE, 0.0, 0)
    two = index.of(o["O2"], c["KDMP-1"])
    assert two.tier == LocalityTier.KECAMATAN
    assert two.minutes == pytest.approx(16.679263, abs=1e-6)
    assert two.travel_minutes == 17
    three = index.of(o["O3"], c["KDMP-2"])
    assert three.tier == LocalityTier.ADJACENT
    assert three.distance_km == pytest.approx(33.358525, abs=1e-6)  # from own lat/lon
    assert three.from_table
    assert (three.minutes, three.travel_minutes) == (42.5, 42)  # officer entry, half to even


def test_kecamatan_and_adjacent_through_work_district(scenario: Scenario) -> None:
    index = LocalityIndex(scenario)
    coop = scenario.cooperative_by_id["KDMP-4"]  # V12 in K1
    # WORK1 lives in K2 (adjacent to K1) but works in K1: kecamatan, not adjacent.
    assert index.of(scenario.officer_by_id["WORK1"], coop).tier == LocalityTier.KECAMATAN
    # WORK2 lives in K3 (adjacent to nothing) but works in K2 (adjacent to K1): adjacent,
    # although V31 is only 0.1 deg = 11.1 km from V12 (radius would also hold).
    assert index.of(scenario.officer_by_id["WORK2"], coop).tier == LocalityTier.ADJACENT
    # NEAR3 lives and works in K3: only the radius tier.
    assert index.of(scenario.officer_by_id["NEAR3"], coop).tier == LocalityTier.RADIUS


def test_travel_table_half_to_even_and_domicile_entry() -> None:
    # NEAR3 (V31, K3) -> KDMP-1 (V11): 0.2 deg = 22.239 km, no tier but radius.
    # Domicile entry V31 -> V11 of 44.5 min: <= 30/40*60 = 45, radius holds, round -> 44.
    s = make_scenario(travel=[{"origin": V31, "village": V11, "minutes": 44.5}])
    loc = LocalityIndex(s).of(s.officer_by_id["NEAR3"], s.cooperative_by_id["KDMP-1"])
    assert (loc.tier, loc.minutes, loc.travel_minutes) == (LocalityTier.RADIUS, 44.5, 44)
    s = make_scenario(travel=[{"origin": V31, "village": V11, "minutes": 45.5}])
    loc = LocalityIndex(s).of(s.officer_by_id["NEAR3"], s.cooperative_by_id["KDMP-1"])
    assert (loc.tier, loc.travel_minutes) == (None, 46)


# --- eligibility ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("triple", "pattern"),
    [
        (("GURU", "KDMP-4", "keuangan"), r"group 'guru' is excluded"),
        (("SMA", "KDMP-4", "keuangan"), r"education SMA is below the policy minimum D3"),
        (("AWAY", "KDMP-4", "keuangan"), r"not available"),
        (("O5", "KDMP-4", "keuangan"), r"lacks skill 'keuangan'"),
        (("NEAR3", "KDMP-3", "keuangan"), r"no legal-entity status"),
        # FAR lives in V32 (1.0, 117.0): 0.9 deg = 100.076 km from V12, no tier holds.
        (("FAR", "KDMP-4", "keuangan"), r"no allowed locality tier .* 100\.076 km"),
    ],
)
def test_ineligible_officer_or_cooperative(
    scenario: Scenario, triple: tuple[str, str, str], pattern: str
) -> None:
    plan = consistent_plan(scenario, [*BASE_TRIPLES, triple])
    violations = only(check(scenario, plan), "eligibility")
    o, c, r = triple
    find(violations, "eligibility", f"officer {o} at cooperative {c} role {r}", pattern)
    assert len(violations) == 1


def test_far_officer_distance_by_hand(scenario: Scenario) -> None:
    # FAR (1.0, 117.0) -> KDMP-4 in V12 (0.1, 117.0): 0.9 deg = 100.0756 km > 30 km.
    loc = LocalityIndex(scenario).of(
        scenario.officer_by_id["FAR"], scenario.cooperative_by_id["KDMP-4"]
    )
    assert loc.tier is None
    assert loc.distance_km == pytest.approx(0.9 * KM_PER_DEG, abs=1e-9)


def test_role_min_education(scenario: Scenario) -> None:
    # D3M has skill manajer but the role needs S1.
    plan = consistent_plan(scenario, [("D3M", "KDMP-1", "manajer"), *BASE_TRIPLES[1:]])
    violations = only(check(scenario, plan), "eligibility")
    find(
        violations,
        "eligibility",
        "officer D3M at cooperative KDMP-1 role manajer",
        r"role 'manajer' needs education S1, officer has D3",
    )


def test_role_not_demanded(scenario: Scenario) -> None:
    plan = consistent_plan(scenario, [*BASE_TRIPLES, ("O5", "KDMP-2", "manajer")])
    violations = check(scenario, plan)
    find(
        violations,
        "eligibility",
        "officer O5 at cooperative KDMP-2 role manajer",
        r"demands 0 slots",
    )
    find(
        violations,
        "slot_capacity",
        "cooperative KDMP-2 role manajer",
        r"1 officers assigned, demand 0",
    )


def test_employment_not_allowed() -> None:
    s = make_scenario(policy={"allowed_employment": ["PPPK", "PPPK_PARUH_WAKTU"]})
    violations = only(check(s, consistent_plan(s, BASE_TRIPLES)), "eligibility")
    find(
        violations,
        "eligibility",
        "officer O1 at cooperative KDMP-1 role manajer",
        r"employment PNS",
    )
    assert len(violations) == 1


def test_cross_kabupaten() -> None:
    # KAB lives in V41 (0, 116.9), kabupaten 64.09; KDMP-4 ... use KDMP-1 in V11 (0, 117.0):
    # 0.1 deg = 11.1195 km <= 30 km, so the radius tier holds, m = 16.68 -> 17 minutes.
    triples = [BASE_TRIPLES[0], ("KAB", "KDMP-1", "keuangan"), BASE_TRIPLES[2]]
    off = make_scenario()
    violations = only(check(off, consistent_plan(off, triples)), "eligibility")
    find(
        violations,
        "eligibility",
        "officer KAB at cooperative KDMP-1 role keuangan",
        r"kabupaten 64\.09.*kabupaten 64\.08.*cross_kabupaten is off",
    )
    on = make_scenario(policy={"cross_kabupaten": True})
    plan = consistent_plan(on, triples)
    assert check(on, plan) == []
    assert plan.assignments[1].tier == LocalityTier.RADIUS
    assert plan.assignments[1].travel_minutes == 17


def test_radius_by_km_and_by_travel_table() -> None:
    # NEAR3 (V31, K3, not adjacent to K1) -> KDMP-4 in V12: 0.1 deg = 11.12 km: radius by km.
    s = make_scenario()
    triples = [*BASE_TRIPLES, ("NEAR3", "KDMP-4", "keuangan")]
    assert check(s, consistent_plan(s, triples)) == []
    # A travel entry of 50 minutes for V31 -> V12 overrides the km: 50 > 45 (30 km at 40 km/h).
    slow = make_scenario(travel=[{"origin": V31, "village": V12, "minutes": 50}])
    violations = only(check(slow, consistent_plan(slow, triples)), "eligibility")
    find(
        violations,
        "eligibility",
        "officer NEAR3 at cooperative KDMP-4 role keuangan",
        r"no allowed locality tier .*50\.0 travel minutes \(travel table\)",
    )
    # ... unless the policy allows 60 minutes for pairs with a table entry.
    lax = make_scenario(
        travel=[{"origin": V31, "village": V12, "minutes": 50}], policy={"max_travel_minutes": 60}
    )
    plan = consistent_plan(lax, triples)
    assert check(lax, plan) == []
    assert plan.assignments[-1].travel_minutes == 50
    # FAR (V32) -> KDMP-4: 100 km, but a table entry by officer id of 40 min <= 45 holds.
    far = make_scenario(travel=[{"origin": "FAR", "village": V12, "minutes": 40}])
    plan = consistent_plan(far, [*BASE_TRIPLES, ("FAR", "KDMP-4", "keuangan")])
    assert check(far, plan) == []
    assert (plan.assignments[-1].tier, plan.assignments[-1].travel_minutes) == ("radius", 40)


def test_adjacent_tier_needs_it_allowed() -> None:
    # Without adjacent, O3 -> KDMP-2 falls to radius: its table entry 42.5 <= 45 holds.
    s = make_scenario(policy={"allowed_tiers": ["village", "kecamatan", "radius"]})
    plan = consistent_plan(s, BASE_TRIPLES)
    assert plan.assignments[2].tier == LocalityTier.RADIUS
    assert check(s, plan) == []
    # ... and the reported "adjacent" of the hand plan is now wrong.
    violations = check(s, valid_plan())
    find(
        violations,
        "eligibility",
        "officer O3 at cooperative KDMP-2 role keuangan",
        r"reported tier adjacent, recomputed radius",
    )
    # Without adjacent and radius, no tier holds.
    s = make_scenario(policy={"allowed_tiers": ["village", "kecamatan"]})
    find(
        check(s, consistent_plan(s, BASE_TRIPLES)),
        "eligibility",
        "officer O3 at cooperative KDMP-2 role keuangan",
        r"no allowed locality tier \(village, kecamatan\) holds",
    )


def test_reported_values_must_match(scenario: Scenario) -> None:
    wrong = [
        A1.model_copy(update={"tier": LocalityTier.KECAMATAN}),
        A2.model_copy(update={"distance_km": A2.distance_km + 1e-3}),
        A3.model_copy(update={"travel_minutes": 43}),
    ]
    violations = only(check(scenario, valid_plan(assignments=wrong)), "eligibility")
    find(
        violations,
        "eligibility",
        "officer O1 at cooperative KDMP-1 role manajer",
        r"reported tier kecamatan, recomputed village",
    )
    find(
        violations,
        "eligibility",
        "officer O2 at cooperative KDMP-1 role keuangan",
        r"reported distance_km .*, recomputed 11\.119508",
    )
    find(
        violations,
        "eligibility",
        "officer O3 at cooperative KDMP-2 role keuangan",
        r"reported travel_minutes 43, recomputed 42",
    )
    assert len(violations) == 3
    # within 1e-6 km is fine
    close = [A1, A2.model_copy(update={"distance_km": A2.distance_km + 5e-7}), A3]
    assert check(scenario, valid_plan(assignments=close)) == []


def test_unknown_ids_are_reported_not_raised(scenario: Scenario) -> None:
    ghost = pa("NOPE", "KDMP-9", "juru", "village", 0.0, 0)
    violations = check(scenario, valid_plan(assignments=[A1, A2, A3, ghost]))
    subject = "officer NOPE at cooperative KDMP-9 role juru"
    find(violations, "eligibility", subject, r"unknown officer id 'NOPE'")
    find(violations, "eligibility", subject, r"unknown cooperative id 'KDMP-9'")
    find(violations, "eligibility", subject, r"unknown role code 'juru'")


def test_check_never_raises_on_a_malformed_plan(scenario: Scenario) -> None:
    broken = Plan.model_construct(
        status=Status.FEASIBLE, assignments=[None], tiers=[42], vacancies=["x"], total_slots="?"
    )
    violations = check(scenario, broken)
    assert violations
    assert all(isinstance(v, Violation) for v in violations)
    assert any("could not be checked" in v.message for v in violations)


# --- capacities -----------------------------------------------------------------------------


def test_slot_capacity(scenario: Scenario) -> None:
    # O4 also as keuangan in KDMP-2 (demand 1): 2 officers.
    s = make_scenario(
        agencies=[
            {"code": "DINAS-A", "name": "Dinas A", "headcount": 10},
            {"code": "DINAS-B", "name": "Dinas B", "headcount": 20},
        ]
    )
    plan = consistent_plan(s, [*BASE_TRIPLES, ("O4", "KDMP-2", "keuangan")])
    violations = check(s, plan)
    v = find(
        violations,
        "slot_capacity",
        "cooperative KDMP-2 role keuangan",
        r"2 officers assigned, demand 1",
    )
    assert v.message == "2 officers assigned, demand 1"
    # KDMP-2 may take 3 officers, so only the slot rule breaks.
    assert {x.rule for x in violations} == {"slot_capacity"}


def test_cooperative_capacity_max(scenario: Scenario) -> None:
    # A scenario can't be *validated* with demand above the cap, so copy one without
    # validation: KDMP-1 capped at 1 while the plan gives it 2.
    coops = [
        c.model_copy(update={"max_officers": 1}) if c.id == "KDMP-1" else c
        for c in scenario.cooperatives
    ]
    capped = scenario.model_copy(update={"cooperatives": coops})
    # the plan's figures from the capped scenario: the cap is part of KDMP-1's reachable
    # slots, which the fairness tier divides by
    violations = only(check(capped, consistent_plan(capped, BASE_TRIPLES)), "cooperative_capacity")
    find(violations, "cooperative_capacity", "cooperative KDMP-1", r"^2 officers assigned, cap 1$")


def test_cooperative_capacity_min() -> None:
    data = base_data()
    data["cooperatives"][3]["min_officers"] = 1
    s = Scenario.model_validate(data)
    violations = only(check(s, consistent_plan(s, BASE_TRIPLES)), "cooperative_capacity")
    find(
        violations, "cooperative_capacity", "cooperative KDMP-4", r"0 officers assigned, at least 1"
    )


def test_officer_capacity_max_cooperatives(scenario: Scenario) -> None:
    # O1 (max_cooperatives 1) in KDMP-1 and KDMP-2 (adjacent kecamatan: eligible).
    plan = consistent_plan(scenario, [*BASE_TRIPLES[:2], ("O1", "KDMP-2", "keuangan")])
    violations = only(check(scenario, plan), "officer_capacity")
    find(violations, "officer_capacity", "officer O1", r"^2 assignments, max_cooperatives 1$")


def test_officer_capacity_one_role_per_cooperative() -> None:
    data = base_data()
    data["officers"][0]["max_cooperatives"] = 2
    s = Scenario.model_validate(data)
    plan = consistent_plan(
        s, [("O1", "KDMP-1", "manajer"), ("O1", "KDMP-1", "keuangan"), BASE_TRIPLES[2]]
    )
    violations = only(check(s, plan), "officer_capacity")
    find(
        violations,
        "officer_capacity",
        "officer O1",
        r"2 assignments to cooperative KDMP-1 \(roles keuangan, manajer\)",
    )


def test_duplicate_assignment(scenario: Scenario) -> None:
    plan = valid_plan(assignments=[A1, A1, A2, A3])
    violations = check(scenario, plan)
    find(violations, "officer_capacity", "officer O1", r"duplicate assignment in role manajer")


def test_weekly_hours_in_integer_minutes() -> None:
    # O2 -> KDMP-1 keuangan: round(8 * 60) + round(2 * 1 * 16.679263) = 480 + 33 = 513.
    # (Rounding the travel first would give 480 + 2 * 17 = 514.)
    data = base_data()
    data["officers"][1]["weekly_hours"] = 8.55  # round(513.0) = 513: fits exactly
    s = Scenario.model_validate(data)
    assert check(s, consistent_plan(s, BASE_TRIPLES)) == []
    data["officers"][1]["weekly_hours"] = 8.5  # 510 minutes
    s = Scenario.model_validate(data)
    violations = only(check(s, consistent_plan(s, BASE_TRIPLES)), "weekly_hours")
    find(violations, "weekly_hours", "officer O2", r"^513 minutes a week .* budget 510 minutes")
    # trips_per_week 2: 480 + round(4 * 16.679263) = 480 + 67 = 547 > 513.
    data["officers"][1]["weekly_hours"] = 8.55
    data["policy"] = {"trips_per_week": 2}
    s = Scenario.model_validate(data)
    find(check(s, consistent_plan(s, BASE_TRIPLES)), "weekly_hours", "officer O2", r"^547 minutes")
    # O1 manajer: the role's own 10 h = 600 minutes, 0 travel; budget 9.99 h = 599.4 -> 599.
    data = base_data()
    data["officers"][0]["weekly_hours"] = 9.99
    s = Scenario.model_validate(data)
    find(
        check(s, consistent_plan(s, BASE_TRIPLES)),
        "weekly_hours",
        "officer O1",
        r"^600 minutes .* budget 599",
    )


def test_agency_release(scenario: Scenario) -> None:
    # DINAS-A may release 1 officer: O1 and O4 are 2.
    plan = consistent_plan(scenario, [*BASE_TRIPLES, ("O4", "KDMP-4", "keuangan")])
    violations = only(check(scenario, plan), "agency_release")
    v = find(violations, "agency_release", "agency DINAS-A", r".")
    assert v.message == "2 distinct officers released, cap 1"


def test_agency_release_counts_distinct_officers_and_fraction() -> None:
    # DINAS-A: fraction 0.15 of 10 = 1.5 -> cap 1; O1 twice still counts once.
    data = base_data()
    data["agencies"][0] = {
        "code": "DINAS-A",
        "name": "A",
        "headcount": 10,
        "max_release_fraction": 0.15,
    }
    data["officers"][0]["max_cooperatives"] = 2
    s = Scenario.model_validate(data)
    plan = consistent_plan(s, [*BASE_TRIPLES, ("O1", "KDMP-4", "keuangan")])
    assert check(s, plan) == []
    plan = consistent_plan(s, [*BASE_TRIPLES, ("O4", "KDMP-4", "keuangan")])
    v = find(check(s, plan), "agency_release", "agency DINAS-A", r".")
    assert v.message == "2 distinct officers released, cap 1"


# --- locks and forbids ----------------------------------------------------------------------


def test_locks() -> None:
    s = make_scenario(locks=[{"officer": "O4", "cooperative": "KDMP-4"}])
    violations = only(check(s, consistent_plan(s, BASE_TRIPLES)), "locks")
    find(violations, "locks", "officer O4 at cooperative KDMP-4", r"locked but not assigned")
    # In the wrong role:
    s = make_scenario(locks=[{"officer": "O1", "cooperative": "KDMP-1", "role": "keuangan"}])
    violations = only(check(s, consistent_plan(s, BASE_TRIPLES)), "locks")
    find(
        violations,
        "locks",
        "officer O1 at cooperative KDMP-1 role keuangan",
        r"assigned as manajer",
    )
    # Honoured (any role):
    s = make_scenario(locks=[{"officer": "O1", "cooperative": "KDMP-1"}])
    assert check(s, consistent_plan(s, BASE_TRIPLES)) == []


def test_forbids() -> None:
    s = make_scenario(forbids=[{"officer": "O2", "cooperative": "KDMP-1"}])
    violations = only(check(s, consistent_plan(s, BASE_TRIPLES)), "forbids")
    find(violations, "forbids", "officer O2 at cooperative KDMP-1 role keuangan", r"every role")
    s = make_scenario(forbids=[{"officer": "O2", "cooperative": "KDMP-1", "role": "keuangan"}])
    find(
        check(s, consistent_plan(s, BASE_TRIPLES)),
        "forbids",
        "officer O2 at cooperative KDMP-1 role keuangan",
        r"in role 'keuangan'",
    )
    # A forbid of another role does not bite.
    s = make_scenario(forbids=[{"officer": "O2", "cooperative": "KDMP-1", "role": "manajer"}])
    assert check(s, consistent_plan(s, BASE_TRIPLES)) == []


# --- vacancies and total_slots --------------------------------------------------------------


def test_vacancies_missing_for_ineligible_cooperative(scenario: Scenario) -> None:
    plan = valid_plan(vacancies=VALID_VACANCIES[1:])
    violations = only(check(scenario, plan), "vacancies")
    find(
        violations,
        "vacancies",
        "cooperative KDMP-3 role keuangan",
        r"1 vacancies expected, none listed",
    )


def test_vacancies_wrong_extra_duplicate(scenario: Scenario) -> None:
    wrong = [
        Vacancy(cooperative_id="KDMP-3", role="keuangan", count=1),
        Vacancy(cooperative_id="KDMP-4", role="keuangan", count=2),
        Vacancy(cooperative_id="KDMP-3", role="keuangan", count=1),
        Vacancy(cooperative_id="KDMP-1", role="manajer", count=1),
    ]
    violations = only(check(scenario, valid_plan(vacancies=wrong)), "vacancies")
    find(
        violations,
        "vacancies",
        "cooperative KDMP-4 role keuangan",
        r"2 vacancies listed, 1 expected",
    )
    find(violations, "vacancies", "cooperative KDMP-3 role keuangan", r"listed more than once")
    find(violations, "vacancies", "cooperative KDMP-1 role manajer", r"none expected")
    assert len(violations) == 3


def test_vacancy_order_does_not_matter(scenario: Scenario) -> None:
    assert check(scenario, valid_plan(vacancies=VALID_VACANCIES[::-1])) == []


def test_total_slots(scenario: Scenario) -> None:
    violations = only(check(scenario, valid_plan(total_slots=5)), "vacancies")
    find(violations, "vacancies", "plan", r"total_slots reported 5, recomputed 4")
    # Without legal_entity_only, KDMP-3 counts: 5.
    s = make_scenario(policy={"legal_entity_only": False})
    assert consistent_plan(s, BASE_TRIPLES).total_slots == 5
    find(check(s, valid_plan()), "vacancies", "plan", r"reported 4, recomputed 5")


# --- objective tiers, by hand ---------------------------------------------------------------


def test_recompute_tiers_of_the_valid_plan(scenario: Scenario) -> None:
    assert recompute_tiers(scenario, [A1, A2, A3]) == HAND_TIERS


def test_coverage_priorities() -> None:
    s = make_scenario()
    # KDMP-4 has its own priority 7; KDMP-1 sangat_tertinggal 5; KDMP-2 unknown status 3.
    plain = [Assignment(officer_id="O4", cooperative_id="KDMP-4", role="keuangan")]
    assert recompute_tiers(s, plain)["coverage"] == 7
    # The policy's table and default: sangat_tertinggal -> 9, unknown -> 4: 9 + 9 + 4 = 22.
    s = make_scenario(policy={"status_priority": {"sangat_tertinggal": 9}, "default_priority": 4})
    assert recompute_tiers(s, [A1, A2, A3])["coverage"] == 22


def test_locality_with_pppk_bonus() -> None:
    s = make_scenario()
    # O3 (PPPK paruh waktu, domicile V12, works in K1) -> KDMP-4 in V12: village 3 + bonus 1.
    a = Assignment(officer_id="O3", cooperative_id="KDMP-4", role="keuangan")
    assert recompute_tiers(s, [a])["locality"] == 4
    # O3 -> KDMP-2 (K2): adjacent 1, no bonus (works in K1, not K2).
    assert recompute_tiers(s, [A3])["locality"] == 1
    # Policy scores and bonus: village 10, kecamatan 5, adjacent 2, bonus 7:
    # O1 village 10 + O2 kecamatan 5 + 7 + O3 adjacent 2 = 24.
    s = make_scenario(
        policy={
            "objective": {
                "locality_scores": {"village": 10, "kecamatan": 5, "adjacent": 2, "radius": 0},
                "pppk_kecamatan_bonus": 7,
            }
        }
    )
    assert recompute_tiers(s, [A1, A2, A3])["locality"] == 24


def test_travel_tier_with_table_override() -> None:
    # Without O3's own entry, the domicile entry (V12 -> V21: 99) applies: 0 + 17 + 99 = 116.
    s = make_scenario(travel=[{"origin": V12, "village": V21, "minutes": 99.0}])
    assert recompute_tiers(s, [A1, A2, A3])["travel"] == 116
    # With no table at all: 0.3 deg = 33.3585 km -> 50.04 min -> 50: 0 + 17 + 50 = 67.
    s = make_scenario(travel=None)
    assert recompute_tiers(s, [A1, A2, A3])["travel"] == 67


def test_fairness() -> None:
    s = make_scenario()
    assert recompute_tiers(s, [])["fairness"] == 0  # K1 and K2 have eligible slots, none filled
    assert recompute_tiers(s, [A3])["fairness"] == 0  # K1 still 0/3
    full = [A1, A2, A3, pa("O4", "KDMP-4", "keuangan", "kecamatan", 0.0, 0)]
    assert recompute_tiers(s, full)["fairness"] == 1000
    assert recompute_tiers(s, [A1, A3])["fairness"] == 333  # floor(1000 * 1 / 3)
    # legal_entity_only off: K3 gets D = 1 from KDMP-3 and F = 0 -> 0.
    s = make_scenario(policy={"legal_entity_only": False})
    assert recompute_tiers(s, full)["fairness"] == 0
    # No kecamatan with eligible slots at all: 1000.
    data = base_data()
    for c in data["cooperatives"]:
        c["legal_entity"] = False
    assert recompute_tiers(Scenario.model_validate(data), [])["fairness"] == 1000


# --- objective figures of the plan ----------------------------------------------------------


def test_wrong_tier_value(scenario: Scenario) -> None:
    tiers = tiers_of(HAND_TIERS)
    tiers[2] = TierValue(name="travel", sense="min", value=58, bound=58, proven=True)
    violations = only(check(scenario, valid_plan(tiers=tiers)), "objective")
    find(violations, "objective", "tier travel", r"reported value 58, recomputed 59")


def test_tier_sense_missing_and_proven_bound(scenario: Scenario) -> None:
    tiers = tiers_of(HAND_TIERS)
    tiers[1] = TierValue(name="locality", sense="min", value=7, bound=9, proven=True)
    violations = only(check(scenario, valid_plan(tiers=tiers[:3])), "objective")
    find(violations, "objective", "tier locality", r"sense min, should be max")
    find(
        violations, "objective", "tier locality", r"proven optimal but bound 9 differs from value 7"
    )
    find(violations, "objective", "tier fairness", r"missing")


def test_bound_on_the_wrong_side(scenario: Scenario) -> None:
    tiers = tiers_of(HAND_TIERS, proven=False)
    tiers[0] = TierValue(name="coverage", sense="max", value=13, bound=12)
    tiers[2] = TierValue(name="travel", sense="min", value=59, bound=60)
    plan = valid_plan(status=Status.FEASIBLE, tiers=tiers, best_bound=None, gap=None)
    violations = only(check(scenario, plan), "objective")
    find(violations, "objective", "tier coverage", r"bound 12 is below the value 13")
    find(violations, "objective", "tier travel", r"bound 60 is above the value 59")


def test_optimal_needs_every_tier_proven(scenario: Scenario) -> None:
    tiers = tiers_of(HAND_TIERS)
    tiers[3] = TierValue(name="fairness", sense="max", value=666, bound=700, proven=False)
    violations = only(check(scenario, valid_plan(tiers=tiers)), "objective")
    find(violations, "objective", "tier fairness", r"status OPTIMAL but the tier is not proven")
    # The same as FEASIBLE is fine: gap of the first tier is still 0.
    assert check(scenario, valid_plan(tiers=tiers, status=Status.FEASIBLE)) == []


def test_objective_best_bound_gap_lexicographic(scenario: Scenario) -> None:
    find(
        check(scenario, valid_plan(objective=14.0, gap=None)),
        "objective",
        "plan",
        r"objective 14\.0, recomputed first tier coverage 13",
    )
    # FEASIBLE, coverage bound 15: gap = (15 - 13) / 13.
    tiers = tiers_of(HAND_TIERS, proven=False)
    tiers[0] = TierValue(name="coverage", sense="max", value=13, bound=15)
    ok = valid_plan(status=Status.FEASIBLE, tiers=tiers, best_bound=15.0, gap=2 / 13)
    assert check(scenario, ok) == []
    bad = ok.model_copy(update={"gap": 2 / 15})
    find(only(check(scenario, bad), "objective"), "objective", "plan", r"gap .* recomputed 0\.1538")
    mismatch = ok.model_copy(update={"best_bound": 16.0, "gap": 3 / 13})
    find(
        check(scenario, mismatch),
        "objective",
        "plan",
        r"best_bound 16\.0 differs from the bound 15",
    )
    # OPTIMAL with best_bound above the objective:
    find(
        check(scenario, valid_plan(best_bound=14.0, gap=1 / 13)),
        "objective",
        "plan",
        r"status OPTIMAL but best_bound 14\.0 differs",
    )


def test_objective_weighted_mode() -> None:
    s = make_scenario(policy={"objective": {"mode": "weighted"}})
    # 1_000_000 * 13 + 1_000 * 7 - 1 * 59 + 10 * 666 = 13_013_601
    plan = valid_plan(objective_mode="weighted", objective=13_013_601.0, best_bound=13_013_601.0)
    assert check(s, plan) == []
    violations = check(
        s, plan.model_copy(update={"objective": 13.0, "best_bound": None, "gap": None})
    )
    find(only(violations, "objective"), "objective", "plan", r"recomputed weighted sum 13013601")
    # mode must match the policy
    find(
        check(s, valid_plan(best_bound=None, gap=None, objective=None)),
        "objective",
        "plan",
        r"objective_mode lexicographic, policy says weighted",
    )


def test_objective_travel_first_is_minimised() -> None:
    # Travel first: objective 59, best_bound 50 (a lower bound), gap = (59 - 50) / 59.
    s = make_scenario(policy={"objective": {"tiers": ["travel", "coverage"]}})
    tiers = [
        TierValue(name="travel", sense="min", value=59, bound=50),
        TierValue(name="coverage", sense="max", value=13),
    ]
    plan = valid_plan(
        status=Status.FEASIBLE, tiers=tiers, objective=59.0, best_bound=50.0, gap=9 / 59
    )
    assert check(s, plan) == []
    find(
        check(s, plan.model_copy(update={"best_bound": 60.0, "gap": None})),
        "objective",
        "plan",
        r"best_bound 60\.0 is above objective",
    )


@pytest.mark.parametrize(
    "status", [Status.INFEASIBLE, Status.NO_SOLUTION_IN_TIME, Status.MODEL_INVALID]
)
def test_no_solution_status_has_no_assignments(scenario: Scenario, status: Status) -> None:
    assert check(scenario, Plan(status=status)) == []
    violations = check(scenario, Plan(status=status, assignments=[A1]))
    assert [str(v) for v in violations] == [
        f"status: plan: status {status.value} but 1 assignments"
    ]


# --- independence and scale -----------------------------------------------------------------


def test_import_does_not_pull_in_ortools_or_the_builder() -> None:
    code = (
        "import sys, koperasi_alloc.check\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('ortools', 'numpy') or m in "
        "('koperasi_alloc.model', 'koperasi_alloc.candidates', 'koperasi_alloc.geometry', "
        "'koperasi_alloc.solver')]\n"
        "print(','.join(bad))\n"
        "assert 'koperasi_alloc.check.objective' in sys.modules\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_source_does_not_import_the_builder() -> None:
    sources = sorted(CHECK_DIR.glob("*.py"))
    assert len(sources) >= 12
    builder = r"koperasi_alloc\.(?:model|candidates|geometry|solver)\b"
    forbidden = re.compile(
        rf"^\s*(?:from|import)\s+{builder}"  # import koperasi_alloc.model / from ... import
        r"|^\s*from\s+koperasi_alloc\s+import\s+[^\n]*\b(?:model|candidates|geometry|solver)\b"
        rf"|[\"']{builder}"  # importlib.import_module("koperasi_alloc.model")
        r"|^\s*(?:from|import)\s+(?:ortools|numpy)\b"
        r"|^\s*from\s+\.\.",  # relative imports out of the package
        re.MULTILINE,
    )
    # the pattern itself must catch what it is meant to catch
    assert forbidden.search("from koperasi_alloc.model import build")
    assert forbidden.search("import ortools.sat.python.cp_model")
    assert forbidden.search("from koperasi_alloc import geometry")
    assert not forbidden.search("from koperasi_alloc.check.geometry import haversine_km")
    for path in sources:
        hits = forbidden.findall(path.read_text(encoding="utf-8"))
        assert not hits, f"{path.name} imports {hits}"


def _grid_region(n_districts: int) -> tuple[Scenario, list[tuple[str, str, str]]]:
    """``n_districts`` kecamatan x 80 villages x 1 cooperative, 250 officers per kecamatan;
    each of the first 200 per kecamatan fills a slot in the cooperative of its village."""
    per_district, roles = 80, ("manajer", "keuangan", "sekretaris")
    districts, villages, coops = [], [], []
    for d in range(n_districts):
        kab, kec = divmod(d, 50)
        code = f"{10 + kab:02d}.01.{kec + 1:02d}"
        districts.append({"code": code, "name": code, "lat": kab * 0.5, "lon": 100 + kec * 0.1})
        for v in range(per_district):
            vcode = f"{code}.{2001 + v}"
            lat = kab * 0.5 + v * 0.001
            villages.append(
                {"code": vcode, "name": vcode, "district": code, "lat": lat, "lon": 100 + kec * 0.1}
            )
            coops.append({"id": f"C{d}-{v}", "village": vcode, "demand": dict.fromkeys(roles, 1)})
    officers, triples = [], []
    n_officers = 250 * n_districts
    for i in range(n_officers):
        c = coops[i % len(coops)]
        role = roles[i // len(coops) % 3]
        officers.append(
            {
                "id": f"O{i}",
                "employment": "PNS",
                "agency": "A",
                "domicile": c["village"],
                "work_district": c["village"][:8],
                "education": "S1",
                "skills": [role],
            }
        )
        if i < 200 * n_districts:
            triples.append((f"O{i}", c["id"], role))
    scenario = Scenario.model_validate(
        {
            "name": "grid",
            "districts": districts,
            "villages": villages,
            "cooperatives": coops,
            "officers": officers,
            "roles": [{"code": r, "name": r} for r in roles],
            "agencies": [{"code": "A", "name": "A", "headcount": n_officers}],
            "adjacency": [],
        }
    )
    return scenario, triples


def _check_seconds(n_districts: int) -> float:
    scenario, triples = _grid_region(n_districts)
    plan = consistent_plan(scenario, triples)
    best = math.inf
    for _ in range(2):
        started = time.perf_counter()
        violations = check(scenario, plan)
        best = min(best, time.perf_counter() - started)
        assert violations == []
    return best


@pytest.mark.slow
def test_check_time_grows_linearly_with_the_plan() -> None:
    # A complexity guard, not a clock: ten times the plan (200,000 assignments against
    # 20,000) may take at most 40 times as long, measured in the same run. Throughput in
    # assignments per second is a row of the benchmark report.
    small, large = _check_seconds(100), _check_seconds(1000)
    ratio = large / max(small, 1e-3)
    assert ratio < 40, f"10x the plan took {ratio:.1f}x as long ({small:.2f} s, {large:.2f} s)"


def test_check_never_raises_on_an_unreadable_status(scenario: Scenario) -> None:
    violations = check(scenario, Plan.model_construct(status=["not", "hashable"]))
    assert [v.rule for v in violations] == ["status"]
