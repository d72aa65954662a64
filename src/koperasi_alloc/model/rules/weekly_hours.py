"""Weekly hours: roles' hours plus travel fit in the officer's weekly hours (in minutes)."""

from __future__ import annotations

from koperasi_alloc.model.context import INT64_MIN, ModelContext, RuleInstance

NAME = "weekly_hours"


def describe(officer: str, hours: float) -> RuleInstance:
    """The instance for one officer."""
    return RuleInstance(
        NAME,
        officer,
        f"officer {officer} gives at most {hours:g} hours a week, travel included",
        f"pegawai {officer} memberi paling banyak {hours:g} jam per minggu, termasuk perjalanan",
    )


def add(ctx: ModelContext) -> None:
    """Add sum(load_minutes * x) <= weekly minutes for officers with weekly_hours."""
    scenario, cand = ctx.scenario, ctx.candidates
    officers = scenario.officers
    order, starts = cand.groups("officer")
    for g in range(len(starts) - 1):
        rows = order[starts[g] : starts[g + 1]]
        officer = officers[int(cand.officer[rows[0]])]
        if officer.weekly_hours is None:
            continue
        capacity = round(officer.weekly_hours * 60)
        loads = cand.load_minutes[rows]
        heaviest = sorted(loads.tolist(), reverse=True)[: officer.max_cooperatives]
        if sum(heaviest) <= capacity:
            continue  # no choice of cooperatives can exceed the hours
        literal = ctx.guard(describe(officer.id, officer.weekly_hours)) if ctx.track else None
        ctx.add_linear(rows, loads, INT64_MIN, capacity, literal)
