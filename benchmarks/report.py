"""Results of a benchmark run: JSON (every record), Markdown (tables, ratios, the four
targets of issue 6) and a gap-over-time plot (PNG).

Comparisons use the **weighted objective** ``sum(weights[t] * tier value)``, recomputed
from each plan by :func:`koperasi_alloc.check.recompute_tiers`, for every method. A run's
gap is measured against the best bound known for its scenario over the whole run: the
*smallest* valid upper bound among the LP relaxation, the flow relaxation, HiGHS's MIP
bound, CP-SAT's bound (naive model) and the library's weighted bound.
"""

from __future__ import annotations

import datetime as _dt
import json
import math
import os
import platform
import statistics
import subprocess
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from benchmarks import ahead

__all__ = [
    "annotate",
    "commit_label",
    "cpu_model",
    "metadata",
    "provenance",
    "targets",
    "to_markdown",
    "write",
]

#: Issue 6's targets.
KUTAI_RATIO = 0.5
PROVINCE_ONE_RATIO = 0.1
PROVINCE_TWO_GAP = 0.001
PROVINCE_TWO_BUDGET = 30.0
CANDIDATES_PER_S = 500_000
SCARCE_RATIO = 0.5
SCARCE_WEIGHTED_RATIO = 0.3
PROVINCE_SCARCE_GAP = 0.001
PROVINCE_SCARCE_BUDGET = 30.0


