"""The scarcity levers of issue 15, measured: what docs/performance.md quotes for each.

    python -m benchmarks.levers                 # about 5 minutes on 2 cores
    python -m benchmarks.levers --seeds 0,4     # a quicker look

On kutai-timur-scarce (and the presets for aggregation), one after another in this
process, every plan re-checked:

- ``construction``: candidates + the CP-SAT model of every candidate, best of three,
  candidates per second;
- ``tighten``: the default solve with :func:`koperasi_alloc.solver.prune.tighten` on and
  off (wall seconds, candidates it fixed);
- ``lp``: with HiGHS (the ``bench`` extra), the LP relaxation with the agency rows:
  its coverage bound, and its fairness bound given the earlier tiers at their optima,
  against the optimum the library proves;
- ``aggregation``: officers against groups of interchangeable officers per preset, and
  the groups with fields left out down to agency and domicile alone (the ceiling);
- ``tie_breaks``: the default solve with the stages' tie-breaks off and on (wall seconds,
  seconds per stage, same tiers);
- ``cpsat``: CP-SAT variants (extra subsolvers, a third worker), wall seconds.

``--levers tie_breaks,aggregation`` measures only those.

Writes ``<date>-<commit>-levers.json`` and ``.md`` into ``--out``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from unittest import mock

import numpy as np

from benchmarks.instances import KUTAI_SCARCE
from benchmarks.report import commit_label, metadata
from koperasi_alloc.scenario import TierName

__all__ = ["main"]

CPSAT_VARIANTS: dict[str, dict[str, Any]] = {
    "default": {},
    "objective_lb_search": {"extra_subsolvers": ["max_lp", "objective_lb_search"]},
    "probing": {"extra_subsolvers": ["max_lp", "probing"]},
    "3 workers": {"workers": 3},
}


def _model_seconds(scenario: Any) -> float:
    from koperasi_alloc.candidates import build_candidates
    from koperasi_alloc.model import build_model

    return _timed(lambda: build_model(scenario, build_candidates(scenario)))[1]


def _timed(call: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    result = call()
    return result, time.perf_counter() - started


def _solve(scenario: Any, **options: Any) -> tuple[Any, float]:
    from koperasi_alloc import check, solve

    plan, seconds = _timed(lambda: solve(scenario, time_limit=60, **options))
    assert check(scenario, plan) == [], "a plan failed the checker"
    return plan, seconds


def construction(seeds: Sequence[int]) -> list[dict[str, Any]]:
    """Candidates and the model of every candidate per second, best of three builds."""
    from koperasi_alloc.candidates import build_candidates
    from koperasi_alloc.synth import generate

    rows = []
    for seed in seeds:
        for knobs in ({}, {"scarcity": 0.5}):
            scenario = generate("kutai-timur", seed, **knobs)
            best = min(_model_seconds(scenario) for _ in range(3))
            n = len(build_candidates(scenario))
            rows.append({"seed": seed, **knobs, "candidates": n, "per_s": n / best})
    return rows


def tighten(seeds: Sequence[int]) -> list[dict[str, Any]]:
    """The default solve with tightening between stages off, then on."""
    from koperasi_alloc.solver import prune

    rows = []
    for seed in seeds:
        scenario = KUTAI_SCARCE.scenario(seed)
        counting = _Counting(prune.tighten)
        with mock.patch.object(prune, "tighten", side_effect=lambda env, searched: searched):
            off, off_s = _solve(scenario)
        with mock.patch.object(prune, "tighten", counting):
            on, on_s = _solve(scenario)
        same = [t.value for t in off.tiers] == [t.value for t in on.tiers]
        rows.append(
            {"seed": seed, "off_s": off_s, "on_s": on_s, "fixed": counting.fixed, "same": same}
        )
    return rows


class _Counting:
    """``prune.tighten`` that also counts the candidates it fixes."""

    def __init__(self, tighten: Callable[[Any, Any], Any]) -> None:
        self.tighten = tighten
        self.fixed = 0

    def __call__(self, env: Any, searched: Any) -> Any:
        before = 0 if searched.fixed_out is None else int(searched.fixed_out.sum())
        tightened = self.tighten(env, searched)
        after = 0 if tightened.fixed_out is None else int(tightened.fixed_out.sum())
        self.fixed += after - before
        return tightened


def lp_bounds(seeds: Sequence[int]) -> list[dict[str, Any]]:
    """HiGHS LP bounds on coverage, and on fairness with the earlier tiers at their optima."""
    from koperasi_alloc.candidates import build_candidates

    rows = []
    for seed in seeds:
        scenario = KUTAI_SCARCE.scenario(seed)
        plan, _ = _solve(scenario)
        optimum = {t.name: t.value for t in plan.tiers}
        candidates = build_candidates(scenario)
        fairness = _lp_bound(
            candidates,
            "fairness",
            [
                ("coverage", optimum["coverage"], np.inf),
                ("locality", optimum["locality"], np.inf),
                ("travel", -np.inf, optimum["travel"]),
            ],
        )
        rows.append(
            {
                "seed": seed,
                "coverage": optimum["coverage"],
                "coverage_lp": _lp_bound(candidates, "coverage", []),
                "fairness": optimum["fairness"],
                "fairness_lp": fairness,
            }
        )
    return rows


def _lp_bound(
    candidates: Any, objective: str, keep: Sequence[tuple[TierName, float, float]]
) -> float:
    """The LP optimum of coverage (or of fairness) with the tiers ``keep`` bounded."""
    import highspy

    from benchmarks.methods.highs import build_mip
    from koperasi_alloc.solver.values import linear_values

    n = len(candidates)
    mip = build_mip(candidates)
    cost = np.zeros(mip.num_col)
    if objective == "coverage":
        cost[:n] = linear_values(candidates, "coverage").astype(float)
    elif mip.z_col is not None:
        cost[mip.z_col] = 1.0
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    h.passModel(
        mip.num_col,
        mip.num_row,
        len(mip.index),
        int(highspy.MatrixFormat.kRowwise),
        int(highspy.ObjSense.kMaximize),
        0.0,
        cost,
        mip.col_lower,
        mip.col_upper,
        mip.row_lower,
        mip.row_upper,
        mip.start,
        mip.index,
        mip.value,
        np.zeros(mip.num_col, dtype=np.int32),
    )
    index = np.arange(n, dtype=np.int32)
    for name, low, high in keep:
        h.addRow(low, high, n, index, linear_values(candidates, name).astype(float))
    h.run()
    return float(h.getInfo().objective_function_value)


#: The officer fields every rule reads, and the keys aggregation was measured on: all of
#: them, then with fields left out (as if every officer had the same value), down to
#: agency and domicile alone, the ceiling of what grouping could gain.
AGGREGATION_KEYS: dict[str, tuple[str, ...]] = {
    "groups": (
        "agency",
        "employment",
        "education",
        "skills",
        "domicile",
        "work_district",
        "weekly_hours",
        "max_cooperatives",
        "group",
        "available",
        "lat",
        "lon",
    ),
}
AGGREGATION_KEYS["no_skills"] = tuple(k for k in AGGREGATION_KEYS["groups"] if k != "skills")
AGGREGATION_KEYS["no_skills_education"] = tuple(
    k for k in AGGREGATION_KEYS["no_skills"] if k != "education"
)
AGGREGATION_KEYS["agency_domicile"] = ("agency", "domicile")


def aggregation() -> list[dict[str, Any]]:
    """Officers, and groups of officers every rule treats alike, per preset (seed 0);
    also the groups with some fields left out (:data:`AGGREGATION_KEYS`)."""
    from koperasi_alloc.synth import generate

    def value(officer: Any, field: str) -> Any:
        found = getattr(officer, field)
        return tuple(sorted(found)) if isinstance(found, list) else found

    rows = []
    for preset, knobs in (
        ("kutai-timur", {}),
        ("kutai-timur", {"scarcity": 0.5}),
        ("province", {}),
        ("province", {"scarcity": 0.5}),
        ("national", {}),
    ):
        officers = generate(preset, 0, **knobs).officers
        counts = {
            name: len(Counter(tuple(value(o, f) for f in keys) for o in officers))
            for name, keys in AGGREGATION_KEYS.items()
        }
        rows.append({"preset": preset, **knobs, "officers": len(officers), **counts})
    return rows


def tie_breaks(seeds: Sequence[int]) -> list[dict[str, Any]]:
    """The default solve with the stages' tie-breaks off, then on: wall seconds, seconds
    per stage, and whether the tiers are the same."""
    from koperasi_alloc.solver import lexicographic

    rows = []
    for seed in seeds:
        scenario = KUTAI_SCARCE.scenario(seed)
        with mock.patch.object(lexicographic, "tie_break", return_value=None):
            off_stages = _StageClock(lexicographic.run_stage)
            with mock.patch.object(lexicographic, "run_stage", off_stages):
                off, off_s = _solve(scenario)
        on_stages = _StageClock(lexicographic.run_stage)
        with mock.patch.object(lexicographic, "run_stage", on_stages):
            on, on_s = _solve(scenario)
        same = [t.value for t in off.tiers] == [t.value for t in on.tiers]
        rows.append(
            {
                "seed": seed,
                "off_s": off_s,
                "on_s": on_s,
                "off_stages": off_stages.seconds,
                "on_stages": on_stages.seconds,
                "same": same,
            }
        )
    return rows


class _StageClock:
    """``lexicographic.run_stage`` that also records each stage's wall seconds by name."""

    def __init__(self, run_stage: Callable[..., Any]) -> None:
        self.run_stage = run_stage
        self.seconds: dict[str, float] = {}

    def __call__(self, env: Any, searched: Any, goal: Any) -> Any:
        done, seconds = _timed(lambda: self.run_stage(env, searched, goal))
        self.seconds[goal.name] = seconds
        return done


