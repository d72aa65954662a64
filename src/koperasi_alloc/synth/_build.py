"""Turn a :class:`Region` and the knobs into a scenario dict (plain data, validated once)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from koperasi_alloc.geometry import haversine_km
from koperasi_alloc.synth import _data
from koperasi_alloc.synth._adjacency import gabriel_pairs
from koperasi_alloc.synth._layout import Region, apportion
from koperasi_alloc.synth._real import PLACED_ATTRIBUTE

__all__ = ["Knobs", "build_scenario_data"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

# Independent random streams, so that e.g. the officer knobs leave the geography alone.
STREAM_LAYOUT = 1
STREAM_VILLAGES = 2
STREAM_COOPERATIVES = 3
STREAM_OFFICERS = 4
STREAM_AGENCIES = 5


@dataclass(frozen=True)
class Knobs:
    """Resolved generator knobs (see :func:`koperasi_alloc.synth.generate`)."""

    n_officers: int
    pppk_share: float
    domicile_spread: float
    legal_entity_share: float
    max_cooperatives: int
    skill_weights: tuple[float, ...]
    skill_diversity: float


def stream(seed: int, which: int) -> np.random.Generator:
    """The random generator of one independent stream of ``seed``."""
    return np.random.default_rng([seed, which])


def grouped_choice(
    rng: np.random.Generator, weights: FloatArray, item_group: IntArray, draw_group: IntArray
) -> IntArray:
    """For each draw, an item of the draw's group with probability proportional to weight.

    Items must be sorted by group (contiguous); every drawn group needs a positive total.
    """
    n_groups = int(item_group.max()) + 1 if len(item_group) else 0
    cw = np.cumsum(weights)
    totals = np.bincount(item_group, weights=weights, minlength=n_groups)
    counts = np.bincount(item_group, minlength=n_groups)
    ends = np.cumsum(counts)
    starts = ends - counts
    before = cw[ends - 1] - totals
    u = rng.uniform(0.0, 1.0, len(draw_group))
    target = before[draw_group] + u * totals[draw_group]
    idx = np.searchsorted(cw, target, side="right")
    return np.clip(idx, starts[draw_group], ends[draw_group] - 1).astype(np.int64)


def top_k_mask(rng: np.random.Generator, weights: FloatArray, k: IntArray) -> NDArray[np.bool_]:
    """Per row, ``k`` distinct columns drawn without replacement by weight (Gumbel top-k)."""
    with np.errstate(divide="ignore"):
        keys = np.log(weights) + rng.gumbel(size=weights.shape)
    order = np.argsort(-keys, axis=1, kind="stable")
    rank = np.empty_like(order)
    rows = np.arange(weights.shape[0])[:, None]
    rank[rows, order] = np.arange(weights.shape[1])[None, :]
    k = np.minimum(k, (weights > 0).sum(axis=1))
    return (rank < k[:, None]) & (weights > 0)


def _statuses(
    rng: np.random.Generator, remoteness: FloatArray, desa: NDArray[np.bool_]
) -> list[str | None]:
    """IDM status for desa (national frequencies; remote desa lean less developed)."""
    n = len(desa)
    out: list[str | None] = [None] * n
    idx = np.flatnonzero(desa)
    if len(idx) == 0:
        return out
    latent = rng.normal(0.0, 1.0, len(idx)) - 1.2 * remoteness[idx]
    order = np.argsort(latent, kind="stable")
    per_status = apportion(len(idx), np.array(_data.IDM_COUNTS, dtype=np.float64))
    status_of_rank = np.repeat(np.arange(len(per_status)), per_status)
    status = np.empty(len(idx), dtype=np.int64)
    status[order] = status_of_rank
    names = _data.IDM_STATUSES
    for i, s in zip(idx.tolist(), status.tolist(), strict=True):
        out[i] = names[s]
    return out


def _nips(rng: np.random.Generator, employment: IntArray) -> list[str]:
    """Unique 18-digit NIP-like ids: birth date (8), start month (6), sex (1), number (3)."""
    n = len(employment)
    year = rng.integers(1966, 2002, n)
    month = rng.integers(1, 13, n)
    day = rng.integers(1, 29, n)
    first_pns = np.maximum(year + 21, 1990)
    start = np.where(
        employment == 0,
        first_pns + (rng.uniform(0, 1, n) * (2025 - first_pns + 1)).astype(np.int64),
        np.maximum(year + 21, 2019 + rng.integers(0, 7, n)),
    )
    start = np.minimum(start, 2025)
    start_month = rng.integers(1, 13, n)
    sex = rng.integers(1, 3, n)
    head = ((year * 100 + month) * 100 + day) * 10**10 + (start * 100 + start_month) * 10**4
    head += sex * 1000
    seq = rng.integers(1, 1000, n)
    ids = head + seq
    for _ in range(100):
        _, first = np.unique(ids, return_index=True)
        dup = np.ones(n, dtype=bool)
        dup[first] = False
        if not dup.any():
            break
        ids[dup] = head[dup] + rng.integers(1, 1000, int(dup.sum()))
    else:  # pragma: no cover - practically unreachable
        raise RuntimeError("could not make officer ids unique")
    return [f"{x:018d}" for x in ids.tolist()]


def _r(x: float) -> float:
    return round(float(x), 5)


@dataclass(frozen=True)
class _Distances:
    """Km from each kecamatan seat to its kabupaten seat, from each village to its seat."""

    district_from_hq: FloatArray
    village_from_seat: FloatArray
    remoteness: FloatArray  # per village: 0 at the kabupaten seat, about 1.3 farthest out


def _distances(region: Region) -> _Distances:
    vd = region.village_district
    dk = region.district_kab
    seat_of_district = region.kab_seat[dk]
    d_from_hq = haversine_km(
        region.district_lat,
        region.district_lon,
        region.district_lat[seat_of_district],
        region.district_lon[seat_of_district],
    )
    v_from_seat = haversine_km(
        region.village_lat, region.village_lon, region.district_lat[vd], region.district_lon[vd]
    )
    kab_max = np.maximum(
        np.maximum.reduceat(d_from_hq, np.r_[0, np.flatnonzero(np.diff(dk)) + 1]), 1.0
    )
    remoteness = (d_from_hq / kab_max[dk])[vd] + 0.3 * np.minimum(v_from_seat / 25.0, 1.0)
    return _Distances(d_from_hq, v_from_seat, remoteness)


def _district_records(region: Region) -> list[dict[str, Any]]:
    return [
        {"code": c, "name": nm, "lat": _r(la), "lon": _r(lo)}
        for c, nm, la, lo in zip(
            region.district_codes,
            region.district_names,
            region.district_lat.tolist(),
            region.district_lon.tolist(),
            strict=True,
        )
    ]


def _village_records(region: Region, remoteness: FloatArray, seed: int) -> list[dict[str, Any]]:
    """Villages with their real or synthetic place; the IDM status is always synthetic."""
    kel = region.village_kelurahan
    statuses = _statuses(stream(seed, STREAM_VILLAGES), remoteness, ~kel)
    records = [
        {
            "code": code,
            "name": vname,
            "district": region.district_codes[d],
            "lat": la,
            "lon": lo,
            "kind": "kelurahan" if k else "desa",
            "status": st,
        }
        for code, vname, d, la, lo, k, st in zip(
            region.village_codes,
            region.village_names,
            region.village_district.tolist(),
            region.village_lat.tolist(),
            region.village_lon.tolist(),
            kel.tolist(),
            statuses,
            strict=True,
        )
    ]
    if region.village_placed is not None:
        for i in np.flatnonzero(region.village_placed).tolist():
            records[i]["attributes"] = {PLACED_ATTRIBUTE: True}
    return records


def _cooperative_records(region: Region, knobs: Knobs, seed: int) -> list[dict[str, Any]]:
    """Which villages have a cooperative, its legal-entity status and demand (synthetic)."""
    rng_c = stream(seed, STREAM_COOPERATIVES)
    n_v = len(region.village_codes)
    kel = region.village_kelurahan
    n_coop = round(region.cooperative_share * n_v)
    has_coop = np.zeros(n_v, dtype=bool)
    has_coop[np.sort(rng_c.permutation(n_v)[:n_coop])] = True
    legal_u = rng_c.uniform(0, 1, n_v)
    size = rng_c.choice(3, size=n_v, p=np.array(_data.DEMAND_SIZE_P)) + 1
    role_w = np.array([r.demand_weight for r in _data.ROLES])
    rural = np.array([r.rural_only for r in _data.ROLES])
    w = np.broadcast_to(role_w, (n_v, len(role_w))).copy()
    w[np.ix_(kel, rural)] = 0.0
    demand_mask = top_k_mask(rng_c, w, size)
    bits = demand_mask @ (1 << np.arange(len(_data.ROLES)))
    demand_table = [
        {code: 1 for j, code in enumerate(_data.ROLE_CODES) if b >> j & 1}
        for b in range(1 << len(_data.ROLES))
    ]
    cooperatives: list[dict[str, Any]] = []
    for i in np.flatnonzero(has_coop).tolist():
        kind = "Kelurahan" if kel[i] else "Desa"
        cooperatives.append(
            {
                "id": f"KDMP-{region.village_codes[i]}",
                "name": f"Koperasi {kind} Merah Putih {region.village_names[i]}",
                "village": region.village_codes[i],
                "legal_entity": bool(legal_u[i] < knobs.legal_entity_share),
                "demand": dict(demand_table[int(bits[i])]),
            }
        )
    return cooperatives


@dataclass(frozen=True)
class _Officers:
    """Officer attributes as arrays (indices into the region and the reference tables)."""

    kab: IntArray
    template: IntArray  # agency template (index into _data.AGENCIES)
    domicile: IntArray  # village index
    work: IntArray  # kecamatan index
    employment: IntArray
    education: IntArray
    group: IntArray  # index into group_names
    group_names: list[str]
    skill_bits: IntArray
    max_cooperatives: IntArray
    unavailable: NDArray[np.bool_]
    first_name: IntArray
    last_name: IntArray
    ids: list[str]


def _officer_places(
    rng: np.random.Generator, region: Region, knobs: Knobs, distances: _Distances
) -> tuple[IntArray, IntArray, IntArray, IntArray]:
    """Kabupaten, agency template, domicile village and work kecamatan of every officer."""
    n_o = knobs.n_officers
    vd = region.village_district
    dk = region.district_kab
    n_kab = len(region.kab_codes)
    n_d = len(region.district_codes)
    agencies = _data.AGENCIES
    # Kabupaten of each officer: by village count, with some noise.
    vil_per_kab = np.bincount(dk[vd], minlength=n_kab).astype(np.float64)
    kab_w = vil_per_kab**0.9 * rng.lognormal(0.0, 0.25, n_kab)
    kab_counts = apportion(n_o, kab_w) if n_o else np.zeros(n_kab, dtype=np.int64)
    o_kab = np.repeat(np.arange(n_kab), kab_counts)
    template = rng.choice(len(agencies), size=n_o, p=_normalised([a.pool_share for a in agencies]))
    field = rng.uniform(0, 1, n_o) < np.array([a.field_share for a in agencies])[template]

    spread = knobs.domicile_spread
    d_from_hq = distances.district_from_hq
    vil_per_d = np.bincount(vd, minlength=n_d).astype(np.float64)
    is_hq = np.zeros(n_d, dtype=bool)
    is_hq[region.kab_seat] = True
    kab_vil = np.bincount(dk, weights=vil_per_d, minlength=n_kab)
    # Field staff live all over the kabupaten, thinning with distance from the seat; head
    # office staff live in or near the seat. Both lean towards the seat itself.
    w_field = vil_per_d * np.exp(-d_from_hq / (8.0 * spread)) + is_hq * 0.15 * kab_vil[dk]
    w_hq = vil_per_d * np.exp(-d_from_hq / (3.0 * spread)) + is_hq * 0.1 * kab_vil[dk]
    home_field = grouped_choice(rng, w_field, dk, o_kab)
    home_hq = grouped_choice(rng, w_hq, dk, o_kab)
    home = np.where(field, home_field, home_hq)
    v_w = np.exp(-distances.village_from_seat / spread) + 1e-9
    domicile = grouped_choice(rng, v_w, vd, home)
    work = np.where(field, home, region.kab_seat[o_kab])
    return o_kab, template, domicile, work


def _employment_and_education(
    rng: np.random.Generator, n_o: int, pppk_share: float
) -> tuple[IntArray, IntArray]:
    pppk = rng.uniform(0, 1, n_o) < pppk_share
    part = rng.uniform(0, 1, n_o) < _data.PARUH_WAKTU_SHARE
    employment = np.where(pppk, np.where(part, 2, 1), 0)
    edu_u = rng.uniform(0, 1, n_o)
    education = np.zeros(n_o, dtype=np.int64)
    for e_index, e_name in enumerate(_data.EMPLOYMENTS):
        cum = np.cumsum(_normalised(_data.EDUCATION_P[e_name]))
        sel = employment == e_index
        education[sel] = np.minimum(np.searchsorted(cum, edu_u[sel], side="right"), len(cum) - 1)
    return employment, education


def _functional_groups(rng: np.random.Generator, template: IntArray) -> tuple[IntArray, list[str]]:
    agencies = _data.AGENCIES
    group_names: list[str] = ["teknis"]
    for a in agencies:
        for g, _ in a.groups:
            if g not in group_names:
                group_names.append(g)
    group_cum = np.zeros((len(agencies), len(group_names)))
    for t, a in enumerate(agencies):
        p = np.zeros(len(group_names))
        for g, share in a.groups:
            p[group_names.index(g)] = share
        p[0] = 1.0 - p.sum()
        group_cum[t] = np.cumsum(p)
    g_u = rng.uniform(0, 1, len(template))
    group = np.minimum((g_u[:, None] >= group_cum[template]).sum(axis=1), len(group_names) - 1)
    return group, group_names


def _skill_bits(rng: np.random.Generator, template: IntArray, knobs: Knobs) -> IntArray:
    affinity = np.array([a.affinity for a in _data.AGENCIES], dtype=np.float64)
    skill_w = affinity[template] * np.array(knobs.skill_weights)[None, :]
    n_skills = 1 + rng.binomial(2, knobs.skill_diversity, len(template))
    skill_mask = top_k_mask(rng, skill_w, n_skills)
    empty = ~skill_mask.any(axis=1)
    if empty.any():  # every officer keeps at least one skill: the most wanted overall
        skill_mask[empty, int(np.argmax(knobs.skill_weights))] = True
    return np.asarray(skill_mask @ (1 << np.arange(len(_data.ROLES))), dtype=np.int64)


def _draw_officers(region: Region, knobs: Knobs, seed: int, distances: _Distances) -> _Officers:
    """All officer attributes, drawn from one stream in a fixed order (seed-stable)."""
    rng = stream(seed, STREAM_OFFICERS)
    n_o = knobs.n_officers
    o_kab, template, domicile, work = _officer_places(rng, region, knobs, distances)
    employment, education = _employment_and_education(rng, n_o, knobs.pppk_share)
    group, group_names = _functional_groups(rng, template)
    skill_bits = _skill_bits(rng, template, knobs)
    multi = rng.uniform(0, 1, n_o) < _data.MULTI_COOPERATIVE_SHARE
    unavailable = rng.uniform(0, 1, n_o) < _data.UNAVAILABLE_SHARE
    first = rng.integers(0, len(_data.FIRST_NAMES), n_o)
    last = rng.integers(0, len(_data.LAST_NAMES), n_o)
    return _Officers(
        kab=o_kab,
        template=template,
        domicile=domicile,
        work=work,
        employment=employment,
        education=education,
        group=group,
        group_names=group_names,
        skill_bits=skill_bits,
        max_cooperatives=np.where(multi, knobs.max_cooperatives, 1),
        unavailable=unavailable,
        first_name=first,
        last_name=last,
        ids=_nips(rng, employment),
    )


def _officer_records(
    region: Region, officers: _Officers, agency_codes: list[str]
) -> list[dict[str, Any]]:
    n_t = len(_data.AGENCIES)
    skill_table = [
        [code for j, code in enumerate(_data.ROLE_CODES) if b >> j & 1]
        for b in range(1 << len(_data.ROLES))
    ]
    agency_index = officers.kab * n_t + officers.template
    columns = zip(
        officers.ids,
        officers.employment.tolist(),
        agency_index.tolist(),
        officers.domicile.tolist(),
        officers.work.tolist(),
        officers.education.tolist(),
        officers.group.tolist(),
        officers.skill_bits.tolist(),
        officers.max_cooperatives.tolist(),
        officers.unavailable.tolist(),
        officers.first_name.tolist(),
        officers.last_name.tolist(),
        strict=True,
    )
    return [
        {
            "id": oid,
            "name": f"{_data.FIRST_NAMES[fn]} {_data.LAST_NAMES[ln]}",
            "employment": _data.EMPLOYMENTS[emp],
            "agency": agency_codes[ag],
            "domicile": region.village_codes[dom],
            "work_district": region.district_codes[wk],
            "education": _data.EDUCATIONS[edu],
            "skills": list(skill_table[sb]),
            "group": officers.group_names[grp],
            "max_cooperatives": mc,
            "weekly_hours": _data.PARUH_WAKTU_WEEKLY_HOURS if emp == 2 else None,
            "available": not unav,
        }
        for oid, emp, ag, dom, wk, edu, grp, sb, mc, unav, fn, ln in columns
    ]


def _agency_records(
    region: Region, officers: _Officers, agency_codes: list[str], seed: int
) -> list[dict[str, Any]]:
    """Every agency template in every kabupaten, with headcount and release caps."""
    rng_a = stream(seed, STREAM_AGENCIES)
    agencies_spec = _data.AGENCIES
    n_t = len(agencies_spec)
    n_kab = len(region.kab_codes)
    listed = np.bincount(officers.kab * n_t + officers.template, minlength=n_kab * n_t)
    t_of = np.tile(np.arange(n_t), n_kab)
    factor = np.array([a.headcount_factor for a in agencies_spec])[t_of]
    headcount = np.maximum(
        listed, np.ceil(listed * factor * rng_a.uniform(0.85, 1.2, len(listed)))
    ).astype(np.int64)
    headcount = np.maximum(headcount, 1)
    cap_share = np.array([a.cap_share for a in agencies_spec])[t_of] * rng_a.uniform(
        0.8, 1.2, len(listed)
    )
    agencies: list[dict[str, Any]] = []
    for k_index, kab_name in enumerate(region.kab_names):
        for t, spec in enumerate(agencies_spec):
            ai = k_index * n_t + t
            record: dict[str, Any] = {
                "code": agency_codes[ai],
                "name": f"{spec.name} {kab_name}",
                "headcount": int(headcount[ai]),
            }
            absolute = min(int(headcount[ai]), round(float(cap_share[ai]) * int(listed[ai])))
            fraction = min(
                1.0, round(float(cap_share[ai]) * int(listed[ai]) / int(headcount[ai]), 3)
            )
            if spec.cap in ("absolute", "both"):
                record["max_release"] = absolute
            if spec.cap in ("fraction", "both"):
                record["max_release_fraction"] = fraction
            agencies.append(record)
    return agencies


def _travel_records(region: Region) -> list[dict[str, Any]] | None:
    """The region's modelled minutes as village-to-village travel entries (None if none)."""
    if region.travel_minutes is None:
        return None
    minutes = region.travel_minutes
    origin, target = np.nonzero(~np.eye(len(minutes), dtype=bool))
    codes = region.village_codes
    return [
        {"origin": codes[a], "village": codes[b], "minutes": m}
        for a, b, m in zip(
            origin.tolist(), target.tolist(), minutes[origin, target].tolist(), strict=True
        )
    ]


