"""Test data: a tiny valid scenario, and hypothesis strategies for random valid ones.

``scenarios()`` builds small scenarios that are valid by construction (every reference
resolves, every lock respects the rules), so any ``ScenarioError`` while drawing one is a bug
in either this module or the validation.
"""

from __future__ import annotations

import string
from typing import Any

from hypothesis import strategies as st

from koperasi_alloc.plan import Plan
from koperasi_alloc.scenario import (
    EDUCATION_ORDER,
    Employment,
    LocalityTier,
    Scenario,
    VillageStatus,
    education_rank,
    parse_scenario,
)

__all__ = ["json_values", "plans", "scenario_data", "scenarios", "tiny_scenario_data"]


def tiny_scenario_data() -> dict[str, Any]:
    """A tiny valid scenario as plain JSON data; tests mutate a copy.

    Two kecamatan of Kutai Timur, three villages, two cooperatives, four officers, three
    roles and two agencies, with one lock, one forbid, adjacency and travel entries. Officers:
    ``[0]`` PPPK S1 manajer+keuangan (locked to KDMP-001 as manajer), ``[1]`` PPPK D3 keuangan,
    ``[2]`` PNS S1 usaha+keuangan (two cooperatives), ``[3]`` a guru (excluded group).
    """
    return {
        "name": "tiny",
        "districts": [
            {"code": "64.08.01", "name": "Muara Ancalong", "lat": 0.35, "lon": 116.85},
            {"code": "64.08.02", "name": "Muara Wahau", "lat": 1.05, "lon": 116.85},
        ],
        "villages": [
            {
                "code": "64.08.01.2001",
                "name": "Gemar Baru",
                "district": "64.08.01",
                "lat": 0.36,
                "lon": 116.86,
                "status": "tertinggal",
            },
            {
                "code": "64.08.01.2002",
                "name": "Long Nah",
                "district": "64.08.01",
                "lat": 0.40,
                "lon": 116.80,
            },
            {
                "code": "64.08.02.1001",
                "name": "Wahau Kota",
                "district": "64.08.02",
                "lat": 1.06,
                "lon": 116.86,
                "status": "maju",
            },
        ],
        "cooperatives": [
            {
                "id": "KDMP-001",
                "village": "64.08.01.2001",
                "demand": {"manajer": 1, "keuangan": 1},
            },
            {
                "id": "KDMP-002",
                "village": "64.08.02.1001",
                "demand": {"keuangan": 1, "usaha": 1},
                "max_officers": 2,
            },
        ],
        "officers": [
            {
                "id": "199001012020121001",
                "employment": "PPPK",
                "agency": "DISTAN",
                "domicile": "64.08.01.2001",
                "work_district": "64.08.01",
                "education": "S1",
                "skills": ["manajer", "keuangan"],
            },
            {
                "id": "199102022021122002",
                "employment": "PPPK",
                "agency": "DISTAN",
                "domicile": "64.08.01.2002",
                "work_district": "64.08.01",
                "education": "D3",
                "skills": ["keuangan"],
            },
            {
                "id": "198503032010011003",
                "employment": "PNS",
                "agency": "DISKOP",
                "domicile": "64.08.02.1001",
                "work_district": "64.08.02",
                "lat": 1.07,
                "lon": 116.87,
                "education": "S1",
                "skills": ["usaha", "keuangan"],
                "max_cooperatives": 2,
            },
            {
                "id": "199204042022122004",
                "employment": "PPPK",
                "agency": "DISKOP",
                "domicile": "64.08.02.1001",
                "work_district": "64.08.02",
                "education": "S1",
                "skills": ["keuangan"],
                "group": "guru",
            },
        ],
        "roles": [
            {"code": "manajer", "name": "Manajer", "min_education": "S1"},
            {"code": "keuangan", "name": "Pengelola keuangan"},
            {"code": "usaha", "name": "Pengelola usaha"},
        ],
        "agencies": [
            {"code": "DISTAN", "name": "Dinas Pertanian", "headcount": 40, "max_release": 2},
            {
                "code": "DISKOP",
                "name": "Dinas Koperasi",
                "headcount": 10,
                "max_release_fraction": 0.2,
            },
        ],
        "locks": [{"officer": "199001012020121001", "cooperative": "KDMP-001", "role": "manajer"}],
        "forbids": [{"officer": "199102022021122002", "cooperative": "KDMP-002"}],
        "adjacency": [["64.08.01", "64.08.02"]],
        "travel": [
            {"origin": "199102022021122002", "village": "64.08.02.1001", "minutes": 95.0},
            {"origin": "64.08.01.2002", "village": "64.08.01.2001", "minutes": 20.0},
        ],
    }


