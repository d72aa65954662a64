"""Tiny hand-made regions for tests whose optimum is worked out by hand.

Map used by every region here (kabupaten 64.08, one degree of latitude ~ 111.2 km):

    kecamatan A 64.08.01 (1.00 N, 117.00 E): villages A1 (1.00, 117.00), A2 (1.05, 117.00)
    kecamatan B 64.08.02 (1.00, 117.30):     village  B1 (1.00, 117.30)
    kecamatan C 64.08.03 (1.00, 117.80):     village  C1 (1.00, 117.80)

A and B are adjacent, C is adjacent to nobody. A1-A2 is 5.56 km, A1-B1 33.4 km,
A1-C1 89.0 km. Default policy unless a test says otherwise.
"""

from __future__ import annotations

from typing import Any

from koperasi_alloc.scenario import Scenario

A, B, C = "64.08.01", "64.08.02", "64.08.03"
A1, A2, B1, C1 = "64.08.01.2001", "64.08.01.2002", "64.08.02.2001", "64.08.03.2001"

DISTRICTS = [
    {"code": A, "name": "Alpha", "lat": 1.0, "lon": 117.0},
    {"code": B, "name": "Beta", "lat": 1.0, "lon": 117.3},
    {"code": C, "name": "Gamma", "lat": 1.0, "lon": 117.8},
]
VILLAGES = [
    {"code": A1, "name": "A1", "district": A, "lat": 1.0, "lon": 117.0},
    {"code": A2, "name": "A2", "district": A, "lat": 1.05, "lon": 117.0},
    {"code": B1, "name": "B1", "district": B, "lat": 1.0, "lon": 117.3},
    {"code": C1, "name": "C1", "district": C, "lat": 1.0, "lon": 117.8},
]
ROLES = [
    {"code": "manajer", "name": "Manajer"},
    {"code": "keuangan", "name": "Keuangan"},
]


def officer(oid: str, village: str, **fields: Any) -> dict[str, Any]:
    """An eligible PPPK (S1, both skills) living and working in ``village``'s kecamatan."""
    base: dict[str, Any] = {
        "id": oid,
        "employment": "PPPK",
        "agency": "DINAS",
        "domicile": village,
        "work_district": village[:8],
        "education": "S1",
        "skills": ["manajer", "keuangan"],
    }
    base.update(fields)
    return base


def coop(cid: str, village: str, **demand_and_fields: Any) -> dict[str, Any]:
    """A legal-entity cooperative; keyword ints are role demands, others are fields."""
    demand = {k: v for k, v in demand_and_fields.items() if k in ("manajer", "keuangan")}
    fields = {k: v for k, v in demand_and_fields.items() if k not in demand}
    return {"id": cid, "village": village, "demand": demand or {"manajer": 1}, **fields}


def region(
    officers: list[dict[str, Any]],
    cooperatives: list[dict[str, Any]],
    *,
    agencies: list[dict[str, Any]] | None = None,
    policy: dict[str, Any] | None = None,
    village_status: dict[str, str] | None = None,
    **extra: Any,
) -> Scenario:
    """A scenario on the map above with explicit adjacency A-B."""
    villages = [
        {**v, "status": village_status[v["code"]]}
        if village_status and v["code"] in village_status
        else v
        for v in VILLAGES
    ]
    data: dict[str, Any] = {
        "name": "tiny",
        "districts": DISTRICTS,
        "villages": villages,
        "cooperatives": cooperatives,
        "officers": officers,
        "roles": ROLES,
        "agencies": agencies or [{"code": "DINAS", "name": "Dinas Koperasi", "headcount": 100}],
        "adjacency": [[A, B]],
        "policy": policy or {},
        **extra,
    }
    return Scenario.model_validate(data)
