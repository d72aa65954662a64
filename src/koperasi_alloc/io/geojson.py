"""GeoJSON export for QGIS and web maps (RFC 7946: WGS 84, coordinates as [lon, lat]).

* :func:`villages_geojson`: one Point per desa/kelurahan, with its cooperatives, the slots
  they demand and, given a plan, the slots filled and the coverage ratio;
* :func:`boundaries_geojson`: one (Multi)Polygon per kabupaten/kota, kecamatan or desa of
  the scenario that has a boundary in the shipped data (:mod:`koperasi_alloc.wilayah`),
  with the same tallies summed over it;
* :func:`assignments_geojson`: one LineString per assignment, from the officer's work place
  (the officer's lat/lon when given, else the domicile village) to the cooperative's
  village;
* :func:`hires_geojson`: one Point per work place of proposed hires, with their count;
* :func:`map_geojson`: all of these in one collection, each feature's ``layer`` naming
  its layer: what ``write_plan(..., "peta.geojson")`` writes, and what the static and
  interactive maps (:mod:`koperasi_alloc.plots`, :mod:`koperasi_alloc.maps`) draw, so
  QGIS shows the same map;
* :func:`write_geojson`: write any of them to a file.

The tallies (slots demanded, closed by the legal-entity rule, open, filled; coverage =
filled / open) are computed once, by :func:`village_tallies`. Needs numpy only.
"""

from __future__ import annotations

import json
import os
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from koperasi_alloc.wilayah import Polygon, boundaries, kabupaten_code, wilayah

if TYPE_CHECKING:
    from koperasi_alloc.plan import Plan
    from koperasi_alloc.planning.hire_proposal import HireProposal
    from koperasi_alloc.scenario import Scenario

__all__ = [
    "Tally",
    "assignments_geojson",
    "boundaries_geojson",
    "hires_geojson",
    "map_geojson",
    "village_tallies",
    "villages_geojson",
    "write_geojson",
]

BoundaryLevel = Literal["kabupaten", "kecamatan", "desa"]


def _feature(geometry: dict[str, Any], properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "Feature", "geometry": geometry, "properties": properties}


@dataclass(frozen=True)
class Tally:
    """Slots of a village or an area: demanded, closed (its cooperatives may not receive
    officers: no legal entity under the legal-entity rule), filled by the plan."""

    demanded: int = 0
    closed: int = 0
    filled: int = 0

    @property
    def open(self) -> int:
        """Slots that may be filled: demanded less closed."""
        return self.demanded - self.closed

    @property
    def coverage(self) -> float | None:
        """Filled / open slots, at most 1; None when nothing is open."""
        return min(self.filled / self.open, 1.0) if self.open else None

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            self.demanded + other.demanded, self.closed + other.closed, self.filled + other.filled
        )

    def properties(self, with_plan: bool) -> dict[str, Any]:
        """The tally as GeoJSON properties (filled and coverage null without a plan)."""
        return {
            "demanded": self.demanded,
            "closed": self.closed,
            "open": self.open,
            "filled": self.filled if with_plan else None,
            "coverage": self.coverage if with_plan else None,
        }


