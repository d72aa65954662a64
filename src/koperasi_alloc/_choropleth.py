"""The areas of a choropleth and their outlines, for :func:`koperasi_alloc.plots.
plot_choropleth` and :func:`koperasi_alloc.maps.explore_summary`.

Both draw the same features: one per area of the summary (:mod:`koperasi_alloc.summary`),
its geometry from the shipped boundaries (:func:`koperasi_alloc.wilayah.boundaries`) and
its properties the summary's row, so the static and the interactive map show one
computation. A province is filled as the kabupaten/kota it is made of; its outline is
dissolved from them once (shapely, in the ``plot`` and ``map`` extras): each kabupaten
was simplified on its own, so neighbours' borders do not quite meet, and a small closing
(grow by :data:`CLOSE_DEGREES`, union, shrink back) removes the seams.
"""

from __future__ import annotations

from collections import defaultdict
from functools import cache
from typing import Any, cast

from koperasi_alloc.i18n import Lang, decimal, grouped, say
from koperasi_alloc.summary import SHARES, SummaryLevel
from koperasi_alloc.wilayah import BoundaryLevel, Polygon, boundaries

__all__ = [
    "CLOSE_DEGREES",
    "NO_VALUE",
    "PALETTES",
    "area_features",
    "colour_hex",
    "colour_scale",
    "draw_areas",
    "level_word",
    "outline_features",
    "province_outlines",
    "value_text",
]

CLOSE_DEGREES = 0.01
"""How far kabupaten are grown before their union into a province (about 1.1 km): more
than the gaps their separate simplification (0.004 degrees) leaves between neighbours."""

_Feature = dict[str, Any]


def _geometry(polygons: list[Polygon]) -> dict[str, Any]:
    """A GeoJSON (Multi)Polygon of (lon, lat) rings, on the data's 1e-4 degree grid."""
    rings = [
        [[[round(x, 4), round(y, 4)] for x, y in ring.tolist()] for ring in polygon]
        for polygon in polygons
    ]
    if len(rings) == 1:
        return {"type": "Polygon", "coordinates": rings[0]}
    return {"type": "MultiPolygon", "coordinates": rings}


def area_features(records: list[dict[str, Any]], by: SummaryLevel) -> list[_Feature]:
    """One GeoJSON feature per area of ``records`` that has a shipped boundary.

    Parameters
    ----------
    records
        :func:`koperasi_alloc.summary.summary_records` of one level.
    by
        Their level. A province's geometry is its kabupaten/kota together.

    Returns
    -------
    list of dict
        Features whose properties are the records, in their order; areas without a
        boundary in the data (made-up codes) are left out.
    """
    codes = [str(r[by]) for r in records]
    if by == "province":
        parts: dict[str, list[Polygon]] = defaultdict(list)
        wanted = set(codes)
        for code, polygons in boundaries("kabupaten").items():
            if code[:2] in wanted:
                parts[code[:2]].extend(polygons)
        shapes: dict[str, list[Polygon]] = dict(parts)
    else:
        shapes = boundaries(by, codes)
    return [
        {"type": "Feature", "geometry": _geometry(shapes[code]), "properties": dict(record)}
        for code, record in zip(codes, records, strict=True)
        if code in shapes
    ]


def _shapely() -> Any:
    try:
        import shapely
    except ImportError as error:  # pragma: no cover - the plot and map extras bring it
        raise ImportError(
            "province outlines need shapely: pip install koperasi-alloc[plot] (or [map])"
        ) from error
    return shapely


@cache
def _all_province_outlines() -> dict[str, list[Polygon]]:
    import numpy as np

    shapely = _shapely()
    grown: dict[str, list[Any]] = defaultdict(list)
    for code, polygons in boundaries("kabupaten").items():
        for rings in polygons:
            piece = shapely.make_valid(shapely.Polygon(rings[0], rings[1:]))
            grown[code[:2]].append(piece.buffer(CLOSE_DEGREES, join_style="mitre"))
    out: dict[str, list[Polygon]] = {}
    for province, pieces in sorted(grown.items()):
        merged = shapely.union_all(pieces).buffer(-CLOSE_DEGREES, join_style="mitre")
        parts: list[Any] = list(getattr(merged, "geoms", [merged]))
        out[province] = [
            [
                np.asarray(part.exterior.coords, dtype=np.float64),
                *(np.asarray(hole.coords, dtype=np.float64) for hole in part.interiors),
            ]
            for part in parts
            if part.geom_type == "Polygon" and not part.is_empty
        ]
    return out


