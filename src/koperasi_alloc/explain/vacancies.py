"""A reason for every vacancy of a plan.

The reason is found by elimination, most structural first:

1. ``not_legal_entity``: the cooperative may not receive officers under the policy;
   ``cooperative_full``: it already has the officers its capacity allows (it asks for
   more slots than that).
2. ``skill_or_education_missing``: no officer in the whole pool may fill the role at all
   (eligibility rule: skill, education, availability, group, employment).
3. ``no_candidate_in_reach``: officers exist, but none is linked to the cooperative by the
   locality rule (or the only links are forbidden); the nearest eligible officer, ignoring
   locality, and their distance to the nearest village the cooperative serves are named.
4. Otherwise every officer in reach (not already in this slot) is classified: placed
   elsewhere with no capacity left (where, and the slot they would leave empty); held back
   by their agency's release cap (not released, cap reached); without weekly hours left for
   this slot; or free. The code is ``not_chosen`` when someone is free (the plan could be
   improved), else ``agency_cap_binding`` when a cap holds someone back, else
   ``weekly_hours_binding`` when hours do, else ``all_placed_elsewhere``. The sentence names
   every class present.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

from koperasi_alloc.arrays import sorted_unique
from koperasi_alloc.explain import text
from koperasi_alloc.explain.facts import Facts
from koperasi_alloc.explain.records import (
    AgencyCapHit,
    OfficerElsewhere,
    ReasonCode,
    VacancyReason,
)
from koperasi_alloc.plan import Plan, Vacancy
from koperasi_alloc.scenario import Cooperative, education_rank

__all__ = ["vacancy_reasons"]


@dataclass
class _PlanState:
    """Who is where in the plan, and what it uses."""

    placements: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    released: Counter[str] = field(default_factory=Counter)
    used_minutes: Counter[str] = field(default_factory=Counter)
    in_slot: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    received: Counter[str] = field(default_factory=Counter)  # officers per cooperative

    @classmethod
    def of(cls, facts: Facts, plan: Plan) -> _PlanState:
        cand = facts.candidates
        n_coops = max(len(facts.scenario.cooperatives), 1)
        n_roles = max(len(cand.role_codes), 1)
        keys = (cand.officer * n_coops + cand.cooperative) * n_roles + cand.role
        row_of = {int(k): i for i, k in enumerate(keys.tolist())}
        state = cls()
        placements: dict[str, list[tuple[str, str]]] = defaultdict(list)
        in_slot: dict[tuple[str, str], set[str]] = defaultdict(set)
        officers: set[str] = set()
        for a in plan.assignments:
            placements[a.officer_id].append((a.cooperative_id, a.role))
            in_slot[(a.cooperative_id, a.role)].add(a.officer_id)
            state.received[a.cooperative_id] += 1
            officers.add(a.officer_id)
            o = facts.officer_index.get(a.officer_id)
            c = facts.coop_index.get(a.cooperative_id)
            r = facts.role_index.get(a.role)
            if o is None or c is None or r is None:
                continue
            row = row_of.get((o * n_coops + c) * n_roles + r)
            if row is not None:
                state.used_minutes[a.officer_id] += int(cand.load_minutes[row])
        for officer_id in officers:
            officer = facts.scenario.officer_by_id.get(officer_id)
            if officer is not None:
                state.released[officer.agency] += 1
        state.placements = dict(placements)
        state.in_slot = dict(in_slot)
        return state


def _pool(facts: Facts, role: int) -> tuple[int, int, NDArray[np.int64]]:
    """(with skill, with skill and education, eligible officer indices) for one role."""
    code = facts.candidates.role_codes[role]
    minimum = education_rank(facts.scenario.policy.min_education)
    with_skill = 0
    with_education = 0
    for i, o in enumerate(facts.scenario.officers):
        if code in o.skills:
            with_skill += 1
            if facts.role_ok[i, role] and education_rank(o.education) >= minimum:
                with_education += 1
    eligible = np.flatnonzero(facts.eligible & facts.role_ok[:, role]).astype(np.int64)
    return with_skill, with_education, eligible


def _reason(facts: Facts, state: _PlanState, vacancy: Vacancy) -> VacancyReason:
    scenario = facts.scenario
    policy = scenario.policy
    cand = facts.candidates
    coop = scenario.cooperative_by_id[vacancy.cooperative_id]
    c, r = facts.coop_index[coop.id], facts.role_index[vacancy.role]
    district = facts.district_of(coop)
    district_name = facts.district_name(district)
    role_name = facts.role_name(vacancy.role)
    label = (text.cooperative_label(coop, "en"), text.cooperative_label(coop, "id"))
    base = {
        "cooperative_id": coop.id,
        "cooperative_name": coop.name or coop.id,
        "village": coop.village,
        "kecamatan": district,
        "kecamatan_name": district_name,
        "role": vacancy.role,
        "role_name": role_name,
        "count": vacancy.count,
        "priority": scenario.cooperative_priority(coop),
    }

    def done(code: ReasonCode, reason: tuple[str, str], **fields: object) -> VacancyReason:
        en, id_ = text.vacancy_line(label, [([(role_name, vacancy.count)], *reason)])
        return VacancyReason.model_validate(
            {
                **base,
                **fields,
                "code": code,
                "reason_en": reason[0],
                "reason_id": reason[1],
                "text_en": en,
                "text_id": id_,
            }
        )

    if not facts.may_receive(coop):
        return done("not_legal_entity", text.not_legal_entity())
    if state.received[coop.id] >= (capacity := scenario.cooperative_capacity(coop)):
        return done("cooperative_full", text.cooperative_full(capacity))

    with_skill, with_education, pool = _pool(facts, r)
    if len(pool) == 0:
        role_minimum = scenario.role_by_code[vacancy.role].min_education
        reason = text.skill_missing(role_name, with_skill, with_education, policy, role_minimum)
        return done(
            "skill_or_education_missing",
            reason,
            pool_with_skill=with_skill,
            pool_with_education=with_education,
        )

    here = state.in_slot.get((coop.id, vacancy.role), set())
    rows = facts.slot_rows(c, r)
    reach = [
        scenario.officers[int(o)].id
        for o in sorted_unique(cand.officer[rows]).tolist()
        if scenario.officers[int(o)].id not in here
    ]
    if not reach:
        others = np.array(
            [o for o in pool.tolist() if scenario.officers[o].id not in here], dtype=np.int64
        )
        nearest = None
        km = None
        if len(others):
            distances = facts.distances_to(coop, others)
            best = int(np.argmin(distances))
            nearest = scenario.officers[int(others[best])]
            km = float(distances[best])
        return done(
            "no_candidate_in_reach",
            text.no_candidate(policy, nearest, km),
            nearest_officer=nearest.id if nearest is not None else None,
            nearest_km=round(km, 3) if km is not None else None,
            pool_with_skill=with_skill,
            pool_with_education=with_education,
        )

    return _reach_reason(facts, state, coop, r, reach, done)


def _reach_reason(
    facts: Facts,
    state: _PlanState,
    coop: Cooperative,
    r: int,
    reach: list[str],
    done: Callable[..., VacancyReason],
) -> VacancyReason:
    scenario = facts.scenario
    why = _ReachSorted.of(facts, state, coop, r, reach)
    hits = [
        AgencyCapHit(
            agency=code,
            agency_name=facts.agency_name(code),
            released=state.released[code],
            cap=int(scenario.agency_by_code[code].release_cap or 0),
            officers=officers,
        )
        for code, officers in why.capped.items()
    ]
    parts: list[text.Part] = []
    if why.elsewhere:
        kecamatan = list(
            dict.fromkeys(e.kecamatan_name for e in why.elsewhere if e.cooperative_id != coop.id)
        )
        parts.append(text.placed_part(len(why.elsewhere), kecamatan, why.details))
    for hit in hits:
        parts.append(
            text.agency_hit_phrase(len(hit.officers), hit.agency_name, hit.released, hit.cap)
        )
    if why.hours:
        parts.append(text.hours_part(len(why.hours)))
    if why.free:
        labels = [text.officer_label(scenario.officer_by_id[o]) for o in why.free]
        parts.append(text.free_part(len(why.free), labels))

    code: ReasonCode
    if why.free:
        code = "not_chosen"
    elif hits:
        code = "agency_cap_binding"
    elif why.hours:
        code = "weekly_hours_binding"
    else:
        code = "all_placed_elsewhere"
    return done(
        code,
        text.reach_reason(len(reach), parts),
        officers_in_reach=reach,
        placed_elsewhere=why.elsewhere,
        agency_caps=hits,
        hours_bound=why.hours,
        free_officers=why.free,
    )


@dataclass
class _ReachSorted:
    """The officers in reach of a slot, by why they do not fill it: placed elsewhere (with
    a sentence each), held back by their agency's cap, out of weekly hours, or free."""

    elsewhere: list[OfficerElsewhere] = field(default_factory=list)
    details: list[tuple[str, str]] = field(default_factory=list)
    capped: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    hours: list[str] = field(default_factory=list)
    free: list[str] = field(default_factory=list)

    @classmethod
    def of(
        cls, facts: Facts, state: _PlanState, coop: Cooperative, r: int, reach: list[str]
    ) -> _ReachSorted:
        scenario = facts.scenario
        cand = facts.candidates
        c = facts.coop_index[coop.id]
        rows = facts.slot_rows(c, r)
        load_of = {
            scenario.officers[int(cand.officer[i])].id: int(cand.load_minutes[i]) for i in rows
        }
        out = cls()
        for officer_id in reach:
            officer = scenario.officer_by_id[officer_id]
            placed = state.placements.get(officer_id, [])
            same = [p for p in placed if p[0] == coop.id]
            if same or len(placed) >= officer.max_cooperatives:
                where = same[0] if same else placed[0]
                out._add_elsewhere(facts, officer_id, where, bool(same))
                continue
            agency = scenario.agency_by_code.get(officer.agency)
            cap = agency.release_cap if agency is not None else None
            if not placed and cap is not None and state.released[officer.agency] >= cap:
                out.capped[officer.agency].append(officer_id)
                continue
            if officer.weekly_hours is not None:
                capacity = round(officer.weekly_hours * 60)
                if state.used_minutes[officer_id] + load_of.get(officer_id, 0) > capacity:
                    out.hours.append(officer_id)
                    continue
            out.free.append(officer_id)
        return out

    def _add_elsewhere(
        self, facts: Facts, officer_id: str, where: tuple[str, str], same: bool
    ) -> None:
        scenario = facts.scenario
        officer = scenario.officer_by_id[officer_id]
        other = scenario.cooperative_by_id[where[0]]
        other_district = facts.district_of(other)
        self.elsewhere.append(
            OfficerElsewhere(
                officer_id=officer_id,
                officer_name=officer.name,
                agency=officer.agency,
                cooperative_id=other.id,
                cooperative_name=other.name or other.id,
                kecamatan=other_district,
                kecamatan_name=facts.district_name(other_district),
                role=where[1],
                priority_there=scenario.cooperative_priority(other),
            )
        )
        self.details.append(text.placed_detail(officer, facts.role_name(where[1]), other, same))


def vacancy_reasons(facts: Facts, plan: Plan) -> list[VacancyReason]:
    """A reason for every vacancy of ``plan``, in the plan's order.

    Parameters
    ----------
    facts
        The scenario's facts.
    plan
        A plan of that scenario (its assignments and vacancies are read as given).

    Returns
    -------
    list of VacancyReason
        One per vacancy record of the plan, with its code and sentences.
    """
    state = _PlanState.of(facts, plan)
    return [
        _reason(facts, state, vacancy)
        for vacancy in plan.vacancies
        if vacancy.cooperative_id in facts.coop_index and vacancy.role in facts.role_index
    ]
