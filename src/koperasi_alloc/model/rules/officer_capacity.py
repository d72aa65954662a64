"""Officer capacity: at most max_cooperatives cooperatives, one role in each."""

from __future__ import annotations

from koperasi_alloc.model.context import ModelContext, RuleInstance

NAME = "officer_capacity"


def describe(officer: str, limit: int) -> RuleInstance:
    """The instance for one officer."""
    return RuleInstance(
        NAME,
        officer,
        f"officer {officer} serves at most {limit} cooperative(s), one role in each",
        f"pegawai {officer} melayani paling banyak {limit} koperasi, satu peran di masing-masing",
    )


def add(ctx: ModelContext) -> None:
    """Add the per-officer and per-(officer, cooperative) limits."""
    scenario, cand = ctx.scenario, ctx.candidates
    officers = scenario.officers
    order, starts = cand.groups("officer")
    for g in range(len(starts) - 1):
        rows = order[starts[g] : starts[g + 1]]
        officer = officers[int(cand.officer[rows[0]])]
        limit = officer.max_cooperatives
        ctx.add_at_most(rows, limit, describe(officer.id, limit) if ctx.track else None)
    if any(o.max_cooperatives > 1 for o in officers):
        order, starts = cand.groups("pair")
        sizes = starts[1:] - starts[:-1]
        for g in (sizes > 1).nonzero()[0].tolist():
            rows = order[starts[g] : starts[g + 1]]
            officer = officers[int(cand.officer[rows[0]])]
            if officer.max_cooperatives > 1:
                ctx.add_at_most(
                    rows, 1, describe(officer.id, officer.max_cooperatives) if ctx.track else None
                )
