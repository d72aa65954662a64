"""Forbid rule: pairs (or triples) the planner ruled out never become candidates."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from koperasi_alloc.scenario import Scenario

__all__ = ["forbidden_mask"]


def forbidden_mask(
    scenario: Scenario,
    officer: NDArray[np.int64],
    cooperative: NDArray[np.int64],
    role: NDArray[np.int64],
    role_index: dict[str, int],
) -> NDArray[np.bool_]:
    """Candidates that a forbid rules out."""
    mask = np.zeros(len(officer), dtype=bool)
    if not scenario.forbids:
        return mask
    officer_index = {o.id: i for i, o in enumerate(scenario.officers)}
    coop_index = {c.id: i for i, c in enumerate(scenario.cooperatives)}
    n_coops = len(scenario.cooperatives)
    n_roles = max(len(role_index), 1)
    pair_keys = officer * n_coops + cooperative
    triple_keys = pair_keys * n_roles + role
    whole_pairs = [
        officer_index[f.officer] * n_coops + coop_index[f.cooperative]
        for f in scenario.forbids
        if f.role is None
    ]
    triples = [
        (officer_index[f.officer] * n_coops + coop_index[f.cooperative]) * n_roles
        + role_index[f.role]
        for f in scenario.forbids
        if f.role is not None
    ]
    if whole_pairs:
        mask |= np.isin(pair_keys, np.array(whole_pairs, dtype=np.int64))
    if triples:
        mask |= np.isin(triple_keys, np.array(triples, dtype=np.int64))
    return mask