def _git(*args: str) -> str:
    try:
        out = subprocess.run(["git", *args], capture_output=True, text=True, check=True, timeout=10)
        return out.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def cpu_model() -> str:
    """The processor's model name (``unknown`` where the platform does not say)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


def _runs_code(path: str) -> bool:
    """Whether an edit to ``path`` can change what a benchmark runs (results cannot)."""
    if path.startswith("benchmarks/results/"):
        return False
    return path.startswith(("src/", "benchmarks/")) or path == "pyproject.toml"


def provenance() -> dict[str, Any]:
    """The commit a run measures and the tracked files that differ from it.

    ``dirty`` says some do; ``uncommitted`` names them and ``code_changed`` says whether
    any of them is code the run executes (a docs edit leaves the measured code the
    commit's).
    """
    listed = _git("diff", "--name-only", "HEAD")
    paths = [] if listed in ("", "unknown") else listed.splitlines()
    return {
        "commit": _git("rev-parse", "--short", "HEAD"),
        "dirty": bool(paths),
        "uncommitted": paths,
        "code_changed": any(_runs_code(p) for p in paths),
    }


def commit_label(meta: dict[str, Any]) -> str:
    """The commit as a report names it, saying what differed from it during the run."""
    commit = str(meta["commit"])
    if not meta.get("dirty"):
        return commit
    paths = meta.get("uncommitted")
    if paths is None:  # a record written before the paths were kept
        return f"{commit} (uncommitted changes)"
    shown = ", ".join(paths[:6]) + (f" and {len(paths) - 6} more" if len(paths) > 6 else "")
    if not meta.get("code_changed"):
        return f"{commit} (the code measured is the commit's; uncommitted edits to {shown})"
    return f"{commit} (uncommitted changes to the code measured: {shown})"


def metadata(**fields: Any) -> dict[str, Any]:
    """Date, commit, machine and versions of this run, plus ``fields``."""
    return {
        "date": _dt.date.today().isoformat(),
        "created_at": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
        **provenance(),
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "affinity": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "python": platform.python_version(),
        "ortools": _version("ortools"),
        "highspy": _version("highspy"),
        "koperasi_alloc": _version("koperasi-alloc"),
        **fields,
    }


def _key(record: dict[str, Any]) -> tuple[str, str, int]:
    knobs = json.dumps(record["knobs"], sort_keys=True)
    return (record["preset"], knobs, int(record["seed"]))


def annotate(records: list[dict[str, Any]]) -> None:
    """Add ``best_bound``, ``best_known`` and ``gap`` to every record, in place.

    The best bound of a scenario is the smallest bound any run of it reported; ``gap`` is
    ``(best_bound - weighted_objective) / max(1, |weighted_objective|)`` for valid plans.
    A bound below a valid plan's objective (a bug somewhere) is flagged ``bound_conflict``.
    """
    bounds: dict[tuple[str, str, int], list[float]] = defaultdict(list)
    best: dict[tuple[str, str, int], float] = {}
    for r in records:
        if "error" in r:
            continue
        key = _key(r)
        candidates = [r.get("bound")]
        extra = r.get("extra") or {}
        candidates += [extra.get("lp_bound"), extra.get("flow_weighted_bound")]
        bounds[key] += [float(b) for b in candidates if b is not None and math.isfinite(b)]
        if r.get("valid") and r.get("weighted_objective") is not None:
            value = float(r["weighted_objective"])
            best[key] = max(best.get(key, -math.inf), value)
    for r in records:
        if "error" in r:
            continue
        key = _key(r)
        bound = min(bounds[key]) if bounds[key] else None
        r["best_bound"] = bound
        r["best_known"] = best.get(key)
        r["bound_conflict"] = bound is not None and key in best and bound < best[key] - 0.5
        if r.get("valid") and r.get("weighted_objective") is not None and bound is not None:
            value = float(r["weighted_objective"])
            r["gap"] = max(bound - value, 0.0) / max(1.0, abs(value))
        else:
            r["gap"] = None
        r["gap_at"] = _gap_curve(r, bound)


def _gap_curve(r: dict[str, Any], bound: float | None) -> list[list[float]]:
    """The gap of each improving solution in the trace, (seconds, gap)."""
    if bound is None:
        return []
    out = []
    for t, value, _ in r.get("trace") or []:
        if math.isfinite(value):
            out.append([t, max(bound - value, 0.0) / max(1.0, abs(value))])
    if r.get("gap") is not None:
        out.append([r["wall_s"], r["gap"]])
    return out


def _fmt(value: Any, spec: str = ".2f", empty: str = "-") -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return empty
    return format(value, spec)


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100.0 * value:.4f} %"


def _median(values: Iterable[float]) -> float | None:
    values = list(values)
    return statistics.median(values) if values else None


def _ratios(
    records: list[dict[str, Any]],
    instance: str,
    method: str = "library",
    baseline: str = "highs",
) -> list[dict[str, Any]]:
    """``method`` / ``baseline`` time to proven optimum, per seed at the largest budget
    run; ``same_tiers``: whether both proved their optimum with the same tier values (None
    unless both did)."""
    runs: dict[tuple[int, float], dict[str, dict[str, Any]]] = defaultdict(dict)
    for r in records:
        if r["instance"] == instance and "error" not in r and r["suite"] != "budgets":
            runs[(r["seed"], r["budget"])][r["method"]] = r
    out = []
    largest: dict[int, float] = {}
    for seed, budget in runs:
        largest[seed] = max(largest.get(seed, 0.0), budget)
    for seed, budget in sorted(largest.items()):
        by = runs[(seed, budget)]
        lib, hi = by.get(method), by.get(baseline)
        if lib is None or hi is None:
            continue
        lib_t = lib.get("optimal_s") if lib.get("valid") else None
        hi_t = hi.get("optimal_s") if hi.get("valid") else None
        same = lib.get("tiers") == hi.get("tiers") if lib_t and hi_t else None
        ratio, qualifier = None, ""
        if lib_t is not None and hi_t is not None:
            ratio = lib_t / hi_t
        elif lib_t is not None:
            ratio, qualifier = lib_t / budget, "<"  # HiGHS did not prove it in the budget
        out.append(
            {
                "seed": seed,
                "budget": budget,
                "library_s": lib_t,
                "highs_s": hi_t,
                "ratio": ratio,
                "qualifier": qualifier,
                "same_tiers": same,
            }
        )
    return out


def targets(records: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The four targets of issue 6, each met / not met / not measured, with the figure."""
    out: list[dict[str, Any]] = []
    present = {r["instance"] for r in records if r["suite"] != "budgets"}

    def add(name: str, met: bool | None, measured: str) -> None:
        verdict = "not measured" if met is None else "met" if met else "not met"
        out.append({"target": name, "verdict": verdict, "measured": measured})

    for instance, limit, label in (
        (
            "kutai-timur",
            KUTAI_RATIO,
            f"kutai-timur: proven optimum in every seed, median time <= {KUTAI_RATIO}x HiGHS",
        ),
        (
            "province-mc1",
            PROVINCE_ONE_RATIO,
            "province, officers at most 1 cooperative: "
            f"proven optimum in <= {PROVINCE_ONE_RATIO}x HiGHS's time",
        ),
    ):
        add(label, *_ratio_target(records, present, instance, "library", limit))

    label = (
        f"province, officers up to 2 cooperatives with agency caps: gap <= "
        f"{100 * PROVINCE_TWO_GAP:g} % within {PROVINCE_TWO_BUDGET:g} s"
    )
    budget, lib = _library_runs(records, "province-mc2", PROVINCE_TWO_BUDGET)
    if lib:
        worst = _worst_gap(lib)
        own = [r.get("extra", {}).get("plan_gap") for r in lib]
        add(
            label,
            worst is not None and worst <= PROVINCE_TWO_GAP,
            f"worst weighted gap over {len(lib)} seed(s) at {budget:g} s: {_pct(worst)} "
            f"(library's own first-tier gap: "
            f"{', '.join(_pct(g) for g in own)})",
        )
    else:
        add(label, None, "no library run of province-mc2 with a budget <= 30 s")

    _scarce_targets(records, present, add)

    rates = [
        r.get("construction_per_s") or r["candidates_per_s"]
        for r in records
        if r["method"] == "library"
        and "error" not in r
        and (r.get("construction_per_s") or r.get("candidates_per_s"))
        and r["suite"] != "smoke"
    ]
    what = (
        "candidates and the model of every candidate"
        if any(r.get("construction_per_s") for r in records)
        else "candidates and model as solve built them"
    )
    memory = [r for r in records if "error" not in r]
    with_memory = sum(r.get("peak_rss_mb") is not None for r in memory)
    label = (
        f"model construction >= {CANDIDATES_PER_S:,} candidates/s; peak memory reported for "
        "every instance"
    )
    if rates:
        median = _median(rates)
        all_memory = all(r.get("peak_rss_mb") is not None for r in memory)
        add(
            label,
            median is not None and median >= CANDIDATES_PER_S and all_memory,
            f"library median {_fmt(median, ',.0f')} candidates/s (min "
            f"{_fmt(min(rates), ',.0f')}; {what}); peak memory in "
            f"{with_memory}/{len(memory)} runs",
        )
    else:
        add(label, None, "no library run outside the smoke suite")
    return out


def _ratio_target(
    records: list[dict[str, Any]], present: set[str], instance: str, method: str, limit: float
) -> tuple[bool | None, str]:
    """Whether ``method`` proved every seed of ``instance`` with a median time at most
    ``limit`` x HiGHS's (None: not measured), and the figure."""
    rows = _ratios(records, instance, method) if instance in present else []
    if not rows:
        return None, f"no {method} and HiGHS runs of this instance"
    proven = sum(row["library_s"] is not None for row in rows)
    median = _median(row["ratio"] for row in rows if row["ratio"] is not None)
    upper = any(row["qualifier"] for row in rows)
    measured = (
        f"{method} proved {proven}/{len(rows)} seeds; median ratio "
        f"{'<' if upper else ''}{_fmt(median, '.3f')}"
    )
    return proven == len(rows) and median is not None and median <= limit, measured


def _library_runs(
    records: list[dict[str, Any]], instance: str, budget_limit: float
) -> tuple[float, list[dict[str, Any]]]:
    """The library's runs of ``instance`` at the largest budget within ``budget_limit``."""
    runs = [
        r
        for r in records
        if r["instance"] == instance
        and r["method"] == "library"
        and "error" not in r
        and r["budget"] <= budget_limit
    ]
    if not runs:
        return 0.0, []
    budget = max(r["budget"] for r in runs)
    return budget, [r for r in runs if r["budget"] == budget]


def _worst_gap(runs: list[dict[str, Any]]) -> float | None:
    """The largest weighted gap of ``runs``; None when some run has no valid plan."""
    gaps = [r["gap"] if r.get("valid") else None for r in runs]
    return None if any(g is None for g in gaps) else max(g for g in gaps if g is not None)


def _scarce_targets(records: list[dict[str, Any]], present: set[str], add: Any) -> None:
    """The scarcity targets of issue 15: kutai-timur-scarce against HiGHS (lexicographic
    and weighted), and the scarce province's gap within its budget."""
    for method, limit in (("library", SCARCE_RATIO), ("library_weighted", SCARCE_WEIGHTED_RATIO)):
        label = (
            f"kutai-timur-scarce ({method}): proven optimum in every seed, median time <= "
            f"{limit}x HiGHS"
        )
        add(label, *_ratio_target(records, present, "kutai-timur-scarce", method, limit))
    label = (
        f"province-scarce: gap <= {100 * PROVINCE_SCARCE_GAP:g} % on every seed within "
        f"{PROVINCE_SCARCE_BUDGET:g} s"
    )
    budget, runs = _library_runs(records, "province-scarce", PROVINCE_SCARCE_BUDGET)
    if not runs:
        add(label, None, "no library run of province-scarce within the budget")
        return
    worst = _worst_gap(runs)
    add(
        label,
        worst is not None and worst <= PROVINCE_SCARCE_GAP,
        f"worst weighted gap over {len(runs)} seed(s) at {budget:g} s: {_pct(worst)} "
        "(against the smallest bound any method proved in the run)",
    )


def _peak(record: dict[str, Any]) -> str:
    """Peak MiB of the method's process, and of its largest worker process if larger."""
    own, child = record.get("peak_rss_mb"), record.get("peak_child_rss_mb") or 0.0
    if own is None:
        return "-"
    return f"{own:.0f}" if child <= own else f"{own:.0f} (worker {child:.0f})"


def _wall(r: dict[str, Any]) -> str:
    """Wall seconds, marked "!" when the run overran its budget by over max(5 %, 0.5 s)."""
    over = r["wall_s"] > r["budget"] + max(0.05 * r["budget"], 0.5)
    return f"{r['wall_s']:.2f}{' !' if over else ''}"


def _suite_table(records: list[dict[str, Any]]) -> list[str]:
    lines = [
        "| instance | seed | budget s | wall s | method | valid (viol.) | weighted objective | "
        "gap | first feasible s | optimum s | build s | cand./s | peak MiB | coverage | locality | "
        "travel | fairness |",
        "|" + "---|" * 17,
    ]
    for r in records:
        if "error" in r:
            lines.append(
                f"| {r['instance']} | {r['seed']} | {r['budget']:g} | {r['method']} | "
                f"ERROR: {r['error'].splitlines()[0][:80]} |" + " |" * 12
            )
            continue
        t = r["tiers"]
        lines.append(
            f"| {r['instance']} | {r['seed']} | {r['budget']:g} | {_wall(r)} | {r['method']} | "
            f"{'yes' if r['valid'] else 'NO'} ({r['violations']}) | "
            f"{_fmt(r['weighted_objective'], ',')} | {_pct(r.get('gap'))} | "
            f"{_fmt(r['first_feasible_s'])} | {_fmt(r['optimal_s'])} | {_fmt(r['build_s'])} | "
            f"{_fmt(r['candidates_per_s'], ',.0f')} | {_peak(r)} | "
            f"{t['coverage']} | {t['locality']} | {t['travel']} | {t['fairness']} |"
        )
    return lines


def _check_throughput(records: list[dict[str, Any]]) -> list[str]:
    """Per instance: the independent checker's assignments per second and its time as a
    share of the method's wall time on the same plan (medians over that instance's runs)."""
    rows = []
    for instance in sorted({r["instance"] for r in records}):
        runs = [
            r
            for r in records
            if r["instance"] == instance and "error" not in r and r.get("check_s") is not None
        ]
        if not runs:
            continue
        per_s = _median(r["check_per_s"] for r in runs if r.get("check_per_s") is not None)
        seconds = _median(r["check_s"] for r in runs)
        share = _median(r["check_s"] / r["wall_s"] for r in runs if r["wall_s"] > 0)
        filled = _median(r["filled"] for r in runs)
        rows.append(
            f"| {instance} | {len(runs)} | {_fmt(filled, ',.0f')} | {_fmt(seconds, '.3f')} | "
            f"{_fmt(per_s, ',.0f')} | {_fmt(share, '.3f')} |"
        )
    if not rows:
        return []
    return [
        "",
        "Checker throughput (`check` on each run's plan, medians over runs; share: check "
        "time / the method's wall time on the same plan):",
        "",
        "| instance | runs | assignments | check s | assignments/s | share of solve |",
        "|---|---|---|---|---|---|",
        *rows,
    ]


def _gap_by_budget(records: list[dict[str, Any]]) -> list[str]:
    """Instance x method rows, one column per budget: the median gap over seeds, "proven"
    when every seed's run proved its optimum, "-" when a run returned no valid plan."""
    budgets = sorted({r["budget"] for r in records})
    cells: dict[tuple[str, str], dict[float, list[dict[str, Any]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for r in records:
        cells[(r["instance"], r["method"])][r["budget"]].append(r)

    def cell(runs: list[dict[str, Any]]) -> str:
        if not runs:
            return ""
        if any("error" in r or not r.get("valid") or r.get("gap") is None for r in runs):
            return "-"
        if all(r.get("optimal_s") is not None for r in runs):
            return "proven"
        return _pct(_median(r["gap"] for r in runs))

    lines = [
        "",
        'Gap at each budget (median over seeds; "proven": every run proved its optimum; '
        '"-": some run returned no valid plan):',
        "",
        "| instance | method | " + " | ".join(f"{b:g} s" for b in budgets) + " |",
        "|---|---|" + "---|" * len(budgets),
    ]
    for (instance, method), by_budget in sorted(cells.items()):
        row = " | ".join(cell(by_budget.get(b, [])) for b in budgets)
        lines.append(f"| {instance} | {method} | {row} |")
    return lines


def to_markdown(records: list[dict[str, Any]], meta: dict[str, Any], png: str | None) -> str:
    """The Markdown report."""
    lines = [
        f"# Benchmark results {meta['date']} ({meta['commit']})",
        "",
        f"- date: {meta['date']} ({meta['created_at']})",
        f"- commit: {commit_label(meta)}",
        f"- CPU: {meta['cpu']}",
        f"- cores: {meta['cores']} (usable: {meta.get('affinity')})",
        f"- python: {meta['python']}, ortools: {meta['ortools']}, highspy: {meta['highspy']}, "
        f"koperasi_alloc: {meta['koperasi_alloc']}",
        f"- suites: {', '.join(meta['suites'])}; seeds: "
        f"{meta['seeds'] if meta.get('seeds') is not None else 'each suite default'}; "
        f"budgets: {meta['budgets'] if meta.get('budgets') is not None else 'suite default'}",
        f"- methods: {', '.join(meta['methods'])}; isolation: {meta['isolation']}",
        f"- command: `python -m benchmarks.run {' '.join(meta.get('argv', []))}` "
        f"({_fmt(meta.get('elapsed'), '.0f')} s)",
        "",
        "Every figure compares the **weighted objective** (policy weights: coverage 1e6, "
        "locality 1e3, travel -1, fairness 10 by default), recomputed from each plan by the "
        "checker; a plan counts only when `check` finds no violation. Gap: against the "
        'smallest bound any method proved for the same scenario in this run. "!" marks a '
        "run that overran its budget by more than max(5 %, 0.5 s). Times are "
        "from the method's start (candidate and model building included). Build s and "
        "cand./s: what the method built (the library: its candidates and the model over "
        "those that pruning kept); the construction target uses the library's separate "
        "build of every candidate and its model, timed after the run. Peak memory: "
        "`ru_maxrss` of the process that ran the method "
        + (
            "(a fresh spawned process per run), and in brackets that of its largest "
            "worker process where a decomposed solve started a pool and it was larger."
            if meta["isolation"] == "process"
            else "(one shared process: a high-water mark, not per run)."
        ),
        "",
        "## Targets (issues 6 and 15)",
        "",
        "| target | verdict | measured |",
        "|---|---|---|",
    ]
    for t in targets(records):
        lines.append(f"| {t['target']} | **{t['verdict']}** | {t['measured']} |")
    same_job = ahead.targets(records, _ratios)
    if any(t["verdict"] != "not measured" for t in same_job):
        lines += ["", "## Targets (issue 32: the same job as HiGHS)", ""]
        lines += ["| target | verdict | measured |", "|---|---|---|"]
        for t in same_job:
            lines.append(f"| {t['target']} | **{t['verdict']}** | {t['measured']} |")
    for suite in meta["suites"]:
        chosen = [r for r in records if r["suite"] == suite]
        if not chosen:
            continue
        lines += ["", f"## Suite `{suite}`", ""]
        lines += _suite_table(chosen)
        if suite != "budgets":
            lines += _ratio_table(chosen, "library", "highs")
            lines += _ratio_table(chosen, "library", "highs_lexicographic")
        lines += _gap_by_budget(chosen)
        lines += _check_throughput(chosen)
    if png:
        lines += ["", "## Gap over time", "", f"![gap over time]({png})"]
    conflicts = [r for r in records if r.get("bound_conflict")]
    if conflicts:
        lines += [
            "",
            f"**Warning**: {len(conflicts)} record(s) have a best bound below a valid plan's "
            "objective: some bound is wrong.",
        ]
    return "\n".join(lines) + "\n"


_RATIO_TITLES = {
    "highs": 'Library / HiGHS time to proven optimum ("<": HiGHS did not prove it, the '
    'budget is used instead; "-": the library did not prove it):',
    "highs_lexicographic": "Library (lexicographic) / HiGHS solving the same "
    "lexicographic stages (the same job: each tier kept at its optimum before the next); "
    '"same tiers": both proved an optimum, with identical tier values:',
}


#: Baselines that solve the library's own (lexicographic) objective: their proven tiers
#: must equal the library's.
_SAME_JOB = frozenset({"highs_lexicographic"})


def _agreement(same: bool | None) -> str:
    """ "; same tiers" / "; TIERS DIFFER" when both proved an optimum, else nothing."""
    return "" if same is None else "; same tiers" if same else "; TIERS DIFFER"


def _ratio_table(records: list[dict[str, Any]], method: str, baseline: str) -> list[str]:
    """``method`` / ``baseline`` time to proven optimum per instance (empty without both)."""
    lines = []
    for instance in sorted({r["instance"] for r in records}):
        rows = _ratios(records, instance, method, baseline)
        if not rows:
            continue
        ratios = [row["ratio"] for row in rows if row["ratio"] is not None]
        cells = ", ".join(
            f"seed {row['seed']}: {row['qualifier']}{_fmt(row['ratio'], '.3f')} "
            f"({_fmt(row['library_s'])} s / {_fmt(row['highs_s'])} s"
            f"{_agreement(row['same_tiers']) if baseline in _SAME_JOB else ''})"
            for row in rows
        )
        lines.append(f"| {instance} | {cells} | {_fmt(_median(ratios), '.3f')} |")
    if not lines:
        return []
    return [
        "",
        _RATIO_TITLES[baseline],
        "",
        "| instance | per seed | median |",
        "|---|---|---|",
        *lines,
    ]


def plot(records: list[dict[str, Any]], path: Path) -> bool:
    """Gap over time per method, one panel per instance (its first seed, largest budget)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    panels: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for r in records:
        if "error" in r or not r.get("gap_at"):
            continue
        panels[r["instance"]].append(r)
    chosen: dict[str, list[dict[str, Any]]] = {}
    for instance, rs in panels.items():
        seed = min(r["seed"] for r in rs)
        budget = max(r["budget"] for r in rs if r["seed"] == seed)
        chosen[instance] = [r for r in rs if r["seed"] == seed and r["budget"] == budget]
    if not chosen:
        return False
    n = len(chosen)
    cols = min(n, 2)
    rows = math.ceil(n / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(6.5 * cols, 4.2 * rows), squeeze=False)
    floor, ceiling = 1e-7, 1.0  # show 0 as 1e-5 % and clip an empty first plan at 100 %
    for ax, (instance, rs) in zip(axes.flat, sorted(chosen.items()), strict=False):
        for r in sorted(rs, key=lambda r: r["method"]):
            points = r["gap_at"]
            xs = [p[0] for p in points]
            ys = [min(max(p[1], floor), ceiling) * 100 for p in points]
            if len(points) == 1:
                ax.plot(xs, ys, "o", label=r["method"])
            else:
                ax.step(xs, ys, where="post", marker=".", label=r["method"])
        ax.set_yscale("log")
        ax.set_xlabel("seconds")
        ax.set_ylabel("gap to best bound (%, clipped to [1e-5, 100])")
        ax.set_title(f"{instance} seed {rs[0]['seed']}, budget {rs[0]['budget']:g} s")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize="small")
    for ax in list(axes.flat)[n:]:
        ax.axis("off")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def write(
    records: list[dict[str, Any]], meta: dict[str, Any], out: Path, *, tag: str = ""
) -> list[Path]:
    """Write ``<date>-<commit>[-tag].json``, ``.md`` and ``-gap.png`` into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    annotate(records)
    stem = f"{meta['date']}-{meta['commit']}" + (f"-{tag}" if tag else "")
    json_path = out / f"{stem}.json"
    md_path = out / f"{stem}.md"
    png_path = out / f"{stem}-gap.png"
    has_plot = plot(records, png_path)
    payload = {
        "meta": meta,
        "targets": targets(records),
        "same_job_targets": ahead.targets(records, _ratios),
        "records": records,
    }
    json_path.write_text(json.dumps(payload, indent=1, default=_jsonable), encoding="utf-8")
    md_path.write_text(
        to_markdown(records, meta, png_path.name if has_plot else None), encoding="utf-8"
    )
    return [json_path, md_path, *([png_path] if has_plot else [])]


def _jsonable(value: Any) -> Any:
    if hasattr(value, "item"):
        return value.item()
    if isinstance(value, Sequence):
        return list(value)
    return str(value)