def village_tallies(scenario: Scenario, plan: Plan | None = None) -> dict[str, Tally]:
    """Per village code the slots demanded, closed and filled (one computation for the
    GeoJSON, the static map and the interactive map).

    Parameters
    ----------
    scenario
        The scenario.
    plan
        A plan of it; without one nothing is filled. Assignments naming a cooperative the
        scenario lacks are not counted.

    Returns
    -------
    dict of str to Tally
        Every village of the scenario, in scenario order.
    """
    legal_only = scenario.policy.legal_entity_only
    demanded: Counter[str] = Counter()
    closed: Counter[str] = Counter()
    for cooperative in scenario.cooperatives:
        slots = sum(cooperative.demand.values())
        demanded[cooperative.village] += slots
        if legal_only and not cooperative.legal_entity:
            closed[cooperative.village] += slots
    filled: Counter[str] = Counter()
    if plan is not None:
        village_of = {c.id: c.village for c in scenario.cooperatives}
        filled.update(
            village_of[a.cooperative_id] for a in plan.assignments if a.cooperative_id in village_of
        )
    return {
        v.code: Tally(demanded[v.code], closed[v.code], filled[v.code]) for v in scenario.villages
    }


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
        A FeatureCollection; each feature's properties: ``layer`` ("village"), ``code``,
        ``name``, ``kecamatan`` (code), ``kecamatan_name``, ``kind``, ``status``,
        ``cooperatives`` (ids of those whose main village it is), ``served_by`` (ids of
        cooperatives of other villages that also serve it), ``demanded``, ``closed`` and
        ``open`` (slots), ``filled`` and ``coverage`` (filled / open, null when nothing is
        open; both null without a plan). Slots count at a cooperative's main village.
    """
    cooperatives: dict[str, list[str]] = defaultdict(list)
    served_by: dict[str, list[str]] = defaultdict(list)
    for cooperative in scenario.cooperatives:
        cooperatives[cooperative.village].append(cooperative.id)
        for code in cooperative.other_villages:
            served_by[code].append(cooperative.id)
    tallies = village_tallies(scenario, plan)
    districts = scenario.district_by_code
    features = []
    for village in scenario.villages:
        district = districts.get(village.district)
        properties = {
            "layer": "village",
            "code": village.code,
            "name": village.name,
            "kecamatan": village.district,
            "kecamatan_name": district.name if district else None,
            "kind": village.kind.value,
            "status": village.status.value if village.status else None,
            "cooperatives": cooperatives.get(village.code, []),
            "served_by": served_by.get(village.code, []),
            **tallies[village.code].properties(plan is not None),
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
        ``layer`` ("assignment"), ``officer``, ``officer_name``, ``agency``,
        ``cooperative``, ``village``, ``role``, ``tier``, ``distance_km``,
        ``travel_minutes``. Assignments naming an officer or
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
            "layer": "assignment",
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


def _geometry(polygons: list[Polygon]) -> dict[str, Any]:
    """A Polygon or MultiPolygon of (lon, lat) rings, rounded to the data's 1e-4 grid."""
    rings = [
        [[[round(x, 4), round(y, 4)] for x, y in ring.tolist()] for ring in p] for p in polygons
    ]
    if len(rings) == 1:
        return {"type": "Polygon", "coordinates": rings[0]}
    return {"type": "MultiPolygon", "coordinates": rings}


def _area_tallies(
    scenario: Scenario, tallies: dict[str, Tally], level: BoundaryLevel
) -> dict[str, Tally]:
    """The village tallies summed per kabupaten, kecamatan or village code."""
    district_of = {v.code: v.district for v in scenario.villages}
    key = {
        "kabupaten": lambda code: kabupaten_code(district_of[code]),
        "kecamatan": lambda code: district_of[code],
        "desa": lambda code: code,
    }[level]
    out: dict[str, Tally] = {}
    for code, tally in tallies.items():
        area = key(code)
        out[area] = out.get(area, Tally()) + tally
    return out


def _area_names(scenario: Scenario, level: BoundaryLevel, codes: Iterable[str]) -> dict[str, str]:
    if level == "kecamatan":
        return {d.code: d.name for d in scenario.districts}
    if level == "desa":
        return {v.code: v.name for v in scenario.villages}
    w = wilayah()
    known = dict(zip(w.kabupaten.codes, w.kabupaten.names, strict=True))
    return {code: known.get(code, code) for code in codes}


def boundaries_geojson(
    scenario: Scenario,
    plan: Plan | None = None,
    level: BoundaryLevel = "kecamatan",
    tallies: dict[str, Tally] | None = None,
) -> dict[str, Any]:
    """The scenario's kabupaten/kota, kecamatan or desa as GeoJSON (Multi)Polygons.

    Parameters
    ----------
    scenario
        The scenario; its areas are found by their Kemendagri codes in the shipped
        boundaries (:func:`koperasi_alloc.wilayah.boundaries`). Areas with codes the data
        does not know (a made-up region) are left out.
    plan
        Optional plan: fills ``filled`` and ``coverage``.
    level
        ``"kabupaten"`` (kabupaten and kota), ``"kecamatan"`` or ``"desa"`` (boundaries of
        desa/kelurahan ship for Kalimantan Timur only; elsewhere the collection is empty).
    tallies
        The plan's :func:`village_tallies`, when already computed.

    Returns
    -------
    dict
        A FeatureCollection in GeoJSON order (lon, lat); each feature's properties:
        ``layer`` (the level), ``code``, ``name``, ``kabupaten`` (code), ``demanded``,
        ``closed``, ``open``, ``filled``, ``coverage`` (filled / open), ``villages``.
    """
    if tallies is None:
        tallies = village_tallies(scenario, plan)
    areas = _area_tallies(scenario, tallies, level)
    villages = Counter(
        {"kabupaten": kabupaten_code(v.district), "kecamatan": v.district, "desa": v.code}[level]
        for v in scenario.villages
    )
    shapes = boundaries(level, areas)
    names = _area_names(scenario, level, shapes)
    features = []
    for code, polygons in shapes.items():
        properties = {
            "layer": level,
            "code": code,
            "name": names.get(code, code),
            "kabupaten": kabupaten_code(code),
            "villages": villages[code],
            **areas[code].properties(plan is not None),
        }
        features.append(_feature(_geometry(polygons), properties))
    return {"type": "FeatureCollection", "features": features}


