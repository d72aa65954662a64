"""Pack Indonesia's administrative geography into the two data files koperasi_alloc ships.

Reads two public repositories by Cahya DSN (MIT licence), each at a named commit:

* ``cahyadsn/wilayah_boundaries`` (``--source``, ``--commit``): for every province,
  kabupaten/kota, kecamatan and (83,403 of the) desa/kelurahan a centroid and a simplified
  boundary, as MySQL INSERT statements under ``db/prov``, ``db/kab``, ``db/kec`` and
  ``db/kel/<province>``; paths are stored ``[lat, lng]``;
* ``cahyadsn/wilayah`` (``--codes``, ``--codes-commit``): the complete list of codes and
  names of the same Kepmendagri 2025 edition (``db/wilayah.sql``), 38 / 514 / 7,285 /
  83,762 records. The boundary repository lacks 359 of the villages (its ``notes.md``
  lists 347 of them), so the list of codes and names comes from here.

Writes, into ``-o`` (a folder):

``wilayah.npz``
    Codes, names and centroids (1e-5 degrees) of every province, kabupaten/kota,
    kecamatan and desa/kelurahan, sorted by code; ``vil_placed`` flags the villages with no
    centroid in the source, placed here inside their kecamatan's boundary.
``batas.npz``
    Simplified boundaries (Douglas-Peucker, 1e-4 degree grid, GeoJSON order lon, lat) of
    every kabupaten/kota and kecamatan, and of the desa/kelurahan of the provinces named
    by ``--desa-provinces``.

Both are deterministic: the same sources at the same commits give the same bytes.
Usage (from the repository root)::

    python tools/pack_wilayah.py \\
        --source /path/to/wilayah_boundaries --commit 3c5a796 \\
        --codes /path/to/wilayah --codes-commit b7ad440 \\
        -o src/koperasi_alloc/data

``--source`` and ``--codes`` may be a git repository (bare or not; the commit is read
with ``git cat-file``) or a plain folder holding the files at that commit (then the
commits are only recorded: give them in full, 40 hex digits, to get the same bytes as from
git). Needs numpy.
"""

from __future__ import annotations

import argparse
import io
import json
import re
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

CENTROID_SCALE = 100_000  # centroids kept to 1e-5 degrees (about 1 m)
GRID_SCALE = 10_000  # boundary vertices on a 1e-4 degree grid (about 11 m)
TOLERANCE = {"kab": 0.004, "kec": 0.0015, "desa": 0.0004}
"""Douglas-Peucker tolerance per level, degrees (0.001 degree is about 111 m)."""
DESA_PROVINCES = ("64",)
PLACE_STEP = 0.004  # degrees between villages placed without a centroid (about 450 m)

_ROW = re.compile(
    r"\(\s*'((?:[^'\\]|\\.|'')*)'\s*,\s*'((?:[^'\\]|\\.|'')*)'\s*,"
    r"\s*(NULL|-?[0-9.eE+-]+)\s*,\s*(NULL|-?[0-9.eE+-]+)\s*,\s*(NULL|'[^']*')\s*\)"
)
_CODE_ROW = re.compile(r"\(\s*'((?:[^'\\]|\\.|'')*)'\s*,\s*'((?:[^'\\]|\\.|'')*)'\s*\)")
_LEVELS = {2: "prov", 5: "kab", 8: "kec", 13: "desa"}

Rings = list[NDArray[np.float64]]
"""A unit's boundary: rings of (lon, lat) rows; see :class:`Unit`."""


@dataclass
class Unit:
    """One region of the boundary source: centroid and boundary polygons."""

    code: str
    name: str
    lat: float
    lon: float
    polygons: list[Rings] = field(default_factory=list)
    """Each polygon: its outer ring first, then its holes; rings are (lon, lat) arrays."""


