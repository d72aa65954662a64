"""Geography of a synthetic region: kabupaten, kecamatan and villages as numpy arrays."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from koperasi_alloc.synth import _data

__all__ = ["Region", "apportion", "synthetic_region"]

KM_PER_DEG = 111.195

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


def _clip_round(values: FloatArray, low: float, high: float) -> FloatArray:
    return np.asarray(np.round(np.clip(values, low, high), 5), dtype=np.float64)


def _place_names(rng: np.random.Generator, n: int) -> list[str]:
    prefixes = _data.PLACE_PREFIXES
    roots = _data.PLACE_ROOTS
    i = rng.integers(0, len(prefixes), n)
    j = rng.integers(0, len(roots), n)
    return [f"{prefixes[a]} {roots[b]}" for a, b in zip(i.tolist(), j.tolist(), strict=True)]


def _village_codes(
    district_codes: list[str], village_district: IntArray, kel: BoolArray
) -> list[str]:
    """Codes numbered within each kecamatan: kelurahan 1001.., desa 2001.. (kelurahan first)."""
    n = len(village_district)
    # Villages arrive sorted by (district, not kelurahan); number each kind from 1.
    key = village_district * 2 + (~kel).astype(np.int64)
    starts = np.r_[0, np.flatnonzero(np.diff(key)) + 1]
    run_id = np.repeat(np.arange(len(starts)), np.diff(np.r_[starts, n]))
    number = np.arange(n) - starts[run_id] + 1
    if n and int(number.max()) > 999:
        raise ValueError("more than 999 villages of one kind in a kecamatan")
    base = np.where(kel, 1000, 2000) + number
    return [
        f"{district_codes[d]}.{b:04d}"
        for d, b in zip(village_district.tolist(), base.tolist(), strict=True)
    ]


def _province_counts(
    provinces: tuple[_data.ProvinceSpec, ...],
    n_kabupaten: int,
    n_kota: int,
    n_kecamatan: int,
    n_villages: int,
) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    """Kabupaten, kota, kecamatan and villages per province, summing to the totals."""
    kab_per_prov = apportion(
        n_kabupaten, np.array([p.n_kabupaten for p in provinces], dtype=np.float64), minimum=0
    )
    kota_per_prov = apportion(
        n_kota, np.array([p.n_kota for p in provinces], dtype=np.float64), minimum=0
    )
    units_per_prov = kab_per_prov + kota_per_prov
    if np.any(units_per_prov == 0):
        raise ValueError("a province got no kabupaten/kota")
    kec_per_prov = apportion(
        n_kecamatan,
        np.array([p.kecamatan_weight for p in provinces], dtype=np.float64),
        minimum=2,
    )
    kec_per_prov = _rebalance_min(kec_per_prov, 2 * units_per_prov)
    vil_per_prov = apportion(
        n_villages, np.array([p.village_weight for p in provinces], dtype=np.float64), minimum=1
    )
    vil_per_prov = _rebalance_min(vil_per_prov, 2 * kec_per_prov)
    return kab_per_prov, kota_per_prov, kec_per_prov, vil_per_prov


def _kabupaten_codes(
    provinces: tuple[_data.ProvinceSpec, ...], kab_per_prov: IntArray, kota_per_prov: IntArray
) -> tuple[list[str], BoolArray, IntArray]:
    """Codes of the kabupaten (.01..) and kota (.71..) of each province, in code order."""
    kab_codes: list[str] = []
    kab_is_kota: list[bool] = []
    kab_prov: list[int] = []
    for p_index, p in enumerate(provinces):
        for k in range(int(kab_per_prov[p_index])):
            kab_codes.append(f"{p.code}.{k + 1:02d}")
            kab_is_kota.append(False)
            kab_prov.append(p_index)
        for k in range(int(kota_per_prov[p_index])):
            kab_codes.append(f"{p.code}.{71 + k:02d}")
            kab_is_kota.append(True)
            kab_prov.append(p_index)
    return kab_codes, np.array(kab_is_kota, dtype=bool), np.array(kab_prov, dtype=np.int64)


def _split_within(totals: IntArray, weights: FloatArray, group: IntArray, cap: int) -> IntArray:
    """Split each group's total over its members by weight (at least 2, at most cap each)."""
    parts = np.zeros(len(group), dtype=np.int64)
    for g in range(len(totals)):
        members = np.flatnonzero(group == g)
        parts[members] = apportion(int(totals[g]), weights[members], minimum=2, cap=cap)
    return parts


