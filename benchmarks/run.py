"""Run the benchmark suite of issue 6 and write results.

    python -m benchmarks.run --suite smoke                 # seconds
    python -m benchmarks.run --suite kutai --budgets 1,5   # quick look
    python -m benchmarks.run --suite all                   # the official run (hours)

Every (suite, instance, seed, budget, method) runs in a fresh process started with
``multiprocessing`` "spawn" (``--isolation process``, the default), so that peak memory is
that process's own ``ru_maxrss`` and no method inherits another's caches. The child builds
the scenario from its seed, runs the method (a decomposed solve starts its own pool of
worker processes there, as it does for a user), reads its peak RSS and that of its ended
children, then re-checks the plan
with :func:`koperasi_alloc.check.check` before any figure counts.

Outputs go to ``--out`` (default ``benchmarks/results``): ``<date>-<commit>.json``,
``.md`` and ``-gap.png`` (see :mod:`benchmarks.report`).
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import sys
import time
import traceback
from collections.abc import Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from benchmarks.instances import SUITES, Instance, Suite

__all__ = ["main", "run_task", "run_tasks", "tasks_for"]

ALL_SUITES = ("kutai", "province", "scarce", "budgets")
DEFAULT_METHODS = (
    "library",
    "library_weighted",
    "highs",
    "highs_lexicographic",
    "naive_cpsat",
    "greedy",
    "lp_bound",
)


def _rss_mb() -> float:
    """Peak resident set size of this process so far, in MiB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _children_rss_mb() -> float:
    """Peak resident set size of the largest child process that has ended (a decomposed
    solve's pool workers), in MiB; 0 when there was none."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0


def _construction(scenario: Any) -> dict[str, Any]:
    """Building the candidates and the CP-SAT model of every candidate, timed on its own.

    The library's solve builds its model only over the candidates that pruning keeps, so
    its own build time says little about the builder; this is measured after the run, so
    that neither the run's wall time nor its peak memory counts it.
    """
    from koperasi_alloc.candidates import build_candidates
    from koperasi_alloc.model import build_model

    started = time.perf_counter()
    candidates = build_candidates(scenario)
    build_model(scenario, candidates)
    seconds = time.perf_counter() - started
    return {
        "construction_s": seconds,
        "construction_candidates": len(candidates),
        "construction_per_s": len(candidates) / seconds if seconds > 0 else None,
    }


def tasks_for(
    suites: Sequence[str],
    *,
    seeds: Sequence[int] | None = None,
    budgets: Sequence[float] | None = None,
    methods: Sequence[str] = DEFAULT_METHODS,
) -> list[dict[str, Any]]:
    """Every run of the chosen suites, as plain dicts a child process can receive."""
    tasks: list[dict[str, Any]] = []
    for name in suites:
        suite: Suite = SUITES[name]
        for instance in suite.instances:
            for seed in seeds if seeds is not None else instance.seeds:
                for budget in budgets if budgets is not None else suite.budgets:
                    for method in methods:
                        tasks.append(
                            {
                                "suite": suite.name,
                                "instance": instance.name,
                                "preset": instance.preset,
                                "knobs": dict(instance.knobs),
                                "seed": int(seed),
                                "budget": float(budget),
                                "method": method,
                            }
                        )
    return tasks


def run_task(task: dict[str, Any], *, isolated: bool = True) -> dict[str, Any]:
    """Run one method on one instance and return its record (JSON-ready)."""
    from benchmarks.methods import METHODS
    from koperasi_alloc.check import check, recompute_tiers
    from koperasi_alloc.check.objective import weighted_sum
    from koperasi_alloc.plan import Status

    record: dict[str, Any] = dict(task)
    instance = Instance(task["instance"], task["preset"], tuple(task["knobs"].items()))
    scenario = instance.scenario(task["seed"])
    record["base_rss_mb"] = _rss_mb()
    started = time.perf_counter()
    result = METHODS[task["method"]](scenario, task["budget"])
    record["wall_s"] = time.perf_counter() - started
    record["peak_rss_mb"] = _rss_mb()
    for child in multiprocessing.active_children():  # a pool shut down without waiting
        child.join(10)
    record["peak_child_rss_mb"] = _children_rss_mb()
    if task["method"] == "library":
        record.update(_construction(scenario))
    record["memory_method"] = (
        "ru_maxrss of a fresh spawned process (interpreter, scenario and method)"
        if isolated
        else "ru_maxrss of the shared process (high-water mark, not per run)"
    )
    plan = result.plan
    checking = time.perf_counter()
    violations = check(result.scenario, plan)
    record["check_s"] = time.perf_counter() - checking
    record["check_per_s"] = plan.filled / record["check_s"] if record["check_s"] > 0 else None
    values = recompute_tiers(result.scenario, plan.assignments)
    found = plan.status in (Status.OPTIMAL, Status.FEASIBLE)
    record.update(
        {
            "valid": not violations,
            "violations": len(violations),
            "violation_sample": [str(v) for v in violations[:5]],
            "status": plan.status.value,
            "filled": plan.filled,
            "total_slots": plan.total_slots,
            "tiers": values,
            "found": found,
            "weighted_objective": weighted_sum(result.scenario.policy, values) if found else None,
            "bound": result.bound,
            "first_feasible_s": result.first_feasible,
            "optimal_s": result.optimal_time,
            "proven": result.optimal_time is not None,
            "build_s": result.build_time,
            "candidates": result.candidates,
            "candidates_per_s": (
                result.candidates / result.build_time if result.build_time > 0 else None
            ),
            "trace": [list(p) for p in result.trace],
            "extra": result.extra,
        }
    )
    return record


def _child(task: dict[str, Any], connection: Connection) -> None:
    try:
        connection.send(run_task(task, isolated=True))
    except BaseException as error:  # report any failure to the parent as a record
        connection.send({**task, "error": f"{error!r}\n{traceback.format_exc()}"})
    finally:
        connection.close()


def _isolated(task: dict[str, Any], timeout: float) -> dict[str, Any]:
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    # not daemonic: a decomposed solve starts its own process pool, as it does for users
    process = context.Process(target=_child, args=(task, sender), daemon=False)
    process.start()
    sender.close()
    try:
        if receiver.poll(timeout):
            record: dict[str, Any] = receiver.recv()
        else:
            process.kill()
            record = {**task, "error": f"no result within {timeout:.0f} s: killed"}
    except EOFError:
        record = {**task, "error": "the child process died without a result"}
    process.join(10)
    if process.is_alive():
        process.kill()
        process.join()
    record["exitcode"] = process.exitcode
    return record


def run_tasks(
    tasks: Sequence[dict[str, Any]], *, isolation: str = "process", verbose: bool = True
) -> list[dict[str, Any]]:
    """Run ``tasks`` one after another (never in parallel: timings must not share cores)."""
    records = []
    for k, task in enumerate(tasks, 1):
        if isolation == "process":
            timeout = 2.0 * task["budget"] + 180.0
            record = _isolated(task, timeout)
        else:
            try:
                record = run_task(task, isolated=False)
            except Exception as error:
                record = {**task, "error": f"{error!r}\n{traceback.format_exc()}"}
        records.append(record)
        if verbose:
            print(_line(k, len(tasks), record), file=sys.stderr, flush=True)
    return records


def _line(k: int, n: int, r: dict[str, Any]) -> str:
    head = (
        f"[{k}/{n}] {r['suite']} {r['instance']} seed={r['seed']} "
        f"budget={r['budget']:g}s {r['method']}"
    )
    if "error" in r:
        return f"{head}: ERROR {r['error'].splitlines()[0]}"
    proven = f" optimum {r['optimal_s']:.2f}s" if r.get("optimal_s") is not None else ""
    return (
        f"{head}: {'valid' if r['valid'] else 'INVALID'} {r['status']} "
        f"weighted={r['weighted_objective']} "
        f"wall={r['wall_s']:.2f}s{proven} peak={r['peak_rss_mb']:.0f}MiB"
    )


def _numbers(text: str | None, kind: type) -> list[Any] | None:
    if text is None:
        return None
    return [kind(part) for part in text.split(",") if part.strip()]


def parser() -> argparse.ArgumentParser:
    """The command-line interface (also used by ``koperasi-alloc bench``)."""
    p = argparse.ArgumentParser(
        prog="python -m benchmarks.run",
        description="Benchmark koperasi_alloc against HiGHS, a naive CP-SAT model, greedy "
        "and the LP bound (issue 6).",
    )
    p.add_argument(
        "--suite",
        choices=[*SUITES, "all"],
        default="all",
        help="instance set; all = kutai, province and budgets (hours). Default: all.",
    )
    p.add_argument("--seeds", help="comma-separated instance seeds (default: each suite's)")
    p.add_argument("--budgets", help="comma-separated budgets in seconds (default: suite's)")
    p.add_argument(
        "--methods",
        default=",".join(DEFAULT_METHODS),
        help=f"comma-separated methods out of {', '.join(DEFAULT_METHODS)}",
    )
    p.add_argument("--out", default="benchmarks/results", help="output folder")
    p.add_argument("--tag", default="", help="suffix for the output file names")
    p.add_argument(
        "--isolation",
        choices=["process", "inline"],
        default="process",
        help="process: a fresh spawned process per run (true peak memory); inline: all "
        "in this process (faster start, memory is a shared high-water mark)",
    )
    p.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: ``python -m benchmarks.run [options]``; returns the exit status
    (0 when every run finished and every plan passed the checker)."""
    from benchmarks import report

    args = parser().parse_args(argv)
    methods = [m.strip() for m in args.methods.split(",") if m.strip()]
    unknown = sorted(set(methods) - set(DEFAULT_METHODS))
    if unknown:
        print(f"unknown method(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    suites = ALL_SUITES if args.suite == "all" else (args.suite,)
    seeds = _numbers(args.seeds, int)
    budgets = _numbers(args.budgets, float)
    tasks = tasks_for(suites, seeds=seeds, budgets=budgets, methods=methods)
    started = time.perf_counter()
    records = run_tasks(tasks, isolation=args.isolation, verbose=not args.quiet)
    meta = report.metadata(
        suites=list(suites),
        seeds=seeds,
        budgets=budgets,
        methods=methods,
        isolation=args.isolation,
        argv=list(argv) if argv is not None else sys.argv[1:],
        elapsed=time.perf_counter() - started,
    )
    paths = report.write(records, meta, Path(args.out), tag=args.tag)
    for path in paths:
        print(path)
    bad = [r for r in records if "error" in r or not r.get("valid", False)]
    return 1 if bad else 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    raise SystemExit(main())
