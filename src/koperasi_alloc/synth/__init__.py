"""Built-in regions: realistic, deterministic scenarios for tests, demos and benchmarks.

>>> from koperasi_alloc.synth import generate
>>> scenario = generate("kutai-timur", seed=1, scarcity=0.5)

Presets (:data:`PRESETS`):

``kutai-timur``
    Kabupaten Kutai Timur (64.08) as it is: its 18 kecamatan and 141 desa/kelurahan (139
    desa + 2 kelurahan, one cooperative each) with their real Kemendagri codes, names,
    kelurahan flags and polygon centroids, read from the shipped data file
    (cahyadsn/wilayah_boundaries, MIT licence; see :mod:`._kutai`), adjacency from the real
    kecamatan positions, and a travel table from a terrain model of the kabupaten's roads
    and rivers (:mod:`._terrain`, modelled, not measured). Synthetic: about 1,500
    candidate officers from a dozen agencies (OPD), the agencies, demand, legal-entity
    status and village (IDM) status.
``province``
    Provinsi Kalimantan Timur (64) as it is: 7 kabupaten + 3 kota, 105 kecamatan and
    1,038 desa/kelurahan (841 + 197) with their real codes, names and centroids
    (:mod:`koperasi_alloc.wilayah`), one cooperative each, and 10,000 synthetic officers.
``national``
    Indonesia as it is: 38 provinces, 416 kabupaten + 98 kota, 7,285 kecamatan and
    75,266 desa + 8,496 kelurahan with their real codes, names and centroids (359
    villages without a centroid in the source placed inside their kecamatan and flagged
    ``attributes={"placed_in_kecamatan": true}``), 81,147 cooperatives (the August 2025
    count, drawn among the villages) and about 250,000 synthetic officers.

In every preset the officers, agencies (OPD), demand, legal-entity status and village
(IDM) status are synthetic; the seat of a kabupaten/kota outside Kutai Timur is derived
(:mod:`._real`).

See ``docs/geography.md`` for what is real, what is synthetic and the travel model.

The same preset, seed and knobs always give a byte-identical ``model_dump_json()``.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from koperasi_alloc.scenario import Scenario
from koperasi_alloc.synth import _data
from koperasi_alloc.synth._build import (
    STREAM_LAYOUT,
    Knobs,
    build_scenario_data,
    skill_weights_from,
    stream,
)
from koperasi_alloc.synth._kutai import kutai_timur_region
from koperasi_alloc.synth._layout import Region
from koperasi_alloc.synth._real import real_region

__all__ = ["KNOBS", "PRESETS", "generate"]


@dataclass(frozen=True)
class _Preset:
    region: Callable[[np.random.Generator], Region]
    n_officers: int


def _province(rng: np.random.Generator) -> Region:
    del rng  # the real geography is the same for every seed
    return real_region("Provinsi Kalimantan Timur", ("64",), cooperative_share=1.0)


def _national(rng: np.random.Generator) -> Region:
    del rng
    n_villages = _data.N_DESA + _data.N_KELURAHAN
    return real_region(
        "Indonesia", None, cooperative_share=_data.N_COOPERATIVES_NATIONAL / n_villages
    )


_PRESETS: dict[str, _Preset] = {
    "kutai-timur": _Preset(kutai_timur_region, 1_500),
    "province": _Preset(_province, 10_000),
    "national": _Preset(_national, 250_000),
}

PRESETS: tuple[str, ...] = tuple(_PRESETS)
"""Names of the presets :func:`generate` accepts."""

KNOBS: tuple[str, ...] = (
    "scarcity",
    "n_officers",
    "pppk_share",
    "skill_mix",
    "domicile_spread",
    "legal_entity_share",
    "max_cooperatives",
)
"""Names of the keyword overrides :func:`generate` accepts (the same for every preset)."""

_DEFAULT_PPPK_SHARE = 0.6
_DEFAULT_DOMICILE_SPREAD = 12.0
_DEFAULT_LEGAL_ENTITY_SHARE = 0.85
_DEFAULT_MAX_COOPERATIVES = 2
_DEFAULT_SKILL_DIVERSITY = 0.4


def generate(preset: str, seed: int = 0, **overrides: Any) -> Scenario:
    """Generate a synthetic, valid scenario.

    Parameters
    ----------
    preset
        One of :data:`PRESETS`: ``"kutai-timur"``, ``"province"`` or ``"national"``.
    seed
        Non-negative integer. Same preset, seed and overrides give a byte-identical
        ``model_dump_json()``, in any process. The geography (villages, their status and
        cooperatives) depends only on the preset and seed, never on the officer knobs.
    **overrides
        Knobs, the same for every preset:

        scarcity : float, default 1.0
            Multiplier on the preset's officer pool (1,500 / 10,000 / 250,000):
            ``n_officers = round(base * scarcity)``. Below 1 means fewer officers per slot.
        n_officers : int, optional
            Pool size set directly (overrides the preset's base; cannot be combined with a
            ``scarcity`` other than 1).
        pppk_share : float, default 0.6
            Share of officers who are PPPK (of whom 30 % part-time, ``PPPK_PARUH_WAKTU``);
            the rest are PNS. ``1.0`` gives only PPPK kinds.
        skill_mix : dict[str, float] or float, default 0.4
            A dict ``{role: weight}`` multiplies how often officers hold each role skill
            (roles left out keep 1; 0 removes the skill). A float in [0, 1] is the skill
            diversity instead: each officer holds ``1 + Binomial(2, d)`` skills.
        domicile_spread : float, default 12.0
            Km scale of how far domiciles spread from the kabupaten seat and kecamatan
            seats. Small values pack officers into the seat (Sangatta) so remote kecamatan
            run short; large values spread them evenly.
        legal_entity_share : float, default 0.85
            Share of cooperatives with legal-entity status (only those receive officers
            under the default policy). Lower values keep a subset of the same cooperatives.
        max_cooperatives : int, default 2
            ``max_cooperatives`` of the 15 % of officers who may serve several cooperatives
            (1 means nobody serves more than one).

    Returns
    -------
    Scenario
        A validated scenario with the default :class:`~koperasi_alloc.scenario.Policy` and
        explicit ``adjacency`` (Gabriel graph of kecamatan seats per kabupaten). The
        ``kutai-timur`` preset also carries a ``travel`` table: terrain-model minutes for
        every ordered pair of distinct villages.

    Raises
    ------
    ValueError
        For an unknown preset, a negative seed, an unknown knob (the message names it and
        lists the valid ones) or a knob value out of range.
    """
    if preset not in _PRESETS:
        raise ValueError(f"unknown preset {preset!r}; presets are {list(PRESETS)}")
    if isinstance(seed, bool) or not isinstance(seed, int | np.integer) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    seed = int(seed)
    spec = _PRESETS[preset]
    knobs = _resolve_knobs(spec.n_officers, overrides)
    region = spec.region(stream(seed, STREAM_LAYOUT))
    data = build_scenario_data(region, knobs, seed, _scenario_name(preset, seed, overrides))
    del region  # its arrays are not needed while the records are validated
    return Scenario.model_validate(data)


def _scenario_name(preset: str, seed: int, overrides: Mapping[str, Any]) -> str:
    parts = [f"synth {preset} seed={seed}"]
    parts += [f"{k}={overrides[k]!r}" for k in sorted(overrides)]
    return " ".join(parts)


def _number(name: str, value: Any, low: float, high: float) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.integer | np.floating):
        raise ValueError(f"{name} must be a number, got {value!r}")
    number = float(value)
    if not math.isfinite(number) or not low <= number <= high:
        raise ValueError(f"{name} must be within [{low}, {high}], got {value!r}")
    return number


def _integer(name: str, value: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer):
        raise ValueError(f"{name} must be an integer, got {value!r}")
    if not low <= int(value) <= high:
        raise ValueError(f"{name} must be within [{low}, {high}], got {value!r}")
    return int(value)


def _resolve_knobs(base_officers: int, overrides: Mapping[str, Any]) -> Knobs:
    unknown = sorted(set(overrides) - set(KNOBS))
    if unknown:
        raise ValueError(
            f"unknown knob(s) {', '.join(repr(k) for k in unknown)}; "
            f"valid knobs are {', '.join(KNOBS)}"
        )
    scarcity = _number("scarcity", overrides.get("scarcity", 1.0), 0.0, 1_000.0)
    if "n_officers" in overrides:
        if scarcity != 1.0:
            raise ValueError("give either n_officers or scarcity, not both")
        n_officers = _integer("n_officers", overrides["n_officers"], 0, 5_000_000)
    else:
        n_officers = round(base_officers * scarcity)
        if n_officers > 5_000_000:
            raise ValueError(f"scarcity={scarcity} asks for {n_officers} officers (max 5,000,000)")
    skill_weights: tuple[float, ...] = (1.0,) * len(_data.ROLE_CODES)
    diversity = _DEFAULT_SKILL_DIVERSITY
    mix = overrides.get("skill_mix")
    if isinstance(mix, Mapping):
        skill_weights = skill_weights_from(mix)
    elif mix is not None:
        diversity = _number("skill_mix", mix, 0.0, 1.0)
    return Knobs(
        n_officers=n_officers,
        pppk_share=_number("pppk_share", overrides.get("pppk_share", _DEFAULT_PPPK_SHARE), 0, 1),
        domicile_spread=_number(
            "domicile_spread", overrides.get("domicile_spread", _DEFAULT_DOMICILE_SPREAD), 0.1, 1e4
        ),
        legal_entity_share=_number(
            "legal_entity_share",
            overrides.get("legal_entity_share", _DEFAULT_LEGAL_ENTITY_SHARE),
            0.0,
            1.0,
        ),
        max_cooperatives=_integer(
            "max_cooperatives", overrides.get("max_cooperatives", _DEFAULT_MAX_COOPERATIVES), 1, 10
        ),
        skill_weights=skill_weights,
        skill_diversity=diversity,
    )
