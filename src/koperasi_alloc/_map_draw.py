"""Drawing the map layers on matplotlib axes, for :mod:`koperasi_alloc.plots`.

Every layer comes from the GeoJSON builders of :mod:`koperasi_alloc.io.geojson`, so the
static maps show the same numbers as the exported GeoJSON and the interactive map.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from koperasi_alloc.io.geojson import (
    assignments_geojson,
    boundaries_geojson,
    hires_geojson,
    village_tallies,
    villages_geojson,
)
from koperasi_alloc.wilayah import kabupaten_code, wilayah

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from koperasi_alloc.plan import Plan
    from koperasi_alloc.planning.hire_proposal import HireProposal
    from koperasi_alloc.scenario import Scenario

__all__ = [
    "MAX_DESA_BOUNDARIES",
    "MAX_LABELS",
    "MAX_LINES",
    "draw_map",
    "label_level",
    "path_of",
    "write_labels",
]

MAX_LABELS = 40
"""The most names a map writes (more would not be readable)."""
MAX_LINES = 5_000
"""Assignment lines are drawn up to this many assignments."""
MAX_DESA_BOUNDARIES = 3_000
"""Desa boundaries (shipped for Kalimantan Timur) are drawn up to this many villages."""
_CMAP = "RdYlGn"
_Feature = dict[str, Any]


@dataclass
class _Layers:
    """What a map draws, from the GeoJSON builders (one computation for every surface)."""

    kabupaten: list[_Feature] = field(default_factory=list)
    kecamatan: list[_Feature] = field(default_factory=list)
    desa: list[_Feature] = field(default_factory=list)
    villages: list[_Feature] = field(default_factory=list)
    lines: list[_Feature] = field(default_factory=list)
    hires: list[_Feature] = field(default_factory=list)
    with_plan: bool = False


def _layers(
    scenario: Scenario, plan: Plan | None, proposal: HireProposal | None, boundaries: bool
) -> _Layers:
    tallies = village_tallies(scenario, plan)
    layers = _Layers(with_plan=plan is not None)
    if boundaries:
        layers.kabupaten = boundaries_geojson(scenario, plan, "kabupaten", tallies)["features"]
        layers.kecamatan = boundaries_geojson(scenario, plan, "kecamatan", tallies)["features"]
        if len(scenario.villages) <= MAX_DESA_BOUNDARIES:
            layers.desa = boundaries_geojson(scenario, plan, "desa", tallies)["features"]
    layers.villages = villages_geojson(scenario, plan)["features"]
    if plan is not None and len(plan.assignments) <= MAX_LINES:
        layers.lines = assignments_geojson(scenario, plan)["features"]
    if proposal is not None:
        layers.hires = hires_geojson(proposal)["features"]
    return layers


def _colour(properties: dict[str, Any], cmap: Any, with_plan: bool) -> Any:
    """Fill of an area: by coverage with a plan, light grey without or with nothing open."""
    if not with_plan or properties["coverage"] is None:
        return (0.86, 0.86, 0.86, 1.0)
    return cmap(properties["coverage"])


def path_of(geometry: dict[str, Any]) -> Any:
    """A matplotlib Path of a GeoJSON (Multi)Polygon, every ring a closed sub-path."""
    from matplotlib.path import Path

    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    vertices: list[list[float]] = []
    codes: list[Any] = []
    for polygon in polygons:
        for ring in polygon:
            vertices += ring
            codes += [Path.MOVETO] + [Path.LINETO] * (len(ring) - 2) + [Path.CLOSEPOLY]
    return Path(vertices, codes)


def _draw_areas(ax: Axes, layers: _Layers, said: dict[str, str], many: bool) -> list[Any]:
    """Kecamatan filled by coverage, desa and kabupaten outlines; their legend handles."""
    import matplotlib as mpl
    from matplotlib.collections import PathCollection
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    cmap = mpl.colormaps[_CMAP]
    handles: list[Any] = []
    if layers.kecamatan:
        faces = [_colour(f["properties"], cmap, layers.with_plan) for f in layers.kecamatan]
        ax.add_collection(
            PathCollection(
                [path_of(f["geometry"]) for f in layers.kecamatan],
                facecolors=[(r, g, b, 0.45 if layers.with_plan else 1.0) for r, g, b, _ in faces],
                edgecolors="none" if many else "#6e6e6e",
                linewidths=0.5,
                zorder=0.5,
            )
        )
        face = (*cmap(0.8)[:3], 0.45) if layers.with_plan else (0.86, 0.86, 0.86, 1.0)
        label = said["kecamatan"] if layers.with_plan else said["kecamatan_plain"]
        handles.append(Patch(facecolor=face, edgecolor="#6e6e6e", label=label))
    if layers.desa:
        ax.add_collection(
            PathCollection(
                [path_of(f["geometry"]) for f in layers.desa],
                facecolors="none",
                edgecolors="#b0b0b0",
                linewidths=0.25,
                zorder=0.7,
            )
        )
        handles.append(Line2D([], [], color="#b0b0b0", lw=0.6, label=said["desa"]))
    if layers.kabupaten:
        ax.add_collection(
            PathCollection(
                [path_of(f["geometry"]) for f in layers.kabupaten],
                facecolors="none",
                edgecolors="#3d3d3d",
                linewidths=0.4 if many else 1.0,
                zorder=0.9,
            )
        )
        handles.append(Line2D([], [], color="#3d3d3d", lw=1.0, label=said["kabupaten"]))
    return handles


def _draw_villages(
    ax: Axes, layers: _Layers, said: dict[str, str], n_villages: int
) -> tuple[list[Any], Any]:
    """Villages with open slots coloured by coverage, the others as grey dots."""
    from matplotlib.lines import Line2D

    open_ = [f for f in layers.villages if f["properties"]["open"] > 0]
    other = [f for f in layers.villages if f["properties"]["open"] == 0]
    size = 36.0 if n_villages <= 2_000 else 6.0 if n_villages <= 20_000 else 1.2
    handles: list[Any] = []
    if other:
        ax.scatter(
            [f["geometry"]["coordinates"][0] for f in other],
            [f["geometry"]["coordinates"][1] for f in other],
            s=size / 4,
            c="#9a9a9a",
            linewidths=0,
            zorder=3,
        )
        handles.append(
            Line2D([], [], marker="o", ls="", ms=3, color="#9a9a9a", label=said["no_open"])
        )
    mappable = None
    if open_:
        xs = [f["geometry"]["coordinates"][0] for f in open_]
        ys = [f["geometry"]["coordinates"][1] for f in open_]
        edge = "black" if n_villages <= 2_000 else "none"
        if layers.with_plan:
            share = [f["properties"]["coverage"] for f in open_]
            mappable = ax.scatter(
                xs, ys, s=size, c=share, cmap=_CMAP, vmin=0.0, vmax=1.0,
                edgecolors=edge, linewidths=0.4, zorder=4,
            )  # fmt: skip
            face, label = "#fee08b", said["cooperative"]
        else:
            face, label = "#2c7fb8", said["open_villages"]
            ax.scatter(xs, ys, s=size, c=face, edgecolors=edge, linewidths=0.4, zorder=4)
        handles.append(
            Line2D([], [], marker="o", ls="", ms=6, mfc=face, mec="black", mew=0.4, label=label)
        )
    return handles, mappable


def _draw_lines(ax: Axes, layers: _Layers, said: dict[str, str]) -> list[Any]:
    """Assignment lines, and officers' work places as black dots."""
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D

    if not layers.lines:
        return []
    lines = [f["geometry"]["coordinates"] for f in layers.lines]
    ax.add_collection(LineCollection(lines, colors="tab:blue", linewidths=0.6, alpha=0.4, zorder=2))
    ax.scatter(
        [ln[0][0] for ln in lines],
        [ln[0][1] for ln in lines],
        s=5,
        c="black",
        marker=".",
        linewidths=0,
        zorder=3,
    )
    return [
        Line2D([], [], color="tab:blue", lw=0.8, alpha=0.6, label=said["assignment"]),
        Line2D([], [], marker=".", ls="", color="black", label=said["officer"]),
    ]


