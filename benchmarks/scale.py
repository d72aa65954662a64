"""National scale-out measurement (issue 7): generate, solve in parts, check, and record.

Run as ``python -m benchmarks.scale --time-limit 600`` (add ``--dask`` to solve through a
Dask LocalCluster instead of the default process pool). Writes
``benchmarks/results/<date>-<commit>-national.json`` and ``.md`` with the generation
time, solve time, peak memory of this process and its workers, status, per-tier values
and bounds, the number of parts and the worst gap among them (per task, as the solve
proves it), and, after the solve, each kabupaten's coverage gap against a bound computed
for it alone (:func:`_kabupaten_gaps`).
"""

from __future__ import annotations

import argparse
import json
import platform
import resource
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from benchmarks import report
from benchmarks.memory import PeakMemory
from koperasi_alloc import decompose, flow
from koperasi_alloc.candidates import build_candidates
from koperasi_alloc.check import check
from koperasi_alloc.plan import Plan
from koperasi_alloc.scenario import Scenario, kabupaten_of
from koperasi_alloc.solver import Progress, solve
from koperasi_alloc.synth import generate

#: Flows the priced bound of one kabupaten may take after the solve.
PRICED_ITERATIONS = 20

#: A kabupaten whose gap against the relaxation's bound is above this share gets a
#: CP-SAT solve of its coverage alone (at most EXACT_SECONDS) for a proven bound.
EXACT_ABOVE = 0.01
EXACT_SECONDS = 10.0


def _peak_mb() -> dict[str, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"self_mb": round(own, 1), "largest_child_mb": round(children, 1)}


def _gap_trace(parts: list[Progress]) -> list[tuple[float, float]]:
    """(seconds, first-tier gap over the whole country) at each progress report after every
    part has a plan: before that, the parts without one have no bound to add."""
    trace = []
    for p in parts:
        if p.components_done != p.components_total or p.bound is None:
            continue
        trace.append((p.elapsed, (p.bound - p.objective) / max(1.0, abs(p.objective))))
    return trace


def _kabupaten_gaps(scenario: Scenario, plan: Plan) -> list[dict[str, Any]]:
    """Per independent part (a kabupaten, or kabupaten joined by a capped agency): the
    plan's coverage there and a bound computed for the part alone, after the solve.

    The solve proves bounds per task, and a task may hold several small parts; here
    every part gets its own: the network's coverage bound, tightened by pricing the
    agency caps (:func:`koperasi_alloc.flow.agency_priced_bound`), and where the gap
    against it is above :data:`EXACT_ABOVE`, by what CP-SAT proves for the part's
    coverage alone within :data:`EXACT_SECONDS`. Every bound is valid, so each gap is
    at least the true one.
    """
    coop_part = np.full(len(scenario.cooperatives), -1, dtype=np.int64)
    parts = decompose.split(scenario)
    for k, part in enumerate(parts):
        coop_part[list(part.cooperatives)] = k
    coop_index = {c.id: j for j, c in enumerate(scenario.cooperatives)}
    by_part: dict[int, list[Any]] = {}
    for a in plan.assignments:
        by_part.setdefault(int(coop_part[coop_index[a.cooperative_id]]), []).append(a)
    rows = []
    for k, part in enumerate(parts):
        if not part.cooperatives:
            continue
        sub = decompose.sub_scenario(scenario, [part], f"part {k + 1}")
        candidates = build_candidates(sub)
        weights = flow.tier_weights(candidates, "coverage")
        value = int(weights[candidates.rows_of(by_part.get(k, []))].sum())
        bound = int(weights[flow.max_benefit_rows(candidates, weights)].sum())
        priced = flow.agency_priced_bound(
            candidates, weights, value, time.perf_counter() + 30, PRICED_ITERATIONS
        )
        bound = min(bound, priced) if priced is not None else bound
        proven_by = "relaxation"
        if bound - value > EXACT_ABOVE * max(1, value):
            # a gap that large: what CP-SAT proves for the part's coverage alone decides
            alone = solve(
                sub.with_policy(objective={"tiers": ["coverage"]}),
                time_limit=EXACT_SECONDS,
                decompose=False,
            )
            searched = alone.tier("coverage")
            if searched is not None and searched.bound is not None:
                bound, proven_by = min(bound, int(searched.bound)), "cp-sat"
        villages = sub.village_by_code
        districts = sorted({kabupaten_of(villages[c.village].district) for c in sub.cooperatives})
        rows.append(
            {
                "kabupaten": districts,
                "candidates": len(candidates),
                "coverage": value,
                "bound": bound,
                "gap": (bound - value) / max(1, value),
                "bound_from": proven_by,
            }
        )
    return sorted(rows, key=lambda r: -r["gap"])


