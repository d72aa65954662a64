"""The two building stages: the candidates and their relaxation first (what every later
stage works on), the CP-SAT model last (over the candidates pruning left)."""

from __future__ import annotations

import time

from koperasi_alloc.candidates import build_candidates
from koperasi_alloc.i18n import say
from koperasi_alloc.model import build_model
from koperasi_alloc.solver import budget
from koperasi_alloc.solver.cpsat import new_solver
from koperasi_alloc.solver.relaxation import relax
from koperasi_alloc.solver.state import Env, Prepared, Searched

__all__ = ["model", "prepared"]


def prepared(env: Env) -> Prepared:
    """The eligible triples and their relaxation; before any work is spent on them, fail
    early on memory and on CP-SAT parameters."""
    candidates = build_candidates(env.scenario)
    budget.ensure_memory_for(len(candidates))
    new_solver(env.options, env.workers)  # an unknown CP-SAT parameter fails here
    started = time.perf_counter()
    relaxation = relax(candidates, env.scenario)
    seconds = time.perf_counter() - started
    return Prepared(candidates, len(candidates), relaxation, seconds)


def model(env: Env, prepared: Prepared) -> Searched:
    """The CP-SAT model over the candidates left after pruning; not built when too little
    time is left to search it, or the user asked to stop (the incumbent is then the plan)."""
    n = len(prepared.candidates)
    if env.stopped:  # the user's stop came while preparing: the incumbent is the plan
        return Searched.start(prepared, None)
    if env.bounds_only:
        return Searched.start(prepared, None)
    if budget.too_late_to_search(env, prepared.incumbent is not None, n):
        return Searched.start(prepared.noted(say("note.warm_start_kept", "en")), None)
    return Searched.start(prepared, build_model(env.scenario, prepared.candidates))