def _draw_hires(ax: Axes, layers: _Layers, said: dict[str, str]) -> list[Any]:
    """One circle per work place of hires, area proportional to their number, the number
    written inside (so 107 hires read as 107, not as a few stacked markers)."""
    from matplotlib.lines import Line2D

    if not layers.hires:
        return []
    counts = [f["properties"]["hires"] for f in layers.hires]
    per_hire = 40.0 * min(1.0, 20.0 / max(counts))  # points^2 per hire
    xs = [f["geometry"]["coordinates"][0] for f in layers.hires]
    ys = [f["geometry"]["coordinates"][1] for f in layers.hires]
    ax.scatter(
        xs,
        ys,
        s=[per_hire * c + 30 for c in counts],
        c="#6a3d9a",
        alpha=0.85,
        edgecolors="white",
        linewidths=0.8,
        zorder=6,
    )
    for x, y, count in zip(xs, ys, counts, strict=True):
        ax.annotate(
            str(count),
            (x, y),
            ha="center",
            va="center",
            fontsize=7,
            fontweight="bold",
            color="white",
            zorder=7,
        )
    total = sum(counts)
    return [
        Line2D(
            [],
            [],
            marker="o",
            ls="",
            ms=9,
            mfc="#6a3d9a",
            mec="white",
            label=f"{said['hires']} ({total})",
        )
    ]


