"""Indonesia's administrative regions as shipped in the package: codes, names, centroids
and simplified boundaries.

Two data files in ``koperasi_alloc/data``, written by ``tools/pack_wilayah.py``:

``wilayah.npz``
    Every province (38), kabupaten/kota (514), kecamatan (7,285) and desa/kelurahan
    (83,762) of the Kepmendagri 2025 edition with its code, name and centroid (1e-5
    degrees). 359 villages have no centroid in the source; they were placed inside their
    kecamatan's boundary and are flagged (:attr:`Wilayah.village_placed`).
``batas.npz``
    Simplified boundaries, GeoJSON order (lon, lat), on a 1e-4 degree grid: every
    kabupaten/kota and kecamatan, and the desa/kelurahan of Kalimantan Timur (64).

Sources, both by Cahya DSN under the MIT licence: the repository
``cahyadsn/wilayah_boundaries`` (commit 3c5a796: centroids and boundaries) and
``cahyadsn/wilayah`` (commit b7ad440, ``db/wilayah.sql``: the list of codes and names).
The licence text is in ``koperasi_alloc/data/README.md`` and ``docs/geography.md``.

>>> from koperasi_alloc.wilayah import boundaries, wilayah
>>> w = wilayah()
>>> len(w.villages.codes)
83762
>>> shapes = boundaries("kecamatan", ["64.08.01"])  # rings of (lon, lat)

Needs numpy only. Nothing here knows about scenarios.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "BOUNDARY_FILE",
    "CENTROID_FILE",
    "Level",
    "Polygon",
    "Wilayah",
    "boundaries",
    "boundary_source",
    "kabupaten_code",
    "region_names",
    "wilayah",
]

CENTROID_FILE = "wilayah.npz"
"""Codes, names and centroids, inside ``koperasi_alloc/data``."""
BOUNDARY_FILE = "batas.npz"
"""Simplified boundaries, inside ``koperasi_alloc/data``."""

BoundaryLevel = Literal["kabupaten", "kecamatan", "desa"]
Polygon = list[NDArray[np.float64]]
"""One polygon: its outer ring, then its holes; each ring an (n, 2) array of (lon, lat),
closed (the first point repeated last)."""

_KEY = {"kabupaten": "kab", "kecamatan": "kec", "desa": "desa"}
_WIDTH = {"prov": 2, "kab": 4, "kec": 6, "desa": 10}


@dataclass(frozen=True)
class Level:
    """The regions of one level, sorted by code: codes, names and centroid (degrees)."""

    codes: list[str]
    names: list[str]
    lat: NDArray[np.float64]
    lon: NDArray[np.float64]


@dataclass(frozen=True)
class Wilayah:
    """Every province, kabupaten/kota, kecamatan and desa/kelurahan of Indonesia."""

    provinces: Level
    kabupaten: Level
    """Kabupaten and kota; a kota's code has a last part of 71 or more."""
    kecamatan: Level
    villages: Level
    """Desa and kelurahan; a kelurahan's last part starts with 1."""
    village_placed: NDArray[np.bool_]
    """True where the source has no centroid and the position was placed inside the
    village's kecamatan by the packing script."""
    source: dict[str, Any]
    """Where the data comes from: repositories, commits, licence, edition, counts."""


def _dotted(numbers: NDArray[np.int64], width: int) -> list[str]:
    """Codes such as 6408012001 written as '64.08.01.2001'."""
    out = []
    for number in numbers.tolist():
        digits = f"{number:0{width}d}"
        parts = (digits[0:2], digits[2:4], digits[4:6], digits[6:])
        out.append(".".join(p for p in parts if p))
    return out


def _read_npz(name: str) -> dict[str, NDArray[Any]]:
    resource = files("koperasi_alloc").joinpath("data", name)
    with resource.open("rb") as handle, np.load(handle, allow_pickle=False) as data:
        return {key: data[key] for key in data.files}


@cache
def _boundary_npz() -> dict[str, NDArray[Any]]:
    return _read_npz(BOUNDARY_FILE)


