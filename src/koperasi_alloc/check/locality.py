"""Locality of an (officer, cooperative) pair: tier, distance and travel minutes.

Recomputed from the raw scenario exactly as ``docs/concepts/rules.md`` states it, only for
the pairs a plan actually uses (memoised per pair), so a plan with 200,000 assignments
costs 200,000 haversines and a few dict look-ups, never an all-pairs loop.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

from koperasi_alloc.check.geometry import haversine_km
from koperasi_alloc.scenario import Cooperative, LocalityTier, Officer, Scenario

__all__ = ["Locality", "LocalityIndex", "officer_position"]

TIER_ORDER: tuple[LocalityTier, ...] = (
    LocalityTier.VILLAGE,
    LocalityTier.KECAMATAN,
    LocalityTier.ADJACENT,
    LocalityTier.RADIUS,
)


@dataclass(frozen=True, slots=True)
class Locality:
    """How an officer relates to a cooperative.

    Attributes
    ----------
    tier
        The best allowed tier that holds for some village the cooperative serves; None
        when none does.
    distance_km
        Haversine km from the officer position to the nearest village the cooperative
        serves (its main village and ``other_villages``).
    minutes
        One-way travel minutes ``m(o, c)``: the least over the villages it serves, each by
        the travel table, else by distance at the policy speed.
    travel_minutes
        ``round(minutes)``, rounding half to even.
    from_table
        Whether ``minutes`` (the least) came from a travel-table entry.
    """

    tier: LocalityTier | None
    distance_km: float
    minutes: float
    travel_minutes: int
    from_table: bool


def officer_position(scenario: Scenario, officer: Officer) -> tuple[float, float]:
    """Where an officer travels from: their own coordinates, else their domicile village.

    Parameters
    ----------
    scenario
        The scenario the officer belongs to.
    officer
        The officer.

    Returns
    -------
    tuple of float
        ``(lat, lon)`` in degrees.
    """
    if officer.lat is not None and officer.lon is not None:
        return officer.lat, officer.lon
    village = scenario.village_by_code[officer.domicile]
    return village.lat, village.lon


class LocalityIndex:
    """Memoised locality of officer-cooperative pairs for one scenario.

    Parameters
    ----------
    scenario
        The scenario; its policy, villages, travel table and adjacency are read once.
    """

    def __init__(self, scenario: Scenario) -> None:
        self.scenario = scenario
        policy = scenario.policy
        self._villages = scenario.village_by_code
        self._speed = policy.travel_speed_kmh
        self._radius_km = policy.radius_km
        if policy.max_travel_minutes is not None:
            self._limit_minutes = policy.max_travel_minutes
        else:
            self._limit_minutes = policy.radius_km / policy.travel_speed_kmh * 60.0
        self._allowed = frozenset(policy.allowed_tiers)
        self._travel: dict[tuple[str, str], float] = {}
        for entry in scenario.travel or []:
            # The first entry for a (origin, village) key wins, should one be listed twice.
            self._travel.setdefault((entry.origin, entry.village), entry.minutes)
        self._memo: dict[tuple[str, str], Locality] = {}

    @cached_property
    def neighbours(self) -> dict[str, frozenset[str]]:
        """Adjacent kecamatan of each kecamatan (symmetric; a kecamatan is not its own)."""
        found: dict[str, set[str]] = {}
        for a, b in self.scenario.adjacency_pairs:
            if a == b:
                continue
            found.setdefault(a, set()).add(b)
            found.setdefault(b, set()).add(a)
        return {code: frozenset(codes) for code, codes in found.items()}

    def table_minutes(self, officer: Officer, village: str) -> float | None:
        """Travel-table minutes for the pair: by officer id first, then by domicile village.

        Parameters
        ----------
        officer
            The officer travelling.
        village
            Code of the village travelled to.

        Returns
        -------
        float or None
            The listed one-way minutes, or None when the table has no entry for the pair.
        """
        minutes = self._travel.get((officer.id, village))
        if minutes is None:
            minutes = self._travel.get((officer.domicile, village))
        return minutes

    def of(self, officer: Officer, cooperative: Cooperative) -> Locality:
        """Locality of one pair (computed once, then memoised).

        Parameters
        ----------
        officer
            The officer.
        cooperative
            The cooperative.

        Returns
        -------
        Locality
            Tier, distance and travel minutes of the pair.
        """
        key = (officer.id, cooperative.id)
        found = self._memo.get(key)
        if found is None:
            found = self._compute(officer, cooperative)
            self._memo[key] = found
        return found

    def _compute(self, officer: Officer, cooperative: Cooperative) -> Locality:
        """The best tier over the villages the cooperative serves, and the least distance
        and travel minutes over them (each village measured on its own)."""
        if officer.lat is not None and officer.lon is not None:
            lat, lon = officer.lat, officer.lon
        else:
            home = self._villages[officer.domicile]
            lat, lon = home.lat, home.lon
        best: int | None = None
        least_km = math.inf
        least_minutes = math.inf
        minutes_listed = False
        for code in (cooperative.village, *cooperative.other_villages):
            target = self._villages[code]
            distance = haversine_km(lat, lon, target.lat, target.lon)
            listed = self.table_minutes(officer, code)
            minutes = listed if listed is not None else distance / self._speed * 60.0
            least_km = min(least_km, distance)
            if minutes < least_minutes:
                least_minutes, minutes_listed = minutes, listed is not None
            for rank, candidate in enumerate(TIER_ORDER):
                if best is not None and rank >= best:
                    break
                if candidate in self._allowed and self._holds(
                    candidate, officer, code, target.district, distance, listed
                ):
                    best = rank
                    break
        return Locality(
            tier=None if best is None else TIER_ORDER[best],
            distance_km=least_km,
            minutes=least_minutes,
            travel_minutes=round(least_minutes),
            from_table=minutes_listed,
        )

    def holds(self, tier: LocalityTier, officer: Officer, village: str) -> bool:
        """Whether ``tier`` links the officer to one village (allowed or not by the policy).

        Parameters
        ----------
        tier
            The locality tier.
        officer
            The officer.
        village
            Code of the village.

        Returns
        -------
        bool
            The tier's condition of rules.md for the pair.
        """
        target = self._villages[village]
        distance, listed = 0.0, None
        if tier is LocalityTier.RADIUS:
            lat, lon = officer_position(self.scenario, officer)
            distance = haversine_km(lat, lon, target.lat, target.lon)
            listed = self.table_minutes(officer, village)
        return self._holds(tier, officer, village, target.district, distance, listed)

    def _holds(
        self,
        tier: LocalityTier,
        officer: Officer,
        village: str,
        district: str,
        distance: float,
        listed: float | None,
    ) -> bool:
        if tier is LocalityTier.VILLAGE:
            return officer.domicile == village
        home_district = self._villages[officer.domicile].district
        if tier is LocalityTier.KECAMATAN:
            return district in (home_district, officer.work_district)
        if tier is LocalityTier.ADJACENT:
            neighbours = self.neighbours
            return district in neighbours.get(home_district, ()) or district in neighbours.get(
                officer.work_district, ()
            )
        # radius: a travel-table entry decides by minutes, else the straight line by km
        if listed is not None:
            return listed <= self._limit_minutes
        return distance <= self._radius_km