# --- hypothesis strategies --------------------------------------------------------------------

# Text that survives stripping and the Identifier pattern, with some non-ASCII and JSON escapes.
_ALPHABET = string.ascii_letters + string.digits + "-_.'\"\\/ éñçøłüßİı漢字—…🙂\t"
_text = st.text(alphabet=_ALPHABET, min_size=1, max_size=12).map(str.strip).filter(bool)
_names = st.one_of(
    _text, st.text(st.characters(codec="utf-8"), min_size=1, max_size=8).filter(str.strip)
)
_floats = st.floats(allow_nan=False, allow_infinity=False, width=64)

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**53), max_value=2**53)
    | _floats
    | st.text(st.characters(codec="utf-8"), max_size=8),
    lambda children: (
        st.lists(children, max_size=3)
        | st.dictionaries(st.text(st.characters(codec="utf-8"), max_size=6), children, max_size=3)
    ),
    max_leaves=8,
)
_attributes = st.dictionaries(
    st.text(st.characters(codec="utf-8"), max_size=8), json_values, max_size=3
)
_education = st.sampled_from(EDUCATION_ORDER)
_tiers = ["coverage", "locality", "travel", "fairness"]


def _maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


def _put(record: dict[str, Any], key: str, value: Any) -> None:
    """Set ``key`` unless ``value`` is None (so the default is used)."""
    if value is not None:
        record[key] = value


@st.composite
def _policy(draw: st.DrawFn) -> dict[str, Any]:
    tiers = draw(st.permutations(_tiers))[: draw(st.integers(1, 4))]
    mode = draw(st.sampled_from(["lexicographic", "weighted"]))

    def weight(tier: str) -> int:  # fairness is a max-min: its weight is never negative
        return draw(st.integers(0 if tier == "fairness" else -1000, 10**6))

    weights = {t: weight(t) for t in _tiers if draw(st.booleans())}
    if mode == "weighted":
        weights.update({t: weight(t) for t in tiers if t not in weights})
    objective = {
        "mode": mode,
        "tiers": tiers,
        "weights": weights,
        "locality_scores": {t.value: draw(st.integers(0, 10)) for t in LocalityTier},
        "pppk_kecamatan_bonus": draw(st.integers(0, 100)),
    }
    policy: dict[str, Any] = {
        "allowed_tiers": draw(st.lists(st.sampled_from(list(LocalityTier)), unique=True)),
        "radius_km": draw(st.floats(0, 2000)),
        "travel_speed_kmh": draw(st.floats(1, 200)),
        "cross_kabupaten": draw(st.booleans()),
        "max_officers_per_cooperative": draw(st.integers(1, 5)),
        "min_education": draw(st.sampled_from(EDUCATION_ORDER[:7])),
        "excluded_groups": draw(
            st.lists(st.sampled_from(["guru", "nakes", "teknis"]), unique=True)
        ),
        "allowed_employment": draw(
            st.lists(st.sampled_from(list(Employment)), min_size=1, unique=True)
        ),
        "legal_entity_only": draw(st.booleans()),
        "status_priority": {s.value: draw(st.integers(0, 1000)) for s in VillageStatus},
        "default_priority": draw(st.integers(0, 1000)),
        "default_role_hours": draw(st.floats(0, 80)),
        "trips_per_week": draw(st.floats(0, 14)),
        "objective": objective,
    }
    _put(policy, "max_travel_minutes", draw(_maybe(st.floats(0, 10_000))))
    return policy


