"""GeoJSON export for QGIS and web maps (RFC 7946: WGS 84, coordinates as [lon, lat]).

* :func:`villages_geojson`: one Point per desa/kelurahan, with its cooperatives, the slots
  they demand and, given a plan, the slots filled and the coverage ratio;
* :func:`assignments_geojson`: one LineString per assignment, from the officer's work place
  (the officer's lat/lon when given, else the domicile village) to the cooperative's
  village;
* :func:`write_geojson`: write either to a file.

Needs nothing beyond the standard library.
"""

from __future__ import annotations

import json
import os
from collections import Counter, defaultdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from koperasi_alloc.plan import Plan
    from koperasi_alloc.scenario import Scenario

__all__ = ["assignments_geojson", "villages_geojson", "write_geojson"]


def _feature(geometry: dict[str, Any], properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def villages_geojson(scenario: Scenario, plan: Plan | None = None) -> dict[str, Any]:
    """Villages as a GeoJSON FeatureCollection of Points.

    Parameters
    ----------
    scenario
        The scenario.
    plan
        Optional plan; without it ``filled`` and ``coverage`` are null.

    Returns
    -------
    dict
        A FeatureCollection; each feature's properties: ``code``, ``name``, ``kecamatan``
        (code), ``kecamatan_name``, ``kind``, ``status``, ``cooperatives`` (ids),
        ``demanded`` (slots), ``filled`` and ``coverage`` (filled / demanded, null when
        nothing is demanded).
    """
    cooperatives: dict[str, list[str]] = defaultdict(list)
    demanded: Counter[str] = Counter()
    for cooperative in scenario.cooperatives:
        cooperatives[cooperative.village].append(cooperative.id)
        demanded[cooperative.village] += sum(cooperative.demand.values())
    filled: Counter[str] | None = None
    if plan is not None:
        village_of = {c.id: c.village for c in scenario.cooperatives}
        filled = Counter(
            village_of[a.cooperative_id] for a in plan.assignments if a.cooperative_id in village_of
        )
    districts = scenario.district_by_code
    features = []
    for village in scenario.villages:
        want = demanded[village.code]
        got = filled[village.code] if filled is not None else None
        district = districts.get(village.district)
        properties = {
            "code": village.code,
            "name": village.name,
            "kecamatan": village.district,
            "kecamatan_name": district.name if district else None,
            "kind": village.kind.value,
            "status": village.status.value if village.status else None,
            "cooperatives": cooperatives.get(village.code, []),
            "demanded": want,
            "filled": got,
            "coverage": (got / want) if got is not None and want else None,
        }
        geometry = {"type": "Point", "coordinates": [village.lon, village.lat]}
        features.append(_feature(geometry, properties))
    return {"type": "FeatureCollection", "features": features}


def assignments_geojson(scenario: Scenario, plan: Plan) -> dict[str, Any]:
    """Assignments as a GeoJSON FeatureCollection of LineStrings, officer -> cooperative.

    Parameters
    ----------
    scenario
        The scenario the plan was made for.
    plan
        The plan.

    Returns
    -------
    dict
        A FeatureCollection; each line runs from the officer's work place (lat/lon when
        given, else the domicile village) to the cooperative's village; properties:
        ``officer``, ``officer_name``, ``agency``, ``cooperative``, ``village``, ``role``,
        ``tier``, ``distance_km``, ``travel_minutes``. Assignments naming an officer or
        cooperative missing from the scenario are left out.
    """
    officers = scenario.officer_by_id
    cooperatives = scenario.cooperative_by_id
    villages = scenario.village_by_code
    features = []
    for a in plan.assignments:
        officer = officers.get(a.officer_id)
        cooperative = cooperatives.get(a.cooperative_id)
        if officer is None or cooperative is None:
            continue
        target = villages.get(cooperative.village)
        if officer.lat is not None and officer.lon is not None:
            start = [officer.lon, officer.lat]
        else:
            home = villages.get(officer.domicile)
            if home is None:
                continue
            start = [home.lon, home.lat]
        if target is None:
            continue
        properties = {
            "officer": a.officer_id,
            "officer_name": officer.name,
            "agency": officer.agency,
            "cooperative": a.cooperative_id,
            "village": cooperative.village,
            "role": a.role,
            "tier": a.tier.value,
            "distance_km": a.distance_km,
            "travel_minutes": a.travel_minutes,
        }
        geometry = {"type": "LineString", "coordinates": [start, [target.lon, target.lat]]}
        features.append(_feature(geometry, properties))
    return {"type": "FeatureCollection", "features": features}


def write_geojson(obj: dict[str, Any], path: str | os.PathLike[str]) -> None:
    """Write a GeoJSON object to ``path`` (UTF-8).

    Parameters
    ----------
    obj
        A GeoJSON object, e.g. from :func:`villages_geojson`.
    path
        The ``.geojson`` file to write.
    """
    text = json.dumps(obj, ensure_ascii=False, allow_nan=False)
    Path(path).write_text(text + "\n", encoding="utf-8")
