"""Hypothesis strategy: small regions feasible by construction around a planted plan.

Every planted assignment puts an eligible officer (S1/D4/D3, teknis, available, with the
skill) in a legal-entity cooperative of their own domicile village, so the village tier
always links them. The rules are then drawn around the planted plan: cooperative minimums
at most the planted count, agency caps at least the planted distinct officers, locks
taken from the planted assignments, forbids only on pairs the plan does not use, weekly
hours that fit the planted load. Random extra officers (some ineligible) and cooperatives
make the search non-trivial.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from koperasi_alloc.scenario import Assignment, Scenario

ROLE_CODES = ("manajer", "keuangan", "administrasi")


@dataclass(frozen=True)
class PlantedRegion:
    """A scenario and an assignment list that satisfies all its hard rules."""

    scenario: Scenario
    planted: list[Assignment]


@st.composite
def planted_regions(
    draw: st.DrawFn, max_officers: int = 12, max_villages: int = 6
) -> PlantedRegion:
    """Draw a :class:`PlantedRegion`."""
    n_districts = draw(st.integers(1, 3))
    districts = []
    villages = []
    for d in range(n_districts):
        code = f"64.08.{d + 1:02d}"
        lat = draw(st.floats(0.1, 1.4))
        lon = draw(st.floats(116.3, 118.8))
        districts.append({"code": code, "name": f"Kec {d + 1}", "lat": lat, "lon": lon})
        for v in range(draw(st.integers(1, max(1, max_villages // n_districts)))):
            villages.append(
                {
                    "code": f"{code}.{2001 + v}",
                    "name": f"Desa {d + 1}-{v + 1}",
                    "district": code,
                    "lat": lat + draw(st.floats(-0.1, 0.1)),
                    "lon": lon + draw(st.floats(-0.1, 0.1)),
                    "status": draw(
                        st.sampled_from(
                            [
                                None,
                                "sangat_tertinggal",
                                "tertinggal",
                                "berkembang",
                                "maju",
                                "mandiri",
                            ]
                        )
                    ),
                }
            )
    village_codes = [v["code"] for v in villages]
    roles = [{"code": r, "name": r.title()} for r in ROLE_CODES]

    cooperatives: list[dict[str, Any]] = []
    for i, village in enumerate(village_codes):
        if draw(st.booleans()) or i == 0:
            demand = {r: 1 for r in ROLE_CODES if draw(st.booleans())} or {"manajer": 1}
            cooperative: dict[str, Any] = {
                "id": f"k{i}",
                "village": village,
                "legal_entity": draw(st.sampled_from([True, True, True, False])),
                "demand": demand,
                "priority": draw(st.none() | st.integers(0, 6)),
            }
            others = [code for code in village_codes if code != village]
            if others and draw(st.integers(0, 3)) == 0:  # a cooperative of several villages
                served = st.lists(st.sampled_from(others), min_size=1, max_size=2, unique=True)
                cooperative["other_villages"] = draw(served)
            cooperatives.append(cooperative)

    n_agencies = draw(st.integers(1, 3))
    officers: list[dict[str, Any]] = []
    planted: list[Assignment] = []
    slots_used: Counter[tuple[str, str]] = Counter()
    for o in range(draw(st.integers(1, max_officers))):
        coop_villages = sorted({c["village"] for c in cooperatives})
        domicile = draw(st.sampled_from(coop_villages + coop_villages + village_codes))
        eligible = draw(st.sampled_from([True, True, False]))
        max_coops = draw(st.sampled_from([1, 1, 2]))
        skills = sorted(draw(st.sets(st.sampled_from(ROLE_CODES), min_size=1)))
        officer: dict[str, Any] = {
            "id": f"19900101202001{o:04d}",
            "employment": draw(st.sampled_from(["PNS", "PPPK", "PPPK_PARUH_WAKTU"])),
            "agency": f"AG{draw(st.integers(0, n_agencies - 1))}",
            "domicile": domicile,
            "work_district": domicile[:8]
            if draw(st.booleans())
            else draw(st.sampled_from([d["code"] for d in districts])),
            "education": draw(st.sampled_from(["D3", "D4", "S1"]))
            if eligible
            else draw(st.sampled_from(["SMA", "D3", "S1"])),
            "group": "teknis" if eligible else draw(st.sampled_from(["teknis", "guru", "nakes"])),
            "skills": skills,
            "max_cooperatives": max_coops,
            "available": True if eligible else draw(st.booleans()),
        }
        officers.append(officer)
        if not eligible:
            continue
        home = [c for c in cooperatives if c["village"] == domicile and c["legal_entity"]]
        for coop in home[:max_coops]:
            open_roles = [
                r
                for r in skills
                if r in coop["demand"] and slots_used[(coop["id"], r)] < coop["demand"][r]
            ]
            if open_roles and draw(st.integers(0, 3)) > 0:
                role = draw(st.sampled_from(open_roles))
                slots_used[(coop["id"], role)] += 1
                planted.append(
                    Assignment(officer_id=officer["id"], cooperative_id=coop["id"], role=role)
                )

    load: dict[str, int] = defaultdict(int)
    for a in planted:
        load[a.officer_id] += 8 * 60  # default role hours; planted travel is 0 (same village)
    for officer in officers:
        if draw(st.booleans()):
            minimum = load.get(officer["id"], 0) / 60
            officer["weekly_hours"] = round(minimum + draw(st.floats(0, 20)), 1) + 0.1

    released: dict[str, set[str]] = defaultdict(set)
    for a in planted:
        agency = next(o["agency"] for o in officers if o["id"] == a.officer_id)
        released[agency].add(a.officer_id)
    agencies = []
    for g in range(n_agencies):
        code = f"AG{g}"
        listed = sum(1 for o in officers if o["agency"] == code)
        cap = draw(st.none() | st.integers(len(released[code]), len(released[code]) + 2))
        agencies.append(
            {"code": code, "name": f"Dinas {g}", "headcount": listed + 5, "max_release": cap}
        )

    planted_per_coop = Counter(a.cooperative_id for a in planted)
    for coop in cooperatives:
        coop["min_officers"] = draw(st.integers(0, planted_per_coop[coop["id"]]))
    locks = [
        {
            "officer": a.officer_id,
            "cooperative": a.cooperative_id,
            "role": draw(st.sampled_from([a.role, None])),
        }
        for a in planted
        if draw(st.integers(0, 3)) == 0
    ]
    used_pairs = {(a.officer_id, a.cooperative_id) for a in planted}
    forbids = [
        {"officer": o["id"], "cooperative": c["id"]}
        for o in officers
        for c in cooperatives
        if (o["id"], c["id"]) not in used_pairs and draw(st.integers(0, 9)) == 0
    ]
    scenario = Scenario.model_validate(
        {
            "name": "planted",
            "districts": districts,
            "villages": villages,
            "cooperatives": cooperatives,
            "officers": officers,
            "roles": roles,
            "agencies": agencies,
            "locks": locks,
            "forbids": forbids,
            "policy": {"radius_km": draw(st.sampled_from([5.0, 20.0, 40.0]))},
        }
    )
    return PlantedRegion(scenario, planted)


def twin_kabupaten(scenario: Scenario) -> Scenario:
    """``scenario`` plus a copy of itself in kabupaten 64.09, with its own officers,
    cooperatives and agencies: two independent parts for the decomposed solve."""
    data: dict[str, Any] = scenario.model_dump(mode="json")

    def code(value: str) -> str:
        return "64.09." + value[len("64.08.") :]

    copy: dict[str, list[dict[str, Any]]] = {
        "districts": [{**d, "code": code(d["code"])} for d in data["districts"]],
        "villages": [
            {**v, "code": code(v["code"]), "district": code(v["district"])}
            for v in data["villages"]
        ],
        "cooperatives": [
            {
                **c,
                "id": c["id"] + "-b",
                "village": code(c["village"]),
                **(
                    {"other_villages": [code(v) for v in c["other_villages"]]}
                    if "other_villages" in c
                    else {}
                ),
            }
            for c in data["cooperatives"]
        ],
        "officers": [
            {
                **o,
                "id": o["id"] + "b",
                "agency": o["agency"] + "-B",
                "domicile": code(o["domicile"]),
                "work_district": code(o["work_district"]),
            }
            for o in data["officers"]
        ],
        "agencies": [{**a, "code": a["code"] + "-B"} for a in data["agencies"]],
    }
    for name, records in copy.items():
        data[name] = data[name] + records
    data["locks"], data["forbids"] = [], []
    return Scenario.model_validate(data)
