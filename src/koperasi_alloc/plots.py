"""Pictures for notebooks: maps of a plan and of a hiring proposal, and shortages per
kecamatan and role.

Needs matplotlib and adjustText (``pip install koperasi-alloc[plot]``); they are imported
only when a function here is called. The maps draw what :func:`koperasi_alloc.io.geojson.
map_geojson` exports (one computation of the slots demanded, open and filled), on the
shipped boundaries of :mod:`koperasi_alloc.wilayah`.

>>> from koperasi_alloc.plots import plot_hires, plot_map, plot_shortages  # doctest: +SKIP
>>> plot_map(scenario, plan)  # doctest: +SKIP
>>> plot_hires(proposal, lang="id")  # doctest: +SKIP
"""

from __future__ import annotations

import math
import warnings
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from koperasi_alloc.io.geojson import (
    assignments_geojson,
    boundaries_geojson,
    hires_geojson,
    village_tallies,
    villages_geojson,
)
from koperasi_alloc.map_words import Lang, words
from koperasi_alloc.scenario import Scenario
from koperasi_alloc.wilayah import kabupaten_code, wilayah

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from koperasi_alloc.explain import Explanation
    from koperasi_alloc.plan import Plan
    from koperasi_alloc.planning.hire_proposal import HireProposal

__all__ = ["plot_hires", "plot_map", "plot_shortages"]

Labels = bool | Literal["auto", "kecamatan", "kabupaten", "province"]
"""Which names :func:`plot_map` writes: True or "auto" picks the finest level with at most
:data:`MAX_LABELS` names; False writes none."""

MAX_LABELS = 40
"""The most names a map writes (more would not be readable)."""
MAX_LINES = 5_000
"""Assignment lines are drawn up to this many assignments."""
MAX_DESA_BOUNDARIES = 3_000
"""Desa boundaries (shipped for Kalimantan Timur) are drawn up to this many villages."""
_CMAP = "RdYlGn"
_Feature = dict[str, Any]


def _pyplot() -> Any:
    """``matplotlib.pyplot``, or an ImportError that says how to install it."""
    try:
        import matplotlib.pyplot as plt
    except ImportError as error:  # pragma: no cover - exercised without matplotlib only
        raise ImportError(
            "koperasi_alloc pictures need matplotlib: pip install koperasi-alloc[plot]"
        ) from error
    return plt


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


def plot_map(
    scenario: Scenario,
    plan: Plan | None = None,
    ax: Axes | None = None,
    *,
    labels: Labels = "auto",
    proposal: HireProposal | None = None,
    boundaries: bool = True,
    legend: bool = True,
    lang: Lang = "en",
) -> Axes:
    """A map of a plan: areas and villages coloured by coverage, assignments, hires.

    Parameters
    ----------
    scenario
        The scenario.
    plan
        A plan of it; without one nothing is coloured by coverage.
    ax
        Axes to draw on; a new figure when None.
    labels
        Names to write, placed apart with adjustText: ``"kecamatan"``, ``"kabupaten"``,
        ``"province"``, or ``"auto"`` (True): the finest of these with at most
        :data:`MAX_LABELS` names. False writes none.
    proposal
        A hiring proposal: its hires are drawn, one circle per work place sized by and
        marked with their number (the plan drawn is ``proposal.plan`` unless ``plan`` is
        given).
    boundaries
        Whether to draw the shipped boundaries: kabupaten/kota outlines, kecamatan filled
        by slots filled / open, and desa outlines where shipped (Kalimantan Timur).
    legend
        Whether to add the legend (outside the axes, on the right) and the colour bar
        (below the axes).
    lang
        ``"en"`` or ``"id"``: the language of the legend, axis labels and title.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on. A village with open slots (cooperatives that may receive
        officers) is a circle coloured by filled / open slots (red 0 %, green 100 %); other
        villages are small grey dots; each assignment a line from the officer's work place
        to the cooperative's village.
    """
    plt = _pyplot()
    if proposal is not None and plan is None:
        scenario, plan = proposal.scenario, proposal.plan
    new_figure = ax is None
    if ax is None:
        width = 15.0 if len(scenario.districts) > 1_000 else 11.0
        _, ax = plt.subplots(figsize=(width, 7.5), layout="constrained")
    said = words(lang)
    layers = _layers(scenario, plan, proposal, boundaries)
    handles, mappable = _draw_layers(ax, layers, said, len(scenario.villages))
    _set_aspect(ax, scenario)
    if new_figure:
        _fit_height(ax)
    ax.set_xlabel(said["lon"])
    ax.set_ylabel(said["lat"])
    ax.set_title(_title(scenario, layers, said), fontsize=9)
    if labels:
        _write_labels(ax, scenario, "auto" if labels is True else labels)
    if legend:
        _legend(ax, handles, mappable, said, new_figure)
    return ax