def main(argv: list[str] | None = None) -> int:
    """Run the national measurement; returns 0 when the plan passed the checker."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--preset", default="national")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--time-limit", type=float, default=600.0)
    parser.add_argument("--dask", action="store_true", help="use a Dask LocalCluster")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results"))
    parser.add_argument("--plan-out", type=Path, help="also write the plan (.json) here")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    scenario = generate(args.preset, seed=args.seed)
    generation = time.perf_counter() - started
    print(
        f"generated {args.preset}: {len(scenario.officers)} officers, "
        f"{len(scenario.cooperatives)} cooperatives in {generation:.1f} s",
        flush=True,
    )
    progress: list[Progress] = []

    def show(p: Progress) -> None:
        progress.append(p)
        if p.components_done is not None:
            print(
                f"\r[{p.elapsed:6.1f} s] parts {p.components_done}/{p.components_total}"
                f" coverage {p.objective:g} worst gap {p.worst_gap}",
                end="",
                file=sys.stderr,
                flush=True,
            )

    executor: Any = None
    cluster = client = None
    if args.dask:
        from distributed import Client, LocalCluster

        cluster = LocalCluster(n_workers=2, threads_per_worker=1, dashboard_address=None)
        client = Client(cluster)
        executor = client.get_executor()
    started = time.perf_counter()
    with PeakMemory() as memory:
        plan = solve(scenario, time_limit=args.time_limit, callback=show, executor=executor)
    solving = time.perf_counter() - started
    print(file=sys.stderr)
    if client is not None and cluster is not None:
        client.close()
        cluster.close()
    if args.plan_out is not None:
        from koperasi_alloc.io import write_plan

        write_plan(plan, scenario, args.plan_out)
    started = time.perf_counter()
    violations = check(scenario, plan)
    checking = time.perf_counter() - started
    parts = [p for p in progress if p.components_done is not None]
    trace = _gap_trace(parts)
    below = next((t for t, gap in trace if gap < 0.01), None)
    record = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        **report.provenance(),
        "cpu": report.cpu_model(),
        "cores": __import__("os").cpu_count(),
        "python": platform.python_version(),
        "preset": args.preset,
        "seed": args.seed,
        "executor": "dask LocalCluster(2x1)" if args.dask else "default process pool",
        "officers": len(scenario.officers),
        "cooperatives": len(scenario.cooperatives),
        "villages": len(scenario.villages),
        "generation_s": round(generation, 1),
        "time_limit_s": args.time_limit,
        "solve_s": round(solving, 1),
        "check_s": round(checking, 1),
        "peak_memory": {**_peak_mb(), "all_processes_mb": memory.peak_mb},
        "status": plan.status.value,
        "filled": plan.filled,
        "total_slots": plan.total_slots,
        "gap_first_tier": plan.gap,
        "worst_part_gap": parts[-1].worst_gap if parts else plan.gap,
        "coverage_gap_below_1pct_s": None if below is None else round(below, 1),
        "coverage_gap_trace": [[round(t, 1), gap] for t, gap in trace],
        "parts": plan.stats.components,
        "candidates": plan.stats.candidates,
        "tiers": [t.model_dump() for t in plan.tiers],
        "violations": len(violations),
        "message": plan.message,
    }
    started = time.perf_counter()
    kabupaten = _kabupaten_gaps(scenario, plan)
    record["kabupaten_bounds_s"] = round(time.perf_counter() - started, 1)
    record["worst_kabupaten_gap"] = kabupaten[0]["gap"] if kabupaten else None
    record["kabupaten_over_1pct"] = sum(1 for r in kabupaten if r["gap"] > 0.01)
    record["worst_kabupaten"] = kabupaten[:10]
    args.out.mkdir(parents=True, exist_ok=True)
    stem = f"{record['date'][:10]}-{record['commit']}-{args.preset}{'-dask' if args.dask else ''}"
    (args.out / f"{stem}.json").write_text(json.dumps(record, indent=2), encoding="utf-8")
    lines = [
        f"# {args.preset} scale-out run",
        "",
        f"date {record['date']}, commit {report.commit_label(record)}, CPU {record['cpu']} "
        f"({record['cores']} cores), Python {record['python']}, seed {args.seed}, "
        f"{record['executor']}",
        "",
        "| figure | value |",
        "| --- | --- |",
    ]
    for key in (
        "officers",
        "cooperatives",
        "villages",
        "generation_s",
        "time_limit_s",
        "solve_s",
        "check_s",
        "status",
        "filled",
        "total_slots",
        "gap_first_tier",
        "worst_part_gap",
        "worst_kabupaten_gap",
        "kabupaten_over_1pct",
        "kabupaten_bounds_s",
        "coverage_gap_below_1pct_s",
        "parts",
        "candidates",
        "violations",
    ):
        lines.append(f"| {key} | {record[key]} |")
    memory = record["peak_memory"]
    lines.append(f"| peak memory (MB: this process, largest worker, all together) | {memory} |")
    lines += ["", "| tier | value | bound | proven |", "| --- | --- | --- | --- |"]
    for tier in plan.tiers:
        lines.append(f"| {tier.name} | {tier.value} | {tier.bound} | {tier.proven} |")
    (args.out / f"{stem}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    return 0 if not violations else 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