@st.composite
def scenario_data(draw: st.DrawFn) -> dict[str, Any]:
    """A small valid scenario as plain JSON data (see :func:`scenarios`)."""
    policy = draw(_policy())
    cap = policy["max_officers_per_cooperative"]
    kabupaten = draw(st.sampled_from(["64.08", "11.01", "94.71"]))

    district_numbers = draw(st.lists(st.integers(1, 99), min_size=1, max_size=4, unique=True))
    districts = []
    villages = []
    for number in district_numbers:
        code = f"{kabupaten}.{number:02d}"
        lat, lon = draw(st.floats(-11, 6)), draw(st.floats(95, 141))
        districts.append({"code": code, "name": draw(_names), "lat": lat, "lon": lon})
        suffixes = draw(st.lists(st.integers(1001, 2999), min_size=1, max_size=3, unique=True))
        for suffix in suffixes:
            village: dict[str, Any] = {
                "code": f"{code}.{suffix}",
                "name": draw(_names),
                "district": code,
                "lat": draw(st.floats(-90, 90)),
                "lon": draw(st.floats(-180, 180)),
            }
            _put(village, "kind", draw(_maybe(st.sampled_from(["desa", "kelurahan"]))))
            _put(village, "status", draw(_maybe(st.sampled_from(list(VillageStatus)))))
            _put(village, "attributes", draw(_maybe(_attributes)))
            villages.append(village)
    district_codes = [d["code"] for d in districts]
    village_codes = [v["code"] for v in villages]

    role_codes = draw(st.lists(_text, min_size=1, max_size=3, unique=True))
    roles = []
    for code in role_codes:
        role: dict[str, Any] = {"code": code, "name": draw(_names)}
        _put(role, "min_education", draw(_maybe(_education)))
        _put(role, "weekly_hours", draw(_maybe(st.floats(0, 80))))
        roles.append(role)

    cooperatives = []
    for number in range(draw(st.integers(1, 4))):
        demand: dict[str, int] = {}
        for code in draw(st.lists(st.sampled_from(role_codes), min_size=1, unique=True)):
            room = min(3, cap) - sum(demand.values())
            demand[code] = draw(st.integers(min(room, 1), room))
        total = sum(demand.values())
        main = draw(st.sampled_from(village_codes))
        cooperative: dict[str, Any] = {
            "id": f"KDMP-{number:03d}",
            "village": main,
            "legal_entity": draw(st.booleans()),
            "demand": demand,
        }
        others = [code for code in village_codes if code != main]
        if others:  # small neighbouring villages sharing one cooperative, sometimes
            served = st.lists(st.sampled_from(others), max_size=2, unique=True)
            _put(cooperative, "other_villages", draw(_maybe(served)))
        max_officers = draw(_maybe(st.integers(total, cap)))
        _put(cooperative, "max_officers", max_officers)
        capacity = cap if max_officers is None else max_officers
        _put(cooperative, "min_officers", draw(_maybe(st.integers(0, min(total, capacity)))))
        _put(cooperative, "name", draw(_maybe(_names)))
        _put(cooperative, "priority", draw(_maybe(st.integers(0, 1000))))
        _put(cooperative, "attributes", draw(_maybe(_attributes)))
        cooperatives.append(cooperative)

    agency_codes = draw(st.lists(_text, min_size=1, max_size=3, unique=True))
    officer_ids = draw(
        st.lists(st.from_regex(r"\A[0-9]{18}\Z"), min_size=1, max_size=6, unique=True)
    )
    officers = []
    for officer_id in officer_ids:
        officer: dict[str, Any] = {
            "id": officer_id,
            "employment": draw(st.sampled_from(list(Employment))),
            "agency": draw(st.sampled_from(agency_codes)),
            "domicile": draw(st.sampled_from(village_codes)),
            "work_district": draw(st.sampled_from(district_codes)),
            "education": draw(st.sampled_from(EDUCATION_ORDER[2:])),
            "skills": draw(st.lists(st.sampled_from(role_codes), min_size=1, unique=True)),
            "group": draw(st.sampled_from(["administrasi", "teknis", "guru", "nakes"])),
            "max_cooperatives": draw(st.integers(1, 3)),
            "available": draw(st.integers(0, 3).map(bool)),
        }
        if draw(st.booleans()):
            officer["lat"], officer["lon"] = draw(st.floats(-90, 90)), draw(st.floats(-180, 180))
        _put(officer, "name", draw(_maybe(_names)))
        _put(officer, "weekly_hours", draw(_maybe(st.floats(0, 80))))
        _put(officer, "attributes", draw(_maybe(_attributes)))
        officers.append(officer)

    agencies = []
    for code in agency_codes:
        listed = sum(o["agency"] == code for o in officers)
        headcount = draw(st.integers(listed, listed + 50))
        agency: dict[str, Any] = {"code": code, "name": draw(_names), "headcount": headcount}
        _put(agency, "max_release", draw(_maybe(st.integers(0, headcount))))
        _put(agency, "max_release_fraction", draw(_maybe(st.floats(0, 1))))
        _put(agency, "attributes", draw(_maybe(_attributes)))
        agencies.append(agency)

    locks = _draw_locks(draw, policy, cooperatives, officers, roles)
    locked = {(lock["officer"], lock["cooperative"]) for lock in locks}
    forbids = []
    for officer_id, cooperative_id in draw(
        st.lists(
            st.tuples(
                st.sampled_from(officer_ids), st.sampled_from([c["id"] for c in cooperatives])
            ),
            max_size=3,
        )
    ):
        forbid: dict[str, Any] = {"officer": officer_id, "cooperative": cooperative_id}
        if (officer_id, cooperative_id) in locked:
            # Only a role the lock does not name may be forbidden.
            lock_roles = {
                x.get("role")
                for x in locks
                if (x["officer"], x["cooperative"]) == (officer_id, cooperative_id)
            }
            free = [r for r in role_codes if r not in lock_roles]
            if not free:
                continue
            forbid["role"] = draw(st.sampled_from(free))
        else:
            _put(forbid, "role", draw(_maybe(st.sampled_from(role_codes))))
        forbids.append(forbid)

    data: dict[str, Any] = {
        "name": draw(_names),
        "districts": districts,
        "villages": villages,
        "cooperatives": cooperatives,
        "officers": officers,
        "roles": roles,
        "agencies": agencies,
        "policy": policy,
        "locks": locks,
        "forbids": forbids,
    }
    if draw(st.booleans()) and len(district_codes) > 1:
        pairs = draw(st.lists(st.permutations(district_codes), max_size=3))
        data["adjacency"] = [[p[0], p[1]] for p in pairs]
    if draw(st.booleans()):
        origins = st.sampled_from(officer_ids + village_codes)
        keys = draw(
            st.lists(st.tuples(origins, st.sampled_from(village_codes)), unique=True, max_size=4)
        )
        data["travel"] = [
            {"origin": o, "village": v, "minutes": draw(st.floats(0, 10_000))} for o, v in keys
        ]
    if draw(st.booleans()):
        data["baseline"] = [
            {"officer_id": draw(st.sampled_from(officer_ids)), "cooperative_id": c["id"], "role": r}
            for c in cooperatives
            for r in c["demand"]
            if draw(st.booleans())
        ]
    return data


