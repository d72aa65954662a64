"""Hard-rule checks, and the ways a network flow is made a plan that keeps every hard rule
(see :mod:`koperasi_alloc.flow`)."""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from koperasi_alloc.arrays import sorted_unique
from koperasi_alloc.candidates import Candidates
from koperasi_alloc.candidates.rules import BASELINE_CHANGES
from koperasi_alloc.flow.bounds import max_benefit_rows


@dataclass
class RelaxedRules:
    """The rules the network relaxes, as arrays: officer limits (a copy, which a re-flow
    tightens) and hours, the candidates within an officer's hours, each officer's agency
    and each agency's cap (-1: none).

    Read from the candidates' rule table (:mod:`koperasi_alloc.candidates.rules`) and
    shared by the repairs here and the priced bound (:mod:`.prices`).
    """

    candidates: Candidates
    limit: NDArray[np.int64]
    hours: NDArray[np.float64]
    allowed: NDArray[np.bool_]
    officer_agency: NDArray[np.int64]
    caps: NDArray[np.int64]

    @classmethod
    def of(cls, candidates: Candidates) -> RelaxedRules:
        """The relaxed rules of ``candidates``' scenario."""
        table = candidates.rules
        hours = table.officer_minutes
        return cls(
            candidates,
            table.officer_limit.copy(),
            hours,
            candidates.load_minutes <= hours[candidates.officer],
            table.officer_agency,
            table.release_cap,
        )

    def broken(
        self, rows: NDArray[np.int64]
    ) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
        """The officers ``rows`` releases, the agencies over their caps and the officers
        over their hours."""
        table = self.candidates.rules
        return table.released(rows), table.over_release(rows), table.over_hours(rows)


def hard_rules_hold(candidates: Candidates, rows: NDArray[np.int64]) -> bool:
    """Whether the plan given by candidate ``rows`` satisfies every hard rule."""
    return candidates.rules.holds(rows)


def still_held(candidates: Candidates) -> NDArray[np.int64]:
    """The part of the scenario's baseline that still fits: its rows that are still
    candidates, locked ones first, then in the baseline's order, each kept where the slot,
    cooperative, officer and agency limits allow it beside those kept before (the limit on
    changes is not a capacity). The same greedy as a re-plan's kept baseline, so that each
    independent part of a re-plan starts from what its baseline still holds."""
    scenario = candidates.scenario
    table = candidates.rules
    rows = np.flatnonzero(candidates.baseline)
    if not len(rows):
        return rows
    baseline = scenario.baseline or []
    position = {(a.officer_id, a.cooperative_id, a.role): p for p, a in enumerate(baseline)}
    officers, cooperatives, roles = scenario.officers, scenario.cooperatives, candidates.role_codes
    n_coops = max(table.n_cooperatives, 1)

    def order(row: int) -> tuple[bool, int]:
        o, c, r = (
            int(candidates.officer[row]),
            int(candidates.cooperative[row]),
            int(candidates.role[row]),
        )
        locks = table.locks_of_pair.get(o * n_coops + c, [])
        locked = any(role in (-1, r) for _, role in locks)
        return not locked, position.get(
            (officers[o].id, cooperatives[c].id, roles[r]), len(position)
        )

    counts = table.counts()
    kept = []
    for row in sorted(rows.tolist(), key=order):
        if counts.refuses(row) in (None, BASELINE_CHANGES):
            counts.take(row)
            kept.append(row)
    return np.array(sorted(kept), dtype=np.int64)


def reflow(
    candidates: Candidates,
    rows: NDArray[np.int64],
    benefit: NDArray[np.int64],
    deadline: float | None = None,
) -> NDArray[np.int64]:
    """Tighten the network where ``rows`` breaks a rule it relaxes, and solve it again.

    First round: an agency over its cap of distinct officers gets all its officers limited
    to one cooperative (then its cap counts assignments exactly), and an officer over
    their weekly hours is limited to one cooperative. Second round, if rules still break:
    the same for every capped agency and every officer with weekly hours, which makes the
    network exact for those rules. Candidates that alone exceed an officer's hours never
    carry flow. Stops early at ``deadline`` (a ``time.perf_counter()`` value).
    """
    rules = RelaxedRules.of(candidates)
    limit, allowed, officer_agency = rules.limit, rules.allowed, rules.officer_agency
    for round_number in range(2):
        if deadline is not None and time.perf_counter() > deadline:
            break
        _, over_agency, over_hours = rules.broken(rows)
        if len(over_agency) == 0 and len(over_hours) == 0:
            break
        if round_number == 0:
            limit[np.isin(officer_agency, over_agency)] = 1
            limit[over_hours] = 1
        else:
            limit[rules.caps[officer_agency] >= 0] = 1
            limit[np.isfinite(rules.hours)] = 1
        rows = max_benefit_rows(candidates, benefit, officer_limit=limit, allowed=allowed)
    return rows


