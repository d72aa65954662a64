"""Benchmark ``propose_hires`` (issue 19): time and proven-optimal share.

    python -m benchmarks.hires                      # the HIRES suite, 60 s a run
    python -m benchmarks.hires --budgets 20         # a quick look
    python -m benchmarks.hires --smoke              # seconds (the tests run it)
    python -m benchmarks.hires --national           # the whole country, 600 s

Runs one after another in this process (never in parallel: timings must not share cores).
Every proposal's plan is re-checked with :func:`koperasi_alloc.check.check` on the
scenario extended with the hires before any figure counts. Writes
``<date>-<commit>-hires.json`` and ``.md`` into ``--out`` (default ``benchmarks/results``).
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks import report
from benchmarks.instances import HIRES, HIRES_NATIONAL, Instance, Suite
from benchmarks.memory import PeakMemory

__all__ = ["SMOKE", "main", "run_one", "summarise", "to_markdown"]

SMOKE = Suite(
    "hires-smoke",
    (Instance("kutai-timur-120", "kutai-timur", (("n_officers", 120),), (0,)),),
    (3.0,),
)


def run_one(instance: Instance, seed: int, budget: float) -> dict[str, Any]:
    """``propose_hires`` on one scenario, checked; its figures as a JSON-ready dict."""
    from koperasi_alloc.check import check
    from koperasi_alloc.planning import propose_hires

    scenario = instance.scenario(seed)
    started = time.perf_counter()
    with PeakMemory() as memory:
        proposal = propose_hires(scenario, time_limit=budget)
    wall = time.perf_counter() - started
    violations = check(proposal.scenario, proposal.plan)
    return {
        "instance": instance.name,
        "preset": instance.preset,
        "knobs": dict(instance.knobs),
        "seed": seed,
        "budget": budget,
        "wall_s": wall,
        "valid": not violations,
        "violations": len(violations),
        "status": proposal.status.value,
        "proven": proposal.status.value == "OPTIMAL",
        "proven_at_s": proposal.proven_at,
        "hires": proposal.hires,
        "hires_bound": proposal.hires_bound,
        "gap": proposal.gap,
        "filled_before": proposal.filled_before,
        "filled_after": proposal.filled_after,
        "total_slots": proposal.total_slots,
        "stages": [s.model_dump() for s in proposal.stages],
        "kabupaten": [k.model_dump() for k in proposal.kabupaten],
        "peak_mb": {**_peak_mb(), "all_processes_mb": memory.peak_mb},
    }


def _peak_mb() -> dict[str, float]:
    """Peak resident memory so far of this process and of its largest finished child
    (the part workers), in MB."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {"self_mb": round(own, 1), "largest_child_mb": round(children, 1)}


