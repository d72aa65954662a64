"""The hypothetical officers :func:`koperasi_alloc.planning.hires.propose_hires` may hire.

A proposed hire is an ordinary :class:`~koperasi_alloc.scenario.Officer` (so every rule,
and the checker, treats them exactly like existing staff), clearly marked as hypothetical:

- id ``HIRE-<kecamatan>-<role>-<n>``, name ``Usulan PPPK paruh waktu (hipotetis) ...``,
  ``attributes["hypothetical"] = True``;
- work district: the kecamatan they are proposed for; work place (``lat``/``lon``): the
  kecamatan seat; domicile: the village nearest that seat (a hire is placed at kecamatan
  level, so the village tier only ever links them to that one village);
- employment PPPK_PARUH_WAKTU by default, the one skill of the role they are hired for,
  the lowest education that role admits (the policy minimum or the role's, whichever is
  higher), group ``teknis``, one cooperative each, no weekly-hours limit;
- agency ``HIRE-<kecamatan>``, a hypothetical recruitment agency per kecamatan. Its
  release cap is ``per_kecamatan_cap`` (no cap when None), so the library's own
  agency-release rule, in the model and in the checker, enforces the cap.

The pool is "designated": each potential hire is tied to one slot (cooperative, role) and
one kecamatan that can reach it. Since a hire serves one cooperative, any plan with free
hires maps to one with designated hires of the same kecamatan, so nothing is lost, and
the model stays one Boolean per potential hire. Without a per-kecamatan cap only the
kecamatan that reaches a cooperative best (locality points, then travel) is offered: hires
do not interact then, so the best one is always as good as any other.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from koperasi_alloc.candidates import Candidates, build_candidates
from koperasi_alloc.geometry import haversine_km
from koperasi_alloc.plan import Plan
from koperasi_alloc.scenario import (
    Agency,
    District,
    Education,
    Employment,
    Officer,
    Scenario,
    education_rank,
)

__all__ = [
    "HIRE_PREFIX",
    "HirePool",
    "PotentialHire",
    "build_pool",
    "completed",
    "designated",
    "hire_agency",
    "hire_education",
    "hire_officer",
    "hire_rows",
    "is_hire",
]

HIRE_PREFIX = "HIRE-"
"""Id prefix of every hypothetical officer and agency."""

HIRE_GROUP = "teknis"


def is_hire(officer: Officer) -> bool:
    """Whether ``officer`` is a hypothetical hire made by this module."""
    return officer.id.startswith(HIRE_PREFIX) and officer.attributes.get("hypothetical") is True


def hire_education(scenario: Scenario, role: str) -> Education:
    """The lowest education a hire for ``role`` may have: the policy's or the role's."""
    level = scenario.policy.min_education
    minimum = scenario.role_by_code[role].min_education
    if minimum is not None and education_rank(minimum) > education_rank(level):
        level = minimum
    return level


def _seat_village(scenario: Scenario, district: District) -> str | None:
    """The village of ``district`` nearest its seat (the hire's recorded domicile)."""
    villages = [v for v in scenario.villages if v.district == district.code]
    if not villages:
        return None
    lat = np.array([v.lat for v in villages])
    lon = np.array([v.lon for v in villages])
    distance = haversine_km(
        np.full(len(villages), district.lat), np.full(len(villages), district.lon), lat, lon
    )
    return villages[int(np.argmin(distance))].code


def hire_agency(scenario: Scenario, district: District, headcount: int, cap: int | None) -> Agency:
    """The hypothetical recruitment agency of ``district``."""
    return Agency(
        code=f"{HIRE_PREFIX}{district.code}",
        name=f"Usulan PPPK (hipotetis) Kec. {district.name}",
        headcount=headcount,
        max_release=None if cap is None else min(cap, headcount),
        attributes={"hypothetical": True},
    )


def hire_officer(
    scenario: Scenario,
    officer_id: str,
    district: District,
    domicile: str,
    role: str,
    employment: Employment,
) -> Officer:
    """One hypothetical hire for ``role`` in ``district`` (see the module docstring)."""
    role_name = scenario.role_by_code[role].name
    return Officer(
        id=officer_id,
        name=f"Usulan PPPK paruh waktu (hipotetis) Kec. {district.name}, {role_name}",
        employment=employment,
        agency=f"{HIRE_PREFIX}{district.code}",
        domicile=domicile,
        work_district=district.code,
        lat=district.lat,
        lon=district.lon,
        education=hire_education(scenario, role),
        skills=[role],
        group=HIRE_GROUP,
        max_cooperatives=1,
        attributes={"hypothetical": True, "kecamatan": district.code, "role": role},
    )


@dataclass(frozen=True)
class PotentialHire:
    """One potential hire of the pool: its kecamatan and the slot it is designated for."""

    officer_id: str
    district: str
    cooperative: str
    role: str


@dataclass(frozen=True)
class HirePool:
    """The scenario extended with every potential hire, and what each is designated for."""

    scenario: Scenario
    hires: dict[str, PotentialHire]


def _probe_scenario(scenario: Scenario, employment: Employment) -> tuple[Scenario, dict[str, str]]:
    """The scenario plus one probe hire per kecamatan with every skill (to learn reach)."""
    top = max((hire_education(scenario, r.code) for r in scenario.roles), key=education_rank)
    probes: list[Officer] = []
    agencies: list[Agency] = []
    probe_district: dict[str, str] = {}
    for district in scenario.districts:
        domicile = _seat_village(scenario, district)
        if domicile is None or not scenario.roles:
            continue
        officer = hire_officer(
            scenario,
            f"{HIRE_PREFIX}probe-{district.code}",
            district,
            domicile,
            scenario.roles[0].code,
            employment,
        )
        officer = officer.model_copy(
            update={"skills": [r.code for r in scenario.roles], "education": top}
        )
        probes.append(officer)
        agencies.append(hire_agency(scenario, district, 1, None))
        probe_district[officer.id] = district.code
    extended = scenario.model_copy(
        update={
            "officers": [*scenario.officers, *probes],
            "agencies": [*scenario.agencies, *agencies],
        }
    )
    return Scenario.model_validate(extended.model_dump()), probe_district


def build_pool(
    scenario: Scenario, *, per_kecamatan_cap: int | None, employment: Employment
) -> HirePool:
    """Every potential hire that could fill an eligible slot, designated per slot.

    Parameters
    ----------
    scenario
        The scenario of existing staff.
    per_kecamatan_cap
        Most hires per kecamatan (None: no cap); decides whether every reaching kecamatan
        or only the best one is offered per slot.
    employment
        Employment kind of the hires.
    """
    probe, probe_district = _probe_scenario(scenario, employment)
    candidates = build_candidates(probe)
    n_existing = len(scenario.officers)
    is_probe = candidates.officer >= n_existing
    rows = np.flatnonzero(is_probe)
    # best kecamatan first: most locality points, then least travel, then kecamatan order
    order = np.lexsort(
        (
            candidates.officer[rows],
            candidates.travel_minutes[rows],
            -candidates.locality_weight[rows],
        )
    )
    rows = rows[order]
    offered: dict[tuple[int, int], list[int]] = {}
    for row in rows.tolist():
        key = (int(candidates.cooperative[row]), int(candidates.role[row]))
        probes = offered.setdefault(key, [])
        if per_kecamatan_cap is None and probes:
            continue
        probes.append(int(candidates.officer[row]))

    by_code = scenario.district_by_code
    hires: dict[str, PotentialHire] = {}
    officers: list[Officer] = []
    per_district: dict[str, int] = {}
    for (c, r), probe_rows in sorted(offered.items()):
        cooperative = scenario.cooperatives[c]
        role = candidates.role_codes[r]
        for probe_index in probe_rows:
            prober = probe.officers[probe_index]
            district = by_code[probe_district[prober.id]]
            for _ in range(int(candidates.demand[c, r])):
                number = per_district.get(district.code, 0) + 1
                per_district[district.code] = number
                officer_id = f"{HIRE_PREFIX}{district.code}-pool-{number}"
                officers.append(
                    hire_officer(scenario, officer_id, district, prober.domicile, role, employment)
                )
                hires[officer_id] = PotentialHire(officer_id, district.code, cooperative.id, role)
    agencies = [
        hire_agency(scenario, by_code[code], count, per_kecamatan_cap)
        for code, count in per_district.items()
    ]
    extended = scenario.model_copy(
        update={
            "officers": [*scenario.officers, *officers],
            "agencies": [*scenario.agencies, *agencies],
        }
    )
    return HirePool(Scenario.model_validate(extended.model_dump()), hires)


def hire_rows(pool: HirePool, candidates: Candidates) -> NDArray[np.bool_]:
    """Which candidate rows belong to hires."""
    n_existing = len(pool.scenario.officers) - len(pool.hires)
    return candidates.officer >= n_existing


def designated(pool: HirePool, candidates: Candidates) -> Candidates:
    """The candidates with each potential hire restricted to its designated slot."""
    scenario = pool.scenario
    n_existing = len(scenario.officers) - len(pool.hires)
    keep = candidates.officer < n_existing
    coop_ids = [c.id for c in scenario.cooperatives]
    for row in np.flatnonzero(~keep).tolist():
        hire = pool.hires[scenario.officers[int(candidates.officer[row])].id]
        keep[row] = (
            coop_ids[int(candidates.cooperative[row])] == hire.cooperative
            and candidates.role_codes[int(candidates.role[row])] == hire.role
        )
    return candidates.subset(keep)


def completed(
    pool: HirePool,
    candidates: Candidates,
    before: Plan,
    max_hires: int | None,
    per_kecamatan_cap: int | None,
) -> NDArray[np.bool_]:
    """The plan without hires, completed greedily with one hire per slot it leaves empty.

    ``before`` must be a valid plan of the existing staff. A feasible start for the
    coverage stage (hires only add assignments, within every slot, cooperative
    and kecamatan limit), and usually close to the fewest hires.
    """
    scenario = pool.scenario
    chosen = np.zeros(len(candidates), dtype=bool)
    chosen[candidates.rows_of(before.assignments)] = True
    n_roles = max(len(candidates.role_codes), 1)
    filled_slot = Counter((candidates.cooperative * n_roles + candidates.role)[chosen].tolist())
    filled_coop = Counter(candidates.cooperative[chosen].tolist())
    per_district: Counter[str] = Counter()
    budget = max_hires if max_hires is not None else len(pool.hires)
    capacity = [scenario.cooperative_capacity(c) for c in scenario.cooperatives]
    offered = np.flatnonzero(hire_rows(pool, candidates))
    # best-reaching kecamatan first, as the pool offers them
    for row in offered[np.argsort(-candidates.locality_weight[offered], kind="stable")]:
        c, r = int(candidates.cooperative[row]), int(candidates.role[row])
        hire = pool.hires[scenario.officers[int(candidates.officer[row])].id]
        slot = c * n_roles + r
        if (
            budget <= 0
            or filled_slot[slot] >= candidates.demand[c, r]
            or filled_coop[c] >= capacity[c]
            or (per_kecamatan_cap is not None and per_district[hire.district] >= per_kecamatan_cap)
        ):
            continue
        chosen[row] = True
        filled_slot[slot] += 1
        filled_coop[c] += 1
        per_district[hire.district] += 1
        budget -= 1
    return chosen
