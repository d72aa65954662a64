"""Terrain model of travel in Kutai Timur: minutes between villages, not km at one speed.

Kutai Timur's coast (Teluk Pandan, Sangatta, Bengalon, Kaliorang, Kaubun, Sangkulirang)
lies on the coastal trunk road; the Wahau-Telen interior hangs on the Sangatta - Muara
Wahau road; the south-west interior (Muara Ancalong, Muara Bengkal, Long Mesangat, and
Busang upstream) is reached along the Mahakam tributaries by river and district roads.
Straight-line km understate all of that, and unevenly. The model, per village pair
``a != b`` (kecamatan ``k(a)``, ``k(b)``):

``minutes = km(a, b) * (detour[k(a)] + detour[k(b)]) / 2 * 60 * (1/speed[k(a)] + 1/speed[k(b)]) / 2
+ access(a) + access(b) + corridor_change(k(a), k(b))``

* ``km``: haversine km between the village centroids;
* ``detour`` and ``speed`` of the kecamatan's :data:`TERRAINS` class: route km per
  straight-line km, and the average speed on that route;
* ``access``: minutes from a desa to the trunk route of its terrain class (0 for a
  kelurahan, which lies on it);
* ``corridor_change``: :data:`CORRIDOR_CHANGE_MINUTES` when the two kecamatan hang on
  different corridors (coast, Wahau road, Mahakam rivers), for the transfer and the
  long way round between them.

The figures are assumptions, stated so in ``docs/geography.md``: a plausible stand-in
until a planner supplies measured minutes in the scenario's ``travel`` table.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

import numpy as np
from numpy.typing import NDArray

from koperasi_alloc.geometry import haversine_km

__all__ = [
    "CORRIDOR_CHANGE_MINUTES",
    "KUTAI_TIMUR_TERRAIN",
    "TERRAINS",
    "KecamatanTerrain",
    "Terrain",
    "terrain_minutes",
]


class Terrain(NamedTuple):
    """A terrain class: route km per straight-line km, km/h on the route, desa access."""

    detour: float
    speed_kmh: float
    access_minutes: float


TERRAINS: dict[str, Terrain] = {
    "coastal road": Terrain(detour=1.3, speed_kmh=45.0, access_minutes=10.0),
    "interior road": Terrain(detour=1.5, speed_kmh=35.0, access_minutes=20.0),
    "river": Terrain(detour=1.8, speed_kmh=20.0, access_minutes=35.0),
    "remote coast": Terrain(detour=1.7, speed_kmh=25.0, access_minutes=30.0),
}
"""Terrain classes and their assumed detour factor, speed and desa access minutes."""

CORRIDOR_CHANGE_MINUTES = 45.0
"""Extra minutes for a trip between kecamatan on different corridors."""


class KecamatanTerrain(NamedTuple):
    """A kecamatan's terrain class (a key of :data:`TERRAINS`) and corridor."""

    terrain: str
    corridor: str


KUTAI_TIMUR_TERRAIN: dict[str, KecamatanTerrain] = {
    "64.08.01": KecamatanTerrain("river", "mahakam"),  # Muara Ancalong
    "64.08.02": KecamatanTerrain("interior road", "wahau"),  # Muara Wahau
    "64.08.03": KecamatanTerrain("river", "mahakam"),  # Muara Bengkal
    "64.08.04": KecamatanTerrain("coastal road", "coast"),  # Sangatta Utara
    "64.08.05": KecamatanTerrain("coastal road", "coast"),  # Sangkulirang
    "64.08.06": KecamatanTerrain("river", "wahau"),  # Busang
    "64.08.07": KecamatanTerrain("interior road", "wahau"),  # Telen
    "64.08.08": KecamatanTerrain("interior road", "wahau"),  # Kombeng
    "64.08.09": KecamatanTerrain("coastal road", "coast"),  # Bengalon
    "64.08.10": KecamatanTerrain("coastal road", "coast"),  # Kaliorang
    "64.08.11": KecamatanTerrain("remote coast", "coast"),  # Sandaran
    "64.08.12": KecamatanTerrain("coastal road", "coast"),  # Sangatta Selatan
    "64.08.13": KecamatanTerrain("coastal road", "coast"),  # Teluk Pandan
    "64.08.14": KecamatanTerrain("coastal road", "coast"),  # Rantau Pulung
    "64.08.15": KecamatanTerrain("coastal road", "coast"),  # Kaubun
    "64.08.16": KecamatanTerrain("interior road", "coast"),  # Karangan
    "64.08.17": KecamatanTerrain("interior road", "wahau"),  # Batu Ampar
    "64.08.18": KecamatanTerrain("river", "mahakam"),  # Long Mesangat
}
"""Terrain class and corridor of each Kutai Timur kecamatan (an assumption, see above)."""


def terrain_minutes(
    lat: NDArray[np.float64],
    lon: NDArray[np.float64],
    village_district: NDArray[np.int64],
    district_terrain: Sequence[KecamatanTerrain],
    kelurahan: NDArray[np.bool_],
) -> NDArray[np.float64]:
    """One-way minutes between every pair of villages under the terrain model.

    Parameters
    ----------
    lat, lon
        Village centroids, degrees.
    village_district
        Kecamatan index of each village.
    district_terrain
        Terrain class and corridor of each kecamatan, by index.
    kelurahan
        Whether each village is a kelurahan (no access minutes).

    Returns
    -------
    numpy.ndarray
        Square matrix ``minutes[a, b]``, symmetric, 0 on the diagonal, rounded to 0.1.
    """
    classes = [TERRAINS[t.terrain] for t in district_terrain]
    detour = np.array([c.detour for c in classes])[village_district]
    pace = 60.0 / np.array([c.speed_kmh for c in classes])[village_district]  # min per km
    access = np.where(
        kelurahan, 0.0, np.array([c.access_minutes for c in classes])[village_district]
    )
    corridor_names = sorted({t.corridor for t in district_terrain})
    corridor = np.array([corridor_names.index(t.corridor) for t in district_terrain])
    corridor = corridor[village_district]
    km = haversine_km(lat[:, None], lon[:, None], lat[None, :], lon[None, :])
    minutes = (
        km * (detour[:, None] + detour[None, :]) / 2 * (pace[:, None] + pace[None, :]) / 2
        + access[:, None]
        + access[None, :]
        + CORRIDOR_CHANGE_MINUTES * (corridor[:, None] != corridor[None, :])
    )
    np.fill_diagonal(minutes, 0.0)
    return np.asarray(np.round(minutes, 1), dtype=np.float64)
