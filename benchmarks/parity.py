"""Proven tiers before and after a change to the engine (issue 29): the same instances
solved, their proven tier values written, and two such files compared.

    python -m benchmarks.parity --out before.json             # at the old commit
    python -m benchmarks.parity --out after.json --compare before.json

Instances: Kutai Timur and Kutai Timur scarce (``scarcity=0.5``), seeds 0-4, and 40
distinct planted regions of 4 officers or more (``tests/planted.py``, drawn with
hypothesis derandomised), each solved in
lexicographic mode. A tier counts only where it is proven; the comparison reports every
instance whose proven tiers differ, and those proven on one side only.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from benchmarks import report

__all__ = ["compare", "instances", "main", "proven_tiers"]


def instances() -> list[tuple[str, Any]]:
    """(name, scenario) of every instance, in a fixed order."""
    from hypothesis import HealthCheck, given, settings

    from koperasi_alloc.synth import generate

    found: list[tuple[str, Any]] = []
    for seed in range(5):
        found.append((f"kutai-timur/{seed}", generate("kutai-timur", seed=seed)))
        found.append(
            (f"kutai-timur-scarce/{seed}", generate("kutai-timur", seed=seed, scarcity=0.5))
        )
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from tests.planted import planted_regions

    drawn: dict[str, Any] = {}

    @settings(
        max_examples=400,
        database=None,
        derandomize=True,
        deadline=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(region=planted_regions(max_officers=14))
    def draw(region: Any) -> None:
        if len(region.scenario.officers) >= 4:  # regions with a search to do, each once
            drawn.setdefault(region.scenario.scenario_hash(), region.scenario)

    draw()
    found += [(f"planted/{i}", scenario) for i, scenario in enumerate(list(drawn.values())[:40])]
    return found


def proven_tiers(scenario: Any, time_limit: float) -> dict[str, Any]:
    """The solve's status, and its proven tier values by name."""
    from koperasi_alloc import check, solve

    started = time.perf_counter()
    plan = solve(scenario, time_limit=time_limit, workers=2)
    return {
        "status": plan.status.value,
        "valid": not check(scenario, plan),
        "proven": {t.name: t.value for t in plan.tiers if t.proven},
        "seconds": time.perf_counter() - started,
    }


def compare(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """One line per instance whose proven tiers differ between the two runs."""
    lines = []
    for name, old in before["results"].items():
        new = after["results"].get(name)
        if new is None:
            lines.append(f"{name}: missing after")
            continue
        shared = set(old["proven"]) & set(new["proven"])
        differ = {t: (old["proven"][t], new["proven"][t]) for t in shared}
        differ = {t: pair for t, pair in differ.items() if pair[0] != pair[1]}
        if differ:
            lines.append(f"{name}: DIFFERENT proven tiers {differ}")
        if set(old["proven"]) != set(new["proven"]):
            lines.append(
                f"{name}: proven before {sorted(old['proven'])}, after {sorted(new['proven'])}"
            )
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns 1 when a compared run differs in a tier proven on both sides."""
    parser = argparse.ArgumentParser(prog="python -m benchmarks.parity", description=__doc__)
    parser.add_argument("--out", required=True, help="the JSON file to write")
    parser.add_argument("--compare", help="a JSON file of an earlier run to compare with")
    parser.add_argument("--time-limit", type=float, default=60.0)
    args = parser.parse_args(argv)
    results = {}
    for name, scenario in instances():
        results[name] = proven_tiers(scenario, args.time_limit)
        print(f"{name}: {results[name]['status']} {results[name]['proven']}", file=sys.stderr)
    meta = report.metadata(suite="parity", argv=list(argv) if argv is not None else sys.argv[1:])
    record = {"meta": meta, "results": results}
    Path(args.out).write_text(json.dumps(record, indent=1), encoding="utf-8")
    if not args.compare:
        return 0
    before = json.loads(Path(args.compare).read_text(encoding="utf-8"))
    lines = compare(before, record)
    for line in lines:
        print(line)
    proven_both = sum(
        len(set(before["results"][n]["proven"]) & set(results[n]["proven"]))
        for n in results
        if n in before["results"]
    )
    print(f"{len(results)} instances, {proven_both} tiers proven on both sides, {len(lines)} lines")
    return 1 if any("DIFFERENT" in line for line in lines) else 0


if __name__ == "__main__":
    raise SystemExit(main())
