"""Kabupaten Kutai Timur (64.08) as it is: real codes, names, kelurahan flags and positions.

The geography of the ``kutai-timur`` preset is read from the data file shipped in the
package, ``koperasi_alloc/data/kutai-timur-wilayah.json``: the 18 kecamatan and 141
desa/kelurahan of Kutai Timur with their Kemendagri codes (Kepmendagri 300.2.2-2138/2025),
names, kelurahan flags and the centroids of their boundary polygons (lat, lon). A
kecamatan's centroid stands in for its seat.

Source: the public repository cahyadsn/wilayah_boundaries, commit 3c5a796, by Cahya DSN,
under the MIT licence, whose notice follows::

    MIT License

    Copyright (c) 2017-2025 Cahya DSN

    Permission is hereby granted, free of charge, to any person obtaining a copy
    of this software and associated documentation files (the "Software"), to deal
    in the Software without restriction, including without limitation the rights
    to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
    copies of the Software, and to permit persons to whom the Software is
    furnished to do so, subject to the following conditions:

    The above copyright notice and this permission notice shall be included in all
    copies or substantial portions of the Software.

    THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
    IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
    FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
    AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
    LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
    OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
    SOFTWARE.

Everything else about the preset is synthetic: officers, agencies, demand, legal-entity
status, village (IDM) status, and the travel minutes of :mod:`._terrain` (a model, not
measurements).
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

import numpy as np
from numpy.typing import NDArray

from koperasi_alloc.synth import _data
from koperasi_alloc.synth._layout import Region
from koperasi_alloc.synth._terrain import KUTAI_TIMUR_TERRAIN, terrain_minutes

__all__ = ["DATA_FILE", "kutai_timur_region", "load_wilayah"]

DATA_FILE = "kutai-timur-wilayah.json"
"""Name of the data file inside ``koperasi_alloc/data``."""

FloatArray = NDArray[np.float64]

_DIGITS = 5  # coordinates are kept to 1e-5 degrees (about 1 m)


@cache
def _raw() -> str:
    return files("koperasi_alloc").joinpath("data", DATA_FILE).read_text(encoding="utf-8")


def load_wilayah() -> dict[str, Any]:
    """The shipped Kutai Timur data: ``kabupaten``, ``kecamatan[]`` and ``desa[]``.

    Returns
    -------
    dict
        A fresh copy of the parsed JSON: ``kecamatan`` records have ``code``, ``name``,
        ``lat``, ``lon``; ``desa`` records also ``kecamatan`` (its code) and ``kelurahan``.
    """
    data: dict[str, Any] = json.loads(_raw())
    return data


def _degrees(values: list[float]) -> FloatArray:
    return np.asarray(np.round(np.array(values, dtype=np.float64), _DIGITS), dtype=np.float64)


def kutai_timur_region(rng: np.random.Generator) -> Region:
    """The 18 kecamatan and 141 villages of Kutai Timur from the shipped data file.

    ``rng`` is not drawn from: the real geography is the same for every seed.
    """
    del rng
    data = load_wilayah()
    kecamatan = sorted(data["kecamatan"], key=lambda k: k["code"])
    desa = sorted(data["desa"], key=lambda v: v["code"])
    district_codes = [k["code"] for k in kecamatan]
    district_index = {code: i for i, code in enumerate(district_codes)}
    village_district = np.array([district_index[v["kecamatan"]] for v in desa], dtype=np.int64)
    village_lat = _degrees([v["lat"] for v in desa])
    village_lon = _degrees([v["lon"] for v in desa])
    kelurahan = np.array([bool(v["kelurahan"]) for v in desa], dtype=bool)
    terrain = [KUTAI_TIMUR_TERRAIN[code] for code in district_codes]
    lat_all = np.r_[village_lat, [k["lat"] for k in kecamatan]]
    lon_all = np.r_[village_lon, [k["lon"] for k in kecamatan]]
    margin = 0.05
    extent = (
        (float(lat_all.min()) - margin, float(lat_all.max()) + margin),
        (float(lon_all.min()) - margin, float(lon_all.max()) + margin),
    )
    name = f"Kabupaten {data['kabupaten']['name']}"
    return Region(
        name=name,
        extent=extent,
        kab_codes=[data["kabupaten"]["code"]],
        kab_names=[name],
        kab_seat=np.array([district_index[_data.KUTAI_TIMUR_SEAT]], dtype=np.int64),
        district_codes=district_codes,
        district_names=[k["name"] for k in kecamatan],
        district_kab=np.zeros(len(kecamatan), dtype=np.int64),
        district_lat=_degrees([k["lat"] for k in kecamatan]),
        district_lon=_degrees([k["lon"] for k in kecamatan]),
        village_codes=[v["code"] for v in desa],
        village_names=[v["name"] for v in desa],
        village_district=village_district,
        village_lat=village_lat,
        village_lon=village_lon,
        village_kelurahan=kelurahan,
        cooperative_share=1.0,
        travel_minutes=terrain_minutes(
            village_lat, village_lon, village_district, terrain, kelurahan
        ),
    )