class Repository:
    """Files of a repository at a commit: a git repository, or a plain folder."""

    def __init__(self, path: Path, commit: str) -> None:
        self.path = path
        self.is_git = (path / "HEAD").exists() or (path / ".git").exists()
        self.commit = self._resolve(commit) if self.is_git else commit

    def _git(self, *args: str, data: bytes | None = None) -> bytes:
        command = ["git", "-C", str(self.path), *args]
        return subprocess.run(command, input=data, capture_output=True, check=True).stdout

    def _resolve(self, commit: str) -> str:
        return self._git("rev-parse", "--verify", f"{commit}^{{commit}}").decode().strip()

    def names(self, folder: str) -> list[str]:
        """Paths of the files under ``folder``, sorted."""
        if self.is_git:
            listing = self._git("ls-tree", "-r", "--name-only", self.commit, "--", folder)
            return sorted(listing.decode().split())
        base = self.path / folder
        return sorted(p.relative_to(self.path).as_posix() for p in base.rglob("*") if p.is_file())

    def texts(self, paths: list[str]) -> Iterator[tuple[str, str]]:
        """``(path, text)`` of each file, UTF-8, in the order given."""
        if not self.is_git:
            for path in paths:
                yield path, (self.path / path).read_text(encoding="utf-8")
            return
        request = "".join(f"{self.commit}:{path}\n" for path in paths).encode()
        out = self._git("cat-file", "--batch", data=request)
        offset = 0
        for path in paths:
            header_end = out.index(b"\n", offset)
            size = int(out[offset:header_end].split()[2])
            start = header_end + 1
            yield path, out[start : start + size].decode("utf-8")
            offset = start + size + 1


def _unquote(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text.replace("''", "'")).strip()


def _rings(path_text: str) -> list[Rings]:
    """Polygons of a source path (a Polygon or MultiPolygon of [lat, lng]) as (lon, lat)."""
    if not path_text:
        return []
    nested = json.loads(path_text)
    depth, probe = 0, nested
    while isinstance(probe, list) and probe:
        probe, depth = probe[0], depth + 1
    polygons = nested if depth == 4 else [nested] if depth == 3 else []
    out: list[Rings] = []
    for polygon in polygons:
        rings = [np.array(ring, dtype=np.float64)[:, ::-1] for ring in polygon if len(ring) >= 4]
        if rings:
            out.append(rings)
    return out


def read_boundaries(repo: Repository) -> dict[str, Unit]:
    """Every unit of the boundary repository by code."""
    units: dict[str, Unit] = {}
    paths = [p for p in repo.names("db") if p.endswith(".sql") and p.count("/") >= 2]
    for _path, text in repo.texts(paths):
        body = text[text.index("VALUES") :]
        for match in _ROW.finditer(body):
            code, name, lat, lng, path = match.groups()
            if lat == "NULL" or lng == "NULL":
                raise ValueError(f"{code}: no centroid")
            shape = "" if path == "NULL" else path[1:-1]
            units[code] = Unit(code, _unquote(name), float(lat), float(lng), _rings(shape))
    return units


def read_codes(repo: Repository) -> dict[str, str]:
    """Every code of the code list with its name."""
    ((_, text),) = repo.texts(["db/wilayah.sql"])
    return {code: _unquote(name) for code, name in _CODE_ROW.findall(text)}


def simplify(ring: NDArray[np.float64], tolerance: float) -> NDArray[np.float64]:
    """Douglas-Peucker simplification of a closed ring (first point == last point)."""
    n = len(ring)
    keep = np.zeros(n, dtype=bool)
    keep[[0, n - 1]] = True
    stack = [(0, n - 1)]
    while stack:
        a, b = stack.pop()
        if b - a < 2:
            continue
        inner = ring[a + 1 : b] - ring[a]
        chord = ring[b] - ring[a]
        length = float(np.hypot(chord[0], chord[1]))
        if length == 0.0:
            distance = np.hypot(inner[:, 0], inner[:, 1])
        else:
            distance = np.abs(chord[0] * inner[:, 1] - chord[1] * inner[:, 0]) / length
        i = int(np.argmax(distance))
        if distance[i] > tolerance:
            k = a + 1 + i
            keep[k] = True
            stack += [(a, k), (k, b)]
    return ring[keep]