def province_outlines(codes: list[str] | None = None) -> dict[str, list[Polygon]]:
    """Province outlines dissolved from the shipped kabupaten/kota boundaries.

    Parameters
    ----------
    codes
        Province codes (``"64"``); all 38 when None.

    Returns
    -------
    dict of str to list of Polygon
        Per province its polygons (rings of (lon, lat), outer first), as
        :func:`koperasi_alloc.wilayah.boundaries` gives them for the other levels.
    """
    every = _all_province_outlines()
    wanted = every if codes is None else [c for c in dict.fromkeys(codes) if c in every]
    return {code: every[code] for code in wanted}


def outline_features(level: str, codes: list[str]) -> list[_Feature]:
    """Outlines of provinces (dissolved) or kabupaten/kota or kecamatan, as features with
    ``layer`` and ``code``."""
    if level == "province":
        shapes = province_outlines(codes)
    else:
        shapes = boundaries(cast("BoundaryLevel", level), codes)
    return [
        {
            "type": "Feature",
            "geometry": _geometry(polygons),
            "properties": {"layer": level, "code": code},
        }
        for code, polygons in shapes.items()
    ]


def value_text(value: str, amount: Any, lang: Lang) -> str:
    """A value of a summary as ``lang`` writes it: ``76,5 %`` or ``1.234`` (id),
    ``76.5 %`` or ``1,234`` (en); ``-`` where there is none."""
    if amount is None:
        return "-"
    if value in SHARES:
        return decimal(float(amount) * 100, lang) + " %"
    if float(amount) != int(amount):  # a tick between two counts on a colour bar
        return decimal(float(amount), lang)
    return grouped(int(amount), lang)


def level_word(by: str, lang: Lang) -> str:
    """``province`` / ``provinsi`` ..."""
    return say(f"area.level.{by}", lang)


_BAD = ("closed", "empty", "unused", "hires")
"""Counts a planner wants small: drawn from yellow to red (others: light to dark blue)."""


PALETTES: dict[str, tuple[str, ...]] = {
    "RdYlGn": ("#a50026", "#f46d43", "#fee08b", "#a6d96a", "#1a9850"),
    "YlOrRd": ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026"),
    "Blues": ("#eff3ff", "#bdd7e7", "#6baed6", "#3182bd", "#08519c"),
}
"""Five stops of each colour map, for maps drawn without matplotlib (the interactive one)."""
NO_VALUE = "#dbdbdb"
"""The fill of an area without a value (a share where nothing is open)."""


def colour_hex(name: str, amount: float | None, low: float, high: float) -> str:
    """The stop of palette ``name`` nearest ``amount`` on ``low``..``high``."""
    if amount is None:
        return NO_VALUE
    stops = PALETTES[name]
    position = (float(amount) - low) / max(high - low, 1e-12)
    return stops[min(max(int(position * (len(stops) - 1) + 0.5), 0), len(stops) - 1)]


def colour_scale(value: str, amounts: list[Any]) -> tuple[str, float, float]:
    """The colour map and its range for ``value``: red (none) to green (all) for a share,
    0 to the largest amount for a count."""
    if value in SHARES:
        return "RdYlGn", 0.0, 1.0
    largest = max((float(a) for a in amounts if a is not None), default=0.0)
    name = "YlOrRd" if value.startswith(_BAD) else "Blues"
    return name, 0.0, max(largest, 1.0)


def draw_areas(
    ax: Any, features: list[_Feature], outlines: list[tuple[list[_Feature], float]], value: str
) -> tuple[Any, bool]:
    """Fill each area by its ``value`` and draw the outlines (features, line width) over
    them; the colour mapping, and whether an area has no value (drawn light grey)."""
    import matplotlib as mpl
    from matplotlib.cm import ScalarMappable
    from matplotlib.collections import PathCollection
    from matplotlib.colors import Normalize

    from koperasi_alloc._map_draw import path_of

    amounts = [f["properties"][value] for f in features]
    name, low, high = colour_scale(value, amounts)
    cmap, norm = mpl.colormaps[name], Normalize(vmin=low, vmax=high)
    faces = [(0.86, 0.86, 0.86, 1.0) if a is None else cmap(norm(a)) for a in amounts]
    ax.add_collection(
        PathCollection(
            [path_of(f["geometry"]) for f in features],
            facecolors=faces,
            edgecolors=faces,  # hides the seams between the kabupaten of a province
            linewidths=0.3,
            zorder=1,
        )
    )
    for lines, width in outlines:
        ax.add_collection(
            PathCollection(
                [path_of(f["geometry"]) for f in lines],
                facecolors="none",
                edgecolors="#3d3d3d",
                linewidths=width,
                zorder=2,
            )
        )
    ax.autoscale_view()
    return ScalarMappable(norm=norm, cmap=cmap), any(a is None for a in amounts)
