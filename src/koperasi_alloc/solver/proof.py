"""When a search result is a proof: the one test every entry point uses.

A maximised integer objective is proven optimal exactly when its value reaches a valid
bound. CP-SAT's status alone is not that test: a search stopped by a gap limit
(``relative_gap_limit``, ``absolute_gap_limit``) ends with status OPTIMAL while its bound
is still above the value. So nothing here reads a status: a stage, a hiring stage or a
merged tier is proven only where :func:`decided` says so, and a tier of a lexicographic
plan only where every tier before it is proven too (:func:`proven_in_order`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

__all__ = ["decided", "integral_bound", "proven_in_order", "tighter"]

#: Slack for a bound that CP-SAT reports in floating point.
_EPSILON = 1e-6


def integral_bound(bound: float) -> float:
    """The tightest integer bound a maximised integer objective's float ``bound`` gives."""
    if not math.isfinite(bound):
        return bound
    return float(math.floor(bound + _EPSILON))


def decided(value: float | None, bound: float | None) -> bool:
    """Whether a maximised integer objective at ``value`` is proven optimal by ``bound``
    (a valid upper bound): the value reaches the bound's integer part."""
    if value is None or bound is None or math.isnan(bound):
        return False
    return value >= integral_bound(bound)


def proven_in_order(own: Iterable[bool]) -> list[bool]:
    """Per tier of a lexicographic plan, in priority order, whether it is proven: its own
    search is (``own``) and so is every tier before it. A tier's optimum is defined among
    the plans optimal in every earlier tier, so a tier searched after an unproven one is
    not proven, however its own search ended."""
    proven: list[bool] = []
    so_far = True
    for flag in own:
        so_far = so_far and flag
        proven.append(so_far)
    return proven


def tighter(sense: str, a: float | None, b: float | None) -> float | None:
    """The tighter of two valid bounds on a tier of ``sense`` ("max" or "min"); either
    may be unknown (None)."""
    if a is None or b is None:
        return a if b is None else b
    return min(a, b) if sense == "max" else max(a, b)