def build_scenario_data(region: Region, knobs: Knobs, seed: int, name: str) -> dict[str, Any]:
    """The scenario as plain data, ready for ``Scenario.model_validate``."""
    distances = _distances(region)
    officers = _draw_officers(region, knobs, seed, distances)
    agency_codes = [f"{a.code}-{kab}" for kab in region.kab_codes for a in _data.AGENCIES]
    roles = [
        {
            "code": r.code,
            "name": r.name,
            "min_education": r.min_education,
            "weekly_hours": r.weekly_hours,
        }
        for r in _data.ROLES
    ]
    adjacency = gabriel_pairs(
        region.district_codes, region.district_lat, region.district_lon, region.district_kab
    )
    data: dict[str, Any] = {
        "name": name,
        "districts": _district_records(region),
        "villages": _village_records(region, distances.remoteness, seed),
        "cooperatives": _cooperative_records(region, knobs, seed),
        "officers": _officer_records(region, officers, agency_codes),
        "roles": roles,
        "agencies": _agency_records(region, officers, agency_codes, seed),
        "policy": {},
        "adjacency": [list(p) for p in adjacency],
    }
    travel = _travel_records(region)
    if travel is not None:
        data["travel"] = travel
    return data


def _normalised(values: Any) -> FloatArray:
    arr = np.asarray(values, dtype=np.float64)
    return np.asarray(arr / arr.sum())


def skill_weights_from(mix: Mapping[str, float]) -> tuple[float, ...]:
    """Per-role skill weight multipliers from a ``{role: weight}`` mapping (others stay 1)."""
    unknown = sorted(set(mix) - set(_data.ROLE_CODES))
    if unknown:
        raise ValueError(
            f"skill_mix names unknown role(s) {unknown}; roles are {list(_data.ROLE_CODES)}"
        )
    weights = []
    for code in _data.ROLE_CODES:
        value = float(mix.get(code, 1.0))
        if not np.isfinite(value) or value < 0:
            raise ValueError(f"skill_mix[{code!r}] must be a finite number >= 0, got {value}")
        weights.append(value)
    if sum(weights) <= 0:
        raise ValueError("skill_mix gives every role weight 0")
    return tuple(weights)
