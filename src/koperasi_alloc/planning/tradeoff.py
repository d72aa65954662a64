"""``tradeoff``: solve a scenario for a range of one setting and tabulate the result.

>>> curve = tradeoff(scenario, vary="radius_km", values=[10, 20, 30, 40])  # doctest: +SKIP
>>> curve.to_frame()  # doctest: +SKIP
>>> curve.plot()  # doctest: +SKIP
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from concurrent.futures import Executor
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ConfigDict, Field

from koperasi_alloc.explain.records import Table
from koperasi_alloc.plan import Plan, StopReason
from koperasi_alloc.planning.edits import scale_release, with_policy
from koperasi_alloc.scenario import Policy, Scenario
from koperasi_alloc.solver.progress import ProgressCallback, StopSignal

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

__all__ = [
    "RELEASE_FRACTION",
    "Tradeoff",
    "TradeoffPoint",
    "TradeoffRow",
    "tradeoff",
    "vary_scenario",
]

RELEASE_FRACTION = "release_fraction"
"""``vary`` value that scales every agency's release cap (see
:func:`koperasi_alloc.planning.edits.scale_release`)."""


class TradeoffRow(BaseModel):
    """One solve of the sweep."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    value: Any = Field(description="The value of the varied setting.")
    status: str = Field(description="Plan status.")
    filled: int = Field(description="Slots filled.")
    total_slots: int = Field(description="Eligible slots demanded.")
    coverage: int | None = Field(description="Coverage tier value (None without a plan).")
    coverage_bound: int | None = Field(description="Best coverage proven possible.")
    gap: float | None = Field(description="Relative gap of the plan's first tier.")
    time: float = Field(description="Seconds for this solve.")


class TradeoffPoint(BaseModel):
    """One point of the sweep in full: the scenario solved and its plan.

    ``check(point.scenario, point.plan) == []``: the plan was made for the variant, not for
    the scenario given to :func:`tradeoff`.
    """

    model_config = ConfigDict(frozen=True)

    value: Any = Field(description="The value of the varied setting.")
    scenario: Scenario = Field(description="The scenario with the setting at this value.")
    plan: Plan = Field(description="The plan solved for that scenario.")


class Tradeoff(BaseModel):
    """A sweep of one setting: a row per value, and each point's scenario and plan."""

    model_config = ConfigDict(frozen=True)

    vary: str = Field(description="The setting varied.")
    rows: Table[TradeoffRow] = Field(description="One row per value, in the order given.")
    points: list[TradeoffPoint] = Field(
        default_factory=list,
        exclude=True,
        description="Per value, the variant scenario and its plan (not serialised).",
    )
    stopped_by: StopReason | None = Field(
        default=None,
        description="Why the sweep ended before its last value (None: every value solved).",
    )

    def to_frame(self) -> pd.DataFrame:
        """The rows as a pandas DataFrame (needs the ``pandas`` extra)."""
        return self.rows.to_frame()

    def plot(self, ax: Axes | None = None) -> Axes:
        """Filled share (left axis), coverage and its proven bound (right axis) against the
        varied value; both axes start at zero, so small changes look small.

        Needs matplotlib (``pip install koperasi-alloc[plot]``).
        """
        from koperasi_alloc.plots import _pyplot

        plt = _pyplot()
        if ax is None:
            _, ax = plt.subplots(figsize=(6, 3.5))
        xs = [row.value for row in self.rows]
        share = [
            100.0 * row.filled / row.total_slots if row.total_slots else 0.0 for row in self.rows
        ]
        ax.plot(xs, share, marker="o", color="tab:blue", label="slots filled (%)")
        ax.set_xlabel(self.vary)
        ax.set_ylabel("slots filled (%)", color="tab:blue")
        ax.set_ylim(0, 105)
        right = ax.twinx()
        coverage = [row.coverage if row.coverage is not None else float("nan") for row in self.rows]
        right.plot(xs, coverage, marker="s", linestyle="--", color="tab:orange", label="coverage")
        bounds = [
            row.coverage_bound if row.coverage_bound is not None else float("nan")
            for row in self.rows
        ]
        right.plot(xs, bounds, linestyle=":", color="tab:red", label="coverage bound")
        # From zero, like the left axis: a 0.5 % change looks like 0.5 %, not the full height.
        top = max((v for v in coverage + bounds if v == v), default=1.0)
        right.set_ylim(0, 1.05 * top if top > 0 else 1.0)
        lines = ax.get_legend_handles_labels()
        more = right.get_legend_handles_labels()
        right.legend(lines[0] + more[0], lines[1] + more[1], fontsize=7, loc="lower right")
        right.set_ylabel("coverage (priority-weighted)", color="tab:orange")
        ax.set_title(f"Trade-off: {self.vary}")
        ax.grid(True, alpha=0.3)
        return ax