def cpsat(seeds: Sequence[int]) -> list[dict[str, Any]]:
    """Wall seconds of the default solve under each CP-SAT variant."""
    rows = []
    for seed in seeds:
        scenario = KUTAI_SCARCE.scenario(seed)
        for name, options in CPSAT_VARIANTS.items():
            _, seconds = _solve(scenario, **options)
            rows.append({"seed": seed, "variant": name, "seconds": seconds})
    return rows


def to_markdown(results: dict[str, Any], meta: dict[str, Any]) -> str:
    """The report: one table per lever measured."""
    lines = [
        f"# Scarcity levers {meta['date']} ({meta['commit']})",
        "",
        f"- commit: {commit_label(meta)}",
        f"- CPU: {meta['cpu']}, cores: {meta['cores']}; python {meta['python']}, ortools "
        f"{meta['ortools']}, highspy {meta['highspy']}",
        f"- command: `python -m benchmarks.levers {' '.join(meta['argv'])}`",
    ]
    for name, (title, columns, row) in TABLES.items():
        if name in results:
            lines += ["", f"## {title}", "", "| " + " | ".join(columns) + " |"]
            lines.append("|" + "---|" * len(columns))
            lines += ["| " + " | ".join(row(r)) + " |" for r in results[name]]
    return "\n".join(lines) + "\n"


