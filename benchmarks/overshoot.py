"""Budgets kept, and stops obeyed (issue 28): how far past ``time_limit`` each entry point
returns, and how long after a stop token is set.

    python -m benchmarks.overshoot                 # the full table (about 15 minutes)
    python -m benchmarks.overshoot --smoke         # seconds (the tests run it)

Every case runs in a fresh process, one after another (never in parallel: timings must
not share cores), with the scenario generated and in memory before the clock starts: the
promise is ``time_limit + max(5 %, 0.5 s)`` for everything after that, candidates and
model building included. The stop latency is the time from setting the stop token (from
another thread, a fixed time into a long budget) to the entry point's return. Every plan
is re-checked with :func:`koperasi_alloc.check.check`. Writes
``<date>-<commit>-overshoot.json`` and ``.md`` into ``--out``.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from benchmarks import report

__all__ = ["CASES", "SMOKE", "Case", "allowed", "main", "run_case", "to_markdown"]


@dataclass(frozen=True)
class Case:
    """One measurement: an entry point on a preset, at a budget (and, for a stop, the
    seconds after which the token is set)."""

    entry: str
    preset: str
    budget: float
    stop_after: float | None = None


PRESETS: dict[str, tuple[str, dict[str, Any], dict[str, Any]]] = {
    # name: (generate preset, generate knobs, with_policy changes)
    "kutai-timur": ("kutai-timur", {}, {}),
    "kutai-timur-scarce": ("kutai-timur", {"scarcity": 0.5}, {}),
    "province": ("province", {"scarcity": 0.6}, {}),
    "province-cross": ("province", {"scarcity": 0.6}, {"cross_kabupaten": True}),
    "national": ("national", {}, {}),
}

ENTRIES = ("solve", "solve-single-model", "replan", "propose_hires", "tradeoff")

CASES: tuple[Case, ...] = (
    *(Case(e, p, b) for p in ("province", "province-cross") for e in ENTRIES for b in (1, 10)),
    *(Case(e, "national", 10) for e in ("solve", "replan", "tradeoff")),
    Case("solve", "province", 0.2),
    *(Case(e, p, 60, 3.0) for p in ("province", "province-cross") for e in ENTRIES),
    Case("solve", "national", 120, 15.0),
)

SMOKE: tuple[Case, ...] = (
    Case("solve", "kutai-timur", 1),
    Case("replan", "kutai-timur", 1),
    Case("solve", "kutai-timur-scarce", 30, 0.5),
)


def allowed(budget: float) -> float:
    """The overshoot a budget allows: max(5 %, 0.5 s)."""
    return max(0.05 * budget, 0.5)


def _scenario(preset: str) -> Any:
    from koperasi_alloc.synth import generate

    name, knobs, policy = PRESETS[preset]
    scenario = generate(name, seed=0, **knobs)
    return scenario.with_policy(**policy) if policy else scenario


def _baseline(scenario: Any) -> Any:
    """A plan to re-plan from: the solve's, with a tenth of its officers then gone."""
    from koperasi_alloc import solve

    plan = solve(scenario, time_limit=10)
    gone = sorted({a.officer_id for a in plan.assignments})[::10]
    return scenario.without_officers(gone), plan


def run_case(case: Case) -> dict[str, Any]:
    """Run ``case`` in this process: the entry point's wall time from the call to its
    return (the scenario already in memory), its result checked."""
    from koperasi_alloc import check, propose_hires, replan, solve, tradeoff

    scenario = _scenario(case.preset)
    checked_on = scenario
    baseline: Any = None
    if case.entry == "replan":
        checked_on, baseline = _baseline(scenario)
    token = threading.Event()
    options: dict[str, Any] = {"time_limit": case.budget, "stop": token}
    started = time.perf_counter()
    if case.stop_after is not None:
        timer = threading.Timer(case.stop_after, token.set)
        timer.daemon = True
        timer.start()
    if case.entry == "solve":
        result: Any = solve(scenario, **options)
    elif case.entry == "solve-single-model":
        result = solve(scenario, decompose=False, **options)
    elif case.entry == "replan":
        result = replan(checked_on, baseline, **options)
    elif case.entry == "propose_hires":
        result = propose_hires(scenario, **options)
    else:
        result = tradeoff(scenario, "radius_km", [30.0], **options)
    wall = time.perf_counter() - started
    plan, checked_on = _plan_of(case.entry, result, checked_on)
    violations = check(checked_on, plan) if plan is not None else []
    return {
        **asdict(case),
        "wall_s": wall,
        "overshoot_s": wall - (case.stop_after if case.stop_after is not None else case.budget),
        "allowed_s": allowed(case.budget) if case.stop_after is None else 1.0,
        "status": None if plan is None else plan.status.value,
        "stopped_by": None if plan is None or plan.stopped_by is None else plan.stopped_by.value,
        "valid": not violations,
    }


