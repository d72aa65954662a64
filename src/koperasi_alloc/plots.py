"""Pictures for notebooks: a map of a plan, and shortages per kecamatan and role.

Needs matplotlib (``pip install koperasi-alloc[plot]``); it is imported only when a
function here is called.

>>> from koperasi_alloc.plots import plot_map, plot_shortages  # doctest: +SKIP
>>> plot_map(scenario, plan)  # doctest: +SKIP
"""

from __future__ import annotations

import math
from collections import Counter
from typing import TYPE_CHECKING, Any, Literal

from koperasi_alloc.scenario import Scenario

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from koperasi_alloc.explain import Explanation
    from koperasi_alloc.plan import Plan
    from koperasi_alloc.scenario import Village

__all__ = ["plot_map", "plot_shortages"]

_Point = tuple[float, float]
"""A (longitude, latitude) pair, as matplotlib takes (x, y)."""


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
    labels: bool = True,
) -> Axes:
    """Villages coloured by coverage, lines from officers to their cooperatives.

    Parameters
    ----------
    scenario
        The scenario.
    plan
        A plan of it; without one every village shows 0 % coverage.
    ax
        Axes to draw on; a new figure when None.
    labels
        Whether to write kecamatan names at their seats.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on. A village with cooperatives that may receive officers is a
        circle coloured by filled / demanded slots (red 0 %, green 100 %); other villages
        are small grey dots. Each assignment is a line from the officer's work place (or
        domicile village) to the cooperative's village; officers are black dots.
    """
    plt = _pyplot()
    if ax is None:
        _, ax = plt.subplots(figsize=(8, 7))
    demand = _demand_by_village(scenario)
    filled, lines, workplaces = _assignment_lines(scenario, plan)
    staffed = [v for v in scenario.villages if demand[v.code] > 0]
    other = [v for v in scenario.villages if demand[v.code] == 0]
    if other:
        ax.scatter(
            [v.lon for v in other],
            [v.lat for v in other],
            s=8,
            c="lightgrey",
            label="no eligible cooperative",
            zorder=1,
        )
    if lines:
        _draw_assignments(ax, lines, workplaces)
    if staffed:
        _draw_coverage(ax, staffed, filled, demand)
    if labels:
        _draw_kecamatan_seats(ax, scenario)
    _finish_map(ax, scenario, plan)
    return ax


def _demand_by_village(scenario: Scenario) -> Counter[str]:
    """Slots demanded per village code, by cooperatives that may receive officers."""
    legal_only = scenario.policy.legal_entity_only
    demand: Counter[str] = Counter()
    for coop in scenario.cooperatives:
        if coop.legal_entity or not legal_only:
            demand[coop.village] += sum(coop.demand.values())
    return demand


def _assignment_lines(
    scenario: Scenario, plan: Plan | None
) -> tuple[Counter[str], list[list[_Point]], list[_Point]]:
    """Filled slots per village code, a (lon, lat) line per assignment from the officer's
    work place (or domicile village) to the cooperative's village, and those work places.

    Assignments naming an officer or cooperative the scenario lacks are not drawn.
    """
    filled: Counter[str] = Counter()
    lines: list[list[_Point]] = []
    workplaces: list[_Point] = []
    if plan is None:
        return filled, lines, workplaces
    for a in plan.assignments:
        target = scenario.cooperative_by_id.get(a.cooperative_id)
        officer = scenario.officer_by_id.get(a.officer_id)
        if target is None or officer is None:
            continue
        filled[target.village] += 1
        village = scenario.village_by_code[target.village]
        if officer.lat is not None and officer.lon is not None:
            start = (officer.lon, officer.lat)
        else:
            home = scenario.village_by_code[officer.domicile]
            start = (home.lon, home.lat)
        lines.append([start, (village.lon, village.lat)])
        workplaces.append(start)
    return filled, lines, workplaces


def _draw_assignments(ax: Axes, lines: list[list[_Point]], workplaces: list[_Point]) -> None:
    """Assignment lines in blue, officers' work places as black dots."""
    from matplotlib.collections import LineCollection

    ax.add_collection(
        LineCollection(lines, colors="tab:blue", linewidths=0.6, alpha=0.45, zorder=2)
    )
    ax.scatter(
        [p[0] for p in workplaces],
        [p[1] for p in workplaces],
        s=6,
        c="black",
        marker=".",
        label="officer work place",
        zorder=3,
    )


def _draw_coverage(
    ax: Axes, staffed: list[Village], filled: Counter[str], demand: Counter[str]
) -> None:
    """Villages with demand as circles coloured by filled / demanded slots, with a colour bar."""
    share = [min(filled[v.code] / demand[v.code], 1.0) for v in staffed]
    points = ax.scatter(
        [v.lon for v in staffed],
        [v.lat for v in staffed],
        s=40,
        c=share,
        cmap="RdYlGn",
        vmin=0.0,
        vmax=1.0,
        edgecolors="black",
        linewidths=0.4,
        label="cooperative village",
        zorder=4,
    )
    bar = ax.figure.colorbar(points, ax=ax, shrink=0.6)
    bar.set_label("slots filled / demanded")


def _draw_kecamatan_seats(ax: Axes, scenario: Scenario) -> None:
    """Kecamatan names at their seats, and the seats as grey triangles."""
    for d in scenario.districts:
        ax.annotate(
            d.name,
            (d.lon, d.lat),
            fontsize=7,
            ha="center",
            va="bottom",
            xytext=(0, 6),
            textcoords="offset points",
            zorder=5,
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "alpha": 0.6, "lw": 0},
        )
    ax.scatter(
        [d.lon for d in scenario.districts],
        [d.lat for d in scenario.districts],
        marker="^",
        s=18,
        c="dimgray",
        label="kecamatan seat",
        zorder=4,
    )


def _finish_map(ax: Axes, scenario: Scenario, plan: Plan | None) -> None:
    """Aspect ratio for the mean latitude, axis labels, title and legend."""
    lats = [v.lat for v in scenario.villages] or [0.0]
    ax.set_aspect(1.0 / max(math.cos(math.radians(sum(lats) / len(lats))), 0.1))
    ax.set_xlabel("longitude (°E)")
    ax.set_ylabel("latitude (°N)")
    title = (
        scenario.name
        if plan is None
        else f"{scenario.name}: {plan.filled}/{plan.total_slots} slots"
    )
    ax.set_title(title, fontsize=9)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=4, fontsize=7, frameon=False)
    ax.autoscale_view()


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
