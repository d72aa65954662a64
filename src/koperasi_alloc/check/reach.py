"""Reachable slots: what the fairness tier divides by (rules.md, objective tiers).

A triple ``(o, c, r)`` is *allowed* when an assignment of it alone passes the eligibility
rule (officer, cooperative, role, kabupaten and a locality tier) and no forbid rules it
out. ``n(c, r)`` counts the officers of allowed triples, and the reachable slots of ``c``
are ``R(c) = min(cap(c), sum over r of min(c.demand[r], n(c, r)))``: what ``c`` could
receive were every officer in its reach free. A kecamatan's ``R_k`` sums ``R(c)`` over
the cooperatives whose main village lies in it; one with eligible slots and ``R_k = 0``
is *unreachable*.

This is the checker's own reading: the officer and role conditions of
:class:`.eligibility.PolicyRules` and the locality tiers of
:meth:`.locality.LocalityIndex.holds`. Officers are looked up, never scanned: by domicile
village (village tier), by kecamatan of domicile or work unit (kecamatan and adjacent
tiers) and, for the radius tier, in a grid of their positions and among the travel
table's entries towards the village; each look-up is confirmed by ``holds``, and
counting a cooperative stops once it reaches ``R(c)``'s ceiling.
"""

from __future__ import annotations

import math
from collections.abc import Iterator

from koperasi_alloc.check.context import (
    CheckContext,
    cooperative_capacity,
    eligible_slots,
    kabupaten,
)
from koperasi_alloc.check.eligibility import PolicyRules
from koperasi_alloc.check.geometry import EARTH_RADIUS_KM
from koperasi_alloc.check.locality import officer_position
from koperasi_alloc.scenario import Cooperative, LocalityTier, Officer

__all__ = ["cooperative_reach", "district_reach"]

#: Relative and absolute slack on the grid's search window, so that rounding never
#: leaves out an officer the exact test would accept (the test itself has none).
_SLACK = 1e-9


def cooperative_reach(ctx: CheckContext) -> dict[str, int]:
    """``R(c)`` of every cooperative that may receive officers.

    Parameters
    ----------
    ctx
        Look-ups of the scenario.

    Returns
    -------
    dict
        Cooperative id to its reachable slots (cooperatives without eligible slots
        are left out).
    """
    finder = _Finder(ctx)
    return {
        c.id: finder.reach(c) for c in ctx.scenario.cooperatives if eligible_slots(ctx.scenario, c)
    }


def district_reach(ctx: CheckContext) -> dict[str, int]:
    """``R_k`` of every kecamatan that has eligible slots (0 for an unreachable one).

    Parameters
    ----------
    ctx
        Look-ups of the scenario.

    Returns
    -------
    dict
        Kecamatan code to the sum of its cooperatives' reachable slots.
    """
    totals: dict[str, int] = {}
    for cid, slots in cooperative_reach(ctx).items():
        district = ctx.villages[ctx.cooperatives[cid].village].district
        totals[district] = totals.get(district, 0) + slots
    return totals