def _draw_locks(
    draw: st.DrawFn,
    policy: dict[str, Any],
    cooperatives: list[dict[str, Any]],
    officers: list[dict[str, Any]],
    roles: list[dict[str, Any]],
) -> list[dict[str, Any]]:
    """Locks that break no rule: eligible officer, cooperative and role, within every cap."""
    min_education = education_rank(policy["min_education"])
    role_min = {r["code"]: r.get("min_education") for r in roles}

    def officer_ok(o: dict[str, Any]) -> bool:
        return (
            o["available"]
            and o["group"] not in policy["excluded_groups"]
            and o["employment"] in policy["allowed_employment"]
            and education_rank(o["education"]) >= min_education
        )

    def role_ok(o: dict[str, Any], c: dict[str, Any], role: str) -> bool:
        minimum = role_min[role]
        return (
            c["demand"].get(role, 0) > 0
            and role in o["skills"]
            and (minimum is None or education_rank(o["education"]) >= education_rank(minimum))
        )

    candidates = [
        (o, c, role)
        for o in officers
        if officer_ok(o)
        for c in cooperatives
        if c["legal_entity"] or not policy["legal_entity_only"]
        for role in c["demand"]
        if role_ok(o, c, role)
    ]
    if not candidates:
        return []
    chosen = draw(st.lists(st.sampled_from(candidates), max_size=4))
    per_officer: dict[str, int] = {}
    per_cooperative: dict[str, int] = {}
    per_slot: dict[tuple[str, str], int] = {}
    pairs: set[tuple[str, str]] = set()
    locks = []
    for o, c, role in chosen:
        capacity = c.get("max_officers", policy["max_officers_per_cooperative"])
        if (
            (o["id"], c["id"]) in pairs
            or per_officer.get(o["id"], 0) >= o["max_cooperatives"]
            or per_cooperative.get(c["id"], 0) >= min(capacity, sum(c["demand"].values()))
            or per_slot.get((c["id"], role), 0) >= c["demand"][role]
        ):
            continue
        pairs.add((o["id"], c["id"]))
        per_officer[o["id"]] = per_officer.get(o["id"], 0) + 1
        per_cooperative[c["id"]] = per_cooperative.get(c["id"], 0) + 1
        lock: dict[str, Any] = {"officer": o["id"], "cooperative": c["id"]}
        if draw(st.booleans()):
            lock["role"] = role
            per_slot[(c["id"], role)] = per_slot.get((c["id"], role), 0) + 1
        locks.append(lock)
    return locks


