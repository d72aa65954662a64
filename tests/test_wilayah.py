"""The shipped geography (koperasi_alloc.wilayah) and the presets built on it.

The national preset is compared with the packed data record by record; the packed data
with a sample read straight from the source's code list (tests/data/wilayah-sample.json:
for every province its name, the first and last kabupaten/kota, three kecamatan and four
villages). Where the source repositories are on this machine (KOPERASI_WILAYAH_SOURCE and
KOPERASI_WILAYAH_CODES point at them) the packing script is run again and must reproduce
the shipped files byte for byte.
"""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from collections import Counter
from importlib.resources import files
from pathlib import Path

import numpy as np
import pytest

from koperasi_alloc.scenario import Scenario, VillageKind
from koperasi_alloc.synth import generate
from koperasi_alloc.synth._kutai import load_wilayah
from koperasi_alloc.synth._real import PLACED_ATTRIBUTE
from koperasi_alloc.wilayah import Wilayah, boundaries, boundary_source, wilayah

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = json.loads((ROOT / "tests" / "data" / "wilayah-sample.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def w() -> Wilayah:
    return wilayah()


def _by_code(w: Wilayah) -> dict[str, str]:
    return {
        code: name
        for level in (w.provinces, w.kabupaten, w.kecamatan, w.villages)
        for code, name in zip(level.codes, level.names, strict=True)
    }


def test_counts_are_kepmendagri_2025(w: Wilayah) -> None:
    assert len(w.provinces.codes) == 38
    assert len(w.kabupaten.codes) == 514
    assert sum(int(c[3:]) >= 71 for c in w.kabupaten.codes) == 98
    assert all(
        n.startswith("Kota ") == (int(c[3:]) >= 71)
        for c, n in zip(w.kabupaten.codes, w.kabupaten.names, strict=True)
    )
    assert len(w.kecamatan.codes) == 7_285
    assert len(w.villages.codes) == 83_762
    assert sum(c[9] == "1" for c in w.villages.codes) == 8_496
    for level in (w.provinces, w.kabupaten, w.kecamatan, w.villages):
        assert level.codes == sorted(level.codes)
        assert len(set(level.codes)) == len(level.codes)
        assert len(level.names) == len(level.codes) == len(level.lat) == len(level.lon)
        assert all(level.names)
    assert w.source["counts"] == {"prov": 38, "kab": 514, "kec": 7285, "desa": 83762}


def test_every_code_sits_inside_its_parent(w: Wilayah) -> None:
    assert {c[:2] for c in w.kabupaten.codes} == set(w.provinces.codes)
    assert {c[:5] for c in w.kecamatan.codes} == set(w.kabupaten.codes)
    assert {c[:8] for c in w.villages.codes} == set(w.kecamatan.codes)


@pytest.mark.parametrize("province", sorted(SAMPLE["sample"]))
def test_a_sample_of_every_province_equals_the_source(w: Wilayah, province: str) -> None:
    names = _by_code(w)
    for code, name in SAMPLE["sample"][province]:
        assert names.get(code) == name, code


def test_centroids_lie_in_indonesia(w: Wilayah) -> None:
    for level in (w.provinces, w.kabupaten, w.kecamatan, w.villages):
        assert np.all((level.lat > -11.1) & (level.lat < 6.1))
        assert np.all((level.lon > 94.9) & (level.lon < 141.1))


def test_placed_villages_are_counted_and_inside_their_kecamatan(w: Wilayah) -> None:
    shapely = pytest.importorskip("shapely")
    from shapely.geometry import MultiPolygon, Point, Polygon

    placed = np.flatnonzero(w.village_placed)
    assert len(placed) == 359
    assert sum(w.source["placed_per_province"].values()) == 359
    kecamatan = {w.villages.codes[i][:8] for i in placed.tolist()}
    shapes = boundaries("kecamatan", kecamatan)
    assert set(shapes) == kecamatan
    for i in placed.tolist():
        polygons = [Polygon(p[0], p[1:]) for p in shapes[w.villages.codes[i][:8]]]
        area = shapely.make_valid(MultiPolygon(polygons)).buffer(0.002)
        assert area.contains(Point(w.villages.lon[i], w.villages.lat[i])), w.villages.codes[i]


def test_kutai_timur_file_agrees_with_the_national_data(w: Wilayah) -> None:
    index = {code: i for i, code in enumerate(w.villages.codes)}
    kt = load_wilayah()
    for village in kt["desa"]:
        i = index[village["code"]]
        assert w.villages.names[i] == village["name"]
        assert w.villages.lat[i] == pytest.approx(round(village["lat"], 5), abs=1e-9)
        assert w.villages.lon[i] == pytest.approx(round(village["lon"], 5), abs=1e-9)
        assert not w.village_placed[i]


def test_boundaries_cover_kabupaten_kecamatan_and_kalimantan_timur_desa(w: Wilayah) -> None:
    assert set(boundaries("kabupaten")) == set(w.kabupaten.codes)
    assert set(boundaries("kecamatan")) == set(w.kecamatan.codes)
    desa = boundaries("desa")
    kaltim = [c for c in w.villages.codes if c.startswith("64.")]
    assert set(desa) == set(kaltim)
    for polygons in boundaries("kecamatan", ["64.08.01", "31.71.01"]).values():
        for polygon in polygons:
            for ring in polygon:
                assert ring.shape[1] == 2
                assert len(ring) >= 4
                assert np.array_equal(ring[0], ring[-1])
                assert np.all((ring[:, 0] > 94) & (ring[:, 0] < 142))  # lon first
    assert boundary_source()["tolerance_degrees"]["kec"] > 0


def test_province_preset_is_kalimantan_timur_as_it_is(w: Wilayah) -> None:
    s = generate("province", seed=0)
    wanted = [i for i, c in enumerate(w.villages.codes) if c.startswith("64.")]
    assert [v.code for v in s.villages] == [w.villages.codes[i] for i in wanted]
    assert [v.name for v in s.villages] == [w.villages.names[i] for i in wanted]
    assert len({d.code[:5] for d in s.districts}) == 10
    assert len(s.districts) == 105
    kinds = Counter(v.kind for v in s.villages)
    assert kinds == {VillageKind.DESA: 841, VillageKind.KELURAHAN: 197}


@pytest.fixture(scope="module")
def national() -> Scenario:
    return generate("national", seed=0)


@pytest.mark.slow
def test_national_preset_equals_the_packed_data_record_by_record(
    national: Scenario, w: Wilayah
) -> None:
    s = national
    assert len({d.code[:2] for d in s.districts}) == 38
    assert len({d.code[:5] for d in s.districts}) == 514
    assert [d.code for d in s.districts] == w.kecamatan.codes
    assert [d.name for d in s.districts] == w.kecamatan.names
    assert [d.lat for d in s.districts] == w.kecamatan.lat.tolist()
    assert [d.lon for d in s.districts] == w.kecamatan.lon.tolist()
    assert [v.code for v in s.villages] == w.villages.codes
    assert [v.name for v in s.villages] == w.villages.names
    assert [v.lat for v in s.villages] == w.villages.lat.tolist()
    assert [v.lon for v in s.villages] == w.villages.lon.tolist()
    assert [v.kind == VillageKind.KELURAHAN for v in s.villages] == [
        c[9] == "1" for c in w.villages.codes
    ]
    placed = [bool(v.attributes.get(PLACED_ATTRIBUTE)) for v in s.villages]
    assert placed == w.village_placed.tolist()
    assert sum(placed) == 359
    assert max(Counter(d.code[:5] for d in s.districts).values()) <= 99
    assert len(s.cooperatives) == 81_147
    assert 240_000 <= len(s.officers) <= 260_000
    assert len({o.id for o in s.officers}) == len(s.officers)


@pytest.mark.slow
def test_national_preset_sample_of_every_province(national: Scenario) -> None:
    names = {d.code: d.name for d in national.districts}
    names.update({v.code: v.name for v in national.villages})
    agencies = {a.code.rsplit("-", 1)[1]: a.name for a in national.agencies}
    for province, rows in SAMPLE["sample"].items():
        for code, name in rows:
            if len(code) >= 8:
                assert names[code] == name, code
            elif len(code) == 5:  # a kabupaten/kota: its agencies carry its name
                assert agencies[code].endswith(" " + name), code
        assert any(d.code.startswith(province + ".") for d in national.districts)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.slow
def test_packing_script_reproduces_the_shipped_files(tmp_path: Path) -> None:
    source = os.environ.get("KOPERASI_WILAYAH_SOURCE")
    codes = os.environ.get("KOPERASI_WILAYAH_CODES")
    if not source or not codes:
        pytest.skip(
            "set KOPERASI_WILAYAH_SOURCE (cahyadsn/wilayah_boundaries) and "
            "KOPERASI_WILAYAH_CODES (cahyadsn/wilayah) to re-run tools/pack_wilayah.py"
        )
    meta = wilayah().source
    command = [
        sys.executable,
        str(ROOT / "tools" / "pack_wilayah.py"),
        "--source",
        source,
        "--commit",
        meta["commit"],
        "--codes",
        codes,
        "--codes-commit",
        meta["codes_commit"],
        "-o",
        str(tmp_path),
    ]
    subprocess.run(command, check=True, capture_output=True)
    data = files("koperasi_alloc").joinpath("data")
    for name in ("wilayah.npz", "batas.npz"):
        assert _sha256(tmp_path / name) == _sha256(Path(str(data.joinpath(name))))