def _stages(seconds: dict[str, float]) -> str:
    return ", ".join(f"{name} {s:.2f}" for name, s in seconds.items())


def _preset(r: dict[str, Any]) -> str:
    return str(r["preset"]) + (f" scarcity {r['scarcity']}" if "scarcity" in r else "")


Row = Callable[[dict[str, Any]], list[str]]

#: Per lever: the report's section title, its columns, and the cells of one result.
TABLES: dict[str, tuple[str, list[str], Row]] = {
    "construction": (
        "Construction (candidates + model of every candidate, best of 3)",
        ["seed", "scarcity", "candidates", "per s"],
        lambda r: [
            str(r["seed"]),
            str(r.get("scarcity", 1.0)),
            str(r["candidates"]),
            f"{r['per_s']:,.0f}",
        ],
    ),
    "tighten": (
        "Tightening between stages (kutai-timur-scarce)",
        ["seed", "off s", "on s", "candidates fixed", "same tiers"],
        lambda r: [
            str(r["seed"]),
            f"{r['off_s']:.2f}",
            f"{r['on_s']:.2f}",
            str(r["fixed"]),
            str(r["same"]),
        ],
    ),
    "lp": (
        "LP with the agency rows (HiGHS) against the proven optimum",
        ["seed", "coverage", "LP bound", "fairness", "LP bound"],
        lambda r: [
            str(r["seed"]),
            str(r["coverage"]),
            f"{r['coverage_lp']:.1f}",
            str(r["fairness"]),
            f"{r['fairness_lp']:.1f}",
        ],
    ),
    "aggregation": (
        "Interchangeable officers (seed 0)",
        [
            "preset",
            "officers",
            "groups",
            "without skills",
            "without skills, education",
            "agency and domicile alone",
        ],
        lambda r: (
            [_preset(r)]
            + [
                f"{r[k]:,}"
                for k in (
                    "officers",
                    "groups",
                    "no_skills",
                    "no_skills_education",
                    "agency_domicile",
                )
            ]
        ),
    ),
    "tie_breaks": (
        "Tie-breaks in the searched objective (kutai-timur-scarce, wall s)",
        ["seed", "off", "on", "stages off", "stages on", "same tiers"],
        lambda r: [
            str(r["seed"]),
            f"{r['off_s']:.2f}",
            f"{r['on_s']:.2f}",
            _stages(r["off_stages"]),
            _stages(r["on_stages"]),
            str(r["same"]),
        ],
    ),
    "cpsat": (
        "CP-SAT variants (kutai-timur-scarce, wall s)",
        ["seed", "variant", "s"],
        lambda r: [str(r["seed"]), str(r["variant"]), f"{r['seconds']:.2f}"],
    ),
}


