"""The scenario: everything a plan is made from, as frozen pydantic v2 models.

A :class:`Scenario` holds the kecamatan (:class:`District`), desa/kelurahan
(:class:`Village`), cooperatives, officers (ASN), roles, agencies (OPD), the
:class:`Policy`, locks and forbids, and optional adjacency, travel times and a
baseline plan. Constructing one validates every cross-reference at once; a
scenario that exists is consistent.

Field names here are the public contract that apps and notebooks rely on. The modules,
lowest first: ``codes`` (enumerations, code shapes), ``records``, ``policy``,
``problems`` (cross-record validation), ``model`` (:class:`Scenario`), ``edits``
(immutable what-if edits).
"""

from koperasi_alloc.scenario.codes import (
    DISTRICT_CODE,
    EDUCATION_ORDER,
    LOCALITY_ORDER,
    TIER_SENSE,
    VILLAGE_CODE,
    Education,
    Employment,
    LocalityTier,
    TierName,
    VillageKind,
    VillageStatus,
    education_rank,
    kabupaten_of,
)
from koperasi_alloc.scenario.model import Scenario, parse_scenario
from koperasi_alloc.scenario.policy import ObjectivePolicy, Policy
from koperasi_alloc.scenario.problems import find_problems
from koperasi_alloc.scenario.records import (
    Agency,
    Assignment,
    Cooperative,
    District,
    Forbid,
    Lock,
    Officer,
    Record,
    Role,
    TravelTime,
    Village,
)

__all__ = [
    "DISTRICT_CODE",
    "EDUCATION_ORDER",
    "LOCALITY_ORDER",
    "TIER_SENSE",
    "VILLAGE_CODE",
    "Agency",
    "Assignment",
    "Cooperative",
    "District",
    "Education",
    "Employment",
    "Forbid",
    "LocalityTier",
    "Lock",
    "ObjectivePolicy",
    "Officer",
    "Policy",
    "Record",
    "Role",
    "Scenario",
    "TierName",
    "TravelTime",
    "Village",
    "VillageKind",
    "VillageStatus",
    "education_rank",
    "find_problems",
    "kabupaten_of",
    "parse_scenario",
]
