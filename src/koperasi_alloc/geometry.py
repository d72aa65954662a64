"""Geometry shared by the scenario and the candidate builder: distances and adjacency.

The checker keeps its own distance formula (``koperasi_alloc.check.geometry``) so that
a mistake here cannot hide from it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
from numpy.typing import ArrayLike, NDArray

if TYPE_CHECKING:
    from koperasi_alloc.scenario import District

__all__ = ["EARTH_RADIUS_KM", "gabriel_adjacency", "haversine_km"]

EARTH_RADIUS_KM = 6371.0088


def haversine_km(
    lat1: ArrayLike, lon1: ArrayLike, lat2: ArrayLike, lon2: ArrayLike
) -> NDArray[np.float64]:
    """Great-circle distance in km between points given in degrees (vectorised)."""
    p1 = np.radians(np.asarray(lat1, dtype=np.float64))
    p2 = np.radians(np.asarray(lat2, dtype=np.float64))
    dp = p2 - p1
    dl = np.radians(np.asarray(lon2, dtype=np.float64) - np.asarray(lon1, dtype=np.float64))
    a = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0.0, 1.0))))


def gabriel_adjacency(districts: Sequence[District]) -> frozenset[tuple[str, str]]:
    """Adjacent kecamatan from their seats: the Gabriel graph within each kabupaten.

    Two seats are adjacent when no third seat of the same kabupaten lies strictly inside
    the circle whose diameter joins them (in a local equirectangular projection).
    """
    by_kabupaten: dict[str, list[District]] = defaultdict(list)
    for district in districts:
        by_kabupaten[".".join(district.code.split(".")[:2])].append(district)
    pairs: set[tuple[str, str]] = set()
    for members in by_kabupaten.values():
        n = len(members)
        if n < 2:
            continue
        lat = np.array([d.lat for d in members])
        lon = np.array([d.lon for d in members])
        scale = np.cos(np.radians(lat.mean()))
        xy = np.column_stack([lon * scale, lat]) * 111.195
        for i in range(n):
            for j in range(i + 1, n):
                centre = (xy[i] + xy[j]) / 2
                radius2 = np.sum((xy[i] - centre) ** 2)
                d2 = np.sum((xy - centre) ** 2, axis=1)
                d2[[i, j]] = np.inf
                if not np.any(d2 < radius2 * (1 - 1e-12)):
                    pairs.add(tuple(sorted((members[i].code, members[j].code))))  # type: ignore[arg-type]
    return frozenset(pairs)