def hires_geojson(proposal: HireProposal) -> dict[str, Any]:
    """Proposed hires as GeoJSON Points, one per work place, with how many work there.

    Parameters
    ----------
    proposal
        A hiring proposal (:func:`koperasi_alloc.planning.propose_hires`).

    Returns
    -------
    dict
        A FeatureCollection; each Point is a work place (a kecamatan seat) of hires, with
        properties ``layer`` ("hires"), ``kecamatan``, ``kecamatan_name``, ``hires`` (the
        count), ``roles`` (count per role code), ``cooperatives`` (ids they would serve),
        ``hypothetical`` (always true).
    """
    officers = proposal.scenario.officer_by_id
    places: dict[tuple[float, float], dict[str, Any]] = {}
    for row in proposal.rows:
        for officer_id in row.officer_ids:
            officer = officers[officer_id]
            home = proposal.scenario.village_by_code[officer.domicile]
            lon = officer.lon if officer.lon is not None else home.lon
            lat = officer.lat if officer.lat is not None else home.lat
            place = places.setdefault(
                (lon, lat),
                {
                    "layer": "hires",
                    "kecamatan": row.kecamatan,
                    "kecamatan_name": row.kecamatan_name,
                    "hires": 0,
                    "roles": Counter(),
                    "cooperatives": [],
                    "hypothetical": True,
                },
            )
            place["hires"] += 1
            place["roles"][row.role] += 1
        for cooperative in row.cooperatives:
            if cooperative not in place["cooperatives"]:
                place["cooperatives"].append(cooperative)
    features = [
        _feature(
            {"type": "Point", "coordinates": [lon, lat]},
            {**properties, "roles": dict(sorted(properties["roles"].items()))},
        )
        for (lon, lat), properties in places.items()
    ]
    return {"type": "FeatureCollection", "features": features}


def map_geojson(
    scenario: Scenario, plan: Plan | None = None, proposal: HireProposal | None = None
) -> dict[str, Any]:
    """Everything a map of the plan shows, as one GeoJSON FeatureCollection.

    Parameters
    ----------
    scenario
        The scenario (with a proposal: ``proposal.scenario``, which holds the hires).
    plan
        Optional plan (with a proposal: ``proposal.plan``).
    proposal
        Optional hiring proposal: adds its hires (and is the plan when none is given).

    Returns
    -------
    dict
        A FeatureCollection of, in drawing order: kabupaten/kota polygons, kecamatan
        polygons, desa polygons (where shipped), village points, assignment lines and hire
        points; each feature's ``layer`` property names its layer (``kabupaten``,
        ``kecamatan``, ``desa``, ``village``, ``assignment``, ``hires``). QGIS opens it as
        one layer per geometry type; filter on ``layer``.
    """
    if proposal is not None and plan is None:
        scenario, plan = proposal.scenario, proposal.plan
    tallies = village_tallies(scenario, plan)
    features: list[dict[str, Any]] = []
    levels: tuple[BoundaryLevel, ...] = ("kabupaten", "kecamatan", "desa")
    for level in levels:
        features += boundaries_geojson(scenario, plan, level, tallies)["features"]
    features += villages_geojson(scenario, plan)["features"]
    if plan is not None:
        features += assignments_geojson(scenario, plan)["features"]
    if proposal is not None:
        features += hires_geojson(proposal)["features"]
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
