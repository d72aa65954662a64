"""The benchmarked methods, by name. Each takes ``(scenario, budget_seconds)`` and returns a
:class:`~benchmarks.methods.common.MethodResult` whose plan the runner checks."""

from __future__ import annotations

from collections.abc import Callable

from benchmarks.methods import (
    greedy,
    highs,
    highs_lexicographic,
    library,
    lp_bound,
    naive_cpsat,
)
from benchmarks.methods.common import MethodResult
from koperasi_alloc.scenario import Scenario

__all__ = ["METHODS", "MethodResult"]

METHODS: dict[str, Callable[[Scenario, float], MethodResult]] = {
    "library": library.run_default,
    "library_weighted": library.run_weighted,
    "highs": highs.run,
    "highs_lexicographic": highs_lexicographic.run,
    "naive_cpsat": naive_cpsat.run,
    "greedy": greedy.run,
    "lp_bound": lp_bound.run,
}
"""Method name -> runner, in reporting order."""
