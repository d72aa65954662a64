"""koperasi_alloc: place ASN in Koperasi Desa/Kelurahan Merah Putih, and prove the plan."""

from typing import TYPE_CHECKING

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

if TYPE_CHECKING:  # what the lazy names below resolve to, for type checkers and IDEs
    from koperasi_alloc.check import Violation, check
    from koperasi_alloc.explain import explain
    from koperasi_alloc.plan import Plan, Status
    from koperasi_alloc.planning.compare import compare
    from koperasi_alloc.planning.hires import propose_hires
    from koperasi_alloc.planning.recommend import recommend
    from koperasi_alloc.planning.replan import replan
    from koperasi_alloc.planning.tradeoff import tradeoff
    from koperasi_alloc.solver import Progress, SolveOptions, solve
    from koperasi_alloc.synth import generate

__version__ = "0.1.0"

# The solver and planning functions load OR-Tools; they are imported on first use so that
# ``import koperasi_alloc.check`` (and the data models) never pull OR-Tools in.
_LAZY = {
    "solve": "koperasi_alloc.solver",
    "Progress": "koperasi_alloc.solver",
    "SolveOptions": "koperasi_alloc.solver",
    "check": "koperasi_alloc.check",
    "Violation": "koperasi_alloc.check",
    "explain": "koperasi_alloc.explain",
    "replan": "koperasi_alloc.planning",
    "compare": "koperasi_alloc.planning",
    "recommend": "koperasi_alloc.planning",
    "tradeoff": "koperasi_alloc.planning",
    "propose_hires": "koperasi_alloc.planning",
    "generate": "koperasi_alloc.synth",
    "Plan": "koperasi_alloc.plan",
    "Status": "koperasi_alloc.plan",
}


def __getattr__(name: str) -> object:
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'koperasi_alloc' has no attribute {name!r}")


__all__ = [  # noqa: RUF022 - grouped: functions first, then models
    "solve",
    "check",
    "explain",
    "replan",
    "compare",
    "recommend",
    "tradeoff",
    "propose_hires",
    "generate",
    "Plan",
    "Progress",
    "SolveOptions",
    "Status",
    "Violation",
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
