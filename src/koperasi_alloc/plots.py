"""Pictures for notebooks: maps of a plan and of a hiring proposal, and shortages per
kecamatan and role.

Needs matplotlib and adjustText (``pip install koperasi-alloc[plot]``); they are imported
only when a function here is called. The maps draw what :func:`koperasi_alloc.io.geojson.
map_geojson` exports (one computation of the slots demanded, open and filled), on the
shipped boundaries of :mod:`koperasi_alloc.wilayah`.

>>> from koperasi_alloc.plots import plot_hires, plot_map, plot_shortages  # doctest: +SKIP
>>> plot_map(scenario, plan)  # doctest: +SKIP
>>> plot_hires(proposal, lang="id")  # doctest: +SKIP
>>> plot_choropleth(scenario, plan, by="province", value="share_filled")  # doctest: +SKIP

:func:`plot_choropleth` colours provinces, kabupaten/kota or kecamatan by a value of the
national summary (:mod:`koperasi_alloc.summary`: the same numbers as its frame).
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Any, Literal

from koperasi_alloc._choropleth import (
    area_features,
    draw_areas,
    level_word,
    outline_features,
    value_text,
)
from koperasi_alloc._map_draw import draw_map, label_level, write_labels
from koperasi_alloc.i18n import check_lang, say
from koperasi_alloc.map_words import Lang, words
from koperasi_alloc.scenario import Scenario
from koperasi_alloc.summary import SummaryLevel, check_value, summary_records, value_label

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

    from koperasi_alloc.explain import Explanation
    from koperasi_alloc.plan import Plan
    from koperasi_alloc.planning.hire_proposal import HireProposal

__all__ = ["plot_choropleth", "plot_hires", "plot_map", "plot_shortages"]

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
            _colour_bar(figure, mappable, said["coverage"], box, horizontal=True)
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


def _colour_bar(figure: Any, mappable: Any, label: str, box: Any, horizontal: bool) -> Any:
    """The colour bar, below the map (horizontal) or right of it."""
    width, height = figure.get_size_inches()
    if horizontal:
        rect = (box.x0 + box.width / 4, 0.5 / height, box.width / 2, 0.13 / height)
    else:
        rect = (box.x1 + 0.2 / width, box.y0, 0.15 / width, box.height)
    bar = figure.colorbar(
        mappable, cax=figure.add_axes(rect), orientation="horizontal" if horizontal else "vertical"
    )
    bar.set_label(label, fontsize=8)
    return bar


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
        _colour_bar(figure, mappable, said["coverage"], right.get_position(), horizontal=False)
    return figure


_FINE_TO_COARSE = ("kecamatan", "kabupaten", "province")


def plot_choropleth(
    scenario: Scenario,
    plan: Plan,
    *,
    by: SummaryLevel = "kabupaten",
    value: str = "share_filled",
    proposal: HireProposal | None = None,
    explanation: Explanation | None = None,
    labels: bool = True,
    lang: Lang = "id",
) -> Axes:
    """A choropleth of a plan: each province, kabupaten/kota or kecamatan coloured by one
    value of its summary, on the shipped boundaries.

    Parameters
    ----------
    scenario
        The scenario the plan was made for.
    plan
        The plan.
    by
        ``"province"``, ``"kabupaten"`` (default) or ``"kecamatan"``.
    value
        A column of :func:`koperasi_alloc.summary.summary_records` (their list:
        :func:`koperasi_alloc.summary.values`): ``"share_filled"`` (default; red none,
        green all), or a count such as ``"empty"``, ``"empty_no_candidate_in_reach"``,
        ``"unused_agency_cap"``, ``"hires"`` (yellow few, red many; blue for counts that
        are not shortfalls, such as ``"filled"``).
    proposal
        A hiring proposal: allows ``"hires"``, ``"filled_with_hires"`` and
        ``"share_filled_with_hires"``.
    explanation
        ``explain(scenario, plan)`` when already made (made here otherwise).
    labels
        Whether to write the areas' names with their value (placed apart by adjustText),
        or, with more than :data:`koperasi_alloc._map_draw.MAX_LABELS` areas, the names of
        the provinces (or kabupaten) they lie in.
    lang
        ``"id"`` (default) or ``"en"``: title, legend, colour bar and numbers.

    Returns
    -------
    matplotlib.axes.Axes
        The map: areas without open slots (a share has no value there) light grey;
        province outlines over kabupaten, kabupaten outlines over kecamatan; the legend
        right of the map and the colour bar below it.

    Raises
    ------
    ValueError
        For an unknown ``by`` or ``value``, a hires value without a proposal, or a scenario
        whose areas have no shipped boundary (made-up codes); in ``lang``.
    """
    plt = _pyplot()
    from matplotlib.ticker import FuncFormatter

    lang = check_lang(lang)
    records = summary_records(
        scenario, plan, by, proposal=proposal, explanation=explanation, lang=lang
    )
    check_value(value, proposal is not None, lang)
    features = area_features(records, by)
    if not features:
        raise ValueError(say("area.no_boundaries", lang, level=level_word(by, lang)))
    figure = plt.figure(figsize=(15.0 if len(features) > 100 else 11.0, 7.5))
    ax = figure.add_axes((0.1, 0.1, 0.6, 0.8))
    mappable, blank = draw_areas(ax, features, _outlines(records, by), value)
    _set_map_axes(ax, scenario, by, value, lang)
    _place(figure, [ax], figure.get_size_inches()[0], right=_LEGEND_WIDTH, bottom=1.25)
    if labels:
        _area_labels(ax, scenario, records, by, value, lang)
    ax.apply_aspect()
    box = ax.get_position()
    figure.legend(handles=_area_handles(by, blank, lang), loc="upper left",
                  bbox_to_anchor=(box.x1 + 0.01, box.y1), fontsize=7, frameon=False)  # fmt: skip
    bar = _colour_bar(figure, mappable, value_label(value, lang), box, horizontal=True)
    bar.formatter = FuncFormatter(lambda x, _: value_text(value, x, lang))
    bar.update_ticks()
    return ax


def _area_labels(
    ax: Axes, scenario: Scenario, records: list[dict[str, Any]], by: str, value: str, lang: Lang
) -> None:
    """The areas' names with their value; where they are too many to read, the names of
    the coarser areas they lie in."""
    level = max(label_level(scenario, "auto"), by, key=_FINE_TO_COARSE.index)
    notes = None
    if level == by:
        notes = {str(r[by]): value_text(value, r[value], lang) for r in records}
    write_labels(ax, scenario, level, notes)


def _outlines(records: list[dict[str, Any]], by: str) -> list[tuple[list[dict[str, Any]], float]]:
    """The outlines over the areas: their own, thin, and those of the areas they make up."""
    codes = {level: sorted({str(r[level]) for r in records}) for level in _FINE_TO_COARSE
             if level in records[0]}  # fmt: skip
    out = []
    if by != "province":
        out.append((outline_features(by, codes[by]), 0.3))
    coarser = "kabupaten" if by == "kecamatan" else "province"
    out.append((outline_features(coarser, codes[coarser]), 0.9))
    return out


def _set_map_axes(ax: Axes, scenario: Scenario, by: str, value: str, lang: Lang) -> None:
    """Equal distances both ways at the region's mean latitude, axis labels and title."""
    import math

    said = words(lang)
    lats = [v.lat for v in scenario.villages] or [0.0]
    ax.set_aspect(1.0 / max(math.cos(math.radians(sum(lats) / len(lats))), 0.1))
    ax.set_xlabel(said["lon"])
    ax.set_ylabel(said["lat"])
    title = say("area.title", lang, region=scenario.name, value=value_label(value, lang),
                level=level_word(by, lang))  # fmt: skip
    ax.set_title(title, fontsize=10)


def _area_handles(by: str, blank: bool, lang: Lang) -> list[Any]:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    coarser = "kabupaten" if by == "kecamatan" else "province"
    handles: list[Any] = [
        Line2D([], [], color="#3d3d3d", lw=1.0, label=say(f"area.outline.{coarser}", lang))
    ]
    if by != "province":
        label = say(f"area.outline.{by}", lang)
        handles.append(Line2D([], [], color="#3d3d3d", lw=0.4, label=label))
    if blank:
        handles.append(
            Patch(facecolor=(0.86, 0.86, 0.86), edgecolor="none", label=say("area.no_value", lang))
        )
    return handles


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