def _grid_ring(ring: NDArray[np.float64], tolerance: float) -> NDArray[np.int64] | None:
    """The ring simplified and snapped to the grid; None when it collapses."""
    snapped = np.round(simplify(ring, tolerance) * GRID_SCALE).astype(np.int64)
    moved = np.r_[True, np.any(np.diff(snapped, axis=0) != 0, axis=1)]
    snapped = snapped[moved]
    if len(snapped) < 4 or not np.array_equal(snapped[0], snapped[-1]):
        return None
    return snapped


def _extent(ring: NDArray[np.float64]) -> float:
    return float(np.hypot(*(ring.max(axis=0) - ring.min(axis=0))))


def unit_rings(unit: Unit, tolerance: float) -> list[tuple[bool, NDArray[np.int64]]]:
    """``(starts a polygon, ring on the grid)`` of a unit: islands and holes smaller than
    twice the tolerance are left out, but never the unit's largest outer ring."""
    if not unit.polygons:
        return []
    largest = max(range(len(unit.polygons)), key=lambda i: _extent(unit.polygons[i][0]))
    out: list[tuple[bool, NDArray[np.int64]]] = []
    for p_index, polygon in enumerate(unit.polygons):
        outer = polygon[0]
        if p_index != largest and _extent(outer) < 2 * tolerance:
            continue
        grid = _grid_ring(outer, tolerance)
        if grid is None:
            if p_index != largest:
                continue
            grid = np.round(outer * GRID_SCALE).astype(np.int64)
        out.append((True, grid))
        for hole in polygon[1:]:
            if _extent(hole) >= 2 * tolerance and (g := _grid_ring(hole, tolerance)) is not None:
                out.append((False, g))
    return out


def inside(point: NDArray[np.float64], polygons: list[Rings]) -> bool:
    """Whether ``point`` (lon, lat) lies inside the polygons (even-odd over all rings)."""
    crossings = 0
    x, y = float(point[0]), float(point[1])
    for polygon in polygons:
        for ring in polygon:
            x0, y0 = ring[:-1, 0], ring[:-1, 1]
            x1, y1 = ring[1:, 0], ring[1:, 1]
            straddle = (y0 > y) != (y1 > y)
            with np.errstate(divide="ignore", invalid="ignore"):
                cross_x = x0 + (y - y0) * (x1 - x0) / (y1 - y0)
            crossings += int(np.count_nonzero(straddle & (x < cross_x)))
    return crossings % 2 == 1


def _anchor(kecamatan: Unit) -> NDArray[np.float64]:
    """A point inside the kecamatan: its centroid, else the inside grid point nearest it."""
    centre = np.array([kecamatan.lon, kecamatan.lat])
    if not kecamatan.polygons or inside(centre, kecamatan.polygons):
        return centre
    ring = max((p[0] for p in kecamatan.polygons), key=_extent)
    (x0, y0), (x1, y1) = ring.min(axis=0), ring.max(axis=0)
    xs, ys = np.meshgrid(np.linspace(x0, x1, 41), np.linspace(y0, y1, 41))
    grid = np.column_stack([xs.ravel(), ys.ravel()])
    order = np.argsort(np.hypot(*(grid - centre).T), kind="stable")
    for i in order.tolist():
        if inside(grid[i], kecamatan.polygons):
            return np.asarray(grid[i])
    return centre