def _draw_layers(
    ax: Axes, layers: _Layers, said: dict[str, str], n_villages: int
) -> tuple[list[Any], Any]:
    """Every layer, bottom to top; the legend handles and the coverage colour mapping."""
    many = len(layers.kecamatan) > 1_000
    handles = _draw_areas(ax, layers, said, many)
    village_handles, mappable = _draw_villages(ax, layers, said, n_villages)
    handles += _draw_lines(ax, layers, said) + village_handles + _draw_hires(ax, layers, said)
    ax.autoscale_view()
    return handles, mappable


def _set_aspect(ax: Axes, scenario: Scenario) -> None:
    """Equal distances in both directions at the region's mean latitude."""
    lats = [v.lat for v in scenario.villages] or [0.0]
    ax.set_aspect(1.0 / max(math.cos(math.radians(sum(lats) / len(lats))), 0.1))


def _title(scenario: Scenario, layers: _Layers, said: dict[str, str]) -> str:
    if not layers.with_plan:
        return scenario.name
    filled = sum(f["properties"]["filled"] for f in layers.villages)
    open_ = sum(f["properties"]["open"] for f in layers.villages)
    return f"{scenario.name}: {said['filled_of'].format(filled=filled, open=open_)}"


def label_level(scenario: Scenario, level: str) -> str:
    """``level``, or for "auto" the finest of kecamatan, kabupaten and province with at most
    :data:`MAX_LABELS` names."""
    if level != "auto":
        return level
    kabupaten = {kabupaten_code(d.code) for d in scenario.districts}
    if len(scenario.districts) <= MAX_LABELS:
        return "kecamatan"
    return "kabupaten" if len(kabupaten) <= MAX_LABELS else "province"


def _label_points(scenario: Scenario, level: str) -> list[tuple[str, str, float, float]]:
    """Codes, names and positions to write at ``level`` ("auto" picks the finest readable
    one)."""
    kabupaten = sorted({kabupaten_code(d.code) for d in scenario.districts})
    provinces = sorted({code[:2] for code in kabupaten})
    level = label_level(scenario, level)
    if level == "kecamatan":
        return [(d.code, d.name, d.lon, d.lat) for d in scenario.districts]
    w = wilayah()
    table = w.kabupaten if level == "kabupaten" else w.provinces
    wanted = set(kabupaten if level == "kabupaten" else provinces)
    return [
        (code, name.removeprefix("Kabupaten "), lon, lat)
        for code, name, lon, lat in zip(
            table.codes, table.names, table.lon.tolist(), table.lat.tolist(), strict=True
        )
        if code in wanted
    ]


def write_labels(
    ax: Axes, scenario: Scenario, level: str, notes: Mapping[str, str] | None = None
) -> None:
    """Names at their places, moved apart by adjustText so that none overlap; ``notes``
    adds a second line under the name of the area of each code it has (a value)."""
    points = _label_points(scenario, level)
    texts = [
        ax.text(
            x,
            y,
            name if notes is None or code not in notes else f"{name}\n{notes[code]}",
            fontsize=7,
            ha="center",
            va="center",
            zorder=8,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "alpha": 0.75, "lw": 0},
        )
        for code, name, x, y in points
    ]
    try:
        from adjustText import adjust_text
    except ImportError:  # pragma: no cover - the plot extra brings adjustText
        warnings.warn(
            "labels may overlap: pip install koperasi-alloc[plot] (adjustText)", stacklevel=3
        )
        return
    adjust_text(
        texts,
        x=[p[2] for p in points],
        y=[p[3] for p in points],
        ax=ax,
        expand=(1.15, 1.4),
        iter_lim=1_000,  # a count, not a time limit: the same figure on every machine
        arrowprops={"arrowstyle": "-", "color": "#555555", "lw": 0.5},
    )


def draw_map(
    ax: Axes,
    scenario: Scenario,
    plan: Plan | None,
    proposal: HireProposal | None,
    *,
    labels: str | None,
    boundaries: bool,
    said: dict[str, str],
) -> tuple[list[Any], Any]:
    """Draw every layer of a map on ``ax``, with axis labels, title and names.

    ``labels`` is a level ("auto", "kecamatan", "kabupaten", "province") or None. Returns
    the legend handles and the coverage colour mapping (None without a plan).
    """
    layers = _layers(scenario, plan, proposal, boundaries)
    handles, mappable = _draw_layers(ax, layers, said, len(scenario.villages))
    _set_aspect(ax, scenario)
    ax.set_xlabel(said["lon"])
    ax.set_ylabel(said["lat"])
    ax.set_title(_title(scenario, layers, said), fontsize=9)
    if labels is not None:
        write_labels(ax, scenario, labels)
    return handles, mappable
