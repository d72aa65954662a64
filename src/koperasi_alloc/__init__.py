"""koperasi_alloc: place ASN in Koperasi Desa/Kelurahan Merah Putih, and prove the plan."""

from koperasi_alloc.errors import KoperasiError, Problem, ScenarioError
from koperasi_alloc.scenario import (
    Agency,
    Assignment,
    Cooperative,
    District,
    Education,
    Employment,
    Forbid,
    LocalityTier,
    Lock,
    ObjectivePolicy,
    Officer,
    Policy,
    Role,
    Scenario,
    TravelTime,
    Village,
    VillageKind,
    VillageStatus,
)

__version__ = "0.1.0"

__all__ = [
    "Agency",
    "Assignment",
    "Cooperative",
    "District",
    "Education",
    "Employment",
    "Forbid",
    "KoperasiError",
    "LocalityTier",
    "Lock",
    "ObjectivePolicy",
    "Officer",
    "Policy",
    "Problem",
    "Role",
    "Scenario",
    "ScenarioError",
    "TravelTime",
    "Village",
    "VillageKind",
    "VillageStatus",
    "__version__",
]