def place(kecamatan: Unit, count: int) -> list[tuple[float, float]]:
    """``count`` distinct (lat, lon) inside a kecamatan, on a sunflower spiral round an
    inside point; a spot outside the boundary is pulled halfway in, up to six times."""
    anchor = _anchor(kecamatan)
    golden = np.pi * (3.0 - np.sqrt(5.0))
    spots: list[tuple[float, float]] = []
    for k in range(count):
        radius = PLACE_STEP * np.sqrt(k + 1)
        direction = np.array([np.cos(k * golden), np.sin(k * golden)])
        spot = anchor + radius * direction
        for _ in range(6):
            if not kecamatan.polygons or inside(spot, kecamatan.polygons):
                break
            spot = (anchor + spot) / 2
        spots.append((float(spot[1]), float(spot[0])))
    return spots


def _names_blob(names: list[str]) -> NDArray[np.uint8]:
    if any("\n" in name for name in names):
        raise ValueError("a name holds a line break")
    return np.frombuffer("\n".join(names).encode("utf-8"), dtype=np.uint8)


def _code_number(code: str) -> int:
    return int(code.replace(".", ""))


def _degrees(values: list[float]) -> NDArray[np.int32]:
    return np.round(np.array(values, dtype=np.float64) * CENTROID_SCALE).astype(np.int32)


def centroid_arrays(
    codes: dict[str, str], units: dict[str, Unit]
) -> tuple[dict[str, NDArray[np.generic]], dict[str, int]]:
    """Arrays of ``wilayah.npz`` per level, and how many villages were placed per province."""
    arrays: dict[str, NDArray[np.generic]] = {}
    placed_per_province: dict[str, int] = {}
    by_level: dict[str, list[str]] = {level: [] for level in _LEVELS.values()}
    for code in sorted(codes):
        by_level[_LEVELS[len(code)]].append(code)
    missing = [c for c in by_level["desa"] if c not in units]
    spots: dict[str, tuple[float, float]] = {}
    for kecamatan in sorted({c[:8] for c in missing}):
        group = [c for c in missing if c[:8] == kecamatan]
        spots.update(zip(group, place(units[kecamatan], len(group)), strict=True))
        province = kecamatan[:2]
        placed_per_province[province] = placed_per_province.get(province, 0) + len(group)
    for level, level_codes in by_level.items():
        lat = [units[c].lat if c in units else spots[c][0] for c in level_codes]
        lon = [units[c].lon if c in units else spots[c][1] for c in level_codes]
        dtype = np.int64 if level == "desa" else np.int32
        arrays[f"{level}_code"] = np.array([_code_number(c) for c in level_codes], dtype=dtype)
        arrays[f"{level}_names"] = _names_blob([codes[c] for c in level_codes])
        arrays[f"{level}_lat"] = _degrees(lat)
        arrays[f"{level}_lon"] = _degrees(lon)
    arrays["desa_placed"] = np.array([c not in units for c in by_level["desa"]], dtype=bool)
    return arrays, placed_per_province


def boundary_arrays(
    units: dict[str, Unit], desa_provinces: tuple[str, ...]
) -> dict[str, NDArray[np.generic]]:
    """Arrays of ``batas.npz``: per level the unit codes, ring and point offsets, which ring
    starts a polygon, and the vertices as deltas of the previous one (decode: cumsum)."""
    arrays: dict[str, NDArray[np.generic]] = {}
    for level, tolerance in TOLERANCE.items():
        width = {"kab": 5, "kec": 8, "desa": 13}[level]
        chosen = sorted(
            c for c in units if len(c) == width and (level != "desa" or c[:2] in desa_provinces)
        )
        codes, ring_start, point_start, outer, chunks = [], [0], [0], [], []
        for code in chosen:
            rings = unit_rings(units[code], tolerance)
            if not rings:
                continue
            codes.append(_code_number(code))
            for starts_polygon, ring in rings:
                outer.append(starts_polygon)
                chunks.append(ring)
                point_start.append(point_start[-1] + len(ring))
            ring_start.append(len(outer))
        points = np.concatenate(chunks)
        arrays[f"{level}_code"] = np.array(codes, dtype=np.int64)
        arrays[f"{level}_ring_start"] = np.array(ring_start, dtype=np.int32)
        arrays[f"{level}_point_start"] = np.array(point_start, dtype=np.int32)
        arrays[f"{level}_outer"] = np.array(outer, dtype=bool)
        arrays[f"{level}_xy"] = np.diff(points, axis=0, prepend=0).astype(np.int32)
    return arrays


