"""Geography of a region as numpy arrays: kabupaten, kecamatan and villages."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = ["Region", "apportion"]

IntArray = NDArray[np.int64]
FloatArray = NDArray[np.float64]
BoolArray = NDArray[np.bool_]


@dataclass(frozen=True)
class Region:
    """Kabupaten, kecamatan and villages, sorted by code (so each group is contiguous).

    ``district_kab`` maps each kecamatan to its kabupaten index, ``kab_seat`` each kabupaten
    to the kecamatan index of its seat, ``village_district`` each village to its kecamatan.
    ``travel_minutes``, when given, becomes the scenario's village-to-village travel table.
    """

    name: str
    extent: tuple[tuple[float, float], tuple[float, float]]
    kab_codes: list[str]
    kab_names: list[str]
    kab_seat: IntArray
    district_codes: list[str]
    district_names: list[str]
    district_kab: IntArray
    district_lat: FloatArray
    district_lon: FloatArray
    village_codes: list[str]
    village_names: list[str]
    village_district: IntArray
    village_lat: FloatArray
    village_lon: FloatArray
    village_kelurahan: BoolArray
    cooperative_share: float
    travel_minutes: FloatArray | None = None
    """Modelled one-way minutes between villages (square, by village index), or None."""
    village_placed: BoolArray | None = None
    """True for a village whose position was placed, not read from the source (or None)."""


def apportion(
    total: int, weights: FloatArray, minimum: int = 0, cap: int | None = None
) -> IntArray:
    """Split ``total`` into integers proportional to ``weights`` (largest remainder).

    Every part gets at least ``minimum`` and at most ``cap``; the parts sum to ``total``.
    """
    n = len(weights)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    if total < minimum * n or (cap is not None and total > cap * n):
        raise ValueError(f"cannot split {total} into {n} parts within [{minimum}, {cap}]")
    out = np.full(n, minimum, dtype=np.int64)
    limit = np.full(n, np.iinfo(np.int64).max if cap is None else cap, dtype=np.int64)
    w = np.asarray(weights, dtype=np.float64)
    left = total - int(out.sum())
    while left > 0:
        open_ = out < limit
        share = np.where(open_, w, 0.0)
        if share.sum() <= 0:
            share = open_.astype(np.float64)
        exact = share / share.sum() * left
        add = np.minimum(np.floor(exact).astype(np.int64), limit - out)
        remainder = left - int(add.sum())
        if remainder > 0:
            frac = np.where(open_ & (out + add < limit), exact - np.floor(exact), -1.0)
            order = np.argsort(-frac, kind="stable")[:remainder]
            order = order[frac[order] >= 0]
            add[order] += 1
        out += add
        left = total - int(out.sum())
    return out
