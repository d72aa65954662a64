"""Explanations a planner can defend: shortages before solving, a reason for every
vacancy, every assignment's locality and contribution, the objective per tier and per
kecamatan, and the rules that contradict each other when no plan exists — in English and
Bahasa Indonesia.

>>> from koperasi_alloc.explain import explain, find_conflict  # doctest: +SKIP
>>> print(explain(scenario, plan, lang="id").text())  # doctest: +SKIP
"""

from koperasi_alloc.explain.conflicts import find_conflict
from koperasi_alloc.explain.explanation import Explanation, explain
from koperasi_alloc.explain.records import (
    AgencyCapHit,
    AssignmentExplanation,
    KecamatanBreakdown,
    OfficerElsewhere,
    ReasonCode,
    Sentence,
    Shortage,
    ShortageStatus,
    Table,
    TierBreakdown,
    UnassignedReason,
    VacancyReason,
)

__all__ = [
    "AgencyCapHit",
    "AssignmentExplanation",
    "Explanation",
    "KecamatanBreakdown",
    "OfficerElsewhere",
    "ReasonCode",
    "Sentence",
    "Shortage",
    "ShortageStatus",
    "Table",
    "TierBreakdown",
    "UnassignedReason",
    "VacancyReason",
    "explain",
    "find_conflict",
]

from koperasi_alloc._callable import make_callable

make_callable(__name__, "explain")