def _district_codes(kab_codes: list[str], kec_per_kab: IntArray) -> tuple[IntArray, list[str]]:
    district_kab = np.repeat(np.arange(len(kab_codes)), kec_per_kab)
    number_in_kab = np.arange(len(district_kab)) - np.repeat(
        np.cumsum(kec_per_kab) - kec_per_kab, kec_per_kab
    )
    codes = [
        f"{kab_codes[k]}.{n + 1:02d}"
        for k, n in zip(district_kab.tolist(), number_in_kab.tolist(), strict=True)
    ]
    return district_kab.astype(np.int64), codes


def _kelurahan_first(
    rng: np.random.Generator,
    village_district: IntArray,
    district_kota: BoolArray,
    is_seat: BoolArray,
    n_kelurahan: int,
) -> tuple[IntArray, BoolArray]:
    """Kelurahan: kota villages first, then those of kabupaten seats, then at random.

    Returns the villages' kecamatan and kelurahan flags sorted by (kecamatan, kelurahan
    first), so that codes come out in order.
    """
    urban = (
        rng.uniform(0, 1, len(village_district))
        + 2.0 * district_kota[village_district]
        + 1.0 * is_seat[village_district]
    )
    order = np.argsort(-urban, kind="stable")
    kel = np.zeros(len(village_district), dtype=bool)
    kel[order[:n_kelurahan]] = True
    resort = np.lexsort((~kel, village_district))
    return village_district[resort], kel[resort]


