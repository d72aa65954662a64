"""The nation end to end from the command line, as a ministry analyst runs it (issue 32).

``python -m benchmarks.national_cli --time-limit 120`` writes the national preset to a
JSON file with ``koperasi-alloc generate``, then runs ``koperasi-alloc solve`` on it with
that budget, sampling the resident memory of the CLI and every process it starts twice a
second, and records the tier lines the CLI prints (value, bound, gap per tier), the
wall time and the peak memory. ``--baseline DIR`` first runs the same commands with the
library of another checkout (``DIR/src``), so that both rows come from one run on one
machine. Writes ``benchmarks/results/<date>-<commit>-national-cli-<budget>.json`` and
``.md``; every target of issue 32 for the national run is marked met or not.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks import report
from benchmarks.memory import PeakMemory

#: A tier line of the CLI's English summary, e.g.
#: "locality   229550 (max) open, bound 276540, gap 20.47 %".
TIER_LINE = re.compile(
    r"^(?P<tier>coverage|stability|locality|travel|fairness)\s+(?P<value>-?\d+)"
    r" \((?P<sense>max|min)\) (?P<state>\w+)"
    r"(?:, bound (?P<bound>-?\d+))?(?:, gap (?P<gap>[\d.]+) %)?"
)

#: Issue 32's targets for the national CLI run, per budget: the largest gap per tier.
TARGETS = {
    120: {"coverage": 0.001, "locality": 0.01, "travel": 0.01},
    600: {"coverage": 0.001, "locality": 0.001, "travel": 0.001, "fairness": 0.001},
}
MEMORY_TARGET_MB = 4096


def _cli(source: Path | None, *args: str, log: Path) -> tuple[int, float, float | None, str]:
    """Run ``koperasi-alloc ARGS`` with the library of ``source`` (this checkout when
    None); returns the exit code, the wall time, the peak memory of its process tree in
    MB and what it printed."""
    env = dict(os.environ)
    if source is not None:
        env["PYTHONPATH"] = str(source / "src")
    command = [sys.executable, "-m", "koperasi_alloc.cli", *args]
    started = time.perf_counter()
    with log.open("w") as out, PeakMemory() as memory:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, env=env)
        process.wait()
    peak = None if memory.peak_mb is None else round(memory.peak_mb)
    return process.returncode, time.perf_counter() - started, peak, log.read_text()


def tiers_of(printed: str) -> list[dict[str, Any]]:
    """The tier lines of the CLI's summary: value, sense, state, bound and gap."""
    rows = []
    for line in printed.splitlines():
        match = TIER_LINE.match(line.strip())
        if match is None:
            continue
        gap = match["gap"]
        rows.append(
            {
                "tier": match["tier"],
                "value": int(match["value"]),
                "sense": match["sense"],
                "state": match["state"],
                "bound": None if match["bound"] is None else int(match["bound"]),
                "gap": None if gap is None else float(gap) / 100,
            }
        )
    return rows


def run_once(source: Path | None, label: str, budget: float, work: Path) -> dict[str, Any]:
    """Generate the national preset and solve it from the CLI with ``source``'s library."""
    scenario = work / "national.json"
    if not scenario.exists():
        code, seconds, _, printed = _cli(
            source,
            *("generate", "--preset", "national", "--seed", "0", "-o", str(scenario)),
            *("--quiet",),
            log=work / "generate.log",
        )
        if code != 0:
            raise RuntimeError(f"generate failed: {printed[-2000:]}")
        print(f"generated the national preset in {seconds:.1f} s", flush=True)
    plan = work / f"plan-{label}.json"
    code, seconds, peak, printed = _cli(
        source,
        *("solve", str(scenario), "--time-limit", f"{budget:g}", "-o", str(plan)),
        *("--lang", "en", "--quiet"),
        log=work / f"solve-{label}.log",
    )
    print(f"{label}: exit {code}, {seconds:.1f} s, peak {peak} MB", flush=True)
    status = next(
        (line.split()[1] for line in printed.splitlines() if line.startswith("status")), None
    )
    return {
        "label": label,
        "source": "this checkout" if source is None else str(source),
        "exit": code,
        "wall_s": round(seconds, 1),
        "peak_all_processes_mb": peak,
        "status": status,
        "tiers": tiers_of(printed),
        "printed_tail": printed[-4000:],
    }