class _Finder:
    """The eligible officers of a scenario, indexed by where the locality tiers find them."""

    def __init__(self, ctx: CheckContext) -> None:
        self.ctx = ctx
        policy = ctx.policy
        self.rules = PolicyRules(policy)
        self.allowed = frozenset(policy.allowed_tiers)
        self.crossing = policy.cross_kabupaten
        wanted = {r for c in ctx.scenario.cooperatives for r, d in c.demand.items() if d > 0}
        self.officers = [
            o
            for o in ctx.scenario.officers
            if wanted.intersection(o.skills) and not self.rules.officer_problems(o)
        ]
        # per officer looked at: the work unit's kabupaten and the roles they may fill; the
        # roles depend on skills and education alone, so they are judged once per mix
        self.info: dict[str, tuple[str, frozenset[str]]] = {}
        self._fills: dict[tuple[tuple[str, ...], str], frozenset[str]] = {}
        self.by_village: dict[str, list[Officer]] = {}
        self.by_district: dict[str, list[Officer]] = {}
        for o in self.officers:
            self.by_village.setdefault(o.domicile, []).append(o)
            home = ctx.villages[o.domicile].district
            self.by_district.setdefault(home, []).append(o)
            if o.work_district != home:
                self.by_district.setdefault(o.work_district, []).append(o)
        self.forbidden: dict[tuple[str, str], set[str | None]] = {}
        for forbid in ctx.scenario.forbids:
            key = (forbid.officer, forbid.cooperative)
            self.forbidden.setdefault(key, set()).add(forbid.role)
        self._grids: dict[str, _Grid] = {}
        self._listed: dict[str, list[str]] | None = None
        self._by_kabupaten: dict[str, list[Officer]] | None = None

    def reach(self, cooperative: Cooperative) -> int:
        """``R(c)`` of one cooperative that may receive officers."""
        ctx = self.ctx
        need = {r: d for r, d in cooperative.demand.items() if d > 0 and r in ctx.roles}
        ceiling = min(cooperative_capacity(ctx.scenario, cooperative), sum(need.values()))
        counted = dict.fromkeys(need, 0)
        total = 0
        if ceiling <= 0:
            return 0
        home_kabupaten = kabupaten(cooperative.village)
        info, forbidden = self.info, self.forbidden
        for officer in self._in_reach(cooperative):
            found = info.get(officer.id)
            work_kabupaten, fills = found if found is not None else self._info(officer)
            if not self.crossing and work_kabupaten != home_kabupaten:
                continue
            barred = forbidden.get((officer.id, cooperative.id), ()) if forbidden else ()
            if None in barred:
                continue
            for code, demand in need.items():
                if code in fills and counted[code] < demand and code not in barred:
                    counted[code] += 1
                    total += 1
            if total >= ceiling:
                break
        return min(total, ceiling)

    def _info(self, officer: Officer) -> tuple[str, frozenset[str]]:
        """The officer's work kabupaten and the roles they may fill (skill and education)."""
        roles = self.ctx.roles
        mix = (tuple(officer.skills), officer.education)
        fills = self._fills.get(mix)
        if fills is None:
            fills = frozenset(
                code
                for code in officer.skills
                if code in roles and not self.rules.role_problems(officer, code, roles[code])
            )
            self._fills[mix] = fills
        self.info[officer.id] = (kabupaten(officer.work_district), fills)
        return self.info[officer.id]

    def _in_reach(self, cooperative: Cooperative) -> Iterator[Officer]:
        """Each eligible officer that some allowed tier links to some village the
        cooperative serves, once (the cheap tiers first)."""
        holds = self.ctx.locality.holds
        villages = cooperative.served_villages
        seen: set[str] = set()
        for tier, pool in self._pools(villages):
            for officer, village in pool:
                if officer.id not in seen and holds(tier, officer, village):
                    seen.add(officer.id)
                    yield officer

    def _pools(
        self, villages: tuple[str, ...]
    ) -> Iterator[tuple[LocalityTier, Iterator[tuple[Officer, str]]]]:
        """Per allowed tier, the officers that tier could link to each village (a superset
        that ``holds`` narrows)."""
        districts = self.ctx.villages
        neighbours = self.ctx.locality.neighbours
        if LocalityTier.VILLAGE in self.allowed:
            yield (
                LocalityTier.VILLAGE,
                ((o, x) for x in villages for o in self.by_village.get(x, ())),
            )
        if LocalityTier.KECAMATAN in self.allowed:
            yield (
                LocalityTier.KECAMATAN,
                ((o, x) for x in villages for o in self.by_district.get(districts[x].district, ())),
            )
        if LocalityTier.ADJACENT in self.allowed:
            yield (
                LocalityTier.ADJACENT,
                (
                    (o, x)
                    for x in villages
                    for k in neighbours.get(districts[x].district, ())
                    for o in self.by_district.get(k, ())
                ),
            )
        if LocalityTier.RADIUS in self.allowed:
            yield (
                LocalityTier.RADIUS,
                ((o, x) for x in villages for o in self._near(x, villages[0])),
            )

    def _near(self, village: str, main: str) -> Iterator[Officer]:
        """Officers within the radius of ``village`` by position, or with a travel-table
        entry towards it (a superset of the radius tier; without cross-kabupaten service
        only those of the kabupaten of ``main``, the cooperative's main village)."""
        if self._listed is None:
            self._listed = {}
            for entry in self.ctx.scenario.travel or []:
                self._listed.setdefault(entry.village, []).append(entry.origin)
        grid = self._grid("" if self.crossing else kabupaten(main))
        target = self.ctx.villages[village]
        yield from grid.around(target.lat, target.lon)
        for origin in self._listed.get(village, ()):
            if origin in grid.by_id:
                yield grid.by_id[origin]
            yield from self.by_village.get(origin, ())

    def _grid(self, key: str) -> _Grid:
        """The grid of the officers of kabupaten ``key`` (all officers for "")."""
        if key not in self._grids:
            if self._by_kabupaten is None:
                self._by_kabupaten = {}
                for o in self.officers:
                    self._by_kabupaten.setdefault(kabupaten(o.work_district), []).append(o)
            officers = self.officers if key == "" else self._by_kabupaten.get(key, [])
            self._grids[key] = _Grid(self.ctx, officers)
        return self._grids[key]