#: Each lever by name, with the seeds it is measured on.
LEVERS: dict[str, Callable[[Sequence[int]], list[dict[str, Any]]]] = {
    "construction": construction,
    "tighten": tighten,
    "lp": lp_bounds,
    "aggregation": lambda seeds: aggregation(),
    "tie_breaks": tie_breaks,
    "cpsat": lambda seeds: cpsat(seeds[:2]),
}


def main(argv: Sequence[str] | None = None) -> int:
    """Measure every lever and write the report."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", default="0,1,2,3,4", help="kutai-timur-scarce seeds")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results"))
    parser.add_argument(
        "--levers", default=",".join(LEVERS), help=f"comma-separated, of {', '.join(LEVERS)}"
    )
    args = parser.parse_args(argv)
    seeds = [int(s) for s in args.seeds.split(",")]
    chosen = args.levers.split(",")
    unknown = sorted(set(chosen) - set(LEVERS))
    if unknown:
        parser.error(f"unknown lever(s) {', '.join(unknown)}; levers are {', '.join(LEVERS)}")
    results = {name: LEVERS[name](seeds) for name in chosen}
    meta = metadata(argv=list(sys.argv[1:] if argv is None else argv), seeds=seeds)
    args.out.mkdir(parents=True, exist_ok=True)
    stem = args.out / f"{meta['date']}-{meta['commit']}-levers"
    stem.with_suffix(".json").write_text(
        json.dumps({"meta": meta, "results": results}, indent=1, default=str), encoding="utf-8"
    )
    stem.with_suffix(".md").write_text(to_markdown(results, meta), encoding="utf-8")
    print(stem.with_suffix(".md").read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
