"""Real geography for the ``national`` and ``province`` presets, from the shipped data.

Codes, names, desa/kelurahan kinds and centroids come from :mod:`koperasi_alloc.wilayah`
(Kepmendagri 2025; cahyadsn/wilayah_boundaries and cahyadsn/wilayah, MIT licence). What
the source does not give is derived here and says so:

* the **seat** of a kabupaten/kota (where its agencies' head offices are): its kecamatan
  with the most kelurahan (the urban centre), ties broken by the nearest to the
  kabupaten's centroid; not the official ibukota;
* a kecamatan's centroid stands in for its seat (``District.lat/lon``);
* the 359 villages without a centroid in the source were placed inside their kecamatan
  by ``tools/pack_wilayah.py``; their records carry ``attributes={"placed_in_kecamatan":
  true}``.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from koperasi_alloc.synth._layout import Region
from koperasi_alloc.wilayah import wilayah

__all__ = ["PLACED_ATTRIBUTE", "real_region"]

PLACED_ATTRIBUTE = "placed_in_kecamatan"
"""Village attribute set to true where the position was placed, not read from the source."""

_MARGIN = 0.05  # degrees of extent around the outermost point of a region


def _group_index(parent_codes: list[str], child_codes: list[str], width: int) -> NDArray[np.int64]:
    """For each child code, the index of its parent (codes sorted, prefix of ``width``)."""
    position = {code: i for i, code in enumerate(parent_codes)}
    return np.array([position[c[:width]] for c in child_codes], dtype=np.int64)


def _seats(
    district_kab: NDArray[np.int64],
    kelurahan_per_district: NDArray[np.int64],
    distance_to_kab_centre: NDArray[np.float64],
    n_kab: int,
) -> NDArray[np.int64]:
    """Per kabupaten the kecamatan index with the most kelurahan, then the nearest centre."""
    order = np.lexsort((distance_to_kab_centre, -kelurahan_per_district, district_kab))
    first = np.r_[True, np.diff(district_kab[order]) != 0]
    seats = order[first]
    if len(seats) != n_kab:
        raise ValueError("a kabupaten/kota has no kecamatan")
    return seats.astype(np.int64)


def real_region(name: str, provinces: tuple[str, ...] | None, cooperative_share: float) -> Region:
    """The real kabupaten/kota, kecamatan and villages of some provinces, or of Indonesia.

    Parameters
    ----------
    name
        The region's name.
    provinces
        Province codes to keep (``("64",)``), or None for all 38.
    cooperative_share
        Share of villages with a cooperative (the generator draws which).

    Returns
    -------
    Region
        Sorted by code; no travel table (straight-line km).
    """
    w = wilayah()

    def keep(codes: list[str]) -> NDArray[np.int64]:
        if provinces is None:
            return np.arange(len(codes), dtype=np.int64)
        wanted = set(provinces)
        return np.array([i for i, c in enumerate(codes) if c[:2] in wanted], dtype=np.int64)

    k_idx, d_idx, v_idx = (
        keep(w.kabupaten.codes),
        keep(w.kecamatan.codes),
        keep(w.villages.codes),
    )
    kab_codes = [w.kabupaten.codes[i] for i in k_idx.tolist()]
    district_codes = [w.kecamatan.codes[i] for i in d_idx.tolist()]
    village_codes = [w.villages.codes[i] for i in v_idx.tolist()]
    district_kab = _group_index(kab_codes, district_codes, 5)
    village_district = _group_index(district_codes, village_codes, 8)
    kelurahan = np.array([c[9] == "1" for c in village_codes], dtype=bool)
    d_lat, d_lon = w.kecamatan.lat[d_idx], w.kecamatan.lon[d_idx]
    v_lat, v_lon = w.villages.lat[v_idx], w.villages.lon[v_idx]
    to_centre = np.hypot(
        d_lat - w.kabupaten.lat[k_idx][district_kab], d_lon - w.kabupaten.lon[k_idx][district_kab]
    )
    kel_per_district = np.bincount(village_district[kelurahan], minlength=len(district_codes))
    lat_all, lon_all = np.r_[v_lat, d_lat], np.r_[v_lon, d_lon]
    return Region(
        name=name,
        extent=(
            (float(lat_all.min()) - _MARGIN, float(lat_all.max()) + _MARGIN),
            (float(lon_all.min()) - _MARGIN, float(lon_all.max()) + _MARGIN),
        ),
        kab_codes=kab_codes,
        kab_names=[w.kabupaten.names[i] for i in k_idx.tolist()],
        kab_seat=_seats(district_kab, kel_per_district, to_centre, len(kab_codes)),
        district_codes=district_codes,
        district_names=[w.kecamatan.names[i] for i in d_idx.tolist()],
        district_kab=district_kab,
        district_lat=d_lat,
        district_lon=d_lon,
        village_codes=village_codes,
        village_names=[w.villages.names[i] for i in v_idx.tolist()],
        village_district=village_district,
        village_lat=v_lat,
        village_lon=v_lon,
        village_kelurahan=kelurahan,
        cooperative_share=cooperative_share,
        village_placed=w.village_placed[v_idx],
    )
