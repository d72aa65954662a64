"""(b) HiGHS: the same candidates and rules as one weighted MIP, built as CSR arrays.

Columns: one binary ``x_i`` per candidate; one binary ``y_o`` per officer who may serve
several cooperatives and belongs to a capped agency (``y_o`` = "o is released"); one
integer ``z`` in [0, 1000] for the fairness max-min. Rows (all hard rules of rules.md):

- slot: ``sum x over (c, r) <= demand[c, r]``;
- cooperative: ``min_officers(c) <= sum x over c <= cap(c)``;
- officer: ``sum x over o <= max_cooperatives(o)``, times ``y_o`` for an officer with one;
- pair: ``sum x over (o, c) <= 1`` (one role per cooperative), or ``<= y_o`` for an
  officer with a ``y_o`` (the same row also links x to y);
- weekly hours: ``sum load_i x_i <= round(60 * weekly_hours(o))``;
- agency: ``sum x of its single-cooperative officers + sum y of the others <= cap``;
- locks: ``sum x over the locked (o, c[, r]) >= 1``;
- fairness: ``R_k z - 1000 sum x over kecamatan k <= 0`` for each kecamatan with reachable
  slots ``R_k > 0``: the sum over its cooperatives of ``min(cap(c), sum over r of
  min(demand[c, r], officers with a candidate for (c, r)))``, counted here from the full
  candidate rows (every eligible triple).

Objective (maximised): ``sum_i w_i x_i + w_fairness z`` with the policy's weights.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from benchmarks.methods.common import (
    FAIRNESS_SCALE,
    MethodResult,
    Trace,
    candidate_weights,
    fairness_weight,
    make_plan,
    weighted_scenario,
)
from koperasi_alloc.candidates import Candidates, build_candidates
from koperasi_alloc.plan import Plan
from koperasi_alloc.scenario import Scenario

__all__ = ["MipArrays", "build_mip", "figures_of", "load", "plan_of", "run", "solve_arrays"]

INF = float("inf")


@dataclass
class MipArrays:
    """A MIP in row-wise (CSR) form, ready for ``Highs.passModel``."""

    cost: NDArray[np.float64]
    col_lower: NDArray[np.float64]
    col_upper: NDArray[np.float64]
    integer: NDArray[np.bool_]
    row_lower: NDArray[np.float64]
    row_upper: NDArray[np.float64]
    start: NDArray[np.int32]
    index: NDArray[np.int32]
    value: NDArray[np.float64]
    offset: float
    n_x: int
    z_col: int | None

    @property
    def num_col(self) -> int:
        """Number of columns."""
        return len(self.cost)

    @property
    def num_row(self) -> int:
        """Number of rows."""
        return len(self.row_lower)


class _Rows:
    """Accumulates rows as COO triples, block by block."""

    def __init__(self) -> None:
        self.n = 0
        self.r: list[NDArray[np.int64]] = []
        self.c: list[NDArray[np.int64]] = []
        self.v: list[NDArray[np.float64]] = []
        self.lo: list[NDArray[np.float64]] = []
        self.up: list[NDArray[np.float64]] = []

    def block(
        self,
        row: NDArray[np.int64],
        col: NDArray[np.int64],
        val: NDArray[np.float64],
        lower: NDArray[np.float64],
        upper: NDArray[np.float64],
    ) -> None:
        """Add ``len(lower)`` rows; ``row`` numbers them from 0 within the block."""
        self.r.append(row.astype(np.int64) + self.n)
        self.c.append(col.astype(np.int64))
        self.v.append(val.astype(np.float64))
        self.lo.append(lower.astype(np.float64))
        self.up.append(upper.astype(np.float64))
        self.n += len(lower)

    def grouped(
        self,
        key: NDArray[np.int64],
        lower: NDArray[np.float64] | None,
        upper: NDArray[np.float64],
        select: NDArray[np.int64] | None = None,
    ) -> None:
        """One row ``sum x_i`` per distinct ``key`` (over candidates ``select``); the bounds
        are per distinct key, in sorted key order. Rows that cannot bind are left out."""
        cols = np.arange(len(key), dtype=np.int64) if select is None else select
        ids, inverse, counts = np.unique(key, return_inverse=True, return_counts=True)
        lo = np.full(len(ids), -INF) if lower is None else lower
        binding = (counts > upper) | (lo > 0)
        renumber = np.cumsum(binding) - 1
        keep = binding[inverse]
        self.block(
            renumber[inverse[keep]],
            cols[keep],
            np.ones(int(keep.sum())),
            lo[binding],
            upper[binding],
        )


def _reachable_slots(candidates: Candidates) -> NDArray[np.float64]:
    """``R_k`` per kecamatan (rules.md, fairness), from ``candidates``' rows, which must
    be every eligible triple of the scenario (a fresh :func:`build_candidates`)."""
    scenario = candidates.scenario
    slots = candidates.demand.astype(np.int64)  # cooperatives x roles
    n_coops, n_roles = slots.shape
    officers = np.bincount(
        candidates.cooperative * n_roles + candidates.role, minlength=n_coops * n_roles
    ).reshape(n_coops, n_roles)
    caps = np.array([scenario.cooperative_capacity(c) for c in scenario.cooperatives])
    per_coop = np.minimum(np.minimum(officers, slots).sum(axis=1), caps)
    reach = np.bincount(
        candidates.cooperative_district, weights=per_coop, minlength=len(scenario.districts)
    )
    return reach.astype(np.float64)


def build_mip(candidates: Candidates) -> MipArrays:
    """The weighted MIP of the scenario over ``candidates`` (see the module docstring)."""
    scenario = candidates.scenario
    officers, coops = scenario.officers, scenario.cooperatives
    n = len(candidates)
    n_roles = max(len(candidates.role_codes), 1)
    n_coops = max(len(coops), 1)
    off, coop, role = candidates.officer, candidates.cooperative, candidates.role
    rows = _Rows()

    # slot and cooperative capacity
    slot = coop * n_roles + role
    slot_ids = np.unique(slot)
    rows.grouped(slot, None, candidates.demand.reshape(-1)[slot_ids].astype(np.float64))
    coop_ids = np.unique(coop)
    cap = np.array([scenario.cooperative_capacity(coops[j]) for j in coop_ids.tolist()])
    minimum = np.array([coops[j].min_officers for j in coop_ids.tolist()], dtype=np.float64)
    rows.grouped(coop, minimum, cap.astype(np.float64))

    officer_ids = np.unique(off)
    limit = np.array([officers[i].max_cooperatives for i in officer_ids.tolist()])

    # agency release: which officers need a y column
    agency_of = np.array([officers[i].agency for i in officer_ids.tolist()], dtype=object)
    capped: list[tuple[str, int]] = []
    for agency in scenario.agencies:
        cap_a = agency.release_cap
        if cap_a is not None and int(np.sum(agency_of == agency.code)) > cap_a:
            capped.append((agency.code, cap_a))
    capped_codes = {code for code, _ in capped}
    needs_y = np.array([a in capped_codes for a in agency_of.tolist()], dtype=bool) & (limit > 1)
    y_officers = officer_ids[needs_y]
    y_col = np.full(len(officers), -1, dtype=np.int64)
    y_col[y_officers] = n + np.arange(len(y_officers), dtype=np.int64)
    n_cols = n + len(y_officers)

    # officer capacity: sum x <= max_cooperatives, or <= max_cooperatives * y_o
    has_y = y_col[off] >= 0
    plain_rows = np.flatnonzero(~has_y)
    rows.grouped(off[plain_rows], None, limit[~needs_y].astype(np.float64), plain_rows)
    y_rows = np.flatnonzero(has_y)
    y_ids, y_of = np.unique(off[y_rows], return_inverse=True)
    rows.block(
        np.concatenate([y_of, np.arange(len(y_ids))]),
        np.concatenate([y_rows, y_col[y_ids]]),
        np.concatenate(
            [
                np.ones(len(y_rows)),
                -np.array([officers[i].max_cooperatives for i in y_ids.tolist()], dtype=float),
            ]
        ),
        np.full(len(y_ids), -INF),
        np.zeros(len(y_ids)),
    )

    # pairs: sum x over (o, c) <= 1, or <= y_o
    pair = off * n_coops + coop
    pair_ids, pair_of, pair_count = np.unique(pair, return_inverse=True, return_counts=True)
    pair_officer = pair_ids // n_coops
    linked = y_col[pair_officer] >= 0
    plain = (~linked) & (pair_count > 1)
    renumber = np.cumsum(plain) - 1
    keep = plain[pair_of]
    rows.block(
        renumber[pair_of[keep]],
        np.flatnonzero(keep),
        np.ones(int(keep.sum())),
        np.full(int(plain.sum()), -INF),
        np.ones(int(plain.sum())),
    )
    renumber = np.cumsum(linked) - 1
    keep = linked[pair_of]
    link_rows = np.flatnonzero(linked)
    rows.block(
        np.concatenate([renumber[pair_of[keep]], np.arange(len(link_rows))]),
        np.concatenate([np.flatnonzero(keep), y_col[pair_officer[link_rows]]]),
        np.concatenate([np.ones(int(keep.sum())), -np.ones(len(link_rows))]),
        np.full(len(link_rows), -INF),
        np.zeros(len(link_rows)),
    )

    # weekly hours
    hours = np.array(
        [round(o.weekly_hours * 60) if o.weekly_hours is not None else np.inf for o in officers],
        dtype=np.float64,
    )
    load_total = np.bincount(off, weights=candidates.load_minutes, minlength=len(officers))
    tight = np.isfinite(hours) & (load_total > hours)
    tight_officers = np.flatnonzero(tight)
    renumber = np.cumsum(tight) - 1
    keep = tight[off]
    rows.block(
        renumber[off[keep]],
        np.flatnonzero(keep),
        candidates.load_minutes[keep].astype(np.float64),
        np.full(len(tight_officers), -INF),
        hours[tight_officers],
    )

    # agency release on distinct officers
    officer_agency = np.array([o.agency for o in officers], dtype=object)
    for k, (code, cap_a) in enumerate(capped):
        members = officer_agency[off] == code
        single = members & (y_col[off] < 0)
        ys = y_officers[officer_agency[y_officers] == code]
        cols = np.concatenate([np.flatnonzero(single), y_col[ys]])
        rows.block(
            np.zeros(len(cols), dtype=np.int64),
            cols,
            np.ones(len(cols)),
            np.array([-INF]),
            np.array([float(cap_a)]),
        )
        del k

    # locks
    if scenario.locks:
        officer_index = {o.id: i for i, o in enumerate(officers)}
        coop_index = {c.id: j for j, c in enumerate(coops)}
        for lock in scenario.locks:
            match = (off == officer_index[lock.officer]) & (coop == coop_index[lock.cooperative])
            if lock.role is not None:
                match &= role == candidates.role_codes.index(lock.role)
            cols = np.flatnonzero(match)
            rows.block(
                np.zeros(len(cols), dtype=np.int64),
                cols,
                np.ones(len(cols)),
                np.array([1.0]),
                np.array([INF]),
            )

    # objective and fairness
    cost = np.zeros(n_cols + 1, dtype=np.float64)
    cost[:n] = candidate_weights(candidates)
    offset = 0.0
    z_col: int | None = None
    w_fair = fairness_weight(scenario)
    demand = _reachable_slots(candidates)
    n_districts = len(demand)
    districts = np.flatnonzero(demand > 0)
    col_upper = np.ones(n_cols + 1)
    if "fairness" in scenario.policy.objective.tiers and len(districts) > 0:
        z_col = n_cols
        cost[z_col] = w_fair
        col_upper[z_col] = FAIRNESS_SCALE
        row_of = np.full(n_districts, -1, dtype=np.int64)
        row_of[districts] = np.arange(len(districts))
        district = candidates.cooperative_district[coop]
        rows.block(
            np.concatenate([row_of[district], np.arange(len(districts))]),
            np.concatenate([np.arange(n, dtype=np.int64), np.full(len(districts), z_col)]),
            np.concatenate([np.full(n, -float(FAIRNESS_SCALE)), demand[districts]]),
            np.full(len(districts), -INF),
            np.zeros(len(districts)),
        )
    else:
        cost = cost[:n_cols]
        col_upper = col_upper[:n_cols]
        offset = float(w_fair * FAIRNESS_SCALE)

    r = np.concatenate(rows.r) if rows.r else np.zeros(0, dtype=np.int64)
    c = np.concatenate(rows.c) if rows.c else np.zeros(0, dtype=np.int64)
    v = np.concatenate(rows.v) if rows.v else np.zeros(0)
    order = np.lexsort((c, r))
    start = np.zeros(rows.n + 1, dtype=np.int64)
    np.cumsum(np.bincount(r, minlength=rows.n), out=start[1:])
    return MipArrays(
        cost=cost,
        col_lower=np.zeros(len(cost)),
        col_upper=col_upper,
        integer=np.ones(len(cost), dtype=bool),
        row_lower=np.concatenate(rows.lo) if rows.lo else np.zeros(0),
        row_upper=np.concatenate(rows.up) if rows.up else np.zeros(0),
        start=start[:-1].astype(np.int32),
        index=c[order].astype(np.int32),
        value=v[order],
        offset=offset,
        n_x=n,
        z_col=z_col,
    )


def load(mip: MipArrays, *, integer: bool, deadline: float, log: bool = False) -> Any:
    """A ``Highs`` object holding ``mip`` (or its LP relaxation), quiet unless ``log``,
    with an absolute gap below 1 (integer objectives) and interrupted after ``deadline``
    (a ``time.perf_counter`` reading).

    HiGHS can overrun its own ``time_limit`` (seen: 88 s on a 9 s limit, in the root LP of
    a province instance); its interrupt callbacks enforce the deadline from outside.
    """
    import highspy

    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.setOptionValue("time_limit", max(deadline - time.perf_counter(), 0.01))
    # objective coefficients are integers: an absolute gap below 1 proves optimality
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", 0.999)
    integrality = mip.integer.astype(np.int32) if integer else np.zeros(mip.num_col, dtype=np.int32)
    status = h.passModel(
        mip.num_col,
        mip.num_row,
        len(mip.index),
        int(highspy.MatrixFormat.kRowwise),
        int(highspy.ObjSense.kMaximize),
        mip.offset,
        mip.cost,
        mip.col_lower,
        mip.col_upper,
        mip.row_lower,
        mip.row_upper,
        mip.start,
        mip.index,
        mip.value,
        integrality,
    )
    if status == highspy.HighsStatus.kError:
        raise RuntimeError("HiGHS rejected the model")

    def interrupt(event: object) -> None:
        if time.perf_counter() > deadline:
            event.interrupt()  # type: ignore[attr-defined]

    h.cbSimplexInterrupt.subscribe(interrupt)
    h.cbIpmInterrupt.subscribe(interrupt)
    h.cbMipInterrupt.subscribe(interrupt)
    if log:
        h.setOptionValue("output_flag", True)
        h.setOptionValue("log_to_console", True)
    return h


def figures_of(h: Any, *, integer: bool) -> tuple[NDArray[np.float64] | None, dict[str, Any]]:
    """The column values of ``h``'s last run (None without a solution) and its figures:
    ``status``, ``objective``, ``bound`` (MIP dual bound, or the LP optimum) and
    ``run_time`` (HiGHS's own clock)."""
    import highspy

    model_status = h.getModelStatus()
    info = h.getInfo()
    if model_status == highspy.HighsModelStatus.kModelEmpty:
        # no column at all (no candidate): the empty plan is the optimum; HiGHS 1.16 calls
        # such a model "Empty" and gives no solution
        objective = float(info.objective_function_value)
        empty: dict[str, Any] = {
            "status": "Optimal",
            "objective": objective,
            "bound": objective,
            "run_time": float(h.getRunTime()),
        }
        return np.zeros(0, dtype=np.float64), empty
    has_solution = info.primal_solution_status == 2  # kSolutionStatusFeasible
    values = np.asarray(h.getSolution().col_value, dtype=np.float64) if has_solution else None
    if integer:
        bound = float(info.mip_dual_bound)
    elif model_status == highspy.HighsModelStatus.kOptimal:
        bound = float(info.objective_function_value)
    else:
        bound = float("nan")
    figures: dict[str, Any] = {
        "status": h.modelStatusToString(model_status),
        "objective": float(info.objective_function_value) if has_solution else None,
        "bound": bound if np.isfinite(bound) else None,
        "run_time": float(h.getRunTime()),
    }
    return values, figures


def solve_arrays(
    mip: MipArrays,
    *,
    integer: bool,
    time_limit: float,
    trace: Trace | None = None,
    log: bool = False,
) -> tuple[object, NDArray[np.float64] | None, dict[str, float | str | None]]:
    """Solve ``mip`` (or its LP relaxation) with HiGHS within ``time_limit`` seconds.

    Returns the ``Highs`` object, the column values (None without a solution) and the
    figures of :func:`figures_of`.
    """
    h = load(mip, integer=integer, deadline=time.perf_counter() + max(time_limit, 0.01), log=log)
    if integer and trace is not None:

        def improving(event: object) -> None:
            out = event.data_out  # type: ignore[attr-defined]
            trace.add(out.objective_function_value, out.mip_dual_bound)

        h.cbMipImprovingSolution.subscribe(improving)
    h.run()
    values, figures = figures_of(h, integer=integer)
    return h, values, figures


def plan_of(
    scenario: Scenario,
    candidates: Candidates,
    mip: MipArrays,
    values: NDArray[np.float64] | None,
    method: str,
    build_time: float,
    started: float,
) -> Plan:
    """The plan of HiGHS's column ``values`` (none found: None), timed from ``started``."""
    rows = (
        np.flatnonzero(values[: mip.n_x] > 0.5).astype(np.int64)
        if values is not None
        else np.zeros(0, dtype=np.int64)
    )
    return make_plan(
        scenario,
        candidates,
        rows,
        method=method,
        build_time=build_time,
        solve_time=time.perf_counter() - started - build_time,
        found=values is not None,
    )


def run(scenario: Scenario, budget: float) -> MethodResult:
    """Solve ``scenario`` as one weighted MIP with HiGHS within ``budget`` seconds."""
    started = time.perf_counter()
    trace = Trace(started=started)
    weighted = weighted_scenario(scenario)
    candidates = build_candidates(weighted)
    mip = build_mip(candidates)
    build_time = time.perf_counter() - started
    _, values, figures = solve_arrays(
        mip, integer=True, time_limit=budget - build_time, trace=trace
    )
    plan = plan_of(weighted, candidates, mip, values, "highs", build_time, started)
    elapsed = time.perf_counter() - started
    proven = figures["status"] == "Optimal"
    bound = figures["bound"]
    return MethodResult(
        scenario=weighted,
        plan=plan,
        build_time=build_time,
        candidates=len(candidates),
        first_feasible=trace.first
        if trace.first is not None
        else (elapsed if values is not None else None),
        optimal_time=elapsed if proven else None,
        bound=float(np.floor(float(bound) + 1e-6)) if isinstance(bound, float) else None,
        trace=trace.points,
        extra={
            "rows": mip.num_row,
            "columns": mip.num_col,
            "nonzeros": len(mip.index),
            **{f"highs_{k}": v for k, v in figures.items()},
        },
    )