def summarise(records: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per instance and budget: runs, valid runs, proven share, median wall and gap."""
    groups: dict[tuple[str, float], list[dict[str, Any]]] = {}
    for r in records:
        groups.setdefault((r["instance"], r["budget"]), []).append(r)
    rows = []
    for (instance, budget), runs in sorted(groups.items()):
        proven = [r["proven_at_s"] for r in runs if r["proven_at_s"] is not None]
        rows.append(
            {
                "instance": instance,
                "budget": budget,
                "runs": len(runs),
                "valid": sum(r["valid"] for r in runs),
                "proven_share": sum(r["proven"] for r in runs) / len(runs),
                "median_wall_s": statistics.median(r["wall_s"] for r in runs),
                "max_wall_s": max(r["wall_s"] for r in runs),
                "median_gap": statistics.median(r["gap"] for r in runs),
                "median_proven_at_s": statistics.median(proven) if proven else None,
                "hires": [r["hires"] for r in runs],
            }
        )
    return rows


def _seconds(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}"


def to_markdown(records: Sequence[dict[str, Any]], meta: dict[str, Any]) -> str:
    """The Markdown report: header, summary per instance, one row per run."""
    lines = [
        f"# propose_hires benchmark {meta['date']} ({meta['commit']})",
        "",
        f"- commit: {report.commit_label(meta)}",
        f"- CPU: {meta['cpu']}, cores: {meta['cores']} (usable: {meta.get('affinity')})",
        f"- python {meta['python']}, ortools {meta['ortools']}, koperasi_alloc "
        f"{meta['koperasi_alloc']}; command `python -m benchmarks.hires "
        f"{' '.join(meta.get('argv', []))}`",
        "",
        "Proven: status OPTIMAL (coverage and the number of hires both proven); proven at: "
        "seconds from the call to that proof (the rest of the budget polishes locality and "
        "travel, so wall time is about the budget). Gap: "
        "(hires - proven lower bound) / max(1, hires). Every plan re-checked on the "
        "scenario extended with its hires.",
        "",
        "| instance | budget s | runs | valid | proven share | median proven at s | "
        "median wall s | max wall s | median gap | hires per seed |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in summarise(records):
        lines.append(
            f"| {row['instance']} | {row['budget']:g} | {row['runs']} | {row['valid']} | "
            f"{100 * row['proven_share']:.0f} % | {_seconds(row['median_proven_at_s'])} | "
            f"{row['median_wall_s']:.1f} | "
            f"{row['max_wall_s']:.1f} | {100 * row['median_gap']:.2f} % | {row['hires']} |"
        )
    lines += [
        "",
        "| instance | seed | wall s | proven at s | status | hires | bound | filled before | "
        "after | slots |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in records:
        lines.append(
            f"| {r['instance']} | {r['seed']} | {r['wall_s']:.1f} | "
            f"{_seconds(r['proven_at_s'])} | {r['status']} | "
            f"{r['hires']} | {r['hires_bound']} | {r['filled_before']} | {r['filled_after']} | "
            f"{r['total_slots']} |"
        )
    for r in records:
        if len({k["kabupaten"] for k in r["kabupaten"]}) > 1:
            lines += _kabupaten_table(r)
    return "\n".join(lines) + "\n"


def _mb(value: float | None) -> str:
    return "unknown" if value is None else f"{value:.0f} MB"


def _kabupaten_table(record: dict[str, Any]) -> list[str]:
    """One run's hires per kabupaten/kota with the proven bound where one is known."""
    rows = record["kabupaten"]
    proven = sum(1 for k in rows if k["hires_bound"] == k["hires"])
    peak = record["peak_mb"]
    lines = [
        "",
        f"## {record['instance']} seed {record['seed']}: hires per kabupaten/kota",
        "",
        f"{len(rows)} kabupaten/kota with hires, {proven} of them proven (bound = hires); "
        f"national: {record['hires']} hires, proven lower bound {record['hires_bound']}, gap "
        f"{100 * record['gap']:.2f} %; peak memory {_mb(peak.get('all_processes_mb'))} for "
        f"this process and its workers together ({peak['self_mb']:.0f} MB in this process, "
        f"{peak['largest_child_mb']:.0f} MB in its largest worker).",
        "",
        "| kabupaten | hires | proven lower bound | kecamatan | cooperatives |",
        "|---|---|---|---|---|",
    ]
    for k in rows:
        bound = "-" if k["hires_bound"] is None else k["hires_bound"]
        lines.append(
            f"| {k['kabupaten']} | {k['hires']} | {bound} | {k['kecamatan']} | "
            f"{k['cooperatives']} |"
        )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns 0 when every proposal passed the checker."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.hires", description=__doc__)
    parser.add_argument("--budgets", help="comma-separated budgets in seconds (default 60)")
    parser.add_argument("--seeds", help="comma-separated seeds (default: each instance's)")
    parser.add_argument("--smoke", action="store_true", help="a tiny instance, seconds")
    parser.add_argument("--national", action="store_true", help="the whole country, 600 s")
    parser.add_argument("--out", default="benchmarks/results", help="output folder")
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    suite = SMOKE if args.smoke else HIRES_NATIONAL if args.national else HIRES
    budgets = [float(b) for b in args.budgets.split(",")] if args.budgets else suite.budgets
    seeds = [int(s) for s in args.seeds.split(",")] if args.seeds else None
    records = []
    for instance in suite.instances:
        for seed in seeds if seeds is not None else instance.seeds:
            for budget in budgets:
                record = run_one(instance, seed, budget)
                records.append(record)
                if not args.quiet:
                    print(
                        f"{record['instance']} seed={seed} budget={budget:g}s: "
                        f"{'valid' if record['valid'] else 'INVALID'} {record['status']} "
                        f"hires={record['hires']} bound={record['hires_bound']} "
                        f"wall={record['wall_s']:.1f}s",
                        file=sys.stderr,
                        flush=True,
                    )
    meta = report.metadata(suite=suite.name, argv=list(argv) if argv is not None else sys.argv[1:])
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    stem = f"{meta['date']}-{meta['commit']}-{suite.name}"
    (out / f"{stem}.json").write_text(
        json.dumps({"meta": meta, "summary": summarise(records), "records": records}, indent=1),
        encoding="utf-8",
    )
    (out / f"{stem}.md").write_text(to_markdown(records, meta), encoding="utf-8")
    print(out / f"{stem}.md")
    return 0 if all(r["valid"] for r in records) else 1


if __name__ == "__main__":
    raise SystemExit(main())