def reflow_concentrated(
    candidates: Candidates,
    rows: NDArray[np.int64],
    benefit: NDArray[np.int64],
    deadline: float | None = None,
) -> NDArray[np.int64]:
    """Release, in every capped agency, the ``cap`` officers a flow that prices each
    officer's share of the cap uses most, and solve the network again without the others.

    The network's agency arc counts assignments (``cap`` times the largest limits), so a
    flow may spread an agency's release over many officers who each serve one
    cooperative, and keeping the ``cap`` most used or most valuable of them leaves
    capacity unused. The LP with one "released" variable per officer counts an officer
    who serves one of their ``max_cooperatives`` as that share released, and its optimal
    vertices concentrate the release on officers who serve their full limit. Here the
    network mimics that price: one unit through an officer of a capped agency costs 1 %
    of its benefit divided by the officer's limit (small beside a unit of the first tier,
    so the flow still fills what it can), every capped agency keeps the ``cap`` officers
    that flow uses most (ties: the higher limit first), and the true benefit is solved
    again over the kept officers and everybody outside capped agencies. On national parts this
    start came within 0-0.3 % of the coverage bound where :func:`reflow` and keeping
    the most valuable officers were 1.4-4.6 % short. Weekly hours are left to the caller's
    repair; ``rows`` (the relaxed plan) is returned as is when no agency is over its cap.
    """
    rules = RelaxedRules.of(candidates)
    _, over, _ = rules.broken(rows)
    if len(over) == 0 or (deadline is not None and time.perf_counter() > deadline):
        return rows
    officer = candidates.officer
    capped = rules.caps[rules.officer_agency] >= 0
    limit = np.maximum(rules.limit, 1)
    price = np.where(capped[officer], np.maximum(benefit, 0) // (100 * limit[officer]), 0)
    priced = max_benefit_rows(candidates, benefit - price, rules.limit, rules.allowed)
    if deadline is not None and time.perf_counter() > deadline:
        return rows
    return concentrated(candidates, priced, benefit, rules)


def concentrated(
    candidates: Candidates,
    priced: NDArray[np.int64],
    benefit: NDArray[np.int64],
    rules: RelaxedRules | None = None,
) -> NDArray[np.int64]:
    """Keep, in every capped agency, the ``cap`` officers the flow ``priced`` uses most
    (ties: the higher limit first), and solve the network for ``benefit`` again over them
    and everybody outside capped agencies: agency caps then hold; weekly hours are left to
    the caller's repair.

    ``priced`` is a flow that prices each officer's share of the cap
    (:func:`reflow_concentrated`'s fixed price, or the Lagrangian prices of
    :func:`koperasi_alloc.flow.agency_priced_bound`), so that it concentrates an agency's
    release on officers who serve their full limit.
    """
    rules = RelaxedRules.of(candidates) if rules is None else rules
    officer = candidates.officer
    use = np.bincount(officer[priced], minlength=len(rules.limit))
    banned = np.zeros(len(rules.limit), dtype=bool)
    for agency in np.flatnonzero(rules.caps >= 0).tolist():
        members = np.flatnonzero(rules.officer_agency == agency)
        ranked = members[np.lexsort((-rules.limit[members], -use[members]))]
        banned[ranked[rules.caps[agency] :]] = True
    allowed = rules.allowed & ~banned[officer]
    return max_benefit_rows(candidates, benefit, rules.limit, allowed)


def polish(
    candidates: Candidates, rows: NDArray[np.int64], benefit: NDArray[np.int64]
) -> NDArray[np.int64]:
    """The best plan that releases no officer of a capped agency ``rows`` does not release.

    With the released officers of every capped agency fixed, agency caps hold whatever the
    officers do, so the rest is the network again: a maximum-``benefit`` flow over the
    officers ``rows`` releases (in capped agencies) and everybody else. Weekly hours are
    kept by what each officer may take: an officer who serves nobody in ``rows`` serves at
    most one cooperative within their hours; one who serves some keeps those candidates
    and may take others only of load at most ``(hours - current load) / max_cooperatives``,
    so that no mix of them exceeds the hours. ``rows`` stays feasible in this network, so
    the result is at least as good for ``benefit``; it may still break a rule outside the
    network (cooperative minimums, locks, baseline changes: check it with
    :func:`hard_rules_hold`).
    """
    table = candidates.rules
    officer = candidates.officer
    capped = table.release_cap[table.officer_agency] >= 0
    released = np.zeros(len(table.officer_limit), dtype=bool)
    released[officer[rows]] = True
    allowed = ~capped[officer] | released[officer]
    limit = table.officer_limit.copy()
    hours = table.officer_minutes
    load = np.bincount(officer[rows], weights=candidates.load_minutes[rows], minlength=len(limit))
    timed = np.isfinite(hours)
    idle = timed & ~released
    limit[idle] = 1
    spare = np.where(timed & released, (hours - load) / np.maximum(limit, 1), np.inf)
    spare[idle] = hours[idle]
    current = np.zeros(len(candidates), dtype=bool)
    current[rows] = True
    allowed &= current | (candidates.load_minutes <= spare[officer])
    return max_benefit_rows(candidates, benefit, officer_limit=limit, allowed=allowed)


def repair(
    candidates: Candidates, rows: NDArray[np.int64], benefit: NDArray[np.int64] | None = None
) -> NDArray[np.int64]:
    """Make ``rows`` satisfy weekly hours and agency caps, then fill what is left greedily.

    Assignments are dropped worst-first where an officer's hours or an agency's count of
    distinct officers is exceeded; free slots are then filled by the best remaining
    candidates that break no rule. Cooperative minimums and locks are not enforced here.
    """
    table = candidates.rules
    if benefit is None:
        benefit = candidates.coverage_weight * 1_000_000 + candidates.locality_weight * 1_000
        benefit = benefit - candidates.travel_minutes
    keep = np.zeros(len(candidates), dtype=bool)
    keep[rows] = True
    # weekly hours: drop the least valuable assignments of overloaded officers
    for i in table.over_hours(rows).tolist():
        mine = rows[candidates.officer[rows] == i]
        mine = mine[np.argsort(-benefit[mine], kind="stable")]
        total = 0
        for r in mine.tolist():
            total += int(candidates.load_minutes[r])
            if total > table.officer_minutes[i]:
                keep[r] = False
                total -= int(candidates.load_minutes[r])
    # agency caps on distinct officers: drop the officers worth least
    chosen = np.flatnonzero(keep)
    over = table.over_release(chosen)
    if len(over):
        officer = candidates.officer[chosen]
        worth = np.bincount(officer, weights=benefit[chosen], minlength=len(table.officer_limit))
        drop: list[int] = []
        for agency in over.tolist():
            members = sorted_unique(officer[table.officer_agency[officer] == agency])
            ranked = members[np.lexsort((members, worth[members]))]
            drop.extend(ranked[: len(members) - int(table.release_cap[agency])].tolist())
        keep &= ~np.isin(candidates.officer, np.array(sorted(drop), dtype=np.int64))
    if table.change_limit >= 0:
        new = np.flatnonzero(keep & ~candidates.baseline)
        if len(new) > table.change_limit:
            worst = new[np.argsort(benefit[new], kind="stable")][: len(new) - table.change_limit]
            keep[worst] = False
    return _greedy_fill(candidates, keep, benefit)


def _greedy_fill(
    candidates: Candidates, keep: NDArray[np.bool_], benefit: NDArray[np.int64]
) -> NDArray[np.int64]:
    """``keep`` with the best candidates of positive benefit added that break no rule."""
    table = candidates.rules
    counts = table.counts(np.flatnonzero(keep))
    open_slot = counts.slot_fill < table.slot_demand
    order = np.argsort(-benefit, kind="stable")
    order = order[(benefit[order] > 0) & ~keep[order] & open_slot[table.slot(order)]]
    for r in order.tolist():
        if counts.refuses(r) is None:
            counts.take(r)
            keep[r] = True
    return np.flatnonzero(keep).astype(np.int64)