def plot_hires(proposal: HireProposal, *, labels: Labels = "auto", lang: Lang = "en") -> Figure:
    """Two maps side by side: the plan of the existing staff, and the plan with the hires.

    Parameters
    ----------
    proposal
        A hiring proposal (:func:`koperasi_alloc.planning.propose_hires`).
    labels
        As in :func:`plot_map`.
    lang
        ``"en"`` or ``"id"``.

    Returns
    -------
    matplotlib.figure.Figure
        The figure; the hires are circles at their work places, sized by and marked with
        their number (so 107 hires read as 107); one legend below both maps, one colour bar
        to the right.
    """
    plt = _pyplot()
    said = words(lang)
    fig, (left, right) = plt.subplots(
        1, 2, figsize=(15, 6.8), layout="constrained", sharex=True, sharey=True
    )
    plot_map(proposal.scenario, proposal.before, ax=left, labels=labels, legend=False, lang=lang)
    plot_map(
        proposal.scenario,
        proposal.plan,
        ax=right,
        labels=labels,
        proposal=proposal,
        legend=False,
        lang=lang,
    )
    left.set_title(
        said["before"].format(filled=proposal.filled_before, total=proposal.total_slots),
        fontsize=10,
    )
    right.set_title(
        said["after"].format(
            hires=proposal.hires, filled=proposal.filled_after, total=proposal.total_slots
        ),
        fontsize=10,
    )
    handles, labels_ = right.get_legend_handles_labels()
    fig.legend(handles, labels_, loc="outside lower center", ncol=4, fontsize=8, frameon=False)
    mappable = next((c for c in right.collections if c.get_array() is not None), None)
    if mappable is not None:
        bar = fig.colorbar(mappable, ax=[left, right], location="right", shrink=0.7)
        bar.set_label(said["coverage"])
    return fig


def _colour(properties: dict[str, Any], cmap: Any, with_plan: bool) -> Any:
    """Fill of an area: by coverage with a plan, light grey without or with nothing open."""
    if not with_plan or properties["coverage"] is None:
        return (0.86, 0.86, 0.86, 1.0)
    return cmap(properties["coverage"])


def _path(geometry: dict[str, Any]) -> Any:
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
                [_path(f["geometry"]) for f in layers.kecamatan],
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
                [_path(f["geometry"]) for f in layers.desa],
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
                [_path(f["geometry"]) for f in layers.kabupaten],
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


def _legend(
    ax: Axes, handles: list[Any], mappable: Any, said: dict[str, str], own_figure: bool
) -> None:
    """The legend outside the axes on the right, the colour bar below them. In a figure of
    its own the legend belongs to the figure, which the layout keeps clear of the axes."""
    options = {"handles": handles, "fontsize": 7, "frameon": False}
    if own_figure:
        ax.figure.legend(loc="outside right upper", **options)
    else:
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0, **options)
    if mappable is not None:
        bar = ax.figure.colorbar(
            mappable, ax=ax, location="bottom", shrink=0.5, aspect=30, pad=0.02
        )
        bar.set_label(said["coverage"], fontsize=8)


def _fit_height(ax: Axes) -> None:
    """A new figure's height fitted to the map's shape (no wide empty bands)."""
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    ratio = abs(y1 - y0) / max(abs(x1 - x0), 1e-9) * float(ax.get_aspect())
    figure: Any = ax.figure
    width = figure.get_figwidth()
    figure.set_figheight(min(max(0.62 * width * ratio + 2.2, 4.5), 11.0))


def _title(scenario: Scenario, layers: _Layers, said: dict[str, str]) -> str:
    if not layers.with_plan:
        return scenario.name
    filled = sum(f["properties"]["filled"] for f in layers.villages)
    open_ = sum(f["properties"]["open"] for f in layers.villages)
    return f"{scenario.name}: {said['filled_of'].format(filled=filled, open=open_)}"


