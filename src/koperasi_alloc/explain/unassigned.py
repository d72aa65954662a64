"""A reason for every officer a plan leaves without an assignment.

Found by elimination, in the order of the rules (``docs/concepts/rules.md``):

1. ``unavailable``: the officer is marked not available;
2. ``excluded_group``: their group is excluded by the policy (guru, nakes ...);
3. ``employment``: their employment kind is not allowed (e.g. PNS where only PPPK are);
4. ``education``: their education is below the policy minimum (D3);
5. ``no_role``: they have no skill of a role any cooperative asks for (with the role's
   education);
6. ``no_reach``: no cooperative within the locality rule asks for one of their roles (or
   every such pair is forbidden);
7. ``agency_cap``: their agency has released as many officers as its cap allows;
8. ``not_needed``: every slot they could fill is filled (or its cooperative is full);
9. ``weekly_hours``: the slots left empty in their reach need more weekly hours than they
   have;
10. ``not_chosen``: a slot in their reach is still empty and no rule keeps them from it:
    the plan could use them.

Each reason reads as a planner would say it to an agency head ("guru/nakes tidak
diambil", "pendidikan di bawah D3", "tidak dibutuhkan: semua posisi dalam jangkauannya
sudah terisi").
"""

from __future__ import annotations

from collections import Counter
from typing import Literal

import numpy as np

from koperasi_alloc.explain.facts import Facts
from koperasi_alloc.explain.records import UnassignedReason
from koperasi_alloc.i18n import pair
from koperasi_alloc.plan import Plan
from koperasi_alloc.scenario import Officer, education_rank

__all__ = ["UnassignedCode", "unassigned_reasons"]

UnassignedCode = Literal[
    "unavailable",
    "excluded_group",
    "employment",
    "education",
    "no_role",
    "no_reach",
    "agency_cap",
    "not_needed",
    "weekly_hours",
    "not_chosen",
]


def _rule_reason(
    facts: Facts, officer: Officer, index: int
) -> tuple[UnassignedCode, dict[str, str]] | None:
    """The eligibility rule that keeps ``officer`` out of every plan, if one does."""
    policy = facts.scenario.policy
    if not officer.available:
        return "unavailable", {}
    if officer.group is not None and officer.group in policy.excluded_groups:
        return "excluded_group", {"group": officer.group}
    if officer.employment not in policy.allowed_employment:
        return "employment", {"employment": officer.employment.value}
    if education_rank(officer.education) < education_rank(policy.min_education):
        return "education", {
            "education": officer.education.value,
            "minimum": policy.min_education.value,
        }
    demanded = np.asarray(facts.candidates.demand).sum(axis=0) > 0
    if not (facts.role_ok[index] & demanded).any():
        return "no_role", {}
    return None


def unassigned_reasons(facts: Facts, plan: Plan) -> list[UnassignedReason]:
    """A reason for every officer of the scenario that ``plan`` does not place.

    Parameters
    ----------
    facts
        The scenario's facts.
    plan
        A plan of that scenario.

    Returns
    -------
    list of UnassignedReason
        In the scenario's officer order.
    """
    scenario = facts.scenario
    cand = facts.candidates
    placed = {a.officer_id for a in plan.assignments}
    released = Counter(
        scenario.officer_by_id[o].agency for o in placed if o in scenario.officer_by_id
    )
    filled = Counter((a.cooperative_id, a.role) for a in plan.assignments)
    filled.update((a.cooperative_id, "") for a in plan.assignments)  # per cooperative
    rows_of = _rows_by_officer(cand.officer, len(scenario.officers))
    out = []
    for index, officer in enumerate(scenario.officers):
        if officer.id in placed:
            continue
        found = _rule_reason(facts, officer, index)
        if found is None:
            found = _plan_reason(facts, officer, rows_of[index], released, filled)
        code, values = found
        en, id_ = pair(f"unassigned.{code}", **values)
        out.append(
            UnassignedReason(
                officer_id=officer.id,
                officer_name=officer.name,
                code=code,
                reason_en=en,
                reason_id=id_,
            )
        )
    return out


def _rows_by_officer(officers: np.ndarray, n_officers: int) -> list[np.ndarray]:
    order = np.argsort(officers, kind="stable")
    starts = np.searchsorted(officers[order], np.arange(n_officers + 1))
    return [order[starts[i] : starts[i + 1]] for i in range(n_officers)]


def _plan_reason(
    facts: Facts,
    officer: Officer,
    rows: np.ndarray,
    released: Counter[str],
    filled: Counter[tuple[str, str]],
) -> tuple[UnassignedCode, dict[str, str]]:
    """Why an eligible officer with candidates (or none) is not placed by the plan."""
    scenario = facts.scenario
    cand = facts.candidates
    if len(rows) == 0:
        return "no_reach", {}
    agency = scenario.agency_by_code.get(officer.agency)
    cap = agency.release_cap if agency is not None else None
    if cap is not None and released[officer.agency] >= cap:
        name = agency.name if agency is not None else officer.agency
        return "agency_cap", {"agency": name, "released": str(released[officer.agency]),
                              "cap": str(cap)}  # fmt: skip
    coops = scenario.cooperatives
    open_rows = []
    for row in rows.tolist():
        coop, role = int(cand.cooperative[row]), int(cand.role[row])
        slot = (coops[coop].id, cand.role_codes[role])
        room = filled[(coops[coop].id, "")] < scenario.cooperative_capacity(coops[coop])
        if room and filled[slot] < int(cand.demand[coop, role]):
            open_rows.append(int(row))
    if not open_rows:
        return "not_needed", {}
    if officer.weekly_hours is not None:
        capacity = round(officer.weekly_hours * 60)
        if all(int(cand.load_minutes[row]) > capacity for row in open_rows):
            return "weekly_hours", {}
    return "not_chosen", {}
