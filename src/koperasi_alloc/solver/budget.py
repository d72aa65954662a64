"""Budgets: the options checked before any work, memory, and how time is shared out.

The time budget itself is :class:`~koperasi_alloc.solver.progress.Deadline`; this module
holds the measured constants that turn it into per-stage and per-part budgets, and the
memory estimate that fails early rather than late.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from koperasi_alloc.errors import KoperasiError

if TYPE_CHECKING:
    from koperasi_alloc.solver.state import Env

__all__ = [
    "BYTES_PER_CANDIDATE",
    "CPSAT_SECONDS_PER_CANDIDATE",
    "SHORT_SECONDS_PER_CANDIDATE",
    "STAGE_SHARES",
    "available_memory",
    "ensure_memory_for",
    "left_below",
    "short_of_time",
    "stage_share",
    "too_late_to_search",
]

#: Seconds CP-SAT needs per candidate to load a model (measured on the national preset).
CPSAT_SECONDS_PER_CANDIDATE = 1e-5

#: Below this many seconds left per candidate, CP-SAT has too little time to find the
#: first tier's optimum itself, and a solve spends some on a better first plan (and, in
#: lexicographic mode, bound) (:func:`short_of_time`). Measured: national parts get 1e-4
#: to 3e-4 s each, and their coverage stage found 872 of 924 from a start the concentrated
#: re-flow lifts to 924; province-scarce in weighted mode (2.7e-4 s) ended 2.36 % short
#: of its bound without that start and 0.13 % with it (seed 0); kutai-timur-scarce gets
#: 2.7e-3 s in the 30 s benchmark, and with that start forced (60 s budgets) its median
#: proof took 5.4 s against 4.9 s without (the start's worse locality costs the later
#: stages).
SHORT_SECONDS_PER_CANDIDATE = 1e-3

#: Share of the remaining budget each lexicographic stage may use, by position.
STAGE_SHARES = (0.6, 0.2, 0.1, 0.1)

#: Peak bytes per candidate of model building plus CP-SAT (4.3 GB measured at 480k
#: candidates in shared/cpsat-notes.md, rounded up).
BYTES_PER_CANDIDATE = 10_000


def left_below(env: Env, n_candidates: int, seconds_per_candidate: float) -> bool:
    """Whether the solve has under ``seconds_per_candidate`` seconds left per candidate."""
    return env.remaining() < seconds_per_candidate * n_candidates


def too_late_to_search(env: Env, has_incumbent: bool, n_candidates: int) -> bool:
    """Whether there is an incumbent and too little time left for CP-SAT to load a model
    of ``n_candidates`` and search it (1.5 times its load time): the incumbent is then
    kept rather than the budget overrun."""
    return has_incumbent and env.remaining() < 1.5 * CPSAT_SECONDS_PER_CANDIDATE * n_candidates


def short_of_time(env: Env, n_candidates: int) -> bool:
    """Whether the solve has under :data:`SHORT_SECONDS_PER_CANDIDATE` seconds left per
    candidate."""
    return left_below(env, n_candidates, SHORT_SECONDS_PER_CANDIDATE)


def stage_share(position: int, stages: int) -> float:
    """Share of the remaining time that lexicographic stage ``position`` (of ``stages``)
    may use before it stops at its first solution; the last stage gets it all."""
    shares = STAGE_SHARES[position:stages] or (1.0,)
    return shares[0] / sum(shares) if position < stages - 1 else 1.0


def available_memory() -> int | None:
    """Bytes of memory available to this process (Linux), or None when unknown."""
    try:
        with open("/proc/meminfo", encoding="ascii") as info:
            for line in info:
                if line.startswith("MemAvailable:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def ensure_memory_for(candidates: int) -> None:
    """Fail early, with an estimate, when a model of ``candidates`` would not fit in memory.

    Raises
    ------
    KoperasiError
        When the estimated peak exceeds the memory available; the message says how to
        make the model smaller.
    """
    available = available_memory()
    needed = candidates * BYTES_PER_CANDIDATE
    if available is not None and needed > available:
        raise KoperasiError(
            f"the scenario has {candidates:,} candidate assignments; solving them as one "
            f"model needs about {needed / 2**30:.1f} GiB but {available / 2**30:.1f} GiB is "
            "available. Let solve decompose it (decompose=True, kabupaten boundaries kept), "
            "lower policy.radius_km or allowed_tiers, or use a machine with more memory."
        )