def _label_points(scenario: Scenario, level: str) -> list[tuple[str, float, float]]:
    """Names and positions to write at ``level`` ("auto" picks the finest readable one)."""
    kabupaten = sorted({kabupaten_code(d.code) for d in scenario.districts})
    provinces = sorted({code[:2] for code in kabupaten})
    if level == "auto":
        level = (
            "kecamatan"
            if len(scenario.districts) <= MAX_LABELS
            else "kabupaten"
            if len(kabupaten) <= MAX_LABELS
            else "province"
        )
    if level == "kecamatan":
        return [(d.name, d.lon, d.lat) for d in scenario.districts]
    w = wilayah()
    table = w.kabupaten if level == "kabupaten" else w.provinces
    wanted = set(kabupaten if level == "kabupaten" else provinces)
    return [
        (name.removeprefix("Kabupaten "), lon, lat)
        for code, name, lon, lat in zip(
            table.codes, table.names, table.lon.tolist(), table.lat.tolist(), strict=True
        )
        if code in wanted
    ]


def _write_labels(ax: Axes, scenario: Scenario, level: str) -> None:
    """Names at their places, moved apart by adjustText so that none overlap."""
    points = _label_points(scenario, level)
    texts = [
        ax.text(
            x,
            y,
            name,
            fontsize=7,
            ha="center",
            va="center",
            zorder=8,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "alpha": 0.75, "lw": 0},
        )
        for name, x, y in points
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
        x=[p[1] for p in points],
        y=[p[2] for p in points],
        ax=ax,
        expand=(1.15, 1.4),
        iter_lim=1_000,  # a count, not a time limit: the same figure on every machine
        arrowprops={"arrowstyle": "-", "color": "#555555", "lw": 0.5},
    )


def plot_shortages(
    explanation_or_scenario: Explanation | Scenario,
    ax: Axes | None = None,
    *,
    what: Literal["auto", "vacancies", "shortfall"] = "auto",
) -> Axes:
    """Bars per kecamatan, stacked by role: empty slots of the plan, or the shortfall.

    Parameters
    ----------
    explanation_or_scenario
        An :class:`~koperasi_alloc.explain.Explanation`, or a scenario (explained first,
        without a plan).
    ax
        Axes to draw on; a new figure when None.
    what
        ``"vacancies"``: slots of cooperatives that may receive officers which the
        explained plan leaves empty; ``"shortfall"``: slots no
        plan can fill (supply against demand per kecamatan, from the shortages table);
        ``"auto"``: vacancies when the explanation has a plan, else the shortfall.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on: one horizontal bar per kecamatan, a coloured segment per role.
    """
    plt = _pyplot()
    if isinstance(explanation_or_scenario, Scenario):
        from koperasi_alloc.explain import explain

        explanation = explain(explanation_or_scenario)
    else:
        explanation = explanation_or_scenario
    names: dict[str, str] = {}
    for s in explanation.shortages:
        names.setdefault(s.kecamatan, s.kecamatan_name)
    if what == "auto":
        what = "vacancies" if explanation.status is not None else "shortfall"
    value: Counter[tuple[str, str]] = Counter()
    if what == "vacancies":
        for v in explanation.vacancies:
            names.setdefault(v.kecamatan, v.kecamatan_name)
            if v.code != "not_legal_entity":
                value[(v.kecamatan, v.role)] += v.count
        label = "empty eligible slots in the plan"
    else:
        for s in explanation.shortages:
            if s.role is not None:
                value[(s.kecamatan, s.role)] += s.shortfall
        label = "slots no plan can fill (shortfall)"
    roles = sorted({role for _, role in value})
    kecamatan = list(names)
    if ax is None:
        _, ax = plt.subplots(figsize=(7, max(3.0, 0.28 * len(kecamatan) + 1.0)))
    left = [0] * len(kecamatan)
    positions = list(range(len(kecamatan)))
    for role in roles:
        widths = [value[(k, role)] for k in kecamatan]
        ax.barh(positions, widths, left=left, label=role)
        left = [a + b for a, b in zip(left, widths, strict=True)]
    ax.set_yticks(positions)
    ax.set_yticklabels([names[k] for k in kecamatan], fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel(label)
    total = sum(left)
    if total == 0:
        ax.set_xlim(0, 1)
    ax.set_title(f"{label.capitalize()} per kecamatan and role (total {total})", fontsize=9)
    if roles:
        ax.legend(fontsize=7, loc="lower right")
    ax.grid(True, axis="x", alpha=0.3)
    return ax