def _meta(args: argparse.Namespace, source: Repository, code_list: Repository) -> dict[str, object]:
    return {
        "source": "cahyadsn/wilayah_boundaries",
        "commit": source.commit,
        "codes_source": "cahyadsn/wilayah (db/wilayah.sql)",
        "codes_commit": code_list.commit,
        "licence": "MIT, Copyright (c) 2017-2025 Cahya DSN",
        "edition": "Kepmendagri 2025 (No. 300.2.2-2430 Tahun 2025 in the sources' READMEs)",
        "made_by": "tools/pack_wilayah.py",
        "centroid_scale": CENTROID_SCALE,
        "grid_scale": GRID_SCALE,
        "tolerance_degrees": TOLERANCE,
        "desa_provinces": list(args.desa_provinces),
    }


def write_npz(path: Path, arrays: dict[str, NDArray[np.generic]]) -> None:
    """An ``.npz`` whose bytes depend on the arrays only (fixed member times and order)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name in sorted(arrays):
            member = zipfile.ZipInfo(f"{name}.npy", date_time=(1980, 1, 1, 0, 0, 0))
            member.compress_type = zipfile.ZIP_DEFLATED
            array_bytes = io.BytesIO()
            np.lib.format.write_array(array_bytes, np.ascontiguousarray(arrays[name]))
            z.writestr(member, array_bytes.getvalue(), compresslevel=9)
    path.write_bytes(buffer.getvalue())


def _json_blob(value: object) -> NDArray[np.uint8]:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1)
    return np.frombuffer(text.encode("utf-8"), dtype=np.uint8)


def main(argv: list[str] | None = None) -> int:
    """Read the sources, write ``wilayah.npz`` and ``batas.npz``; print the counts."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", type=Path, required=True, help="wilayah_boundaries")
    parser.add_argument("--commit", required=True, help="its commit, e.g. 3c5a796")
    parser.add_argument("--codes", type=Path, required=True, help="wilayah (the code list)")
    parser.add_argument("--codes-commit", required=True, help="its commit, e.g. b7ad440")
    parser.add_argument("--desa-provinces", nargs="*", default=list(DESA_PROVINCES))
    parser.add_argument("-o", "--output", type=Path, required=True, help="folder to write")
    args = parser.parse_args(argv)
    source = Repository(args.source, args.commit)
    code_list = Repository(args.codes, args.codes_commit)
    units = read_boundaries(source)
    codes = read_codes(code_list)
    stray = sorted(set(units) - set(codes))
    if stray:
        raise SystemExit(f"codes in the boundaries but not in the code list: {stray[:10]}")
    centroids, placed = centroid_arrays(codes, units)
    meta = _meta(args, source, code_list)
    counts = {level: len(centroids[f"{level}_code"]) for level in _LEVELS.values()}
    meta_centroids = {**meta, "counts": counts, "placed_per_province": placed}
    centroids["meta"] = _json_blob(meta_centroids)
    boundaries = boundary_arrays(units, tuple(args.desa_provinces))
    boundaries["meta"] = _json_blob(meta)
    args.output.mkdir(parents=True, exist_ok=True)
    write_npz(args.output / "wilayah.npz", centroids)
    write_npz(args.output / "batas.npz", boundaries)
    for name in ("wilayah.npz", "batas.npz"):
        size = (args.output / name).stat().st_size
        print(f"wrote {args.output / name}: {size:,} bytes")
    print(f"counts {counts}; placed without a centroid: {sum(placed.values())} {placed}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
