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

from collections import Counter
from typing import TYPE_CHECKING, Any, Literal

from koperasi_alloc._map_draw import draw_map, write_labels
from koperasi_alloc.map_words import Lang, words
from koperasi_alloc.scenario import Scenario

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


def _pyplot() -> Any:
    """``matplotlib.pyplot``, or an ImportError that says how to install it."""
    try:
        import matplotlib.pyplot as plt
    except ImportError as error:  # pragma: no cover - exercised without matplotlib only
        raise ImportError(
            "koperasi_alloc pictures need matplotlib: pip install koperasi-alloc[plot]"
        ) from error
    return plt


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
    said = words(lang)
    level = None if labels is False else "auto" if labels is True else labels
    if ax is not None:
        handles, mappable = draw_map(
            ax, scenario, plan, proposal, labels=level, boundaries=boundaries, said=said
        )
        if legend:
            ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.01, 1.0),
                      borderaxespad=0.0, fontsize=7, frameon=False)  # fmt: skip
            if mappable is not None:
                bar = ax.figure.colorbar(mappable, ax=ax, location="bottom", shrink=0.5, pad=0.12)
                bar.set_label(said["coverage"], fontsize=8)
        return ax
    width = 15.0 if len(scenario.districts) > 1_000 else 11.0
    figure = plt.figure(figsize=(width, 7.5))
    ax = figure.add_axes((0.1, 0.1, 0.6, 0.8))
    handles, mappable = draw_map(
        ax, scenario, plan, proposal, labels=None, boundaries=boundaries, said=said
    )
    room = 1.25 if legend and mappable is not None else 0.7  # for the colour bar
    _place(figure, [ax], width, right=_LEGEND_WIDTH if legend else 0.3, bottom=room)
    if level is not None:
        write_labels(ax, scenario, level)
    if legend:
        ax.apply_aspect()
        box = ax.get_position()
        figure.legend(handles=handles, loc="upper left", bbox_to_anchor=(box.x1 + 0.01, box.y1),
                      fontsize=7, frameon=False)  # fmt: skip
        if mappable is not None:
            _colour_bar(figure, mappable, said, box, horizontal=True)
    return ax


_LEGEND_WIDTH = 3.4
"""Inches right of a map for its legend."""
_LEFT, _TOP = 0.85, 0.45
"""Inches left of a map (tick labels, axis label) and above it (title)."""


def _place(figure: Any, axes: list[Axes], width: float, *, right: float, bottom: float) -> None:
    """Size the figure to the maps' shape and place them side by side, in inches: no empty
    bands, and room for the axis labels, the legend and the colour bar."""
    (x0, x1), (y0, y1) = axes[0].get_xlim(), axes[0].get_ylim()
    ratio = abs(y1 - y0) / max(abs(x1 - x0), 1e-9) * float(axes[0].get_aspect())
    gap = 0.35
    each = (width - _LEFT - right - gap * (len(axes) - 1)) / len(axes)
    tall = min(max(each * ratio, 2.5), 9.0)
    height = tall + bottom + _TOP
    figure.set_size_inches(width, height)
    for i, ax in enumerate(axes):
        left = _LEFT + i * (each + gap)
        ax.set_position((left / width, bottom / height, each / width, tall / height))


def _colour_bar(
    figure: Any, mappable: Any, said: dict[str, str], box: Any, horizontal: bool
) -> None:
    """The coverage colour bar: below the map (horizontal) or right of it."""
    width, height = figure.get_size_inches()
    if horizontal:
        rect = (box.x0 + box.width / 4, 0.5 / height, box.width / 2, 0.13 / height)
    else:
        rect = (box.x1 + 0.2 / width, box.y0, 0.15 / width, box.height)
    bar = figure.colorbar(
        mappable, cax=figure.add_axes(rect), orientation="horizontal" if horizontal else "vertical"
    )
    bar.set_label(said["coverage"], fontsize=8)


def plot_hires(proposal: HireProposal, *, labels: Labels = "auto", lang: Lang = "en") -> Figure:
    """Two maps side by side: the plan of the existing staff, and the plan with the hires.

    Parameters
    ----------
    proposal
        A hiring proposal (:func:`koperasi_alloc.planning.propose_hires`).
    labels
        As in :func:`plot_map`, for the left map (the right one shows the hires' numbers).
    lang
        ``"en"`` or ``"id"``.

    Returns
    -------
    matplotlib.figure.Figure
        The figure; the hires are circles at their work places, sized by and marked with
        their number (so 107 hires read as 107); one legend below both maps, clear of their
        axis labels, and one colour bar on the right.
    """
    plt = _pyplot()
    said = words(lang)
    level = None if labels is False else "auto" if labels is True else labels
    figure = plt.figure(figsize=(15, 7))
    left = figure.add_axes((0.05, 0.2, 0.4, 0.7))
    right = figure.add_axes((0.5, 0.2, 0.4, 0.7), sharex=left, sharey=left)
    scenario = proposal.scenario
    draw_map(left, scenario, proposal.before, None, labels=None, boundaries=True, said=said)
    handles, mappable = draw_map(
        right, scenario, proposal.plan, proposal, labels=None, boundaries=True, said=said
    )
    _place(figure, [left, right], 15.0, right=1.3, bottom=1.2)
    if level is not None:
        write_labels(left, scenario, level)
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
    figure.legend(handles=handles, loc="lower center", bbox_to_anchor=(0.5, 0.0), ncol=4,
                  fontsize=8, frameon=False)  # fmt: skip
    if mappable is not None:
        right.apply_aspect()
        _colour_bar(figure, mappable, said, right.get_position(), horizontal=False)
    return figure


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
