"""The two building stages: candidate triples first, the CP-SAT model last."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ortools.sat.python import cp_model

from koperasi_alloc.candidates import build_candidates
from koperasi_alloc.i18n import say
from koperasi_alloc.model import build_model
from koperasi_alloc.solver import budget
from koperasi_alloc.solver.cpsat import apply_parameters

if TYPE_CHECKING:
    from koperasi_alloc.solver.run import Run

__all__ = ["candidates", "model"]


def candidates(run: Run) -> None:
    """Pipeline stage: the eligible triples; then fail early on memory and on CP-SAT
    parameters, before any work is spent on them."""
    run.candidates = build_candidates(run.scenario)
    run.total_candidates = len(run.candidates)
    budget.ensure_memory_for(len(run.candidates))
    apply_parameters(
        cp_model.CpSolver().parameters,
        workers=run.workers,
        seed=run.seed,
        gap_limit=run.gap_limit,
        log=False,
        cpsat_params=run.cpsat_params,
    )


def model(run: Run) -> None:
    """Pipeline stage: the CP-SAT model over the candidates left after pruning; not built
    when too little time is left to search it (the incumbent is the plan)."""
    assert run.candidates is not None
    if budget.too_late_to_search(run, len(run.candidates)):
        run.notes.append(say("note.warm_start_kept", "en"))
        return
    run.built = build_model(run.scenario, run.candidates)