def _level(data: dict[str, NDArray[Any]], key: str) -> Level:
    return Level(
        codes=_dotted(data[f"{key}_code"], _WIDTH[key]),
        names=data[f"{key}_names"].tobytes().decode("utf-8").split("\n"),
        lat=data[f"{key}_lat"] / 100_000.0,
        lon=data[f"{key}_lon"] / 100_000.0,
    )


def wilayah() -> Wilayah:
    """The shipped codes, names and centroids, read from the package (about 0.3 s; keep
    the result rather than calling again: nothing is cached, so a generator that is done
    with it leaves no memory behind).

    Returns
    -------
    Wilayah
        Four :class:`Level` tables sorted by code, the placed-village flags and the source.
    """
    data = _read_npz(CENTROID_FILE)
    return Wilayah(
        provinces=_level(data, "prov"),
        kabupaten=_level(data, "kab"),
        kecamatan=_level(data, "kec"),
        villages=_level(data, "desa"),
        village_placed=data["desa_placed"].astype(bool),
        source=json.loads(data["meta"].tobytes().decode("utf-8")),
    )


@cache
def region_names() -> dict[str, str]:
    """The name of every province and kabupaten/kota by code: ``"64"`` -> ``"Kalimantan
    Timur"``, ``"64.08"`` -> ``"Kabupaten Kutai Timur"`` (552 names, kept once read).

    Returns
    -------
    dict of str to str
        Province and kabupaten/kota codes to their names.
    """
    w = wilayah()
    return {
        **dict(zip(w.provinces.codes, w.provinces.names, strict=True)),
        **dict(zip(w.kabupaten.codes, w.kabupaten.names, strict=True)),
    }


def kabupaten_code(code: str) -> str:
    """The kabupaten/kota part of a kecamatan or village code ('64.08.01' -> '64.08')."""
    return code[:5]


@cache
def _unit_index(level: BoundaryLevel) -> dict[str, int]:
    data = _boundary_npz()
    key = _KEY[level]
    width = {"kab": 4, "kec": 6, "desa": 10}[key]
    return {code: i for i, code in enumerate(_dotted(data[f"{key}_code"], width))}


@cache
def _vertices(level: BoundaryLevel) -> NDArray[np.float64]:
    xy = _boundary_npz()[f"{_KEY[level]}_xy"]
    return np.cumsum(xy.astype(np.int64), axis=0) / 10_000.0


def boundaries(
    level: BoundaryLevel, codes: Iterable[str] | None = None
) -> dict[str, list[Polygon]]:
    """Simplified boundary polygons by code.

    Parameters
    ----------
    level
        ``"kabupaten"`` (kabupaten and kota, all of Indonesia), ``"kecamatan"`` (all of
        Indonesia) or ``"desa"`` (desa and kelurahan of Kalimantan Timur only).
    codes
        The codes wanted (``"64.08"``, ``"64.08.01"``, ``"64.08.01.2001"``); all when None.
        Codes with no boundary in the data are left out of the result.

    Returns
    -------
    dict of str to list of Polygon
        Per code its polygons; each polygon a list of rings (outer first, then holes), each
        ring an ``(n, 2)`` array of (lon, lat) in degrees, closed.
    """
    data = _boundary_npz()
    key = _KEY[level]
    index = _unit_index(level)
    ring_start = data[f"{key}_ring_start"]
    point_start = data[f"{key}_point_start"]
    outer = data[f"{key}_outer"]
    points = _vertices(level)
    wanted = index if codes is None else [c for c in dict.fromkeys(codes) if c in index]
    out: dict[str, list[Polygon]] = {}
    for code in wanted:
        unit = index[code]
        polygons: list[Polygon] = []
        for ring in range(int(ring_start[unit]), int(ring_start[unit + 1])):
            vertices = points[int(point_start[ring]) : int(point_start[ring + 1])]
            if outer[ring] or not polygons:
                polygons.append([vertices])
            else:
                polygons[-1].append(vertices)
        out[code] = polygons
    return out


def boundary_source() -> dict[str, Any]:
    """Where the boundaries come from and how they were simplified (``batas.npz``)."""
    meta: dict[str, Any] = json.loads(_boundary_npz()["meta"].tobytes().decode("utf-8"))
    return meta