def scenarios() -> st.SearchStrategy[Scenario]:
    """Small random valid scenarios.

    1-4 kecamatan in one kabupaten, 1-3 villages each, 1-4 cooperatives demanding at most 3
    slots (some serving further villages), 1-6 officers with random attributes, 1-3 roles
    and agencies with caps, a non-default policy, optional adjacency, travel entries and
    baseline, locks that respect every rule, forbids that contradict no lock, and
    ``attributes`` holding JSON values.
    """
    return scenario_data().map(parse_scenario)


_tier_values = st.builds(
    dict,
    name=st.sampled_from(_tiers),
    sense=st.sampled_from(["max", "min"]),
    value=st.integers(-(2**40), 2**40),
    bound=_maybe(st.integers(-(2**40), 2**40)),
    proven=st.booleans(),
)


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    """Random plans (not tied to a scenario), with every optional part sometimes present."""
    ids = st.text(_ALPHABET, min_size=1, max_size=10).map(str.strip).filter(bool)
    assignments = draw(
        st.lists(
            st.builds(
                dict,
                officer_id=ids,
                cooperative_id=ids,
                role=ids,
                tier=st.sampled_from(list(LocalityTier)),
                distance_km=_floats,
                travel_minutes=st.integers(0, 10**6),
            ),
            max_size=5,
        )
    )
    data: dict[str, Any] = {
        "status": draw(
            st.sampled_from(["OPTIMAL", "FEASIBLE", "INFEASIBLE", "NO_SOLUTION_IN_TIME"])
        ),
        "objective": draw(_maybe(_floats)),
        "best_bound": draw(_maybe(_floats)),
        "gap": draw(_maybe(st.floats(0, 10))),
        "objective_mode": draw(st.sampled_from(["lexicographic", "weighted"])),
        "tiers": draw(st.lists(_tier_values, max_size=4)),
        "wall_time": draw(st.floats(0, 1e5)),
        "stats": {
            "candidates": draw(st.integers(0, 10**9)),
            "build_time": draw(st.floats(0, 1e4)),
            "components": draw(st.integers(1, 100)),
            "method": draw(_text),
        },
        "assignments": assignments,
        "vacancies": draw(
            st.lists(
                st.builds(dict, cooperative_id=ids, role=ids, count=st.integers(1, 5)), max_size=3
            )
        ),
        "total_slots": draw(st.integers(0, 10**6)),
        "conflict": draw(
            _maybe(
                st.lists(
                    st.builds(dict, rule=ids, subject=ids, text_en=_names, text_id=_names),
                    max_size=3,
                )
            )
        ),
        "message": draw(_maybe(_names)),
    }
    if draw(st.booleans()):
        data["audit"] = {
            "scenario_hash": "0" * 64,
            "seed": draw(st.integers(0, 2**31)),
            "time_limit": draw(st.floats(0, 1e4)),
            "workers": draw(st.integers(1, 64)),
            "parameters": draw(st.dictionaries(_text, json_values, max_size=3)),
            "library_version": "0.1.0",
            "ortools_version": "9.15.6755",
            "created_at": "2025-08-17T00:00:00+00:00",
        }
    return Plan.model_validate(data)
