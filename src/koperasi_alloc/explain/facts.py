"""What every part of an explanation looks up: candidates, indices, names and eligibility."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
from numpy.typing import NDArray

from koperasi_alloc.candidates import Candidates, build_candidates, unreachable_locks
from koperasi_alloc.candidates.eligibility import officer_mask, officer_role_matrix
from koperasi_alloc.candidates.locality import GeoIndex
from koperasi_alloc.errors import ScenarioError
from koperasi_alloc.scenario import Cooperative, Officer, Scenario

__all__ = ["Facts"]


@dataclass
class Facts:
    """Indices of one scenario and its candidates, built once per explanation.

    When a lock names a pair that no locality tier links, :func:`build_candidates` raises;
    the facts are then built without the locks and ``unreachable_locks`` says which ones.
    """

    scenario: Scenario
    candidates: Candidates
    geo: GeoIndex
    eligible: NDArray[np.bool_]  # officers: may be placed at all
    role_ok: NDArray[np.bool_]  # officers x roles: skill and role education
    unreachable_locks: list[int] = field(default_factory=list)
    officer_index: dict[str, int] = field(default_factory=dict)
    coop_index: dict[str, int] = field(default_factory=dict)
    role_index: dict[str, int] = field(default_factory=dict)

    @classmethod
    def build(cls, scenario: Scenario) -> Facts:
        """Index ``scenario`` (candidates included)."""
        unreachable: list[int] = []
        try:
            candidates = build_candidates(scenario)
        except ScenarioError:
            candidates = build_candidates(scenario.model_copy(update={"locks": []}))
            unreachable = unreachable_locks(scenario, candidates)
        role_index = {code: i for i, code in enumerate(candidates.role_codes)}
        return cls(
            scenario=scenario,
            candidates=candidates,
            geo=GeoIndex.build(scenario),
            eligible=officer_mask(scenario),
            role_ok=officer_role_matrix(scenario, role_index),
            unreachable_locks=unreachable,
            officer_index={o.id: i for i, o in enumerate(scenario.officers)},
            coop_index={c.id: i for i, c in enumerate(scenario.cooperatives)},
            role_index=role_index,
        )

    # --- names -------------------------------------------------------------------------------

    def district_of(self, cooperative: Cooperative) -> str:
        """Kecamatan code of a cooperative."""
        return self.scenario.village_by_code[cooperative.village].district

    def district_name(self, code: str) -> str:
        """Kecamatan name."""
        district = self.scenario.district_by_code.get(code)
        return district.name if district is not None else code

    def role_name(self, code: str) -> str:
        """Role name as a planner says it (the scenario's name, lower case)."""
        role = self.scenario.role_by_code.get(code)
        return role.name.lower() if role is not None else code

    def agency_name(self, code: str) -> str:
        """Agency name."""
        agency = self.scenario.agency_by_code.get(code)
        return agency.name if agency is not None else code

    def may_receive(self, cooperative: Cooperative) -> bool:
        """Whether the cooperative may receive officers under the policy."""
        return cooperative.legal_entity or not self.scenario.policy.legal_entity_only

    def officer(self, officer_id: str) -> Officer:
        """Officer by id."""
        return self.scenario.officer_by_id[officer_id]

    # --- geometry ----------------------------------------------------------------------------

    def distances_to(
        self, cooperative: Cooperative, officers: NDArray[np.int64]
    ) -> NDArray[np.float64]:
        """Straight-line km from the given officers' positions to the nearest village the
        cooperative serves (its main village and ``other_villages``)."""
        from koperasi_alloc.geometry import haversine_km

        nearest = np.full(len(officers), np.inf)
        for code in cooperative.served_villages:
            target = self.scenario.village_by_code[code]
            km = haversine_km(
                self.geo.officer_lat[officers],
                self.geo.officer_lon[officers],
                np.full(len(officers), target.lat),
                np.full(len(officers), target.lon),
            )
            nearest = np.minimum(nearest, km)
        return nearest

    @cached_property
    def _slot_index(self) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
        """Candidate rows grouped by slot, their group starts and each group's slot key."""
        cand = self.candidates
        order, starts = cand.groups("slot")
        n_roles = max(len(cand.role_codes), 1)
        keys = (cand.cooperative * n_roles + cand.role)[order[starts[:-1]]]
        return order, starts, keys.astype(np.int64)

    def slot_rows(self, cooperative: int, role: int) -> NDArray[np.int64]:
        """Candidate rows of one (cooperative, role) slot, ascending (a look-up in an index
        built once: a national explanation asks for tens of thousands of slots)."""
        order, starts, keys = self._slot_index
        key = cooperative * max(len(self.candidates.role_codes), 1) + role
        at = int(np.searchsorted(keys, key))
        if at == len(keys) or keys[at] != key:
            return np.zeros(0, dtype=np.int64)
        return np.sort(order[starts[at] : starts[at + 1]]).astype(np.int64)