def _kecamatan_seats(
    rng: np.random.Generator,
    provinces: tuple[_data.ProvinceSpec, ...],
    kab_prov: IntArray,
    kota: BoolArray,
    units_per_prov: IntArray,
    district_kab: IntArray,
    kec_per_kab: IntArray,
    extent: tuple[tuple[float, float], tuple[float, float]],
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Latitude and longitude of each kecamatan seat, and the spread of its villages.

    Kabupaten centres scatter around their province's centre (kota tightly), kecamatan
    seats around their kabupaten's centre; ``units_per_prov`` is kabupaten plus kota per
    province. Returns ``(lat, lon, village_sigma)`` per kecamatan, village_sigma in degrees
    (the same for every kecamatan of a kabupaten).
    """
    (lat_lo, lat_hi), (lon_lo, lon_hi) = extent
    n_kab = len(kab_prov)
    n_d = len(district_kab)
    spread = np.array([p.spread_deg for p in provinces])[kab_prov]
    units = units_per_prov[kab_prov]
    kab_sigma = np.where(kota, 0.04, spread * 1.1 / np.sqrt(units))
    kab_lat = (
        np.array([p.lat for p in provinces])[kab_prov] + rng.normal(0, 1, n_kab) * spread * 0.6
    )
    kab_lon = (
        np.array([p.lon for p in provinces])[kab_prov] + rng.normal(0, 1, n_kab) * spread * 0.9
    )
    kab_lat = np.clip(kab_lat, lat_lo + 0.5, lat_hi - 0.5)
    kab_lon = np.clip(kab_lon, lon_lo + 0.5, lon_hi - 0.5)
    d_lat = kab_lat[district_kab] + rng.normal(0, 1, n_d) * kab_sigma[district_kab]
    d_lon = kab_lon[district_kab] + rng.normal(0, 1, n_d) * kab_sigma[district_kab]
    d_lat = _clip_round(d_lat, lat_lo + 0.01, lat_hi - 0.01)
    d_lon = _clip_round(d_lon, lon_lo + 0.01, lon_hi - 0.01)
    kec_sigma = np.maximum(kab_sigma / np.sqrt(kec_per_kab), 0.01) * 0.7
    return d_lat, d_lon, kec_sigma[district_kab]


def _villages(
    rng: np.random.Generator,
    vil_per_kec: IntArray,
    district_kota: BoolArray,
    kab_seat: IntArray,
    n_kelurahan: int,
    d_lat: FloatArray,
    d_lon: FloatArray,
    village_sigma: FloatArray,
    extent: tuple[tuple[float, float], tuple[float, float]],
) -> tuple[IntArray, BoolArray, FloatArray, FloatArray]:
    """Each village's kecamatan, kelurahan flag, latitude and longitude.

    Kelurahan go to kota kecamatan and kabupaten seats first (see ``_kelurahan_first``);
    villages scatter around their kecamatan seat by its ``village_sigma``, kept inside
    ``extent``.
    """
    (lat_lo, lat_hi), (lon_lo, lon_hi) = extent
    n_d = len(vil_per_kec)
    is_seat = np.zeros(n_d, dtype=bool)
    is_seat[kab_seat] = True
    village_district, kel = _kelurahan_first(
        rng, np.repeat(np.arange(n_d), vil_per_kec), district_kota, is_seat, n_kelurahan
    )
    n_v = len(village_district)
    sigma = village_sigma[village_district]
    v_lat = d_lat[village_district] + rng.normal(0, 1, n_v) * sigma
    v_lon = d_lon[village_district] + rng.normal(0, 1, n_v) * sigma
    return (
        village_district,
        kel,
        _clip_round(v_lat, lat_lo + 1e-3, lat_hi - 1e-3),
        _clip_round(v_lon, lon_lo + 1e-3, lon_hi - 1e-3),
    )


def synthetic_region(
    rng: np.random.Generator,
    *,
    name: str,
    provinces: tuple[_data.ProvinceSpec, ...],
    n_kabupaten: int,
    n_kota: int,
    n_kecamatan: int,
    n_desa: int,
    n_kelurahan: int,
    extent: tuple[tuple[float, float], tuple[float, float]],
    cooperative_share: float,
) -> Region:
    """A synthetic layout whose kabupaten/kota, kecamatan, desa and kelurahan counts are exact.

    Kabupaten and kota per province follow the spec counts, scaled to the totals;
    kecamatan and villages are split with the specs' weights, then randomly within
    each province. Kota villages are kelurahan first, then the villages of kabupaten seats.
    """
    kab_per_prov, kota_per_prov, kec_per_prov, vil_per_prov = _province_counts(
        provinces, n_kabupaten, n_kota, n_kecamatan, n_desa + n_kelurahan
    )
    kab_codes, kota, kab_prov = _kabupaten_codes(provinces, kab_per_prov, kota_per_prov)
    n_kab = len(kab_codes)
    # Kecamatan per kabupaten, villages per kecamatan, inside each province (kota smaller).
    kec_weight = rng.gamma(4.0, 1.0, n_kab) * np.where(kota, 0.45, 1.0)
    kec_per_kab = _split_within(kec_per_prov, kec_weight, kab_prov, cap=99)
    district_kab, district_codes = _district_codes(kab_codes, kec_per_kab)
    district_kota = kota[district_kab]
    n_d = len(district_kab)
    vil_weight = rng.gamma(3.0, 1.0, n_d) * np.where(district_kota, 0.6, 1.0)
    vil_per_kec = _split_within(vil_per_prov, vil_weight, kab_prov[district_kab], cap=1998)

    # Coordinates: kabupaten centres around the province, seats around those, villages around.
    d_lat, d_lon, village_sigma = _kecamatan_seats(
        rng,
        provinces,
        kab_prov,
        kota,
        kab_per_prov + kota_per_prov,
        district_kab,
        kec_per_kab,
        extent,
    )
    seat_in_kab = (rng.uniform(0, 1, n_kab) * kec_per_kab).astype(np.int64)
    kab_seat = np.cumsum(kec_per_kab) - kec_per_kab + seat_in_kab

    village_district, kel, v_lat, v_lon = _villages(
        rng, vil_per_kec, district_kota, kab_seat, n_kelurahan, d_lat, d_lon, village_sigma, extent
    )
    n_v = len(village_district)
    kab_names = [
        ("Kota " if is_kota else "Kabupaten ") + n
        for is_kota, n in zip(kota.tolist(), _place_names(rng, n_kab), strict=True)
    ]
    district_names = _place_names(rng, n_d)
    return Region(
        name=name,
        extent=extent,
        kab_codes=kab_codes,
        kab_names=kab_names,
        kab_seat=kab_seat.astype(np.int64),
        district_codes=district_codes,
        district_names=district_names,
        district_kab=district_kab,
        district_lat=d_lat,
        district_lon=d_lon,
        village_codes=_village_codes(district_codes, village_district, kel),
        village_names=_place_names(rng, n_v),
        village_district=village_district.astype(np.int64),
        village_lat=v_lat,
        village_lon=v_lon,
        village_kelurahan=kel,
        cooperative_share=cooperative_share,
    )


def _rebalance_min(parts: IntArray, minimum: IntArray) -> IntArray:
    """Move units from the parts with the most slack to those below their minimum."""
    parts = parts.copy()
    short = np.maximum(minimum - parts, 0)
    need = int(short.sum())
    if need == 0:
        return parts
    parts += short
    slack = parts - minimum
    if int(slack.sum()) < need:
        raise ValueError("not enough units to give every part its minimum")
    while need > 0:
        i = int(np.argmax(parts - minimum))
        take = min(need, int(parts[i] - minimum[i]))
        parts[i] -= take
        need -= take
    return parts
