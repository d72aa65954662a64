"""Hard-rule checks, and the ways a network flow is made a plan that keeps every hard rule
(see :mod:`koperasi_alloc.flow`)."""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from koperasi_alloc.arrays import sorted_unique
from koperasi_alloc.candidates import Candidates, unreachable_locks
from koperasi_alloc.flow.bounds import max_benefit_rows


def _hours(candidates: Candidates) -> NDArray[np.float64]:
    officers = candidates.scenario.officers
    return np.array(
        [round(o.weekly_hours * 60) if o.weekly_hours is not None else np.inf for o in officers],
        dtype=np.float64,
    )


@dataclass
class RelaxedRules:
    """The rules the network relaxes, as arrays: officer limits and hours, the candidates
    within an officer's hours, each officer's agency and each agency's cap (-1: none).

    Shared by the repairs here and the priced bound (:mod:`.prices`), so that both read
    the same rules the same way.
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
        scenario = candidates.scenario
        officers = scenario.officers
        hours = _hours(candidates)
        agency_index = {a.code: k for k, a in enumerate(scenario.agencies)}
        return cls(
            candidates,
            np.array([o.max_cooperatives for o in officers], dtype=np.int64),
            hours,
            candidates.load_minutes <= hours[candidates.officer],
            np.array([agency_index[o.agency] for o in officers], dtype=np.int64),
            np.array(
                [a.release_cap if a.release_cap is not None else -1 for a in scenario.agencies],
                dtype=np.int64,
            ),
        )

    def broken(
        self, rows: NDArray[np.int64]
    ) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
        """The officers ``rows`` releases, the agencies over their caps and the officers
        over their hours."""
        candidates = self.candidates
        off = candidates.officer[rows]
        used = sorted_unique(off)
        released = np.bincount(self.officer_agency[used], minlength=len(self.caps))
        over_agency = np.flatnonzero((self.caps >= 0) & (released > self.caps))
        load = np.bincount(off, weights=candidates.load_minutes[rows], minlength=len(self.limit))
        return used, over_agency, np.flatnonzero(load > self.hours)


def hard_rules_hold(candidates: Candidates, rows: NDArray[np.int64]) -> bool:
    """Whether the plan given by candidate ``rows`` satisfies every hard rule."""
    scenario = candidates.scenario
    officers = scenario.officers
    off, coop, role = candidates.officer[rows], candidates.cooperative[rows], candidates.role[rows]
    n_roles = max(len(candidates.role_codes), 1)
    slots = np.bincount(coop * n_roles + role, minlength=candidates.demand.size)
    if np.any(slots > candidates.demand.reshape(-1)):
        return False
    per_coop = np.bincount(coop, minlength=len(scenario.cooperatives))
    for j, cooperative in enumerate(scenario.cooperatives):
        count = per_coop[j]
        if count > scenario.cooperative_capacity(cooperative) or count < cooperative.min_officers:
            return False
    per_officer = np.bincount(off, minlength=len(officers))
    limits = np.array([o.max_cooperatives for o in officers], dtype=np.int64)
    if np.any(per_officer > limits):
        return False
    pairs = off * max(len(scenario.cooperatives), 1) + coop
    if len(sorted_unique(pairs)) != len(pairs):
        return False
    load = np.bincount(off, weights=candidates.load_minutes[rows], minlength=len(officers))
    if np.any(load > _hours(candidates)):
        return False
    released: dict[str, int] = {}
    for i in sorted_unique(off).tolist():
        released[officers[i].agency] = released.get(officers[i].agency, 0) + 1
    for agency in scenario.agencies:
        cap = agency.release_cap
        if cap is not None and released.get(agency.code, 0) > cap:
            return False
    limit = scenario.policy.max_baseline_changes
    if limit is not None and int((~candidates.baseline[rows]).sum()) > limit:
        return False
    return not unreachable_locks(scenario, candidates, rows)


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
    use = np.bincount(officer[priced], minlength=len(rules.limit))
    banned = np.zeros(len(rules.limit), dtype=bool)
    for agency in np.flatnonzero(rules.caps >= 0).tolist():
        members = np.flatnonzero(rules.officer_agency == agency)
        ranked = members[np.lexsort((-rules.limit[members], -use[members]))]
        banned[ranked[rules.caps[agency] :]] = True
    if deadline is not None and time.perf_counter() > deadline:
        return rows
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
    scenario = candidates.scenario
    officers = scenario.officers
    officer = candidates.officer
    capped = np.array(
        [scenario.agency_by_code[o.agency].release_cap is not None for o in officers], dtype=bool
    )
    released = np.zeros(len(officers), dtype=bool)
    released[officer[rows]] = True
    allowed = ~capped[officer] | released[officer]
    limit = np.array([o.max_cooperatives for o in officers], dtype=np.int64)
    hours = _hours(candidates)
    load = np.bincount(
        officer[rows], weights=candidates.load_minutes[rows], minlength=len(officers)
    )
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
    scenario = candidates.scenario
    officers = scenario.officers
    if benefit is None:
        benefit = candidates.coverage_weight * 1_000_000 + candidates.locality_weight * 1_000
        benefit = benefit - candidates.travel_minutes
    keep = np.zeros(len(candidates), dtype=bool)
    keep[rows] = True
    hours = _hours(candidates)
    # weekly hours: drop the least valuable assignments of overloaded officers
    for i in sorted_unique(candidates.officer[rows]).tolist():
        if not np.isfinite(hours[i]):
            continue
        mine = rows[candidates.officer[rows] == i]
        mine = mine[np.argsort(-benefit[mine], kind="stable")]
        total = 0
        for r in mine.tolist():
            total += int(candidates.load_minutes[r])
            if total > hours[i]:
                keep[r] = False
                total -= int(candidates.load_minutes[r])
    # agency caps on distinct officers: drop the officers worth least
    chosen = np.flatnonzero(keep)
    by_agency: dict[str, dict[int, int]] = {}
    for r in chosen.tolist():
        i = int(candidates.officer[r])
        worth = by_agency.setdefault(officers[i].agency, {})
        worth[i] = worth.get(i, 0) + int(benefit[r])
    drop: set[int] = set()
    for code, worth in by_agency.items():
        cap = scenario.agency_by_code[code].release_cap
        if cap is not None and len(worth) > cap:
            ranked = sorted(worth, key=lambda i: (worth[i], i))
            drop.update(ranked[: len(worth) - cap])
    if drop:
        keep &= ~np.isin(candidates.officer, np.array(sorted(drop), dtype=np.int64))
    limit = scenario.policy.max_baseline_changes
    if limit is not None:
        new = np.flatnonzero(keep & ~candidates.baseline)
        if len(new) > limit:
            worst = new[np.argsort(benefit[new], kind="stable")][: len(new) - limit]
            keep[worst] = False
    return _greedy_fill(candidates, keep, benefit, hours)


def _greedy_fill(
    candidates: Candidates,
    keep: NDArray[np.bool_],
    benefit: NDArray[np.int64],
    hours: NDArray[np.float64],
) -> NDArray[np.int64]:
    scenario = candidates.scenario
    officers = scenario.officers
    n_roles = max(len(candidates.role_codes), 1)
    n_coops = max(len(scenario.cooperatives), 1)
    chosen = np.flatnonzero(keep)
    slot_used = np.bincount(
        candidates.cooperative[chosen] * n_roles + candidates.role[chosen],
        minlength=candidates.demand.size,
    ).astype(np.int64)
    demand = candidates.demand.reshape(-1)
    coop_used = np.bincount(candidates.cooperative[chosen], minlength=len(scenario.cooperatives))
    coop_cap = np.array([scenario.cooperative_capacity(c) for c in scenario.cooperatives])
    officer_used = np.bincount(candidates.officer[chosen], minlength=len(officers))
    officer_cap = np.array([o.max_cooperatives for o in officers])
    load = np.bincount(
        candidates.officer[chosen], weights=candidates.load_minutes[chosen], minlength=len(officers)
    )
    pairs = set((candidates.officer[chosen] * n_coops + candidates.cooperative[chosen]).tolist())
    released: dict[str, int] = {}
    for i in sorted_unique(candidates.officer[chosen]).tolist():
        released[officers[i].agency] = released.get(officers[i].agency, 0) + 1
    caps = {a.code: a.release_cap for a in scenario.agencies}
    changes_left = scenario.policy.max_baseline_changes
    if changes_left is not None:
        changes_left -= int((keep & ~candidates.baseline).sum())
    order = np.argsort(-benefit, kind="stable")
    open_slot = (slot_used < demand)[candidates.cooperative * n_roles + candidates.role]
    order = order[(benefit[order] > 0) & ~keep[order] & open_slot[order]]
    for r in order.tolist():
        i, c = int(candidates.officer[r]), int(candidates.cooperative[r])
        s = c * n_roles + int(candidates.role[r])
        if slot_used[s] >= demand[s] or coop_used[c] >= coop_cap[c]:
            continue
        if officer_used[i] >= officer_cap[i] or i * n_coops + c in pairs:
            continue
        if load[i] + candidates.load_minutes[r] > hours[i]:
            continue
        agency = officers[i].agency
        cap = caps[agency]
        if officer_used[i] == 0 and cap is not None and released.get(agency, 0) >= cap:
            continue
        is_new = not candidates.baseline[r]
        if is_new and changes_left is not None:
            if changes_left <= 0:
                continue
            changes_left -= 1
        keep[r] = True
        slot_used[s] += 1
        coop_used[c] += 1
        if officer_used[i] == 0:
            released[agency] = released.get(agency, 0) + 1
        officer_used[i] += 1
        load[i] += candidates.load_minutes[r]
        pairs.add(i * n_coops + c)
    return np.flatnonzero(keep).astype(np.int64)
