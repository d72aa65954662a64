"""``propose_hires``: the fewest new officers (usulan tambahan PPPK) that fill what the
existing staff cannot.

>>> proposal = propose_hires(scenario, time_limit=20)  # doctest: +SKIP
>>> print(proposal.text("id"))  # doctest: +SKIP
>>> proposal.to_frame()  # doctest: +SKIP

How it works. The scenario is extended with a pool of hypothetical hires (see
:mod:`koperasi_alloc.planning.hire_pool`: ordinary officers placed at kecamatan level,
clearly marked). The library's candidate builder and model builder then make the usual
CP-SAT model over existing staff and hires together, with every rule, and the solver's
engine runs the proposal's stages on it (:mod:`koperasi_alloc.planning.hire_stages`):
coverage, the number of hires, the coverage of existing staff, locality, travel. Stage 2
before 3 is what makes "fewest hires" the answer; stage 3 then makes existing staff do
everything they can among the plans with that many hires. Together they give the property
the tests check: no hire can be replaced by an existing officer who is free to serve.

With ``max_hires`` the proposal fills as much as that many hires can, and never at the
expense of existing staff: their coverage stays at least what they reach alone (the
"before" plan's), so a hire only ever adds.

The start is the plan without hires (``solve``'s, or the one given), completed greedily
with one hire per empty slot; a start built outside CP-SAT becomes the incumbent only
when :func:`koperasi_alloc.check` passes it on the pool scenario.

Independent parts of a scenario (kabupaten, capped agencies: :mod:`koperasi_alloc.decompose`)
are proposed for apart and merged (:mod:`koperasi_alloc.planning.hire_parts`), as ``solve``
does, unless ``max_hires`` (a limit over all of them) or a given plan ties them.

The status is OPTIMAL only when coverage and the number of hires are both proven;
``hires_bound`` is a proven lower bound on the number of hires.
"""

from __future__ import annotations

import time
from concurrent.futures import Executor

from koperasi_alloc.decompose import Part, decomposable, split
from koperasi_alloc.plan import Plan
from koperasi_alloc.planning.hire_inputs import (
    HireLimits,
    validate_inputs,
)
from koperasi_alloc.planning.hire_parts import propose_parts
from koperasi_alloc.planning.hire_proposal import HireProposal
from koperasi_alloc.planning.hire_run import propose_in
from koperasi_alloc.scenario import Employment, Scenario
from koperasi_alloc.solver import solve_options
from koperasi_alloc.solver.engine import new_env
from koperasi_alloc.solver.progress import ProgressCallback, StopSignal, check_stop_signal

__all__ = ["HireProposal", "propose_hires"]


def propose_hires(
    scenario: Scenario,
    plan: Plan | None = None,
    *,
    max_hires: int | None = None,
    per_kecamatan_cap: int | None = None,
    time_limit: float = 20.0,
    employment: Employment | str = Employment.PPPK_PARUH_WAKTU,
    workers: int | None = None,
    seed: int = 0,
    gap_limit: float | None = None,
    callback: ProgressCallback | None = None,
    stop: StopSignal | None = None,
    executor: Executor | None = None,
    decompose: bool = True,
) -> HireProposal:
    """The fewest hypothetical new officers that fill every slot that can be filled.

    Parameters
    ----------
    scenario
        The scenario of the existing staff.
    plan
        A plan of the existing staff to keep as it is (it must pass
        :func:`koperasi_alloc.check` on ``scenario``): its assignments stay, idle existing
        officers are placed next, hires fill the rest. When None, the existing staff are
        re-planned together with the hires (fewest hires overall), and the plan that
        :func:`koperasi_alloc.solve` makes without hires is kept as the "before" picture.
    max_hires
        Most hires in total; the proposal then fills as much coverage as that many can,
        existing staff keeping at least the coverage they reach alone.
    per_kecamatan_cap
        Most hires placed in one kecamatan (a release cap on its hypothetical agency).
    time_limit
        Wall-clock budget in seconds for the whole proposal.
    employment
        Employment kind of the hires (PPPK_PARUH_WAKTU by default).
    workers, seed, gap_limit, callback, stop, executor
        As for :func:`koperasi_alloc.solve`: CP-SAT's workers and seed, a gap limit for
        each stage (the proposal is then FEASIBLE), progress reports (True stops), a stop
        token (``is_set()``), where independent parts are proposed for.
    decompose
        Propose for independent parts apart (exact); False makes one model.

    Returns
    -------
    HireProposal
        The hires per kecamatan and role, totals per kabupaten, status and bound on the
        number of hires, the scenario extended with the proposed hires and its plan
        (which passes ``check(proposal.scenario, proposal.plan)``).

    Raises
    ------
    ValueError
        On an impossible argument, a plan that does not check clean, or ids that use the
        reserved prefix ``HIRE-``.
    """
    started = time.perf_counter()
    employment = Employment(employment)
    validate_inputs(scenario, plan, max_hires, per_kecamatan_cap, time_limit, employment)
    check_stop_signal(stop)
    options = solve_options(
        None, time_limit=time_limit, workers=workers, seed=seed, gap_limit=gap_limit
    )
    limits = HireLimits(max_hires, per_kecamatan_cap, time_limit, gap_limit)
    if parts := _independent_parts(scenario, plan, limits, decompose):
        return propose_parts(
            scenario, parts, limits, employment, options, started, callback, stop, executor
        )
    env = new_env(scenario, options, callback=callback, stop=stop, started=started)
    return propose_in(env, plan, limits, employment)


def _independent_parts(
    scenario: Scenario, plan: Plan | None, limits: HireLimits, decompose: bool
) -> list[Part]:
    """The scenario's independent parts when a proposal may be made for each apart (a
    given plan or a limit on all hires ties them), else none."""
    if not decompose or plan is not None or limits.max_hires is not None:
        return []
    if not decomposable(scenario):
        return []
    parts = split(scenario)
    return parts if len(parts) > 1 else []
