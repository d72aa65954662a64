"""Eligibility rule: which officers may be placed at all, which cooperatives may receive
officers, and which roles each officer may fill (skills and education)."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from koperasi_alloc.scenario import Scenario, education_rank

__all__ = ["cooperative_role_demand", "officer_mask", "officer_role_matrix"]


def officer_mask(scenario: Scenario) -> NDArray[np.bool_]:
    """Officers who may be placed at all (available, group, employment, education)."""
    policy = scenario.policy
    excluded = set(policy.excluded_groups)
    allowed = set(policy.allowed_employment)
    minimum = education_rank(policy.min_education)
    return np.fromiter(
        (
            o.available
            and o.group not in excluded
            and o.employment in allowed
            and education_rank(o.education) >= minimum
            for o in scenario.officers
        ),
        dtype=bool,
        count=len(scenario.officers),
    )


def officer_role_matrix(scenario: Scenario, role_index: dict[str, int]) -> NDArray[np.bool_]:
    """Officers x roles: the officer has the skill and the role's minimum education."""
    matrix = np.zeros((len(scenario.officers), len(role_index)), dtype=bool)
    role_minimum = {
        r.code: (education_rank(r.min_education) if r.min_education is not None else -1)
        for r in scenario.roles
    }
    for i, officer in enumerate(scenario.officers):
        rank = education_rank(officer.education)
        for skill in officer.skills:
            if rank >= role_minimum[skill]:
                matrix[i, role_index[skill]] = True
    return matrix


def cooperative_role_demand(scenario: Scenario, role_index: dict[str, int]) -> NDArray[np.int32]:
    """Cooperatives x roles: slots demanded, zero for cooperatives that may not receive."""
    demand = np.zeros((len(scenario.cooperatives), len(role_index)), dtype=np.int32)
    legal_only = scenario.policy.legal_entity_only
    for j, cooperative in enumerate(scenario.cooperatives):
        if legal_only and not cooperative.legal_entity:
            continue
        for role, count in cooperative.demand.items():
            demand[j, role_index[role]] = count
    return demand