def _plan_of(entry: str, result: Any, scenario: Any) -> tuple[Any, Any]:
    """The plan an entry point returned, and the scenario to check it on."""
    if entry == "propose_hires":
        return result.plan, result.scenario
    if entry == "tradeoff":
        points = result.points
        return (points[0].plan, points[0].scenario) if points else (None, scenario)
    return result, scenario


def _in_fresh_process(case: Case) -> dict[str, Any]:
    """``run_case(case)`` in a new process that is not daemonic, as a user's script is:
    its entry point may start its own process pool (a pool's daemonic worker could not,
    and would run every part in one process instead)."""
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    process = context.Process(target=_run_and_send, args=(case, send))
    process.start()
    send.close()
    record: dict[str, Any] = receive.recv()
    process.join()
    return record


def _run_and_send(case: Case, send: Any) -> None:
    send.send(run_case(case))
    send.close()


def to_markdown(records: Sequence[dict[str, Any]], meta: dict[str, Any]) -> str:
    """The report: the worst overshoot per entry point and preset, then every run."""
    lines = [
        f"# Budgets kept and stops obeyed {meta['date']} ({meta['commit']})",
        "",
        f"- commit: {report.commit_label(meta)}",
        f"- CPU: {meta['cpu']}, cores: {meta['cores']} (usable: {meta.get('affinity')})",
        f"- python {meta['python']}, ortools {meta['ortools']}; command "
        f"`python -m benchmarks.overshoot {' '.join(meta.get('argv', []))}`; seed 0",
        "",
        "Overshoot: wall seconds from the call to the return, less the budget (for a stop: "
        "less the moment the token was set). Allowed: max(5 %, 0.5 s) of the budget; for a "
        "stop, 1 s.",
        "",
        "| entry point | preset | kind | runs | worst overshoot s | allowed s | within |",
        "|---|---|---|---|---|---|---|",
    ]
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for r in records:
        kind = "stop" if r["stop_after"] is not None else "budget"
        groups.setdefault((r["entry"], r["preset"], kind), []).append(r)
    for (entry, preset, kind), runs in sorted(groups.items()):
        worst = max(runs, key=lambda r: r["overshoot_s"] - r["allowed_s"])
        within = all(r["overshoot_s"] <= r["allowed_s"] for r in runs)
        lines.append(
            f"| {entry} | {preset} | {kind} | {len(runs)} | {worst['overshoot_s']:.2f} | "
            f"{worst['allowed_s']:.2f} | {'yes' if within else 'NO'} |"
        )
    lines += [
        "",
        "| entry point | preset | budget s | stop at s | wall s | overshoot s | status | "
        "stopped by | checked |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in records:
        stop = "-" if r["stop_after"] is None else f"{r['stop_after']:g}"
        lines.append(
            f"| {r['entry']} | {r['preset']} | {r['budget']:g} | {stop} | {r['wall_s']:.2f} | "
            f"{r['overshoot_s']:.2f} | {r['status']} | {r['stopped_by'] or '-'} | "
            f"{'valid' if r['valid'] else 'INVALID'} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns 0 when every plan passed the checker."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.overshoot", description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="Kutai Timur only, seconds")
    parser.add_argument("--presets", help="comma-separated presets to keep (default: all)")
    parser.add_argument("--out", default="benchmarks/results", help="output folder")
    args = parser.parse_args(argv)
    cases = SMOKE if args.smoke else CASES
    if args.presets:
        keep = set(args.presets.split(","))
        cases = tuple(c for c in cases if c.preset in keep)
    records = []
    for case in cases:
        record = _in_fresh_process(case)
        records.append(record)
        print(
            f"{case.entry} {case.preset} budget={case.budget:g}s stop={case.stop_after}: "
            f"wall {record['wall_s']:.2f}s overshoot {record['overshoot_s']:+.2f}s "
            f"{record['status']} {'valid' if record['valid'] else 'INVALID'}",
            file=sys.stderr,
            flush=True,
        )
    meta = report.metadata(suite="overshoot", argv=list(argv) if argv is not None else sys.argv[1:])
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    stem = f"{meta['date']}-{meta['commit']}-overshoot{'-smoke' if args.smoke else ''}"
    (out / f"{stem}.json").write_text(
        json.dumps({"meta": meta, "records": records}, indent=1), encoding="utf-8"
    )
    (out / f"{stem}.md").write_text(to_markdown(records, meta), encoding="utf-8")
    print(out / f"{stem}.md")
    return 0 if all(r["valid"] for r in records) else 1


if __name__ == "__main__":
    raise SystemExit(main())