class _Grid:
    """Officer positions in cells of the radius's size, for the radius tier."""

    def __init__(self, ctx: CheckContext, officers: list[Officer]) -> None:
        self.radius_km = ctx.policy.radius_km
        self.step = max(math.degrees(self.radius_km / EARTH_RADIUS_KM), 1e-3)
        self.columns = math.ceil(360.0 / self.step)
        self.rows: dict[int, dict[int, list[Officer]]] = {}
        self.by_id = {o.id: o for o in officers}
        for o in officers:
            lat, lon = officer_position(ctx.scenario, o)
            row, column = self._cell(lat, lon)
            self.rows.setdefault(row, {}).setdefault(column, []).append(o)

    def _cell(self, lat: float, lon: float) -> tuple[int, int]:
        row = math.floor((lat + 90.0) / self.step)
        return row, math.floor((lon + 180.0) / self.step) % self.columns

    def around(self, lat: float, lon: float) -> Iterator[Officer]:
        """Every officer whose great-circle distance to (lat, lon) may be within the radius:
        the distance is at least ``R |dphi|``, and at least ``2R asin(sqrt(cos phi1 cos phi2)
        |sin(dlambda / 2)|)``, which bounds the cells to visit."""
        angle = self.radius_km / EARTH_RADIUS_KM
        dphi = math.degrees(angle) * (1 + _SLACK) + _SLACK
        low, high = lat - dphi, lat + dphi
        widest = max(abs(low), abs(high))
        spread = 1.0 + _SLACK  # as a sine: every longitude
        if widest < 90.0:
            denominator = math.cos(math.radians(lat)) * math.cos(math.radians(widest))
            if denominator > 0:
                spread = math.sin(angle / 2) / math.sqrt(denominator)
        every_column = spread >= 1.0
        dlambda = 0.0 if every_column else math.degrees(2 * math.asin(spread))
        dlambda = dlambda * (1 + _SLACK) + _SLACK
        first = math.floor((lon - dlambda + 180.0) / self.step)
        last = math.floor((lon + dlambda + 180.0) / self.step)
        every_column = every_column or last - first + 1 >= self.columns
        for row in range(self._cell(low, 0.0)[0], self._cell(high, 0.0)[0] + 1):
            cells = self.rows.get(row)
            if not cells:
                continue
            if every_column:
                for officers in cells.values():
                    yield from officers
                continue
            for column in range(first, last + 1):
                yield from cells.get(column % self.columns, ())
