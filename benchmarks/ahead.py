"""Issue 32's same-job targets, read from a :mod:`benchmarks.run` record set.

- weighted mode (``library_weighted``) against HiGHS on the same weighted MIP (``highs``):
  median time to proven optimum <= 1.0x (stretch 0.5x), on kutai-timur-scarce and
  kutai-timur, 5 seeds each;
- lexicographic mode (``library``) against HiGHS solving the same lexicographic stages
  (``highs_lexicographic``): median <= 0.5x;
- no seed where lexicographic mode takes more than 2x the weighted mode.

The model-construction target (>= 500,000 candidates/s) is the one
:func:`benchmarks.report.targets` already reports.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from typing import Any

__all__ = ["LEXICOGRAPHIC_RATIO", "MODE_RATIO", "WEIGHTED_RATIO", "WEIGHTED_STRETCH", "targets"]

WEIGHTED_RATIO = 1.0
WEIGHTED_STRETCH = 0.5
LEXICOGRAPHIC_RATIO = 0.5
MODE_RATIO = 2.0
INSTANCES = ("kutai-timur-scarce", "kutai-timur")

Ratios = Callable[[list[dict[str, Any]], str, str, str], list[dict[str, Any]]]


def targets(records: list[dict[str, Any]], ratios: Ratios) -> list[dict[str, Any]]:
    """Each target of issue 32 this record set can judge: met / not met / not measured,
    with its ratio per seed. ``ratios`` is :func:`benchmarks.report._ratios`."""
    out: list[dict[str, Any]] = []
    present = {r["instance"] for r in records if r["suite"] != "budgets"}
    for instance in INSTANCES:
        for method, baseline, limit, what in (
            ("library_weighted", "highs", WEIGHTED_RATIO, "weighted mode / HiGHS weighted"),
            (
                "library",
                "highs_lexicographic",
                LEXICOGRAPHIC_RATIO,
                "lexicographic mode / HiGHS lexicographic stages",
            ),
        ):
            rows = ratios(records, instance, method, baseline) if instance in present else []
            label = f"{instance}: {what}, median <= {limit}x"
            if method == "library_weighted":
                label += f" (stretch {WEIGHTED_STRETCH}x)"
            out.append(_median_verdict(label, rows, limit))
        rows = []
        if instance in present:
            rows = ratios(records, instance, "library", "library_weighted")
        out.append(_every_seed_verdict(f"{instance}: lexicographic / weighted mode", rows))
    return out


def _median_verdict(label: str, rows: list[dict[str, Any]], limit: float) -> dict[str, Any]:
    if not rows:
        return {"target": label, "verdict": "not measured", "measured": "no runs of both"}
    ratios = [row["ratio"] for row in rows if row["ratio"] is not None]
    proven = len(ratios) == len(rows)
    median = statistics.median(ratios) if ratios else None
    met = proven and median is not None and median <= limit
    return {
        "target": label,
        "verdict": "met" if met else "not met",
        "measured": f"median {_ratio(median)}; {_per_seed(rows)}",
    }


def _every_seed_verdict(label: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    label = f"{label}: no seed over {MODE_RATIO}x"
    if not rows:
        return {"target": label, "verdict": "not measured", "measured": "no runs of both"}
    over = [row for row in rows if row["ratio"] is None or row["ratio"] > MODE_RATIO]
    return {
        "target": label,
        "verdict": "not met" if over else "met",
        "measured": f"{len(over)} of {len(rows)} seeds over; {_per_seed(rows)}",
    }


def _ratio(value: float | None) -> str:
    return "-" if value is None else f"{value:.3f}"


def _per_seed(rows: list[dict[str, Any]]) -> str:
    parts = []
    for row in rows:
        mine, theirs = row["library_s"], row["highs_s"]
        times = f"{_seconds(mine)} / {_seconds(theirs)}"
        parts.append(f"seed {row['seed']}: {row['qualifier']}{_ratio(row['ratio'])} ({times})")
    return ", ".join(parts)


def _seconds(value: float | None) -> str:
    return "not proven" if value is None else f"{value:.2f} s"