def verdicts(run: dict[str, Any], budget: float) -> list[str]:
    """Each target of the national run, met or not, with the measured figure."""
    lines = []
    wanted = TARGETS.get(round(budget), {})
    for tier in run["tiers"]:
        gap = tier["gap"]
        limit = wanted.get(tier["tier"])
        if tier["bound"] is None:
            lines.append(f"- {tier['tier']}: no proven bound: **not met**")
        elif limit is not None:
            met = gap is not None and gap <= limit
            lines.append(
                f"- {tier['tier']}: gap {gap:.4%} against <= {limit:.1%}: "
                + ("met" if met else "**not met**")
            )
        else:
            lines.append(f"- {tier['tier']}: bounded, gap {gap:.4%} (no gap target at this budget)")
    peak = run["peak_all_processes_mb"]
    if peak is not None:
        met = peak <= MEMORY_TARGET_MB
        lines.append(
            f"- peak memory, all processes: {peak:.0f} MB against <= {MEMORY_TARGET_MB} MB: "
            + ("met" if met else "**not met**")
        )
    return lines


def markdown(meta: dict[str, Any], runs: list[dict[str, Any]], budget: float) -> str:
    lines = [
        f"# national preset from the CLI, {budget:g} s",
        "",
        f"date {meta['date']}, commit {meta['commit_label']}, CPU {meta['cpu']} "
        f"({meta['cores']} cores), Python {meta['python']}, seed 0 (generate --preset "
        "national --seed 0; solve --time-limit "
        f"{budget:g} --lang en; peak memory: the CLI and every process it starts, "
        "sampled twice a second)",
        "",
        "| run | status | wall s | peak MB | tier | value | bound | gap |",
        "| --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for run in runs:
        for tier in run["tiers"]:
            gap = "-" if tier["gap"] is None else f"{tier['gap']:.4%}"
            bound = "none" if tier["bound"] is None else str(tier["bound"])
            lines.append(
                f"| {run['label']} | {run['status']} | {run['wall_s']} | "
                f"{run['peak_all_processes_mb']} | {tier['tier']} ({tier['sense']}) | "
                f"{tier['value']} | {bound} | {gap} |"
            )
    current = runs[-1]
    lines += ["", f"## Targets (issue 32), run {current['label']}", "", *verdicts(current, budget)]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--time-limit", type=float, default=120.0)
    parser.add_argument("--baseline", type=Path, help="another checkout to run first")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results"))
    parser.add_argument("--work", type=Path, help="folder for the scenario and plans")
    args = parser.parse_args(argv)
    work = args.work or Path(tempfile.mkdtemp(prefix="national-cli-"))
    work.mkdir(parents=True, exist_ok=True)
    runs = []
    if args.baseline is not None:
        runs.append(run_once(args.baseline, "baseline", args.time_limit, work))
    runs.append(run_once(None, "this commit", args.time_limit, work))
    meta = report.metadata(baseline=None if args.baseline is None else str(args.baseline))
    meta["commit_label"] = report.commit_label(meta)
    stem = f"{meta['date']}-{meta['commit']}-national-cli-{args.time_limit:g}"
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / f"{stem}.json").write_text(json.dumps({"meta": meta, "runs": runs}, indent=2))
    (args.out / f"{stem}.md").write_text(markdown(meta, runs, args.time_limit))
    print(f"wrote {args.out / stem}.md")
    return 0 if all(r["exit"] == 0 for r in runs) else 1


if __name__ == "__main__":
    raise SystemExit(main())
