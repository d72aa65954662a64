"""Agency release: an agency releases at most its cap of distinct officers."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from koperasi_alloc.model.context import INT64_MIN, ModelContext, RuleInstance

NAME = "agency_release"


def describe(agency: str, name: str, cap: int, headcount: int) -> RuleInstance:
    """The instance for one agency."""
    return RuleInstance(
        NAME,
        agency,
        f"{name} ({agency}) releases at most {cap} of its {headcount} staff",
        f"{name} ({agency}) melepas paling banyak {cap} dari {headcount} pegawainya",
    )


def add(ctx: ModelContext) -> None:
    """Count distinct officers per capped agency and bound the count.

    An officer who serves one cooperative at most counts as the sum of their candidate
    Booleans; one who may serve several gets a Boolean "released" implied by each of them.
    """
    scenario, cand = ctx.scenario, ctx.candidates
    agencies = scenario.agencies
    if all(agency.release_cap is None for agency in agencies):
        return
    officers = scenario.officers
    order, starts = cand.groups("officer")
    sizes = np.diff(starts)
    agency_index = {agency.code: k for k, agency in enumerate(agencies)}
    officer_agency = np.array([agency_index.get(o.agency, -1) for o in officers], dtype=np.int64)
    limit = np.array([o.max_cooperatives for o in officers], dtype=np.int64)
    group_officer = cand.officer[order[starts[:-1]]]
    group_agency = officer_agency[group_officer]
    shared = (limit[group_officer] != 1) & (sizes != 1)
    officers_of = np.bincount(group_agency[group_agency >= 0], minlength=len(agencies))
    # rows of officers who count as their candidate Booleans, by agency, in row order
    position_agency = np.where(shared, -1, group_agency)[np.repeat(np.arange(len(sizes)), sizes)]
    by_agency = np.argsort(position_agency, kind="stable")
    bounds = np.searchsorted(position_agency[by_agency], np.arange(len(agencies) + 1))
    for k, agency in enumerate(agencies):
        cap = agency.release_cap
        if cap is None or officers_of[k] <= cap:
            continue
        positions = by_agency[bounds[k] : bounds[k + 1]]
        keys, terms = [positions], [order[positions]]
        for g in np.flatnonzero(shared & (group_agency == k)).tolist():
            rows = order[starts[g] : starts[g + 1]]
            keys.append(starts[g : g + 1])
            terms.append(np.array([_released(ctx, rows, int(limit[group_officer[g]]))]))
        in_row_order = np.argsort(np.concatenate(keys), kind="stable")
        literal = (
            ctx.guard(describe(agency.code, agency.name, cap, agency.headcount))
            if ctx.track
            else None
        )
        ctx.add_linear(np.concatenate(terms)[in_row_order], 1, 0, cap, literal)


def _released(ctx: ModelContext, rows: NDArray[np.int64], max_cooperatives: int) -> int:
    """A Boolean that is true exactly when one of ``rows`` is chosen."""
    released = ctx.new_bool()
    ctx.add_implications(rows, released)
    ctx.add_bool_or([*rows.tolist(), -released - 1])
    # implied, but it tightens the LP: an officer released "half" may serve at most
    # max_cooperatives / 2 cooperatives, not one fraction in every candidate
    ctx.add_linear(
        np.append(rows, released),
        np.append(np.ones(len(rows), dtype=np.int64), -max_cooperatives),
        INT64_MIN,
        0,
    )
    ctx.or_variables.append((released, rows))
    return released