def vary_scenario(scenario: Scenario, vary: str, value: Any) -> Scenario:
    """``scenario`` with setting ``vary`` at ``value`` (a Policy field or 'release_fraction')."""
    if vary == RELEASE_FRACTION:
        return scale_release(scenario, float(value))
    if vary not in Policy.model_fields:
        raise ValueError(
            f"cannot vary {vary!r}: choose {RELEASE_FRACTION!r} or a Policy field "
            f"({', '.join(Policy.model_fields)})"
        )
    return with_policy(scenario, **{vary: value})


def tradeoff(
    scenario: Scenario,
    vary: str,
    values: Sequence[Any],
    *,
    time_limit: float = 5.0,
    callback: ProgressCallback | None = None,
    stop: StopSignal | None = None,
    gap_limit: float | None = None,
    executor: Executor | None = None,
    **solve_kwargs: Any,
) -> Tradeoff:
    """Solve ``scenario`` once per value of one setting.

    Parameters
    ----------
    scenario
        The scenario.
    vary
        ``"release_fraction"`` (every agency's release cap multiplied by the value; an
        uncapped agency counts as capped at its headcount) or any
        :class:`~koperasi_alloc.scenario.Policy` field, e.g. ``"radius_km"``.
    values
        The values to try, in order.
    time_limit
        Seconds per solve (the sweep takes at most ``len(values)`` times this).
    callback, stop, gap_limit, executor
        As for :func:`koperasi_alloc.solve`, for every solve of the sweep; once the stop
        token is set (or the callback returns True) the solve under way returns its best
        plan and no further value is solved.
    **solve_kwargs
        Passed to :func:`koperasi_alloc.solver.solve`.

    Returns
    -------
    Tradeoff
        A row per value solved: status, slots filled, coverage and its bound, gap, time;
        and in ``points`` each value's scenario and plan (check a plan against its own
        point's scenario). ``stopped_by`` says why the sweep ended before its last value.

    Raises
    ------
    ValueError
        When ``vary`` is neither a Policy field nor ``"release_fraction"``, or a value
        makes the scenario inconsistent (naming the value and the records).
    """
    from koperasi_alloc.solver import solve

    rows = []
    points: list[TradeoffPoint] = []
    stopped_by: StopReason | None = None
    for value in values:
        if stop is not None and stop.is_set():
            stopped_by = StopReason.STOP
            break
        started = time.perf_counter()
        variant = vary_scenario(scenario, vary, value)
        plan = solve(
            variant,
            time_limit=max(time_limit - (time.perf_counter() - started), 0.0),
            callback=callback,
            stop=stop,
            gap_limit=gap_limit,
            executor=executor,
            **solve_kwargs,
        )
        rows.append(_row(value, plan, time.perf_counter() - started))
        # both already validated: validating the scenario again costs a national one
        # half a second past the budget
        points.append(TradeoffPoint.model_construct(value=value, scenario=variant, plan=plan))
        if plan.stopped_by in _USER_STOPS:
            stopped_by = plan.stopped_by
            break
    return Tradeoff(
        vary=vary, rows=Table[TradeoffRow](rows=rows), points=points, stopped_by=stopped_by
    )


#: Stops that end the whole sweep, not only the solve under way.
_USER_STOPS = (StopReason.STOP, StopReason.CALLBACK, StopReason.INTERRUPT)


def _row(value: Any, plan: Plan, seconds: float) -> TradeoffRow:
    coverage = plan.tier("coverage")
    return TradeoffRow(
        value=value,
        status=plan.status.value,
        filled=plan.filled,
        total_slots=plan.total_slots,
        coverage=coverage.value if coverage is not None else None,
        coverage_bound=coverage.bound if coverage is not None else None,
        gap=plan.gap,
        time=seconds,
    )
