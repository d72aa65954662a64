"""Agency release: an agency releases at most its cap of distinct officers."""

from __future__ import annotations

from collections import defaultdict

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
    officers = scenario.officers
    order, starts = cand.groups("officer")
    by_agency: dict[str, list[NDArray[np.int64]]] = defaultdict(list)
    for g in range(len(starts) - 1):
        rows = order[starts[g] : starts[g + 1]]
        by_agency[officers[int(cand.officer[rows[0]])].agency].append(rows)
    for agency in scenario.agencies:
        cap = agency.release_cap
        groups = by_agency.get(agency.code, [])
        if cap is None or len(groups) <= cap:
            continue
        terms: list[int] = []
        for rows in groups:
            officer = officers[int(cand.officer[rows[0]])]
            if officer.max_cooperatives == 1 or len(rows) == 1:
                terms.extend(rows.tolist())
                continue
            released = ctx.new_bool()
            ctx.add_implications(rows, released)
            ctx.add_bool_or([*rows.tolist(), -released - 1])
            # implied, but it tightens the LP: an officer released "half" may serve at most
            # max_cooperatives / 2 cooperatives, not one fraction in every candidate
            ctx.add_linear(
                np.append(rows, released),
                np.append(np.ones(len(rows), dtype=np.int64), -officer.max_cooperatives),
                INT64_MIN,
                0,
            )
            ctx.or_variables.append((released, rows))
            terms.append(released)
        literal = (
            ctx.guard(describe(agency.code, agency.name, cap, agency.headcount))
            if ctx.track
            else None
        )
        ctx.add_linear(np.array(terms, dtype=np.int64), 1, 0, cap, literal)
